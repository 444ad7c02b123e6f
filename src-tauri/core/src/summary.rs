//! What an edit did, in a few words' worth of data: the action and the name
//! of what it acted on, as the map was before it ("delete the card «Web de
//! pedidos»"). The history keeps one for each step, so undo can say what it
//! undid and the history list can name every step; the words themselves are
//! the UI's (`step.<action>` in the catalogues).

use serde::{Deserialize, Serialize};

use crate::edit::Edit;
use crate::model::Map;

/// The kinds of step, one per thing a person does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum StepAction {
    RenameMap,
    DescribeMap,
    SetLanguage,
    SetLook,
    AddStage,
    RenameStage,
    EditStage,
    MoveStage,
    DeleteStage,
    AddLane,
    RenameLane,
    EditLane,
    MoveLane,
    DeleteLane,
    AddCard,
    WriteCard,
    EditCard,
    MoveCard,
    DeleteCard,
    AddPersona,
    EditPersona,
    MovePersona,
    DeletePersona,
    AddRoute,
    EditRoute,
    MoveRoute,
    DeleteRoute,
    AddRouteStep,
    MoveRouteStep,
    DeleteRouteStep,
    SetEmotion,
    SetFunnel,
    /// A stage's column made wider or narrower.
    ResizeStage,
    AddChannel,
    EditChannel,
    DeleteChannel,
    RestoreVersion,
    /// Several cards at once (deleted, pasted, moved).
    DeleteCards,
    AddCards,
    MoveCards,
    /// Several edits of different kinds as one step.
    Several,
}

/// One step of a map's history, described.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StepSummary {
    pub action: StepAction,
    /// The name, title or text (its first 40 characters) of what the step
    /// acted on; none when it has none.
    pub name: Option<String>,
    /// How many things a step of several did.
    pub count: u32,
}

const NAME_MAX: usize = 40;

fn name(s: &str) -> Option<String> {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.is_empty() {
        return None;
    }
    Some(if s.chars().count() > NAME_MAX {
        let cut: String = s.chars().take(NAME_MAX - 1).collect();
        format!("{}…", cut.trim_end())
    } else {
        s
    })
}

fn one(action: StepAction, n: Option<String>) -> StepSummary {
    StepSummary {
        action,
        name: n,
        count: 1,
    }
}

/// What `edit` does to `before` (the map as it was before the edit).
pub fn summarize(before: &Map, edit: &Edit) -> StepSummary {
    use StepAction as A;
    let stage = |id: &str| before.stage(id).and_then(|s| name(&s.title));
    let lane = |id: &str| before.lane(id).and_then(|l| name(&l.title));
    let card = |id: &str| before.card(id).and_then(|c| name(&c.text));
    let persona = |id: &str| {
        before
            .personas()
            .iter()
            .find(|p| p.id == id)
            .and_then(|p| name(&p.name))
    };
    let route = |id: &str| {
        before
            .routes()
            .iter()
            .find(|r| r.id == id)
            .and_then(|r| name(&r.name))
    };
    let channel = |id: &str| before.own_channel(id).and_then(|c| name(&c.name));
    match edit {
        Edit::SetTitle { title } => one(A::RenameMap, name(title)),
        Edit::SetDescription { .. } => one(A::DescribeMap, name(&before.title)),
        Edit::SetLocale { .. } => one(A::SetLanguage, name(&before.title)),
        Edit::SetTheme { .. } => one(A::SetLook, name(&before.title)),
        Edit::InsertStage { stage: s, .. } => one(A::AddStage, name(&s.title)),
        Edit::UpdateStage { id, patch } if patch.title.is_some() => one(A::RenameStage, stage(id)),
        Edit::UpdateStage { id, patch } if patch.width.is_some() && *patch == width_only(patch) => {
            one(A::ResizeStage, stage(id))
        }
        Edit::UpdateStage { id, .. } => one(A::EditStage, stage(id)),
        Edit::MoveStage { id, .. } => one(A::MoveStage, stage(id)),
        Edit::DeleteStage { id } => one(A::DeleteStage, stage(id)),
        Edit::InsertLane { lane: l, .. } => one(A::AddLane, name(&l.title)),
        Edit::UpdateLane { id, patch } if patch.title.is_some() => one(A::RenameLane, lane(id)),
        Edit::UpdateLane { id, .. } => one(A::EditLane, lane(id)),
        Edit::MoveLane { id, .. } => one(A::MoveLane, lane(id)),
        Edit::DeleteLane { id } => one(A::DeleteLane, lane(id)),
        Edit::InsertCard { card: c, .. } => one(A::AddCard, name(&c.text)),
        Edit::UpdateCard { id, patch } if patch.text.is_some() => {
            // Typing into a new, empty card names it by what was typed.
            let n = card(id).or_else(|| patch.text.as_deref().and_then(name));
            one(A::WriteCard, n)
        }
        Edit::UpdateCard { id, .. } => one(A::EditCard, card(id)),
        Edit::MoveCard { id, .. } => one(A::MoveCard, card(id)),
        Edit::DeleteCard { id } => one(A::DeleteCard, card(id)),
        Edit::InsertPersona { persona: p, .. } => one(A::AddPersona, name(&p.name)),
        Edit::UpdatePersona { id, .. } => one(A::EditPersona, persona(id)),
        Edit::MovePersona { id, .. } => one(A::MovePersona, persona(id)),
        Edit::DeletePersona { id } => one(A::DeletePersona, persona(id)),
        Edit::InsertRoute { route: r, .. } => one(A::AddRoute, name(&r.name)),
        Edit::UpdateRoute { id, .. } => one(A::EditRoute, route(id)),
        Edit::MoveRoute { id, .. } => one(A::MoveRoute, route(id)),
        Edit::DeleteRoute { id } => one(A::DeleteRoute, route(id)),
        Edit::InsertRouteStep { route: r, .. } => one(A::AddRouteStep, route(r)),
        Edit::MoveRouteStep { route: r, .. } => one(A::MoveRouteStep, route(r)),
        Edit::DeleteRouteStep { route: r, .. } => one(A::DeleteRouteStep, route(r)),
        Edit::SetScore { stage: s, .. } => one(A::SetEmotion, stage(s)),
        Edit::SetFunnelValue { stage: s, .. } => one(A::SetFunnel, stage(s)),
        Edit::InsertChannel { channel: c, .. } => one(A::AddChannel, name(&c.name)),
        Edit::UpdateChannel { id, .. } => one(A::EditChannel, channel(id)),
        Edit::DeleteChannel { id } => one(A::DeleteChannel, channel(id)),
        Edit::ReplaceMap { .. } => one(A::RestoreVersion, name(&before.title)),
        Edit::Batch { edits } => batch(before, edits),
    }
}

/// A batch of one edit reads as that edit; of cards only, as so many cards;
/// anything else as several changes.
fn batch(before: &Map, edits: &[Edit]) -> StepSummary {
    if let [only] = edits {
        return summarize(before, only);
    }
    let count = edits.len() as u32;
    let all = |f: fn(&Edit) -> bool| !edits.is_empty() && edits.iter().all(f);
    let action = if all(|e| matches!(e, Edit::DeleteCard { .. })) {
        StepAction::DeleteCards
    } else if all(|e| matches!(e, Edit::InsertCard { .. })) {
        StepAction::AddCards
    } else if all(|e| matches!(e, Edit::MoveCard { .. })) {
        StepAction::MoveCards
    } else {
        StepAction::Several
    };
    StepSummary {
        action,
        name: None,
        count,
    }
}

/// The patch with only its width: equal to the patch when that is all it sets.
fn width_only(patch: &crate::edit::StagePatch) -> crate::edit::StagePatch {
    crate::edit::StagePatch {
        width: patch.width,
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Route;
    use crate::sample;

    #[test]
    fn a_step_is_named_by_what_it_acted_on_before_it() {
        let map = sample::map_with_cards(40);
        let card = &map.cards[0];
        let s = summarize(
            &map,
            &Edit::DeleteCard {
                id: card.id.clone(),
            },
        );
        assert_eq!(s.action, StepAction::DeleteCard);
        assert_eq!(s.name, name(&card.text));
        let stage = &map.stages[1];
        let s = summarize(
            &map,
            &Edit::DeleteStage {
                id: stage.id.clone(),
            },
        );
        assert_eq!(
            (s.action, s.name.as_deref()),
            (StepAction::DeleteStage, Some(stage.title.as_str()))
        );
    }

    #[test]
    fn a_new_route_is_named_by_its_own_name() {
        let map = sample::map_with_cards(40);
        let route = Route {
            id: "r9".into(),
            name: "Del   foro\na la tienda".into(),
            color: None,
            steps: vec![],
            extra: Default::default(),
        };
        let s = summarize(&map, &Edit::InsertRoute { index: 0, route });
        assert_eq!(s.action, StepAction::AddRoute);
        assert_eq!(s.name.as_deref(), Some("Del foro a la tienda"));
    }

    #[test]
    fn long_names_are_cut_and_batches_counted() {
        assert_eq!(name(&"a".repeat(100)).unwrap().chars().count(), NAME_MAX);
        assert_eq!(name("   "), None);
        let map = sample::map_with_cards(40);
        let edits: Vec<Edit> = map.cards[..3]
            .iter()
            .map(|c| Edit::DeleteCard { id: c.id.clone() })
            .collect();
        let s = summarize(&map, &Edit::Batch { edits });
        assert_eq!(
            (s.action, s.count, s.name),
            (StepAction::DeleteCards, 3, None)
        );
    }
}
