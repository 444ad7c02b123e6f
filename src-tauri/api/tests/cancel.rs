//! Every export reports its progress in many steps and stops on Cancel,
//! leaving no file behind: a 1,500-card poster as PDF (tiled too), SVG and
//! PNG, cancelled once it has gone past half, and once let run to the end.

use std::sync::atomic::{AtomicBool, Ordering};

use travesia_api::error::ErrorCode;
use travesia_api::export::{self, ExportFormat, ExportOptions, Source};
use travesia_api::Session;
use travesia_core::format::Document;

fn source() -> Source {
    Source::from_document(Document {
        map: travesia_core::sample::map_with_cards(1500),
        extra: Default::default(),
    })
}

fn names(dir: &std::path::Path) -> Vec<String> {
    let mut n: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    n.sort();
    n
}

#[test]
fn every_poster_export_reports_its_steps_and_a_cancel_leaves_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let session = Session::open(dir.path().join("library.db"));
    let src = source();
    let out_dir = dir.path().join("out");
    std::fs::create_dir(&out_dir).unwrap();
    let mut tiled = ExportOptions::new(ExportFormat::Pdf);
    tiled.paper = "A0".into();
    tiled.tile = Some("A4".into());
    let mut png = ExportOptions::new(ExportFormat::Png);
    png.dpi = 150;
    let cases = [
        ("poster.pdf", ExportOptions::new(ExportFormat::Pdf)),
        ("tiles.pdf", tiled),
        ("poster.svg", ExportOptions::new(ExportFormat::Svg)),
        ("poster.png", png),
    ];
    for (name, options) in cases {
        let path = out_dir.join(name);
        // Cancelled once past half: the next step stops it.
        let cancel = AtomicBool::new(false);
        let mut heard = Vec::new();
        let err = export::write(
            &session.engine,
            &src,
            &options,
            &path,
            |f| {
                heard.push(f);
                if f >= 0.5 {
                    cancel.store(true, Ordering::Relaxed);
                }
            },
            &cancel,
        )
        .expect_err(name);
        assert_eq!(err.code, ErrorCode::Cancelled, "{name}: {err:?}");
        assert!(
            names(&out_dir).is_empty(),
            "{name}: nothing left behind: {:?}",
            names(&out_dir)
        );
        let stop = *heard.last().unwrap();
        assert!(stop < 1.0, "{name}: stopped before the end, at {stop}");
        // Let run: progress goes forward in many steps to 1, and the file is there.
        let never = AtomicBool::new(false);
        let mut all = Vec::new();
        export::write(
            &session.engine,
            &src,
            &options,
            &path,
            |f| all.push(f),
            &never,
        )
        .unwrap();
        assert!(path.exists(), "{name}");
        assert_eq!(all.last(), Some(&1.0), "{name}");
        assert!(all.windows(2).all(|w| w[0] <= w[1]), "{name}: {all:?}");
        // A PDF or SVG every few dozen items; a PNG every strip of rows.
        let least = if name.ends_with(".png") { 5 } else { 20 };
        assert!(all.len() >= least, "{name}: {} steps", all.len());
        assert!(
            heard.len() < all.len(),
            "{name}: the cancelled export did not go on"
        );
        std::fs::remove_file(&path).unwrap();
    }
}
