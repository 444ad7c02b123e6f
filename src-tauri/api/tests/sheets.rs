//! Maps through spreadsheets, as a person would take them: exported with
//! the shared writer, read back with the shared reader. A tidy workbook gives
//! back the whole map; a tidy CSV every card, stage and lane with every card
//! field; a worksheet every card's words, in its cell. Every template, the
//! version 2 samples and a 1,500-card map; workbooks written by other
//! programs (openpyxl, LibreOffice Calc); and hostile files refused, each
//! with a test.

mod common;

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use travesia_api::export::{self, ExportFormat, ExportOptions, Source};
use travesia_api::import;
use travesia_api::sheets::{CsvConvention, SheetLayout};
use travesia_api::Engine;
use travesia_core::format::Document;
use travesia_core::{sample, templates, Map};

fn doc(map: Map) -> Document {
    Document {
        map,
        extra: Default::default(),
    }
}

fn maps() -> Vec<Map> {
    let mut all = common::every_template();
    all.push(sample::two_personas("es"));
    all.push(sample::with_metrics("es"));
    all.push(sample::with_evidence("es"));
    all
}

fn export_to(d: &Document, o: &ExportOptions, path: &Path) -> Vec<String> {
    let never = AtomicBool::new(false);
    export::write(
        &Engine::new(),
        &Source::from_document(d.clone()),
        o,
        path,
        |_| {},
        &never,
    )
    .unwrap_or_else(|e| panic!("{:?}: {e:?}", o.format))
    .left_out
}

fn options(format: ExportFormat, layout: SheetLayout) -> ExportOptions {
    ExportOptions {
        layout,
        ..ExportOptions::new(format)
    }
}

/// The cards as a spreadsheet orders them: stage by stage, lane by lane,
/// each cell's cards in their order (which is all the order a map has).
fn in_sheet_order(m: &Map) -> Vec<travesia_core::Card> {
    let mut out = Vec::new();
    for s in &m.stages {
        for l in &m.lanes {
            out.extend(m.cell_cards(&s.id, &l.id).cloned());
        }
    }
    out
}

fn read(path: &Path) -> Document {
    import::read(path, "es").unwrap_or_else(|e| panic!("{path:?}: {:#?}", e.issues))
}

#[test]
fn a_tidy_workbook_gives_back_the_whole_map() {
    let dir = tempfile::tempdir().unwrap();
    for (i, map) in maps().into_iter().enumerate() {
        let mut d = doc(map);
        d.extra
            .insert("futuro".into(), serde_json::json!({"algo": "ñ"}));
        let path = dir.path().join(format!("{i}.xlsx"));
        let left = export_to(&d, &options(ExportFormat::Xlsx, SheetLayout::Tidy), &path);
        assert!(
            left.is_empty(),
            "a tidy workbook leaves nothing out: {left:?}"
        );
        let back = read(&path);
        let mut want = d.clone();
        want.map.cards = in_sheet_order(&d.map);
        // The id is the library's, not the file's.
        want.map.id = String::new();
        assert_eq!(back.map.cards, want.map.cards, "{}", d.map.title);
        assert_eq!(back, want, "{}", d.map.title);
    }
}

#[test]
fn a_tidy_csv_keeps_every_card_stage_and_lane_in_both_conventions() {
    let dir = tempfile::tempdir().unwrap();
    for (i, map) in maps().into_iter().enumerate() {
        for convention in [CsvConvention::Semicolon, CsvConvention::Comma] {
            let d = doc(map.clone());
            let path = dir.path().join(format!("{i}-{convention:?}.csv"));
            let o = ExportOptions {
                csv_style: convention,
                ..options(ExportFormat::Csv, SheetLayout::Tidy)
            };
            let left = export_to(&d, &o, &path);
            // What a CSV cannot hold is said, in the map's language.
            let routes = d.map.routes().len();
            if routes > 0 {
                let said = travesia_i18n::Catalogue::of(travesia_core::templates::lang_for(
                    d.map.locale.as_deref().unwrap_or("es"),
                ))
                .plural("sheet.leftOut.routes", routes as u64, &[]);
                assert!(left.contains(&said), "{said}: {left:?}");
            }
            let back = read(&path).map;
            let m = &d.map;
            let ids = |v: &[travesia_core::Stage]| {
                v.iter()
                    .map(|s| (s.id.clone(), s.title.clone()))
                    .collect::<Vec<_>>()
            };
            assert_eq!(ids(&back.stages), ids(&m.stages), "{}", m.title);
            let lanes = |m: &Map| {
                m.lanes
                    .iter()
                    .map(|l| (l.id.clone(), l.title.clone(), l.kind))
                    .collect::<Vec<_>>()
            };
            assert_eq!(lanes(&back), lanes(m));
            // Every card field; a persona and an own channel by name.
            let card = |m: &Map, c: &travesia_core::Card| {
                let mut c = c.clone();
                c.persona = c
                    .persona
                    .as_deref()
                    .map(|p| m.persona(p).unwrap().name.clone());
                c.channel = c
                    .channel
                    .as_deref()
                    .map(|ch| m.own_channel(ch).map_or(ch.to_string(), |o| o.name.clone()));
                c
            };
            let a: Vec<_> = in_sheet_order(&back)
                .iter()
                .map(|c| card(&back, c))
                .collect();
            let b: Vec<_> = in_sheet_order(m).iter().map(|c| card(m, c)).collect();
            assert_eq!(a, b, "{} {convention:?}", m.title);
            assert_eq!(back.title, format!("{i}-{convention:?}"));
        }
    }
}

#[test]
fn a_worksheet_keeps_every_card_s_words_in_its_cell() {
    let dir = tempfile::tempdir().unwrap();
    for (i, map) in maps().into_iter().enumerate() {
        for format in [ExportFormat::Csv, ExportFormat::Xlsx] {
            let d = doc(map.clone());
            let path = dir.path().join(format!("{i}.{}", format.ext()));
            export_to(&d, &options(format, SheetLayout::Worksheet), &path);
            let back = read(&path).map;
            let m = &d.map;
            let titles = |m: &Map| m.stages.iter().map(|s| s.title.clone()).collect::<Vec<_>>();
            assert_eq!(titles(&back), titles(m));
            let lanes = |m: &Map| {
                m.lanes
                    .iter()
                    .map(|l| (l.title.clone(), l.kind))
                    .collect::<Vec<_>>()
            };
            assert_eq!(lanes(&back), lanes(m));
            for (s, bs) in m.stages.iter().zip(&back.stages) {
                for (l, bl) in m.lanes.iter().zip(&back.lanes) {
                    let said = |m: &Map, s: &str, l: &str| {
                        m.cell_cards(s, l)
                            .map(|c| {
                                (
                                    c.text.replace('\n', " "),
                                    c.score,
                                    c.value,
                                    c.unit.clone(),
                                    c.to_be == Some(true),
                                    c.persona
                                        .as_deref()
                                        .map(|p| m.persona(p).unwrap().name.clone()),
                                )
                            })
                            .collect::<Vec<_>>()
                    };
                    assert_eq!(
                        said(&back, &bs.id, &bl.id),
                        said(m, &s.id, &l.id),
                        "{} {format:?}: {} × {}",
                        m.title,
                        l.title,
                        s.title
                    );
                }
            }
        }
    }
}

#[test]
fn a_large_map_goes_through_both_kinds_of_spreadsheet() {
    let dir = tempfile::tempdir().unwrap();
    let d = doc(sample::map_with_cards(1500));
    let xlsx = dir.path().join("grande.xlsx");
    export_to(&d, &options(ExportFormat::Xlsx, SheetLayout::Tidy), &xlsx);
    let back = read(&xlsx);
    assert_eq!(back.map.cards, in_sheet_order(&d.map));
    let csv = dir.path().join("grande.csv");
    export_to(&d, &options(ExportFormat::Csv, SheetLayout::Tidy), &csv);
    assert_eq!(read(&csv).map.cards, in_sheet_order(&d.map));
}

use common::python;

#[test]
fn a_workbook_written_by_openpyxl_imports() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("taller.xlsx");
    // A grid as someone fills it in at a workshop, in another program.
    python(
        r#"
import sys, openpyxl
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Taller"
ws.append(["Carril", "Tipo de carril", "Descubrimiento", "Compra", "Uso"])
ws.append(["Acciones", "Acciones", "Ve un anuncio\nPregunta a una amiga", "Paga en la tienda", None])
ws.append(["Emociones", "Emociones", "+1", "-2 — cola larga", 2])
ws.append(["Embudo", "Embudo", "Visitas: 1.200", "Compras: 85,5", None])
ws.append(["Dolores", None, None, "=HYPERLINK(\"http://x\")", None])
wb.save(sys.argv[1])
"#,
        &[&path],
    );
    let m = read(&path).map;
    assert_eq!(m.title, "taller");
    let stages: Vec<_> = m.stages.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(stages, ["Descubrimiento", "Compra", "Uso"]);
    let cell = |lane: usize, stage: usize| -> Vec<travesia_core::Card> {
        m.cell_cards(&m.stages[stage].id, &m.lanes[lane].id)
            .cloned()
            .collect()
    };
    let texts = |v: Vec<travesia_core::Card>| v.into_iter().map(|c| c.text).collect::<Vec<_>>();
    assert_eq!(texts(cell(0, 0)), ["Ve un anuncio", "Pregunta a una amiga"]);
    assert_eq!(cell(1, 1)[0].score, Some(-2));
    assert_eq!(cell(1, 1)[0].text, "cola larga");
    // A number typed as a number in the cell is the point too.
    assert_eq!(cell(1, 2)[0].score, Some(2));
    assert_eq!(cell(2, 0)[0].value, Some(1200.0));
    assert_eq!(cell(2, 1)[0].value, Some(85.5));
    // A formula typed as text is a card's words, never run.
    assert_eq!(m.lanes[3].kind, travesia_core::LaneKind::Text);
    assert_eq!(texts(cell(3, 1)), ["=HYPERLINK(\"http://x\")"]);
}

#[test]
fn workbooks_written_by_libreoffice_calc_import() {
    let dir = tempfile::tempdir().unwrap();
    let mut m = templates::load("omnichannel", "es").unwrap();
    m.cards[0].text = "Año de la señora Ñúñez: pão, maçã y 1,5 kg".into();
    let d = doc(m);
    // Our tidy workbook and our Spanish worksheet CSV, saved again as
    // workbooks by LibreOffice Calc (the CSV read as a person in Spain has
    // it: `;`, UTF-8).
    let tidy = dir.path().join("ordenado.xlsx");
    export_to(&d, &options(ExportFormat::Xlsx, SheetLayout::Tidy), &tidy);
    let grid = dir.path().join("rejilla.csv");
    let o = ExportOptions {
        csv_style: CsvConvention::Semicolon,
        ..options(ExportFormat::Csv, SheetLayout::Worksheet)
    };
    export_to(&d, &o, &grid);
    let out = tempfile::tempdir().unwrap();
    let tidy_again = common::libreoffice("xlsx", &[], &[tidy], out.path());
    let grid_again = common::libreoffice(
        "xlsx",
        &["--infilter=CSV:59,34,76,1"],
        std::slice::from_ref(&grid),
        out.path(),
    );
    // LibreOffice's own zip and XML, yet the whole map comes back.
    let back = read(&tidy_again[0]);
    let mut want = d.clone();
    want.map.cards = in_sheet_order(&d.map);
    want.map.id = String::new();
    assert_eq!(back.map.cards, want.map.cards);
    assert_eq!(back, want);
    // The grid gives what our own CSV of it gives: every card in its cell.
    let from_calc = read(&grid_again[0]).map;
    let from_csv = read(&grid).map;
    let cells = |m: &Map| {
        in_sheet_order(m)
            .into_iter()
            .map(|c| {
                let at = |id: &str, ids: Vec<&String>| ids.iter().position(|i| *i == id);
                (
                    at(&c.stage, m.stages.iter().map(|s| &s.id).collect()),
                    at(&c.lane, m.lanes.iter().map(|l| &l.id).collect()),
                    c.text,
                    c.score,
                    c.value,
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(cells(&from_calc), cells(&from_csv));
    assert_eq!(from_calc.cards.len(), d.map.cards.len());
}

#[test]
fn our_workbooks_open_in_openpyxl_with_text_kept_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let mut m = templates::load("five-phases", "es").unwrap();
    m.cards[0].text = "=1+1 «año»".into();
    let path = dir.path().join("mapa.xlsx");
    export_to(
        &doc(m.clone()),
        &options(ExportFormat::Xlsx, SheetLayout::Tidy),
        &path,
    );
    let out = python(
        r#"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
print("|".join(wb.sheetnames))
ws = wb["Tarjetas"]
for row in ws.iter_rows(values_only=False):
    for c in row:
        if c.value == "=1+1 «año»":
            print("TEXT", c.data_type)
"#,
        &[&path],
    );
    let said = String::from_utf8_lossy(&out);
    assert!(
        said.starts_with("Tarjetas|Mapa|Etapas|Carriles|Personas|Rutas|Canales"),
        "{said}"
    );
    // "s": a string cell, not "f", a formula.
    assert!(said.contains("TEXT s"), "{said}");
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

#[test]
fn a_csv_with_formulas_imports_them_as_words_and_writes_them_back_inert() {
    let dir = tempfile::tempdir().unwrap();
    let csv = "Etapa;Carril;Texto\r\nCompra;Acciones;=cmd|'/c calc'!A1\r\nCompra;Acciones;@SUM(1+1)\r\nCompra;Acciones;+34 600 000 000\r\n";
    let path = write(dir.path(), "ataque.csv", csv.as_bytes());
    let d = read(&path);
    let texts: Vec<_> = d.map.cards.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(texts, ["=cmd|'/c calc'!A1", "@SUM(1+1)", "+34 600 000 000"]);
    let out = dir.path().join("salida.csv");
    export_to(&d, &options(ExportFormat::Csv, SheetLayout::Tidy), &out);
    let text = String::from_utf8(std::fs::read(&out).unwrap()).unwrap();
    for line in text.lines().skip(1) {
        for field in line.split(';') {
            let field = field.trim_matches('"');
            assert!(
                !field.starts_with(['=', '+', '-', '@']),
                "a field a spreadsheet would run: {field}"
            );
        }
    }
    // And they come back as they were.
    let again: Vec<_> = read(&out).map.cards.into_iter().map(|c| c.text).collect();
    assert_eq!(again, texts);
}

#[test]
fn a_sheet_with_a_million_rows_is_refused_without_being_read_whole() {
    let dir = tempfile::tempdir().unwrap();
    let mut csv = String::from("Etapa,Carril,Texto\n");
    for i in 0..1_000_000 {
        csv.push_str(&format!("E,C,{i}\n"));
    }
    let path = write(dir.path(), "enorme.csv", csv.as_bytes());
    let e = import::read(&path, "es").unwrap_err();
    assert!(
        e.lines()[0].contains("más de 50000 filas"),
        "{:?}",
        e.lines()
    );
    // The same in a workbook, written by openpyxl in write-only mode.
    let path = dir.path().join("enorme.xlsx");
    python(
        r#"
import sys, openpyxl
wb = openpyxl.Workbook(write_only=True)
ws = wb.create_sheet("Tarjetas")
ws.append(["Etapa", "Carril", "Texto"])
for i in range(1000000):
    ws.append(["E", "C", i])
wb.save(sys.argv[1])
"#,
        &[&path],
    );
    let e = import::read(&path, "es").unwrap_err();
    assert!(
        e.lines()[0].contains("más de 50000 filas"),
        "{:?}",
        e.lines()
    );
}

#[test]
fn a_zip_bomb_disguised_as_a_workbook_is_refused_at_its_directory() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bomba.xlsx");
    // 1 GiB of zeros in one part, packed to about a megabyte.
    python(
        r#"
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", "<Types/>")
    with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
        block = b"\0" * (1 << 20)
        for _ in range(1024):
            f.write(block)
"#,
        &[&path],
    );
    assert!(std::fs::metadata(&path).unwrap().len() < 8 * 1024 * 1024);
    let e = import::read(&path, "es").unwrap_err();
    assert_eq!(
        e.lines(),
        ["El libro se descomprimiría en un tamaño desmesurado: se rechaza como bomba zip."]
    );
    // Not a zip at all.
    let junk = write(dir.path(), "falso.xlsx", b"PK\x03\x04 no es un zip");
    let e = import::read(&junk, "es").unwrap_err();
    assert_eq!(
        e.lines(),
        ["El archivo no es un libro XLSX que se pueda leer."]
    );
}

#[test]
fn every_problem_of_a_sheet_is_named_at_its_row_and_column_and_nothing_is_imported() {
    let dir = tempfile::tempdir().unwrap();
    let csv = "Etapa;Carril;Tipo de carril;Texto;Emoción;En línea\n\
               Compra;Emociones;Emociones;Feliz;7;sí\n\
               Compra;Acciones;Acciones;Paga;;quizá\n\
               Compra;Rarezas;Inventado;x;;\n";
    let path = write(dir.path(), "errores.csv", csv.as_bytes());
    let dbdir = tempfile::tempdir().unwrap();
    let mut lib = travesia_store::Library::open(&dbdir.path().join("l.db")).unwrap();
    let e = import::import_file(&mut lib, &path, "es").unwrap_err();
    let words: Vec<_> = e.issues.iter().map(|i| i.words.as_str()).collect();
    assert_eq!(
        words,
        [
            "Fila 2, columna «Emoción»: «7» no es una emoción de −2 a +2",
            "Fila 3, columna «En línea»: «quizá» no es sí ni no",
            "Fila 4, columna «Tipo de carril»: «Inventado» no es un tipo de carril",
        ]
    );
    let places: Vec<_> = e.issues.iter().map(|i| i.path.as_str()).collect();
    assert_eq!(places, ["E2", "F3", "C4"]);
    assert!(lib.list_maps().unwrap().is_empty());

    // A rule of the map itself (text too long) is told at the card's row.
    let long = "a".repeat(10_001);
    let csv = format!("Etapa;Carril;Texto\nA;B;corto\nA;B;{long}\n");
    let path = write(dir.path(), "largo.csv", csv.as_bytes());
    let e = import::read(&path, "es").unwrap_err();
    assert_eq!(e.issues.len(), 1);
    assert!(
        e.issues[0].words.starts_with("Fila 3: "),
        "{}",
        e.issues[0].words
    );
    assert_eq!(e.issues[0].path, "row 3");
}

/// A one-pixel PNG, as a card's picture.
const PIXEL: &str = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

#[test]
fn every_spreadsheet_says_it_leaves_the_pictures_out_and_keeps_a_lane_of_pictures_and_its_captions()
{
    let dir = tempfile::tempdir().unwrap();
    let mut m = sample::with_evidence("es");
    m.lanes.push(travesia_core::model::Lane {
        id: "fotos".into(),
        kind: travesia_core::LaneKind::Images,
        title: "Fotos".into(),
        color: None,
        collapsed: None,
        print: None,
        extra: Default::default(),
    });
    let stage = m.stages[1].id.clone();
    m.cards.push(travesia_core::Card {
        id: "foto1".into(),
        stage: stage.clone(),
        lane: "fotos".into(),
        text: "El mostrador".into(),
        image: Some(PIXEL.into()),
        ..Default::default()
    });
    let with_evidence = m.cards.iter().filter(|c| c.evidence.is_some()).count();
    let d = doc(m);
    let c = travesia_i18n::Catalogue::of("es");
    let pictures = c.plural("sheet.leftOut.images", 1, &[]);
    let evidence = c.plural("sheet.leftOut.evidence", with_evidence as u64, &[]);
    for (format, layout, name) in [
        (ExportFormat::Xlsx, SheetLayout::Tidy, "t.xlsx"),
        (ExportFormat::Csv, SheetLayout::Tidy, "t.csv"),
        (ExportFormat::Xlsx, SheetLayout::Worksheet, "w.xlsx"),
        (ExportFormat::Csv, SheetLayout::Worksheet, "w.csv"),
    ] {
        let path = dir.path().join(name);
        let left = export_to(&d, &options(format, layout), &path);
        assert!(left.contains(&pictures), "{name}: {left:?}");
        if format == ExportFormat::Xlsx && layout == SheetLayout::Tidy {
            assert_eq!(
                left,
                std::slice::from_ref(&pictures),
                "a tidy workbook keeps all else"
            );
        }
        // A worksheet has no room for evidence, and says so.
        assert_eq!(
            left.contains(&evidence),
            layout == SheetLayout::Worksheet,
            "{name}: {left:?}"
        );
        let back = read(&path).map;
        let lane = back
            .lanes
            .iter()
            .find(|l| l.kind == travesia_core::LaneKind::Images)
            .unwrap_or_else(|| panic!("{name}: the lane of pictures comes back"));
        let caption = back
            .cards
            .iter()
            .find(|k| k.lane == lane.id && k.stage == back.stages[1].id)
            .unwrap_or_else(|| panic!("{name}: its card comes back"));
        assert_eq!(caption.text, "El mostrador");
        assert_eq!(caption.image, None);
    }
}
