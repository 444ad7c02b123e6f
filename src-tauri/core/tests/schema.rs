//! The shipped JSON Schemas and the reader agree: on every built-in template and
//! example, and on each rule a schema can express. Rules it cannot express
//! (references, uniqueness) are listed in its description and left to the reader.
//! The version 2 schema describes what this reader reads; the version 1 schema
//! still describes every file the writer writes as version 1.

use serde_json::{json, Value};
use travesia_core::format;
use travesia_core::model::{CONFIDENCES, SOURCES};
use travesia_core::templates;
use travesia_core::validate::{
    CHANNELS_MAX, CHANNEL_NAME_MAX, STAGE_WIDTH_MAX, STAGE_WIDTH_MIN, TEXT_MAX, TITLE_MAX,
};

const SCHEMA: &str = include_str!("../schema/travesia-2.schema.json");
const SCHEMA_1: &str = include_str!("../schema/travesia-1.schema.json");
const EXAMPLE: &str = include_str!("fixtures/ecommerce.travesia");

fn schema() -> Value {
    serde_json::from_str(SCHEMA).unwrap()
}

fn schema_accepts(v: &Value) -> bool {
    jsonschema::validator_for(&schema()).unwrap().is_valid(v)
}

fn schema_1_accepts(v: &Value) -> bool {
    let s: Value = serde_json::from_str(SCHEMA_1).unwrap();
    jsonschema::validator_for(&s).unwrap().is_valid(v)
}

/// The example with channels of its own: a card on WhatsApp, a stage wider
/// than the rest.
fn with_own_channels() -> Value {
    let mut v: Value = serde_json::from_str(EXAMPLE).unwrap();
    v["map"]["channels"] = json!([
        {"id": "whatsapp", "name": "WhatsApp", "icon": "message"},
        {"id": "bizum", "name": "Bizum"}
    ]);
    v["map"]["cards"][3]["channel"] = json!("whatsapp");
    v["map"]["stages"][1]["width"] = json!(320);
    v
}

fn reader_accepts(v: &Value) -> bool {
    format::read_bytes(&serde_json::to_vec(v).unwrap()).is_ok()
}

#[test]
fn templates_and_examples_pass_both() {
    let mut docs: Vec<Value> = vec![serde_json::from_str(EXAMPLE).unwrap()];
    for name in templates::NAMES {
        for lang in templates::LANGS {
            let map = templates::load(name, lang).unwrap();
            docs.push(format::to_value(&format::Document {
                map,
                extra: Default::default(),
            }));
        }
    }
    for d in &docs {
        assert!(schema_accepts(d), "schema refused {}", d["map"]["title"]);
        assert!(reader_accepts(d), "reader refused {}", d["map"]["title"]);
        // Only the service blueprint needs version 2, for its lane kinds.
        let blueprint = d["map"]["lanes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["kind"] == json!("backstage"));
        let version = if blueprint { 2 } else { 1 };
        assert_eq!(d["version"], json!(version), "{}", d["map"]["title"]);
        assert_eq!(
            schema_1_accepts(d),
            !blueprint,
            "schema 1 and {}",
            d["map"]["title"]
        );
    }
}

#[test]
fn a_map_with_its_own_channels_or_widths_is_written_as_version_2() {
    let v = with_own_channels();
    let doc = format::read_bytes(&serde_json::to_vec(&v).unwrap()).unwrap();
    let written = format::to_value(&doc);
    assert_eq!(written["version"], json!(2));
    assert!(schema_accepts(&written));
    assert!(
        !schema_1_accepts(&written),
        "version 1 knows no own channels"
    );
    // Either alone is enough to need version 2.
    let mut only_width = doc.clone();
    only_width.map.channels = None;
    only_width.map.cards[3].channel = None;
    assert_eq!(format::to_value(&only_width)["version"], json!(2));
    let mut neither = only_width;
    neither.map.stages[1].width = None;
    assert_eq!(format::to_value(&neither)["version"], json!(1));
    // A lane of a service blueprint's kinds needs it too: a version 1
    // reader would refuse the kind.
    for kind in ["evidence", "frontstage", "backstage", "support"] {
        let mut v: Value = serde_json::from_str(EXAMPLE).unwrap();
        v["map"]["lanes"][1]["kind"] = json!(kind);
        let doc = format::read_bytes(&serde_json::to_vec(&v).unwrap()).unwrap();
        let written = format::to_value(&doc);
        assert_eq!(written["version"], json!(2), "{kind}");
        assert!(schema_accepts(&written), "{kind}");
        assert!(!schema_1_accepts(&written), "version 1 knows no {kind}");
    }
    // So does the presenter's look: brand, density, footer, a lane not printed.
    let looks: Vec<(&str, Change)> = vec![
        (
            "company",
            Box::new(|v| v["map"]["theme"] = json!({"company": "Ñandú S.A."})),
        ),
        (
            "density",
            Box::new(|v| v["map"]["theme"] = json!({"density": "compact"})),
        ),
        (
            "footer",
            Box::new(|v| v["map"]["theme"] = json!({"footer": ["confidential", "date"]})),
        ),
        (
            "print",
            Box::new(|v| v["map"]["lanes"][0]["print"] = json!(false)),
        ),
        (
            "evidence",
            Box::new(|v| {
                v["map"]["cards"][0]["evidence"] = json!({
                    "confidence": "assumption",
                    "source": "interview",
                    "note": "«No encontré el horario», dijo Begoña",
                    "date": "2024-02-29"
                })
            }),
        ),
    ];
    for (name, change) in looks {
        let mut v: Value = serde_json::from_str(EXAMPLE).unwrap();
        change(&mut v);
        let doc = format::read_bytes(&serde_json::to_vec(&v).unwrap()).unwrap();
        let written = format::to_value(&doc);
        assert_eq!(written["version"], json!(2), "{name}");
        assert!(schema_accepts(&written), "{name}");
        // Read back the same, in the order it was given.
        assert_eq!(
            format::read_bytes(&serde_json::to_vec(&written).unwrap()).unwrap(),
            doc,
            "{name}"
        );
    }
}

type Change = Box<dyn Fn(&mut Value)>;

#[test]
fn each_expressible_rule_is_refused_by_both() {
    let base: Value = serde_json::from_str(EXAMPLE).unwrap();
    let cases: Vec<(&str, Change)> = vec![
        ("format", Box::new(|v| v["format"] = json!("x"))),
        ("version", Box::new(|v| v["version"] = json!(3))),
        (
            "no map",
            Box::new(|v| {
                v.as_object_mut().unwrap().remove("map");
            }),
        ),
        (
            "no title",
            Box::new(|v| {
                v["map"].as_object_mut().unwrap().remove("title");
            }),
        ),
        ("empty title", Box::new(|v| v["map"]["title"] = json!(""))),
        (
            "long title",
            Box::new(|v| v["map"]["title"] = json!("t".repeat(TITLE_MAX + 1))),
        ),
        (
            "no cards",
            Box::new(|v| {
                v["map"].as_object_mut().unwrap().remove("cards");
            }),
        ),
        (
            "bad id",
            Box::new(|v| v["map"]["stages"][0]["id"] = json!("a b")),
        ),
        (
            "long id",
            Box::new(|v| v["map"]["stages"][0]["id"] = json!("a".repeat(65))),
        ),
        (
            "lane kind",
            Box::new(|v| v["map"]["lanes"][0]["kind"] = json!("mood")),
        ),
        (
            "stage narrow",
            Box::new(|v| v["map"]["stages"][0]["width"] = json!(STAGE_WIDTH_MIN - 1.0)),
        ),
        (
            "stage wide",
            Box::new(|v| v["map"]["stages"][0]["width"] = json!(STAGE_WIDTH_MAX + 1.0)),
        ),
        (
            "stage width type",
            Box::new(|v| v["map"]["stages"][0]["width"] = json!("wide")),
        ),
        (
            "own channel without a name",
            Box::new(|v| v["map"]["channels"] = json!([{"id": "wa", "name": ""}])),
        ),
        (
            "own channel name too long",
            Box::new(|v| {
                v["map"]["channels"] =
                    json!([{"id": "wa", "name": "n".repeat(CHANNEL_NAME_MAX + 1)}])
            }),
        ),
        (
            "own channel with a built-in name",
            Box::new(|v| v["map"]["channels"] = json!([{"id": "web", "name": "Web"}])),
        ),
        (
            "own channel bad id",
            Box::new(|v| v["map"]["channels"] = json!([{"id": "w a", "name": "W"}])),
        ),
        (
            "too many own channels",
            Box::new(|v| {
                v["map"]["channels"] = Value::Array(
                    (0..=CHANNELS_MAX)
                        .map(|i| json!({"id": format!("c{i}"), "name": "C"}))
                        .collect(),
                )
            }),
        ),
        (
            "score high",
            Box::new(|v| v["map"]["cards"][9]["score"] = json!(3)),
        ),
        (
            "score float",
            Box::new(|v| v["map"]["cards"][9]["score"] = json!(0.5)),
        ),
        (
            // (A value below zero is a rule of the card's lane, a metrics
            // lane taking one: the reader's to check, as references are.)
            "unit",
            Box::new(|v| v["map"]["cards"][0]["unit"] = json!("x".repeat(21))),
        ),
        (
            "colour",
            Box::new(|v| v["map"]["cards"][0]["color"] = json!("#abc")),
        ),
        (
            "text",
            Box::new(|v| v["map"]["cards"][0]["text"] = json!("x".repeat(TEXT_MAX + 1))),
        ),
        (
            "text type",
            Box::new(|v| v["map"]["cards"][0]["text"] = json!(1)),
        ),
        (
            "photo",
            Box::new(|v| {
                v["map"]["personas"] = json!([{"id": "p", "name": "P", "photo": "http://x/y.png"}])
            }),
        ),
        (
            "persona name",
            Box::new(|v| v["map"]["personas"] = json!([{"id": "p", "name": ""}])),
        ),
        (
            "locale",
            Box::new(|v| v["map"]["locale"] = json!("Español")),
        ),
        (
            "font scale",
            Box::new(|v| v["map"]["theme"] = json!({"font_scale": 9})),
        ),
        (
            "steps",
            Box::new(|v| v["map"]["routes"][0]["steps"] = json!("t3")),
        ),
        (
            "density",
            Box::new(|v| v["map"]["theme"] = json!({"density": "dense"})),
        ),
        (
            "font",
            Box::new(|v| v["map"]["theme"] = json!({"font": "Comic Sans"})),
        ),
        (
            "footer field",
            Box::new(|v| v["map"]["theme"] = json!({"footer": ["date", "page"]})),
        ),
        (
            "logo",
            Box::new(|v| v["map"]["theme"] = json!({"logo": "file:///etc/logo.png"})),
        ),
        (
            "company",
            Box::new(|v| v["map"]["theme"] = json!({"company": "x".repeat(201)})),
        ),
        (
            "print",
            Box::new(|v| v["map"]["lanes"][0]["print"] = json!("no")),
        ),
        (
            "confidence",
            Box::new(|v| v["map"]["cards"][0]["evidence"] = json!({"confidence": "sure"})),
        ),
        (
            "source",
            Box::new(|v| v["map"]["cards"][0]["evidence"] = json!({"source": "rumour"})),
        ),
        (
            "evidence date",
            Box::new(|v| v["map"]["cards"][0]["evidence"] = json!({"date": "2024-13-01"})),
        ),
        (
            "evidence note",
            Box::new(|v| v["map"]["cards"][0]["evidence"] = json!({"note": 5})),
        ),
        (
            "evidence",
            Box::new(|v| v["map"]["cards"][0]["evidence"] = json!("validated")),
        ),
        (
            "card image",
            Box::new(|v| v["map"]["cards"][0]["image"] = json!("file:///home/ana/tienda.png")),
        ),
        (
            "card link",
            Box::new(|v| v["map"]["cards"][0]["link"] = json!("../otro mapa.travesia")),
        ),
        (
            "stage link",
            Box::new(|v| v["map"]["stages"][0]["link"] = json!("")),
        ),
    ];
    for (name, change) in cases {
        let mut v = base.clone();
        change(&mut v);
        assert!(!schema_accepts(&v), "{name}: the schema accepted it");
        assert!(!reader_accepts(&v), "{name}: the reader accepted it");
    }
    // A channel that is neither built in nor the map's own is a reference:
    // the reader refuses it, the schema cannot tell.
    let mut v = base.clone();
    v["map"]["cards"][3]["channel"] = json!("fax");
    assert!(!reader_accepts(&v));
    let mut v = with_own_channels();
    assert!(schema_accepts(&v) && reader_accepts(&v));
    v["map"]["cards"][3]["channel"] = json!("telegram");
    assert!(!reader_accepts(&v));
    // Unknown fields are fine for both.
    let mut v = base.clone();
    v["map"]["cards"][0]["x_new"] = json!({"a": 1});
    v["x_top"] = json!(1);
    assert!(schema_accepts(&v) && reader_accepts(&v));
}

#[test]
fn the_schema_names_the_same_kinds_channels_and_limits_as_the_reader() {
    let s = schema();
    let names = |p: &str| -> Vec<String> {
        s.pointer(p)
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(names("/$defs/laneKind/enum"), format::lane_kind_names());
    assert_eq!(names("/$defs/channel/enum"), format::channel_names());
    assert_eq!(
        s.pointer("/$defs/card/properties/text/maxLength"),
        Some(&json!(TEXT_MAX))
    );
    assert_eq!(s.pointer("/$defs/title/maxLength"), Some(&json!(TITLE_MAX)));
    // The evidence's words, and null for "not said".
    let words = |p: &str| -> Vec<Value> { s.pointer(p).unwrap().as_array().unwrap().clone() };
    let with_null = |list: &[&str]| -> Vec<Value> {
        list.iter().map(|w| json!(w)).chain([Value::Null]).collect()
    };
    assert_eq!(
        words("/$defs/card/properties/evidence/properties/confidence/enum"),
        with_null(&CONFIDENCES)
    );
    assert_eq!(
        words("/$defs/card/properties/evidence/properties/source/enum"),
        with_null(&SOURCES)
    );
    assert_eq!(
        s.pointer("/$defs/stage/properties/width/minimum"),
        Some(&json!(STAGE_WIDTH_MIN as u64))
    );
    assert_eq!(
        s.pointer("/$defs/stage/properties/width/maximum"),
        Some(&json!(STAGE_WIDTH_MAX as u64))
    );
    assert_eq!(
        s.pointer("/$defs/ownChannel/properties/name/maxLength"),
        Some(&json!(CHANNEL_NAME_MAX))
    );
    assert_eq!(
        s.pointer("/$defs/map/properties/channels/maxItems"),
        Some(&json!(CHANNELS_MAX))
    );
    assert_eq!(
        s.pointer("/$defs/map/properties/title/maxLength"),
        Some(&json!(TITLE_MAX))
    );
}
