//! The UI's unit tests run on Rust's real answers. When they meet a map or an
//! edit they have no answer for, they record it (`make ui-answers` runs them
//! so) in `ui/src/lib/testing/answers/requests/`: a map, and the steps taken
//! from it (edits, undo, redo, a route shown or hidden). This test plays each
//! line of steps on a fresh library, as the window would, and keeps what Rust
//! answered (the whole view when the map opens, then the patch or refusal of
//! each step) in `ui/src/lib/testing/answers/<map>.json.gz`.
//!
//! It fails when a committed answer is not what Rust answers today (the
//! layout, an edit's rules or the patches changed): set
//! TRAVESIA_UPDATE_BINDINGS=1 to write them again.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value;
use travesia_api::{AppError, MapView, Session, ViewUpdate};
use travesia_core::{Edit, Map};

/// One step the page took on an open map.
#[derive(Debug, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
enum Op {
    Edit { edit: Box<Edit> },
    Undo,
    Redo,
    Route { route: String, visible: bool },
    Persona { persona: Option<String> },
}

/// Steps from the map as it opened, with the UI's key for each prefix of them.
#[derive(Debug, Deserialize)]
struct Line {
    ops: Vec<Op>,
    keys: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct Requests {
    key: String,
    base: Map,
    lines: Vec<Line>,
}

/// What Rust answered a step.
#[derive(Debug, Serialize)]
#[serde(rename_all = "snake_case")]
enum Answer {
    Update(Box<ViewUpdate>),
    Error(AppError),
}

#[derive(Debug, Serialize)]
struct Answers {
    key: String,
    open: Value,
    steps: BTreeMap<String, Value>,
}

fn answers_dir() -> PathBuf {
    [
        env!("CARGO_MANIFEST_DIR"),
        "..",
        "..",
        "ui",
        "src",
        "lib",
        "testing",
        "answers",
    ]
    .iter()
    .collect()
}

fn gunzip(path: &Path) -> String {
    let mut text = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(path).unwrap())
        .read_to_string(&mut text)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text
}

fn gzip(text: &str) -> Vec<u8> {
    // No name and no time in the header: the same answers, the same bytes.
    let mut z = flate2::GzBuilder::new()
        .mtime(0)
        .write(Vec::new(), flate2::Compression::best());
    z.write_all(text.as_bytes()).unwrap();
    z.finish().unwrap()
}

/// The instant the library stamps changes with while the answers are made.
const PINNED_INSTANT: &str = "2026-01-01T00:00:00.000Z";

/// The one thing pinned: the library stamps a map with the time of each
/// change, which would make every answer new at each run.
fn pin_clock(v: &mut Value) {
    match v {
        Value::Object(o) => {
            for (k, x) in o.iter_mut() {
                if (k == "created_at" || k == "updated_at") && x.is_string() {
                    *x = Value::String(PINNED_INSTANT.into());
                } else {
                    pin_clock(x);
                }
            }
        }
        Value::Array(a) => a.iter_mut().for_each(pin_clock),
        _ => {}
    }
}

fn pinned(value: impl Serialize) -> Value {
    let mut v = serde_json::to_value(value).unwrap();
    pin_clock(&mut v);
    v
}

fn step(session: &Session, id: &str, op: &Op) -> Value {
    let update = match op {
        Op::Edit { edit } => session.apply_edit(id, edit),
        Op::Undo => session.undo(id),
        Op::Redo => session.redo(id),
        Op::Route { route, visible } => session.set_route_visible(id, route, *visible),
        Op::Persona { persona } => session.set_persona_filter(id, persona.as_deref()),
    };
    pinned(match update {
        Ok(u) => Answer::Update(Box::new(u)),
        Err(e) => Answer::Error(e),
    })
}

/// Plays every line of `req` from the map as it opens.
fn answer(req: &Requests) -> Answers {
    let mut open = None;
    let mut steps = BTreeMap::new();
    for line in &req.lines {
        assert_eq!(
            line.ops.len(),
            line.keys.len(),
            "{}: a key for each step",
            req.key
        );
        let dir = tempfile::tempdir().unwrap();
        let session = Session::open(dir.path().join("library.db"));
        // The date a map was changed is drawn on it: the same day whenever the answers are made.
        session
            .with_library(|lib| {
                lib.pin_clock(Some(PINNED_INSTANT));
                Ok(())
            })
            .unwrap();
        let id = session
            .with_library(|lib| Ok(lib.create_map(req.base.clone())?))
            .unwrap_or_else(|e| panic!("{}: Rust refuses the map: {}", req.key, e.message));
        assert_eq!(id, req.base.id, "{}: the map keeps its id", req.key);
        let view: MapView = session.open_map(&id).unwrap();
        open.get_or_insert_with(|| pinned(view));
        for (op, key) in line.ops.iter().zip(&line.keys) {
            let a = step(&session, &id, op);
            if let Some(before) = steps.get(key) {
                assert_eq!(before, &a, "{}: step {key} answered two ways", req.key);
            }
            steps.insert(key.clone(), a);
        }
    }
    Answers {
        key: req.key.clone(),
        open: open.unwrap_or_else(|| panic!("{}: no line to play", req.key)),
        steps,
    }
}

fn files_in(dir: &Path, ext: &str) -> BTreeMap<String, PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return BTreeMap::new();
    };
    entries
        .flatten()
        .map(|e| e.path())
        .filter_map(|p| {
            let name = p.file_name()?.to_str()?.strip_suffix(ext)?.to_string();
            Some((name, p))
        })
        .collect()
}

#[test]
fn the_ui_tests_answers_are_what_rust_answers() {
    let dir = answers_dir();
    // One file a map and test file (`<map>--<test>.json.gz`): the lines of a map, together.
    let mut requests: BTreeMap<String, Requests> = BTreeMap::new();
    for (name, path) in files_in(&dir.join("requests"), ".json.gz") {
        let mut req: Requests = serde_json::from_str(&gunzip(&path))
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(name.split("--").next(), Some(req.key.as_str()));
        match requests.get_mut(&req.key) {
            Some(all) => all.lines.append(&mut req.lines),
            None => {
                requests.insert(req.key.clone(), req);
            }
        }
    }
    assert!(
        requests.len() >= 3,
        "the UI tests recorded only {} maps; run `make ui-answers`",
        requests.len()
    );
    let update = std::env::var_os("TRAVESIA_UPDATE_BINDINGS").is_some();
    let mut stale = Vec::new();
    for (key, req) in &requests {
        let made = serde_json::to_string(&answer(req)).unwrap();
        let file = dir.join(format!("{key}.json.gz"));
        let committed = file.exists().then(|| gunzip(&file));
        // Compared as JSON values: the same answer whatever the spacing.
        let same = committed
            .as_deref()
            .and_then(|c| serde_json::from_str::<Value>(c).ok())
            == serde_json::from_str::<Value>(&made).ok();
        if !same {
            if update {
                std::fs::write(&file, gzip(&made)).unwrap();
            } else {
                stale.push(key.clone());
            }
        }
    }
    // Answers nothing asks for any more.
    for (key, path) in files_in(&dir, ".json.gz") {
        if !requests.contains_key(&key) {
            if update {
                std::fs::remove_file(path).unwrap();
            } else {
                stale.push(key);
            }
        }
    }
    assert!(
        stale.is_empty(),
        "the UI tests' answers are out of date for {stale:?}; run \
         `TRAVESIA_UPDATE_BINDINGS=1 cargo test -p travesia-api --test ui_answers` \
         (or `make ui-answers` after changing a UI test)"
    );
}
