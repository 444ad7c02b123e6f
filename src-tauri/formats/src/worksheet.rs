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
use travesia_core::{Edit, Holds, LaneKind};
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

/// The lane title a row starts with; none for a row without one, with the
/// problem noted when the row still has cards.
fn row_lane(
    cells: &[Cell],
    start: usize,
    style: NumberStyle,
    row: usize,
    p: &mut Problems,
) -> Option<String> {
    let title = cells
        .first()
        .map(|x| x.as_text(style).trim().to_string())
        .unwrap_or_default();
    if !title.is_empty() {
        return Some(title);
    }
    if cells.iter().skip(start).any(|x| !x.is_empty()) {
        let column = (0, names::header("lane", p.c));
        p.add(
            Some(row),
            Some(column),
            None,
            "sheet.problem.noLane",
            &[],
            "the row has no lane".into(),
            Problem::Missing,
        );
    }
    None
}

/// The kind a row's second column names, free text when it names none;
/// none, with the problem noted, when what it names is no kind.
fn row_kind(
    cells: &[Cell],
    start: usize,
    style: NumberStyle,
    row: usize,
    p: &mut Problems,
) -> Option<LaneKind> {
    let Some(k) = cells
        .get(1)
        .filter(|_| start == 2)
        .filter(|k| !k.is_empty())
    else {
        return Some(LaneKind::Text);
    };
    let k = k.as_text(style);
    let kind = names::kind(&k);
    if kind.is_none() {
        let column = (1, names::header("lane_kind", p.c));
        p.add(
            Some(row),
            Some(column),
            Some(&k),
            "sheet.problem.kind",
            &[],
            format!("\"{k}\" is not a lane kind"),
            Problem::UnknownLaneKind,
        );
    }
    kind
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
        let Some(lane_title) = row_lane(cells, start, style, row, &mut p) else {
            continue;
        };
        let Some(kind) = row_kind(cells, start, style, row, &mut p) else {
            continue;
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
            let text = cell.as_text(style);
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

/// What a worksheet filled in elsewhere changes in the map it came from:
/// one edit (a batch, undone at once) and its counts.
#[derive(Clone, Debug, PartialEq)]
pub struct Merge {
    /// None when the worksheet says what the map says.
    pub edit: Option<Edit>,
    pub added: usize,
    pub changed: usize,
    pub removed: usize,
    pub new_stages: usize,
    pub new_lanes: usize,
    pub new_personas: usize,
}

/// The workshop loop: a worksheet exported from `map`, filled in at a
/// workshop, read back into `map`. Stages and lanes are matched by title
/// (a column or row of a new title adds one); in each cell the worksheet
/// shows, a line that reads as a card there reads keeps that card, a line
/// changed updates the card in its place, a line more adds a card and a
/// line fewer removes one. Cells, stages and lanes the worksheet does not
/// show, and everything a worksheet does not hold (ids, channels, colours,
/// routes), are left as they are. All or nothing: every problem with its
/// row and column.
pub fn merge(
    map: &Map,
    table: &Table,
    style: NumberStyle,
    c: &Catalogue,
    sheet: Option<String>,
) -> Result<Merge, SheetProblems> {
    use travesia_core::edit::{CardPatch, CardPlace};
    use travesia_core::ids::new_id;
    use travesia_core::model::{Lane, Persona, Stage};

    let Some(header) = table.first() else {
        return Err(crate::problem::empty(c, sheet));
    };
    let mut p = Problems::new(c, sheet);
    let start = stage_start(header, style);
    let mut m = map.clone();
    let mut out = Merge {
        edit: None,
        added: 0,
        changed: 0,
        removed: 0,
        new_stages: 0,
        new_lanes: 0,
        new_personas: 0,
    };
    let mut edits: Vec<Edit> = Vec::new();
    let refused = |p: &mut Problems, row: Option<usize>, e: travesia_core::EditError| {
        let why = e.to_string();
        p.add(
            row,
            None,
            Some(&why),
            "sheet.problem.edit",
            &[],
            why.clone(),
            Problem::Other,
        );
    };
    macro_rules! apply {
        ($row:expr, $e:expr) => {{
            let e = $e;
            match travesia_core::apply(&mut m, &e) {
                Ok(_) => {
                    edits.push(e);
                    true
                }
                Err(err) => {
                    refused(&mut p, $row, err);
                    false
                }
            }
        }};
    }
    // The stages of the columns: by title, or new at the end.
    let mut stages: Vec<Option<String>> = Vec::new();
    for h in header.iter().skip(start) {
        let t = h.as_text(style).trim().to_string();
        if t.is_empty() {
            stages.push(None);
            continue;
        }
        // Two stages of one title: the columns take them in order.
        let taken = |id: &String| stages.iter().flatten().any(|s| s == id);
        if let Some(s) = m
            .stages
            .iter()
            .find(|s| fold(&s.title) == fold(&t) && !taken(&s.id))
        {
            stages.push(Some(s.id.clone()));
            continue;
        }
        let stage = Stage {
            id: new_id("s"),
            title: t,
            ..Stage::default()
        };
        let id = stage.id.clone();
        let index = m.stages.len();
        if apply!(
            Some(1),
            Edit::InsertStage {
                index,
                stage,
                cards: Vec::new(),
                steps: Vec::new()
            }
        ) {
            out.new_stages += 1;
            stages.push(Some(id));
        } else {
            stages.push(None);
        }
    }
    let mut lanes_seen: Vec<String> = Vec::new();
    for (r, cells) in table.iter().enumerate().skip(1) {
        let row = r + 1;
        let Some(title) = row_lane(cells, start, style, row, &mut p) else {
            continue;
        };
        // Two lanes of one title: the rows take them in order.
        let (lane, kind) = match m
            .lanes
            .iter()
            .find(|l| fold(&l.title) == fold(&title) && !lanes_seen.contains(&l.id))
        {
            Some(l) => (l.id.clone(), l.kind),
            None => {
                let Some(kind) = row_kind(cells, start, style, row, &mut p) else {
                    continue;
                };
                let lane = Lane {
                    id: new_id("l"),
                    kind,
                    title: title.clone(),
                    color: None,
                    collapsed: None,
                    print: None,
                    extra: Default::default(),
                };
                let id = lane.id.clone();
                let index = m.lanes.len();
                if !apply!(
                    Some(row),
                    Edit::InsertLane {
                        index,
                        lane,
                        cards: Vec::new(),
                        steps: Vec::new()
                    }
                ) {
                    continue;
                }
                out.new_lanes += 1;
                (id, kind)
            }
        };
        lanes_seen.push(lane.clone());
        for (j, stage) in stages.iter().enumerate() {
            let Some(stage) = stage else { continue };
            let col = j + start;
            let column = (
                col,
                header
                    .get(col)
                    .map(|h| h.as_text(style))
                    .unwrap_or_default(),
            );
            let text = cells.get(col).map_or(String::new(), |x| x.as_text(style));
            let wanted: Vec<String> = text
                .lines()
                .map(|l| crate::cell::unguard_formula(l.trim()).trim().to_string())
                .filter(|l| !l.is_empty())
                .collect();
            // A card with nothing to show has no line: the worksheet leaves it be.
            let have: Vec<(String, String)> = m
                .cell_cards(stage, &lane)
                .map(|k| (k.id.clone(), line(&m, kind, k, style, c)))
                .filter(|(_, l)| !l.trim().is_empty())
                .collect();
            if wanted.iter().eq(have.iter().map(|(_, l)| l)) {
                continue;
            }
            let mut kept = vec![false; have.len()];
            let mut fresh = Vec::new();
            for w in &wanted {
                match (0..have.len()).find(|&i| !kept[i] && have[i].1 == *w) {
                    Some(i) => kept[i] = true,
                    None => fresh.push(w.clone()),
                }
            }
            let mut spare = (0..have.len()).filter(|&i| !kept[i]);
            for w in fresh {
                let lc = match parse_line(&w, kind, style, c) {
                    Ok(lc) => lc,
                    Err((key, message, problem)) => {
                        p.add(
                            Some(row),
                            Some(column.clone()),
                            Some(&w),
                            key,
                            &[],
                            message,
                            problem,
                        );
                        continue;
                    }
                };
                let persona = match &lc.persona {
                    None => None,
                    Some(name) => match m.personas().iter().find(|x| fold(&x.name) == fold(name)) {
                        Some(x) => Some(x.id.clone()),
                        None => {
                            let persona = Persona {
                                id: new_id("p"),
                                name: name.clone(),
                                ..Persona::default()
                            };
                            let id = persona.id.clone();
                            let index = m.personas().len();
                            if !apply!(
                                Some(row),
                                Edit::InsertPersona {
                                    index,
                                    persona,
                                    cards: Vec::new(),
                                    steps: Vec::new()
                                }
                            ) {
                                continue;
                            }
                            out.new_personas += 1;
                            Some(id)
                        }
                    },
                };
                let holds = kind.spec().holds;
                match spare.next() {
                    Some(i) => {
                        let Some(card) = m.card(&have[i].0).cloned() else {
                            continue;
                        };
                        let mut patch = CardPatch::default();
                        if card.text.replace(['\r', '\n'], " ") != lc.text {
                            patch.text = Some(lc.text.clone());
                        }
                        if holds == Holds::Score {
                            if card.score != lc.score {
                                patch.score = Some(lc.score);
                            }
                            if card.persona != persona {
                                patch.persona = Some(persona.clone());
                            }
                            if (card.to_be == Some(true)) != lc.to_be {
                                patch.to_be = Some(lc.to_be.then_some(true));
                            }
                        }
                        if matches!(holds, Holds::Value | Holds::Metric) {
                            if card.value != lc.value {
                                patch.value = Some(lc.value);
                            }
                            if card.unit.as_deref().filter(|u| !u.is_empty()) != lc.unit.as_deref()
                                && lc.value.is_some()
                            {
                                patch.unit = Some(lc.unit.clone());
                            }
                        }
                        if patch != CardPatch::default()
                            && apply!(
                                Some(row),
                                Edit::UpdateCard {
                                    id: card.id.clone(),
                                    patch
                                }
                            )
                        {
                            out.changed += 1;
                        }
                    }
                    None => {
                        let at = m.cell_cards(stage, &lane).count();
                        let card = Card {
                            id: new_id("c"),
                            stage: stage.clone(),
                            lane: lane.clone(),
                            text: lc.text,
                            score: lc.score,
                            persona,
                            to_be: lc.to_be.then_some(true),
                            value: lc.value,
                            unit: lc.unit,
                            ..Card::default()
                        };
                        if apply!(
                            Some(row),
                            Edit::InsertCard {
                                card,
                                place: CardPlace::InCell(at),
                                steps: Vec::new()
                            }
                        ) {
                            out.added += 1;
                        }
                    }
                }
            }
            for i in spare {
                if apply!(
                    Some(row),
                    Edit::DeleteCard {
                        id: have[i].0.clone()
                    }
                ) {
                    out.removed += 1;
                }
            }
        }
    }
    if !edits.is_empty() {
        out.edit = Some(Edit::Batch { edits });
    }
    p.into_result(out)
}
