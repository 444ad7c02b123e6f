//! The rules of docs/FORMAT.md, in two layers that share one set of value rules:
//! - [`check_map`] walks untrusted JSON, checks every field's type, and hands
//!   each well-typed object to the value rules below (so one run reports every
//!   problem in a file, with its JSON path);
//! - the value rules (`*_rules`, [`check_refs`]) work on the typed model and are
//!   used by the edits too, so a map built by edits always passes the reader.

use std::collections::{HashMap, HashSet};
use std::fmt;

use base64::Engine;
use serde::Deserialize;
use serde_json::{Map as JsonObject, Value};

use crate::kinds::Holds;
use crate::model::{
    Card, Channel, Curve, Evidence, Lane, LaneKind, Map, OwnChannel, Persona, Route, Stage, Theme,
    CONFIDENCES, CURVE_PERSONAS_MAX, DENSITIES, FONTS, FOOTER_FIELDS, SOURCES,
};

/// One problem found in a file, with the JSON path it concerns: what is
/// wrong as a [`Problem`] (for words in any language) and as an English
/// sentence for people who read JSON.
#[derive(Clone, Debug, PartialEq)]
pub struct Issue {
    pub path: String,
    pub message: String,
    pub problem: Problem,
}

/// What a field or an object should have been, for the words of a type problem.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Expected {
    Text,
    YesNo,
    Number,
    WholeNumber,
    TextList,
    Object,
    List,
}

/// What is wrong, without the words: each has a sentence in every language
/// (the catalogues' `file.problem.*`), filled with the object the path names.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Problem {
    /// A required field is absent, or a name or title is empty.
    Missing,
    /// The field holds a value of another type.
    WrongType {
        expected: Expected,
    },
    TooLong {
        length: u32,
        max: u32,
    },
    TooMany {
        length: u32,
        max: u32,
    },
    BadId,
    BadColor,
    /// A number outside `min..=max` (no `max`: `min` or more).
    OutOfRange {
        min: f64,
        max: Option<f64>,
    },
    UnknownLaneKind,
    /// A word that is not one of those the field allows (`allowed`, joined
    /// with ", ").
    NotAChoice {
        allowed: String,
    },
    /// Neither a built-in channel nor one of the map's own.
    UnknownChannel,
    /// A map's own channel takes the name of a built-in one as its id.
    BuiltInChannel,
    BadPhoto,
    PhotoTooLarge,
    BadLocale,
    BadTimestamp,
    /// Not a day of the calendar written `YYYY-MM-DD`.
    BadDate,
    /// The id is used before, at the path `first`.
    DuplicateId {
        first: String,
    },
    NoSuchStage,
    NoSuchLane,
    NoSuchCard,
    NoSuchPersona,
    /// A second card in a stage of a lane that holds one.
    OnePerStage,
    /// Not a Travesía file (`format` is not "travesia").
    NotTravesia,
    BadVersion,
    /// The typed model disagrees with the checks (should not happen).
    Other,
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// A short rendering of a value for error messages.
pub(crate) fn short(v: &Value) -> String {
    let s = match v {
        Value::Null => "null".to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => format!("\"{s}\""),
        Value::Array(_) => "an array".to_string(),
        Value::Object(_) => "an object".to_string(),
    };
    if s.chars().count() > 60 {
        let cut: String = s.chars().take(57).collect();
        format!("{cut}…")
    } else {
        s
    }
}

pub const ID_MAX: usize = 64;
pub const TITLE_MAX: usize = 200;
pub const TEXT_MAX: usize = 10_000;
pub const LIST_MAX: usize = 100;
pub const PHOTO_MAX_BYTES: usize = 2 * 1024 * 1024;
pub const SCORE_MIN: i64 = -2;
pub const SCORE_MAX: i64 = 2;
pub const FONT_SCALE_MIN: f64 = 0.25;
pub const FONT_SCALE_MAX: f64 = 4.0;
/// The narrowest and widest a stage's column may be, in layout units.
pub const STAGE_WIDTH_MIN: f64 = 160.0;
pub const STAGE_WIDTH_MAX: f64 = 1200.0;
/// A map's own channel: its name's length, and how many a map may have.
pub const CHANNEL_NAME_MAX: usize = 80;
pub const CHANNELS_MAX: usize = 100;
/// The longest a metric's unit may be, in characters.
pub const UNIT_MAX: usize = 20;

fn issue(issues: &mut Vec<Issue>, path: &str, problem: Problem, message: impl Into<String>) {
    issues.push(Issue {
        path: path.to_string(),
        message: message.into(),
        problem,
    });
}

// ---------------------------------------------------------------------------
// Value rules on the typed model (shared with the edits).
// ---------------------------------------------------------------------------

pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= ID_MAX
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

pub fn check_id(id: &str, path: &str, issues: &mut Vec<Issue>) {
    if !is_valid_id(id) {
        issue(
            issues,
            path,
            Problem::BadId,
            format!(
                "\"{}\" is not a valid id (1..64 characters from A-Z a-z 0-9 _ -)",
                truncate(id)
            ),
        );
    }
}

pub fn is_valid_color(c: &str) -> bool {
    c.len() == 7 && c.starts_with('#') && c[1..].bytes().all(|b| b.is_ascii_hexdigit())
}

pub fn check_color(c: &Option<String>, path: &str, issues: &mut Vec<Issue>) {
    if let Some(c) = c {
        if !is_valid_color(c) {
            issue(
                issues,
                path,
                Problem::BadColor,
                format!("\"{}\" is not a colour of the form #RRGGBB", truncate(c)),
            );
        }
    }
}

pub fn check_len(s: &str, min: usize, max: usize, path: &str, issues: &mut Vec<Issue>) {
    let n = s.chars().count();
    if n < min {
        issue(issues, path, Problem::Missing, "must not be empty");
    } else if n > max {
        issue(
            issues,
            path,
            Problem::TooLong {
                length: n as u32,
                max: max as u32,
            },
            format!("is {n} characters long; the limit is {max}"),
        );
    }
}

fn check_opt_len(s: &Option<String>, max: usize, path: &str, issues: &mut Vec<Issue>) {
    if let Some(s) = s {
        check_len(s, 0, max, path, issues);
    }
}

fn check_list(list: &Option<Vec<String>>, path: &str, issues: &mut Vec<Issue>) {
    if let Some(list) = list {
        if list.len() > LIST_MAX {
            issue(
                issues,
                path,
                Problem::TooMany {
                    length: list.len() as u32,
                    max: LIST_MAX as u32,
                },
                format!("has {} entries; the limit is {LIST_MAX}", list.len()),
            );
        }
        for (i, s) in list.iter().enumerate() {
            check_len(s, 0, TITLE_MAX * 5, &format!("{path}[{i}]"), issues);
        }
    }
}

pub fn is_valid_locale(s: &str) -> bool {
    let mut parts = s.split('-');
    let first = parts.next().unwrap_or("");
    (2..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_lowercase())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

pub fn is_valid_timestamp(s: &str) -> bool {
    chrono::DateTime::parse_from_rfc3339(s).is_ok()
}

/// Checks a `data:image/png;base64,…` or JPEG URI: the header, the base64, the
/// decoded size and that the bytes really are a PNG or JPEG.
pub fn check_photo(photo: &str, path: &str, issues: &mut Vec<Issue>) {
    let (mime, data) = if let Some(d) = photo.strip_prefix("data:image/png;base64,") {
        ("png", d)
    } else if let Some(d) = photo.strip_prefix("data:image/jpeg;base64,") {
        ("jpeg", d)
    } else {
        issue(
            issues,
            path,
            Problem::BadPhoto,
            "must be a data:image/png;base64 or data:image/jpeg;base64 URI",
        );
        return;
    };
    // Base64 grows data by 4/3: refuse before decoding anything far too large.
    if data.len() / 4 * 3 > PHOTO_MAX_BYTES + 3 {
        issue(
            issues,
            path,
            Problem::PhotoTooLarge,
            "the photo is over 2 MiB",
        );
        return;
    }
    let bytes = match base64::engine::general_purpose::STANDARD.decode(data.trim_end()) {
        Ok(b) => b,
        Err(e) => {
            issue(
                issues,
                path,
                Problem::BadPhoto,
                format!("the photo is not valid base64: {e}"),
            );
            return;
        }
    };
    if bytes.len() > PHOTO_MAX_BYTES {
        issue(
            issues,
            path,
            Problem::PhotoTooLarge,
            "the photo is over 2 MiB",
        );
        return;
    }
    let ok = match mime {
        "png" => bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
        _ => bytes.starts_with(&[0xFF, 0xD8, 0xFF]),
    };
    if !ok {
        issue(
            issues,
            path,
            Problem::BadPhoto,
            format!("the photo's bytes are not a {}", mime.to_uppercase()),
        );
    }
}

/// A word that must be one of `allowed`.
fn check_choice(word: &str, allowed: &[&str], path: &str, issues: &mut Vec<Issue>) {
    if !allowed.contains(&word) {
        issue(
            issues,
            path,
            Problem::NotAChoice {
                allowed: allowed.join(", "),
            },
            format!(
                "\"{}\" is not one of {}",
                truncate(word),
                allowed.join(", ")
            ),
        );
    }
}

pub fn theme_rules(t: &Theme, path: &str, issues: &mut Vec<Issue>) {
    check_color(&t.accent, &format!("{path}.accent"), issues);
    check_opt_len(&t.company, TITLE_MAX, &format!("{path}.company"), issues);
    if let Some(logo) = &t.logo {
        check_photo(logo, &format!("{path}.logo"), issues);
    }
    if let Some(d) = &t.density {
        check_choice(d, &DENSITIES, &format!("{path}.density"), issues);
    }
    if let Some(f) = &t.font {
        check_choice(f, &FONTS, &format!("{path}.font"), issues);
    }
    check_list(&t.footer, &format!("{path}.footer"), issues);
    if let Some(fields) = &t.footer {
        for (i, f) in fields.iter().enumerate() {
            check_choice(f, &FOOTER_FIELDS, &format!("{path}.footer[{i}]"), issues);
        }
    }
    if let Some(s) = t.font_scale {
        if !(FONT_SCALE_MIN..=FONT_SCALE_MAX).contains(&s) {
            issue(
                issues,
                &format!("{path}.font_scale"),
                Problem::OutOfRange {
                    min: FONT_SCALE_MIN,
                    max: Some(FONT_SCALE_MAX),
                },
                format!("{s} is outside {FONT_SCALE_MIN}..{FONT_SCALE_MAX}"),
            );
        }
    }
}

pub fn persona_rules(p: &Persona, path: &str, issues: &mut Vec<Issue>) {
    check_id(&p.id, &format!("{path}.id"), issues);
    check_len(&p.name, 1, TITLE_MAX, &format!("{path}.name"), issues);
    check_color(&p.color, &format!("{path}.color"), issues);
    check_opt_len(&p.role, TITLE_MAX, &format!("{path}.role"), issues);
    check_opt_len(&p.quote, TEXT_MAX, &format!("{path}.quote"), issues);
    check_list(&p.goals, &format!("{path}.goals"), issues);
    check_list(&p.frustrations, &format!("{path}.frustrations"), issues);
    check_list(&p.channels, &format!("{path}.channels"), issues);
    if let Some(photo) = &p.photo {
        check_photo(photo, &format!("{path}.photo"), issues);
    }
}

pub fn stage_rules(s: &Stage, path: &str, issues: &mut Vec<Issue>) {
    check_id(&s.id, &format!("{path}.id"), issues);
    check_len(&s.title, 0, TITLE_MAX, &format!("{path}.title"), issues);
    check_opt_len(
        &s.description,
        TEXT_MAX,
        &format!("{path}.description"),
        issues,
    );
    check_color(&s.color, &format!("{path}.color"), issues);
    if let Some(link) = &s.link {
        check_id(link, &format!("{path}.link"), issues);
    }
    if let Some(w) = s.width {
        if !(STAGE_WIDTH_MIN..=STAGE_WIDTH_MAX).contains(&w) {
            issue(
                issues,
                &format!("{path}.width"),
                Problem::OutOfRange {
                    min: STAGE_WIDTH_MIN,
                    max: Some(STAGE_WIDTH_MAX),
                },
                format!("{w} is outside {STAGE_WIDTH_MIN}..{STAGE_WIDTH_MAX}"),
            );
        }
    }
}

/// A map's own channel: its id (never a built-in channel's name), its name
/// (not empty) and the name of its icon.
pub fn channel_rules(c: &OwnChannel, path: &str, issues: &mut Vec<Issue>) {
    check_id(&c.id, &format!("{path}.id"), issues);
    if Channel::parse(&c.id).is_some() {
        issue(
            issues,
            &format!("{path}.id"),
            Problem::BuiltInChannel,
            format!("\"{}\" is the name of a built-in channel", c.id),
        );
    }
    check_len(
        &c.name,
        1,
        CHANNEL_NAME_MAX,
        &format!("{path}.name"),
        issues,
    );
    check_opt_len(&c.icon, ID_MAX, &format!("{path}.icon"), issues);
}

pub fn lane_rules(l: &Lane, path: &str, issues: &mut Vec<Issue>) {
    check_id(&l.id, &format!("{path}.id"), issues);
    check_len(&l.title, 0, TITLE_MAX, &format!("{path}.title"), issues);
    check_color(&l.color, &format!("{path}.color"), issues);
}

pub fn card_rules(c: &Card, path: &str, issues: &mut Vec<Issue>) {
    check_id(&c.id, &format!("{path}.id"), issues);
    check_len(&c.text, 0, TEXT_MAX, &format!("{path}.text"), issues);
    check_color(&c.color, &format!("{path}.color"), issues);
    if let Some(s) = c.score {
        if !(SCORE_MIN..=SCORE_MAX).contains(&(s as i64)) {
            issue(
                issues,
                &format!("{path}.score"),
                Problem::OutOfRange {
                    min: SCORE_MIN as f64,
                    max: Some(SCORE_MAX as f64),
                },
                format!("{s} is outside −2..2"),
            );
        }
    }
    if let Some(v) = c.value {
        if !v.is_finite() {
            issue(
                issues,
                &format!("{path}.value"),
                Problem::WrongType {
                    expected: Expected::Number,
                },
                format!("{v} is not a number"),
            );
        }
    }
    check_opt_len(&c.unit, UNIT_MAX, &format!("{path}.unit"), issues);
    if let Some(e) = &c.evidence {
        evidence_rules(e, &format!("{path}.evidence"), issues);
    }
    if let Some(image) = &c.image {
        check_photo(image, &format!("{path}.image"), issues);
    }
    if let Some(link) = &c.link {
        check_id(link, &format!("{path}.link"), issues);
    }
}

/// A card's evidence: its confidence and source among the words allowed,
/// its note no longer than a card's text, its date a day of the calendar.
pub fn evidence_rules(e: &Evidence, path: &str, issues: &mut Vec<Issue>) {
    if let Some(c) = &e.confidence {
        check_choice(c, &CONFIDENCES, &format!("{path}.confidence"), issues);
    }
    if let Some(s) = &e.source {
        check_choice(s, &SOURCES, &format!("{path}.source"), issues);
    }
    check_opt_len(&e.note, TEXT_MAX, &format!("{path}.note"), issues);
    if let Some(d) = &e.date {
        if !is_date(d) {
            issue(
                issues,
                &format!("{path}.date"),
                Problem::BadDate,
                format!("\"{}\" is not a date written YYYY-MM-DD", truncate(d)),
            );
        }
    }
}

/// `YYYY-MM-DD`, a day that exists (29 February only in a leap year).
pub fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = &s[r];
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())
            .flatten()
    };
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    y >= 1 && (1..=days).contains(&d)
}

/// A card's value in a lane of `kind`: any number in a metrics lane (an NPS
/// goes below zero), a number ≥ 0 anywhere else (a funnel counts people).
pub fn value_rules(c: &Card, kind: LaneKind, path: &str, issues: &mut Vec<Issue>) {
    if let Some(v) = c.value {
        if v < 0.0 && kind.spec().holds != Holds::Metric {
            issue(
                issues,
                &format!("{path}.value"),
                Problem::OutOfRange {
                    min: 0.0,
                    max: None,
                },
                format!("{v} must be a number ≥ 0"),
            );
        }
    }
}

pub fn route_rules(r: &Route, path: &str, issues: &mut Vec<Issue>) {
    check_id(&r.id, &format!("{path}.id"), issues);
    check_len(&r.name, 0, TITLE_MAX, &format!("{path}.name"), issues);
    check_color(&r.color, &format!("{path}.color"), issues);
}

/// The map's own fields and its theme.
pub fn map_field_rules(m: &Map, path: &str, issues: &mut Vec<Issue>) {
    map_own_rules(m, path, issues);
    if let Some(t) = &m.theme {
        theme_rules(t, &format!("{path}.theme"), issues);
    }
}

/// The map's own fields (id, title, description, locale, timestamps).
fn map_own_rules(m: &Map, path: &str, issues: &mut Vec<Issue>) {
    if !m.id.is_empty() {
        check_id(&m.id, &format!("{path}.id"), issues);
    }
    if m.channels().len() > CHANNELS_MAX {
        issue(
            issues,
            &format!("{path}.channels"),
            Problem::TooMany {
                length: m.channels().len() as u32,
                max: CHANNELS_MAX as u32,
            },
            format!(
                "has {} entries; the limit is {CHANNELS_MAX}",
                m.channels().len()
            ),
        );
    }
    check_len(&m.title, 1, TITLE_MAX, &format!("{path}.title"), issues);
    check_opt_len(
        &m.description,
        TEXT_MAX,
        &format!("{path}.description"),
        issues,
    );
    if let Some(l) = &m.locale {
        if !is_valid_locale(l) {
            issue(
                issues,
                &format!("{path}.locale"),
                Problem::BadLocale,
                format!(
                    "\"{}\" is not a language tag such as \"es\" or \"en\"",
                    truncate(l)
                ),
            );
        }
    }
    for (field, ts) in [("created_at", &m.created_at), ("updated_at", &m.updated_at)] {
        if let Some(ts) = ts {
            if !is_valid_timestamp(ts) {
                issue(
                    issues,
                    &format!("{path}.{field}"),
                    Problem::BadTimestamp,
                    format!("\"{}\" is not an RFC 3339 timestamp", truncate(ts)),
                );
            }
        }
    }
}

/// Ids unique across kinds; cards, route steps and curve points pointing at
/// objects that exist; one card per stage in emotions and funnel lanes.
pub fn check_refs(m: &Map, path: &str, issues: &mut Vec<Issue>) {
    let mut seen: HashMap<&str, String> = HashMap::new();
    let all = m
        .personas()
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.as_str(), format!("{path}.personas[{i}].id")))
        .chain(
            m.stages
                .iter()
                .enumerate()
                .map(|(i, s)| (s.id.as_str(), format!("{path}.stages[{i}].id"))),
        )
        .chain(
            m.lanes
                .iter()
                .enumerate()
                .map(|(i, l)| (l.id.as_str(), format!("{path}.lanes[{i}].id"))),
        )
        .chain(
            m.cards
                .iter()
                .enumerate()
                .map(|(i, c)| (c.id.as_str(), format!("{path}.cards[{i}].id"))),
        )
        .chain(
            m.routes()
                .iter()
                .enumerate()
                .map(|(i, r)| (r.id.as_str(), format!("{path}.routes[{i}].id"))),
        )
        .chain(
            m.channels()
                .iter()
                .enumerate()
                .map(|(i, c)| (c.id.as_str(), format!("{path}.channels[{i}].id"))),
        );
    for (id, p) in all {
        if let Some(first) = seen.get(id) {
            issue(
                issues,
                &p,
                Problem::DuplicateId {
                    first: first.clone(),
                },
                format!("duplicate id \"{id}\" (already used at {first})"),
            );
        } else {
            seen.insert(id, p);
        }
    }
    let stages: HashSet<&str> = m.stages.iter().map(|s| s.id.as_str()).collect();
    let lanes: HashMap<&str, LaneKind> = m.lanes.iter().map(|l| (l.id.as_str(), l.kind)).collect();
    let cards: HashSet<&str> = m.cards.iter().map(|c| c.id.as_str()).collect();
    let own: HashSet<&str> = m.channels().iter().map(|c| c.id.as_str()).collect();
    let personas: HashSet<&str> = m.personas().iter().map(|p| p.id.as_str()).collect();
    let mut one_per_stage: HashSet<(&str, &str, Option<Curve>)> = HashSet::new();
    let mut curve_personas: HashMap<&str, HashSet<&str>> = HashMap::new();
    for (i, c) in m.cards.iter().enumerate() {
        if let Some(ch) = &c.channel {
            if Channel::parse(ch).is_none() && !own.contains(ch.as_str()) {
                issue(
                    issues,
                    &format!("{path}.cards[{i}].channel"),
                    Problem::UnknownChannel,
                    format!(
                        "unknown channel \"{}\"; one of: {}{}",
                        truncate(ch),
                        crate::format::channel_names().join(", "),
                        if own.is_empty() {
                            String::new()
                        } else {
                            ", or the id of one of the map's channels".to_string()
                        }
                    ),
                );
            }
        }
        if let Some(p) = &c.persona {
            if !personas.contains(p.as_str()) {
                issue(
                    issues,
                    &format!("{path}.cards[{i}].persona"),
                    Problem::NoSuchPersona,
                    format!("no persona with id \"{}\"", truncate(p)),
                );
            }
        }
        if !stages.contains(c.stage.as_str()) {
            issue(
                issues,
                &format!("{path}.cards[{i}].stage"),
                Problem::NoSuchStage,
                format!("no stage with id \"{}\"", truncate(&c.stage)),
            );
        }
        match lanes.get(c.lane.as_str()) {
            None => issue(
                issues,
                &format!("{path}.cards[{i}].lane"),
                Problem::NoSuchLane,
                format!("no lane with id \"{}\"", truncate(&c.lane)),
            ),
            Some(kind) if !kind.one_card_per_stage() => {
                value_rules(c, *kind, &format!("{path}.cards[{i}]"), issues)
            }
            Some(kind) => {
                value_rules(c, *kind, &format!("{path}.cards[{i}]"), issues);
                let per_curve = kind.spec().holds == Holds::Score;
                let curve = per_curve.then(|| c.curve());
                if !one_per_stage.insert((c.lane.as_str(), c.stage.as_str(), curve)) {
                    let of = if per_curve { " of each curve" } else { "" };
                    issue(
                        issues,
                        &format!("{path}.cards[{i}]"), Problem::OnePerStage,
                        format!(
                            "a {} lane holds at most one card per stage{of}; lane \"{}\" already has one in stage \"{}\"",
                            kind.as_str(),
                            c.lane,
                            c.stage
                        ),
                    );
                }
                if let (true, Some(p)) = (per_curve, &c.persona) {
                    let set = curve_personas.entry(c.lane.as_str()).or_default();
                    set.insert(p.as_str());
                    if set.len() > CURVE_PERSONAS_MAX {
                        set.remove(p.as_str());
                        issue(
                            issues,
                            &format!("{path}.cards[{i}].persona"),
                            Problem::TooMany {
                                length: CURVE_PERSONAS_MAX as u32 + 1,
                                max: CURVE_PERSONAS_MAX as u32,
                            },
                            format!(
                                "lane \"{}\" already holds the curves of {CURVE_PERSONAS_MAX} personas, the most it takes",
                                c.lane
                            ),
                        );
                    }
                }
            }
        }
    }
    for (i, r) in m.routes().iter().enumerate() {
        for (j, step) in r.steps.iter().enumerate() {
            if !cards.contains(step.as_str()) {
                issue(
                    issues,
                    &format!("{path}.routes[{i}].steps[{j}]"),
                    Problem::NoSuchCard,
                    format!("no card with id \"{}\"", truncate(step)),
                );
            }
        }
    }
}

/// Every rule, on a typed map. Empty means the map is valid.
pub fn validate_map(m: &Map) -> Vec<Issue> {
    let path = "map";
    let mut issues = Vec::new();
    map_field_rules(m, path, &mut issues);
    for (i, p) in m.personas().iter().enumerate() {
        persona_rules(p, &format!("{path}.personas[{i}]"), &mut issues);
    }
    for (i, s) in m.stages.iter().enumerate() {
        stage_rules(s, &format!("{path}.stages[{i}]"), &mut issues);
    }
    for (i, l) in m.lanes.iter().enumerate() {
        lane_rules(l, &format!("{path}.lanes[{i}]"), &mut issues);
    }
    for (i, c) in m.cards.iter().enumerate() {
        card_rules(c, &format!("{path}.cards[{i}]"), &mut issues);
    }
    for (i, r) in m.routes().iter().enumerate() {
        route_rules(r, &format!("{path}.routes[{i}]"), &mut issues);
    }
    for (i, c) in m.channels().iter().enumerate() {
        channel_rules(c, &format!("{path}.channels[{i}]"), &mut issues);
    }
    check_refs(m, path, &mut issues);
    issues
}

fn truncate(s: &str) -> String {
    if s.chars().count() > 40 {
        let cut: String = s.chars().take(37).collect();
        format!("{cut}…")
    } else {
        s.to_string()
    }
}

// ---------------------------------------------------------------------------
// Type checks on untrusted JSON.
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq)]
enum Ty {
    Str,
    Bool,
    Num,
    Int,
    StrList,
    Obj,
    LaneKind,
    /// A card's evidence: an object whose fields are checked too.
    Evidence,
}

struct Field {
    name: &'static str,
    ty: Ty,
    required: bool,
}

const fn req(name: &'static str, ty: Ty) -> Field {
    Field {
        name,
        ty,
        required: true,
    }
}

const fn opt(name: &'static str, ty: Ty) -> Field {
    Field {
        name,
        ty,
        required: false,
    }
}

const PERSONA: &[Field] = &[
    req("id", Ty::Str),
    req("name", Ty::Str),
    opt("color", Ty::Str),
    opt("role", Ty::Str),
    opt("quote", Ty::Str),
    opt("goals", Ty::StrList),
    opt("frustrations", Ty::StrList),
    opt("channels", Ty::StrList),
    opt("photo", Ty::Str),
];
const STAGE: &[Field] = &[
    req("id", Ty::Str),
    req("title", Ty::Str),
    opt("description", Ty::Str),
    opt("color", Ty::Str),
    opt("width", Ty::Num),
    opt("link", Ty::Str),
];
const LANE: &[Field] = &[
    req("id", Ty::Str),
    req("kind", Ty::LaneKind),
    req("title", Ty::Str),
    opt("color", Ty::Str),
    opt("collapsed", Ty::Bool),
    opt("print", Ty::Bool),
];
const CARD: &[Field] = &[
    req("id", Ty::Str),
    req("stage", Ty::Str),
    req("lane", Ty::Str),
    req("text", Ty::Str),
    opt("color", Ty::Str),
    opt("channel", Ty::Str),
    opt("online", Ty::Bool),
    opt("score", Ty::Int),
    opt("value", Ty::Num),
    opt("unit", Ty::Str),
    opt("persona", Ty::Str),
    opt("to_be", Ty::Bool),
    opt("evidence", Ty::Evidence),
    opt("image", Ty::Str),
    opt("link", Ty::Str),
];
const EVIDENCE: &[Field] = &[
    opt("confidence", Ty::Str),
    opt("source", Ty::Str),
    opt("note", Ty::Str),
    opt("date", Ty::Str),
];
const ROUTE: &[Field] = &[
    req("id", Ty::Str),
    req("name", Ty::Str),
    opt("color", Ty::Str),
    req("steps", Ty::StrList),
];
const OWN_CHANNEL: &[Field] = &[
    req("id", Ty::Str),
    req("name", Ty::Str),
    opt("icon", Ty::Str),
];
const THEME: &[Field] = &[
    opt("accent", Ty::Str),
    opt("font_scale", Ty::Num),
    opt("company", Ty::Str),
    opt("logo", Ty::Str),
    opt("density", Ty::Str),
    opt("footer", Ty::StrList),
    opt("font", Ty::Str),
];
const MAP_SCALARS: &[Field] = &[
    opt("id", Ty::Str),
    req("title", Ty::Str),
    opt("description", Ty::Str),
    opt("locale", Ty::Str),
    opt("theme", Ty::Obj),
    opt("created_at", Ty::Str),
    opt("updated_at", Ty::Str),
];

fn type_name(ty: Ty) -> &'static str {
    match ty {
        Ty::Str => "a string",
        Ty::Bool => "true or false",
        Ty::Num => "a number",
        Ty::Int => "a whole number",
        Ty::StrList => "an array of strings",
        Ty::Obj | Ty::Evidence => "an object",
        Ty::LaneKind => "a lane kind",
    }
}

fn expected_of(ty: Ty) -> Expected {
    match ty {
        Ty::Str | Ty::LaneKind => Expected::Text,
        Ty::Bool => Expected::YesNo,
        Ty::Num => Expected::Number,
        Ty::Int => Expected::WholeNumber,
        Ty::StrList => Expected::TextList,
        Ty::Obj | Ty::Evidence => Expected::Object,
    }
}

fn check_type(v: &Value, ty: Ty, path: &str, issues: &mut Vec<Issue>) -> bool {
    let ok = match ty {
        Ty::Str => v.is_string(),
        Ty::Bool => v.is_boolean(),
        Ty::Num => v.is_number(),
        Ty::Int => v.is_i64() || v.is_u64(),
        Ty::Obj => v.is_object(),
        Ty::Evidence => return check_fields(v, EVIDENCE, path, issues),
        Ty::StrList => match v {
            Value::Array(items) => {
                let mut all = true;
                for (i, item) in items.iter().enumerate() {
                    if !item.is_string() {
                        issue(
                            issues,
                            &format!("{path}[{i}]"),
                            Problem::WrongType {
                                expected: Expected::Text,
                            },
                            format!("must be a string, found {}", short(item)),
                        );
                        all = false;
                    }
                }
                return all;
            }
            _ => false,
        },
        Ty::LaneKind => {
            if let Some(s) = v.as_str() {
                if LaneKind::parse(s).is_some() {
                    return true;
                }
                issue(
                    issues,
                    path,
                    Problem::UnknownLaneKind,
                    format!(
                        "unknown lane kind \"{}\"; one of: {}",
                        truncate(s),
                        crate::format::lane_kind_names().join(", ")
                    ),
                );
                return false;
            }
            false
        }
    };
    if !ok {
        let extra = if ty == Ty::Int && v.is_number() {
            let n = v.as_f64().unwrap_or(0.0);
            if !(SCORE_MIN as f64..=SCORE_MAX as f64).contains(&n) {
                format!(" ({n} is outside −2..2)")
            } else {
                String::new()
            }
        } else {
            String::new()
        };
        issue(
            issues,
            path,
            Problem::WrongType {
                expected: expected_of(ty),
            },
            format!("must be {}, found {}{extra}", type_name(ty), short(v)),
        );
    }
    ok
}

/// Checks the fields of one object; true when every known field has its type.
fn check_fields(v: &Value, fields: &[Field], path: &str, issues: &mut Vec<Issue>) -> bool {
    let Some(obj) = v.as_object() else {
        issue(
            issues,
            path,
            Problem::WrongType {
                expected: Expected::Object,
            },
            format!("must be an object, found {}", short(v)),
        );
        return false;
    };
    let mut ok = true;
    for f in fields {
        let fpath = format!("{path}.{}", f.name);
        match obj.get(f.name) {
            None if f.required => {
                issue(
                    issues,
                    &fpath,
                    Problem::Missing,
                    "required field is missing",
                );
                ok = false;
            }
            None => {}
            // `null` for an optional field reads as absent.
            Some(Value::Null) if !f.required => {}
            Some(val) => ok &= check_type(val, f.ty, &fpath, issues),
        }
    }
    ok
}

/// Checks an array of objects, running `rules` on each well-typed one.
fn check_items<'v, T: Deserialize<'v>>(
    obj: &'v JsonObject<String, Value>,
    key: &str,
    required: bool,
    fields: &[Field],
    rules: fn(&T, &str, &mut Vec<Issue>),
    path: &str,
    issues: &mut Vec<Issue>,
) -> bool {
    let apath = format!("{path}.{key}");
    let items = match obj.get(key) {
        None if required => {
            issue(
                issues,
                &apath,
                Problem::Missing,
                "required field is missing",
            );
            return false;
        }
        None | Some(Value::Null) if !required => return true,
        Some(Value::Array(items)) => items,
        Some(other) => {
            issue(
                issues,
                &apath,
                Problem::WrongType {
                    expected: Expected::List,
                },
                format!("must be an array, found {}", short(other)),
            );
            return false;
        }
        None => return false,
    };
    let mut ok = true;
    for (i, item) in items.iter().enumerate() {
        let ipath = format!("{apath}[{i}]");
        if check_fields(item, fields, &ipath, issues) {
            match T::deserialize(item) {
                Ok(typed) => rules(&typed, &ipath, issues),
                Err(e) => {
                    issue(issues, &ipath, Problem::Other, e.to_string());
                    ok = false;
                }
            }
        } else {
            ok = false;
        }
    }
    ok
}

/// Checks the `map` object of a file and pushes every problem found.
pub fn check_map(v: &Value, path: &str, issues: &mut Vec<Issue>) {
    let Some(obj) = v.as_object() else {
        issue(
            issues,
            path,
            Problem::WrongType {
                expected: Expected::Object,
            },
            format!("must be an object, found {}", short(v)),
        );
        return;
    };
    let mut typed_ok = check_fields(v, MAP_SCALARS, path, issues);
    if let Some(theme) = obj.get("theme").filter(|t| t.is_object()) {
        if check_fields(theme, THEME, &format!("{path}.theme"), issues) {
            if let Ok(t) = Theme::deserialize(theme) {
                theme_rules(&t, &format!("{path}.theme"), issues);
            }
        } else {
            typed_ok = false;
        }
    }
    typed_ok &=
        check_items::<Persona>(obj, "personas", false, PERSONA, persona_rules, path, issues);
    typed_ok &= check_items::<Stage>(obj, "stages", true, STAGE, stage_rules, path, issues);
    typed_ok &= check_items::<Lane>(obj, "lanes", true, LANE, lane_rules, path, issues);
    typed_ok &= check_items::<Card>(obj, "cards", true, CARD, card_rules, path, issues);
    typed_ok &= check_items::<Route>(obj, "routes", false, ROUTE, route_rules, path, issues);
    typed_ok &= check_items::<OwnChannel>(
        obj,
        "channels",
        false,
        OWN_CHANNEL,
        channel_rules,
        path,
        issues,
    );
    if !typed_ok {
        // The rest is still checked (references, ids, the map's own fields) on
        // a copy where each badly typed field is left out, so one run reports
        // every problem: the type errors already found are not said twice.
        // Looked up by path, not by scanning the issues: a hostile file with
        // many type errors must not cost issues × items.
        let said: HashSet<String> = issues.iter().map(|i| i.path.clone()).collect();
        let repaired = repair(obj, &said);
        if let Ok(map) = Map::deserialize(&repaired) {
            for more in validate_map(&map) {
                if !said_at(&said, &more.path) {
                    issues.push(more);
                }
            }
        }
        return;
    }
    match Map::deserialize(v) {
        Ok(map) => {
            // Field rules of the map itself (items and the theme were checked above).
            map_own_rules(&map, path, issues);
            if map.id.is_empty() && obj.get("id").is_some_and(|v| v.is_string()) {
                check_id("", &format!("{path}.id"), issues);
            }
            check_refs(&map, path, issues);
        }
        Err(e) => issue(issues, path, Problem::Other, e.to_string()),
    }
}

/// A copy of a map object that deserializes whatever its type errors: each
/// field with a problem is removed (an optional one) or emptied (a required
/// one); an item that is not an object, or has no string id, becomes an empty
/// item with an id no file can have, so the other items keep their index.
fn repair(obj: &JsonObject<String, Value>, said: &HashSet<String>) -> Value {
    // A field is bad when it was said, or an entry of it was (`goals[3]` for `goals`).
    let bad_fields: HashSet<&str> = said
        .iter()
        .filter_map(|p| {
            p.strip_suffix(']')
                .and_then(|q| q.rfind('['))
                .map(|k| &p[..k])
        })
        .chain(said.iter().map(String::as_str))
        // A card's evidence with a bad field goes as a whole.
        .chain(
            said.iter()
                .filter_map(|p| p.find(".evidence.").map(|k| &p[..k + ".evidence".len()])),
        )
        .collect();
    let mut m = obj.clone();
    for (list, fields) in [
        ("personas", PERSONA),
        ("stages", STAGE),
        ("lanes", LANE),
        ("cards", CARD),
        ("routes", ROUTE),
        ("channels", OWN_CHANNEL),
    ] {
        let Some(Value::Array(items)) = m.get_mut(list) else {
            if m.get(list).is_some_and(|v| !v.is_null()) {
                m.insert(list.into(), Value::Array(Vec::new()));
            }
            continue;
        };
        for (i, item) in items.iter_mut().enumerate() {
            let ipath = format!("map.{list}[{i}]");
            let Some(o) = item.as_object_mut() else {
                *item = placeholder(list, i, fields);
                continue;
            };
            for f in fields {
                let fpath = format!("{ipath}.{}", f.name);
                if !bad_fields.contains(fpath.as_str()) {
                    continue;
                }
                if f.required {
                    o.insert(f.name.into(), empty_of(f.ty));
                } else {
                    o.remove(f.name);
                }
            }
            let named = o
                .get("id")
                .and_then(Value::as_str)
                .is_some_and(|s| !s.is_empty());
            if !named {
                o.insert("id".into(), placeholder_id(list, i));
            }
        }
    }
    for f in MAP_SCALARS {
        let fpath = format!("map.{}", f.name);
        if said.contains(&fpath) {
            if f.required {
                m.insert(f.name.into(), empty_of(f.ty));
            } else {
                m.remove(f.name);
            }
        }
    }
    if said.iter().any(|p| p.starts_with("map.theme.")) {
        m.remove("theme");
    }
    Value::Object(m)
}

/// Whether `path`, or an object or field that holds it, is among the paths said.
fn said_at(said: &HashSet<String>, path: &str) -> bool {
    said.contains(path)
        || path
            .char_indices()
            .any(|(k, c)| (c == '.' || c == '[') && said.contains(&path[..k]))
}

fn empty_of(ty: Ty) -> Value {
    match ty {
        Ty::StrList => Value::Array(Vec::new()),
        Ty::LaneKind => Value::String(LaneKind::ALL[0].as_str().into()),
        _ => Value::String(String::new()),
    }
}

/// An item that stands in for one that could not be read at all.
fn placeholder(list: &str, i: usize, fields: &[Field]) -> Value {
    let mut o = JsonObject::new();
    for f in fields.iter().filter(|f| f.required) {
        o.insert(f.name.into(), empty_of(f.ty));
    }
    o.insert("id".into(), placeholder_id(list, i));
    Value::Object(o)
}

/// '~' is never in a valid id, so nothing in the file can point at it.
fn placeholder_id(list: &str, i: usize) -> Value {
    Value::String(format!("~{list}~{i}"))
}

/// The width and height in pixels of a photo or logo URI
/// (`data:image/png;base64,…` or JPEG), read from its header; `None` when
/// the header says nothing readable.
pub fn picture_size(uri: &str) -> Option<(u32, u32)> {
    // Read on every layout, so only the start of the picture is decoded:
    // a PNG's header is in its first bytes; a JPEG's frame header follows
    // its metadata, nearly always within 64 KiB (all of it is read when not).
    if let Some(d) = uri.strip_prefix("data:image/png;base64,") {
        return header_size(&decode_start(d, 64)?);
    }
    let d = uri.strip_prefix("data:image/jpeg;base64,")?;
    let start = 64 * 1024;
    header_size(&decode_start(d, start)?).or_else(|| {
        (d.len() > start)
            .then(|| decode_start(d, d.len()))
            .flatten()
            .and_then(|b| header_size(&b))
    })
}

/// The first `n` characters of base64 `data` (all of it when shorter),
/// decoded.
fn decode_start(data: &str, n: usize) -> Option<Vec<u8>> {
    let data = data.trim_end();
    let cut = data.get(..n.min(data.len()) / 4 * 4).unwrap_or(data);
    base64::engine::general_purpose::STANDARD.decode(cut).ok()
}

/// A PNG's or JPEG's size from its first bytes.
fn header_size(bytes: &[u8]) -> Option<(u32, u32)> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") && bytes.len() >= 24 && &bytes[12..16] == b"IHDR" {
        let w = u32::from_be_bytes(bytes[16..20].try_into().ok()?);
        let h = u32::from_be_bytes(bytes[20..24].try_into().ok()?);
        return (w > 0 && h > 0).then_some((w, h));
    }
    if !bytes.starts_with(&[0xFF, 0xD8]) {
        return None;
    }
    // JPEG: walk the segments to the first start-of-frame marker.
    let mut i = 2;
    while i + 9 < bytes.len() {
        if bytes[i] != 0xFF {
            return None;
        }
        let marker = bytes[i + 1];
        if marker == 0xFF {
            i += 1;
            continue;
        }
        let len = u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]) as usize;
        let frame = matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
        if frame {
            let h = u16::from_be_bytes([bytes[i + 5], bytes[i + 6]]) as u32;
            let w = u16::from_be_bytes([bytes[i + 7], bytes[i + 8]]) as u32;
            return (w > 0 && h > 0).then_some((w, h));
        }
        i += 2 + len;
    }
    None
}

#[cfg(test)]
mod picture_tests {
    use super::picture_size;
    use base64::Engine;

    fn uri(mime: &str, bytes: &[u8]) -> String {
        format!(
            "data:image/{mime};base64,{}",
            base64::engine::general_purpose::STANDARD.encode(bytes)
        )
    }

    #[test]
    fn a_png_s_size_is_read_from_its_header() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        png.extend_from_slice(&640u32.to_be_bytes());
        png.extend_from_slice(&160u32.to_be_bytes());
        png.extend_from_slice(&[8, 6, 0, 0, 0]);
        png.extend_from_slice(&[0; 200]);
        assert_eq!(picture_size(&uri("png", &png)), Some((640, 160)));
    }

    #[test]
    fn a_jpeg_s_size_is_read_from_its_frame_after_its_metadata() {
        // SOI, an APP0 segment of 16 bytes, a DHT, then a baseline frame.
        let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10];
        jpeg.extend_from_slice(b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
        jpeg.extend_from_slice(&[0xFF, 0xC4, 0x00, 0x04, 0x00, 0x00]);
        jpeg.extend_from_slice(&[0xFF, 0xC0, 0x00, 0x11, 0x08, 0x00, 0x64, 0x00, 0xC8, 0x03]);
        jpeg.extend_from_slice(&[0; 16]);
        assert_eq!(picture_size(&uri("jpeg", &jpeg)), Some((200, 100)));
    }

    #[test]
    fn what_is_no_picture_has_no_size() {
        assert_eq!(picture_size("data:image/png;base64,AAAA"), None);
        assert_eq!(picture_size(&uri("jpeg", &[0xFF, 0xD8, 0x00, 0x01])), None);
        assert_eq!(picture_size("data:image/svg+xml;base64,PHN2Zz4="), None);
        assert_eq!(picture_size("https://example.com/logo.png"), None);
    }
}
