//! Maps in and out of spreadsheets (CSV and XLSX), for the window and the
//! command line alike: the layouts and conventions of `travesia-formats`,
//! the words of what a format leaves out, and a refused sheet's problems
//! told as a refused `.travesia` file's are, each at its row and column.

use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use travesia_core::format::{self, Document, FormatError};
use travesia_formats::csv::{self as csvf, CsvStyle};
use travesia_formats::tidy::Parsed;
use travesia_formats::{xlsx, NumberStyle, SheetProblems};
use travesia_i18n::Catalogue;

use crate::error::ErrorCode;
use crate::import::{fallback_title, read_bounded, FileError, FileIssue};
use crate::problems;

/// How a map is laid out in a spreadsheet.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum SheetLayout {
    /// One row per card, every field a column; reads back without loss.
    #[default]
    Tidy,
    /// Lanes down, stages across, like the poster.
    Worksheet,
}

/// The conventions of a CSV file: the map's language's, or chosen.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum CsvConvention {
    /// Spanish and Portuguese maps as Spanish; English maps as English.
    #[default]
    Auto,
    /// `;` between fields, `4,2`: what Excel and LibreOffice set to Spanish expect.
    Semicolon,
    /// `,` between fields, `4.2`.
    Comma,
}

impl CsvConvention {
    fn style(self, lang: &str) -> CsvStyle {
        match self {
            CsvConvention::Auto => CsvStyle::of_lang(lang),
            CsvConvention::Semicolon => CsvStyle::of_lang("es"),
            CsvConvention::Comma => CsvStyle::of_lang("en"),
        }
    }
}

/// The kinds of spreadsheet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SheetKind {
    Csv,
    Xlsx,
}

impl SheetKind {
    /// The kind a file's name says (its extension, in any case).
    pub fn of_path(path: &Path) -> Option<SheetKind> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "csv" | "tsv" | "txt" => Some(SheetKind::Csv),
            "xlsx" => Some(SheetKind::Xlsx),
            _ => None,
        }
    }
}

fn lang_of(doc: &Document) -> &'static str {
    travesia_layout::poster::lang_of(&doc.map)
}

/// The spreadsheet's bytes, and what of the map it cannot hold, in words.
pub fn write(
    doc: &Document,
    kind: SheetKind,
    layout: SheetLayout,
    convention: CsvConvention,
) -> Result<(Vec<u8>, Vec<String>), String> {
    let lang = lang_of(doc);
    let c = Catalogue::of(lang);
    let map = &doc.map;
    let bytes = match (kind, layout) {
        (SheetKind::Csv, SheetLayout::Tidy) => csvf::write(
            &travesia_formats::tidy::write(map, c),
            convention.style(lang),
        ),
        (SheetKind::Csv, SheetLayout::Worksheet) => {
            let style = convention.style(lang);
            csvf::write(
                &travesia_formats::worksheet::write(map, style.numbers, c),
                style,
            )
        }
        (SheetKind::Xlsx, SheetLayout::Tidy) => {
            xlsx::write_tidy(doc, c).map_err(|e| e.to_string())?
        }
        (SheetKind::Xlsx, SheetLayout::Worksheet) => {
            xlsx::write_worksheet(map, NumberStyle::of_lang(lang), c).map_err(|e| e.to_string())?
        }
    };
    Ok((bytes, left_out(doc, kind, layout, c)))
}

/// What a spreadsheet of `kind` and `layout` leaves out of this map, one
/// line a thing, in `c`'s words. A tidy workbook keeps all but the cards'
/// pictures and the links to other maps, which no spreadsheet keeps.
pub fn left_out(
    doc: &Document,
    kind: SheetKind,
    layout: SheetLayout,
    c: &Catalogue,
) -> Vec<String> {
    let m = &doc.map;
    let mut out = Vec::new();
    let mut say = |key: &str, n: usize| {
        if n > 0 {
            out.push(c.plural(key, n as u64, &[]));
        }
    };
    let pictures = m.cards.iter().filter(|k| k.image.is_some()).count();
    let links = m.stages.iter().filter(|s| s.link.is_some()).count()
        + m.cards.iter().filter(|k| k.link.is_some()).count();
    if kind == SheetKind::Xlsx && layout == SheetLayout::Tidy {
        say("sheet.leftOut.images", pictures);
        say("sheet.leftOut.links", links);
        say("sheet.leftOut.links", links);
        return out;
    }
    say("sheet.leftOut.title", usize::from(!m.title.is_empty()));
    say(
        "sheet.leftOut.description",
        usize::from(m.description.is_some()),
    );
    say("sheet.leftOut.theme", usize::from(m.theme.is_some()));
    say(
        "sheet.leftOut.stageDetails",
        m.stages
            .iter()
            .filter(|s| s.description.is_some() || s.color.is_some() || s.width.is_some())
            .count(),
    );
    say(
        "sheet.leftOut.laneDetails",
        m.lanes
            .iter()
            .filter(|l| l.color.is_some() || l.collapsed.is_some())
            .count(),
    );
    say("sheet.leftOut.personas", m.personas().len());
    say("sheet.leftOut.routes", m.routes().len());
    say(
        "sheet.leftOut.channelIcons",
        m.channels().iter().filter(|ch| ch.icon.is_some()).count(),
    );
    if layout == SheetLayout::Worksheet {
        say(
            "sheet.leftOut.cardDetails",
            m.cards
                .iter()
                .filter(|k| k.channel.is_some() || k.online.is_some() || k.color.is_some())
                .count(),
        );
        say(
            "sheet.leftOut.lineBreaks",
            m.cards.iter().filter(|k| k.text.contains('\n')).count(),
        );
        say(
            "sheet.leftOut.evidence",
            m.cards.iter().filter(|k| k.evidence.is_some()).count(),
        );
    }
    say("sheet.leftOut.images", pictures);
    say(
        "sheet.leftOut.unknown",
        usize::from(!doc.extra.is_empty() || !m.extra.is_empty()),
    );
    out
}

fn whole(e: impl std::fmt::Display, summary: String) -> FileError {
    FileError::whole(ErrorCode::InvalidInput, e.to_string(), Some(summary))
}

/// A spreadsheet's bytes, when it is within its kind's limit.
fn sheet_bytes(path: &Path, kind: SheetKind, c: &Catalogue) -> Result<Vec<u8>, FileError> {
    let limit = match kind {
        SheetKind::Csv => travesia_formats::MAX_CSV_BYTES,
        SheetKind::Xlsx => xlsx::MAX_XLSX_BYTES,
    };
    read_bounded(path, limit)?.map_err(|len| {
        let mib = (len / (1024 * 1024)).to_string();
        whole(
            format!("the file is {len} bytes; the limit is 64 MiB"),
            c.fill("sheet.tooLarge", &[("mib", &mib)]),
        )
    })
}

/// Reads a spreadsheet as a new map titled after the file: every problem
/// at its row and column, and the map's own rules checked as a file's are.
pub fn read(path: &Path, kind: SheetKind, lang: &str) -> Result<Document, FileError> {
    let c = Catalogue::of(lang);
    let bytes = sheet_bytes(path, kind, c)?;
    let len = bytes.len() as u64;
    let title = fallback_title(path);
    let parsed = match kind {
        SheetKind::Csv => {
            let (table, style) = csvf::read(&bytes).map_err(|e| {
                let key = match e {
                    csvf::CsvError::TooManyRows => "sheet.tooManyRows",
                    csvf::CsvError::TooManyColumns(_) => "sheet.tooManyColumns",
                    _ => "sheet.malformed",
                };
                whole(
                    &e,
                    c.fill(key, &[("max", &travesia_formats::MAX_ROWS.to_string())]),
                )
            })?;
            let headers: Vec<String> = table
                .first()
                .map(|h| h.iter().map(|x| x.as_text(style.numbers)).collect())
                .unwrap_or_default();
            let tidy = ["stage", "text"].iter().all(|k| {
                headers
                    .iter()
                    .any(|h| travesia_formats::names::column(h, &[k]).is_some())
            });
            if tidy {
                travesia_formats::tidy::read(
                    &table,
                    travesia_core::Map::new("", &title),
                    style.numbers,
                    c,
                    None,
                )
            } else {
                travesia_formats::worksheet::read(&table, &title, style.numbers, c, None)
            }
        }
        SheetKind::Xlsx => {
            let sheets = xlsx::read_sheets(&bytes).map_err(|e| {
                let key = match e {
                    xlsx::XlsxError::Bomb => "sheet.bomb",
                    xlsx::XlsxError::TooManyRows(_) => "sheet.tooManyRows",
                    xlsx::XlsxError::TooManyColumns(_) => "sheet.tooManyColumns",
                    xlsx::XlsxError::TooLarge(_) => "sheet.tooLarge",
                    _ => "sheet.notXlsx",
                };
                let mib = (len / (1024 * 1024)).to_string();
                whole(
                    &e,
                    c.fill(
                        key,
                        &[
                            ("max", &travesia_formats::MAX_ROWS.to_string()),
                            ("mib", &mib),
                        ],
                    ),
                )
            })?;
            xlsx::read(&sheets, &title, c)
        }
    }
    .map_err(|p| sheet_error(&p))?;
    checked(parsed, c, "sheet.where.row")
}

/// Whether a file's name says it is a Mermaid diagram.
pub fn is_mermaid(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "mmd" | "mermaid"))
}

/// A Mermaid `journey` diagram as a new map, and the warnings of reading it.
pub fn read_mermaid(path: &Path, lang: &str) -> Result<(Document, Vec<String>), FileError> {
    let c = Catalogue::of(lang);
    let limit = travesia_formats::mermaid::MAX_BYTES as u64;
    let bytes = read_bounded(path, limit)?.map_err(|len| {
        FileError::whole(
            ErrorCode::InvalidInput,
            format!("the file is {len} bytes; the limit is 4 MiB"),
            Some(c.t("mermaid.tooLarge").to_string()),
        )
    })?;
    let text =
        String::from_utf8_lossy(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes)).into_owned();
    let title = fallback_title(path);
    let read = travesia_formats::mermaid::read(&text, &title, c).map_err(|p| sheet_error(&p))?;
    Ok((
        checked(read.parsed, c, "mermaid.where.line")?,
        read.warnings,
    ))
}

/// A refused sheet as a refused file: each problem, in words, at its cell.
pub fn sheet_error(p: &SheetProblems) -> FileError {
    FileError {
        code: ErrorCode::InvalidInput,
        message: p.to_string(),
        issues: p
            .0
            .iter()
            .map(|s| FileIssue {
                words: s.words.clone(),
                path: s.place(),
                value: s.value.clone(),
                message: s.message.clone(),
                problem: s.problem.clone(),
            })
            .collect(),
        summary: None,
        valid_part: None,
    }
}

/// The map a sheet made, checked by the format's rules; a problem of a card
/// is told at the card's row.
fn checked(parsed: Parsed, c: &Catalogue, row_words: &str) -> Result<Document, FileError> {
    let value = format::to_value(&parsed.doc);
    match format::read_value(value.clone()) {
        Ok(doc) => Ok(doc),
        Err(FormatError::Invalid(list)) => Err(FileError {
            code: ErrorCode::InvalidInput,
            message: list
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n"),
            issues: list
                .iter()
                .map(|i| {
                    let row = card_index(&i.path).and_then(|k| parsed.card_rows.get(k));
                    let words = problems::words(i, Some(&value), c);
                    let words = match row {
                        Some(r) => {
                            format!("{}: {words}", c.fill(row_words, &[("row", &r.to_string())]))
                        }
                        None => words,
                    };
                    FileIssue {
                        words,
                        path: row.map_or(i.path.clone(), |r| format!("row {r}")),
                        value: crate::import::value_at(&value, &i.path).map(Value::to_string),
                        message: i.message.clone(),
                        problem: i.problem.clone(),
                    }
                })
                .collect(),
            summary: None,
            valid_part: None,
        }),
        Err(other) => Err(FileError::whole(
            ErrorCode::InvalidInput,
            other.to_string(),
            None,
        )),
    }
}

/// The card a JSON path is in: `map.cards[12].score` → 12.
fn card_index(path: &str) -> Option<usize> {
    let rest = path.strip_prefix("map.cards[")?;
    rest.split(']').next()?.parse().ok()
}

/// What reading a worksheet back into its map changed, and in words.
#[derive(Clone, Debug, PartialEq)]
pub struct Merged {
    /// The one edit (none when the worksheet says what the map says).
    pub edit: Option<travesia_core::Edit>,
    /// "3 tarjetas nuevas, 2 cambiadas y 1 quitada".
    pub words: String,
}

/// The table of a worksheet file: a CSV's, or a workbook's worksheet (the
/// sheet so named, else the first).
fn worksheet_table(
    path: &Path,
    kind: SheetKind,
    c: &Catalogue,
) -> Result<(travesia_formats::Table, NumberStyle, Option<String>), FileError> {
    let bytes = sheet_bytes(path, kind, c)?;
    let max = travesia_formats::MAX_ROWS.to_string();
    match kind {
        SheetKind::Csv => {
            let (t, style) = csvf::read(&bytes)
                .map_err(|e| whole(&e, c.fill("sheet.malformed", &[("max", &max)])))?;
            Ok((t, style.numbers, None))
        }
        SheetKind::Xlsx => {
            let sheets = xlsx::read_sheets(&bytes)
                .map_err(|e| whole(&e, c.fill("sheet.notXlsx", &[("max", &max)])))?;
            let (name, t) = xlsx::worksheet_of(sheets).ok_or_else(|| {
                whole(
                    "the workbook has no sheet",
                    c.t("sheet.problem.empty").to_string(),
                )
            })?;
            let style = xlsx::style_of(&t);
            Ok((t, style, Some(name)))
        }
    }
}

/// A worksheet filled in elsewhere, read back into `map`: the one edit that
/// brings its changes (see [`travesia_formats::worksheet::merge`]).
pub fn merge(map: &travesia_core::Map, path: &Path, lang: &str) -> Result<Merged, FileError> {
    let c = Catalogue::of(lang);
    let kind = SheetKind::of_path(path).ok_or_else(|| {
        whole(
            "not a spreadsheet (.csv, .xlsx)",
            c.t("sheet.notSheet").to_string(),
        )
    })?;
    let (table, style, sheet) = worksheet_table(path, kind, c)?;
    let m = travesia_formats::worksheet::merge(map, &table, style, c, sheet)
        .map_err(|p| sheet_error(&p))?;
    let mut parts = Vec::new();
    for (key, n) in [
        ("sheet.merge.added", m.added),
        ("sheet.merge.changed", m.changed),
        ("sheet.merge.removed", m.removed),
        ("sheet.merge.stages", m.new_stages),
        ("sheet.merge.lanes", m.new_lanes),
        ("sheet.merge.personas", m.new_personas),
    ] {
        if n > 0 {
            parts.push(c.plural(key, n as u64, &[]));
        }
    }
    let words = match parts.len() {
        0 => c.t("sheet.merge.nothing").to_string(),
        1 => c.fill("sheet.merge.done", &[("what", &parts[0])]),
        _ => {
            let last = parts.pop().unwrap_or_default();
            let what = c.fill(
                "file.keeps",
                &[("first", &parts.join(", ")), ("last", &last)],
            );
            c.fill("sheet.merge.done", &[("what", &what)])
        }
    };
    Ok(Merged {
        edit: m.edit,
        words,
    })
}
