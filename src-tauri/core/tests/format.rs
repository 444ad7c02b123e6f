//! The `.travesia` reader and writer against docs/FORMAT.md: every refusal rule, the
//! lossless round trip, and hostile sizes and nesting.

use serde_json::{json, Value};
use travesia_core::format::{self, FormatError, MAX_FILE_BYTES};

const EXAMPLE: &str = include_str!("fixtures/ecommerce.travesia");

fn example() -> Value {
    serde_json::from_str(EXAMPLE).unwrap()
}

/// Reads a value and returns every problem line, or panics if it was accepted.
fn refused(v: &Value) -> Vec<String> {
    let bytes = serde_json::to_vec(v).unwrap();
    match format::read_bytes(&bytes) {
        Ok(_) => panic!("accepted a file that must be refused: {v}"),
        Err(e) => e.lines(),
    }
}

fn assert_refused(v: &Value, path: &str, words: &str) {
    let lines = refused(v);
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with(path) && l.contains(words)),
        "expected an error at {path} mentioning {words:?}, got {lines:?}"
    );
}

#[test]
fn the_example_reads() {
    let doc = format::read_bytes(EXAMPLE.as_bytes()).expect("example is valid");
    assert_eq!(doc.map.id, "zapatillas");
    assert_eq!(doc.map.stages.len(), 6);
    assert_eq!(doc.map.routes()[0].steps, ["t3", "t4", "t5"]);
}

#[test]
fn round_trip_is_lossless_including_unknown_fields() {
    let mut v = example();
    // Fields a newer tool might add, at every level.
    v["generator"] = json!({"name": "otra", "v": [1, 2]});
    v["map"]["x_board"] = json!("kept");
    v["map"]["theme"] = json!({"accent": "#123ABC", "font_scale": 1.25, "x_font": "Serif"});
    v["map"]["stages"][0]["x_icon"] = json!("bulb");
    v["map"]["lanes"][0]["x_height"] = json!(120);
    v["map"]["cards"][0]["x_votes"] = json!([{"who": "ana"}]);
    v["map"]["cards"][0]["value"] = json!(1200);
    v["map"]["cards"][1]["value"] = json!(12.5);
    v["map"]["routes"][0]["x_dash"] = json!(true);
    v["map"]["personas"] = json!([{"id": "ana", "name": "Ana", "x_age": 34}]);
    let bytes = serde_json::to_vec(&v).unwrap();
    let doc = format::read_bytes(&bytes).unwrap();
    let out: Value = serde_json::from_str(&format::to_string(&doc)).unwrap();
    // Equal as JSON values: same fields, same values, nothing lost or added.
    assert_eq!(out, v);
}

#[test]
fn malformed_json_is_refused() {
    let e = format::read_bytes(b"{\"format\": \"travesia\", ").unwrap_err();
    assert!(matches!(e, FormatError::Json(_)), "{e}");
    let e = format::read_bytes(b"\xff\xfe not utf8").unwrap_err();
    assert!(matches!(e, FormatError::Json(_)), "{e}");
}

#[test]
fn wrong_format_and_newer_version_are_refused() {
    let mut v = example();
    v["format"] = json!("excalidraw");
    assert_refused(&v, "format", "must be \"travesia\"");
    let mut v = example();
    v["version"] = json!(7);
    let e = format::read_bytes(&serde_json::to_vec(&v).unwrap()).unwrap_err();
    assert!(
        e.to_string()
            .contains("made by a newer Travesía (version 7)"),
        "{e}"
    );
    let mut v = example();
    v["version"] = json!(0);
    assert_refused(&v, "version", "≥ 1");
}

#[test]
fn missing_required_fields_are_refused() {
    for (field, path) in [
        ("title", "map.title"),
        ("stages", "map.stages"),
        ("lanes", "map.lanes"),
        ("cards", "map.cards"),
    ] {
        let mut v = example();
        v["map"].as_object_mut().unwrap().remove(field);
        assert_refused(&v, path, "required field is missing");
    }
    let mut v = example();
    v["map"]["cards"][2].as_object_mut().unwrap().remove("lane");
    assert_refused(&v, "map.cards[2].lane", "required");
    let mut v = example();
    v.as_object_mut().unwrap().remove("map");
    assert_refused(&v, "map", "required");
}

#[test]
fn duplicate_ids_are_refused_across_kinds() {
    let mut v = example();
    // A card that reuses a stage's id.
    v["map"]["cards"][0]["id"] = json!("s2");
    assert_refused(&v, "map.cards[0].id", "duplicate id \"s2\"");
}

#[test]
fn dangling_references_are_refused() {
    let mut v = example();
    v["map"]["cards"][12]["stage"] = json!("s9");
    assert_refused(&v, "map.cards[12].stage", "no stage with id \"s9\"");
    let mut v = example();
    v["map"]["cards"][0]["lane"] = json!("zz");
    assert_refused(&v, "map.cards[0].lane", "no lane with id \"zz\"");
    let mut v = example();
    v["map"]["routes"][0]["steps"][1] = json!("nope");
    assert_refused(&v, "map.routes[0].steps[1]", "no card with id \"nope\"");
}

#[test]
fn two_points_in_one_emotion_stage_are_refused() {
    let mut v = example();
    let cards = v["map"]["cards"].as_array_mut().unwrap();
    cards.push(json!({"id": "e1b", "stage": "s1", "lane": "e", "text": "otra", "score": 0}));
    assert_refused(&v, "map.cards[", "at most one card per stage");
}

#[test]
fn bad_values_are_refused() {
    let cases: Vec<(&str, Value, &str, &str)> = vec![
        ("score", json!(3), "map.cards[9].score", "outside −2..2"),
        ("score", json!(1.5), "map.cards[9].score", "whole number"),
        ("color", json!("red"), "map.cards[9].color", "#RRGGBB"),
        ("color", json!("#12345G"), "map.cards[9].color", "#RRGGBB"),
        (
            "text",
            json!("x".repeat(10_001)),
            "map.cards[9].text",
            "limit is 10000",
        ),
        ("text", json!(5), "map.cards[9].text", "must be a string"),
        (
            "channel",
            json!("fax"),
            "map.cards[9].channel",
            "unknown channel",
        ),
        ("value", json!(-1), "map.cards[9].value", "≥ 0"),
        (
            "id",
            json!("con espacio"),
            "map.cards[9].id",
            "not a valid id",
        ),
        (
            "id",
            json!("a".repeat(65)),
            "map.cards[9].id",
            "not a valid id",
        ),
    ];
    for (field, value, path, words) in cases {
        let mut v = example();
        v["map"]["cards"][9][field] = value;
        assert_refused(&v, path, words);
    }
    let mut v = example();
    v["map"]["title"] = json!("");
    assert_refused(&v, "map.title", "must not be empty");
    let mut v = example();
    v["map"]["title"] = json!("t".repeat(201));
    assert_refused(&v, "map.title", "limit is 200");
    let mut v = example();
    v["map"]["lanes"][0]["kind"] = json!("feelings");
    assert_refused(&v, "map.lanes[0].kind", "unknown lane kind");
}

#[test]
fn bad_photos_are_refused() {
    use base64::Engine;
    let b64 = |b: &[u8]| base64::engine::general_purpose::STANDARD.encode(b);
    let png_head = b"\x89PNG\r\n\x1a\n0000";
    let cases = vec![
        (
            format!("data:image/gif;base64,{}", b64(b"GIF89a")),
            "data:image/png",
        ),
        (
            format!("data:image/png;base64,{}", b64(b"<svg onload=x>")),
            "not a PNG",
        ),
        ("data:image/png;base64,@@@".to_string(), "not valid base64"),
        (
            format!(
                "data:image/png;base64,{}",
                b64(&[png_head.as_slice(), &vec![0u8; 2 * 1024 * 1024]].concat())
            ),
            "over 2 MiB",
        ),
    ];
    for (photo, words) in cases {
        let mut v = example();
        v["map"]["personas"] = json!([{"id": "ana", "name": "Ana", "photo": photo}]);
        assert_refused(&v, "map.personas[0].photo", words);
    }
    let mut v = example();
    v["map"]["personas"] = json!([{"id": "ana", "name": "Ana", "photo": format!("data:image/png;base64,{}", b64(png_head))}]);
    assert!(format::read_bytes(&serde_json::to_vec(&v).unwrap()).is_ok());
}

#[test]
fn every_problem_is_reported_at_once() {
    let mut v = example();
    v["map"]["cards"][0]["score"] = json!(9);
    v["map"]["cards"][1]["color"] = json!("blue");
    v["map"]["stages"][0]["color"] = json!("#GGGGGG");
    let lines = refused(&v);
    assert!(lines.len() >= 3, "{lines:?}");
}

/// A value of the wrong type does not stop the reader: the dangling
/// reference, the duplicate id and the too-long title elsewhere in the file
/// are reported in the same run, and the type error once.
#[test]
fn type_errors_do_not_hide_the_other_problems() {
    let mut v = example();
    v["map"]["cards"][5]["text"] = json!(123);
    v["map"]["cards"][2]["stage"] = json!("nowhere");
    v["map"]["lanes"][1]["id"] = v["map"]["lanes"][0]["id"].clone();
    v["map"]["stages"][0]["title"] = json!("x".repeat(300));
    v["map"]["routes"][0] = json!(7);
    let lines = refused(&v);
    let at = |p: &str| lines.iter().filter(|l| l.starts_with(p)).count();
    assert_eq!(at("map.cards[5].text:"), 1, "{lines:?}");
    assert_eq!(at("map.cards[2].stage:"), 1, "{lines:?}");
    assert_eq!(at("map.lanes[1].id:"), 1, "{lines:?}");
    assert_eq!(at("map.stages[0].title:"), 1, "{lines:?}");
    assert_eq!(at("map.routes[0]"), 1, "{lines:?}");
    // Lane 1 lost its own id, so its cards now point at a lane that is not there.
    let stranded = lines
        .iter()
        .filter(|l| l.contains("no lane with id"))
        .count();
    assert!(stranded > 0, "{lines:?}");
    assert_eq!(lines.len(), 5 + stranded, "{lines:?}");
}

/// A bad theme in an otherwise sound file is one problem, told once.
#[test]
fn a_theme_problem_is_reported_once() {
    let mut v = example();
    v["map"]["theme"] = json!({ "accent": "teal" });
    let lines = refused(&v);
    let accent: Vec<&String> = lines
        .iter()
        .filter(|l| l.starts_with("map.theme.accent"))
        .collect();
    assert_eq!(accent.len(), 1, "{lines:?}");
    assert_eq!(lines.len(), 1, "{lines:?}");
}

#[test]
fn a_file_nested_100000_levels_is_refused_without_recursion() {
    let mut s = String::from("{\"format\":\"travesia\",\"version\":1,\"map\":");
    s.push_str(&"[".repeat(100_000));
    s.push_str(&"]".repeat(100_000));
    s.push('}');
    let e = format::read_bytes(s.as_bytes()).unwrap_err();
    assert!(matches!(e, FormatError::TooDeep), "{e}");
    assert!(e.to_string().contains("deeper than 64"));
    // Brackets inside strings are text, not nesting.
    let mut v = example();
    v["map"]["cards"][0]["text"] = json!("[[[[".repeat(100));
    assert!(format::read_bytes(&serde_json::to_vec(&v).unwrap()).is_ok());
}

#[test]
fn a_70_mb_file_is_refused_before_it_is_read() {
    let dir = std::env::temp_dir().join(format!("travesia-big-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("big.travesia");
    let f = std::fs::File::create(&path).unwrap();
    // A sparse 70 MB file: if the reader read it, memory would show it; the
    // refusal comes from its size alone.
    f.set_len(70 * 1000 * 1000).unwrap();
    let e = format::read_file(&path).unwrap_err();
    assert!(
        matches!(e, FormatError::TooLarge { bytes } if bytes > MAX_FILE_BYTES),
        "{e}"
    );
    assert!(e.to_string().contains("64 MiB"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_missing_file_names_its_path() {
    let e = format::read_file(std::path::Path::new("/nonexistent/mapa.travesia")).unwrap_err();
    assert!(e.to_string().contains("/nonexistent/mapa.travesia"), "{e}");
}
