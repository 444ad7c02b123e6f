//! Mermaid's `journey` diagrams, both ways.
//!
//! In: the title is the map's; each `section` a stage; each task an action
//! card of its section; each task's score (1 to 5) a point of the emotion
//! curve (−2 to +2): the curve of each of its actors (personas, made by name),
//! or the map's general curve when it names none. Where a section has
//! several tasks of one curve, the point is their mean, rounded. A score out
//! of range is brought into it, with a warning naming the line.
//!
//! Out: the map's stages as sections, the cards of its action lanes as
//! tasks, each scored with its stage's point of the general curve (else the
//! mean of the personas' points there; else 3) and acted by the personas
//! with a point there. A warning lists what a journey diagram cannot hold.

use std::collections::BTreeMap;

use travesia_core::format::Document;
use travesia_core::model::{Card, Map};
use travesia_core::validate::Problem;
use travesia_core::LaneKind;
use travesia_i18n::Catalogue;

use crate::problem::{Problems, SheetProblems};
use crate::tidy::{Builder, Parsed};

/// The largest diagram read.
pub const MAX_BYTES: usize = 4 * 1024 * 1024;
/// The most lines a diagram may have.
pub const MAX_LINES: usize = 50_000;

/// A colon in a name is written as this look-alike (a colon would end the
/// task's name), and read back as a colon.
const COLON: char = '∶';

/// The scores of each curve at each stage, with their lines: (stage index,
/// persona) → (score, line).
type Scores = BTreeMap<(usize, Option<String>), Vec<(i64, usize)>>;

/// A diagram read: the map, and warnings (a score brought into range, a
/// point that is a mean) in the reader's words.
pub struct Read {
    pub parsed: Parsed,
    pub warnings: Vec<String>,
}

/// Reads a `journey` diagram as a map titled `title` unless it has its own.
pub fn read(text: &str, title: &str, c: &Catalogue) -> Result<Read, SheetProblems> {
    let mut p = Problems::new(c, None);
    p.row_words = "mermaid.where.line";
    if text.len() > MAX_BYTES || text.lines().count() > MAX_LINES {
        p.add(
            None,
            None,
            None,
            "mermaid.tooLarge",
            &[],
            "the diagram is too large".into(),
            Problem::TooLong {
                length: text.len() as u32,
                max: MAX_BYTES as u32,
            },
        );
        return Err(p.into_result(()).unwrap_err());
    }
    let mut warnings = Vec::new();
    let mut b = Builder::new(Map::new("", title));
    let mut started = false;
    let mut stage: Option<String> = None;
    let mut actions: Option<String> = None;
    let mut emotions: Option<String> = None;
    let mut scores: Scores = BTreeMap::new();
    let mut stage_index = 0usize;
    let mut card_rows = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let n = i + 1;
        let line = raw.trim();
        if line.is_empty() || line.starts_with("%%") {
            continue;
        }
        if !started {
            if line == "journey" {
                started = true;
                continue;
            }
            p.add(
                Some(n),
                None,
                Some(line),
                "mermaid.notJourney",
                &[],
                "a journey diagram starts with \"journey\"".into(),
                Problem::NotTravesia,
            );
            return Err(p.into_result(()).unwrap_err());
        }
        let word = |w: &str| {
            line.strip_prefix(w)
                .filter(|r| r.is_empty() || r.starts_with([' ', '\t', ':']))
                .map(|r| r.trim_start_matches(':').trim())
        };
        if let Some(t) = word("title") {
            if !t.is_empty() {
                b.map.title = unescape(t);
            }
            continue;
        }
        if word("accTitle").is_some() || word("accDescr").is_some() {
            continue;
        }
        if let Some(t) = word("section") {
            let name = if t.is_empty() {
                format!("{}", b.map.stages.len() + 1)
            } else {
                unescape(t)
            };
            let id = b.stage(&name, None);
            stage_index = b.map.stage_index(&id).unwrap_or(0);
            stage = Some(id);
            continue;
        }
        // A task: `name: score: actor, actor`.
        let mut parts = line.splitn(3, ':');
        let name = unescape(parts.next().unwrap_or("").trim());
        let score = parts.next().map(str::trim);
        let actors: Vec<String> = parts
            .next()
            .map(|a| {
                a.split(',')
                    .map(|s| unescape(s.trim()))
                    .filter(|s| !s.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        let Some(score) = score else {
            p.add(
                Some(n),
                None,
                Some(line),
                "mermaid.notTask",
                &[],
                "neither a section nor a task (name: score: actors)".into(),
                Problem::Other,
            );
            continue;
        };
        let stage_id = match &stage {
            Some(s) => s.clone(),
            None => {
                let id = b.stage(c.t("mermaid.firstStage"), None);
                stage_index = b.map.stage_index(&id).unwrap_or(0);
                stage = Some(id.clone());
                id
            }
        };
        let value = match score.parse::<f64>() {
            Ok(v) if v.is_finite() => v,
            _ => {
                p.add(
                    Some(n),
                    None,
                    Some(score),
                    "mermaid.notScore",
                    &[],
                    format!("\"{score}\" is not a score from 1 to 5"),
                    Problem::OutOfRange {
                        min: 1.0,
                        max: Some(5.0),
                    },
                );
                continue;
            }
        };
        let kept = value.round().clamp(1.0, 5.0) as i64;
        if kept as f64 != value {
            let (line_no, was, now) = (n.to_string(), score.to_string(), kept.to_string());
            warnings.push(c.fill(
                "mermaid.clamped",
                &[("line", &line_no), ("value", &was), ("kept", &now)],
            ));
        }
        let lane = actions
            .get_or_insert_with(|| {
                b.lane(c.t("kind.actions"), None, Some(LaneKind::Actions))
                    .unwrap_or_default()
            })
            .clone();
        let id = b.card_id(None);
        b.map.cards.push(Card {
            id,
            stage: stage_id,
            lane,
            text: name,
            ..Card::default()
        });
        card_rows.push(n);
        if actors.is_empty() {
            scores
                .entry((stage_index, None))
                .or_default()
                .push((kept, n));
        }
        for a in actors {
            let who = b.persona(&a);
            scores
                .entry((stage_index, Some(who)))
                .or_default()
                .push((kept, n));
        }
    }
    if !started {
        p.add(
            None,
            None,
            None,
            "mermaid.notJourney",
            &[],
            "a journey diagram starts with \"journey\"".into(),
            Problem::NotTravesia,
        );
    }
    if !scores.is_empty() {
        let lane = emotions
            .get_or_insert_with(|| {
                b.lane(c.t("kind.emotions"), None, Some(LaneKind::Emotions))
                    .unwrap_or_default()
            })
            .clone();
        let mut curves: Vec<Option<String>> = Vec::new();
        for ((s, who), list) in &scores {
            if who.is_some() && !curves.contains(who) {
                if curves.iter().flatten().count() >= travesia_core::model::CURVE_PERSONAS_MAX {
                    let name = who
                        .as_deref()
                        .and_then(|w| b.map.persona(w))
                        .map(|p| p.name.clone())
                        .unwrap_or_default();
                    let line = list[0].1.to_string();
                    warnings
                        .push(c.fill("mermaid.tooManyCurves", &[("name", &name), ("line", &line)]));
                    continue;
                }
                curves.push(who.clone());
            }
            let mean = list.iter().map(|(v, _)| *v as f64).sum::<f64>() / list.len() as f64;
            let point = (mean - 3.0).round() as i8;
            if list.len() > 1 {
                let (stage, n, kept) = (
                    b.map.stages[*s].title.clone(),
                    list.len().to_string(),
                    format!("{:+}", point),
                );
                warnings.push(c.fill(
                    "mermaid.mean",
                    &[("stage", &stage), ("n", &n), ("point", &kept)],
                ));
            }
            let id = b.card_id(None);
            let stage = b.map.stages[*s].id.clone();
            b.map.cards.push(Card {
                id,
                stage,
                lane: lane.clone(),
                text: String::new(),
                score: Some(point),
                persona: who.clone(),
                ..Card::default()
            });
            card_rows.push(list[0].1);
        }
    }
    let doc = Document {
        map: b.map,
        extra: Default::default(),
    };
    p.into_result(Read {
        parsed: Parsed { doc, card_rows },
        warnings,
    })
}

fn unescape(s: &str) -> String {
    s.replace(COLON, ":")
}

/// A name as a diagram can hold it: on one line, without a colon or a `%%`.
fn escape(s: &str) -> String {
    let one = s.split_whitespace().collect::<Vec<_>>().join(" ");
    one.replace(':', &COLON.to_string()).replace("%%", "%")
}

/// The map as a `journey` diagram, and what it leaves out, in `c`'s words.
pub fn write(map: &Map, c: &Catalogue) -> (String, Vec<String>) {
    let mut out = String::from("journey\n");
    out.push_str(&format!("    title {}\n", escape(&map.title)));
    let action = |k: LaneKind| matches!(k, LaneKind::Actions | LaneKind::Frontstage);
    let mut left_cards = 0usize;
    for s in &map.stages {
        out.push_str(&format!("    section {}\n", escape(&s.title)));
        let points: Vec<&Card> = map
            .cards
            .iter()
            .filter(|k| k.stage == s.id && k.score.is_some() && k.to_be != Some(true))
            .filter(|k| {
                map.lane(&k.lane)
                    .is_some_and(|l| l.kind == LaneKind::Emotions)
            })
            .collect();
        let general = points
            .iter()
            .find(|k| k.persona.is_none())
            .and_then(|k| k.score);
        let personal: Vec<&Card> = points
            .iter()
            .copied()
            .filter(|k| k.persona.is_some())
            .collect();
        let score = general.map(|g| g as f64).or_else(|| {
            (!personal.is_empty()).then(|| {
                personal
                    .iter()
                    .filter_map(|k| k.score)
                    .map(f64::from)
                    .sum::<f64>()
                    / personal.len() as f64
            })
        });
        let score = score.map_or(3, |v| (v + 3.0).round().clamp(1.0, 5.0) as i64);
        let actors: Vec<String> = personal
            .iter()
            .filter_map(|k| map.persona(k.persona.as_deref()?))
            .map(|p| escape(&p.name).replace(',', " "))
            .collect();
        for l in map.lanes.iter().filter(|l| action(l.kind)) {
            for k in map.cell_cards(&s.id, &l.id) {
                let name = escape(&k.text);
                let name = if name.is_empty() {
                    "…".to_string()
                } else {
                    name
                };
                if actors.is_empty() {
                    out.push_str(&format!("      {name}: {score}\n"));
                } else {
                    out.push_str(&format!("      {name}: {score}: {}\n", actors.join(", ")));
                }
            }
        }
    }
    for k in &map.cards {
        let Some(l) = map.lane(&k.lane) else { continue };
        if !action(l.kind) && l.kind != LaneKind::Emotions {
            left_cards += 1;
        }
    }
    let mut left = Vec::new();
    let mut say = |key: &str, n: usize| {
        if n > 0 {
            left.push(c.plural(key, n as u64, &[]));
        }
    };
    say("mermaid.leftOut.cards", left_cards);
    say(
        "mermaid.leftOut.toBe",
        map.cards.iter().filter(|k| k.to_be == Some(true)).count(),
    );
    say(
        "mermaid.leftOut.notes",
        map.cards
            .iter()
            .filter(|k| k.score.is_some() && !k.text.is_empty())
            .count(),
    );
    say("mermaid.leftOut.routes", map.routes().len());
    say(
        "sheet.leftOut.description",
        usize::from(map.description.is_some()),
    );
    say(
        "mermaid.leftOut.details",
        map.cards
            .iter()
            .filter(|k| k.channel.is_some() || k.color.is_some())
            .count(),
    );
    say(
        "mermaid.leftOut.evidence",
        map.cards.iter().filter(|k| k.evidence.is_some()).count(),
    );
    say(
        "mermaid.leftOut.images",
        map.cards.iter().filter(|k| k.image.is_some()).count(),
    );
    say(
        "mermaid.leftOut.links",
        map.stages.iter().filter(|s| s.link.is_some()).count()
            + map.cards.iter().filter(|k| k.link.is_some()).count(),
    );
    (out, left)
}
