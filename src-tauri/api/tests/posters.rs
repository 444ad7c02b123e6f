//! Posters that open again as maps: every PDF, PNG and SVG export carries
//! the whole map, and reading the poster gives back exactly the document the
//! export was made from (every template, the sample maps of version 2, a
//! 1,500-card map); `embed_map: false` leaves it out; a poster whose map is
//! missing, damaged or hostile is refused with the reason and changes nothing.

use std::path::Path;
use std::sync::atomic::AtomicBool;

use travesia_api::export::{self, ExportFormat, ExportOptions, Source};
use travesia_api::import;
use travesia_api::Engine;
use travesia_core::format::{self, Document};
use travesia_core::{sample, templates, Map};
use travesia_render::pdf::{to_pdf, PdfOptions};
use travesia_render::sheet::PrintSetup;
use travesia_store::Library;

fn doc(map: Map) -> Document {
    Document {
        map,
        extra: Default::default(),
    }
}

/// A small page and a low resolution: the map inside is what is tested.
fn options(format: ExportFormat) -> ExportOptions {
    ExportOptions {
        paper: "A4".into(),
        dpi: 72,
        ..ExportOptions::new(format)
    }
}

fn export_to(engine: &Engine, d: &Document, o: &ExportOptions, path: &Path) {
    let never = AtomicBool::new(false);
    export::write(
        engine,
        &Source::from_document(d.clone()),
        o,
        path,
        |_| {},
        &never,
    )
    .unwrap_or_else(|e| panic!("{:?} of {}: {e:?}", o.format, d.map.title));
}

#[test]
fn every_poster_opens_again_as_exactly_its_map() {
    let engine = Engine::new();
    let dir = tempfile::tempdir().unwrap();
    let mut maps: Vec<Map> = templates::NAMES
        .iter()
        .map(|n| templates::load(n, "es").unwrap())
        .collect();
    maps.push(templates::load("omnichannel", "pt-BR").unwrap());
    maps.push(sample::two_personas("es"));
    maps.push(sample::with_metrics("en"));
    maps.push(sample::with_evidence("pt-BR"));
    for (i, map) in maps.into_iter().enumerate() {
        let mut d = doc(map);
        // A field of a newer Travesía rides along too.
        d.extra
            .insert("futuro".into(), serde_json::json!({"algo": [1, 2]}));
        for format in [ExportFormat::Pdf, ExportFormat::Png, ExportFormat::Svg] {
            let path = dir.path().join(format!("{i}.{}", format.ext()));
            export_to(&engine, &d, &options(format), &path);
            assert!(import::is_poster(&path));
            let back =
                import::read(&path, "es").unwrap_or_else(|e| panic!("{path:?}: {:?}", e.lines()));
            assert_eq!(back, d, "{:?} of {}", format, d.map.title);
        }
    }
}

#[test]
fn a_large_map_s_poster_carries_it_whole() {
    let engine = Engine::new();
    let dir = tempfile::tempdir().unwrap();
    let d = doc(sample::map_with_cards(1500));
    for format in [ExportFormat::Pdf, ExportFormat::Png, ExportFormat::Svg] {
        let path = dir.path().join(format!("big.{}", format.ext()));
        export_to(&engine, &d, &options(format), &path);
        let back = import::read(&path, "es").unwrap();
        assert_eq!(back.map.cards.len(), 1500);
        assert_eq!(back, d, "{format:?}");
    }
    // Imported into a library, the poster is the map, under a new id.
    let mut lib = Library::open(&dir.path().join("l.db")).unwrap();
    let id = import::import_file(&mut lib, &dir.path().join("big.pdf"), "es").unwrap();
    let stored = lib.load(&id).unwrap();
    assert_eq!(stored.cards, d.map.cards);
    assert_eq!(stored.title, d.map.title);
}

#[test]
fn without_the_map_a_poster_is_refused_in_words_and_nothing_changes() {
    let engine = Engine::new();
    let dir = tempfile::tempdir().unwrap();
    let d = doc(templates::load("five-phases", "es").unwrap());
    let mut lib = Library::open(&dir.path().join("l.db")).unwrap();
    for format in [ExportFormat::Pdf, ExportFormat::Png, ExportFormat::Svg] {
        let path = dir.path().join(format!("plain.{}", format.ext()));
        let o = ExportOptions {
            embed_map: false,
            ..options(format)
        };
        export_to(&engine, &d, &o, &path);
        let with = dir.path().join(format!("with.{}", format.ext()));
        export_to(&engine, &d, &options(format), &with);
        assert!(
            std::fs::metadata(&path).unwrap().len() < std::fs::metadata(&with).unwrap().len(),
            "{format:?}: the map takes room"
        );
        let e = import::import_file(&mut lib, &path, "es").unwrap_err();
        assert!(e.issues.is_empty());
        assert_eq!(
            e.lines(),
            vec![
                "Este póster no lleva el mapa dentro: se exportó sin él, o no lo hizo \
                  Travesía. Ábrelo desde el archivo .travesia o desde la biblioteca."
                    .to_string()
            ],
            "{format:?}"
        );
        let e = import::read(&path, "en").unwrap_err();
        assert!(e.lines()[0].starts_with("This poster does not carry its map"));
    }
    assert!(lib.list_maps().unwrap().is_empty());
}

/// A PDF made by the renderer around any bytes as its embedded map.
fn pdf_carrying(dir: &Path, name: &str, map: Vec<u8>) -> std::path::PathBuf {
    let m = templates::load("three-stages", "es").unwrap();
    let scene = travesia_layout::layout(&m, &mut travesia_layout::TextEngine::new());
    let bytes = to_pdf(
        &scene,
        &PdfOptions {
            print: PrintSetup::plain(Default::default()),
            title: "x".into(),
            author: String::new(),
            lang: "es".into(),
            embed: Some(map),
        },
    )
    .unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn a_pdf_whose_map_is_broken_or_hostile_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(&dir.path().join("l.db")).unwrap();

    // Not JSON at all.
    let path = pdf_carrying(dir.path(), "junk.pdf", b"\x00\xffnot json".to_vec());
    let e = import::import_file(&mut lib, &path, "es").unwrap_err();
    assert!(e.message.contains("not valid UTF-8 JSON"), "{}", e.message);

    // A map that breaks the format's rules: each problem named at its path,
    // the rest offered as the valid part, as for a .travesia file.
    let bad = r#"{"format":"travesia","version":1,"map":{"title":"x",
        "stages":[{"id":"s1","title":"A"}],"lanes":[{"id":"l1","kind":"actions","title":"B"}],
        "cards":[{"id":"c1","stage":"s9","lane":"l1","text":"hola"}]}}"#;
    let path = pdf_carrying(dir.path(), "bad.pdf", bad.as_bytes().to_vec());
    let e = import::import_file(&mut lib, &path, "es").unwrap_err();
    let issue = e
        .issues
        .iter()
        .find(|i| i.path == "map.cards[0].stage")
        .expect("the card's stage is named");
    assert_eq!(issue.value.as_deref(), Some("\"s9\""));
    assert!(e.valid_part.is_some());

    // Nested past the limit: refused before it is parsed.
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let path = pdf_carrying(dir.path(), "deep.pdf", deep.into_bytes());
    let e = import::import_file(&mut lib, &path, "es").unwrap_err();
    assert!(e.message.contains("deeper than"), "{}", e.message);

    // A bomb: a small stream that would unpack to more than 64 MiB.
    let path = pdf_carrying(dir.path(), "bomb.pdf", vec![b' '; 65 * 1024 * 1024]);
    assert!(std::fs::metadata(&path).unwrap().len() < 1024 * 1024);
    let e = import::import_file(&mut lib, &path, "es").unwrap_err();
    assert_eq!(
        e.lines(),
        vec![
            "El mapa que lleva el póster ocuparía más de 64 MiB, el límite de un archivo .travesia."
                .to_string()
        ]
    );

    // Markup in the map stays text: it is imported as the card's words.
    let hostile = format::to_string(&doc({
        let mut m = templates::load("three-stages", "es").unwrap();
        m.title = "<img src=x onerror=alert(1)>".into();
        m
    }));
    let path = pdf_carrying(dir.path(), "hostile.pdf", hostile.into_bytes());
    let back = import::read(&path, "es").unwrap();
    assert_eq!(back.map.title, "<img src=x onerror=alert(1)>");

    // A cut file: damaged, in words.
    let whole = std::fs::read(dir.path().join("bad.pdf")).unwrap();
    let cut = dir.path().join("cut.pdf");
    std::fs::write(&cut, &whole[..whole.len() / 3]).unwrap();
    let e = import::import_file(&mut lib, &cut, "es").unwrap_err();
    assert_eq!(e.code, travesia_api::ErrorCode::InvalidInput);
    assert!(!e.lines()[0].is_empty());

    assert!(lib.list_maps().unwrap().is_empty(), "nothing was imported");
}
