//! Paths: the page can never name a file. No command the webview may call
//! takes a path, a file name, a folder or a URL; files are chosen in native
//! dialogs opened from Rust (src-tauri/src/dialogs.rs), given on the command
//! line, or dropped on the window. And nothing in a `.travesia` file is a
//! path or a URL that anything fetches: the only reference to outside data a
//! file may hold is a persona photo, and it must be an inline PNG/JPEG.

use std::collections::BTreeSet;
use std::path::Path;

/// Every `#[tauri::command]` function in the app crate with its parameter list.
fn commands() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap().flatten() {
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let mut rest = text.as_str();
        while let Some(at) = rest.find("#[tauri::command") {
            rest = &rest[at..];
            let fn_at = rest.find("pub fn ").expect("a command is a pub fn");
            let sig = &rest[fn_at + 7..];
            let name: String = sig
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            let open = sig.find('(').unwrap();
            let close = [sig.find(") ->"), sig.find(") {")]
                .into_iter()
                .flatten()
                .min()
                .unwrap();
            out.push((name, sig[open + 1..close].to_string()));
            rest = &rest[fn_at..];
        }
    }
    out
}

#[test]
fn no_command_takes_a_path_from_the_page() {
    let all = commands();
    assert!(all.len() > 30, "found only {} commands", all.len());
    for (name, params) in &all {
        for param in params.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (arg, ty) = param.split_once(':').unwrap_or((param, ""));
            let arg = arg.trim().trim_start_matches("mut ");
            assert!(
                !ty.contains("PathBuf") && !ty.contains("Path<") && !ty.contains("&Path"),
                "{name} takes a path ({param})"
            );
            for word in ["path", "file", "dir", "folder", "url", "output", "dest"] {
                assert!(
                    !arg.contains(word),
                    "{name} takes a parameter named like a location: {param}"
                );
            }
        }
    }
}

#[test]
fn every_command_the_page_may_call_is_granted_and_nothing_else() {
    let build =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("build.rs")).unwrap();
    let listed: BTreeSet<String> = build
        .lines()
        .filter_map(|l| {
            l.trim()
                .strip_prefix('"')
                .and_then(|l| l.strip_suffix("\","))
        })
        .map(String::from)
        .collect();
    let defined: BTreeSet<String> = commands().into_iter().map(|(n, _)| n).collect();
    assert_eq!(
        listed, defined,
        "build.rs lists exactly the commands defined"
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
    let expected: BTreeSet<String> = defined
        .iter()
        .map(|n| format!("allow-{}", n.replace('_', "-")))
        .chain([
            "core:event:allow-listen".into(),
            "core:event:allow-unlisten".into(),
        ])
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
