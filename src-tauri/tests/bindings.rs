//! The committed TypeScript bindings are exactly what the Rust types generate.
//! Set TRAVESIA_UPDATE_BINDINGS=1 to rewrite them after changing a type.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn ts_files(dir: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        // index.ts is written by hand: it re-exports the generated files.
        if name.ends_with(".ts") && name != "index.ts" {
            out.insert(name, std::fs::read_to_string(&path).unwrap());
        }
    }
    out
}

#[test]
fn committed_bindings_match_the_rust_types() {
    let committed_dir: PathBuf = [
        env!("CARGO_MANIFEST_DIR"),
        "..",
        "ui",
        "src",
        "lib",
        "bindings",
    ]
    .iter()
    .collect();
    let tmp = tempfile::tempdir().unwrap();
    travesia::bindings::export_all(tmp.path()).unwrap();
    let generated = ts_files(tmp.path());
    assert!(generated.contains_key("AppError.ts") && generated.contains_key("Edit.ts"));
    if std::env::var_os("TRAVESIA_UPDATE_BINDINGS").is_some() {
        for old in ts_files(&committed_dir).keys() {
            std::fs::remove_file(committed_dir.join(old)).unwrap();
        }
        for (name, text) in &generated {
            std::fs::write(committed_dir.join(name), text).unwrap();
        }
    }
    let committed = ts_files(&committed_dir);
    let stale: Vec<&String> = generated
        .keys()
        .filter(|k| committed.get(*k) != generated.get(*k))
        .collect();
    let extra: Vec<&String> = committed
        .keys()
        .filter(|k| !generated.contains_key(*k))
        .collect();
    assert!(
        stale.is_empty() && extra.is_empty(),
        "ui/src/lib/bindings is out of date (changed or missing: {stale:?}; no longer generated: {extra:?}); \
         run `TRAVESIA_UPDATE_BINDINGS=1 cargo test -p travesia --test bindings`"
    );
    // Every generated type is re-exported for the UI.
    let index = std::fs::read_to_string(committed_dir.join("index.ts")).unwrap();
    for name in generated.keys() {
        let ty = name.trim_end_matches(".ts");
        assert!(
            index.contains(&format!("{{ {ty} }}")),
            "index.ts does not export {ty}"
        );
    }
}
