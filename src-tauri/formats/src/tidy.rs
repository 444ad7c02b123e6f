//! The tidy layout: one row per card with every field of the card in a
//! column, for pivot tables, filters and other programs.
//!
//! The first rows name the stages and the lanes in their order (a stage and
//! a lane a row, with no card); then come the cards, stage by stage and lane
//! by lane, in their order in each cell. The ids are columns too, so a map
//! read back is the map written: the same stages, lanes and cards under the
//! same ids. A row added by hand needs only a stage, a lane and a text.

use std::collections::{HashMap, HashSet};

use travesia_core::format::Document;
use travesia_core::ids::new_id;
use travesia_core::model::{
    Card, Channel, Evidence, Lane, Map, OwnChannel, Persona, Stage, CONFIDENCES, SOURCES,
};
use travesia_core::validate::{self, is_valid_id, Expected, Problem};
use travesia_core::LaneKind;
use travesia_i18n::Catalogue;

use crate::cell::{parse_bool, Cell, NumberStyle, Table};
use crate::names::{self, fold};
use crate::problem::{Problems, SheetProblems};

/// The columns, in the order they are written.
pub const COLUMNS: [&str; 20] = [
    "stage",
    "lane",
    "lane_kind",
    "text",
    "channel",
    "online",
    "score",
    "value",
    "unit",
    "persona",
    "to_be",
    "confidence",
    "source",
    "evidence_note",
    "evidence_date",
    "color",
    "card_id",
    "stage_id",
    "lane_id",
    "extra",
];

/// The layout written: headers in `c`'s language, then the rows.
pub fn write(map: &Map, c: &Catalogue) -> Table {
    let mut t: Table = vec![COLUMNS
        .iter()
        .map(|k| Cell::Text(names::header(k, c)))
        .collect()];
    let blank = || vec![Cell::Empty; COLUMNS.len()];
    let at = |k: &str| COLUMNS.iter().position(|c| *c == k).unwrap_or(0);
    for i in 0..map.stages.len().max(map.lanes.len()) {
        let mut row = blank();
        if let Some(s) = map.stages.get(i) {
            row[at("stage")] = Cell::text(&s.title);
            row[at("stage_id")] = Cell::text(&s.id);
        }
        if let Some(l) = map.lanes.get(i) {
            row[at("lane")] = Cell::text(&l.title);
            row[at("lane_kind")] = Cell::text(names::kind_name(l.kind, c));
            row[at("lane_id")] = Cell::text(&l.id);
        }
        t.push(row);
    }
    for s in &map.stages {
        for l in &map.lanes {
            for card in map.cell_cards(&s.id, &l.id) {
                let mut row = blank();
                row[at("stage")] = Cell::text(&s.title);
                row[at("lane")] = Cell::text(&l.title);
                row[at("lane_kind")] = Cell::text(names::kind_name(l.kind, c));
                row[at("text")] = Cell::text(&card.text);
                if let Some(ch) = &card.channel {
                    row[at("channel")] = Cell::text(match Channel::parse(ch) {
                        Some(b) => names::channel_name(b, c),
                        None => map
                            .own_channel(ch)
                            .map(|o| o.name.clone())
                            .unwrap_or_else(|| ch.clone()),
                    });
                }
                if let Some(v) = card.online {
                    row[at("online")] = Cell::text(names::yes_no(v, c));
                }
                if let Some(v) = card.score {
                    row[at("score")] = Cell::Number(v as f64);
                }
                if let Some(v) = card.value {
                    row[at("value")] = Cell::Number(v);
                }
                if let Some(u) = &card.unit {
                    row[at("unit")] = Cell::text(u);
                }
                if let Some(p) = &card.persona {
                    row[at("persona")] =
                        Cell::text(map.persona(p).map(|p| p.name.clone()).unwrap_or(p.clone()));
                }
                if let Some(v) = card.to_be {
                    row[at("to_be")] = Cell::text(names::yes_no(v, c));
                }
                if let Some(e) = &card.evidence {
                    if let Some(w) = &e.confidence {
                        row[at("confidence")] =
                            Cell::text(names::choice_name("evidence.confidence", w, c));
                    }
                    if let Some(w) = &e.source {
                        row[at("source")] = Cell::text(names::choice_name("evidence.source", w, c));
                    }
                    if let Some(n) = &e.note {
                        row[at("evidence_note")] = Cell::text(n);
                    }
                    if let Some(d) = &e.date {
                        row[at("evidence_date")] = Cell::text(d);
                    }
                }
                if let Some(col) = &card.color {
                    row[at("color")] = Cell::text(col);
                }
                row[at("card_id")] = Cell::text(&card.id);
                row[at("stage_id")] = Cell::text(&s.id);
                row[at("lane_id")] = Cell::text(&l.id);
                if !card.extra.is_empty() {
                    row[at("extra")] =
                        Cell::text(serde_json::Value::Object(card.extra.clone()).to_string());
                }
                t.push(row);
            }
        }
    }
    t
}

/// A map read from a table, and where each of its cards came from.
#[derive(Clone, Debug)]
pub struct Parsed {
    pub doc: Document,
    /// The row (as the spreadsheet numbers it) of each card, in order.
    pub card_rows: Vec<usize>,
}

/// Reads the layout into `base` (an empty map, or one whose stages, lanes,
/// personas and channels a workbook's other sheets gave): the cards of the
/// rows, and the stages, lanes, personas and channels they name that `base`
/// lacks. All or nothing: every problem with its row and column.
pub fn read(
    table: &Table,
    base: Map,
    style: NumberStyle,
    c: &Catalogue,
    sheet: Option<String>,
) -> Result<Parsed, SheetProblems> {
    let Some(header) = table.first() else {
        return Err(crate::problem::empty(c, sheet));
    };
    let mut p = Problems::new(c, sheet);
    let headers: Vec<String> = header.iter().map(|h| h.as_text(style)).collect();
    let mut col: HashMap<&str, usize> = HashMap::new();
    for (i, h) in headers.iter().enumerate() {
        if let Some(k) = names::column(h, &COLUMNS) {
            col.entry(k).or_insert(i);
        }
    }
    for need in ["stage", "lane", "text"] {
        if !col.contains_key(need) {
            let name = names::header(need, c);
            p.add(
                Some(1),
                None,
                None,
                "sheet.problem.noColumn",
                &[("column", &name)],
                format!("no column \"{need}\""),
                Problem::Missing,
            );
        }
    }
    if !p.is_empty() {
        return Err(p.into_result(()).unwrap_err());
    }
    let mut b = Builder::new(base);
    b.map.locale = b
        .map
        .locale
        .take()
        .or_else(|| names::lang_of_headers(&headers, &COLUMNS).map(str::to_string));
    let mut card_rows = Vec::new();
    for (r, cells) in table.iter().enumerate().skip(1) {
        let row = r + 1;
        let get = |k: &str| -> Option<(usize, String)> {
            let i = *col.get(k)?;
            let v = cells.get(i)?;
            (!v.is_empty()).then(|| (i, v.as_text(style).trim().to_string()))
        };
        let at = |i: usize| Some((i, headers[i].clone()));
        let num = |p: &mut Problems, k: &str| -> Option<f64> {
            let (i, s) = get(k)?;
            if let Some(Cell::Number(n)) = cells.get(i) {
                return Some(*n);
            }
            let n = style.parse(&s);
            if n.is_none() {
                p.add(
                    Some(row),
                    at(i),
                    Some(&s),
                    "sheet.problem.notNumber",
                    &[],
                    format!("\"{s}\" is not a number"),
                    Problem::WrongType {
                        expected: Expected::Number,
                    },
                );
            }
            n
        };
        let yes = |p: &mut Problems, k: &str| -> Option<bool> {
            let (i, s) = get(k)?;
            if let Some(Cell::Bool(v)) = cells.get(i) {
                return Some(*v);
            }
            let v = parse_bool(&s);
            if v.is_none() {
                p.add(
                    Some(row),
                    at(i),
                    Some(&s),
                    "sheet.problem.notYesNo",
                    &[],
                    format!("\"{s}\" is neither yes nor no"),
                    Problem::WrongType {
                        expected: Expected::YesNo,
                    },
                );
            }
            v
        };
        let stage = get("stage");
        let lane = get("lane");
        // Every column but the place's (stage and lane, their ids, the kind).
        let is_card = COLUMNS
            .iter()
            .filter(|k| !matches!(**k, "stage" | "lane" | "lane_kind" | "stage_id" | "lane_id"))
            .any(|k| get(k).is_some());
        if stage.is_none() && lane.is_none() {
            if is_card {
                p.add(
                    Some(row),
                    None,
                    None,
                    "sheet.problem.noPlace",
                    &[],
                    "a card needs a stage and a lane".into(),
                    Problem::Missing,
                );
            }
            continue;
        }
        let kind = match get("lane_kind") {
            Some((i, s)) => match names::kind(&s) {
                Some(k) => Some(k),
                None => {
                    p.add(
                        Some(row),
                        at(i),
                        Some(&s),
                        "sheet.problem.kind",
                        &[],
                        format!("\"{s}\" is not a lane kind"),
                        Problem::UnknownLaneKind,
                    );
                    continue;
                }
            },
            None => None,
        };
        let stage_id = stage
            .as_ref()
            .map(|(_, t)| b.stage(t, get("stage_id").map(|(_, s)| s)));
        let lane_id = match &lane {
            Some((i, t)) => match b.lane(t, get("lane_id").map(|(_, s)| s), kind) {
                Ok(id) => Some(id),
                Err(other) => {
                    let other = names::kind_name(other, c);
                    p.add(
                        Some(row),
                        at(*i),
                        Some(t),
                        "sheet.problem.kindClash",
                        &[("kind", &other)],
                        format!("the lane \"{t}\" is of another kind above"),
                        Problem::UnknownLaneKind,
                    );
                    continue;
                }
            },
            None => None,
        };
        if !is_card {
            continue;
        }
        let (Some(stage_id), Some(lane_id)) = (stage_id, lane_id) else {
            let (missing, key) = if stage.is_none() {
                ("stage", "sheet.problem.noStage")
            } else {
                ("lane", "sheet.problem.noLane")
            };
            p.add(
                Some(row),
                None,
                None,
                key,
                &[],
                format!("the card has no {missing}"),
                Problem::Missing,
            );
            continue;
        };
        let mut card = Card {
            id: String::new(),
            stage: stage_id,
            lane: lane_id,
            text: get("text")
                .map(|(_, s)| crate::cell::unguard_formula(&s).to_string())
                .unwrap_or_default(),
            ..Card::default()
        };
        card.channel = get("channel").map(|(_, s)| b.channel(&s));
        card.online = yes(&mut p, "online");
        card.to_be = yes(&mut p, "to_be");
        if let Some(v) = num(&mut p, "score") {
            if v.fract() != 0.0 || !(-2.0..=2.0).contains(&v) {
                let (i, s) = get("score").unwrap_or_default();
                p.add(
                    Some(row),
                    at(i),
                    Some(&s),
                    "sheet.problem.score",
                    &[],
                    format!("\"{s}\" is not an emotion from -2 to +2"),
                    Problem::OutOfRange {
                        min: -2.0,
                        max: Some(2.0),
                    },
                );
            } else {
                card.score = Some(v as i8);
            }
        }
        card.value = num(&mut p, "value");
        card.unit = get("unit").map(|(_, s)| s);
        card.persona = get("persona").map(|(_, s)| b.persona(&s));
        card.color = get("color").map(|(_, s)| s);
        let word = |p: &mut Problems, k: &str, prefix: &str, words: &[&'static str]| {
            let (i, s) = get(k)?;
            let found = names::choice(&s, prefix, words);
            if found.is_none() {
                let allowed: Vec<String> = words
                    .iter()
                    .map(|w| names::choice_name(prefix, w, c))
                    .collect();
                let allowed = allowed.join(", ");
                p.add(
                    Some(row),
                    at(i),
                    Some(&s),
                    "sheet.problem.choice",
                    &[("allowed", &allowed)],
                    format!("\"{s}\" is not one of {allowed}"),
                    Problem::NotAChoice {
                        allowed: allowed.clone(),
                    },
                );
            }
            found.map(str::to_string)
        };
        let evidence = Evidence {
            confidence: word(&mut p, "confidence", "evidence.confidence", &CONFIDENCES),
            source: word(&mut p, "source", "evidence.source", &SOURCES),
            note: get("evidence_note").map(|(_, s)| crate::cell::unguard_formula(&s).to_string()),
            date: evidence_date(&mut p, get("evidence_date"), cells, row, &headers),
            ..Evidence::default()
        };
        card.evidence = (!evidence.is_empty()).then_some(evidence);
        if let Some((i, s)) = get("extra") {
            match serde_json::from_str::<serde_json::Value>(&s) {
                Ok(serde_json::Value::Object(o)) => card.extra = o,
                _ => p.add(
                    Some(row),
                    at(i),
                    Some(&s),
                    "sheet.problem.extra",
                    &[],
                    "not a JSON object".into(),
                    Problem::WrongType {
                        expected: Expected::Object,
                    },
                ),
            }
        }
        card.id = b.card_id(get("card_id").map(|(_, s)| s));
        b.map.cards.push(card);
        card_rows.push(row);
    }
    let doc = Document {
        map: b.map,
        extra: Default::default(),
    };
    p.into_result(Parsed { doc, card_rows })
}

/// A card's evidence date from its cell: `YYYY-MM-DD` as text, or a date a
/// spreadsheet program keeps as a number of days (from 30 December 1899,
/// as Excel and LibreOffice count them).
fn evidence_date(
    p: &mut Problems,
    got: Option<(usize, String)>,
    cells: &[Cell],
    row: usize,
    headers: &[String],
) -> Option<String> {
    let (i, s) = got?;
    let date = match cells.get(i) {
        Some(Cell::Number(n)) if n.fract() == 0.0 && *n >= 1.0 && *n < 2_958_466.0 => {
            Some(day_of_serial(*n as i64))
        }
        _ => validate::is_date(&s).then(|| s.clone()),
    };
    if date.is_none() {
        p.add(
            Some(row),
            Some((i, headers[i].clone())),
            Some(&s),
            "sheet.problem.date",
            &[],
            format!("\"{s}\" is not a date written YYYY-MM-DD"),
            Problem::BadDate,
        );
    }
    date
}

/// `YYYY-MM-DD` of a spreadsheet's day number: day 1 is 1 January 1900
/// and, as Excel counts, day 60 a 29 February 1900 that never was; from day
/// 61 on every program agrees (day 61 is 1 March 1900).
fn day_of_serial(n: i64) -> String {
    let leap = |y: i64| (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    // Days left to count from 1 January 1900, the phantom day taken out.
    let mut left = if n >= 61 { n - 2 } else { n - 1 };
    let mut y = 1900;
    loop {
        let days = if leap(y) { 366 } else { 365 };
        if left < days {
            break;
        }
        left -= days;
        y += 1;
    }
    let mut m = 1;
    loop {
        let days = match m {
            2 if leap(y) => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        if left < days {
            break;
        }
        left -= days;
        m += 1;
    }
    format!("{y:04}-{m:02}-{:02}", left + 1)
}

/// A map being read: finds what rows name, or makes it.
pub(crate) struct Builder {
    pub map: Map,
    used: HashSet<String>,
}

impl Builder {
    pub fn new(map: Map) -> Builder {
        let mut used = HashSet::new();
        used.extend(map.stages.iter().map(|s| s.id.clone()));
        used.extend(map.lanes.iter().map(|s| s.id.clone()));
        used.extend(map.cards.iter().map(|s| s.id.clone()));
        used.extend(map.personas().iter().map(|s| s.id.clone()));
        used.extend(map.routes().iter().map(|s| s.id.clone()));
        used.extend(map.channels().iter().map(|s| s.id.clone()));
        Builder { map, used }
    }

    /// `wanted` when it is a valid id no object uses yet, else a new one.
    fn fresh(&mut self, wanted: Option<String>, prefix: &str) -> String {
        let id = wanted
            .filter(|w| is_valid_id(w) && !self.used.contains(w))
            .unwrap_or_else(|| loop {
                let id = new_id(prefix);
                if !self.used.contains(&id) {
                    break id;
                }
            });
        self.used.insert(id.clone());
        id
    }

    /// The stage a row names: by its id, else by its title, else new.
    pub fn stage(&mut self, title: &str, id: Option<String>) -> String {
        if let Some(s) = id.as_deref().and_then(|id| self.map.stage(id)) {
            return s.id.clone();
        }
        let f = fold(title);
        if let Some(s) = self.map.stages.iter().find(|s| fold(&s.title) == f) {
            return s.id.clone();
        }
        let id = self.fresh(id, "s");
        self.map.stages.push(Stage {
            id: id.clone(),
            title: title.to_string(),
            ..Stage::default()
        });
        id
    }

    /// The lane a row names (by id, else title, else new, of `kind` or
    /// free text); the lane's kind when the row says another.
    pub fn lane(
        &mut self,
        title: &str,
        id: Option<String>,
        kind: Option<LaneKind>,
    ) -> Result<String, LaneKind> {
        let f = fold(title);
        let found = id
            .as_deref()
            .and_then(|id| self.map.lane(id))
            .or_else(|| self.map.lanes.iter().find(|l| fold(&l.title) == f));
        if let Some(l) = found {
            return match kind {
                Some(k) if k != l.kind => Err(l.kind),
                _ => Ok(l.id.clone()),
            };
        }
        let id = self.fresh(id, "l");
        self.map.lanes.push(Lane {
            id: id.clone(),
            kind: kind.unwrap_or(LaneKind::Text),
            title: title.to_string(),
            color: None,
            collapsed: None,
            print: None,
            extra: Default::default(),
        });
        Ok(id)
    }

    /// The persona a name names, made when the map has none of that name.
    pub fn persona(&mut self, name: &str) -> String {
        let f = fold(name);
        if let Some(p) = self
            .map
            .personas()
            .iter()
            .find(|p| fold(&p.name) == f || p.id == name)
        {
            return p.id.clone();
        }
        let id = self.fresh(None, "p");
        self.map
            .personas
            .get_or_insert_with(Vec::new)
            .push(Persona {
                id: id.clone(),
                name: name.to_string(),
                ..Persona::default()
            });
        id
    }

    /// A channel by name: one of the map's own, a built-in one (in any
    /// language), or a new one of the map's own.
    pub fn channel(&mut self, name: &str) -> String {
        let f = fold(name);
        if let Some(o) = self
            .map
            .channels()
            .iter()
            .find(|o| fold(&o.name) == f || o.id == name)
        {
            return o.id.clone();
        }
        if let Some(b) = names::channel(name) {
            return b.as_str().to_string();
        }
        let id = self.fresh(None, "ch");
        self.map
            .channels
            .get_or_insert_with(Vec::new)
            .push(OwnChannel {
                id: id.clone(),
                name: name.to_string(),
                ..OwnChannel::default()
            });
        id
    }

    /// A card's id: the row's when it is free, else a new one (a row copied
    /// in the spreadsheet, id and all, is a new card).
    pub fn card_id(&mut self, wanted: Option<String>) -> String {
        self.fresh(wanted, "c")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spreadsheets_day_numbers_are_days_of_the_calendar() {
        for (n, day) in [
            (1, "1900-01-01"),
            (59, "1900-02-28"),
            (61, "1900-03-01"),
            (45_351, "2024-02-29"),
            (46_346, "2026-11-20"),
            (2_958_465, "9999-12-31"),
        ] {
            assert_eq!(day_of_serial(n), day, "{n}");
        }
    }

    fn sheet(rows: &[&[Cell]]) -> Table {
        let header = [
            "Etapa",
            "Carril",
            "Texto",
            "Confianza",
            "Fuente",
            "Evidencia",
            "Fecha de la evidencia",
        ];
        let mut t: Table = vec![header.iter().map(|h| Cell::text(*h)).collect()];
        t.extend(rows.iter().map(|r| r.to_vec()));
        t
    }

    #[test]
    fn evidence_is_read_in_any_language_with_dates_as_text_or_numbers() {
        let c = Catalogue::of("es");
        let t = sheet(&[
            &[
                Cell::text("Compra"),
                Cell::text("Acciones"),
                Cell::text("Paga en caja"),
                Cell::text("validated"),
                Cell::text("Encuesta"),
                Cell::text("El 62 %"),
                Cell::Number(46_346.0),
            ],
            &[
                Cell::text("Compra"),
                Cell::text("Acciones"),
                Cell::text("Pregunta por WhatsApp"),
                Cell::text("Some evidence"),
                Cell::text("entrevista"),
                Cell::Empty,
                Cell::text("2026-11-20"),
            ],
        ]);
        let parsed = read(&t, Map::default(), NumberStyle::POINT, c, None).unwrap();
        let cards = &parsed.doc.map.cards;
        let e0 = cards[0].evidence.as_ref().unwrap();
        assert_eq!(e0.confidence.as_deref(), Some("validated"));
        assert_eq!(e0.source.as_deref(), Some("survey"));
        assert_eq!(e0.note.as_deref(), Some("El 62 %"));
        assert_eq!(e0.date.as_deref(), Some("2026-11-20"));
        let e1 = cards[1].evidence.as_ref().unwrap();
        assert_eq!(e1.confidence.as_deref(), Some("some_evidence"));
        assert_eq!(e1.source.as_deref(), Some("interview"));
        assert_eq!(e1.date.as_deref(), Some("2026-11-20"));
    }

    #[test]
    fn a_word_not_among_the_choices_or_a_bad_date_is_refused_with_its_cell() {
        let c = Catalogue::of("es");
        let t = sheet(&[&[
            Cell::text("Compra"),
            Cell::text("Acciones"),
            Cell::text("Paga"),
            Cell::text("Segurísimo"),
            Cell::text("Rumor"),
            Cell::Empty,
            Cell::text("31/11/2026"),
        ]]);
        let err = read(&t, Map::default(), NumberStyle::POINT, c, None).unwrap_err();
        let said = format!("{err:?}");
        assert!(said.contains("Segurísimo"), "{said}");
        assert!(said.contains("Rumor"), "{said}");
        assert!(said.contains("31/11/2026"), "{said}");
        assert_eq!(err.0.len(), 3, "{said}");
    }
}
