//! Two states of a map compared: which cards, stages and lanes were added,
//! removed, moved or changed from `before` to `after`, matched by id; and
//! the map a comparison draws (`after` with the cards `before` had and
//! `after` has not put back where they were, when that cell still exists).

use serde::{Deserialize, Serialize};

use crate::model::{Card, Map};

/// What happened to a thing between two states of the map.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Change {
    Added,
    Removed,
    /// A card now in another cell (another stage or lane), or a stage or
    /// lane now at another place.
    Moved,
    /// Its words or another field changed, in the same place.
    Changed,
}

impl Change {
    pub const ALL: [Change; 4] = [
        Change::Added,
        Change::Removed,
        Change::Moved,
        Change::Changed,
    ];

    /// The key of its tag's word on a changed thing ("Nueva", "Quitada"…).
    pub fn tag_key(self) -> &'static str {
        match self {
            Change::Added => "compare.tag.added",
            Change::Removed => "compare.tag.removed",
            Change::Moved => "compare.tag.moved",
            Change::Changed => "compare.tag.changed",
        }
    }

    /// Its name's key in the catalogues (`i18n/`): the legend's plural.
    pub fn key(self) -> &'static str {
        match self {
            Change::Added => "compare.added",
            Change::Removed => "compare.removed",
            Change::Moved => "compare.moved",
            Change::Changed => "compare.changed",
        }
    }
}

/// A card that changed: its id, what happened, its words (as it is now, or
/// as it was when removed), where it is (or was) and, when moved, where it was.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CardChange {
    pub id: String,
    pub change: Change,
    pub text: String,
    /// The stage's and lane's titles where the card is (or was, if removed).
    pub stage: String,
    pub lane: String,
    /// A moved card's stage and lane before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub from: Option<(String, String)>,
    /// A moved card whose words or fields changed as well.
    #[serde(default)]
    pub edited: bool,
}

/// A stage or lane that changed: its id, what happened, its title.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PartChange {
    pub id: String,
    pub change: Change,
    pub title: String,
}

/// Everything that changed, in the map's reading order (stages, lanes,
/// then cards stage by stage, the removed ones where they were).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Comparison {
    pub stages: Vec<PartChange>,
    pub lanes: Vec<PartChange>,
    pub cards: Vec<CardChange>,
}

impl Comparison {
    /// How many things of every kind had `change`.
    pub fn count(&self, change: Change) -> usize {
        self.stages.iter().filter(|c| c.change == change).count()
            + self.lanes.iter().filter(|c| c.change == change).count()
            + self.cards.iter().filter(|c| c.change == change).count()
    }

    pub fn is_empty(&self) -> bool {
        self.stages.is_empty() && self.lanes.is_empty() && self.cards.is_empty()
    }

    /// What happened to card `id`, if anything.
    pub fn card(&self, id: &str) -> Option<Change> {
        self.cards.iter().find(|c| c.id == id).map(|c| c.change)
    }
}

/// A card as compared: everything but its place.
fn same_but_place(a: &Card, b: &Card) -> bool {
    let mut a = a.clone();
    a.stage.clone_from(&b.stage);
    a.lane.clone_from(&b.lane);
    a == *b
}

/// Where a card sits, in titles.
fn place(map: &Map, c: &Card) -> (String, String) {
    (
        map.stage(&c.stage)
            .map(|s| s.title.clone())
            .unwrap_or_default(),
        map.lane(&c.lane)
            .map(|l| l.title.clone())
            .unwrap_or_default(),
    )
}

/// Compares a list of parts (stages or lanes) by id: added, removed,
/// changed in place, or moved among the ones both states have.
fn parts<T: PartialEq>(
    before: &[T],
    after: &[T],
    id: impl Fn(&T) -> &str,
    title: impl Fn(&T) -> &str,
) -> Vec<PartChange> {
    let kept_before: Vec<&str> = before
        .iter()
        .map(&id)
        .filter(|i| after.iter().any(|a| id(a) == *i))
        .collect();
    let kept_after: Vec<&str> = after
        .iter()
        .map(&id)
        .filter(|i| kept_before.contains(i))
        .collect();
    let mut out = Vec::new();
    for a in after {
        let change = match before.iter().find(|b| id(b) == id(a)) {
            None => Some(Change::Added),
            Some(b) => {
                let at = |list: &[&str]| list.iter().position(|i| *i == id(a));
                if at(&kept_before) != at(&kept_after) {
                    Some(Change::Moved)
                } else if b != a {
                    Some(Change::Changed)
                } else {
                    None
                }
            }
        };
        if let Some(change) = change {
            out.push(PartChange {
                id: id(a).to_string(),
                change,
                title: title(a).to_string(),
            });
        }
    }
    for b in before
        .iter()
        .filter(|b| !after.iter().any(|a| id(a) == id(b)))
    {
        out.push(PartChange {
            id: id(b).to_string(),
            change: Change::Removed,
            title: title(b).to_string(),
        });
    }
    out
}

/// What changed from `before` to `after`.
pub fn compare(before: &Map, after: &Map) -> Comparison {
    let stages = parts(&before.stages, &after.stages, |s| &s.id, |s| &s.title);
    let lanes = parts(&before.lanes, &after.lanes, |l| &l.id, |l| &l.title);
    let mut cards = Vec::new();
    for c in &after.cards {
        let (stage, lane) = place(after, c);
        let Some(old) = before.card(&c.id) else {
            cards.push(CardChange {
                id: c.id.clone(),
                change: Change::Added,
                text: c.text.clone(),
                stage,
                lane,
                from: None,
                edited: false,
            });
            continue;
        };
        let moved = old.stage != c.stage || old.lane != c.lane;
        let edited = !same_but_place(old, c);
        if moved || edited {
            cards.push(CardChange {
                id: c.id.clone(),
                change: if moved {
                    Change::Moved
                } else {
                    Change::Changed
                },
                text: c.text.clone(),
                stage,
                lane,
                from: moved.then(|| place(before, old)),
                edited: moved && edited,
            });
        }
    }
    for c in before.cards.iter().filter(|c| after.card(&c.id).is_none()) {
        let (stage, lane) = place(before, c);
        cards.push(CardChange {
            id: c.id.clone(),
            change: Change::Removed,
            text: c.text.clone(),
            stage,
            lane,
            from: None,
            edited: false,
        });
    }
    // In reading order: stage by stage (of the map after, then the removed
    // stages), lane by lane, as the poster shows them.
    let order = |c: &CardChange| {
        let s = after
            .stages
            .iter()
            .position(|s| s.title == c.stage)
            .unwrap_or(usize::MAX);
        let l = after
            .lanes
            .iter()
            .position(|l| l.title == c.lane)
            .unwrap_or(usize::MAX);
        (s, l)
    };
    cards.sort_by_key(order);
    Comparison {
        stages,
        lanes,
        cards,
    }
}

/// The map a comparison draws: `after`, with each card `before` had and
/// `after` has not put back at the end of its cell when the stage and the
/// lane are both still there (a removed stage's or lane's cards are only
/// listed). A removed card keeps its id, which `after` cannot hold again.
pub fn merged(before: &Map, after: &Map) -> Map {
    let mut m = after.clone();
    for c in before.cards.iter().filter(|c| after.card(&c.id).is_none()) {
        let in_place = m.stage(&c.stage).is_some() && m.lane(&c.lane).is_some();
        let single = m.lane(&c.lane).is_some_and(|l| l.kind.one_card_per_stage())
            && m.cell_cards(&c.stage, &c.lane)
                .any(|k| k.curve() == c.curve());
        if in_place && !single {
            m.cards.push(c.clone());
        }
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::templates;

    #[test]
    fn every_kind_of_change_is_found_and_the_removed_cards_come_back_in_place() {
        let before = templates::load("omnichannel", "es").unwrap();
        let mut after = before.clone();
        // Added, removed, moved (and edited), changed.
        let mut new = after.cards[0].clone();
        new.id = "nueva".into();
        new.text = "Tarjeta nueva".into();
        after.cards.push(new);
        let gone = after.cards.remove(1);
        let moved_id = after.cards[2].id.clone();
        let other = after
            .stages
            .iter()
            .find(|s| s.id != after.cards[2].stage)
            .unwrap()
            .id
            .clone();
        after.cards[2].stage = other;
        let changed_id = after.cards[3].id.clone();
        after.cards[3].text.push_str(" (revisado)");
        after.stages[0].title = "Descubrimiento".into();
        let c = compare(&before, &after);
        assert_eq!(c.card("nueva"), Some(Change::Added));
        assert_eq!(c.card(&gone.id), Some(Change::Removed));
        assert_eq!(c.card(&moved_id), Some(Change::Moved));
        assert_eq!(c.card(&changed_id), Some(Change::Changed));
        assert_eq!(c.cards.len(), 4, "{:#?}", c.cards);
        let moved = c.cards.iter().find(|k| k.id == moved_id).unwrap();
        assert!(moved.from.is_some() && !moved.edited);
        assert_eq!(c.stages.len(), 1);
        assert_eq!(c.stages[0].change, Change::Changed);
        assert_eq!(c.count(Change::Changed), 2);
        // The merged map shows the removed card again, in its cell.
        let m = merged(&before, &after);
        assert_eq!(m.cards.len(), after.cards.len() + 1);
        let back = m.card(&gone.id).unwrap();
        assert_eq!((&back.stage, &back.lane), (&gone.stage, &gone.lane));
        // The same map twice: nothing.
        assert!(compare(&after, &after).is_empty());
    }

    #[test]
    fn stages_and_lanes_added_removed_and_moved_are_told_apart() {
        let before = templates::load("three-stages", "es").unwrap();
        let mut after = before.clone();
        after.stages.swap(0, 1);
        // As deleting a lane does: its cards go with it.
        let lane = after.lanes.remove(0);
        after.cards.retain(|k| k.lane != lane.id);
        let c = compare(&before, &after);
        let stage_moves: Vec<Change> = c.stages.iter().map(|s| s.change).collect();
        assert_eq!(stage_moves, [Change::Moved, Change::Moved]);
        assert!(c
            .lanes
            .iter()
            .any(|l| l.id == lane.id && l.change == Change::Removed));
        // The lane's cards are removed, listed, and not drawn (no cell for them).
        let cards = before.cards.iter().filter(|k| k.lane == lane.id).count();
        let removed = c
            .cards
            .iter()
            .filter(|k| k.change == Change::Removed)
            .count();
        assert!(cards > 0 && removed == cards);
        let m = merged(&before, &after);
        assert!(m.cards.iter().all(|k| k.lane != lane.id));
    }
}
