//! The command line, run as a user would: the real `travesia` binary, a
//! library in a temporary folder, exit codes and messages checked.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::{json, Value};
use travesia_core::edit::{CardPatch, Edit};
use travesia_store::Library;

const EXAMPLE: &str = include_str!("../../../tests/fixtures/ecommerce.travesia");

struct Env {
    dir: tempfile::TempDir,
    db: PathBuf,
}

impl Env {
    fn new() -> Env {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("lib").join("library.db");
        Env { dir, db }
    }

    /// Runs the command in the C locale: its own words in English.
    fn run(&self, args: &[&str]) -> Output {
        self.run_in("C.UTF-8", args)
    }

    /// Runs the command with `LANG` set to `locale` (and nothing overriding it).
    fn run_in(&self, locale: &str, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_travesia"))
            .args(args)
            .env("TRAVESIA_DB", &self.db)
            .env("LANG", locale)
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("DISPLAY")
            .env_remove("WAYLAND_DISPLAY")
            .output()
            .unwrap()
    }

    fn file(&self, name: &str, contents: &[u8]) -> PathBuf {
        let p = self.dir.path().join(name);
        std::fs::write(&p, contents).unwrap();
        p
    }

    fn list(&self) -> Value {
        let out = self.run(&["list", "--json"]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        serde_json::from_slice(&out.stdout).unwrap()
    }
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).trim().to_string()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

#[test]
fn help_is_everywhere_and_usage_errors_exit_2() {
    let env = Env::new();
    for sub in [
        vec!["--help"],
        vec!["new", "--help"],
        vec!["list", "--help"],
        vec!["import", "--help"],
        vec!["export", "--help"],
        vec!["validate", "--help"],
        vec!["undo", "--help"],
        vec!["redo", "--help"],
        vec!["snapshot", "--help"],
    ] {
        let out = env.run(&sub);
        assert_eq!(out.status.code(), Some(0), "{sub:?}");
        assert!(stdout(&out).contains("Usage"), "{sub:?}: {}", stdout(&out));
    }
    for bad in [
        vec!["frobnicate"],
        vec!["new"],
        vec!["new", "--template", "nope"],
        vec!["new", "--template", "blank", "--lang", "fr"],
        vec!["export", "-o", "x.travesia"],
        vec!["undo"],
    ] {
        let out = env.run(&bad);
        assert_eq!(out.status.code(), Some(2), "{bad:?}: {}", stderr(&out));
        assert!(!stderr(&out).is_empty());
    }
    // The export format comes from the extension; an unknown one says what is allowed.
    let f = env.file("m.travesia", EXAMPLE.as_bytes());
    let out = env.run(&["export", p(&f), "-o", "poster.docx"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("allowed"), "{}", stderr(&out));
}

#[test]
fn new_list_import_export_and_validate() {
    let env = Env::new();
    let listing = env.run(&["list"]);
    assert_eq!(listing.status.code(), Some(0));
    assert!(stdout(&listing).contains("no maps"));

    let out = env.run(&[
        "new",
        "--template",
        "five-phases",
        "--lang",
        "en",
        "--title",
        "Bicis ñ",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let id = stdout(&out);
    assert!(travesia_core::validate::is_valid_id(&id), "{id}");
    let maps = env.list();
    assert_eq!(maps[0]["id"], json!(id));
    assert_eq!(maps[0]["title"], json!("Bicis ñ"));
    assert!(maps[0]["cards"].as_u64().unwrap() > 10);
    let table = stdout(&env.run(&["list"]));
    assert!(table.contains("Bicis ñ") && table.contains(&id), "{table}");

    let f = env.file("ejemplo.travesia", EXAMPLE.as_bytes());
    let out = env.run(&["validate", p(&f)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).starts_with("ok:"));

    let out = env.run(&["import", p(&f)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let imported = stdout(&out);
    assert_eq!(imported, "zapatillas");
    assert_eq!(env.list().as_array().unwrap().len(), 2);

    let dest = env.dir.path().join("salida.travesia");
    let out = env.run(&["export", "--map", &imported, "-o", p(&dest)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut back: Value = serde_json::from_slice(&std::fs::read(&dest).unwrap()).unwrap();
    let original: Value = serde_json::from_str(EXAMPLE).unwrap();
    for k in ["created_at", "updated_at"] {
        back["map"].as_object_mut().unwrap().remove(k);
    }
    assert_eq!(back, original, "import → export loses nothing");

    // Exporting a file normalises it and keeps it equal.
    let dest2 = env.dir.path().join("copia.travesia");
    let out = env.run(&["export", p(&f), "-o", p(&dest2)]);
    assert_eq!(out.status.code(), Some(0));
    let copy: Value = serde_json::from_slice(&std::fs::read(&dest2).unwrap()).unwrap();
    assert_eq!(copy, original);
}

/// Every refusal rule of docs/FORMAT.md through the CLI: exit 1, a message naming
/// the problem, and the library as it was.
#[test]
fn every_refused_file_exits_1_and_leaves_the_library_unchanged() {
    let env = Env::new();
    env.run(&["new", "--template", "blank"]);
    let before = env.list();
    let base: Value = serde_json::from_str(EXAMPLE).unwrap();
    let with = |f: &dyn Fn(&mut Value)| {
        let mut v = base.clone();
        f(&mut v);
        serde_json::to_vec(&v).unwrap()
    };
    let mut deep = b"{\"format\":\"travesia\",\"version\":1,\"map\":".to_vec();
    deep.extend(std::iter::repeat_n(b'[', 100_000));
    deep.extend(std::iter::repeat_n(b']', 100_000));
    deep.push(b'}');
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "malformed",
            b"{\"format\": \"travesia\",".to_vec(),
            "not valid UTF-8 JSON",
        ),
        (
            "format",
            with(&|v| v["format"] = json!("drawio")),
            "format: must be \"travesia\"",
        ),
        (
            "newer",
            with(&|v| v["version"] = json!(3)),
            "made by a newer Travesía (version 3)",
        ),
        (
            "missing",
            with(&|v| {
                v["map"].as_object_mut().unwrap().remove("stages");
            }),
            "map.stages: required field is missing",
        ),
        (
            "duplicate",
            with(&|v| v["map"]["cards"][1]["id"] = json!("a1")),
            "duplicate id \"a1\"",
        ),
        (
            "dangling",
            with(&|v| v["map"]["cards"][12]["stage"] = json!("s9")),
            "map.cards[12].stage: no stage with id \"s9\"",
        ),
        (
            "step",
            with(&|v| v["map"]["routes"][0]["steps"][0] = json!("zz")),
            "map.routes[0].steps[0]: no card with id \"zz\"",
        ),
        (
            "emotion",
            with(&|v| v["map"]["cards"][0]["lane"] = json!("e")),
            "one card per stage",
        ),
        (
            "score",
            with(&|v| v["map"]["cards"][9]["score"] = json!(-3)),
            "map.cards[9].score",
        ),
        (
            "colour",
            with(&|v| v["map"]["stages"][0]["color"] = json!("#FFF")),
            "map.stages[0].color",
        ),
        (
            "text",
            with(&|v| v["map"]["cards"][0]["text"] = json!("a".repeat(10_001))),
            "limit is 10000",
        ),
        (
            "photo",
            with(&|v| {
                v["map"]["personas"] =
                    json!([{"id": "p", "name": "P", "photo": "data:image/svg+xml;base64,PHN2Zz4="}])
            }),
            "map.personas[0].photo",
        ),
        ("deep", deep, "deeper than 64 levels"),
    ];
    for (name, bytes, words) in cases {
        let f = env.file(&format!("{name}.travesia"), &bytes);
        for cmd in ["validate", "import"] {
            let out = env.run(&[cmd, p(&f)]);
            assert_eq!(out.status.code(), Some(1), "{name} {cmd}: {}", stderr(&out));
            assert!(
                stderr(&out).contains(words),
                "{name} {cmd}: expected {words:?} in {}",
                stderr(&out)
            );
        }
        assert_eq!(env.list(), before, "{name}: the library changed");
    }
}

#[test]
fn validate_reports_every_problem() {
    let env = Env::new();
    let mut v: Value = serde_json::from_str(EXAMPLE).unwrap();
    v["map"]["cards"][0]["score"] = json!(7);
    v["map"]["cards"][3]["channel"] = json!("telegraph");
    v["map"]["lanes"][1]["color"] = json!("blue");
    let f = env.file("tres.travesia", &serde_json::to_vec(&v).unwrap());
    let out = env.run(&["validate", p(&f)]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    for words in [
        "map.cards[0].score",
        "map.cards[3].channel",
        "map.lanes[1].color",
    ] {
        assert!(err.contains(words), "{words} missing from {err}");
    }
}

#[test]
fn a_new_map_can_start_from_a_template_s_structure_only() {
    let env = Env::new();
    let full = stdout(&env.run(&["new", "--template", "five-phases"]));
    let bare = stdout(&env.run(&["new", "--template", "five-phases", "--structure"]));
    let list: serde_json::Value =
        serde_json::from_str(&stdout(&env.run(&["list", "--json"]))).unwrap();
    let cards = |id: &str| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|m| m["id"] == json!(id))
            .map(|m| m["cards"].as_u64().unwrap())
    };
    assert!(cards(&full).unwrap() > 0);
    assert_eq!(cards(&bare), Some(0));
}

#[test]
fn the_command_line_speaks_the_language_of_the_locale() {
    let env = Env::new();
    let empty = stdout(&env.run_in("es_ES.UTF-8", &["list"]));
    assert!(
        empty.starts_with("(la biblioteca no tiene mapas"),
        "{empty}"
    );
    let f = env.file("e.travesia", EXAMPLE.as_bytes());
    let ok = stdout(&env.run_in("pt_BR.UTF-8", &["validate", p(&f)]));
    assert!(
        ok.starts_with("ok: “Compra de zapatillas online”")
            && ok.contains(" etapas, ")
            && ok.contains(" raias, ")
            && ok.contains(" cartões, "),
        "{ok}"
    );
    let en = stdout(&env.run(&["validate", p(&f)]));
    assert!(
        en.contains(" stages, ") && en.contains(" lanes, ") && en.contains(" cards, "),
        "{en}"
    );
    // LC_ALL=C wins over LANG, as POSIX says: English.
    let c = Command::new(env!("CARGO_BIN_EXE_travesia"))
        .args(["validate", p(&f)])
        .env("LC_ALL", "C")
        .env("LANG", "es_ES.UTF-8")
        .output()
        .unwrap();
    assert!(stdout(&c).contains(" stages, "), "{}", stdout(&c));
    let id = stdout(&env.run(&["import", p(&f)]));
    let out = env.run_in("pt_BR.UTF-8", &["undo", "--map", &id]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("não há nada para desfazer"),
        "{}",
        stderr(&out)
    );
    let table = stdout(&env.run_in("es_MX.UTF-8", &["list"]));
    assert!(
        table.starts_with("ID") && table.contains("TÍTULO") && table.contains("TARJETAS"),
        "{table}"
    );
    // A map made at A4 prints its smallest text under 6 pt: the warning has a decimal comma.
    let out_file = env.dir.path().join("a4.pdf");
    let out = env.run_in(
        "es_ES.UTF-8",
        &["export", p(&f), "-o", p(&out_file), "--paper", "A4"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let warning = stderr(&out);
    assert!(
        warning.contains("aviso: el texto más pequeño se imprimiría a "),
        "{warning}"
    );
    let pt = warning
        .split(" a ")
        .nth(1)
        .and_then(|w| w.split(" pt").next())
        .unwrap_or("");
    assert!(
        pt.contains(',') && !pt.contains('.'),
        "a decimal comma in {pt:?}"
    );
    assert!(stdout(&out).starts_with("escrito "), "{}", stdout(&out));
}

#[test]
fn undo_redo_and_snapshot_work_on_the_library() {
    let env = Env::new();
    let f = env.file("e.travesia", EXAMPLE.as_bytes());
    let id = stdout(&env.run(&["import", p(&f)]));
    let out = env.run(&["undo", "--map", &id]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "a fresh import has nothing to undo"
    );
    assert!(stderr(&out).contains("nothing to undo"));
    {
        // The editor's part: one edit, made through the library.
        let mut lib = Library::open(&env.db).unwrap();
        let patch = CardPatch {
            text: Some("Editada".into()),
            ..Default::default()
        };
        lib.apply(
            &id,
            &Edit::UpdateCard {
                id: "a1".into(),
                patch,
            },
        )
        .unwrap();
    }
    let text = |env: &Env| {
        Library::open(&env.db)
            .unwrap()
            .load(&id)
            .unwrap()
            .card("a1")
            .unwrap()
            .text
            .clone()
    };
    assert_eq!(env.run(&["undo", "--map", &id]).status.code(), Some(0));
    assert_eq!(text(&env), "Se le rompen las zapatillas de correr");
    assert_eq!(env.run(&["redo", "--map", &id]).status.code(), Some(0));
    assert_eq!(text(&env), "Editada");
    assert_eq!(env.run(&["redo", "--map", &id]).status.code(), Some(1));

    let out = env.run(&["snapshot", "--map", &id, "--name", "Versión del taller"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let snaps = Library::open(&env.db).unwrap().list_snapshots(&id).unwrap();
    assert_eq!(snaps.len(), 1);
    assert_eq!(snaps[0].name, "Versión del taller");

    let out = env.run(&["undo", "--map", "ghost"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("no map with id \"ghost\""));
}

#[test]
fn a_damaged_or_newer_library_is_reported_and_left_alone() {
    let env = Env::new();
    std::fs::create_dir_all(env.db.parent().unwrap()).unwrap();
    std::fs::write(&env.db, b"not a database at all, just text").unwrap();
    let out = env.run(&["list"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("damaged"), "{}", stderr(&out));
    assert_eq!(
        std::fs::read(&env.db).unwrap(),
        b"not a database at all, just text"
    );

    let env = Env::new();
    env.run(&["new", "--template", "blank"]);
    rusqlite_set_version(&env.db, 42);
    let out = env.run(&["list"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("newer Travesía"), "{}", stderr(&out));
}

fn rusqlite_set_version(db: &Path, v: u32) {
    let lib = Library::open(db).unwrap();
    lib.connection()
        .execute_batch(&format!("PRAGMA user_version = {v}"))
        .unwrap();
}

#[test]
fn the_db_flag_overrides_the_environment() {
    let env = Env::new();
    let other = env.dir.path().join("otra.db");
    let out = env.run(&["--db", p(&other), "new", "--template", "blank"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(other.exists());
    assert_eq!(
        env.list().as_array().unwrap().len(),
        0,
        "the TRAVESIA_DB library is untouched"
    );
}

#[test]
fn export_draws_svg_and_png_posters_and_bad_options_exit_2() {
    let env = Env::new();
    let f = env.file("e.travesia", EXAMPLE.as_bytes());
    let svg = env.dir.path().join("poster.svg");
    let out = env.run(&["export", p(&f), "-o", p(&svg)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(text.starts_with("<?xml") && text.contains("Compra de zapatillas online"));
    let png = env.dir.path().join("poster.png");
    let out = env.run(&[
        "export",
        p(&f),
        "-o",
        p(&png),
        "--paper",
        "A4",
        "--landscape",
        "--dpi",
        "72",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let bytes = std::fs::read(&png).unwrap();
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"));
    // A4 landscape at 72 dpi is 842 × 595 pixels (IHDR holds width, height).
    let w = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
    let h = u32::from_be_bytes(bytes[20..24].try_into().unwrap());
    assert_eq!((w, h), (842, 595));
    // A4 is too small for six stages: the export says so.
    assert!(stderr(&out).contains("under 6 pt"), "{}", stderr(&out));
    for (bad, words) in [
        (vec!["--paper", "B7"], "allowed: A4, A3"),
        (vec!["--dpi", "1000"], "72..=600"),
        (vec!["--margin-mm", "-3"], "margin"),
        (vec!["--portrait", "--landscape"], "cannot be used with"),
        (vec!["--tile", "A4"], "only a PDF holds"),
        (vec!["--bleed-mm", "40"], "a bleed from 0 to 20 mm"),
        (vec!["--overlap-mm", "5"], "--tile"),
    ] {
        let mut args = vec!["export", p(&f), "-o", p(&png)];
        args.extend(bad.iter());
        let out = env.run(&args);
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
        assert!(stderr(&out).contains(words), "{bad:?}: {}", stderr(&out));
    }
}

/// A PNG's rows of pixels, each pixel its samples (RGB or RGBA).
fn png_rows(png_path: &Path) -> Vec<Vec<Vec<u8>>> {
    let decoder = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(png_path).unwrap(),
    ));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let step = info.color_type.samples();
    buf[..info.buffer_size()]
        .chunks(info.line_size)
        .map(|row| row.chunks(step).map(<[u8]>::to_vec).collect())
        .collect()
}

/// Whether a pixel is the colour `rgb` (within a few levels).
fn is(px: &[u8], rgb: [u8; 3]) -> bool {
    px.iter().zip(rgb).all(|(a, b)| a.abs_diff(b) <= 6)
}

/// How many pixels of a PNG are the colour `rgb`.
fn pixels_of(png_path: &Path, rgb: [u8; 3]) -> usize {
    png_rows(png_path)
        .iter()
        .map(|row| row.iter().filter(|px| is(px, rgb)).count())
        .sum()
}

/// The largest share of one row of a PNG that is the colour `rgb`.
fn widest_row_of(png_path: &Path, rgb: [u8; 3]) -> f32 {
    png_rows(png_path)
        .iter()
        .map(|row| row.iter().filter(|px| is(px, rgb)).count() as f32 / row.len() as f32)
        .fold(0.0, f32::max)
}

/// The PDF's text, its words joined by single spaces.
fn pdf_words(pdf: &Path) -> String {
    let text = Command::new("pdftotext")
        .args([p(pdf), "-"])
        .output()
        .expect("pdftotext (poppler-utils) runs");
    String::from_utf8_lossy(&text.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn a_map_of_two_personas_prints_each_curve_its_legend_and_one_personas_journey() {
    let env = Env::new();
    let map = travesia_core::sample::two_personas("es");
    let doc = travesia_core::format::Document {
        map: map.clone(),
        extra: Default::default(),
    };
    let f = env.file(
        "dos-personas.travesia",
        travesia_core::format::to_string(&doc).as_bytes(),
    );
    let out = env.run(&["validate", p(&f)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // The whole map: both personas, their three curves named in the legend, every card.
    let pdf = env.dir.path().join("dos.pdf");
    let out = env.run(&["export", p(&f), "-o", p(&pdf), "--paper", "A1"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = pdf_words(&pdf);
    for name in ["Carmen Ortega", "Carmen Ortega · deseada", "Luis Medina"] {
        assert!(text.contains(name), "{name} in the PDF");
    }
    for card in map.cards.iter().filter(|c| !c.text.is_empty()) {
        let start: Vec<&str> = card.text.split_whitespace().take(3).collect();
        assert!(
            text.contains(&start.join(" ")),
            "{:?} in the PDF",
            card.text
        );
    }
    // Luis's journey: no Carmen, none of her points' notes, his own all there.
    let luis_pdf = env.dir.path().join("luis.pdf");
    let out = env.run(&[
        "export",
        p(&f),
        "-o",
        p(&luis_pdf),
        "--persona",
        "luis medina",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = pdf_words(&luis_pdf);
    assert!(
        text.contains("Luis Medina") && !text.contains("Carmen"),
        "{text}"
    );
    for card in map
        .cards
        .iter()
        .filter(|c| c.lane == "l-emotions" && !c.text.is_empty())
    {
        let start: Vec<&str> = card.text.split_whitespace().take(3).collect();
        let start = start.join(" ");
        // A note that is also a card of another lane is on every poster.
        if map
            .cards
            .iter()
            .any(|o| o.lane != "l-emotions" && o.text.contains(&start))
        {
            continue;
        }
        let mine = card.persona.as_deref() == Some("persona-luis");
        assert_eq!(text.contains(&start), mine, "{:?}", card.text);
    }
    // The PNG draws Carmen's curves in her colour; her journey by id does too, Luis's none of it.
    let carmen = [0xC2, 0x25, 0x5C];
    let png = |name: &str, extra: &[&str]| {
        let out_path = env.dir.path().join(name);
        let mut args = vec![
            "export",
            p(&f),
            "-o",
            p(&out_path),
            "--paper",
            "fit",
            "--dpi",
            "72",
        ];
        args.extend_from_slice(extra);
        let out = env.run(&args);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        pixels_of(&out_path, carmen)
    };
    let whole = png("dos.png", &[]);
    assert!(whole > 200, "{whole} pixels of Carmen's colour");
    assert!(png("carmen.png", &["--persona", "persona-carmen"]) > 200);
    assert_eq!(png("luis.png", &["--persona", "Luis Medina"]), 0);
    // A persona the map does not have is named, with those it has; a copy refuses the option.
    let out = env.run(&[
        "export",
        p(&f),
        "-o",
        p(&env.dir.path().join("x.pdf")),
        "--persona",
        "Ana",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("“Ana”") && stderr(&out).contains("Luis Medina"),
        "{}",
        stderr(&out)
    );
    let copy = env.dir.path().join("copia.travesia");
    let out = env.run(&["export", p(&f), "-o", p(&copy), "--persona", "Luis Medina"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("--persona draws a poster"),
        "{}",
        stderr(&out)
    );
    assert!(!copy.exists());
    // The copy of the whole map keeps every curve: version 2, Luis's points, Carmen's to-be.
    let out = env.run(&["export", p(&f), "-o", p(&copy)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let back = travesia_core::format::read_file(&copy).unwrap();
    assert_eq!(back.map, map, "version 2 round-trips without loss");
    let raw: Value = serde_json::from_slice(&std::fs::read(&copy).unwrap()).unwrap();
    assert_eq!(raw["version"], json!(2));
}

#[test]
fn a_metrics_lane_is_validated_printed_with_its_values_and_kept_in_a_copy() {
    let env = Env::new();
    let map = travesia_core::sample::with_metrics("es");
    let doc = travesia_core::format::Document {
        map: map.clone(),
        extra: Default::default(),
    };
    let f = env.file(
        "metricas.travesia",
        travesia_core::format::to_string(&doc).as_bytes(),
    );
    let out = env.run(&["validate", p(&f)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let pdf = env.dir.path().join("metricas.pdf");
    let out = env.run(&["export", p(&f), "-o", p(&pdf), "--paper", "A2"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = pdf_words(&pdf);
    for words in [
        "CSAT (/5)",
        "NPS (pts)",
        "3,5/5",
        "4,2/5",
        "-10 pts",
        "30 pts",
    ] {
        assert!(text.contains(words), "{words} in the PDF");
    }
    // The import takes it into the library and a copy gives it back whole.
    let out = env.run(&["import", p(&f)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let id = stdout(&out);
    let copy = env.dir.path().join("copia.travesia");
    let out = env.run(&["export", "--map", &id, "-o", p(&copy)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let back = travesia_core::format::read_file(&copy).unwrap().map;
    let metrics: Vec<_> = back
        .cards
        .iter()
        .filter(|c| c.lane == "l-metrics")
        .collect();
    assert_eq!(metrics.len(), 10);
    assert_eq!(back.card("nps-s1").unwrap().value, Some(-10.0));
    assert_eq!(back.card("csat-s5").unwrap().unit.as_deref(), Some("/5"));
    // Below zero is a metric's value only: on a funnel, the file is refused.
    let mut bad: Value = serde_json::from_str(&travesia_core::format::to_string(&doc)).unwrap();
    let cards = bad["map"]["cards"].as_array_mut().unwrap();
    let at = cards
        .iter()
        .position(|c| c["id"] == json!("nps-s1"))
        .unwrap();
    bad["map"]["lanes"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|l| l["id"] == json!("l-metrics"))
        .unwrap()["kind"] = json!("kpis");
    let f = env.file("mal.travesia", bad.to_string().as_bytes());
    let out = env.run(&["validate", p(&f)]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let said = format!("{}{}", stdout(&out), stderr(&out));
    assert!(said.contains(&format!("map.cards[{at}].value")), "{said}");
}

#[test]
fn export_with_patterns_tells_routes_apart_by_line_and_refuses_a_travesia() {
    let env = Env::new();
    // Two routes of one colour: on screen only their position tells them apart.
    let mut doc: Value = serde_json::from_str(EXAMPLE).unwrap();
    let routes = doc["map"]["routes"].as_array_mut().unwrap();
    let mut second = routes[0].clone();
    second["id"] = json!("r2");
    second["name"] = json!("Segunda ruta");
    second["steps"] = json!(["t4", "t5"]);
    routes.push(second);
    let f = env.file("dos.travesia", doc.to_string().as_bytes());
    let dashes = |svg: &Path| {
        std::fs::read_to_string(svg)
            .unwrap()
            .matches("stroke-dasharray")
            .count()
    };
    let plain = env.dir.path().join("plain.svg");
    let out = env.run(&["export", p(&f), "-o", p(&plain)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let patterned = env.dir.path().join("patterned.svg");
    let out = env.run(&["export", p(&f), "-o", p(&patterned), "--patterns"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // The second route is dashed: its connector and its legend sample.
    assert!(
        dashes(&patterned) >= dashes(&plain) + 2,
        "{} dashed strokes with --patterns, {} without",
        dashes(&patterned),
        dashes(&plain)
    );
    let pdf = env.dir.path().join("patterned.pdf");
    let out = env.run(&[
        "export",
        p(&f),
        "-o",
        p(&pdf),
        "--patterns",
        "--paper",
        "A3",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF"));
    // A .travesia is the map itself, not a drawing of it.
    let copy = env.dir.path().join("copia.travesia");
    let out = env.run(&["export", p(&f), "-o", p(&copy), "--patterns"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("--patterns draws a poster"),
        "{}",
        stderr(&out)
    );
    assert!(!copy.exists());
}

#[test]
fn a_service_blueprint_prints_its_lines_and_every_card() {
    let env = Env::new();
    for (lang, lines) in [
        (
            "es",
            [
                "Línea de interacción",
                "Línea de visibilidad",
                "Línea de interacción interna",
            ],
        ),
        (
            "en",
            [
                "Line of interaction",
                "Line of visibility",
                "Line of internal interaction",
            ],
        ),
    ] {
        let out = env.run(&["new", "--template", "blueprint", "--lang", lang]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let id = stdout(&out);
        let pdf = env.dir.path().join(format!("plano-{lang}.pdf"));
        let out = env.run(&["export", "--map", &id, "-o", p(&pdf), "--paper", "A1"]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let text = Command::new("pdftotext")
            .args([p(&pdf), "-"])
            .output()
            .expect("pdftotext (poppler-utils) runs");
        let text = String::from_utf8_lossy(&text.stdout)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        for line in lines {
            assert!(text.contains(line), "{lang}: {line} in the PDF");
        }
        let map = travesia_core::templates::load("blueprint", lang).unwrap();
        for card in &map.cards {
            let start: Vec<&str> = card.text.split_whitespace().take(3).collect();
            assert!(
                text.contains(&start.join(" ")),
                "{lang}: {:?} in the PDF",
                card.text
            );
        }
        // The PNG draws the lines across the map in their own ink; a
        // journey map has no such row.
        let png = env.dir.path().join(format!("plano-{lang}.png"));
        let out = env.run(&[
            "export",
            "--map",
            &id,
            "-o",
            p(&png),
            "--paper",
            "fit",
            "--dpi",
            "150",
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        // The line of interaction is solid: a row of the poster nearly all
        // of that ink.
        let line_ink = widest_row_of(&png, [0x3D, 0x48, 0x52]);
        assert!(line_ink > 0.6, "{lang}: a row {line_ink} of the lines' ink");
        if lang == "es" {
            let journey = env.file(
                "omnicanal.travesia",
                travesia_core::format::to_string(&travesia_core::format::Document {
                    map: travesia_core::templates::load("omnichannel", "es").unwrap(),
                    extra: Default::default(),
                })
                .as_bytes(),
            );
            let plain = env.dir.path().join("omnicanal.png");
            let out = env.run(&[
                "export",
                p(&journey),
                "-o",
                p(&plain),
                "--paper",
                "fit",
                "--dpi",
                "150",
            ]);
            assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
            assert!(widest_row_of(&plain, [0x3D, 0x48, 0x52]) < 0.2);
        }
        // A copy of the map says it needs version 2 of the format.
        let copy = env.dir.path().join(format!("plano-{lang}.travesia"));
        let out = env.run(&["export", "--map", &id, "-o", p(&copy)]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let doc: Value = serde_json::from_slice(&std::fs::read(&copy).unwrap()).unwrap();
        assert_eq!(doc["version"], json!(2));
        assert_eq!(doc["map"]["lanes"][4]["kind"], json!("backstage"));
    }
}

#[test]
fn export_pdf_with_bleed_crop_marks_and_tiles() {
    let env = Env::new();
    let f = env.file("e.travesia", EXAMPLE.as_bytes());
    let pdf = env.dir.path().join("poster.pdf");
    let page_size = |pdf: &Path| {
        let info = Command::new("pdfinfo").arg(pdf).output().unwrap();
        let info = String::from_utf8_lossy(&info.stdout).to_string();
        info.lines()
            .find(|l| l.starts_with("Page size:"))
            .unwrap()
            .to_string()
    };
    // By default the PDF is exactly the paper chosen.
    let out = env.run(&["export", p(&f), "-o", p(&pdf), "--paper", "A3"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let size_line = page_size(&pdf);
    assert!(
        size_line.contains("1190.55 x 841.89 pts (A3)"),
        "{size_line}"
    );
    // For a print shop: a 3 mm bleed (the media 6 mm larger than A3, 426 ×
    // 303 mm in points) and crop marks, which need room outside the bleed.
    let shop = env.dir.path().join("imprenta.pdf");
    let out = env.run(&[
        "export",
        p(&f),
        "-o",
        p(&shop),
        "--paper",
        "A3",
        "--print-shop",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let size_line = page_size(&shop);
    let size: Vec<f32> = size_line
        .split_whitespace()
        .filter_map(|t| t.parse().ok())
        .collect();
    let (w, h) = (size[0], size[1]);
    assert!(
        w > 1207.0 && h > 858.0,
        "bleed and marks around A3: {size_line}"
    );
    let boxes = Command::new("pdfinfo")
        .args(["-box"])
        .arg(&shop)
        .output()
        .unwrap();
    let boxes = String::from_utf8_lossy(&boxes.stdout);
    let trim = boxes.lines().find(|l| l.starts_with("TrimBox:")).unwrap();
    let nums: Vec<f32> = trim
        .split_whitespace()
        .filter_map(|t| t.parse().ok())
        .collect();
    assert!(
        ((nums[2] - nums[0]) - 1190.55).abs() < 0.5 && ((nums[3] - nums[1]) - 841.89).abs() < 0.5,
        "the trimmed page is A3: {trim}"
    );
    let tiles = env.dir.path().join("tiles.pdf");
    let out = env.run(&[
        "export",
        p(&f),
        "-o",
        p(&tiles),
        "--paper",
        "A1",
        "--tile",
        "A4",
        "--overlap-mm",
        "15",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("sheets of A4 with 15 mm overlap"),
        "{}",
        stderr(&out)
    );
    let info = Command::new("pdfinfo").arg(&tiles).output().unwrap();
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(
        info.contains("Page size:       595.276 x 841.89 pts (A4)"),
        "{info}"
    );
    let pages: u32 = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert!(pages > 4, "{pages} sheets");
    let text = Command::new("pdftotext")
        .arg(&tiles)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains(&format!("Fila 1 · Columna 1 — hoja 1 de {pages}")),
        "{text}"
    );
    // SVG is for screens: print options are refused with exit 2.
    let svg = env.dir.path().join("p.svg");
    let out = env.run(&["export", p(&f), "-o", p(&svg), "--crop-marks"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("for printing"), "{}", stderr(&out));
}

#[test]
fn a_damaged_library_is_restored_from_its_backup() {
    let env = Env::new();
    let f = env.file("e.travesia", EXAMPLE.as_bytes());
    for _ in 0..20 {
        assert_eq!(env.run(&["import", p(&f)]).status.code(), Some(0));
    }
    // Opening an existing library takes today's backup.
    assert_eq!(env.list().as_array().unwrap().len(), 20);
    let out = env.run(&["backups"]);
    assert!(stdout(&out).contains("\tgood\t"), "{}", stdout(&out));
    // Flush the WAL into the file, then scribble over its middle.
    {
        let conn = rusqlite::Connection::open(&env.db).unwrap();
        conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
            .unwrap();
    }
    let mut bytes = std::fs::read(&env.db).unwrap();
    for b in &mut bytes[4096 + 100..4096 * 3] {
        *b = 0x5A;
    }
    std::fs::write(&env.db, &bytes).unwrap();
    let out = env.run(&["list"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("damaged"), "{}", stderr(&out));
    let out = env.run(&["restore-backup"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("kept as"), "{}", stdout(&out));
    // The library is back as it was when today's backup was taken: at the
    // second start of the day, after the first import.
    assert_eq!(env.list().as_array().unwrap().len(), 1);
}

/// `travesia` with no command hands over to the window's binary beside it,
/// with the same arguments.
#[test]
fn without_a_command_the_window_binary_beside_it_takes_over() {
    let dir = tempfile::tempdir().unwrap();
    let cli = dir.path().join("travesia");
    std::fs::copy(env!("CARGO_BIN_EXE_travesia"), &cli).unwrap();
    let app = dir.path().join("travesia-app");
    std::fs::write(&app, "#!/bin/sh\necho \"window as $0 with: $*\"\n").unwrap();
    let mut perms = std::fs::metadata(&app).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
    std::fs::set_permissions(&app, perms).unwrap();
    // Files just written may be "busy" while another test's child, forked
    // meanwhile, still holds them open: try again then.
    let run = |cmd: &mut Command| loop {
        match cmd.output() {
            Err(e) if e.kind() == std::io::ErrorKind::ExecutableFileBusy => {
                std::thread::sleep(std::time::Duration::from_millis(20))
            }
            other => break other.unwrap(),
        }
    };
    let out = run(Command::new(&cli).args(["--db", "x.db", "mapa.travesia"]));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        text.trim(),
        format!("window as {} with: --db x.db mapa.travesia", app.display())
    );

    // Without the window's binary it says so instead of failing silently.
    std::fs::remove_file(&app).unwrap();
    let out = run(Command::new(&cli).env("PATH", dir.path()));
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("the window could not start"));
}

/// The command line links none of the window's GTK and WebKit libraries,
/// which would cost it some 60 ms of loading on every run.
#[test]
fn the_command_line_links_no_window_library() {
    let out = Command::new("ldd")
        .arg(env!("CARGO_BIN_EXE_travesia"))
        .output()
        .unwrap();
    let libs = String::from_utf8_lossy(&out.stdout);
    assert!(libs.contains("libc.so"), "{libs}");
    for lib in ["gtk", "webkit", "gdk", "glib", "soup"] {
        assert!(!libs.contains(lib), "links {lib}: {libs}");
    }
}

/// A refused file says each problem in words with its path, offers its valid
/// part, and `--valid-part` imports it after naming what is left out.
#[test]
fn the_valid_part_of_a_refused_file_can_be_imported() {
    let env = Env::new();
    let mut v: Value = serde_json::from_str(EXAMPLE).unwrap();
    let cards = v["map"]["cards"].as_array().unwrap().len();
    v["map"]["cards"][5]["text"] = json!(123);
    let f = env.file("roto.travesia", &serde_json::to_vec(&v).unwrap());
    let before = env.list();

    let out = env.run_in("es_ES.UTF-8", &["import", p(&f)]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("Tarjeta 6: el texto es un número y debe ser un texto (map.cards[5].text:"),
        "{err}"
    );
    assert!(err.contains("travesia import --valid-part"), "{err}");
    assert_eq!(env.list(), before, "a refused file changes nothing");

    let out = env.run_in("es_ES.UTF-8", &["import", "--valid-part", p(&f)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("se deja fuera: Tarjeta 6"),
        "{}",
        stderr(&out)
    );
    let id = stdout(&out);
    let list: Value = serde_json::from_str(&stdout(&env.run(&["list", "--json"]))).unwrap();
    let map = list
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == json!(id))
        .expect("the valid part is in the library");
    assert_eq!(map["cards"].as_u64(), Some(cards as u64 - 1));
}

/// What the library reports through the log (here: a backup it could not
/// take) reaches the command line's standard error, and the command still
/// does its work.
#[test]
fn the_librarys_warnings_reach_standard_error() {
    let env = Env::new();
    assert_eq!(env.list(), json!([]));
    // The backups folder is a file: today's backup cannot be written.
    std::fs::write(env.db.parent().unwrap().join("backups"), b"not a folder").unwrap();
    let out = env.run(&["list"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.lines()
            .any(|l| l.starts_with("travesia: warning: today's backup was not taken: ")),
        "{err}"
    );
    // Quiet when asked to be.
    let out = Command::new(env!("CARGO_BIN_EXE_travesia"))
        .args(["list"])
        .env("TRAVESIA_DB", &env.db)
        .env("TRAVESIA_LOG", "error")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
}

#[test]
fn a_poster_imports_again_as_its_map_unless_it_was_exported_without_it() {
    let env = Env::new();
    let f = env.file("ejemplo.travesia", EXAMPLE.as_bytes());
    let out = env.run(&["import", p(&f)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let id = stdout(&out);
    let original = Library::open(&env.db).unwrap().load(&id).unwrap();
    for ext in ["pdf", "png", "svg"] {
        let poster = env.dir.path().join(format!("cartel.{ext}"));
        let out = env.run(&[
            "export",
            "--map",
            &id,
            "-o",
            p(&poster),
            "--paper",
            "A4",
            "--dpi",
            "72",
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        // Opened again: the same map, under a new id.
        let out = env.run(&["import", p(&poster)]);
        assert_eq!(out.status.code(), Some(0), "{ext}: {}", stderr(&out));
        let again = Library::open(&env.db).unwrap().load(&stdout(&out)).unwrap();
        assert_eq!(again.cards, original.cards, "{ext}");
        assert_eq!(again.personas, original.personas, "{ext}");
        assert_eq!(again.routes, original.routes, "{ext}");
        // A poster is also a source for export and validate.
        let copy = env.dir.path().join(format!("copia-{ext}.travesia"));
        let out = env.run(&["export", p(&poster), "-o", p(&copy)]);
        assert_eq!(out.status.code(), Some(0), "{ext}: {}", stderr(&out));
        let a: Value = serde_json::from_slice(&std::fs::read(&copy).unwrap()).unwrap();
        assert_eq!(
            a["map"]["cards"],
            serde_json::to_value(&original.cards).unwrap()
        );
        let out = env.run(&["validate", p(&poster)]);
        assert!(stdout(&out).starts_with("ok:"), "{ext}: {}", stdout(&out));

        // --no-embed: a poster only, which says so when opened.
        let bare = env.dir.path().join(format!("solo.{ext}"));
        let out = env.run(&[
            "export",
            "--map",
            &id,
            "-o",
            p(&bare),
            "--paper",
            "A4",
            "--dpi",
            "72",
            "--no-embed",
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let before = env.list().as_array().unwrap().len();
        let out = env.run_in("es_ES.UTF-8", &["import", p(&bare)]);
        assert_eq!(out.status.code(), Some(1), "{ext}");
        assert!(
            stderr(&out).contains("Este póster no lleva el mapa dentro"),
            "{ext}: {}",
            stderr(&out)
        );
        assert_eq!(env.list().as_array().unwrap().len(), before);
    }
    // A .travesia file is the map itself: nothing to leave out.
    let out = env.run(&[
        "export",
        "--map",
        &id,
        "-o",
        p(&env.dir.path().join("x.travesia")),
        "--no-embed",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--no-embed is for posters"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn spreadsheets_out_and_in_with_what_they_leave_out_said() {
    let env = Env::new();
    let f = env.file("ejemplo.travesia", EXAMPLE.as_bytes());
    let id = stdout(&env.run(&["import", p(&f)]));
    let original = Library::open(&env.db).unwrap().load(&id).unwrap();

    // A tidy workbook: the whole map, nothing said to be left out.
    let book = env.dir.path().join("mapa.xlsx");
    let out = env.run_in("es_ES.UTF-8", &["export", "--map", &id, "-o", p(&book)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!stderr(&out).contains("no guarda"), "{}", stderr(&out));
    let out = env.run(&["import", p(&book)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let again = Library::open(&env.db).unwrap().load(&stdout(&out)).unwrap();
    assert_eq!(again.routes, original.routes);
    assert_eq!(again.personas, original.personas);
    assert_eq!(again.cards.len(), original.cards.len());

    // A CSV for a Spanish spreadsheet: `;`, decimal commas, what it cannot keep said.
    let csv = env.dir.path().join("mapa.csv");
    let out = env.run_in("es_ES.UTF-8", &["export", "--map", &id, "-o", p(&csv)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("CSV no guarda 1 ruta"),
        "{}",
        stderr(&out)
    );
    // In English for an English locale, whatever the map's language.
    let out = env.run(&["export", "--map", &id, "-o", p(&csv)]);
    assert!(
        stderr(&out).contains("CSV does not keep 1 route"),
        "{}",
        stderr(&out)
    );
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(
        text.starts_with("\u{feff}Etapa;Carril;Tipo de carril;Texto;"),
        "{text}"
    );
    let out = env.run(&["import", p(&csv)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let from_csv = Library::open(&env.db).unwrap().load(&stdout(&out)).unwrap();
    assert_eq!(from_csv.title, "mapa");
    assert_eq!(from_csv.cards.len(), original.cards.len());

    // The worksheet layout, with English conventions asked for.
    let grid = env.dir.path().join("rejilla.csv");
    let out = env.run(&[
        "export",
        "--map",
        &id,
        "-o",
        p(&grid),
        "--layout",
        "worksheet",
        "--csv-style",
        "comma",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = std::fs::read_to_string(&grid).unwrap();
    assert!(text.starts_with("\u{feff}Carril,Tipo de carril,"), "{text}");

    // Poster-only and sheet-only options in the wrong place are usage mistakes.
    for args in [
        vec!["--patterns"],
        vec!["--no-embed"],
        vec!["--persona", "x"],
    ] {
        let mut all = vec!["export", "--map", &id, "-o", p(&csv)];
        all.extend(args);
        assert_eq!(env.run(&all).status.code(), Some(2), "{all:?}");
    }
    let pdf = env.dir.path().join("x.pdf");
    let out = env.run(&[
        "export",
        "--map",
        &id,
        "-o",
        p(&pdf),
        "--layout",
        "worksheet",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--layout and --csv-style are for spreadsheets"));

    // A refused sheet: exit 1, the row and column named, nothing imported.
    let bad = env.file(
        "malo.csv",
        "Etapa;Carril;Tipo de carril;Texto;Emoción\nA;Emo;Emociones;x;9\n".as_bytes(),
    );
    let before = env.list().as_array().unwrap().len();
    let out = env.run_in("es_ES.UTF-8", &["import", p(&bad)]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("Fila 2, columna «Emoción»: «9» no es una emoción de −2 a +2"),
        "{}",
        stderr(&out)
    );
    assert_eq!(env.list().as_array().unwrap().len(), before);
}

#[test]
fn a_mermaid_journey_in_and_out_with_its_warnings_on_standard_error() {
    let env = Env::new();
    let mmd = env.file(
        "dia.mmd",
        b"journey\n  title Mi viaje\n  section Compra\n    Paga: 9: Ana\n",
    );
    let out = env.run_in("es_ES.UTF-8", &["import", p(&mmd)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("Línea 4: la puntuación 9 está fuera de 1 a 5; se toma 5."),
        "{}",
        stderr(&out)
    );
    let id = stdout(&out);
    let m = Library::open(&env.db).unwrap().load(&id).unwrap();
    assert_eq!(m.title, "Mi viaje");
    assert_eq!(m.personas()[0].name, "Ana");

    let back = env.dir.path().join("vuelta.mmd");
    let out = env.run(&["export", "--map", &id, "-o", p(&back)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = std::fs::read_to_string(&back).unwrap();
    assert_eq!(
        text,
        "journey\n    title Mi viaje\n    section Compra\n      Paga: 5: Ana\n"
    );
    let out = env.run(&["export", "--map", &id, "-o", p(&back), "--patterns"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_worksheet_filled_in_elsewhere_goes_back_into_its_map_and_undo_takes_it_back() {
    let env = Env::new();
    let f = env.file("ejemplo.travesia", EXAMPLE.as_bytes());
    let id = stdout(&env.run(&["import", p(&f)]));
    let before = Library::open(&env.db).unwrap().load(&id).unwrap();
    let sheet = env.dir.path().join("taller.csv");
    let out = env.run_in(
        "es_ES.UTF-8",
        &[
            "export",
            "--map",
            &id,
            "-o",
            p(&sheet),
            "--layout",
            "worksheet",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut text = std::fs::read_to_string(&sheet).unwrap();
    text.push_str("Ideas del taller;Oportunidades;Probar un chat\r\n");
    std::fs::write(&sheet, text).unwrap();

    let out = env.run_in("es_ES.UTF-8", &["import", p(&sheet), "--into", &id]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "Hoja leída en el mapa: 1 tarjeta nueva y 1 carril nuevo. Ctrl+Z lo deshace todo de una vez."
    );
    let after = Library::open(&env.db).unwrap().load(&id).unwrap();
    assert_eq!(after.cards.len(), before.cards.len() + 1);
    assert_eq!(env.list().as_array().unwrap().len(), 1, "no new map");
    let out = env.run(&["undo", "--map", &id]);
    assert_eq!(out.status.code(), Some(0));
    let undone = Library::open(&env.db).unwrap().load(&id).unwrap();
    assert_eq!(undone.cards, before.cards);
    assert_eq!(undone.lanes, before.lanes);
    // Read again unchanged: nothing to do, and said.
    let sheet2 = env.dir.path().join("igual.csv");
    env.run(&[
        "export",
        "--map",
        &id,
        "-o",
        p(&sheet2),
        "--layout",
        "worksheet",
    ]);
    let out = env.run_in("es_ES.UTF-8", &["import", p(&sheet2), "--into", &id]);
    assert_eq!(
        stdout(&out),
        "La hoja dice lo mismo que el mapa: no cambia nada."
    );
}

#[test]
fn evidence_is_validated_printed_left_out_on_request_and_kept_in_a_copy() {
    let env = Env::new();
    let map = travesia_core::sample::with_evidence("es");
    let doc = travesia_core::format::Document {
        map: map.clone(),
        extra: Default::default(),
    };
    let f = env.file(
        "evidencia.travesia",
        travesia_core::format::to_string(&doc).as_bytes(),
    );
    let out = env.run(&["validate", p(&f)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let pdf = env.dir.path().join("evidencia.pdf");
    let out = env.run(&["export", p(&f), "-o", p(&pdf), "--paper", "A2"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = pdf_words(&pdf);
    for words in [
        "Confianza",
        "Validado",
        "Encuesta · 2 oct 2026",
        "El 62 % de 480",
    ] {
        assert!(text.contains(words), "{words} in the PDF: {text}");
    }
    let bare = env.dir.path().join("sin.pdf");
    let out = env.run(&["export", p(&f), "-o", p(&bare), "--no-evidence"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = pdf_words(&bare);
    assert!(
        !text.contains("Confianza") && !text.contains("El 62 %"),
        "{text}"
    );
    // A .travesia file always keeps the evidence: the flag is refused for it.
    let copy = env.dir.path().join("copia.travesia");
    let out = env.run(&["export", p(&f), "-o", p(&copy), "--no-evidence"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--no-evidence"), "{}", stderr(&out));
    let out = env.run(&["export", p(&f), "-o", p(&copy)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(travesia_core::format::read_file(&copy).unwrap().map, map);
    // A date that is no day is refused with its path.
    let mut bad = doc.clone();
    let at = bad
        .map
        .cards
        .iter()
        .position(|c| c.evidence.is_some())
        .unwrap();
    bad.map.cards[at].evidence.as_mut().unwrap().date = Some("2026-02-30".into());
    let b = env.file(
        "mala.travesia",
        travesia_core::format::to_string(&bad).as_bytes(),
    );
    let out = env.run(&["validate", p(&b)]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains(&format!("map.cards[{at}].evidence.date"))
            || stderr(&out).contains(&format!("map.cards[{at}].evidence.date")),
        "{} {}",
        stdout(&out),
        stderr(&out)
    );
}

#[test]
fn a_map_set_is_a_pdf_of_a_library_map_and_every_map_it_links_to() {
    let env = Env::new();
    for map in travesia_core::sample::map_set("es") {
        let doc = travesia_core::format::Document {
            map: map.clone(),
            extra: Default::default(),
        };
        let f = env.file(
            &format!("{}.travesia", map.id),
            travesia_core::format::to_string(&doc).as_bytes(),
        );
        let out = env.run(&["import", p(&f)]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert_eq!(stdout(&out).trim(), map.id);
    }
    let pdf = env.dir.path().join("conjunto.pdf");
    let out = env.run(&["export", "--map", "viaje", "-o", p(&pdf), "--map-set"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = pdf_words(&pdf);
    for title in [
        "Recorrido omnicanal de retail",
        "Pago en la tienda",
        "Devoluciones",
    ] {
        assert!(text.contains(title), "{title}: {text}");
    }
    let info = Command::new("pdfinfo").arg(&pdf).output().unwrap();
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(
        info.lines()
            .any(|l| l.starts_with("Pages:") && l.ends_with(" 3")),
        "{info}"
    );
    // Without the flag, one map; with it, a PDF of a library map only.
    let one = env.dir.path().join("uno.pdf");
    let out = env.run(&["export", "--map", "viaje", "-o", p(&one)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let info = Command::new("pdfinfo").arg(&one).output().unwrap();
    assert!(String::from_utf8_lossy(&info.stdout).contains("Pages:           1"));
    let png = env.dir.path().join("conjunto.png");
    let out = env.run(&["export", "--map", "viaje", "-o", p(&png), "--map-set"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--map-set"), "{}", stderr(&out));
    let file = env.dir.path().join("viaje.travesia");
    let out = env.run(&["export", p(&file), "-o", p(&one), "--map-set"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--map ID"), "{}", stderr(&out));
}

#[test]
fn compare_lists_what_changed_since_a_version_and_prints_the_change_poster() {
    let env = Env::new();
    let out = env.run(&["new", "--template", "three-stages"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let id = stdout(&out).trim().to_string();
    let out = env.run(&["snapshot", "--map", &id, "--name", "Antes del taller"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // Nothing changed yet: every count is nought.
    let out = env.run_in(
        "es_ES.UTF-8",
        &["compare", "--map", &id, "--from", "Antes del taller"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out).trim(),
        "Añadidas 0 · Quitadas 0 · Movidas 0 · Cambiadas 0"
    );
    // A card deleted (through the library), then compared by the version's number.
    let mut lib = travesia_store::Library::open(&env.db).unwrap();
    let card = lib.load(&id).unwrap().cards[0].clone();
    lib.apply(
        &id,
        &travesia_core::Edit::DeleteCard {
            id: card.id.clone(),
        },
    )
    .unwrap();
    drop(lib);
    let pdf = env.dir.path().join("cambios.pdf");
    let out = env.run_in(
        "es_ES.UTF-8",
        &[
            "compare",
            "--map",
            &id,
            "--from",
            "1",
            "-o",
            p(&pdf),
            "--paper",
            "A3",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let said = stdout(&out);
    assert!(
        said.starts_with(&format!("Quitada\t{}", card.text)),
        "{said}"
    );
    assert!(said.contains("Quitadas 1"), "{said}");
    let text = pdf_words(&pdf);
    assert!(
        text.contains("Quitadas (1)") && text.contains(&card.text),
        "{text}"
    );
    // A version the map has not got, and a poster of a data format, are refused.
    let out = env.run(&["compare", "--map", &id, "--from", "Después"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let csv = env.dir.path().join("cambios.csv");
    let out = env.run(&["compare", "--map", &id, "--from", "1", "-o", p(&csv)]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}
