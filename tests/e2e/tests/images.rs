//! Pictures on cards, in the real app: a screenshot dropped on an empty
//! cell becomes a new card holding it, one dropped on a card becomes that
//! card's picture; both are re-encoded (at most 2,048 px a side), drawn on
//! the canvas, undone in one step, and printed sharp in the PDF poster
//! (`pdfimages` finds them at their stored size).

use std::path::Path;
use std::time::Duration;

use fantoccini::key::Key;
use travesia_core::Map;
use travesia_e2e::Started;

/// A PNG of `w` × `h` pixels with a pattern (so it is not a flat colour).
fn png_file(path: &Path, w: u32, h: u32) {
    let file = std::fs::File::create(path).unwrap();
    let mut enc = png::Encoder::new(std::io::BufWriter::new(file), w, h);
    enc.set_color(png::ColorType::Rgb);
    let mut writer = enc.write_header().unwrap();
    let px: Vec<u8> = (0..w * h)
        .flat_map(|i| {
            let (x, y) = (i % w, i / w);
            [(x / 40 % 2 * 200) as u8, 90, (y / 40 % 2 * 200) as u8]
        })
        .collect();
    writer.write_image_data(&px).unwrap();
}

/// The pictures of a PDF as `pdfimages -list` (poppler) reads them: width,
/// height and horizontal pixels an inch of each; and the whole list.
fn pdf_images(pdf: &Path) -> (Vec<(f32, f32, u32)>, String) {
    let out = std::process::Command::new("pdfimages")
        .args(["-list", pdf.to_str().unwrap()])
        .output()
        .expect("pdfimages (poppler-utils) runs");
    let list = String::from_utf8_lossy(&out.stdout).to_string();
    let images = list
        .lines()
        .skip(2)
        .filter_map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            Some((
                f.get(3)?.parse().ok()?,
                f.get(4)?.parse().ok()?,
                f.get(12)?.parse().ok()?,
            ))
        })
        .collect();
    (images, list)
}

/// The width and height of a data URI's PNG or JPEG.
fn size_of(uri: &str) -> (u32, u32) {
    travesia_core::validate::picture_size(uri).expect("a picture whose size reads")
}

#[tokio::test(flavor = "current_thread")]
async fn pictures_dropped_on_a_cell_and_a_card_are_drawn_undone_and_printed_sharp() {
    let dir = tempfile::tempdir().unwrap();
    let started = Started::on_template(dir.path(), "three-stages.es.travesia").await;
    let (app, db, id) = (&started.app, &started.db, &started.id);
    let load = || -> Map { travesia_store::Library::open(db).unwrap().load(id).unwrap() };
    app.client.set_window_rect(0, 0, 1440, 900).await.ok();
    app.open_map(id).await;
    app.zoom_100().await;
    let before = load();
    // An empty cell of a lane of cards.
    let (stage, lane) = before
        .stages
        .iter()
        .flat_map(|s| before.lanes.iter().map(move |l| (s, l)))
        .find(|(s, l)| {
            l.kind.spec().drawing == travesia_core::Drawing::Cards
                && before.cell_cards(&s.id, &l.id).next().is_none()
        })
        .map(|(s, l)| (s.id.clone(), l.id.clone()))
        .expect("an empty cell");
    let shot = dir.path().join("captura de la web.png");
    png_file(&shot, 3000, 1500);
    let cell = app
        .find(&format!(
            "[data-testid=canvas] [data-cell='{stage}:{lane}']"
        ))
        .await;
    let (x, y, w, h) = app.rect(&cell).await;
    travesia_e2e::drop_file(db, &shot, x + w / 2.0, y + h / 2.0);
    let mut made = None;
    for _ in 0..100 {
        made = load()
            .cell_cards(&stage, &lane)
            .next()
            .and_then(|c| c.image.clone().map(|i| (c.id.clone(), i)));
        if made.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let (card, image) = made.expect("a new card holds the dropped picture");
    assert_eq!(
        size_of(&image),
        (2048, 1024),
        "re-encoded at most 2,048 px a side"
    );
    assert_eq!(load().cards.len(), before.cards.len() + 1);
    // Drawn in the card's group on the canvas.
    app.wait_until(
        &format!("return (window.__travesiaTiles.painted('{card}')?.pictures ?? 0) > 0"),
        "the picture on the canvas",
        Duration::from_secs(10),
    )
    .await;

    // Dropped on a card that has words: its picture, above them.
    let other = before
        .cards
        .iter()
        .find(|c| {
            before
                .lane(&c.lane)
                .is_some_and(|l| l.kind.spec().drawing == travesia_core::Drawing::Cards)
        })
        .unwrap()
        .id
        .clone();
    let sketch = dir.path().join("boceto.png");
    png_file(&sketch, 600, 800);
    let el = app
        .find(&format!(
            "[data-testid=canvas] .hits [data-card-id='{other}']"
        ))
        .await;
    let (x, y, w, h) = app.rect(&el).await;
    travesia_e2e::drop_file(db, &sketch, x + w / 2.0, y + h / 2.0);
    let mut got = None;
    for _ in 0..100 {
        got = load().card(&other).and_then(|c| c.image.clone());
        if got.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(size_of(&got.expect("the card's picture")), (600, 800));
    app.settle().await;
    app.screenshot("images-dropped").await;

    // The poster prints both at the size they are stored.
    let pdf = dir.path().join("con-imagenes.pdf");
    started.export(None, "pdf", &pdf).await;
    // Each picture at print resolution (300 pixels an inch or more where it
    // is printed), in its own shape: 2:1 and 3:4.
    let (images, list) = pdf_images(&pdf);
    assert_eq!(images.len(), 2, "{list}");
    for ratio in [2.0, 0.75] {
        assert!(
            images
                .iter()
                .any(|(w, h, ppi)| (w / h - ratio).abs() < 0.01 && *ppi >= 300),
            "a picture {ratio}:1 at 300 ppi or more: {list}"
        );
    }
    app.find("[data-testid=export-close]")
        .await
        .click()
        .await
        .unwrap();
    app.settle().await;

    // One undo takes the last picture off; one more takes the new card away.
    app.js("document.activeElement?.blur(); return 1").await;
    app.keys(&[Key::Control], 'z').await;
    app.keys(&[Key::Control], 'z').await;
    let mut back = load();
    for _ in 0..100 {
        back = load();
        if back.cards == before.cards {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(back.cards, before.cards, "two undos give the map back");
    app.assert_no_page_errors().await;
    started.app.quit().await;
}

#[tokio::test(flavor = "current_thread")]
async fn a_lane_of_pictures_asks_for_a_picture_for_each_new_card_and_prints_it_with_its_caption() {
    let dir = tempfile::tempdir().unwrap();
    let started = Started::on_template(dir.path(), "three-stages.es.travesia").await;
    let (app, db, id) = (&started.app, &started.db, &started.id);
    let load = || -> Map { travesia_store::Library::open(db).unwrap().load(id).unwrap() };
    app.client.set_window_rect(0, 0, 1440, 900).await.ok();
    app.open_map(id).await;
    let before = load();

    // The toolbar's Lane button, "Imágenes": a lane at the end, named on the canvas.
    app.find("[data-testid=add-lane]")
        .await
        .click()
        .await
        .unwrap();
    app.find("[data-testid='lane-kind-images']")
        .await
        .click()
        .await
        .unwrap();
    app.settle().await;
    let field = app.find("[data-testid=rename-field]").await;
    field.send_keys("Fotos de la tienda").await.unwrap();
    field
        .send_keys(&char::from(Key::Enter).to_string())
        .await
        .unwrap();
    app.settle().await;
    let lane = load().lanes.last().unwrap().clone();
    assert_eq!(lane.kind, travesia_core::LaneKind::Images);
    assert_eq!(lane.title, "Fotos de la tienda");
    let stage = before.stages[1].id.clone();

    // The cell's "+" asks for a picture (the native dialog, scripted here),
    // and a new card holds it: one edit, no text editor in the way.
    let photo = dir.path().join("escaparate.png");
    png_file(&photo, 1200, 800);
    let cell = app
        .find(&format!(
            "[data-testid=canvas] [data-cell='{stage}:{}']",
            lane.id
        ))
        .await;
    let at = app.move_to(&cell, 0.0, 0.0).await;
    app.pointer(vec![at, travesia_e2e::down(), travesia_e2e::up()])
        .await;
    app.settle().await;
    let plus = app.find("[data-testid=add-card-here]").await;
    assert_eq!(
        plus.attr("aria-label").await.unwrap().as_deref(),
        Some("Añadir una imagen a esta celda")
    );
    started.answers.next(Some(&photo));
    plus.click().await.unwrap();
    let mut made = None;
    for _ in 0..100 {
        made = load()
            .cell_cards(&stage, &lane.id)
            .next()
            .and_then(|c| c.image.clone().map(|i| (c.id.clone(), i)));
        if made.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let (card, image) = made.expect("a new card holds the chosen picture");
    assert_eq!(size_of(&image), (1200, 800));
    assert_eq!(app.count("[data-testid=card-editor]").await, 0);
    app.settle().await;

    // Its caption is written as any card's text: Enter on the chosen card opens it.
    app.js("document.querySelector('[data-testid=canvas]').focus(); return 1")
        .await;
    app.keys(&[], char::from(Key::Enter)).await;
    let editor = app
        .wait_for("[data-testid=card-editor]", Duration::from_secs(5))
        .await;
    editor
        .send_keys("Escaparate de enero, con rebajas")
        .await
        .unwrap();
    app.keys(&[], char::from(Key::Escape)).await;
    app.settle().await;
    let mut caption = None;
    for _ in 0..50 {
        caption = load().card(&card).map(|c| c.text.clone());
        if caption.as_deref() != Some("") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    app.screenshot("images-lane-caption").await;
    assert_eq!(caption.as_deref(), Some("Escaparate de enero, con rebajas"));
    app.wait_until(
        &format!("return (window.__travesiaTiles.painted('{card}')?.pictures ?? 0) > 0"),
        "the picture on the canvas",
        Duration::from_secs(10),
    )
    .await;
    app.screenshot("images-lane").await;

    // Printed: the picture at print resolution, the caption and the lane's name as text.
    let pdf = dir.path().join("fotos.pdf");
    started.export(None, "pdf", &pdf).await;
    // In its shape (3:2), at 300 pixels an inch or more where it is printed.
    let (images, list) = pdf_images(&pdf);
    assert!(
        images
            .iter()
            .any(|(w, h, ppi)| (w / h - 1.5).abs() < 0.01 && *ppi >= 300),
        "{list}"
    );
    let text = std::process::Command::new("pdftotext")
        .args([pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext runs");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("Escaparate de enero"), "{text}");
    assert!(text.contains("Fotos de la tienda"), "{text}");
    app.assert_no_page_errors().await;
    started.app.quit().await;
}
