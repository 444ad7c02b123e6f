//! A map set: a map of the library and the maps it links to (theirs in
//! turn, each once) in one PDF, each map from its first page, with a
//! bookmark for each and its link marks working inside the file. Read back
//! with poppler: `pdfinfo -dests` lists the destinations, `pdftohtml -xml`
//! the bookmarks and the links, `pdftotext` every map's cards.

use std::path::Path;
use std::sync::atomic::AtomicBool;

use travesia_api::export::{self, ExportFormat, ExportOptions, Source};
use travesia_api::Engine;
use travesia_core::format::Document;
use travesia_core::sample;
use travesia_store::Library;

mod common;
use common::tool;

/// The library of the sample map set; answers the journey's id.
fn library(path: &Path) -> Library {
    let mut lib = Library::open(path).unwrap();
    for map in sample::map_set("es") {
        let id = lib
            .import(Document {
                map,
                extra: Default::default(),
            })
            .unwrap();
        assert!(["viaje", "subviaje-pago", "subviaje-devoluciones"].contains(&id.as_str()));
    }
    lib
}

fn write(src: &Source, o: &ExportOptions, path: &Path) {
    let never = AtomicBool::new(false);
    export::write(&Engine::new(), src, o, path, |_| {}, &never).unwrap();
}

#[test]
fn a_map_set_prints_every_linked_map_once_with_bookmarks_destinations_and_links() {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = library(&dir.path().join("lib.sqlite3"));
    let o = ExportOptions {
        paper: "A3".into(),
        map_set: true,
        ..ExportOptions::new(ExportFormat::Pdf)
    };
    let src = Source::for_export(&mut lib, "viaje", &o).unwrap();
    // The journey links to both sub-journeys; the first links back, which
    // is not printed twice.
    let set: Vec<&str> = src.set.iter().map(|s| s.doc.map.id.as_str()).collect();
    assert_eq!(set, ["subviaje-pago", "subviaje-devoluciones"]);
    let pdf = dir.path().join("conjunto.pdf");
    write(&src, &o, &pdf);
    let file = pdf.to_str().unwrap();

    let info = tool("pdfinfo", &[file]);
    assert!(
        info.lines()
            .any(|l| l.starts_with("Pages:") && l.ends_with(" 3")),
        "{info}"
    );
    assert!(
        info.contains("Recorrido omnicanal de retail"),
        "the file's title: {info}"
    );
    // Each map's destination is its page.
    let dests = tool("pdfinfo", &["-dests", file]);
    for (page, id) in [
        (1, "viaje"),
        (2, "subviaje-pago"),
        (3, "subviaje-devoluciones"),
    ] {
        assert!(
            dests.lines().any(|l| {
                let f: Vec<&str> = l.split_whitespace().collect();
                f.first() == Some(&page.to_string().as_str())
                    && l.contains("Fit")
                    && l.contains(&format!("\"map-{id}\""))
            }),
            "{id} on page {page}: {dests}"
        );
    }
    // The bookmarks, one a map, in order, and the links between them.
    let xml = tool("pdftohtml", &["-xml", "-i", "-stdout", "-q", file]);
    let outline = &xml[xml.find("<outline>").expect("bookmarks")..];
    let titles: Vec<&str> = outline
        .split("<item page=\"")
        .skip(1)
        .map(|s| s.split('<').next().unwrap_or(""))
        .collect();
    assert_eq!(
        titles,
        [
            "1\">Recorrido omnicanal de retail",
            "2\">Pago en la tienda",
            "3\">Devoluciones"
        ],
        "{outline}"
    );
    // Links to the other pages: the journey's stage and card, and the way back.
    let links = |page: &str| {
        let start = xml.find(&format!("<page number=\"{page}\"")).unwrap();
        let end = xml[start..].find("</page>").unwrap() + start;
        xml[start..end]
            .split("<a href=\"")
            .skip(1)
            .map(|s| s.split('"').next().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    let first = links("1");
    assert!(first.iter().any(|h| h.ends_with("#2")), "{first:?}");
    assert!(first.iter().any(|h| h.ends_with("#3")), "{first:?}");
    assert!(
        links("2").iter().any(|h| h.ends_with("#1")),
        "back to the journey"
    );

    // Every map's cards are in the text.
    let text = tool("pdftotext", &[file, "-"]);
    let words: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for map in sample::map_set("es") {
        for c in map.cards.iter().filter(|c| !c.text.is_empty()) {
            for w in c.text.split_whitespace() {
                assert!(words.contains(w), "{}: {w} of {:?}", map.title, c.text);
            }
        }
    }
}

#[test]
fn a_map_set_leaves_out_maps_in_the_bin_and_a_map_without_links_is_one_poster() {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = library(&dir.path().join("lib.sqlite3"));
    lib.trash_map("subviaje-devoluciones").unwrap();
    let o = ExportOptions {
        map_set: true,
        ..ExportOptions::new(ExportFormat::Pdf)
    };
    let src = Source::for_export(&mut lib, "viaje", &o).unwrap();
    let set: Vec<&str> = src.set.iter().map(|s| s.doc.map.id.as_str()).collect();
    assert_eq!(set, ["subviaje-pago"]);
    let binned = Source::for_export(&mut lib, "subviaje-devoluciones", &o);
    assert!(binned.is_err(), "a map in the bin is not exported");
    // From a sub-journey: back to the journey, and on to what it links but
    // the map in the bin.
    let pay = Source::for_export(&mut lib, "subviaje-pago", &o).unwrap();
    let set: Vec<&str> = pay.set.iter().map(|s| s.doc.map.id.as_str()).collect();
    assert_eq!(set, ["viaje"]);
    // Without the option, no set is gathered.
    let plain =
        Source::for_export(&mut lib, "viaje", &ExportOptions::new(ExportFormat::Pdf)).unwrap();
    assert!(plain.set.is_empty());
    let pdf = dir.path().join("solo.pdf");
    write(&plain, &ExportOptions::new(ExportFormat::Pdf), &pdf);
    let dests = tool("pdfinfo", &["-dests", pdf.to_str().unwrap()]);
    assert!(
        !dests.contains("map-"),
        "a single poster has no destinations: {dests}"
    );
}
