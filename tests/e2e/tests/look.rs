//! The map in the presenter's colours: a palette chosen in the map's
//! inspector dresses every stage and lane and the accent in one edit (one
//! undo takes it all back), the canvas shows it, and the poster exported
//! from the dialog prints it.

use std::time::Duration;

use fantoccini::key::Key;
use travesia_e2e::{decode_png, Started};

/// How many pixels of an RGBA image are exactly `rgb`.
fn pixels_of(px: &[u8], rgb: [u8; 3]) -> usize {
    px.chunks(4).filter(|p| p[..3] == rgb).count()
}

/// No palette is the one worn: the template's colours are its own.
const OWN_LOOK: &str =
    "return document.querySelectorAll('[data-testid^=palette-][aria-pressed=true]').length === 0";

fn pressed(id: &str) -> String {
    format!("return document.querySelector('[data-testid=palette-{id}]')?.getAttribute('aria-pressed') === 'true'")
}

#[tokio::test(flavor = "current_thread")]
async fn a_palette_chosen_in_the_app_dresses_the_canvas_and_the_poster() {
    let dir = tempfile::tempdir().unwrap();
    let started = Started::on_template(dir.path(), "three-stages.es.travesia").await;
    let (app, db, id) = (&started.app, &started.db, &started.id);
    let load = || travesia_store::Library::open(db).unwrap().load(id).unwrap();
    app.open_map(id).await;
    app.zoom_100().await;
    let before = load();
    assert!(before
        .theme
        .as_ref()
        .and_then(|t| t.accent.as_ref())
        .is_none());

    // Nothing chosen on the canvas: the inspector shows the map, and its look.
    app.js("document.querySelector('[data-testid=palette-forest]').scrollIntoView({block: 'center'}); return 1")
        .await;
    app.find("[data-testid=palette-forest]").await;
    app.wait_until(OWN_LOOK, "the template's own look", Duration::from_secs(10))
        .await;
    app.find("[data-testid=palette-forest]")
        .await
        .click()
        .await
        .unwrap();
    app.wait_until(
        &pressed("forest"),
        "the palette is chosen",
        Duration::from_secs(10),
    )
    .await;
    let dressed = load();
    let accent = dressed.theme.as_ref().and_then(|t| t.accent.clone());
    assert_eq!(accent.as_deref(), Some("#1B4332"));
    assert!(dressed.stages.iter().all(|s| s.color.is_some()));
    assert!(dressed.lanes.iter().all(|l| l.color.is_some()));
    assert_eq!(dressed.cards, before.cards, "only colours change");
    app.settle().await;
    // The canvas's header band is drawn in the accent.
    let shot = app.screenshot("look-palette").await;
    let (_, _, screen) = decode_png(&shot);
    assert!(
        pixels_of(&screen, [0x1B, 0x43, 0x32]) > 5_000,
        "the accent fills the canvas's header"
    );

    // One undo takes all of it back; redo puts it again.
    app.js("document.activeElement?.blur(); return 1").await;
    app.keys(&[Key::Control], 'z').await;
    app.wait_until(
        OWN_LOOK,
        "one undo takes the palette back",
        Duration::from_secs(10),
    )
    .await;
    let undone = load();
    assert_eq!(undone.stages, before.stages);
    assert_eq!(undone.lanes, before.lanes);
    assert!(undone
        .theme
        .as_ref()
        .and_then(|t| t.accent.as_ref())
        .is_none());
    app.keys(&[Key::Control, Key::Shift], 'z').await;
    app.wait_until(
        &pressed("forest"),
        "redo dresses it again",
        Duration::from_secs(10),
    )
    .await;

    // The poster, as the export dialog writes it, prints the accent.
    let poster = dir.path().join("cartel.png");
    started.export(Some("A4"), "png", &poster).await;
    let (_, _, printed) = decode_png(&std::fs::read(&poster).unwrap());
    assert!(
        pixels_of(&printed, [0x1B, 0x43, 0x32]) > 5_000,
        "the accent fills the poster's header"
    );
    app.assert_no_page_errors().await;
    started.app.quit().await;
}

#[tokio::test(flavor = "current_thread")]
async fn chinese_japanese_and_korean_cards_are_drawn_from_the_bundled_font() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("library.sqlite3");
    let mut m = travesia_core::templates::load("three-stages", "es").unwrap();
    m.cards[0].text = "顾客在网上比较价格".into();
    m.cards[1].text = "カスタマージャーニー".into();
    m.cards[2].text = "고객 여정 지도".into();
    m.cards[3].text = "מסע הלקוח בחנות: משווה מחירים באינטרנט ואחר כך מגיע לחנות".into();
    let file = dir.path().join("cjk.travesia");
    let doc = travesia_core::format::Document {
        map: m,
        extra: Default::default(),
    };
    std::fs::write(&file, travesia_core::format::to_string(&doc)).unwrap();
    let id = travesia_e2e::import_map(&db, &file);
    let app = travesia_e2e::App::start(&db).await;
    app.open_map(&id).await;
    app.zoom_100().await;
    app.js("return document.fonts.ready.then(() => true)").await;
    // The fallback is fetched for the characters on the page, and has them.
    let loaded = app
        .js("return document.fonts.load(\"13px 'Droid Sans Fallback'\", '顾ジ고').then((f) => f.length > 0 && document.fonts.check(\"13px 'Droid Sans Fallback'\", '顾ジ고'))")
        .await;
    assert_eq!(loaded, serde_json::Value::Bool(true));
    let shown = app.canvas_text().await;
    // Lines are cut where the font changes (a space is Inter's): compared without spaces.
    let shown: String = shown.chars().filter(|c| !c.is_whitespace()).collect();
    for t in ["顾客在网上比较价格", "カスタマージャーニー", "고객여정지도"]
    {
        assert!(shown.contains(t), "{t} on the canvas");
    }
    app.settle().await;
    app.screenshot("cjk-rtl-canvas").await;
    app.assert_no_page_errors().await;
    app.quit().await;
}

#[tokio::test(flavor = "current_thread")]
async fn a_logo_the_company_compact_density_and_a_footer_reach_the_pdf_and_the_png() {
    let dir = tempfile::tempdir().unwrap();
    let started = Started::on_template(dir.path(), "three-stages.es.travesia").await;
    let (app, db, id) = (&started.app, &started.db, &started.id);
    let load = || travesia_store::Library::open(db).unwrap().load(id).unwrap();
    app.open_map(id).await;
    app.zoom_100().await;
    let comfortable = app
        .js("return Number(document.querySelector('svg.scene').getAttribute('height'))")
        .await;

    // The accent, then a logo from an SVG file (drawn to a picture by Rust).
    app.click_in_view("[data-testid=palette-sunset]").await;
    app.wait_until(
        &pressed("sunset"),
        "the palette is chosen",
        Duration::from_secs(10),
    )
    .await;
    let accent = load().theme.and_then(|t| t.accent).unwrap();
    let logo = dir.path().join("logo.svg");
    std::fs::write(
        &logo,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="300" height="100">
<rect x="4" y="14" width="72" height="72" rx="18" fill="#E8590C"/>
<rect x="100" y="34" width="190" height="32" rx="6" fill="#1F3A60"/>
<image href="file:///etc/hostname" x="0" y="0" width="300" height="100"/>
</svg>"##,
    )
    .unwrap();
    started.answers.next(Some(&logo));
    app.click_in_view("[data-testid=look-pick-logo]").await;
    app.wait_for("[data-testid=look-logo]", Duration::from_secs(20))
        .await;
    // The company's name, typed; compact density; a footer.
    app.js("const i = document.querySelector('[data-testid=look-company]'); i.scrollIntoView({block: 'center'}); i.focus(); return 1")
        .await;
    app.find("[data-testid=look-company]")
        .await
        .send_keys("Ñandú Muebles S.L.")
        .await
        .unwrap();
    app.keys(&[], char::from(Key::Enter)).await;
    // Each choice once the one before is shown (each is one edit).
    let company_kept = || async {
        load().theme.and_then(|t| t.company).as_deref() == Some("Ñandú Muebles S.L.")
    };
    for _ in 0..100 {
        if company_kept().await {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    for (choice, shown) in [
        ("density-compact", "getAttribute('aria-pressed') === 'true'"),
        ("footer-company", "checked === true"),
        ("footer-confidential", "checked === true"),
        ("font-serif", "getAttribute('aria-pressed') === 'true'"),
    ] {
        app.click_in_view(&format!("[data-testid={choice}]")).await;
        app.wait_until(
            &format!("return document.querySelector('[data-testid={choice}]')?.{shown}"),
            choice,
            Duration::from_secs(10),
        )
        .await;
    }
    // Every choice is stored before the library is read.
    app.settle().await;
    let theme = load().theme.unwrap();
    assert_eq!(theme.company.as_deref(), Some("Ñandú Muebles S.L."));
    assert_eq!(theme.density.as_deref(), Some("compact"));
    assert_eq!(
        theme.footer,
        Some(vec!["company".to_string(), "confidential".to_string()])
    );
    assert_eq!(theme.font.as_deref(), Some("serif"));
    let stored = theme.logo.expect("the logo is kept");
    assert!(
        stored.starts_with("data:image/png;base64,"),
        "a PNG, never the SVG"
    );
    assert_eq!(
        travesia_core::validate::picture_size(&stored),
        Some((1024, 341))
    );
    // The canvas is set in Source Serif 4, which the webview has loaded.
    app.wait_until(
        "return document.fonts.check(\"700 32px 'Source Serif 4'\") && window.__travesiaTiles.lines().some((l) => /^\\d+ [\\d.]+px 'Source Serif 4', /.test(l.font))",
        "the canvas is drawn in Source Serif 4",
        Duration::from_secs(10),
    )
    .await;
    app.settle().await;
    app.screenshot("look-brand").await;
    let compact = app
        .js("return Number(document.querySelector('svg.scene').getAttribute('height'))")
        .await;
    assert!(
        compact.as_f64().unwrap() < comfortable.as_f64().unwrap(),
        "compact is shorter on the canvas: {compact} against {comfortable}"
    );

    // The PDF: the logo is an image in it, the footer is text in it.
    app.js("document.activeElement?.blur(); return 1").await;
    let pdf = dir.path().join("cartel.pdf");
    started.export(Some("A3"), "pdf", &pdf).await;
    let run = |cmd: &str, args: &[&str]| {
        let out = std::process::Command::new(cmd)
            .args(args)
            .arg(&pdf)
            .output()
            .unwrap_or_else(|e| panic!("{cmd} (poppler-utils) runs: {e}"));
        String::from_utf8_lossy(&out.stdout).to_string()
    };
    let fonts = run("pdffonts", &[]);
    assert!(
        fonts.contains("+SourceSerif4-Bold"),
        "the PDF is set in Source Serif 4: {fonts}"
    );
    let images = run("pdfimages", &["-list"]);
    let logo_like = images.lines().skip(2).any(|l| {
        let f: Vec<&str> = l.split_whitespace().collect();
        match (
            f.get(3).and_then(|w| w.parse::<f32>().ok()),
            f.get(4).and_then(|h| h.parse::<f32>().ok()),
        ) {
            (Some(w), Some(h)) => (w / h - 3.0).abs() < 0.2,
            _ => false,
        }
    });
    assert!(logo_like, "pdfimages finds the logo (3 : 1): {images}");
    let text = String::from_utf8_lossy(
        &std::process::Command::new("pdftotext")
            .arg(&pdf)
            .arg("-")
            .output()
            .expect("pdftotext (poppler-utils) runs")
            .stdout,
    )
    .to_string();
    assert!(
        text.lines()
            .any(|l| l.contains("Ñandú Muebles S.L.") && l.contains("Confidencial")),
        "pdftotext finds the footer line: {text}"
    );

    // The PNG: the accent fills the header band.
    let png = dir.path().join("cartel.png");
    started.export(None, "png", &png).await;
    let (w, h, px) = decode_png(&std::fs::read(&png).unwrap());
    let hex = u32::from_str_radix(accent.trim_start_matches('#'), 16).unwrap();
    let rgb = [(hex >> 16) as u8, (hex >> 8) as u8, hex as u8];
    let top = &px[..(w * h / 6 * 4) as usize];
    assert!(
        pixels_of(top, rgb) > (w * h / 100) as usize,
        "the accent {accent} fills the header of the PNG"
    );
    app.assert_no_page_errors().await;
    started.app.quit().await;
}
