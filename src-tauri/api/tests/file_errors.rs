//! A refused file as the window receives it, made by the real reader: the UI's
//! tests of the file-error dialog read these answers
//! (`ui/src/lib/testing/answers/file-errors.json`), so the words, details and
//! valid part they show are Rust's. Set TRAVESIA_UPDATE_BINDINGS=1 to write
//! them again after changing the reader or the catalogues.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{json, Value};
use travesia_api::import::{self, OpenedFile};

const EXAMPLE: &str = include_str!("../../core/tests/fixtures/ecommerce.travesia");

/// Where the files seem to be, in the answers (the real ones are in a temporary folder).
const SHOWN_DIR: &str = "/home/ana/Descargas";

fn refused(name: &str, bytes: &[u8], lang: &str) -> OpenedFile {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(name);
    std::fs::write(&file, bytes).unwrap();
    let error = import::read(&file, lang).expect_err("the file is refused");
    OpenedFile {
        path: format!("{SHOWN_DIR}/{name}"),
        id: None,
        error: Some(error),
        notes: Vec::new(),
    }
}

fn broken() -> Vec<u8> {
    let mut v: Value = serde_json::from_str(EXAMPLE).unwrap();
    v["map"]["cards"][5]["text"] = json!(123);
    v["map"]["cards"][3]["score"] = json!(7);
    v["map"]["stages"][1]["color"] = json!("azul");
    serde_json::to_vec_pretty(&v).unwrap()
}

#[test]
fn the_windows_file_errors_are_the_readers() {
    let mut answers = BTreeMap::new();
    for lang in ["es", "en", "pt-BR"] {
        answers.insert(
            format!("broken.{lang}"),
            refused("viaje roto.travesia", &broken(), lang),
        );
    }
    answers.insert(
        "not_travesia.es".to_string(),
        refused("foto.travesia", br#"{"hello": "world"}"#, "es"),
    );

    // What the dialog relies on, said here so a change of the reader shows up in Rust first.
    let es = answers["broken.es"].error.as_ref().unwrap();
    let words: Vec<&str> = es.issues.iter().map(|i| i.words.as_str()).collect();
    assert!(
        words.contains(&"Tarjeta 6: el texto es un número y debe ser un texto"),
        "{words:?}"
    );
    let part = es.valid_part.as_ref().expect("the rest is sound");
    assert!(
        part.left_out.iter().any(|t| t.starts_with("Etapa 2")),
        "{:?}",
        part.left_out
    );
    let other = answers["not_travesia.es"].error.as_ref().unwrap();
    assert!(other.valid_part.is_none());
    let words: Vec<&str> = other.issues.iter().map(|i| i.words.as_str()).collect();
    assert_eq!(words, ["El archivo: no es un archivo de Travesía"]);

    let made = serde_json::to_value(&answers).unwrap();
    let file = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../ui/src/lib/testing/answers/file-errors.json");
    if std::env::var_os("TRAVESIA_UPDATE_BINDINGS").is_some() {
        let mut text = serde_json::to_string_pretty(&made).unwrap();
        text.push('\n');
        std::fs::write(&file, text).unwrap();
    }
    let committed: Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap_or_default())
            .unwrap_or(Value::Null);
    assert_eq!(
        committed, made,
        "ui/src/lib/testing/answers/file-errors.json is out of date; run \
         `TRAVESIA_UPDATE_BINDINGS=1 cargo test -p travesia-api --test file_errors`"
    );
}
