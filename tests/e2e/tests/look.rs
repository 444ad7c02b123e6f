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
    app.find("[data-testid=open-export]")
        .await
        .click()
        .await
        .unwrap();
    app.find("[data-testid=export-format-png]")
        .await
        .click()
        .await
        .unwrap();
    app.js("const s = document.querySelector('[data-testid=export-paper]'); s.value = 'A4'; s.dispatchEvent(new Event('change', {bubbles: true})); return 1")
        .await;
    app.settle().await;
    let poster = dir.path().join("cartel.png");
    started.answers.next(Some(&poster));
    app.find("[data-testid=export-go]")
        .await
        .click()
        .await
        .unwrap();
    app.wait_for("[data-testid=export-done]", Duration::from_secs(60))
        .await;
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
    let shown = app
        .js("return document.querySelector('[data-testid=canvas]').textContent")
        .await;
    // Lines are cut where the font changes (a space is Inter's): compared without spaces.
    let shown: String = shown
        .as_str()
        .unwrap_or_default()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    for t in ["顾客在网上比较价格", "カスタマージャーニー", "고객여정지도"]
    {
        assert!(shown.contains(t), "{t} on the canvas");
    }
    app.settle().await;
    app.screenshot("cjk-rtl-canvas").await;
    app.assert_no_page_errors().await;
    app.quit().await;
}
