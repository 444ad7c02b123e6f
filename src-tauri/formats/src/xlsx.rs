//! Tables as XLSX workbooks. A tidy workbook holds the whole map and so
//! reads back without loss: the cards sheet (see [`crate::tidy`]) first,
//! then a sheet each for the map's own fields, stages, lanes, personas,
//! routes and channels, one row an object and its fields in columns named as
//! in the `.travesia` format. A worksheet workbook holds the grid of
//! [`crate::worksheet`].
//!
//! Reading checks the archive before a cell is read: its entries, their
//! sizes as declared and how much they claim to grow, so a zip bomb is
//! refused at its directory; then cells are read one at a time, and a sheet
//! of more than [`MAX_ROWS`] rows stops there.

use std::io::Cursor;

use calamine::{DataRef, Reader};
use serde_json::{Map as JsonObject, Value};
use travesia_core::format::Document;
use travesia_core::model::Map;
use travesia_core::validate::Problem;
use travesia_i18n::Catalogue;

use crate::cell::{Cell, NumberStyle, Table};
use crate::names::fold;
use crate::problem::{Problems, SheetProblems};
use crate::tidy::Parsed;
use crate::{MAX_COLUMNS, MAX_ROWS};

/// The largest workbook read.
pub const MAX_XLSX_BYTES: u64 = 64 * 1024 * 1024;
/// The most a workbook's parts may unpack to, together.
pub const MAX_UNPACKED_BYTES: u64 = 256 * 1024 * 1024;
/// The most a part may claim to grow when unpacked (XML packs to a tenth or
/// so; a hundredth is a bomb).
pub const MAX_RATIO: u64 = 100;
/// The most parts a workbook may have.
pub const MAX_ENTRIES: usize = 10_000;
/// The most characters a cell holds in Excel.
const CELL_MAX: usize = 32_767;

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum XlsxError {
    #[error("the workbook is {0} bytes; the limit is 64 MiB")]
    TooLarge(u64),
    #[error("the workbook's parts would unpack to more than 256 MiB, or one part claims to grow more than a hundredfold: it is refused as a zip bomb")]
    Bomb,
    #[error("the file is not an XLSX workbook: {0}")]
    NotXlsx(String),
    #[error("the sheet {0} has more than {MAX_ROWS} rows")]
    TooManyRows(String),
    #[error("the sheet {0} has more than {MAX_COLUMNS} columns")]
    TooManyColumns(String),
    #[error("the workbook could not be written: {0}")]
    Write(String),
}

/// A sheet's name in each language, by the part it holds.
pub const SHEETS: [&str; 8] = [
    "cards",
    "map",
    "stages",
    "lanes",
    "personas",
    "routes",
    "channels",
    "worksheet",
];

fn sheet_name(key: &str, c: &Catalogue) -> String {
    c.t(&format!("sheet.name.{key}")).to_string()
}

/// Which part a sheet's name says it holds, in any language.
fn sheet_key(name: &str) -> Option<&'static str> {
    let f = fold(name);
    SHEETS.into_iter().find(|k| {
        fold(k) == f
            || travesia_i18n::langs()
                .any(|l| fold(Catalogue::of(l).t(&format!("sheet.name.{k}"))) == f)
    })
}

/// How a column of a detail sheet is written and read.
#[derive(Clone, Copy)]
enum Ty {
    Text,
    Number,
    YesNo,
    /// A list of texts, a line each.
    Lines,
    /// Text longer than a cell holds, over as many columns as it takes.
    Long,
}

type Columns = &'static [(&'static str, Ty)];

const MAP_COLUMNS: Columns = &[
    ("title", Ty::Text),
    ("description", Ty::Text),
    ("locale", Ty::Text),
    ("accent", Ty::Text),
    ("font_scale", Ty::Number),
    ("company", Ty::Text),
    ("density", Ty::Text),
    ("font", Ty::Text),
    ("footer", Ty::Lines),
    ("created_at", Ty::Text),
    ("updated_at", Ty::Text),
    ("logo", Ty::Long),
];
const STAGE_COLUMNS: Columns = &[
    ("id", Ty::Text),
    ("title", Ty::Text),
    ("description", Ty::Text),
    ("color", Ty::Text),
    ("width", Ty::Number),
];
const LANE_COLUMNS: Columns = &[
    ("id", Ty::Text),
    ("title", Ty::Text),
    ("kind", Ty::Text),
    ("color", Ty::Text),
    ("collapsed", Ty::YesNo),
    ("print", Ty::YesNo),
];
const PERSONA_COLUMNS: Columns = &[
    ("id", Ty::Text),
    ("name", Ty::Text),
    ("color", Ty::Text),
    ("role", Ty::Text),
    ("quote", Ty::Text),
    ("goals", Ty::Lines),
    ("frustrations", Ty::Lines),
    ("channels", Ty::Lines),
    ("photo", Ty::Long),
];
const ROUTE_COLUMNS: Columns = &[
    ("id", Ty::Text),
    ("name", Ty::Text),
    ("color", Ty::Text),
    ("steps", Ty::Lines),
];
const CHANNEL_COLUMNS: Columns = &[("id", Ty::Text), ("name", Ty::Text), ("icon", Ty::Text)];

/// An object's known fields as cells, the others as JSON in `extra`.
fn record(v: &Value, columns: Columns, c: &Catalogue) -> Vec<Cell> {
    let empty = JsonObject::new();
    let o = v.as_object().unwrap_or(&empty);
    let mut row = Vec::new();
    for (k, ty) in columns {
        let v = o.get(*k);
        match (ty, v) {
            (_, None | Some(Value::Null)) => row.push(Cell::Empty),
            (Ty::Number, Some(Value::Number(n))) => {
                row.push(Cell::Number(n.as_f64().unwrap_or(0.0)))
            }
            (Ty::YesNo, Some(Value::Bool(b))) => row.push(Cell::text(crate::names::yes_no(*b, c))),
            (Ty::Lines, Some(Value::Array(a))) => row.push(Cell::text(
                a.iter()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join("\n"),
            )),
            (Ty::Long, Some(Value::String(s))) => {
                // Split on character boundaries into cells Excel can hold.
                let chars: Vec<char> = s.chars().collect();
                for part in chars.chunks(CELL_MAX - 1) {
                    row.push(Cell::text(part.iter().collect::<String>()));
                }
            }
            (_, Some(Value::String(s))) => row.push(Cell::text(s.clone())),
            (_, Some(other)) => row.push(Cell::text(other.to_string())),
        }
    }
    let extra: JsonObject<String, Value> = o
        .iter()
        .filter(|(k, _)| !columns.iter().any(|(c, _)| c == k))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    if !extra.is_empty() {
        row.push(Cell::text(Value::Object(extra).to_string()));
    }
    row
}

fn header(columns: Columns, longest: usize) -> Vec<Cell> {
    let mut h = Vec::new();
    for (k, ty) in columns {
        let n = if matches!(ty, Ty::Long) {
            longest.max(1)
        } else {
            1
        };
        h.extend((0..n).map(|_| Cell::text(*k)));
    }
    h.push(Cell::text("extra"));
    h
}

/// A detail sheet: a row an object. Rows with a long field spill it over
/// further "photo" columns, and their extra JSON moves to the last column.
fn detail_sheet(objects: &[Value], columns: Columns, c: &Catalogue) -> Table {
    let long = columns.iter().position(|(_, t)| matches!(t, Ty::Long));
    let rows: Vec<Vec<Cell>> = objects.iter().map(|v| record(v, columns, c)).collect();
    let longest = match long {
        Some(_) => objects
            .iter()
            .map(|v| {
                let n = long
                    .and_then(|i| v.get(columns[i].0))
                    .and_then(Value::as_str)
                    .map_or(0, |s| s.chars().count());
                n.div_ceil(CELL_MAX - 1)
            })
            .max()
            .unwrap_or(1),
        None => 1,
    };
    let head = header(columns, longest);
    let width = head.len();
    let mut t = vec![head];
    for (v, mut row) in objects.iter().zip(rows) {
        // Lay the row out on the header: the long field's parts, padded.
        if let Some(i) = long {
            let parts = v
                .get(columns[i].0)
                .and_then(Value::as_str)
                .map_or(1, |s| s.chars().count().div_ceil(CELL_MAX - 1).max(1));
            let pad = longest.max(1) - parts;
            let at = i + parts;
            for _ in 0..pad {
                row.insert(at, Cell::Empty);
            }
        }
        row.resize(width, Cell::Empty);
        t.push(row);
    }
    t
}

/// A tidy workbook's bytes: the whole map.
pub fn write_tidy(doc: &Document, c: &Catalogue) -> Result<Vec<u8>, XlsxError> {
    let map = &doc.map;
    let v = serde_json::to_value(map).unwrap_or(Value::Null);
    let list = |k: &str| -> Vec<Value> {
        v.get(k)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    // The map's own fields, the theme's and the file's unknown ones.
    let mut own = JsonObject::new();
    for (k, val) in v.as_object().into_iter().flatten() {
        if !matches!(
            k.as_str(),
            "stages" | "lanes" | "cards" | "personas" | "routes" | "channels" | "theme" | "id"
        ) {
            own.insert(k.clone(), val.clone());
        }
    }
    if let Some(theme) = &map.theme {
        if let Some(a) = &theme.accent {
            own.insert("accent".into(), Value::from(a.clone()));
        }
        if let Some(f) = theme.font_scale {
            own.insert("font_scale".into(), Value::from(f));
        }
        if let Some(v) = &theme.company {
            own.insert("company".into(), Value::from(v.clone()));
        }
        if let Some(v) = &theme.density {
            own.insert("density".into(), Value::from(v.clone()));
        }
        if let Some(v) = &theme.font {
            own.insert("font".into(), Value::from(v.clone()));
        }
        if let Some(v) = &theme.footer {
            own.insert("footer".into(), Value::from(v.clone()));
        }
        if let Some(v) = &theme.logo {
            own.insert("logo".into(), Value::from(v.clone()));
        }
        if !theme.extra.is_empty() {
            own.insert("theme_extra".into(), Value::Object(theme.extra.clone()));
        }
    }
    if !doc.extra.is_empty() {
        own.insert("file_extra".into(), Value::Object(doc.extra.clone()));
    }
    let sheets: Vec<(String, Table)> = vec![
        (sheet_name("cards", c), crate::tidy::write(map, c)),
        (
            sheet_name("map", c),
            detail_sheet(&[Value::Object(own)], MAP_COLUMNS, c),
        ),
        (
            sheet_name("stages", c),
            detail_sheet(&list("stages"), STAGE_COLUMNS, c),
        ),
        (
            sheet_name("lanes", c),
            detail_sheet(&list("lanes"), LANE_COLUMNS, c),
        ),
        (
            sheet_name("personas", c),
            detail_sheet(&list("personas"), PERSONA_COLUMNS, c),
        ),
        (
            sheet_name("routes", c),
            detail_sheet(&list("routes"), ROUTE_COLUMNS, c),
        ),
        (
            sheet_name("channels", c),
            detail_sheet(&list("channels"), CHANNEL_COLUMNS, c),
        ),
    ];
    write_sheets(&sheets, map)
}

/// A worksheet workbook's bytes: the grid of lanes and stages.
pub fn write_worksheet(map: &Map, style: NumberStyle, c: &Catalogue) -> Result<Vec<u8>, XlsxError> {
    let t = crate::worksheet::write(map, style, c);
    write_sheets(&[(sheet_name("worksheet", c), t)], map)
}

/// Sheets as a workbook: bold headers kept in view, text wrapped, cells as
/// their types (text never as a formula). The same map gives the same bytes:
/// the workbook's date is the map's last change, not the clock's.
fn write_sheets(sheets: &[(String, Table)], map: &Map) -> Result<Vec<u8>, XlsxError> {
    use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, Workbook};
    let err = |e: rust_xlsxwriter::XlsxError| XlsxError::Write(e.to_string());
    let mut book = Workbook::new();
    let when = map
        .updated_at
        .as_deref()
        .or(map.created_at.as_deref())
        .and_then(|t| ExcelDateTime::parse_from_str(t.get(..19)?).ok())
        .or_else(|| ExcelDateTime::from_ymd(2000, 1, 1).ok());
    let mut props = DocProperties::new()
        .set_title(&map.title)
        .set_author("Travesía");
    if let Some(when) = &when {
        props = props.set_creation_datetime(when);
    }
    book.set_properties(&props);
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    for (name, table) in sheets {
        let ws = book.add_worksheet();
        // Sheet names are at most 31 characters and some are forbidden.
        let safe: String = name
            .chars()
            .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\'))
            .take(31)
            .collect();
        ws.set_name(&safe).map_err(err)?;
        for (r, row) in table.iter().enumerate() {
            for (col, cell) in row.iter().enumerate() {
                let (r, col) = (r as u32, col as u16);
                let f = if r == 0 { &bold } else { &wrap };
                match cell {
                    Cell::Empty => {}
                    Cell::Text(s) => {
                        let s: String = s.chars().take(CELL_MAX).collect();
                        ws.write_string_with_format(r, col, s, f).map_err(err)?;
                    }
                    Cell::Number(n) => {
                        ws.write_number_with_format(r, col, *n, f).map_err(err)?;
                    }
                    Cell::Bool(b) => {
                        ws.write_boolean_with_format(r, col, *b, f).map_err(err)?;
                    }
                }
            }
        }
        let width = table.first().map_or(0, Vec::len);
        for col in 0..width {
            ws.set_column_width(col as u16, 22).map_err(err)?;
        }
        ws.set_freeze_panes(1, 0).map_err(err)?;
    }
    book.save_to_buffer().map_err(err)
}

/// Refuses an archive that could not be a workbook, or would unpack to more
/// than it may, from its directory alone.
fn check_archive(bytes: &[u8]) -> Result<(), XlsxError> {
    if bytes.len() as u64 > MAX_XLSX_BYTES {
        return Err(XlsxError::TooLarge(bytes.len() as u64));
    }
    let mut zip =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| XlsxError::NotXlsx(e.to_string()))?;
    if zip.len() > MAX_ENTRIES {
        return Err(XlsxError::Bomb);
    }
    let mut total = 0u64;
    for i in 0..zip.len() {
        let f = zip
            .by_index_raw(i)
            .map_err(|e| XlsxError::NotXlsx(e.to_string()))?;
        let (size, packed) = (f.size(), f.compressed_size().max(1));
        total = total.saturating_add(size);
        if total > MAX_UNPACKED_BYTES || (size > 1024 * 1024 && size / packed > MAX_RATIO) {
            return Err(XlsxError::Bomb);
        }
    }
    Ok(())
}

/// Every sheet of a workbook by name, in order, as tables.
pub fn read_sheets(bytes: &[u8]) -> Result<Vec<(String, Table)>, XlsxError> {
    check_archive(bytes)?;
    let not = |e: calamine::XlsxError| XlsxError::NotXlsx(e.to_string());
    let mut book = calamine::Xlsx::new(Cursor::new(bytes)).map_err(not)?;
    let names = book.sheet_names();
    let mut out = Vec::new();
    for name in names {
        let mut cells = book.worksheet_cells_reader(&name).map_err(not)?;
        let mut t: Table = Vec::new();
        while let Some(cell) = cells.next_cell().map_err(not)? {
            let (r, col) = cell.get_position();
            let (r, col) = (r as usize, col as usize);
            if r > MAX_ROWS {
                return Err(XlsxError::TooManyRows(name));
            }
            if col >= MAX_COLUMNS {
                return Err(XlsxError::TooManyColumns(name));
            }
            let value = match cell.get_value() {
                DataRef::Empty => continue,
                DataRef::Int(i) => Cell::Number(*i as f64),
                DataRef::Float(f) => Cell::Number(*f),
                DataRef::String(s) => Cell::text(s.clone()),
                DataRef::SharedString(s) => Cell::text(s.to_string()),
                DataRef::Bool(b) => Cell::Bool(*b),
                DataRef::DateTime(d) => Cell::text(d.to_string()),
                DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Cell::text(s.clone()),
                DataRef::Error(e) => Cell::text(format!("#{e:?}")),
            };
            if t.len() <= r {
                t.resize(r + 1, Vec::new());
            }
            let row = &mut t[r];
            if row.len() <= col {
                row.resize(col + 1, Cell::Empty);
            }
            row[col] = value;
        }
        drop(cells);
        // A formula with no value kept beside it (as some programs write
        // them) is its text: a card's words, never run.
        let mut formulas = book.worksheet_cells_reader(&name).map_err(not)?;
        while let Some(cell) = formulas.next_formula().map_err(not)? {
            let (r, col) = cell.get_position();
            let (r, col) = (r as usize, col as usize);
            let f = cell.get_value();
            if f.is_empty() || r > MAX_ROWS || col >= MAX_COLUMNS {
                continue;
            }
            if t.len() <= r {
                t.resize(r + 1, Vec::new());
            }
            let row = &mut t[r];
            if row.len() <= col {
                row.resize(col + 1, Cell::Empty);
            }
            if row[col].is_empty() {
                row[col] = Cell::text(format!("={f}"));
            }
        }
        out.push((name, t));
    }
    Ok(out)
}

/// The worksheet of a workbook: the sheet so named (in any language), else
/// the first that is not a tidy workbook's.
pub fn worksheet_of(sheets: Vec<(String, Table)>) -> Option<(String, Table)> {
    let at = sheets
        .iter()
        .position(|(n, _)| sheet_key(n) == Some("worksheet"))
        .or_else(|| sheets.iter().position(|(n, _)| sheet_key(n).is_none()))
        .or(if sheets.is_empty() { None } else { Some(0) })?;
    sheets.into_iter().nth(at)
}

/// The convention numbers typed as text follow in a sheet: its headers'
/// language's.
pub fn style_of(t: &Table) -> NumberStyle {
    let heads: Vec<String> = t
        .first()
        .map(|h| h.iter().map(|c| c.as_text(NumberStyle::POINT)).collect())
        .unwrap_or_default();
    let mut keys: Vec<&str> = crate::tidy::COLUMNS.to_vec();
    keys.push("lane_kind");
    NumberStyle::of_lang(crate::names::lang_of_headers(&heads, &keys).unwrap_or("en"))
}

/// Which layout a workbook is in: a tidy one has a cards sheet.
pub fn is_tidy(sheets: &[(String, Table)]) -> bool {
    sheets.iter().any(|(n, _)| sheet_key(n) == Some("cards"))
}

/// A tidy workbook read as a map: the details sheets first (what of them is
/// present), then the cards. A workbook with no cards sheet is read as a
/// worksheet (its first sheet).
pub fn read(
    sheets: &[(String, Table)],
    title: &str,
    c: &Catalogue,
) -> Result<Parsed, SheetProblems> {
    let find = |key: &str| sheets.iter().find(|(n, _)| sheet_key(n) == Some(key));
    // Numbers typed as text are read in the convention of the headers' language.
    let Some((cards_name, cards)) = find("cards") else {
        let (name, t) = sheets.first().cloned().unwrap_or_default();
        return crate::worksheet::read(&t, title, style_of(&t), c, Some(name));
    };
    let style = style_of(cards);
    let mut p = Problems::new(c, None);
    let mut map_v = JsonObject::new();
    let mut file_extra = JsonObject::new();
    if let Some((name, t)) = find("map") {
        if let Some(mut o) = objects(t, MAP_COLUMNS, style, name, &mut p)
            .into_iter()
            .next()
        {
            let mut theme = JsonObject::new();
            if let Some(a) = o.remove("accent") {
                theme.insert("accent".into(), a);
            }
            for key in ["font_scale", "company", "density", "font", "footer", "logo"] {
                if let Some(v) = o.remove(key) {
                    theme.insert(key.into(), v);
                }
            }
            if let Some(Value::Object(x)) = o.remove("theme_extra") {
                theme.extend(x);
            }
            if let Some(Value::Object(x)) = o.remove("file_extra") {
                file_extra = x;
            }
            if !theme.is_empty() {
                o.insert("theme".into(), Value::Object(theme));
            }
            map_v = o;
        }
    }
    map_v.entry("title").or_insert_with(|| Value::from(title));
    for (key, cols) in [
        ("stages", STAGE_COLUMNS),
        ("lanes", LANE_COLUMNS),
        ("personas", PERSONA_COLUMNS),
        ("routes", ROUTE_COLUMNS),
        ("channels", CHANNEL_COLUMNS),
    ] {
        let list: Vec<Value> = match find(key) {
            Some((name, t)) => objects(t, cols, style, name, &mut p)
                .into_iter()
                .map(|mut o| {
                    // A lane's kind as people name it ("Emociones") or as the format does.
                    if let Some(k) = o
                        .get("kind")
                        .and_then(Value::as_str)
                        .and_then(crate::names::kind)
                    {
                        o.insert("kind".into(), Value::from(k.as_str()));
                    }
                    Value::Object(o)
                })
                .collect(),
            None => Vec::new(),
        };
        map_v.insert(key.into(), Value::Array(list));
    }
    map_v.insert("cards".into(), Value::Array(Vec::new()));
    let routes = map_v.insert("routes".into(), Value::Array(Vec::new()));
    let base: Map = match serde_json::from_value(Value::Object(map_v)) {
        Ok(m) => m,
        Err(e) => {
            p.add(
                None,
                None,
                None,
                "sheet.problem.details",
                &[],
                e.to_string(),
                Problem::Other,
            );
            return Err(p.into_result(()).unwrap_err());
        }
    };
    if !p.is_empty() {
        return Err(p.into_result(()).unwrap_err());
    }
    let mut parsed = crate::tidy::read(cards, base, style, c, Some(cards_name.clone()))?;
    let m = &mut parsed.doc.map;
    m.routes = routes
        .and_then(|r| serde_json::from_value(r).ok())
        .filter(|r: &Vec<_>| !r.is_empty());
    m.tidy_lists();
    parsed.doc.extra = file_extra;
    Ok(parsed)
}

/// The rows of a detail sheet as JSON objects of the format's fields.
fn objects(
    t: &Table,
    columns: Columns,
    style: NumberStyle,
    sheet: &str,
    p: &mut Problems,
) -> Vec<JsonObject<String, Value>> {
    let Some(head) = t.first() else {
        return Vec::new();
    };
    let heads: Vec<String> = head
        .iter()
        .map(|h| h.as_text(style).trim().to_string())
        .collect();
    let mut out = Vec::new();
    for (r, row) in t.iter().enumerate().skip(1) {
        if row.iter().all(Cell::is_empty) {
            continue;
        }
        let mut o = JsonObject::new();
        for (i, h) in heads.iter().enumerate() {
            let Some(cell) = row.get(i).filter(|c| !c.is_empty()) else {
                continue;
            };
            let text = cell.as_text(style);
            if h == "extra" {
                match serde_json::from_str::<Value>(&text) {
                    Ok(Value::Object(x)) => o.extend(x),
                    _ => p.add_at(
                        sheet,
                        r + 1,
                        i,
                        h,
                        &text,
                        "sheet.problem.extra",
                        Problem::Other,
                    ),
                }
                continue;
            }
            let Some((key, ty)) = columns.iter().find(|(k, _)| k == h) else {
                continue;
            };
            let v = match (ty, cell) {
                (Ty::Number, Cell::Number(n)) => Value::from(*n),
                (Ty::Number, _) => match style.parse(&text).or(NumberStyle::COMMA.parse(&text)) {
                    Some(n) => Value::from(n),
                    None => {
                        p.add_at(
                            sheet,
                            r + 1,
                            i,
                            h,
                            &text,
                            "sheet.problem.notNumber",
                            Problem::Other,
                        );
                        continue;
                    }
                },
                (Ty::YesNo, Cell::Bool(b)) => Value::from(*b),
                (Ty::YesNo, _) => match crate::cell::parse_bool(&text) {
                    Some(b) => Value::from(b),
                    None => {
                        p.add_at(
                            sheet,
                            r + 1,
                            i,
                            h,
                            &text,
                            "sheet.problem.notYesNo",
                            Problem::Other,
                        );
                        continue;
                    }
                },
                (Ty::Lines, _) => Value::Array(
                    text.lines()
                        .filter(|l| !l.trim().is_empty())
                        .map(|l| Value::from(l.to_string()))
                        .collect(),
                ),
                (Ty::Long, _) => {
                    let before = o
                        .get(*key)
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .to_string();
                    Value::from(before + &text)
                }
                (Ty::Text, _) => Value::from(text),
            };
            o.insert((*key).to_string(), v);
        }
        // A whole number read from a spreadsheet is a whole number again.
        for (_, v) in o.iter_mut() {
            if let Some(f) = v.as_f64().filter(|f| f.fract() == 0.0 && f.abs() < 1e15) {
                if v.is_f64() {
                    *v = Value::from(f as i64);
                }
            }
        }
        out.push(o);
    }
    out
}

impl Problems<'_> {
    /// A problem in a cell of a detail sheet.
    #[allow(clippy::too_many_arguments)]
    fn add_at(
        &mut self,
        sheet: &str,
        row: usize,
        col: usize,
        header: &str,
        value: &str,
        key: &str,
        problem: Problem,
    ) {
        let before = self.sheet.replace(sheet.to_string());
        self.add(
            Some(row),
            Some((col, header.to_string())),
            Some(value),
            key,
            &[],
            format!("{sheet}: \"{value}\" cannot be read"),
            problem,
        );
        self.sheet = before;
    }
}
