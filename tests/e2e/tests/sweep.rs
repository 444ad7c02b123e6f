//! Every action of the editor, once, in the real app, each checked by what it
//! does to the stored map or to the screen: every toolbar button, every item
//! of every context menu, every inspector action (card, cards, cell, stage,
//! lane, map) and every item of the native menu bar, which is worked through
//! GTK itself: xdotool sends F10 and the arrow keys to the window, as a
//! keyboard user opens a menu.
//!
//! The lists here are checked against what the app offers (the buttons on
//! screen, the menus' items, the catalogue's `menu.item.*`), so an action added
//! without a check here fails this test. Any error thrown in the page fails it
//! too (`App::quit`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use fantoccini::actions::PointerAction;
use fantoccini::key::Key;
use serde_json::Value;
use travesia_core::{LaneKind, Map};
use travesia_e2e::{down, up, App, DialogAnswers, FakeOpener, Started};

fn catalogue() -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(travesia_e2e::root().join("i18n/es.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

struct Sweep {
    app: App,
    db: std::path::PathBuf,
    id: String,
    t: BTreeMap<String, String>,
}

impl Sweep {
    fn t(&self, key: &str) -> String {
        self.t
            .get(key)
            .unwrap_or_else(|| panic!("no {key} in es.json"))
            .clone()
    }

    fn map(&self) -> Map {
        let mut lib = travesia_store::Library::open(&self.db).expect("the library opens");
        lib.load(&self.id).expect("the map is in the library")
    }

    /// Marks the visible control in `scope` whose label (aria-label, else its
    /// text) is `label`, and clicks it as a user does (WebDriver's click).
    async fn click_label(&self, scope: &str, label: &str) {
        let found = self
            .app
            .js(&format!(
                "const want = {};
                 document.querySelectorAll('[data-sweep]').forEach(e => e.removeAttribute('data-sweep'));
                 const els = [...document.querySelectorAll({})].flatMap(s =>
                   [...s.querySelectorAll('button, [role=menuitem], [role=menuitemcheckbox], a')]);
                 const norm = s => (s ?? '').replace(/\\s+/g, ' ').trim();
                 const el = els.find(e => e.getClientRects().length > 0 &&
                   (norm(e.getAttribute('aria-label')) === want || norm(e.textContent) === want));
                 if (!el) return false;
                 el.setAttribute('data-sweep', '1');
                 return true;",
                serde_json::to_string(label).unwrap(),
                serde_json::to_string(scope).unwrap(),
            ))
            .await;
        assert_eq!(found, Value::Bool(true), "no «{label}» in {scope}");
        let el = self.app.find("[data-sweep='1']").await;
        self.app.click(&el).await;
        self.app.settle().await;
    }

    /// The labels of the visible, enabled controls in `scope`.
    async fn labels(&self, scope: &str, controls: &str) -> BTreeSet<String> {
        let v = self
            .app
            .js(&format!(
                "const norm = s => (s ?? '').replace(/\\s+/g, ' ').trim();
                 return [...document.querySelectorAll({})].flatMap(s => [...s.querySelectorAll({})])
                   .filter(e => e.getClientRects().length > 0 && !e.disabled && e.getAttribute('aria-disabled') !== 'true')
                   .map(e => norm(e.getAttribute('aria-label')) || norm(e.textContent));",
                serde_json::to_string(scope).unwrap(),
                serde_json::to_string(controls).unwrap(),
            ))
            .await;
        serde_json::from_value(v).unwrap()
    }

    /// Brings the canvas element `css` into sight, as a user would: the
    /// whole map fitted to the window when the element is outside it.
    async fn bring_into_view(&self, css: &str) {
        let inside = self
            .app
            .js(&format!(
                "const e = document.querySelector({}); const c = document.querySelector('[data-testid=canvas]');
                 if (!e || !c) return false;
                 const r = e.getBoundingClientRect(), v = c.getBoundingClientRect();
                 return r.left >= v.left && r.right <= v.right - 16 && r.top >= v.top && r.bottom <= v.bottom - 16;",
                serde_json::to_string(css).unwrap()
            ))
            .await;
        if inside != Value::Bool(true) {
            self.app
                .find("[data-testid=fit]")
                .await
                .click()
                .await
                .unwrap();
            self.app.settle().await;
        }
    }

    /// Clicks the canvas element `css` (its middle, or `dx, dy` from it).
    async fn click_at(&self, css: &str, dx: f64, dy: f64) {
        self.bring_into_view(css).await;
        let el = self.app.find(css).await;
        // Apart from the click before, so the two are never read as a double-click.
        tokio::time::sleep(Duration::from_millis(600)).await;
        let to = self.app.move_to(&el, dx, dy).await;
        self.app.pointer(vec![to, down(), up()]).await;
        self.app.settle().await;
    }

    /// Clicks an empty cell (its middle).
    async fn click_cell(&self, css: &str) {
        self.click_at(css, 0.0, 0.0).await;
    }

    /// Opens the context menu of the canvas element `css` from the keyboard:
    /// a click selects it, Shift+F10 opens its menu. (A right-click through
    /// WebDriver leaves WebKitGTK believing the right button is still down,
    /// so every later click would be a chord without a pointerdown; the
    /// right-click itself is tried in editor.rs.)
    async fn context(&self, css: &str) {
        if css.contains("data-card-id") {
            let id = css.split('\'').nth(1).unwrap_or_default().to_string();
            self.select_card(&id).await;
        } else {
            let (dx, dy) = if css.contains("data-cell") {
                (0.0, 0.0)
            } else {
                (-10.0, 0.0)
            };
            self.click_at(css, dx, dy).await;
        }
        self.app
            .js("document.querySelector('[data-testid=canvas]').focus();")
            .await;
        self.app.keys(&[Key::Shift], char::from(Key::F10)).await;
        self.app
            .wait_for("[role=menu]", Duration::from_secs(5))
            .await;
    }

    /// Sets a field's value as typing and leaving it would (an `input` then a `change`).
    async fn set_field(&self, css: &str, value: &str) {
        let ok = self
            .app
            .js(&format!(
                "const el = document.querySelector({});
                 if (!el) return false;
                 el.focus(); el.value = {};
                 el.dispatchEvent(new Event('input', {{ bubbles: true }}));
                 el.dispatchEvent(new Event('change', {{ bubbles: true }}));
                 el.blur();
                 return true;",
                serde_json::to_string(css).unwrap(),
                serde_json::to_string(value).unwrap()
            ))
            .await;
        if ok != Value::Bool(true) {
            self.app.screenshot("sweep-no-field").await;
        }
        assert_eq!(ok, Value::Bool(true), "no field {css}");
        self.app.settle().await;
    }

    async fn escape(&self) {
        self.app.keys(&[], char::from(Key::Escape)).await;
        self.app.settle().await;
    }

    async fn visible(&self, css: &str) -> bool {
        self.app
            .js(&format!(
                "const e = document.querySelector({}); return !!e && e.getClientRects().length > 0;",
                serde_json::to_string(css).unwrap()
            ))
            .await
            == Value::Bool(true)
    }

    async fn wait_visible(&self, css: &str) {
        for _ in 0..50 {
            if self.visible(css).await {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("{css} did not appear");
    }

    async fn wait_gone(&self, css: &str) {
        for _ in 0..50 {
            if !self.visible(css).await {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("{css} did not go");
    }

    /// The zoom the toolbar shows, its spaces made plain ("100 %").
    async fn zoom(&self) -> String {
        let text = self
            .app
            .find("[data-testid=zoom]")
            .await
            .text()
            .await
            .unwrap_or_default();
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// The canvas selector of the first card in lane kind `kind`.
    fn card_css(&self, m: &Map, kind: LaneKind) -> (String, String) {
        let c = m
            .cards
            .iter()
            .find(|c| m.lane(&c.lane).is_some_and(|l| l.kind == kind))
            .unwrap_or_else(|| panic!("no card in a {kind:?} lane"));
        (
            c.id.clone(),
            format!("[data-testid=canvas] [data-card-id='{}']", c.id),
        )
    }

    /// Selects card `id` with a click, and waits until the app says so.
    async fn select_card(&self, id: &str) {
        // The drawn card, or its region where the drawing has none of its own (a funnel's bar).
        self.app
            .js(&format!(
                "document.querySelectorAll('[data-sweep-card]').forEach(e => e.removeAttribute('data-sweep-card'));
                 const all = [...document.querySelectorAll(\"[data-testid=canvas] [data-card-id='{id}']\")];
                 const el = all.find(e => {{ const r = e.getBoundingClientRect(); return r.width > 4 && r.height > 4; }});
                 el?.setAttribute('data-sweep-card', '1');"
            ))
            .await;
        let css = "[data-sweep-card='1']".to_string();
        for _ in 0..3 {
            self.click_at(&css, 2.0, 2.0).await;
            let selected = self
                .app
                .js(&format!(
                    "return document.querySelector('aside.inspector h2')?.textContent === {} &&
                       document.querySelector('aside.inspector textarea')?.value === {};",
                    serde_json::to_string(&self.t("inspector.card")).unwrap(),
                    serde_json::to_string(
                        &self
                            .map()
                            .card(id)
                            .map(|c| c.text.clone())
                            .unwrap_or_default()
                    )
                    .unwrap()
                ))
                .await;
            if selected == Value::Bool(true) {
                return;
            }
        }
        panic!("card {id} could not be selected");
    }
}

/// The native menu bar as src-tauri/src/window.rs builds it: each submenu's
/// items in order, with whether an item needs an open map.
const MENUS: &[(&str, &[(&str, bool)])] = &[
    (
        "file",
        &[
            ("new_map", false),
            ("open_file", false),
            ("save_as", true),
            ("update_from_sheet", true),
            ("export", true),
            ("print", true),
            ("library", true),
            ("settings", false),
            ("quit", false),
        ],
    ),
    (
        "edit",
        &[
            ("undo", true),
            ("redo", true),
            ("history", true),
            ("copy", true),
            ("copy_image", true),
            ("paste", true),
            ("duplicate", true),
            ("delete", true),
        ],
    ),
    (
        "view",
        &[
            ("zoom_in", true),
            ("zoom_out", true),
            ("zoom_reset", true),
            ("zoom_fit", true),
            ("present", true),
        ],
    ),
    (
        "map",
        &[
            ("personas", true),
            ("routes", true),
            ("channels", true),
            ("snapshot", true),
            ("versions", true),
        ],
    ),
    (
        "help",
        &[
            ("shortcuts", false),
            ("guide", false),
            ("logs", false),
            ("about", false),
        ],
    ),
];

impl Sweep {
    /// Activates a native menu item through GTK: F10 opens the menu bar,
    /// Right moves to the submenu, Down walks its enabled items, Return.
    async fn native(&self, item: &str) {
        let map_open = self.visible("[data-testid=canvas]").await;
        let can = |css: &'static str| async move {
            self.app
                .js(&format!(
                    "const b = document.querySelector('{css}'); return !!b && !b.disabled;"
                ))
                .await
                == Value::Bool(true)
        };
        let (can_undo, can_redo) = (
            can("[data-testid=undo]").await,
            can("[data-testid=redo]").await,
        );
        let (k, entries) = MENUS
            .iter()
            .enumerate()
            .find_map(|(k, (_, items))| {
                items
                    .iter()
                    .any(|(id, _)| *id == item)
                    .then_some((k, *items))
            })
            .unwrap_or_else(|| panic!("{item} is in no menu"));
        let enabled = |id: &str, needs_map: bool| match id {
            "undo" => map_open && can_undo,
            "redo" => map_open && can_redo,
            _ => !needs_map || map_open,
        };
        let mut downs = 0;
        for (id, needs_map) in entries {
            if enabled(id, *needs_map) {
                downs += 1;
            }
            if *id == item {
                assert!(enabled(id, *needs_map), "{item} is disabled now");
                break;
            }
        }
        travesia_e2e::native_menu_keys(k, downs);
        // GTK closes the menu and the page hears the item; the page is not asked anything meanwhile.
        tokio::time::sleep(Duration::from_millis(1500)).await;
        if item != "quit" {
            self.app.settle().await;
        }
    }
}

/// An empty cell of a lane that holds several cards a stage.
fn empty_cell(m: &Map) -> String {
    for lane in m.lanes.iter().filter(|l| !l.kind.one_card_per_stage()) {
        for st in &m.stages {
            if m.cell_cards(&st.id, &lane.id).next().is_none() {
                return format!("[data-testid=canvas] [data-cell='{}:{}']", st.id, lane.id);
            }
        }
    }
    panic!("no empty cell");
}

fn set<const N: usize>(labels: [String; N]) -> BTreeSet<String> {
    labels.into_iter().collect()
}

#[tokio::test(flavor = "current_thread")]
async fn every_action_of_the_editor_does_what_it_says() {
    let dir = tempfile::tempdir().unwrap();
    let Started {
        app,
        db,
        id,
        answers,
        opener,
        printed,
    } = Started::on_template(dir.path(), "three-stages.es.travesia").await;
    app.client.set_window_rect(0, 0, 1440, 900).await.ok();
    app.open_map(&id).await;
    let s = Sweep {
        app,
        db,
        id,
        t: catalogue(),
    };

    toolbar(&s).await;
    context_menus(&s).await;
    inspector(&s).await;
    native_menu(&s, &answers, &opener, &printed, dir.path()).await;
}

/// Every toolbar button (the window is wide enough for all of them).
async fn toolbar(s: &Sweep) {
    let ids: BTreeSet<String> = serde_json::from_value(
        s.app
            .js("return [...document.querySelectorAll('[data-testid=editor-toolbar] button[data-testid]')]
                   .filter(b => b.offsetParent !== null).map(b => b.dataset.testid);")
            .await,
    )
    .unwrap();
    let swept: BTreeSet<String> = [
        "back",
        "undo",
        "redo",
        "add-stage",
        "add-lane",
        "zoom-out",
        "zoom",
        "zoom-in",
        "fit",
        "open-personas",
        "open-routes",
        "open-history",
        "open-versions",
        "open-export",
        "open-present",
        "shortcuts-button",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    assert_eq!(ids, swept, "every toolbar button is swept here");

    let stages = s.map().stages.len();
    s.app
        .find("[data-testid=add-stage]")
        .await
        .click()
        .await
        .unwrap();
    s.app.settle().await;
    let field = s.app.find("[data-testid=rename-field]").await;
    field.send_keys("Entrega\u{E007}").await.unwrap();
    s.app.settle().await;
    assert_eq!(s.map().stages.len(), stages + 1);
    assert_eq!(s.map().stages.last().unwrap().title, "Entrega");

    let lanes = s.map().lanes.len();
    s.app
        .find("[data-testid=add-lane]")
        .await
        .click()
        .await
        .unwrap();
    s.app
        .find("[data-testid='lane-kind-pains']")
        .await
        .click()
        .await
        .unwrap();
    s.app.settle().await;
    s.escape().await;
    assert_eq!(s.map().lanes.len(), lanes + 1);
    assert_eq!(s.map().lanes.last().unwrap().kind, LaneKind::Pains);

    s.app
        .find("[data-testid=undo]")
        .await
        .click()
        .await
        .unwrap();
    s.app.settle().await;
    assert_eq!(s.map().lanes.len(), lanes);
    s.app
        .find("[data-testid=redo]")
        .await
        .click()
        .await
        .unwrap();
    s.app.settle().await;
    assert_eq!(s.map().lanes.len(), lanes + 1);

    let z0 = s.zoom().await;
    s.app
        .find("[data-testid=zoom-in]")
        .await
        .click()
        .await
        .unwrap();
    s.app.settle().await;
    let z1 = s.zoom().await;
    assert_ne!(z1, z0, "zoom in");
    s.app
        .find("[data-testid=zoom-out]")
        .await
        .click()
        .await
        .unwrap();
    s.app.settle().await;
    assert_ne!(s.zoom().await, z1, "zoom out");
    s.app
        .find("[data-testid=zoom]")
        .await
        .click()
        .await
        .unwrap();
    s.app.settle().await;
    assert_eq!(s.zoom().await, "100 %");
    s.app.find("[data-testid=fit]").await.click().await.unwrap();
    s.app.settle().await;
    assert_ne!(s.zoom().await, "100 %", "fit");

    for (button, panel) in [
        ("open-personas", "[data-testid=personas-panel]"),
        ("open-routes", "[data-testid=routes-panel]"),
        ("open-history", "[data-testid=history-panel]"),
    ] {
        s.app
            .find(&format!("[data-testid={button}]"))
            .await
            .click()
            .await
            .unwrap();
        s.wait_visible(panel).await;
        s.app
            .find(&format!("[data-testid={button}]"))
            .await
            .click()
            .await
            .unwrap();
        s.wait_gone(panel).await;
    }
    for (button, dialog) in [
        ("open-versions", "[data-testid=versions-panel]"),
        ("open-export", "[data-testid=export-dialog]"),
        ("open-present", "[data-testid=presentation]"),
        ("shortcuts-button", "[data-testid=shortcuts]"),
    ] {
        s.app
            .find(&format!("[data-testid={button}]"))
            .await
            .click()
            .await
            .unwrap();
        s.wait_visible(dialog).await;
        s.escape().await;
        s.wait_gone(dialog).await;
    }

    s.app
        .find("[data-testid=back]")
        .await
        .click()
        .await
        .unwrap();
    s.wait_visible(&format!("[data-testid=open-map][data-map-id='{}']", s.id))
        .await;
    s.app.open_map(&s.id).await;
}

/// Every item of the context menus of a card, a cell, a stage and a lane.
async fn context_menus(s: &Sweep) {
    let menu = "[role=menu]";
    let items = "[role=menuitem], [role=menuitemcheckbox]";
    let m = s.map();
    let (card, card_css) = s.card_css(&m, LaneKind::Touchpoints);
    let cards = m.cards.len();

    // A card: edit its text, copy, duplicate, delete.
    s.context(&card_css).await;
    assert_eq!(
        s.labels(menu, items).await,
        set([
            s.t("action.editText"),
            s.t("action.copy"),
            s.t("action.duplicate"),
            s.t("action.delete")
        ])
    );
    s.click_label(menu, &s.t("action.editText")).await;
    s.wait_visible("[data-testid=card-editor]").await;
    s.escape().await;
    s.context(&card_css).await;
    s.click_label(menu, &s.t("action.copy")).await;
    s.context(&card_css).await;
    s.click_label(menu, &s.t("action.duplicate")).await;
    assert_eq!(s.map().cards.len(), cards + 1);
    let copy = s
        .map()
        .cards
        .iter()
        .map(|c| c.id.clone())
        .find(|c| !m.cards.iter().any(|o| &o.id == c))
        .unwrap();
    s.context(&format!("[data-testid=canvas] [data-card-id='{copy}']"))
        .await;
    s.click_label(menu, &s.t("action.delete")).await;
    assert_eq!(s.map().cards.len(), cards);

    // A cell: add a card there, paste the copied one.
    let lane = m.card(&card).unwrap().lane.clone();
    let empty = m
        .stages
        .iter()
        .find(|st| m.cell_cards(&st.id, &lane).next().is_none())
        .expect("an empty touchpoint cell");
    let cell = format!("[data-testid=canvas] [data-cell='{}:{}']", empty.id, lane);
    s.context(&cell).await;
    assert_eq!(
        s.labels(menu, items).await,
        set([s.t("action.addCard"), s.t("action.paste")])
    );
    s.click_label(menu, &s.t("action.addCard")).await;
    let editor = s.app.find("[data-testid=card-editor]").await;
    editor.send_keys("aviso por whatsapp").await.unwrap();
    s.escape().await;
    assert!(s.map().cards.iter().any(|c| c.text == "aviso por whatsapp"));
    let cell = empty_cell(&s.map());
    s.context(&cell).await;
    s.click_label(menu, &s.t("action.paste")).await;
    assert_eq!(s.map().cards.len(), cards + 2);

    // A stage: rename, a stage before and after, move left and right, delete.
    let stage = s.map().stages[1].id.clone();
    let header = format!("[data-testid=canvas] [data-stage-id='{stage}']");
    s.context(&header).await;
    assert_eq!(
        s.labels(menu, items).await,
        set([
            s.t("action.rename"),
            s.t("action.stageBefore"),
            s.t("action.stageAfter"),
            s.t("action.moveLeft"),
            s.t("action.moveRight"),
            s.t("action.deleteStage")
        ])
    );
    s.click_label(menu, &s.t("action.rename")).await;
    let field = s.app.find("[data-testid=rename-field]").await;
    field.send_keys("decision\u{E007}").await.unwrap();
    s.app.settle().await;
    assert_eq!(s.map().stage(&stage).unwrap().title, "decision");
    let n = s.map().stages.len();
    s.context(&header).await;
    s.click_label(menu, &s.t("action.stageBefore")).await;
    s.escape().await;
    assert_eq!(s.map().stages.len(), n + 1);
    assert_eq!(s.map().stage_index(&stage), Some(2));
    s.context(&header).await;
    s.click_label(menu, &s.t("action.stageAfter")).await;
    s.escape().await;
    assert_eq!(s.map().stages.len(), n + 2);
    assert_ne!(s.map().stages[3].id, stage);
    s.context(&header).await;
    s.click_label(menu, &s.t("action.moveLeft")).await;
    assert_eq!(s.map().stage_index(&stage), Some(1));
    s.context(&header).await;
    s.click_label(menu, &s.t("action.moveRight")).await;
    assert_eq!(s.map().stage_index(&stage), Some(2));
    let added = s.map().stages[1].id.clone();
    s.context(&format!("[data-testid=canvas] [data-stage-id='{added}']"))
        .await;
    s.click_label(menu, &s.t("action.deleteStage")).await;
    assert!(s.map().stage(&added).is_none());

    // A lane: rename, a lane after, move up and down, delete.
    let lane = s.map().lanes[1].id.clone();
    let title = format!("[data-testid=canvas] [data-lane-id='{lane}']");
    s.context(&title).await;
    assert_eq!(
        s.labels(menu, items).await,
        set([
            s.t("action.rename"),
            s.t("action.laneAfter"),
            s.t("action.moveUp"),
            s.t("action.moveDown"),
            s.t("action.deleteLane")
        ])
    );
    s.click_label(menu, &s.t("action.rename")).await;
    let field = s.app.find("[data-testid=rename-field]").await;
    field.send_keys("canales\u{E007}").await.unwrap();
    s.app.settle().await;
    assert_eq!(s.map().lane(&lane).unwrap().title, "canales");
    let n = s.map().lanes.len();
    s.context(&title).await;
    s.click_label(menu, &s.t("action.laneAfter")).await;
    s.app
        .find("[data-testid='lane-kind-owners']")
        .await
        .click()
        .await
        .unwrap();
    s.app.settle().await;
    s.escape().await;
    assert_eq!(s.map().lanes.len(), n + 1);
    assert_eq!(s.map().lanes[2].kind, LaneKind::Owners);
    s.context(&title).await;
    s.click_label(menu, &s.t("action.moveUp")).await;
    assert_eq!(s.map().lane_index(&lane), Some(0));
    s.context(&title).await;
    s.click_label(menu, &s.t("action.moveDown")).await;
    assert_eq!(s.map().lane_index(&lane), Some(1));
    let owners = s.map().lanes[2].id.clone();
    s.context(&format!("[data-testid=canvas] [data-lane-id='{owners}']"))
        .await;
    s.click_label(menu, &s.t("action.deleteLane")).await;
    assert!(s.map().lane(&owners).is_none());
}

/// Every action of the inspector, for each thing it can show.
async fn inspector(s: &Sweep) {
    let panel = "aside.inspector";
    let buttons = "button";
    let m = s.map();

    // A touchpoint card: text, colour, channel (a new one of the map's own), mode, and its buttons.
    let (card, _) = s.card_css(&m, LaneKind::Touchpoints);
    s.select_card(&card).await;
    s.set_field(
        &format!("{panel} textarea"),
        "Pedido por la web del obrador",
    )
    .await;
    assert_eq!(
        s.map().card(&card).unwrap().text,
        "Pedido por la web del obrador"
    );
    let colours: Vec<String> = serde_json::from_value(
        s.app
            .js("return [...document.querySelectorAll('aside.inspector [data-color]')].map(b => b.dataset.color);")
            .await,
    )
    .unwrap();
    assert!(!colours.is_empty(), "the card colour palette");
    s.app
        .find(&format!("{panel} [data-color='{}']", colours[1]))
        .await
        .click()
        .await
        .unwrap();
    s.app.settle().await;
    assert_eq!(
        s.map()
            .card(&card)
            .unwrap()
            .color
            .as_deref()
            .map(str::to_ascii_uppercase),
        Some(colours[1].to_ascii_uppercase())
    );
    s.set_field("[data-testid=card-channel]", "store").await;
    assert_eq!(
        s.map().card(&card).unwrap().channel.as_deref(),
        Some("store")
    );
    for (label, online) in [
        ("inspector.offline", Some(false)),
        ("inspector.online", Some(true)),
        ("inspector.unset", None),
    ] {
        s.click_label(panel, &s.t(label)).await;
        assert_eq!(s.map().card(&card).unwrap().online, online, "{label}");
    }
    // "Nuevo canal…": a channel of the map's own, made for this card.
    let new = s
        .app
        .js("const o = [...document.querySelector('[data-testid=card-channel]').options].at(-1); return o.value;")
        .await;
    s.set_field("[data-testid=card-channel]", new.as_str().unwrap())
        .await;
    s.wait_visible("[data-testid=channels-dialog]").await;
    s.set_field("[data-testid=channel-name]", "WhatsApp").await;
    s.app
        .find("[data-testid=channel-icons] [data-icon=message]")
        .await
        .click()
        .await
        .unwrap();
    s.app.screenshot("channel-new").await;
    s.app
        .find("[data-testid=channel-create]")
        .await
        .click()
        .await
        .unwrap();
    s.wait_gone("[data-testid=channels-dialog]").await;
    let map = s.map();
    let own = &map.channels()[0];
    assert_eq!(
        (own.name.as_str(), own.icon.as_deref()),
        ("WhatsApp", Some("message"))
    );
    assert_eq!(
        map.card(&card).unwrap().channel.as_deref(),
        Some(own.id.as_str())
    );
    s.click_label(panel, &s.t("inspector.channelsEdit")).await;
    s.wait_visible("[data-testid=channels-dialog]").await;
    s.app.screenshot("channels-dialog").await;
    s.set_field("[data-testid=own-channel-name]", "WhatsApp del obrador")
        .await;
    assert_eq!(s.map().channels()[0].name, "WhatsApp del obrador");
    s.escape().await;
    s.app.screenshot("channel-on-card").await;
    let (card_buttons, expected) = (
        s.labels(&format!("{panel} .actions"), buttons).await,
        set([
            s.t("action.editText"),
            s.t("action.duplicate"),
            s.t("action.delete"),
        ]),
    );
    assert_eq!(card_buttons, expected);
    s.click_label(panel, &s.t("action.editText")).await;
    s.wait_visible("[data-testid=card-editor]").await;
    s.escape().await;
    let n = s.map().cards.len();
    s.select_card(&card).await;
    s.click_label(panel, &s.t("action.duplicate")).await;
    assert_eq!(s.map().cards.len(), n + 1);
    s.click_label(panel, &s.t("action.delete")).await;
    assert_eq!(s.map().cards.len(), n);

    // An emotion point: its score.
    let m = s.map();
    let (point, _) = s.card_css(&m, LaneKind::Emotions);
    s.select_card(&point).await;
    let old = m.card(&point).unwrap().score;
    let want = if old == Some(-2) { 2 } else { -2 };
    let label = format!(
        "{}: {}",
        if want > 0 { "+2" } else { "−2" },
        s.t(&format!("score.{want}"))
    );
    s.click_label(panel, &label).await;
    assert_eq!(s.map().card(&point).unwrap().score, Some(want));

    // A funnel: a stage's value.
    let m = s.map();
    let (bar, _) = s.card_css(&m, LaneKind::Funnel);
    s.select_card(&bar).await;
    s.set_field(&format!("{panel} input[type=number]"), "4200")
        .await;
    assert_eq!(s.map().card(&bar).unwrap().value, Some(4200.0));

    // Two cards: their colour, duplicate, delete.
    let m = s.map();
    let pair: Vec<String> = m
        .cards
        .iter()
        .filter(|c| m.lane(&c.lane).is_some_and(|l| l.kind == LaneKind::Actions))
        .take(2)
        .map(|c| c.id.clone())
        .collect();
    // Every card at once (Ctrl+A on the canvas).
    s.select_card(&pair[0]).await;
    s.app
        .js("document.querySelector('[data-testid=canvas]').focus();")
        .await;
    s.app.keys(&[Key::Control], 'a').await;
    s.app.settle().await;
    assert_eq!(
        s.labels(&format!("{panel} .actions"), buttons).await,
        set([s.t("action.duplicate"), s.t("action.delete")])
    );
    s.app
        .find(&format!("{panel} [data-color='{}']", colours[2]))
        .await
        .click()
        .await
        .unwrap();
    s.app.settle().await;
    let m = s.map();
    assert!(m
        .cards
        .iter()
        .all(|c| c.color.as_deref().map(str::to_ascii_uppercase)
            == Some(colours[2].to_ascii_uppercase())));
    let n = m.cards.len();
    // Copies of every card but the curve's points and the funnel's values (one a stage).
    let copies = m
        .cards
        .iter()
        .filter(|c| !m.lane(&c.lane).unwrap().kind.one_card_per_stage())
        .count();
    s.click_label(panel, &s.t("action.duplicate")).await;
    assert_eq!(s.map().cards.len(), n + copies);
    s.click_label(panel, &s.t("action.delete")).await;
    assert_eq!(s.map().cards.len(), n, "the copies, selected, are deleted");

    // A cell: add a card, paste.
    let cell = empty_cell(&s.map());
    s.select_card(&pair[0]).await;
    s.app
        .js("document.querySelector('[data-testid=canvas]').focus();")
        .await;
    s.app.keys(&[Key::Control], 'c').await;
    s.click_cell(&cell).await;
    let n = s.map().cards.len();
    assert_eq!(
        s.labels(&format!("{panel} .actions"), buttons).await,
        set([s.t("action.addCard"), s.t("action.paste")])
    );
    s.click_label(panel, &s.t("action.paste")).await;
    assert_eq!(s.map().cards.len(), n + 1);
    let cell = empty_cell(&s.map());
    s.click_cell(&cell).await;
    s.click_label(panel, &s.t("action.addCard")).await;
    let editor = s.app.find("[data-testid=card-editor]").await;
    editor.send_keys("recoge en tienda").await.unwrap();
    s.escape().await;
    assert_eq!(s.map().cards.len(), n + 2);

    // A stage: name, description, colour, width, reset, moves, before, after, delete.
    let stage = s.map().stages[1].id.clone();
    s.click_at(
        &format!("[data-testid=canvas] [data-stage-id='{stage}']"),
        20.0,
        10.0,
    )
    .await;
    s.set_field("#inspector-name", "Pedido").await;
    assert_eq!(s.map().stage(&stage).unwrap().title, "Pedido");
    s.set_field(&format!("{panel} textarea"), "Elige y paga")
        .await;
    assert_eq!(
        s.map().stage(&stage).unwrap().description.as_deref(),
        Some("Elige y paga")
    );
    s.app
        .find(&format!("{panel} [data-color]"))
        .await
        .click()
        .await
        .unwrap();
    s.app.settle().await;
    assert!(s.map().stage(&stage).unwrap().color.is_some());
    s.set_field("[data-testid=stage-width]", "360").await;
    assert_eq!(s.map().stage(&stage).unwrap().width, Some(360.0));
    s.app.screenshot("stage-wider").await;
    s.app
        .find("[data-testid=stage-width-reset]")
        .await
        .click()
        .await
        .unwrap();
    s.app.settle().await;
    assert_eq!(s.map().stage(&stage).unwrap().width, None);
    // Its header's right edge, dragged 60 px to the right on screen.
    let header = format!("[data-testid=canvas] [data-stage-id='{stage}']");
    s.bring_into_view(&header).await;
    let el = s.app.find(&header).await;
    let (_, _, w, _) = s.app.rect(&el).await;
    let zoom: f64 = s
        .zoom()
        .await
        .trim_end_matches(" %")
        .parse::<f64>()
        .unwrap()
        / 100.0;
    tokio::time::sleep(Duration::from_millis(600)).await;
    s.app
        .pointer(vec![
            s.app.move_to(&el, w / 2.0 - 2.0, 0.0).await,
            down(),
            PointerAction::MoveBy {
                duration: Some(Duration::from_millis(120)),
                x: 30.0,
                y: 0.0,
            },
            PointerAction::MoveBy {
                duration: Some(Duration::from_millis(120)),
                x: 30.0,
                y: 0.0,
            },
            up(),
        ])
        .await;
    s.app.settle().await;
    s.app.screenshot("stage-dragged").await;
    let dragged = s
        .map()
        .stage(&stage)
        .unwrap()
        .width
        .expect("a width of its own");
    assert!(
        (dragged - (248.0 + 60.0 / zoom)).abs() <= 2.0 / zoom,
        "dragged to {dragged} at {zoom}"
    );
    s.click_at(&header, -20.0, 0.0).await;
    s.app
        .find("[data-testid=stage-width-reset]")
        .await
        .click()
        .await
        .unwrap();
    s.app.settle().await;
    assert_eq!(s.map().stage(&stage).unwrap().width, None);
    assert_eq!(
        s.labels(&format!("{panel} .actions"), buttons).await,
        set([
            s.t("action.moveLeft"),
            s.t("action.moveRight"),
            s.t("action.stageBefore"),
            s.t("action.stageAfter"),
            s.t("action.deleteStage")
        ])
    );
    s.click_label(panel, &s.t("action.moveLeft")).await;
    assert_eq!(s.map().stage_index(&stage), Some(0));
    s.click_label(panel, &s.t("action.moveRight")).await;
    assert_eq!(s.map().stage_index(&stage), Some(1));
    let n = s.map().stages.len();
    s.click_label(panel, &s.t("action.stageBefore")).await;
    s.escape().await;
    s.click_at(
        &format!("[data-testid=canvas] [data-stage-id='{stage}']"),
        20.0,
        10.0,
    )
    .await;
    s.click_label(panel, &s.t("action.stageAfter")).await;
    s.escape().await;
    assert_eq!(s.map().stages.len(), n + 2);
    s.click_at(
        &format!("[data-testid=canvas] [data-stage-id='{stage}']"),
        20.0,
        10.0,
    )
    .await;
    s.click_label(panel, &s.t("action.deleteStage")).await;
    assert!(s.map().stage(&stage).is_none());

    // A lane: name, kind, colour, folded, moves, a lane after, delete.
    let lane = s.map().lanes[0].id.clone();
    let title = format!("[data-testid=canvas] [data-lane-id='{lane}']");
    s.click_at(&title, 20.0, 10.0).await;
    s.set_field("#inspector-name", "Lo que hace").await;
    assert_eq!(s.map().lane(&lane).unwrap().title, "Lo que hace");
    s.set_field(&format!("{panel} select"), "thoughts").await;
    assert_eq!(s.map().lane(&lane).unwrap().kind, LaneKind::Thoughts);
    s.app
        .find(&format!("{panel} [data-color]"))
        .await
        .click()
        .await
        .unwrap();
    s.app.settle().await;
    assert!(s.map().lane(&lane).unwrap().color.is_some());
    s.app
        .find(&format!("{panel} input[type=checkbox]"))
        .await
        .click()
        .await
        .unwrap();
    s.app.settle().await;
    assert_eq!(s.map().lane(&lane).unwrap().collapsed, Some(true));
    s.app
        .find(&format!("{panel} input[type=checkbox]"))
        .await
        .click()
        .await
        .unwrap();
    s.app.settle().await;
    assert_eq!(s.map().lane(&lane).unwrap().collapsed, None);
    assert_eq!(
        s.labels(&format!("{panel} .actions"), buttons).await,
        set([
            s.t("action.moveDown"),
            s.t("action.laneAfter"),
            s.t("action.deleteLane")
        ]),
        "the first lane cannot move up"
    );
    s.click_label(panel, &s.t("action.moveDown")).await;
    assert_eq!(s.map().lane_index(&lane), Some(1));
    s.click_label(panel, &s.t("action.moveUp")).await;
    assert_eq!(s.map().lane_index(&lane), Some(0));
    let n = s.map().lanes.len();
    s.click_label(panel, &s.t("action.laneAfter")).await;
    s.app
        .find("[data-testid='lane-kind-kpis']")
        .await
        .click()
        .await
        .unwrap();
    s.app.settle().await;
    s.escape().await;
    assert_eq!(s.map().lanes.len(), n + 1);
    s.click_at(&title, 20.0, 10.0).await;
    s.click_label(panel, &s.t("action.deleteLane")).await;
    assert!(s.map().lane(&lane).is_none());

    // Nothing selected: the map's title and description.
    s.escape().await;
    s.app.js("document.activeElement?.blur?.();").await;
    s.escape().await;
    s.set_field("#inspector-name", "Pedidos del obrador").await;
    assert_eq!(s.map().title, "Pedidos del obrador");
    s.set_field(&format!("{panel} textarea"), "Del antojo a la recogida")
        .await;
    assert_eq!(
        s.map().description.as_deref(),
        Some("Del antojo a la recogida")
    );
}

/// Every item of the native menu bar, through GTK.
async fn native_menu(
    s: &Sweep,
    answers: &DialogAnswers,
    opener: &FakeOpener,
    printed: &Path,
    dir: &Path,
) {
    let ids: BTreeSet<String> =
        s.t.keys()
            .filter_map(|k| k.strip_prefix("menu.item."))
            .map(String::from)
            .collect();
    let swept: BTreeSet<String> = MENUS
        .iter()
        .flat_map(|(_, items)| items.iter().map(|(id, _)| id.to_string()))
        .collect();
    assert_eq!(ids, swept, "every menu item is swept here");

    // View.
    s.native("zoom_reset").await;
    assert_eq!(s.zoom().await, "100 %");
    s.native("zoom_in").await;
    let z = s.zoom().await;
    assert_ne!(z, "100 %");
    s.native("zoom_out").await;
    assert_ne!(s.zoom().await, z);
    s.native("zoom_fit").await;
    s.native("present").await;
    s.wait_visible("[data-testid=presentation]").await;
    s.escape().await;
    s.wait_gone("[data-testid=presentation]").await;

    // Edit: on a selected card.
    let m = s.map();
    let (card, _) = s.card_css(&m, LaneKind::Touchpoints);
    s.select_card(&card).await;
    let n = m.cards.len();
    s.native("duplicate").await;
    assert_eq!(s.map().cards.len(), n + 1);
    s.native("undo").await;
    assert_eq!(s.map().cards.len(), n);
    s.native("redo").await;
    assert_eq!(s.map().cards.len(), n + 1);
    s.select_card(&card).await;
    s.native("copy_image").await;
    let (w, h) = travesia_e2e::clipboard_png_size();
    assert!(
        w > 100 && h > 50,
        "the card is on the clipboard as a picture: {w} × {h}"
    );
    s.native("copy").await;
    s.native("paste").await;
    assert_eq!(s.map().cards.len(), n + 2);
    s.select_card(&card).await;
    s.native("delete").await;
    assert!(s.map().card(&card).is_none());
    s.native("history").await;
    s.wait_visible("[data-testid=history-panel]").await;
    s.native("history").await;
    s.wait_gone("[data-testid=history-panel]").await;

    // Map.
    for (item, panel) in [
        ("personas", "[data-testid=personas-panel]"),
        ("routes", "[data-testid=routes-panel]"),
    ] {
        s.native(item).await;
        s.wait_visible(panel).await;
        s.native(item).await;
        s.wait_gone(panel).await;
    }
    s.native("channels").await;
    s.wait_visible("[data-testid=channels-dialog]").await;
    s.escape().await;
    s.native("versions").await;
    s.wait_visible("[data-testid=versions-panel]").await;
    s.escape().await;
    s.wait_gone("[data-testid=versions-panel]").await;
    s.native("snapshot").await;
    s.wait_visible("[data-testid=version-name]").await;
    s.set_field("[data-testid=version-name]", "Antes de la revisión")
        .await;
    s.app
        .find("[data-testid=version-save]")
        .await
        .click()
        .await
        .unwrap();
    s.app.settle().await;
    let versions = {
        let lib = travesia_store::Library::open(&s.db).unwrap();
        lib.list_snapshots(&s.id).unwrap()
    };
    assert!(versions.iter().any(|v| v.name == "Antes de la revisión"));
    s.escape().await;

    // File.
    s.native("print").await;
    assert!(
        travesia_e2e::wait_for_file(printed, Duration::from_secs(10)).await,
        "File → Print… writes the page"
    );
    let info = Command::new("pdfinfo").arg(printed).output().unwrap();
    let info = String::from_utf8_lossy(&info.stdout).to_string();
    assert!(
        info.contains("Pages:           1"),
        "File → Print… prints one page: {info}"
    );
    let images = Command::new("pdfimages")
        .arg("-list")
        .arg(printed)
        .output()
        .unwrap();
    let images = String::from_utf8_lossy(&images.stdout).to_string();
    let widest = images
        .lines()
        .skip(2)
        .filter_map(|l| l.split_whitespace().nth(3)?.parse::<u32>().ok())
        .max()
        .unwrap_or(0);
    assert!(widest >= 1500, "the poster at print resolution: {images}");
    // Kept for a look (pdftoppm -png target/e2e/printed.pdf).
    std::fs::copy(printed, travesia_e2e::shots_dir().join("printed.pdf")).unwrap();
    s.native("export").await;
    s.wait_visible("[data-testid=export-dialog]").await;
    s.escape().await;
    let out = dir.join("copia.travesia");
    answers.next(Some(&out));
    s.native("save_as").await;
    travesia_e2e::wait_for_file(&out, Duration::from_secs(5)).await;
    let saved: Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(saved["map"]["title"], "Pedidos del obrador");
    assert_eq!(saved["version"], 2, "the map has a channel of its own");
    // The workshop loop: the map's worksheet, a lane added to it elsewhere,
    // read back as one edit that one undo takes back.
    let sheet = dir.join("taller.csv");
    let never = std::sync::atomic::AtomicBool::new(false);
    travesia_api::export::write(
        &travesia_api::Engine::new(),
        &travesia_api::export::Source::from_document(travesia_core::format::Document {
            map: s.map(),
            extra: Default::default(),
        }),
        &travesia_api::export::ExportOptions {
            layout: travesia_api::sheets::SheetLayout::Worksheet,
            ..travesia_api::export::ExportOptions::new(travesia_api::export::ExportFormat::Csv)
        },
        &sheet,
        |_| {},
        &never,
    )
    .unwrap();
    let mut text = std::fs::read_to_string(&sheet).unwrap();
    text.push_str("Ideas del taller;Oportunidades;Probar un chat\r\n");
    std::fs::write(&sheet, text).unwrap();
    let cards = s.map().cards.len();
    answers.next(Some(&sheet));
    s.native("update_from_sheet").await;
    s.wait_visible("[data-testid=toast]").await;
    let said = s
        .app
        .find("[data-testid=toast]")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        said.contains("Hoja leída en el mapa: 1 tarjeta nueva y 1 carril nuevo."),
        "{said}"
    );
    let m = s.map();
    assert_eq!(m.cards.len(), cards + 1);
    assert_eq!(m.lanes.last().unwrap().title, "Ideas del taller");
    s.native("undo").await;
    assert_eq!(s.map().cards.len(), cards, "one undo takes the sheet back");
    assert!(s.map().lanes.iter().all(|l| l.title != "Ideas del taller"));
    s.native("settings").await;
    s.wait_visible("[data-testid=preferences-dialog]").await;
    s.escape().await;
    s.native("library").await;
    s.wait_visible(&format!("[data-testid=open-map][data-map-id='{}']", s.id))
        .await;
    // Cancelled: nothing is imported, the library stays.
    answers.next(None);
    s.native("open_file").await;
    let maps = s.app.count("[data-testid=open-map]").await;
    assert_eq!(maps, 1);
    s.app.open_map(&s.id).await;
    s.native("new_map").await;
    s.wait_visible("[data-testid^=template-]").await;

    // Help.
    s.native("shortcuts").await;
    s.wait_visible("[data-testid=shortcuts]").await;
    s.escape().await;
    s.native("guide").await;
    s.wait_visible("[data-testid=guide]").await;
    s.escape().await;
    s.native("logs").await;
    let opened = opener.wait(1).await;
    assert_eq!(
        opened.last().map(PathBuf::from),
        Some(travesia_e2e::log_dir(&s.db)),
        "Help → Open logs folder opens the folder the log is in"
    );
    assert!(
        travesia_e2e::log_dir(&s.db).join("travesia.log").is_file(),
        "the app writes its log there"
    );
    s.native("about").await;
    s.wait_visible("[data-testid=about-dialog]").await;
    s.escape().await;

    // Quit last: nothing was thrown in the page before, and the app ends.
    s.app.assert_no_page_errors().await;
    s.native("quit").await;
    let running = || {
        Command::new("pgrep")
            .args(["-f", &format!("--db {}", s.db.display())])
            .output()
            .map(|o| o.status.success())
            .unwrap_or(false)
    };
    for _ in 0..100 {
        if !running() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(!running(), "File → Quit ends the app");
}
