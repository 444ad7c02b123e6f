//! One export, two front ends: the window's export command (past its save
//! dialog) and the `travesia export` command line write byte-identical files
//! for the same map and options, in every format — because both are adapters
//! over the shared layer's one writer per format. The route the person hid in
//! the app is left out of both posters, and both `.travesia` files keep the
//! file's unknown top-level fields.

use std::path::{Path, PathBuf};

use travesia::export::export_to;
use travesia::state::AppState;
use travesia_api::export::{ExportFormat, ExportOptions, PageOrientation};
use travesia_api::sheets::{CsvConvention, SheetLayout};
use travesia_cli::cli::{self, Parsed};

const HIDDEN_ROUTE: &str = "Del foro a la compra";

/// The example map with an unknown top-level field a newer Travesía might write.
fn fixture(dir: &Path) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let text = std::fs::read_to_string(root.join("tests/fixtures/ecommerce.travesia")).unwrap();
    let mut doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    doc["x_later_field"] = serde_json::json!({ "kept": ["ñandú", 1] });
    let file = dir.join("in.travesia");
    std::fs::write(&file, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    file
}

fn cli_export(db: &Path, id: &str, args: &[&str], out: &Path) {
    let mut all = vec![
        "travesia",
        "--db",
        db.to_str().unwrap(),
        "export",
        "--map",
        id,
        "-o",
        out.to_str().unwrap(),
    ];
    all.extend_from_slice(args);
    let Parsed::Command(parsed) = cli::parse_from(all.clone()) else {
        panic!("{all:?} is not a command");
    };
    assert_eq!(cli::run(parsed), 0, "{all:?} failed");
}

/// Each format with options away from the defaults, as the dialog and as flags.
fn cases() -> Vec<(ExportOptions, Vec<&'static str>)> {
    let pdf = ExportOptions {
        paper: "A3".into(),
        orientation: PageOrientation::Landscape,
        margin_mm: 5.0,
        bleed_mm: 2.0,
        crop_marks: true,
        ..ExportOptions::new(ExportFormat::Pdf)
    };
    let tiled = ExportOptions {
        paper: "A2".into(),
        tile: Some("A4".into()),
        overlap_mm: 8.0,
        ..ExportOptions::new(ExportFormat::Pdf)
    };
    let png = ExportOptions {
        paper: "A4".into(),
        dpi: 72,
        bleed_mm: 1.0,
        smaller: true,
        ..ExportOptions::new(ExportFormat::Png)
    };
    vec![
        (
            pdf,
            vec![
                "--paper",
                "A3",
                "--landscape",
                "--margin-mm",
                "5",
                "--bleed-mm",
                "2",
                "--crop-marks",
            ],
        ),
        (
            tiled,
            vec!["--paper", "A2", "--tile", "A4", "--overlap-mm", "8"],
        ),
        (
            png,
            vec![
                "--paper",
                "A4",
                "--dpi",
                "72",
                "--bleed-mm",
                "1",
                "--smaller",
            ],
        ),
        (ExportOptions::new(ExportFormat::Svg), vec![]),
        (ExportOptions::new(ExportFormat::Travesia), vec![]),
        (ExportOptions::new(ExportFormat::Xlsx), vec![]),
        (ExportOptions::new(ExportFormat::Mmd), vec![]),
        (ExportOptions::new(ExportFormat::Pptx), vec![]),
        (
            ExportOptions {
                layout: SheetLayout::Worksheet,
                csv_style: CsvConvention::Comma,
                ..ExportOptions::new(ExportFormat::Csv)
            },
            vec!["--layout", "worksheet", "--csv-style", "comma"],
        ),
    ]
}

#[test]
fn the_window_and_the_command_line_write_the_same_file_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("library.db");
    let state = AppState::open(db.clone());
    let doc = travesia_core::format::read_file(&fixture(dir.path())).unwrap();
    let id = state.with_library(|lib| Ok(lib.import(doc)?)).unwrap();
    let route = state
        .with_library(|lib| Ok(lib.load(&id)?.routes()[0].id.clone()))
        .unwrap();

    // Before hiding: the route is on the poster, so the check below can fail.
    let shown = dir.path().join("shown.svg");
    export_to(
        &state,
        &id,
        &ExportOptions::new(ExportFormat::Svg),
        &shown,
        |_| {},
    )
    .unwrap();
    assert!(std::fs::read_to_string(&shown)
        .unwrap()
        .contains(HIDDEN_ROUTE));

    state.set_route_visible(&id, &route, false).unwrap();
    let mut formats = Vec::new();
    for (n, (options, flags)) in cases().into_iter().enumerate() {
        let ext = options.format.ext();
        let from_window = dir.path().join(format!("{n}-window.{ext}"));
        let from_cli = dir.path().join(format!("{n}-cli.{ext}"));
        let mut fractions = Vec::new();
        let bytes = export_to(&state, &id, &options, &from_window, |f| fractions.push(f)).unwrap();
        cli_export(&db, &id, &flags, &from_cli);

        let (a, b) = (
            std::fs::read(&from_window).unwrap(),
            std::fs::read(&from_cli).unwrap(),
        );
        assert_eq!(
            bytes,
            a.len() as u64,
            "{ext}: the size answered is the file's"
        );
        assert!(
            a == b,
            "{ext} ({n}): the window wrote {} bytes, the CLI {}",
            a.len(),
            b.len()
        );
        assert_eq!(fractions.last(), Some(&1.0), "{ext}: progress ends at 1");
        formats.push(options.format);

        let text = String::from_utf8_lossy(&a);
        match options.format {
            ExportFormat::Svg => {
                // Not drawn; the map the poster carries keeps it, as a copy would.
                let (carried, drawn) = text.split_once("</metadata>").expect("the map is carried");
                assert!(!drawn.contains(HIDDEN_ROUTE), "the hidden route is drawn");
                assert!(carried.contains(HIDDEN_ROUTE));
            }
            ExportFormat::Travesia => {
                // The file is the map itself: every route, and the fields it came with.
                assert!(text.contains(HIDDEN_ROUTE));
                let v: serde_json::Value = serde_json::from_slice(&a).unwrap();
                assert_eq!(v["x_later_field"]["kept"][0], "ñandú");
            }
            ExportFormat::Pdf
            | ExportFormat::Png
            | ExportFormat::Csv
            | ExportFormat::Xlsx
            | ExportFormat::Mmd
            | ExportFormat::Pptx => {}
        }
    }
    assert_eq!(formats.len(), 9);
    for f in ExportFormat::ALL {
        assert!(formats.contains(&f), "{f:?} is not compared");
    }
}
