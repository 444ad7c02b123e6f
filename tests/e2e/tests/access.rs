//! Accessibility, checked by axe-core (the npm package, `ui/node_modules`)
//! run inside the real app's webview: no serious or critical violation on
//! the home, the editor, every panel and every dialog, in light and in dark
//! mode. Every rule axe has for WCAG 2.x A and AA and its best practices is
//! run, the experimental ones too (among them "the accessible name contains
//! the visible label"); the AAA ones (7:1 contrast) are left out.

use std::time::Duration;

use fantoccini::key::Key;
use serde_json::Value;
use travesia_e2e::App;

/// axe-core as npm installed it for the UI.
fn axe_source() -> String {
    let path = travesia_e2e::root().join("ui/node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{} ({e}): run `npm ci` in ui/", path.display()))
}

/// The serious and critical violations on the page as it is now, one line
/// each with the elements they were found on.
async fn violations(app: &App, axe: &str) -> Vec<String> {
    let loaded = app.js("return typeof window.axe === 'object';").await;
    if loaded != Value::Bool(true) {
        app.js(&format!("{axe}\n;return true;")).await;
    }
    let found = app
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             const rules = {};
             for (const r of axe.getRules()) rules[r.ruleId] = { enabled: !r.tags.includes('wcag2aaa') };
             axe.run(document, { rules, resultTypes: ['violations'] })
               .then((r) => done(r.violations
                 .filter((v) => v.impact === 'serious' || v.impact === 'critical')
                 .map((v) => `${v.id} (${v.impact}): ${v.help}\\n    ` +
                   v.nodes.slice(0, 6).map((n) => n.target.join(' ') + ' — ' + (n.failureSummary || '').replace(/\\s+/g, ' ')).join('\\n    '))))
               .catch((e) => done(['axe failed: ' + e]));",
            vec![],
        )
        .await
        .expect("axe runs");
    serde_json::from_value(found).unwrap()
}

struct Tour {
    app: App,
    axe: String,
    theme: &'static str,
    found: Vec<String>,
    places: usize,
}

impl Tour {
    async fn check(&mut self, place: &str) {
        tokio::time::sleep(Duration::from_millis(350)).await;
        self.app.settle().await;
        self.app
            .screenshot(&format!("access-{}-{place}", self.theme))
            .await;
        for v in violations(&self.app, &self.axe).await {
            eprintln!("[{} · {place}] {v}", self.theme);
            self.found.push(format!("[{} · {place}] {v}", self.theme));
        }
        self.places += 1;
    }

    async fn click(&self, css: &str) {
        self.app.find(css).await.click().await.unwrap();
        self.app.settle().await;
    }

    async fn escape(&self) {
        self.app.keys(&[], '\u{E00C}').await;
        self.app.settle().await;
        tokio::time::sleep(Duration::from_millis(200)).await;
    }

    async fn menu(&self, submenu: usize, downs: usize) {
        travesia_e2e::native_menu_keys(submenu, downs);
        tokio::time::sleep(Duration::from_millis(1200)).await;
        self.app.settle().await;
    }
}

async fn tour(theme: &'static str) -> (Vec<String>, usize) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("library.sqlite3");
    let template = travesia_e2e::root().join("src-tauri/core/templates/three-stages.es.travesia");
    let id = travesia_e2e::import_map(&db, &template);
    let env: &[(&str, &str)] = if theme == "dark" {
        &[("GTK_THEME", "Adwaita:dark")]
    } else {
        &[("GTK_THEME", "Adwaita")]
    };
    let app = App::start_env(&db, &[], env).await;
    app.client.set_window_rect(0, 0, 1440, 900).await.ok();
    let dark = app
        .js("return matchMedia('(prefers-color-scheme: dark)').matches;")
        .await;
    assert_eq!(dark, Value::Bool(theme == "dark"), "the page is {theme}");
    let mut t = Tour {
        app,
        axe: axe_source(),
        theme,
        found: Vec::new(),
        places: 0,
    };

    // The home, with a map and the templates.
    t.check("home").await;
    t.app
        .js("document.querySelector('[data-testid=home-search]').focus(); return null;")
        .await;
    t.app.keys(&[], 'x').await;
    t.check("home-searched-nothing").await;
    t.escape().await;

    // The editor, a card selected with its inspector, a context menu.
    t.app.open_map(&id).await;
    t.check("editor").await;
    t.app
        .js("const el = [...document.querySelectorAll('[data-testid=canvas] [data-card-id]')]
               .find((e) => { const r = e.getBoundingClientRect(); return r.width > 20 && r.height > 20; });
             el.setAttribute('data-access-card', '1'); return null;")
        .await;
    let card = t.app.find("[data-access-card='1']").await;
    let to = t.app.move_to(&card, 0.0, 0.0).await;
    t.app
        .pointer(vec![to, travesia_e2e::down(), travesia_e2e::up()])
        .await;
    t.app.settle().await;
    t.app
        .wait_for("aside.inspector textarea", Duration::from_secs(5))
        .await;
    t.check("card-selected").await;
    t.app
        .js("document.querySelector('[data-testid=canvas]').focus(); return null;")
        .await;
    t.app.keys(&[Key::Shift], char::from(Key::F10)).await; // the card's menu
    t.app.wait_for("[role=menu]", Duration::from_secs(5)).await;
    t.check("context-menu").await;
    t.escape().await;

    // The side panels.
    for (button, place) in [
        ("open-personas", "personas"),
        ("open-routes", "routes"),
        ("open-history", "history"),
    ] {
        t.click(&format!("[data-testid={button}]")).await;
        t.check(place).await;
        t.click(&format!("[data-testid={button}]")).await;
    }
    t.click("[data-testid=add-lane]").await;
    t.check("add-lane").await;
    t.escape().await;

    // The dialogs.
    for (button, place) in [
        ("open-versions", "versions"),
        ("open-export", "export"),
        ("shortcuts-button", "shortcuts"),
        ("open-present", "presentation"),
    ] {
        t.click(&format!("[data-testid={button}]")).await;
        t.check(place).await;
        t.escape().await;
    }
    // Map → Channels…, File → Preferences…, Help → Guide, Help → About.
    for (submenu, downs, dialog, place) in [
        (3, 3, "channels-dialog", "channels"),
        (0, 8, "preferences-dialog", "preferences"),
        (4, 2, "guide", "guide"),
        (4, 4, "about-dialog", "about"),
    ] {
        t.menu(submenu, downs).await;
        t.app
            .wait_for(&format!("[data-testid={dialog}]"), Duration::from_secs(5))
            .await;
        t.check(place).await;
        t.escape().await;
    }

    let Tour {
        app, found, places, ..
    } = t;
    app.quit().await;
    (found, places)
}

#[tokio::test(flavor = "current_thread")]
async fn axe_finds_nothing_serious_in_light_or_dark_mode() {
    let mut found = Vec::new();
    let mut places = 0;
    for theme in ["light", "dark"] {
        let (f, p) = tour(theme).await;
        found.extend(f);
        places += p;
    }
    assert_eq!(places, 2 * 17, "every place was checked");
    assert!(
        found.is_empty(),
        "axe-core found {} serious or critical problems:\n{}",
        found.len(),
        found.join("\n")
    );
}
