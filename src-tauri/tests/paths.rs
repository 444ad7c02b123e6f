//! Paths: the page can never name a file. No command the webview may call
//! takes a path, a file name, a folder or a URL; files are chosen in native
//! dialogs opened from Rust (src-tauri/src/dialogs.rs), given on the command
//! line, or dropped on the window. And nothing in a `.travesia` file is a
//! path or a URL that anything fetches: the only reference to outside data a
//! file may hold is a persona photo, and it must be an inline PNG/JPEG.

use std::collections::BTreeSet;
use std::path::Path;

use travesia::ipc;

#[test]
fn no_command_takes_a_path_from_the_page() {
    let all = ipc::declarations();
    assert!(all.len() > 30, "found only {} commands", all.len());
    for d in &all {
        for ((arg, _), ty) in d.args.iter().zip(&d.rust_types) {
            assert!(
                !ty.contains("PathBuf") && !ty.contains("Path<") && !ty.contains("&Path"),
                "{} takes a path ({arg}: {ty})",
                d.name
            );
            for word in ["path", "file", "dir", "folder", "url", "output", "dest"] {
                assert!(
                    !arg.contains(word),
                    "{} takes a parameter named like a location: {arg}",
                    d.name
                );
            }
        }
    }
}

/// Every `#[tauri::command` in the app crate's sources, by file.
fn command_attributes() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap().flatten() {
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        out.extend(text.matches("#[tauri::command").map(|_| name.clone()));
    }
    out
}

#[test]
fn every_command_the_page_may_call_is_granted_and_nothing_else() {
    // Commands are made only from the list, in ipc.rs (one for the main
    // thread, one for the workers): none is defined beside it.
    let attributes = command_attributes();
    assert!(
        attributes.iter().all(|file| file == "ipc.rs"),
        "a command defined outside the list: {attributes:?}"
    );
    let declared: BTreeSet<String> = ipc::declarations()
        .into_iter()
        .map(|d| format!("allow-{}", d.name.replace('_', "-")))
        .collect();
    // The app's default permission set, which build.rs writes from the list.
    let set = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("permissions/generated/default.toml"),
    )
    .unwrap();
    let in_set: BTreeSet<String> = set
        .lines()
        .filter_map(|l| {
            l.trim()
                .strip_prefix('"')
                .and_then(|l| l.strip_suffix("\","))
        })
        .map(String::from)
        .collect();
    assert_eq!(
        in_set, declared,
        "the default set grants exactly the declared commands"
    );
    let caps: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("capabilities/default.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let granted: BTreeSet<String> = caps["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().to_string())
        .collect();
    let expected: BTreeSet<String> = [
        "core:event:allow-listen",
        "core:event:allow-unlisten",
        "default",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    assert_eq!(
        granted, expected,
        "the window is granted our commands and event listening only"
    );
}

#[test]
fn a_file_cannot_point_outside_itself() {
    use travesia_core::format;
    let base = include_str!("../../tests/fixtures/ecommerce.travesia");
    for photo in [
        "file:///etc/passwd",
        "http://example.com/tracker.png",
        "https://example.com/a.jpg",
        "javascript:alert(1)",
        "data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+PC9zdmc+",
        "/home/someone/photo.png",
        "../photo.png",
    ] {
        let mut v: serde_json::Value = serde_json::from_str(base).unwrap();
        v["map"]["personas"] = serde_json::json!([{"id": "p", "name": "P", "photo": photo}]);
        let err = format::read_bytes(v.to_string().as_bytes()).unwrap_err();
        assert!(
            err.to_string().contains("map.personas[0].photo"),
            "{photo:?} is refused at its JSON path: {err}"
        );
    }
}
