//! A map made in Portuguese (Brazil) prints in Portuguese: the poster's own
//! words (the card count, persona headings, the routes' legend, online and
//! in-store pills, the date) come from the pt-BR catalogue, as the UI's do.

use std::process::Command;
use std::sync::atomic::AtomicBool;

use travesia_api::export::{self, ExportFormat, ExportOptions, Source};
use travesia_api::{maps, Session};

#[test]
fn a_portuguese_map_prints_a_portuguese_poster() {
    let dir = tempfile::tempdir().unwrap();
    let session = Session::open(dir.path().join("library.db"));
    let id = session
        .with_library(|lib| maps::create_from_template(lib, "omnichannel", "pt-BR", None, true))
        .unwrap();
    let source = session
        .with_library(|lib| Source::from_library(lib, &id))
        .unwrap();
    assert_eq!(source.doc.map.locale.as_deref(), Some("pt-BR"));
    // The cards people wrote: not the curve's points nor the funnel's bars.
    let map = &source.doc.map;
    let cards = map
        .cards
        .iter()
        .filter(|c| {
            map.lane(&c.lane)
                .is_some_and(|l| l.kind.spec().holds == travesia_core::kinds::Holds::Text)
        })
        .count();
    assert!(cards < map.cards.len(), "the template has emotion points");

    let pdf = dir.path().join("poster.pdf");
    let options = ExportOptions::new(ExportFormat::Pdf);
    let never = AtomicBool::new(false);
    export::write(&session.engine, &source, &options, &pdf, |_| {}, &never).unwrap();
    let out = Command::new("pdftotext")
        .args([pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext is needed (poppler-utils)");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for words in [
        format!("{cards} cartões").as_str(),
        "Rotas",
        "Frustrações",
        "Objetivos",
        "presencial",
    ] {
        assert!(
            text.contains(words),
            "{words:?} is not on the poster:\n{text}"
        );
    }
    for spanish in ["tarjetas", "Frustraciones", "Rutas"] {
        assert!(
            !text.contains(spanish),
            "{spanish:?} is on a Portuguese poster"
        );
    }
}
