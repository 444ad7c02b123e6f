//! The closed set of edits an editor makes to a map.
//!
//! [`apply`] checks an edit against the map first and only then changes it, so
//! a refused edit leaves the map untouched; it returns the inverse edit, which
//! undo applies (and whose own inverse redo applies). Deleting a stage, lane or
//! card takes its dependants along (cards, route steps) and the inverse brings
//! every one back to the exact place it had.

use serde::{Deserialize, Deserializer, Serialize};

use crate::format::Issue;
use crate::kinds::Holds;
use crate::model::{
    Card, Channel, Evidence, Lane, LaneKind, Map, OwnChannel, Persona, Route, Stage, Theme,
    CURVE_PERSONAS_MAX,
};
use crate::validate::{self, check_len, TEXT_MAX, TITLE_MAX};

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EditError {
    #[error("no {kind} with id \"{id}\"")]
    NotFound { kind: &'static str, id: String },
    #[error("the id \"{0}\" is already used in this map")]
    IdTaken(String),
    #[error("position {index} is out of range (0..={max})")]
    OutOfRange { index: usize, max: usize },
    #[error("{}", .0.iter().map(|i| i.to_string()).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<Issue>),
    #[error("{0}")]
    Refused(String),
}

pub type EditResult<T> = Result<T, EditError>;

/// Where a card goes: a position within its cell (what the UI sends) or an
/// index in the map's card list (what undo uses to restore exact order).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum CardPlace {
    InCell(usize),
    At(usize),
}

/// A card together with its index in the map's card list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PlacedCard {
    pub index: usize,
    pub card: Card,
}

/// A route step together with its route and place.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PlacedStep {
    pub route: String,
    pub index: usize,
    pub card: String,
}

/// Reads `null` as "clear this field" and a missing key as "leave it".
fn double_option<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

macro_rules! patch {
    ($(#[$m:meta])* $name:ident { $($field:ident : $ty:ty),* $(,)? } clearable { $($cfield:ident : $cty:ty),* $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
        pub struct $name {
            $(
                #[serde(default, skip_serializing_if = "Option::is_none")]
                #[cfg_attr(feature = "ts", ts(optional))]
                pub $field: Option<$ty>,
            )*
            $(
                #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "double_option")]
                #[cfg_attr(feature = "ts", ts(optional))]
                pub $cfield: Option<Option<$cty>>,
            )*
        }
    };
}

patch!(
    /// Fields of a stage to change; `null` clears an optional one.
    StagePatch { title: String } clearable { description: String, color: String, width: f64, link: String }
);
patch!(
    /// Fields of a lane to change.
    LanePatch { title: String, kind: LaneKind } clearable { color: String, collapsed: bool, print: bool }
);
patch!(
    /// Fields of a card to change.
    CardPatch { text: String } clearable {
        color: String, channel: String, online: bool, score: i8, value: f64,
        unit: String, persona: String, to_be: bool, evidence: Evidence, image: String,
        link: String
    }
);
patch!(
    /// Fields of a persona to change.
    PersonaPatch { name: String } clearable {
        color: String, role: String, quote: String, goals: Vec<String>, frustrations: Vec<String>,
        channels: Vec<String>, photo: String
    }
);
patch!(
    /// Fields of a route to change.
    RoutePatch { name: String } clearable { color: String }
);
patch!(
    /// Fields of one of the map's own channels to change.
    ChannelPatch { name: String } clearable { icon: String }
);

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Edit {
    SetTitle {
        title: String,
    },
    SetDescription {
        description: Option<String>,
    },
    SetLocale {
        locale: Option<String>,
    },
    SetTheme {
        theme: Option<Theme>,
    },
    /// Adds a stage; `cards` and `steps` come back with it on undo of a delete.
    InsertStage {
        index: usize,
        stage: Stage,
        #[serde(default)]
        cards: Vec<PlacedCard>,
        #[serde(default)]
        steps: Vec<PlacedStep>,
    },
    UpdateStage {
        id: String,
        patch: StagePatch,
    },
    MoveStage {
        id: String,
        index: usize,
    },
    DeleteStage {
        id: String,
    },
    InsertLane {
        index: usize,
        lane: Lane,
        #[serde(default)]
        cards: Vec<PlacedCard>,
        #[serde(default)]
        steps: Vec<PlacedStep>,
    },
    UpdateLane {
        id: String,
        patch: LanePatch,
    },
    MoveLane {
        id: String,
        index: usize,
    },
    DeleteLane {
        id: String,
    },
    InsertCard {
        card: Card,
        place: CardPlace,
        #[serde(default)]
        steps: Vec<PlacedStep>,
    },
    UpdateCard {
        id: String,
        patch: CardPatch,
    },
    /// Moves a card to another cell, or within its cell.
    MoveCard {
        id: String,
        stage: String,
        lane: String,
        place: CardPlace,
    },
    DeleteCard {
        id: String,
    },
    /// Adds a persona; `cards` and `steps` (its curves' points) come back
    /// with it on undo of a delete.
    InsertPersona {
        index: usize,
        persona: Persona,
        #[serde(default)]
        cards: Vec<PlacedCard>,
        #[serde(default)]
        steps: Vec<PlacedStep>,
    },
    UpdatePersona {
        id: String,
        patch: PersonaPatch,
    },
    MovePersona {
        id: String,
        index: usize,
    },
    DeletePersona {
        id: String,
    },
    InsertRoute {
        index: usize,
        route: Route,
    },
    UpdateRoute {
        id: String,
        patch: RoutePatch,
    },
    MoveRoute {
        id: String,
        index: usize,
    },
    DeleteRoute {
        id: String,
    },
    InsertRouteStep {
        route: String,
        index: usize,
        card: String,
    },
    MoveRouteStep {
        route: String,
        from: usize,
        to: usize,
    },
    DeleteRouteStep {
        route: String,
        index: usize,
    },
    /// Adds one of the map's own channels; `cards` (on undo of a delete) are
    /// the cards that had it, which get it back.
    InsertChannel {
        index: usize,
        channel: OwnChannel,
        #[serde(default)]
        cards: Vec<String>,
    },
    UpdateChannel {
        id: String,
        patch: ChannelPatch,
    },
    /// Removes one of the map's own channels; its cards are left without one.
    DeleteChannel {
        id: String,
    },
    /// Sets an emotion curve's point for a stage: the curve of `persona`
    /// (none: the general curve), as-is or `to_be`. `card_id` names the card
    /// made when the curve has no point there (chosen by the caller, so redo
    /// is exact).
    SetScore {
        lane: String,
        stage: String,
        score: Option<i8>,
        card_id: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(optional))]
        persona: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(optional))]
        to_be: Option<bool>,
    },
    /// Sets how many customers reach a stage in a funnel lane.
    SetFunnelValue {
        lane: String,
        stage: String,
        value: Option<f64>,
        card_id: String,
    },
    /// Replaces the whole map (restoring a snapshot); the id stays.
    ReplaceMap {
        map: Box<Map>,
    },
    /// Several edits as one undo step (a multi-selection delete, a paste).
    Batch {
        edits: Vec<Edit>,
    },
}

/// Applies `edit` to `map`, returning the edit that undoes it. On error the
/// map is as it was.
pub fn apply(map: &mut Map, edit: &Edit) -> EditResult<Edit> {
    let inverse = apply_one(map, edit)?;
    map.tidy_lists();
    Ok(inverse)
}

/// Sends each edit to the function for its subject (the map's own fields,
/// stages, lanes, cards, personas, routes, emotion and funnel points).
fn apply_one(map: &mut Map, edit: &Edit) -> EditResult<Edit> {
    match edit {
        Edit::SetTitle { title } => set_title(map, title),
        Edit::SetDescription { description } => set_description(map, description),
        Edit::SetLocale { locale } => set_locale(map, locale),
        Edit::SetTheme { theme } => set_theme(map, theme),
        Edit::InsertStage {
            index,
            stage,
            cards,
            steps,
        } => insert_stage(map, *index, stage, cards, steps),
        Edit::UpdateStage { id, patch } => update_stage(map, id, patch),
        Edit::MoveStage { id, index } => move_stage(map, id, *index),
        Edit::DeleteStage { id } => delete_stage(map, id),
        Edit::InsertLane {
            index,
            lane,
            cards,
            steps,
        } => insert_lane(map, *index, lane, cards, steps),
        Edit::UpdateLane { id, patch } => update_lane(map, id, patch),
        Edit::MoveLane { id, index } => move_lane(map, id, *index),
        Edit::DeleteLane { id } => delete_lane(map, id),
        Edit::InsertCard { card, place, steps } => insert_card(map, card, *place, steps),
        Edit::UpdateCard { id, patch } => update_card(map, id, patch),
        Edit::MoveCard {
            id,
            stage,
            lane,
            place,
        } => move_card(map, id, stage, lane, *place),
        Edit::DeleteCard { id } => delete_card(map, id),
        Edit::InsertPersona {
            index,
            persona,
            cards,
            steps,
        } => insert_persona(map, *index, persona, cards, steps),
        Edit::UpdatePersona { id, patch } => update_persona(map, id, patch),
        Edit::MovePersona { id, index } => move_persona(map, id, *index),
        Edit::DeletePersona { id } => delete_persona(map, id),
        Edit::InsertRoute { index, route } => insert_route(map, *index, route),
        Edit::UpdateRoute { id, patch } => update_route(map, id, patch),
        Edit::MoveRoute { id, index } => move_route(map, id, *index),
        Edit::DeleteRoute { id } => delete_route(map, id),
        Edit::InsertRouteStep { route, index, card } => insert_route_step(map, route, *index, card),
        Edit::MoveRouteStep { route, from, to } => move_route_step(map, route, *from, *to),
        Edit::DeleteRouteStep { route, index } => delete_route_step(map, route, *index),
        Edit::InsertChannel {
            index,
            channel,
            cards,
        } => insert_channel(map, *index, channel, cards),
        Edit::UpdateChannel { id, patch } => update_channel(map, id, patch),
        Edit::DeleteChannel { id } => delete_channel(map, id),
        Edit::SetScore {
            lane,
            stage,
            score,
            card_id,
            persona,
            to_be,
        } => {
            let patch = CardPatch {
                score: Some(*score),
                ..CardPatch::default()
            };
            let point = Card {
                id: card_id.clone(),
                persona: persona.clone(),
                to_be: to_be.filter(|t| *t),
                ..Card::default()
            };
            set_point(map, lane, stage, Holds::Score, &point, patch)
        }
        Edit::SetFunnelValue {
            lane,
            stage,
            value,
            card_id,
        } => {
            let patch = CardPatch {
                value: Some(*value),
                ..CardPatch::default()
            };
            let point = Card {
                id: card_id.clone(),
                ..Card::default()
            };
            set_point(map, lane, stage, Holds::Value, &point, patch)
        }
        Edit::ReplaceMap { map: next } => replace_map(map, next),
        Edit::Batch { edits } => batch(map, edits),
    }
}

// ---- the map's own fields ----

fn set_title(map: &mut Map, title: &str) -> EditResult<Edit> {
    check(|i| check_len(title, 1, TITLE_MAX, "title", i))?;
    let old = std::mem::replace(&mut map.title, title.to_string());
    Ok(Edit::SetTitle { title: old })
}

fn set_description(map: &mut Map, description: &Option<String>) -> EditResult<Edit> {
    check(|i| {
        if let Some(d) = description {
            check_len(d, 0, TEXT_MAX, "description", i)
        }
    })?;
    let old = std::mem::replace(&mut map.description, description.clone());
    Ok(Edit::SetDescription { description: old })
}

fn set_locale(map: &mut Map, locale: &Option<String>) -> EditResult<Edit> {
    if let Some(l) = locale {
        if !validate::is_valid_locale(l) {
            return Err(EditError::Refused(format!(
                "\"{l}\" is not a language tag such as \"es\" or \"en\""
            )));
        }
    }
    let old = std::mem::replace(&mut map.locale, locale.clone());
    Ok(Edit::SetLocale { locale: old })
}

fn set_theme(map: &mut Map, theme: &Option<Theme>) -> EditResult<Edit> {
    if let Some(t) = theme {
        check(|i| validate::theme_rules(t, "theme", i))?;
    }
    let old = std::mem::replace(&mut map.theme, theme.clone());
    Ok(Edit::SetTheme { theme: old })
}

/// The map as a whole, as restoring a version does (one undo step).
fn replace_map(map: &mut Map, next: &Map) -> EditResult<Edit> {
    let mut next = next.clone();
    next.id = map.id.clone();
    let issues = validate::validate_map(&next);
    if !issues.is_empty() {
        return Err(EditError::Invalid(issues));
    }
    let old = std::mem::replace(map, next);
    Ok(Edit::ReplaceMap { map: Box::new(old) })
}

/// Several edits as one: all of them or, on the first refusal, none.
fn batch(map: &mut Map, edits: &[Edit]) -> EditResult<Edit> {
    let mut undo = Vec::with_capacity(edits.len());
    for e in edits {
        match apply(map, e) {
            Ok(inv) => undo.push(inv),
            Err(err) => {
                // Roll back what was applied; each inverse was valid a
                // moment ago, so it applies again.
                for inv in undo.iter().rev() {
                    let _ = apply(map, inv);
                }
                return Err(err);
            }
        }
    }
    undo.reverse();
    Ok(Edit::Batch { edits: undo })
}

// ---- stages ----

fn insert_stage(
    map: &mut Map,
    index: usize,
    stage: &Stage,
    cards: &[PlacedCard],
    steps: &[PlacedStep],
) -> EditResult<Edit> {
    check(|i| validate::stage_rules(stage, "stage", i))?;
    fresh_id(map, &stage.id)?;
    in_range(index, map.stages.len())?;
    check_dependants(
        map,
        cards,
        steps,
        |c| c.stage == stage.id,
        Some(&stage.id),
        None,
    )?;
    map.stages.insert(index, stage.clone());
    restore_dependants(map, cards, steps);
    Ok(Edit::DeleteStage {
        id: stage.id.clone(),
    })
}

fn update_stage(map: &mut Map, id: &str, patch: &StagePatch) -> EditResult<Edit> {
    let idx = find(map.stages.iter().map(|s| &s.id), id, "stage")?;
    let mut next = map.stages[idx].clone();
    let mut undo = StagePatch::default();
    set(&mut next.title, &patch.title, &mut undo.title);
    set(
        &mut next.description,
        &patch.description,
        &mut undo.description,
    );
    set(&mut next.color, &patch.color, &mut undo.color);
    set(&mut next.width, &patch.width, &mut undo.width);
    set(&mut next.link, &patch.link, &mut undo.link);
    check(|i| validate::stage_rules(&next, "stage", i))?;
    not_to_itself(map, &next.link)?;
    map.stages[idx] = next;
    Ok(Edit::UpdateStage {
        id: id.to_string(),
        patch: undo,
    })
}

fn move_stage(map: &mut Map, id: &str, index: usize) -> EditResult<Edit> {
    let from = find(map.stages.iter().map(|s| &s.id), id, "stage")?;
    move_item(&mut map.stages, from, index)?;
    Ok(Edit::MoveStage {
        id: id.to_string(),
        index: from,
    })
}

fn delete_stage(map: &mut Map, id: &str) -> EditResult<Edit> {
    let idx = find(map.stages.iter().map(|s| &s.id), id, "stage")?;
    let (cards, steps) = take_dependants(map, |c| c.stage == id);
    let stage = map.stages.remove(idx);
    Ok(Edit::InsertStage {
        index: idx,
        stage,
        cards,
        steps,
    })
}

// ---- lanes ----

fn insert_lane(
    map: &mut Map,
    index: usize,
    lane: &Lane,
    cards: &[PlacedCard],
    steps: &[PlacedStep],
) -> EditResult<Edit> {
    check(|i| validate::lane_rules(lane, "lane", i))?;
    fresh_id(map, &lane.id)?;
    in_range(index, map.lanes.len())?;
    check_dependants(map, cards, steps, |c| c.lane == lane.id, None, Some(lane))?;
    map.lanes.insert(index, lane.clone());
    restore_dependants(map, cards, steps);
    Ok(Edit::DeleteLane {
        id: lane.id.clone(),
    })
}

fn update_lane(map: &mut Map, id: &str, patch: &LanePatch) -> EditResult<Edit> {
    let idx = find(map.lanes.iter().map(|l| &l.id), id, "lane")?;
    let mut next = map.lanes[idx].clone();
    let mut undo = LanePatch::default();
    set(&mut next.title, &patch.title, &mut undo.title);
    set(&mut next.kind, &patch.kind, &mut undo.kind);
    set(&mut next.color, &patch.color, &mut undo.color);
    set(&mut next.collapsed, &patch.collapsed, &mut undo.collapsed);
    set(&mut next.print, &patch.print, &mut undo.print);
    check(|i| validate::lane_rules(&next, "lane", i))?;
    for c in map.cards.iter().filter(|c| c.lane == id) {
        check(|i| validate::value_rules(c, next.kind, "card", i))?;
    }
    if next.kind.one_card_per_stage() && next.kind != map.lanes[idx].kind {
        let per_curve = next.kind.spec().holds == Holds::Score;
        let mut seen = std::collections::HashSet::new();
        if !map
            .cards
            .iter()
            .filter(|c| c.lane == id)
            .all(|c| seen.insert((&c.stage, per_curve.then(|| c.curve()))))
        {
            return Err(EditError::Refused(format!(
                "a {} lane holds at most one card per stage, and lane \"{id}\" has more",
                next.kind.as_str()
            )));
        }
    }
    map.lanes[idx] = next;
    Ok(Edit::UpdateLane {
        id: id.to_string(),
        patch: undo,
    })
}

fn move_lane(map: &mut Map, id: &str, index: usize) -> EditResult<Edit> {
    let from = find(map.lanes.iter().map(|l| &l.id), id, "lane")?;
    move_item(&mut map.lanes, from, index)?;
    Ok(Edit::MoveLane {
        id: id.to_string(),
        index: from,
    })
}

fn delete_lane(map: &mut Map, id: &str) -> EditResult<Edit> {
    let idx = find(map.lanes.iter().map(|l| &l.id), id, "lane")?;
    let (cards, steps) = take_dependants(map, |c| c.lane == id);
    let lane = map.lanes.remove(idx);
    Ok(Edit::InsertLane {
        index: idx,
        lane,
        cards,
        steps,
    })
}

// ---- cards ----

fn insert_card(
    map: &mut Map,
    card: &Card,
    place: CardPlace,
    steps: &[PlacedStep],
) -> EditResult<Edit> {
    check(|i| validate::card_rules(card, "card", i))?;
    fresh_id(map, &card.id)?;
    known_channel(map, &card.channel)?;
    known_persona(map, &card.persona)?;
    check_cell(map, card, &card.stage, &card.lane)?;
    check_curve_room(map, card, &card.lane)?;
    check_value(map, card, &card.lane)?;
    let at = resolve_place(map, &card.stage, &card.lane, place)?;
    check_steps(map, steps, Some(&card.id))?;
    map.cards.insert(at, card.clone());
    restore_steps(map, steps);
    Ok(Edit::DeleteCard {
        id: card.id.clone(),
    })
}

fn update_card(map: &mut Map, id: &str, patch: &CardPatch) -> EditResult<Edit> {
    let idx = find(map.cards.iter().map(|c| &c.id), id, "card")?;
    let mut next = map.cards[idx].clone();
    let mut undo = CardPatch::default();
    set(&mut next.text, &patch.text, &mut undo.text);
    set(&mut next.color, &patch.color, &mut undo.color);
    set(&mut next.channel, &patch.channel, &mut undo.channel);
    set(&mut next.online, &patch.online, &mut undo.online);
    set(&mut next.score, &patch.score, &mut undo.score);
    set(&mut next.value, &patch.value, &mut undo.value);
    set(&mut next.unit, &patch.unit, &mut undo.unit);
    set(&mut next.persona, &patch.persona, &mut undo.persona);
    set(&mut next.to_be, &patch.to_be, &mut undo.to_be);
    set(&mut next.evidence, &patch.evidence, &mut undo.evidence);
    set(&mut next.image, &patch.image, &mut undo.image);
    set(&mut next.link, &patch.link, &mut undo.link);
    not_to_itself(map, &next.link)?;
    // Evidence that says nothing is no evidence.
    if next.evidence.as_ref().is_some_and(Evidence::is_empty) {
        next.evidence = None;
    }
    check(|i| validate::card_rules(&next, "card", i))?;
    known_channel(map, &next.channel)?;
    known_persona(map, &next.persona)?;
    check_value(map, &next, &next.lane)?;
    if next.curve() != map.cards[idx].curve() {
        check_cell(map, &next, &next.stage, &next.lane)?;
        check_curve_room(map, &next, &next.lane)?;
    }
    map.cards[idx] = next;
    Ok(Edit::UpdateCard {
        id: id.to_string(),
        patch: undo,
    })
}

fn move_card(
    map: &mut Map,
    id: &str,
    stage: &str,
    lane: &str,
    place: CardPlace,
) -> EditResult<Edit> {
    let from = find(map.cards.iter().map(|c| &c.id), id, "card")?;
    check_cell(map, &map.cards[from], stage, lane)?;
    check_curve_room(map, &map.cards[from], lane)?;
    check_value(map, &map.cards[from], lane)?;
    let card = map.cards.remove(from);
    let at = match resolve_place(map, stage, lane, place) {
        Ok(at) => at,
        Err(e) => {
            map.cards.insert(from, card);
            return Err(e);
        }
    };
    let undo = Edit::MoveCard {
        id: id.to_string(),
        stage: card.stage.clone(),
        lane: card.lane.clone(),
        place: CardPlace::At(from),
    };
    let mut card = card;
    card.stage = stage.to_string();
    card.lane = lane.to_string();
    map.cards.insert(at, card);
    Ok(undo)
}

fn delete_card(map: &mut Map, id: &str) -> EditResult<Edit> {
    let idx = find(map.cards.iter().map(|c| &c.id), id, "card")?;
    let steps = take_steps(map, |s| s == id);
    let card = map.cards.remove(idx);
    Ok(Edit::InsertCard {
        card,
        place: CardPlace::At(idx),
        steps,
    })
}

// ---- personas ----

fn insert_persona(
    map: &mut Map,
    index: usize,
    persona: &Persona,
    cards: &[PlacedCard],
    steps: &[PlacedStep],
) -> EditResult<Edit> {
    check(|i| validate::persona_rules(persona, "persona", i))?;
    fresh_id(map, &persona.id)?;
    in_range(index, map.personas().len())?;
    map.personas
        .get_or_insert_with(Vec::new)
        .insert(index, persona.clone());
    // Its curves' points are checked with the persona in place.
    let belongs = |c: &Card| c.persona.as_deref() == Some(persona.id.as_str());
    if let Err(e) = check_dependants(map, cards, steps, belongs, None, None) {
        map.personas.get_or_insert_with(Vec::new).remove(index);
        return Err(e);
    }
    restore_dependants(map, cards, steps);
    Ok(Edit::DeletePersona {
        id: persona.id.clone(),
    })
}

fn update_persona(map: &mut Map, id: &str, patch: &PersonaPatch) -> EditResult<Edit> {
    let idx = find(map.personas().iter().map(|p| &p.id), id, "persona")?;
    let list = map.personas.get_or_insert_with(Vec::new);
    let mut next = list[idx].clone();
    let mut undo = PersonaPatch::default();
    set(&mut next.name, &patch.name, &mut undo.name);
    set(&mut next.color, &patch.color, &mut undo.color);
    set(&mut next.role, &patch.role, &mut undo.role);
    set(&mut next.quote, &patch.quote, &mut undo.quote);
    set(&mut next.goals, &patch.goals, &mut undo.goals);
    set(
        &mut next.frustrations,
        &patch.frustrations,
        &mut undo.frustrations,
    );
    set(&mut next.channels, &patch.channels, &mut undo.channels);
    set(&mut next.photo, &patch.photo, &mut undo.photo);
    check(|i| validate::persona_rules(&next, "persona", i))?;
    list[idx] = next;
    Ok(Edit::UpdatePersona {
        id: id.to_string(),
        patch: undo,
    })
}

fn move_persona(map: &mut Map, id: &str, index: usize) -> EditResult<Edit> {
    let from = find(map.personas().iter().map(|p| &p.id), id, "persona")?;
    move_item(map.personas.get_or_insert_with(Vec::new), from, index)?;
    Ok(Edit::MovePersona {
        id: id.to_string(),
        index: from,
    })
}

/// Removes a persona, and the points of its curves with it.
fn delete_persona(map: &mut Map, id: &str) -> EditResult<Edit> {
    let idx = find(map.personas().iter().map(|p| &p.id), id, "persona")?;
    let (cards, steps) = take_dependants(map, |c| c.persona.as_deref() == Some(id));
    let persona = map.personas.get_or_insert_with(Vec::new).remove(idx);
    Ok(Edit::InsertPersona {
        index: idx,
        persona,
        cards,
        steps,
    })
}

// ---- routes ----

fn insert_route(map: &mut Map, index: usize, route: &Route) -> EditResult<Edit> {
    check(|i| validate::route_rules(route, "route", i))?;
    fresh_id(map, &route.id)?;
    if let Some(missing) = route.steps.iter().find(|s| map.card(s).is_none()) {
        return Err(not_found("card", missing));
    }
    let list = map.routes.get_or_insert_with(Vec::new);
    in_range(index, list.len())?;
    list.insert(index, route.clone());
    Ok(Edit::DeleteRoute {
        id: route.id.clone(),
    })
}

fn update_route(map: &mut Map, id: &str, patch: &RoutePatch) -> EditResult<Edit> {
    let idx = route_index(map, id)?;
    let list = map.routes.get_or_insert_with(Vec::new);
    let mut next = list[idx].clone();
    let mut undo = RoutePatch::default();
    set(&mut next.name, &patch.name, &mut undo.name);
    set(&mut next.color, &patch.color, &mut undo.color);
    check(|i| validate::route_rules(&next, "route", i))?;
    list[idx] = next;
    Ok(Edit::UpdateRoute {
        id: id.to_string(),
        patch: undo,
    })
}

fn move_route(map: &mut Map, id: &str, index: usize) -> EditResult<Edit> {
    let from = route_index(map, id)?;
    move_item(map.routes.get_or_insert_with(Vec::new), from, index)?;
    Ok(Edit::MoveRoute {
        id: id.to_string(),
        index: from,
    })
}

fn delete_route(map: &mut Map, id: &str) -> EditResult<Edit> {
    let idx = route_index(map, id)?;
    let route = map.routes.get_or_insert_with(Vec::new).remove(idx);
    Ok(Edit::InsertRoute { index: idx, route })
}

// ---- the map's own channels ----

fn channel_index(map: &Map, id: &str) -> EditResult<usize> {
    find(map.channels().iter().map(|c| &c.id), id, "channel")
}

/// A card's channel is a built-in one or one of the map's own.
fn known_channel(map: &Map, channel: &Option<String>) -> EditResult<()> {
    match channel {
        Some(ch) if Channel::parse(ch).is_none() && map.own_channel(ch).is_none() => {
            Err(not_found("channel", ch))
        }
        _ => Ok(()),
    }
}

fn insert_channel(
    map: &mut Map,
    index: usize,
    channel: &OwnChannel,
    cards: &[String],
) -> EditResult<Edit> {
    check(|i| validate::channel_rules(channel, "channel", i))?;
    fresh_id(map, &channel.id)?;
    in_range(index, map.channels().len())?;
    if map.channels().len() >= validate::CHANNELS_MAX {
        return Err(EditError::Refused(format!(
            "a map has at most {} channels of its own",
            validate::CHANNELS_MAX
        )));
    }
    let mut idx = Vec::with_capacity(cards.len());
    for id in cards {
        idx.push(map.card_index(id).ok_or_else(|| not_found("card", id))?);
    }
    map.channels
        .get_or_insert_with(Vec::new)
        .insert(index, channel.clone());
    // Undo deletes the channel, then gives each card the channel it had before.
    let mut undo = vec![Edit::DeleteChannel {
        id: channel.id.clone(),
    }];
    for i in idx {
        let card = &mut map.cards[i];
        let old = card.channel.replace(channel.id.clone());
        if old.is_some() {
            undo.push(Edit::UpdateCard {
                id: card.id.clone(),
                patch: CardPatch {
                    channel: Some(old),
                    ..CardPatch::default()
                },
            });
        }
    }
    Ok(if undo.len() == 1 {
        undo.remove(0)
    } else {
        Edit::Batch { edits: undo }
    })
}

fn update_channel(map: &mut Map, id: &str, patch: &ChannelPatch) -> EditResult<Edit> {
    let idx = channel_index(map, id)?;
    let list = map.channels.get_or_insert_with(Vec::new);
    let mut next = list[idx].clone();
    let mut undo = ChannelPatch::default();
    set(&mut next.name, &patch.name, &mut undo.name);
    set(&mut next.icon, &patch.icon, &mut undo.icon);
    check(|i| validate::channel_rules(&next, "channel", i))?;
    list[idx] = next;
    Ok(Edit::UpdateChannel {
        id: id.to_string(),
        patch: undo,
    })
}

fn delete_channel(map: &mut Map, id: &str) -> EditResult<Edit> {
    let idx = channel_index(map, id)?;
    let channel = map.channels.get_or_insert_with(Vec::new).remove(idx);
    let mut cards = Vec::new();
    for c in map.cards.iter_mut() {
        if c.channel.as_deref() == Some(id) {
            c.channel = None;
            cards.push(c.id.clone());
        }
    }
    Ok(Edit::InsertChannel {
        index: idx,
        channel,
        cards,
    })
}

fn insert_route_step(map: &mut Map, route: &str, index: usize, card: &str) -> EditResult<Edit> {
    let r = route_index(map, route)?;
    if map.card(card).is_none() {
        return Err(not_found("card", card));
    }
    let steps = &mut map.routes.get_or_insert_with(Vec::new)[r].steps;
    in_range(index, steps.len())?;
    steps.insert(index, card.to_string());
    Ok(Edit::DeleteRouteStep {
        route: route.to_string(),
        index,
    })
}

fn move_route_step(map: &mut Map, route: &str, from: usize, to: usize) -> EditResult<Edit> {
    let r = route_index(map, route)?;
    let steps = &mut map.routes.get_or_insert_with(Vec::new)[r].steps;
    if from >= steps.len() {
        return Err(EditError::OutOfRange {
            index: from,
            max: steps.len().saturating_sub(1),
        });
    }
    move_item(steps, from, to)?;
    Ok(Edit::MoveRouteStep {
        route: route.to_string(),
        from: to,
        to: from,
    })
}

fn delete_route_step(map: &mut Map, route: &str, index: usize) -> EditResult<Edit> {
    let r = route_index(map, route)?;
    let steps = &mut map.routes.get_or_insert_with(Vec::new)[r].steps;
    if index >= steps.len() {
        return Err(EditError::OutOfRange {
            index,
            max: steps.len().saturating_sub(1),
        });
    }
    let card = steps.remove(index);
    Ok(Edit::InsertRouteStep {
        route: route.to_string(),
        index,
        card,
    })
}

// ---- checks and helpers ----

fn check(f: impl FnOnce(&mut Vec<Issue>)) -> EditResult<()> {
    let mut issues = Vec::new();
    f(&mut issues);
    if issues.is_empty() {
        Ok(())
    } else {
        Err(EditError::Invalid(issues))
    }
}

fn not_found(kind: &'static str, id: &str) -> EditError {
    EditError::NotFound {
        kind,
        id: id.to_string(),
    }
}

fn find<'a>(
    mut ids: impl Iterator<Item = &'a String>,
    id: &str,
    kind: &'static str,
) -> EditResult<usize> {
    ids.position(|x| x == id).ok_or_else(|| not_found(kind, id))
}

fn route_index(map: &Map, id: &str) -> EditResult<usize> {
    find(map.routes().iter().map(|r| &r.id), id, "route")
}

fn fresh_id(map: &Map, id: &str) -> EditResult<()> {
    if map.id_in_use(id) {
        Err(EditError::IdTaken(id.to_string()))
    } else {
        Ok(())
    }
}

fn in_range(index: usize, len: usize) -> EditResult<()> {
    if index > len {
        Err(EditError::OutOfRange { index, max: len })
    } else {
        Ok(())
    }
}

/// Applies one patch field: stores the new value, remembers the old for undo.
fn set<T: Clone>(field: &mut T, new: &Option<T>, undo: &mut Option<T>) {
    if let Some(v) = new {
        *undo = Some(std::mem::replace(field, v.clone()));
    }
}

fn move_item<T>(list: &mut Vec<T>, from: usize, to: usize) -> EditResult<()> {
    if to >= list.len() {
        return Err(EditError::OutOfRange {
            index: to,
            max: list.len().saturating_sub(1),
        });
    }
    let item = list.remove(from);
    list.insert(to, item);
    Ok(())
}

/// Checks that `card` may live in a cell: both exist, and a one-card-per-stage
/// lane has room for it (in an emotions lane, on its curve; the card itself,
/// if already there, does not count).
fn check_cell(map: &Map, card: &Card, stage: &str, lane: &str) -> EditResult<()> {
    if map.stage(stage).is_none() {
        return Err(not_found("stage", stage));
    }
    let l = map.lane(lane).ok_or_else(|| not_found("lane", lane))?;
    if map.place_taken(card, stage, lane).is_some() {
        let of = if l.kind.spec().holds == Holds::Score {
            " of each curve"
        } else {
            ""
        };
        return Err(EditError::Refused(format!(
            "a {} lane holds one card per stage{of}, and stage \"{stage}\" already has one",
            l.kind.as_str()
        )));
    }
    Ok(())
}

/// Checks that an emotions lane has room for the curve of `card`'s persona:
/// it holds the curves of [`CURVE_PERSONAS_MAX`] personas at most.
fn check_curve_room(map: &Map, card: &Card, lane: &str) -> EditResult<()> {
    let Some(p) = card.persona.as_deref() else {
        return Ok(());
    };
    if !map
        .lane(lane)
        .is_some_and(|l| l.kind.spec().holds == Holds::Score)
    {
        return Ok(());
    }
    let mut others: Vec<&str> = map
        .cards
        .iter()
        .filter(|c| c.lane == lane && c.id != card.id)
        .filter_map(|c| c.persona.as_deref())
        .collect();
    others.sort_unstable();
    others.dedup();
    if !others.contains(&p) && others.len() >= CURVE_PERSONAS_MAX {
        return Err(EditError::Refused(format!(
            "lane \"{lane}\" already holds the curves of {CURVE_PERSONAS_MAX} personas, the most it takes"
        )));
    }
    Ok(())
}

/// Checks that a card's value suits lane `lane` (see [`validate::value_rules`]).
fn check_value(map: &Map, card: &Card, lane: &str) -> EditResult<()> {
    match map.lane(lane) {
        Some(l) => check(|i| validate::value_rules(card, l.kind, "card", i)),
        None => Ok(()),
    }
}

/// Checks that a card's persona, if any, is one of the map's.
/// A map does not link to itself: following the link would go nowhere.
fn not_to_itself(map: &Map, link: &Option<String>) -> EditResult<()> {
    match link {
        Some(l) if !map.id.is_empty() && *l == map.id => Err(EditError::Refused(
            "a card or stage cannot link to its own map".into(),
        )),
        _ => Ok(()),
    }
}

fn known_persona(map: &Map, persona: &Option<String>) -> EditResult<()> {
    match persona {
        Some(p) if map.persona(p).is_none() => Err(not_found("persona", p)),
        _ => Ok(()),
    }
}

/// Turns a place into an index in `map.cards` (the moving card already taken out).
fn resolve_place(map: &Map, stage: &str, lane: &str, place: CardPlace) -> EditResult<usize> {
    match place {
        CardPlace::At(i) => {
            in_range(i, map.cards.len())?;
            Ok(i)
        }
        CardPlace::InCell(pos) => {
            let cell: Vec<usize> = map
                .cards
                .iter()
                .enumerate()
                .filter(|(_, c)| c.stage == stage && c.lane == lane)
                .map(|(i, _)| i)
                .collect();
            in_range(pos, cell.len())?;
            Ok(match (cell.get(pos), cell.last()) {
                (Some(&i), _) => i,
                (None, Some(&last)) => last + 1,
                (None, None) => map.cards.len(),
            })
        }
    }
}

/// Checks cards and route steps that come back with a restored stage or lane.
fn check_dependants(
    map: &Map,
    cards: &[PlacedCard],
    steps: &[PlacedStep],
    belongs: impl Fn(&Card) -> bool,
    new_stage: Option<&String>,
    new_lane: Option<&Lane>,
) -> EditResult<()> {
    let mut seen = std::collections::HashSet::new();
    let mut cells = std::collections::HashSet::new();
    for (len, pc) in (map.cards.len()..).zip(cards) {
        let c = &pc.card;
        check(|i| validate::card_rules(c, "card", i))?;
        if !belongs(c) {
            return Err(EditError::Refused(format!(
                "card \"{}\" does not belong to what is being restored",
                c.id
            )));
        }
        fresh_id(map, &c.id)?;
        known_channel(map, &c.channel)?;
        known_persona(map, &c.persona)?;
        check_curve_room(map, c, &c.lane)?;
        if let Some(l) = new_lane.filter(|l| l.id == c.lane) {
            check(|i| validate::value_rules(c, l.kind, "card", i))?;
        } else {
            check_value(map, c, &c.lane)?;
        }
        if !seen.insert(c.id.as_str()) {
            return Err(EditError::IdTaken(c.id.clone()));
        }
        if new_stage != Some(&c.stage) && map.stage(&c.stage).is_none() {
            return Err(not_found("stage", &c.stage));
        }
        let kind = match new_lane {
            Some(l) if l.id == c.lane => l.kind,
            _ => {
                map.lane(&c.lane)
                    .ok_or_else(|| not_found("lane", &c.lane))?
                    .kind
            }
        };
        let per_curve = kind.spec().holds == Holds::Score;
        if kind.one_card_per_stage()
            && (!cells.insert((
                c.stage.as_str(),
                c.lane.as_str(),
                per_curve.then(|| c.curve()),
            )) || map
                .cell_cards(&c.stage, &c.lane)
                .any(|o| !per_curve || o.curve() == c.curve()))
        {
            return Err(EditError::Refused(format!(
                "a {} lane holds one card per stage",
                kind.as_str()
            )));
        }
        in_range(pc.index, len)?;
    }
    let ids: Vec<&str> = cards.iter().map(|pc| pc.card.id.as_str()).collect();
    check_steps_with(map, steps, |id| ids.contains(&id))
}

fn check_steps(map: &Map, steps: &[PlacedStep], new_card: Option<&String>) -> EditResult<()> {
    check_steps_with(map, steps, |id| Some(id) == new_card.map(|s| s.as_str()))
}

fn check_steps_with(
    map: &Map,
    steps: &[PlacedStep],
    is_new: impl Fn(&str) -> bool,
) -> EditResult<()> {
    let mut lens: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for s in steps {
        let r = route_index(map, &s.route)?;
        if !is_new(&s.card) && map.card(&s.card).is_none() {
            return Err(not_found("card", &s.card));
        }
        let len = lens
            .entry(s.route.as_str())
            .or_insert(map.routes()[r].steps.len());
        in_range(s.index, *len)?;
        *len += 1;
    }
    Ok(())
}

fn restore_dependants(map: &mut Map, cards: &[PlacedCard], steps: &[PlacedStep]) {
    for pc in cards {
        map.cards.insert(pc.index, pc.card.clone());
    }
    restore_steps(map, steps);
}

fn restore_steps(map: &mut Map, steps: &[PlacedStep]) {
    if steps.is_empty() {
        return;
    }
    let routes = map.routes.get_or_insert_with(Vec::new);
    for s in steps {
        if let Some(r) = routes.iter_mut().find(|r| r.id == s.route) {
            r.steps.insert(s.index, s.card.clone());
        }
    }
}

/// Removes the cards matching `pred` and their route steps, remembering where
/// each was (ascending, so re-inserting in order restores the exact places).
fn take_dependants(
    map: &mut Map,
    pred: impl Fn(&Card) -> bool,
) -> (Vec<PlacedCard>, Vec<PlacedStep>) {
    let gone: std::collections::HashSet<String> = map
        .cards
        .iter()
        .filter(|c| pred(c))
        .map(|c| c.id.clone())
        .collect();
    if gone.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let steps = take_steps(map, |s| gone.contains(s));
    let mut cards = Vec::with_capacity(gone.len());
    let mut kept = Vec::with_capacity(map.cards.len() - gone.len());
    for (index, card) in std::mem::take(&mut map.cards).into_iter().enumerate() {
        if gone.contains(&card.id) {
            cards.push(PlacedCard { index, card });
        } else {
            kept.push(card);
        }
    }
    map.cards = kept;
    (cards, steps)
}

fn take_steps(map: &mut Map, pred: impl Fn(&String) -> bool) -> Vec<PlacedStep> {
    let mut taken = Vec::new();
    if let Some(routes) = map.routes.as_mut() {
        for r in routes.iter_mut() {
            let mut kept = Vec::with_capacity(r.steps.len());
            for (index, card) in std::mem::take(&mut r.steps).into_iter().enumerate() {
                if pred(&card) {
                    taken.push(PlacedStep {
                        route: r.id.clone(),
                        index,
                        card,
                    });
                } else {
                    kept.push(card);
                }
            }
            r.steps = kept;
        }
    }
    taken
}

/// Sets the one card of an emotions or funnel cell, making it if needed.
fn set_point(
    map: &mut Map,
    lane: &str,
    stage: &str,
    holds: Holds,
    point: &Card,
    patch: CardPatch,
) -> EditResult<Edit> {
    let l = map.lane(lane).ok_or_else(|| not_found("lane", lane))?;
    if l.kind.spec().holds != holds {
        let what = match holds {
            Holds::Score => "emotion scores",
            Holds::Value => "funnel values",
            Holds::Text => "plain text",
            Holds::Metric => "metrics",
        };
        return Err(EditError::Refused(format!(
            "lane \"{lane}\" ({}) holds no {what}",
            l.kind.as_str(),
        )));
    }
    if map.stage(stage).is_none() {
        return Err(not_found("stage", stage));
    }
    // The curve's point at that stage (in a funnel lane, the stage's bar),
    // whatever its id: the caller may name the very card it means to move.
    let existing = map
        .cards
        .iter()
        .find(|c| {
            c.stage == stage
                && c.lane == lane
                && (holds != Holds::Score || c.curve() == point.curve())
        })
        .map(|c| c.id.clone());
    match existing {
        Some(id) => apply(map, &Edit::UpdateCard { id, patch }),
        None => {
            let card = Card {
                stage: stage.to_string(),
                lane: lane.to_string(),
                score: patch.score.flatten(),
                value: patch.value.flatten(),
                ..point.clone()
            };
            apply(
                map,
                &Edit::InsertCard {
                    card,
                    place: CardPlace::InCell(0),
                    steps: Vec::new(),
                },
            )
        }
    }
}
