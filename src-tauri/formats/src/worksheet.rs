//! The worksheet layout: lanes down, stages across, like the poster, for
//! people who fill a map in a spreadsheet. The first row holds the stages'
//! titles (after "Carril" and "Tipo"); each row below is a lane, its title
//! and kind, then a cell per stage with one card a line:
//!
//! - a lane of text: the card's text (its own line breaks become spaces);
//! - emotions: `+1`, or `+1 — note`, after `Carmen: ` for a persona's curve
//!   and `(deseada)` for the to-be curve: `Carmen (deseada): -1`;
//! - a funnel: `Visitas: 1200`;
//! - metrics: `NPS: -10 pts` (name, value, unit).

use travesia_core::format::Document;
use travesia_core::model::{Card, Map};
use travesia_core::validate::{Expected, Problem};
use travesia_core::{Holds, LaneKind};
use travesia_i18n::Catalogue;

use crate::cell::{Cell, NumberStyle, Table};
use crate::names::{self, fold};
use crate::problem::{Problems, SheetProblems};
use crate::tidy::{Builder, Parsed};

/// The dash between an emotion and its note.
const NOTE: &str = " — ";

/// A card as a line of its cell.
pub fn line(map: &Map, kind: LaneKind, card: &Card, style: NumberStyle, c: &Catalogue) -> String {
    let text = card.text.replace(['\r', '\n'], " ");
    match kind.spec().holds {
        Holds::Text => text,
        Holds::Score => {
            let mut label = card
                .persona
                .as_deref()
                .map(|p| map.persona(p).map_or(p, |p| p.name.as_str()).to_string())
                .unwrap_or_default();
            if card.to_be == Some(true) {
                if !label.is_empty() {
                    label.push(' ');
                }
                label.push_str(&format!("({})", c.t("sheet.toBe")));
            }
            let score = card.score.map_or(String::new(), |s| {
                if s > 0 {
                    format!("+{s}")
                } else {
                    s.to_string()
                }
            });
            let mut out = if label.is_empty() {
                score
            } else {
                format!("{label}: {score}")
            };
            if !text.is_empty() {
                out.push_str(NOTE);
                out.push_str(&text);
            }
            out
        }
        Holds::Value | Holds::Metric => {
            let mut out = text;
            if let Some(v) = card.value {
                out.push_str(": ");
                out.push_str(&style.format(v));
                if let Some(u) = card.unit.as_deref().filter(|u| !u.is_empty()) {
                    out.push(' ');
                    out.push_str(u);
                }
            }
            out
        }
    }
}

/// The layout written: the header in `c`'s language, a row a lane.
pub fn write(map: &Map, style: NumberStyle, c: &Catalogue) -> Table {
    let mut header = vec![
        Cell::text(names::header("lane", c)),
        Cell::text(names::header("lane_kind", c)),
    ];
    header.extend(map.stages.iter().map(|s| Cell::text(&s.title)));
    let mut t = vec![header];
    for l in &map.lanes {
        let mut row = vec![
            Cell::text(&l.title),
            Cell::text(names::kind_name(l.kind, c)),
        ];
        for s in &map.stages {
            let lines: Vec<String> = map
                .cell_cards(&s.id, &l.id)
                .map(|card| line(map, l.kind, card, style, c))
                .collect();
            row.push(Cell::text(lines.join("\n")));
        }
        t.push(row);
    }
    t
}

/// What a line of a cell says of a card, by the lane's kind.
#[derive(Clone, Debug, PartialEq)]
pub struct LineCard {
    pub text: String,
    pub score: Option<i8>,
    pub persona: Option<String>,
    pub to_be: bool,
    pub value: Option<f64>,
    pub unit: Option<String>,
}

/// Why a line cannot be read: the catalogue's key and the English.
pub type LineError = (&'static str, String, Problem);

/// A line of a cell, read as `kind` holds it.
pub fn parse_line(
    s: &str,
    kind: LaneKind,
    style: NumberStyle,
    c: &Catalogue,
) -> Result<LineCard, LineError> {
    let s = crate::cell::unguard_formula(s.trim()).trim();
    let mut card = LineCard {
        text: s.to_string(),
        score: None,
        persona: None,
        to_be: false,
        value: None,
        unit: None,
    };
    match kind.spec().holds {
        Holds::Text => Ok(card),
        Holds::Score => {
            let (point, note) = match s.split_once(NOTE.trim()) {
                Some((a, b)) => (a.trim(), b.trim()),
                None => (s, ""),
            };
            let (label, score) = match point.rsplit_once(':') {
                Some((a, b)) => (a.trim(), b.trim()),
                None => ("", point),
            };
            let mut label = label.to_string();
            for word in travesia_i18n::langs().map(|l| Catalogue::of(l).t("sheet.toBe")) {
                let mark = format!("({word})");
                if fold(&label).ends_with(&fold(&mark)) {
                    card.to_be = true;
                    let cut = label.chars().count() - mark.chars().count();
                    label = label
                        .chars()
                        .take(cut)
                        .collect::<String>()
                        .trim()
                        .to_string();
                }
            }
            let _ = c;
            card.persona = (!label.is_empty()).then_some(label);
            card.text = note.to_string();
            if !score.is_empty() {
                match style.parse(score) {
                    Some(v) if v.fract() == 0.0 && (-2.0..=2.0).contains(&v) => {
                        card.score = Some(v as i8)
                    }
                    _ => {
                        return Err((
                            "sheet.problem.score",
                            format!("\"{score}\" is not an emotion from -2 to +2"),
                            Problem::OutOfRange {
                                min: -2.0,
                                max: Some(2.0),
                            },
                        ))
                    }
                }
            }
            Ok(card)
        }
        Holds::Value | Holds::Metric => {
            let Some((name, rest)) = s.rsplit_once(':') else {
                return Ok(card);
            };
            let rest = rest.trim();
            // The number, then the unit (a metric's) after a space.
            let (number, unit) = match rest.split_once(' ') {
                Some((n, u)) if style.parse(n).is_some() => (n, u.trim()),
                _ => (rest, ""),
            };
            if number.is_empty() {
                card.text = name.trim().to_string();
                return Ok(card);
            }
            match style.parse(number) {
                Some(v) => {
                    card.text = name.trim().to_string();
                    card.value = Some(v);
                    card.unit = (!unit.is_empty()).then(|| unit.to_string());
                    Ok(card)
                }
                None => Err((
                    "sheet.problem.notNumber",
                    format!("\"{number}\" is not a number"),
                    Problem::WrongType {
                        expected: Expected::Number,
                    },
                )),
            }
        }
    }
}

/// The columns of the header: where the stages start, and whether the
/// second column is the lanes' kind.
fn stage_start(header: &[Cell], style: NumberStyle) -> usize {
    match header.get(1) {
        Some(h) if names::column(&h.as_text(style), &["lane_kind"]).is_some() => 2,
        _ => 1,
    }
}

/// Reads the layout as a new map titled `title`. All or nothing: every
/// problem with its row and column.
pub fn read(
    table: &Table,
    title: &str,
    style: NumberStyle,
    c: &Catalogue,
    sheet: Option<String>,
) -> Result<Parsed, SheetProblems> {
    let Some(header) = table.first() else {
        return Err(crate::problem::empty(c, sheet));
    };
    let mut p = Problems::new(c, sheet);
    let start = stage_start(header, style);
    let lang = names::lang_of_headers(
        &header
            .iter()
            .take(start)
            .map(|h| h.as_text(style))
            .collect::<Vec<_>>(),
        &["lane", "lane_kind"],
    );
    let mut b = Builder::new(Map::new("", title));
    b.map.locale = lang.map(str::to_string);
    let mut stages = Vec::new();
    for (i, h) in header.iter().enumerate().skip(start) {
        let t = h.as_text(style).trim().to_string();
        stages.push((!t.is_empty()).then(|| b.stage(&t, None)));
        let _ = i;
    }
    let mut card_rows = Vec::new();
    for (r, cells) in table.iter().enumerate().skip(1) {
        let row = r + 1;
        let lane_title = cells
            .first()
            .map(|c| c.as_text(style).trim().to_string())
            .unwrap_or_default();
        let has_cards = cells.iter().skip(start).any(|c| !c.is_empty());
        if lane_title.is_empty() {
            if has_cards {
                p.add(
                    Some(row),
                    Some((0, names::header("lane", c))),
                    None,
                    "sheet.problem.noLane",
                    &[],
                    "the row has no lane".into(),
                    Problem::Missing,
                );
            }
            continue;
        }
        let kind = match cells
            .get(1)
            .filter(|_| start == 2)
            .filter(|k| !k.is_empty())
        {
            Some(k) => {
                let k = k.as_text(style);
                match names::kind(&k) {
                    Some(kind) => kind,
                    None => {
                        p.add(
                            Some(row),
                            Some((1, names::header("lane_kind", c))),
                            Some(&k),
                            "sheet.problem.kind",
                            &[],
                            format!("\"{k}\" is not a lane kind"),
                            Problem::UnknownLaneKind,
                        );
                        continue;
                    }
                }
            }
            None => LaneKind::Text,
        };
        let lane = match b.lane(&lane_title, None, Some(kind)) {
            Ok(id) => id,
            Err(_) => {
                p.add(
                    Some(row),
                    Some((0, names::header("lane", c))),
                    Some(&lane_title),
                    "sheet.problem.laneTwice",
                    &[],
                    "the lane is named twice".into(),
                    Problem::Other,
                );
                continue;
            }
        };
        for (j, cell) in cells.iter().enumerate().skip(start) {
            if cell.is_empty() {
                continue;
            }
            let column = (
                j,
                header.get(j).map(|h| h.as_text(style)).unwrap_or_default(),
            );
            let Some(Some(stage)) = stages.get(j - start).cloned() else {
                p.add(
                    Some(row),
                    Some(column),
                    None,
                    "sheet.problem.noStage",
                    &[],
                    "the column has no stage".into(),
                    Problem::Missing,
                );
                continue;
            };
            let text = match cell {
                Cell::Number(n) => style.format(*n),
                other => other.as_text(style),
            };
            for l in text.lines().filter(|l| !l.trim().is_empty()) {
                match parse_line(l, kind, style, c) {
                    Ok(lc) => {
                        let persona = lc.persona.as_deref().map(|n| b.persona(n));
                        let id = b.card_id(None);
                        b.map.cards.push(Card {
                            id,
                            stage: stage.clone(),
                            lane: lane.clone(),
                            text: lc.text,
                            score: lc.score,
                            persona,
                            to_be: lc.to_be.then_some(true),
                            value: lc.value,
                            unit: lc.unit,
                            ..Card::default()
                        });
                        card_rows.push(row);
                    }
                    Err((key, message, problem)) => p.add(
                        Some(row),
                        Some(column.clone()),
                        Some(l.trim()),
                        key,
                        &[],
                        message,
                        problem,
                    ),
                }
            }
        }
    }
    let doc = Document {
        map: b.map,
        extra: Default::default(),
    };
    p.into_result(Parsed { doc, card_rows })
}
