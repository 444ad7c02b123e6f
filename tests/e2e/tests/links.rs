//! Linked maps, in the real app: a journey whose card and stage link to two
//! sub-journeys. The card's mark opens the linked map and Back (the button,
//! then Alt+←) returns; a link is chosen in a card's panel and undone; the
//! export dialog's map set writes one PDF in which poppler finds a bookmark
//! and a destination for each map and links between them.

use std::time::Duration;

use fantoccini::key::Key;
use travesia_core::format::{self, Document};
use travesia_core::{sample, Map};
use travesia_e2e::{App, DialogAnswers};

async fn open_now(app: &App) -> String {
    app.settle().await;
    app.js("return document.documentElement.dataset.mapId ?? ''")
        .await
        .as_str()
        .unwrap_or_default()
        .to_string()
}

async fn wait_for_map(app: &App, id: &str) {
    app.wait_until(
        &format!(
            "return document.documentElement.dataset.mapId === '{id}' && document.querySelector('[data-testid=canvas] svg.scene') !== null"
        ),
        &format!("map {id} open"),
        Duration::from_secs(15),
    )
    .await;
    app.settle().await;
}

#[tokio::test(flavor = "current_thread")]
async fn a_link_is_followed_to_its_map_and_back_chosen_in_the_panel_and_printed_as_a_map_set() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("library.sqlite3");
    for map in sample::map_set("es") {
        let file = dir.path().join(format!("{}.travesia", map.id));
        let doc = Document {
            map,
            extra: Default::default(),
        };
        std::fs::write(&file, format::to_string(&doc)).unwrap();
        travesia_e2e::import_map(&db, &file);
    }
    let load = |id: &str| -> Map {
        travesia_store::Library::open(&db)
            .unwrap()
            .load(id)
            .unwrap()
    };
    let answers = DialogAnswers::new(dir.path());
    let (k, v) = answers.env();
    let app = App::start_env(&db, &[], &[(k, v.as_str())]).await;
    app.client.set_window_rect(0, 0, 1440, 900).await.ok();
    app.open_map("viaje").await;

    // The card's mark: a button named for the map it opens.
    let mark = app
        .find("[data-testid=link-mark][data-map='subviaje-devoluciones']")
        .await;
    assert_eq!(
        mark.attr("aria-label").await.unwrap().as_deref(),
        Some("Abrir «Devoluciones»")
    );
    app.screenshot("links-01-journey").await;
    app.click(&mark).await;
    wait_for_map(&app, "subviaje-devoluciones").await;
    let back = app.find("[data-testid=link-back]").await;
    assert!(back
        .text()
        .await
        .unwrap()
        .contains("Recorrido omnicanal de retail"));
    app.screenshot("links-02-followed").await;
    back.click().await.unwrap();
    wait_for_map(&app, "viaje").await;
    assert_eq!(
        app.count("[data-testid=link-back]").await,
        0,
        "nothing to go back to"
    );

    // The stage's mark, then Alt+← back.
    let stage_mark = app
        .find("[data-testid=link-mark][data-map='subviaje-pago']")
        .await;
    app.click(&stage_mark).await;
    wait_for_map(&app, "subviaje-pago").await;
    // The sub-journey links back to the journey: followed, it stacks.
    app.find("[data-testid=link-mark][data-map='viaje']").await;
    app.js("document.querySelector('[data-testid=canvas]').focus(); return 1")
        .await;
    app.keys(&[Key::Alt], char::from(Key::Left)).await;
    wait_for_map(&app, "viaje").await;
    assert_eq!(open_now(&app).await, "viaje");

    // A link chosen in a card's panel, one edit; undone, it is gone.
    let before = load("viaje");
    let card = before
        .cards
        .iter()
        .find(|c| c.link.is_none() && c.score.is_none() && c.value.is_none())
        .unwrap()
        .id
        .clone();
    let el = app
        .find(&format!(
            "[data-testid=canvas] .hits [data-card-id='{card}']"
        ))
        .await;
    let at = app.move_to(&el, 0.0, 0.0).await;
    app.pointer(vec![at, travesia_e2e::down(), travesia_e2e::up()])
        .await;
    app.settle().await;
    app.js("const s = document.querySelector('[data-testid=link-select]'); s.scrollIntoView({block: 'center'}); s.value = 'subviaje-pago'; s.dispatchEvent(new Event('change', {bubbles: true})); return 1")
        .await;
    app.settle().await;
    assert_eq!(
        load("viaje")
            .card(&card)
            .and_then(|c| c.link.clone())
            .as_deref(),
        Some("subviaje-pago")
    );
    app.find("[data-testid=link-open]").await;
    app.wait_until(
        "return document.querySelectorAll(\"[data-testid=link-mark][data-map='subviaje-pago']\").length === 2",
        "a second mark to the payment sub-journey",
        Duration::from_secs(10),
    )
    .await;
    app.js("document.activeElement?.blur(); document.querySelector('[data-testid=canvas]').focus(); return 1")
        .await;
    app.keys(&[Key::Control], 'z').await;
    app.settle().await;
    assert_eq!(
        load("viaje").cards,
        before.cards,
        "one undo takes the link away"
    );

    // The map set from the export dialog: one PDF, a page and a bookmark a map.
    app.find("[data-testid=open-export]")
        .await
        .click()
        .await
        .unwrap();
    app.find("[data-testid=export-format-pdf]")
        .await
        .click()
        .await
        .unwrap();
    let set = app.find("[data-testid=export-map-set]").await;
    set.click().await.unwrap();
    app.settle().await;
    app.screenshot("links-03-export").await;
    let pdf = dir.path().join("conjunto.pdf");
    app.save_through(
        &answers,
        "[data-testid=export-go]",
        &pdf,
        "[data-testid=export-done]",
    )
    .await;
    let dests = travesia_e2e::tool("pdfinfo", &["-dests", pdf.to_str().unwrap()]);
    for id in ["viaje", "subviaje-pago", "subviaje-devoluciones"] {
        assert!(dests.contains(&format!("\"map-{id}\"")), "{id}: {dests}");
    }
    let xml = travesia_e2e::tool(
        "pdftohtml",
        &["-xml", "-i", "-stdout", "-q", pdf.to_str().unwrap()],
    );
    assert!(xml.contains("<outline>"), "bookmarks");
    assert!(xml.contains(">Devoluciones</item>"), "{xml:.2000}");
    app.assert_no_page_errors().await;
    app.quit().await;
}
