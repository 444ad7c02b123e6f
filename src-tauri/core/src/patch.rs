//! Sending a changed list as what changed: a [`ListPatch`] says which runs
//! of the list the receiver already has (by their place in its copy) and
//! which items are new. After an edit to a 1,500-card map most of the Scene
//! and of the map are as they were, so the page gets a few kilobytes instead
//! of two megabytes, and keeps its own objects for everything unchanged.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hash, Hasher};

use serde::{Deserialize, Serialize};

use crate::model::{Card, Map, Persona};

/// One run of a patched list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(untagged)]
pub enum Run<T> {
    /// `[start, length]`: items of the old list, in order.
    Keep { keep: [u32; 2] },
    /// Items the old list does not have.
    Add { add: Vec<T> },
    /// `[start, length]`: items of the old list, in order, each moved down
    /// by `dy` (rows below a row that grew). Only for lists of [`Shift`]
    /// items, and only where the move is exact in both languages.
    Moved { moved: [u32; 2], dy: f32 },
}

/// Items that can be sent as "those you have, moved down by `dy`".
pub trait Shift: Sized {
    /// Its vertical place; `None` for an item that is never sent moved (a
    /// path, whose places are in its data).
    fn place(&self) -> Option<f32>;
    /// A key of everything but the vertical place (equal when only that differs).
    fn shape_key(&self) -> u64;
    /// The same item `dy` lower.
    fn shifted(&self, dy: f32) -> Self;
}

/// Whether `y` moved by `dy` is sent as a move: `y`, `dy` and the sum are
/// quarters of a pixel under 2^17, so the f32 sum is exact, its shortest
/// decimal is exact, and the page (f64) adds them to the very same number.
pub fn exact_shift(y: f32, dy: f32) -> bool {
    let fine = |v: f32| v.abs() < 131_072.0 && (v * 4.0).fract() == 0.0;
    dy != 0.0 && fine(y) && fine(dy) && fine(y + dy)
}

/// A list told as runs of the old one and new items, in order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ListPatch<T> {
    pub runs: Vec<Run<T>>,
}

/// How many places holding an item's key are tried as the start of a run.
const CANDIDATES: usize = 8;

/// The patch that turns `old` into `new`. `key` must give equal items equal
/// keys (items with equal keys need not be equal). Unchanged stretches become
/// runs of the old list wherever they moved; the rest is sent as items.
pub fn diff_list<T: PartialEq + Clone>(
    old: &[T],
    new: &[T],
    key: impl Fn(&T) -> u64,
) -> ListPatch<T> {
    diff_middle(old, new, key).0
}

/// [`diff_list`], and where the old list's middle lies: between the head
/// and the tail the two lists share.
fn diff_middle<T: PartialEq + Clone>(
    old: &[T],
    new: &[T],
    key: impl Fn(&T) -> u64,
) -> (ListPatch<T>, std::ops::Range<usize>) {
    // Most edits change a stretch in the middle: the common head and tail
    // are kept as they are, and only the old middle is looked through for
    // items that moved.
    let head = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let tail = old[head..]
        .iter()
        .rev()
        .zip(new[head..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let mut places: HashMap<u64, Vec<usize>, Hashes> = HashMap::with_hasher(Hashes);
    for (i, item) in old.iter().enumerate().take(old.len() - tail).skip(head) {
        places.entry(key(item)).or_default().push(i);
    }
    let same_from = |o: usize, n: usize| {
        old[o..]
            .iter()
            .zip(&new[n..new.len() - tail])
            .take_while(|(a, b)| a == b)
            .count()
    };
    let mut runs = Vec::new();
    if head > 0 {
        runs.push(Run::Keep {
            keep: [0, head as u32],
        });
    }
    let mut added: Vec<T> = Vec::new();
    // Where the last kept run ended: the likeliest start of the next.
    let mut after = head;
    let mut k = head;
    let end = new.len() - tail;
    while k < end {
        let mut best: Option<(usize, usize)> = None;
        if after < old.len() && old[after] == new[k] {
            best = Some((after, same_from(after, k)));
        } else if let Some(list) = places.get(&key(&new[k])) {
            for &at in list.iter().take(CANDIDATES) {
                if old[at] == new[k] {
                    let length = same_from(at, k);
                    if best.is_none_or(|(_, l)| length > l) {
                        best = Some((at, length));
                    }
                }
            }
        }
        match best {
            Some((at, length)) => {
                if !added.is_empty() {
                    runs.push(Run::Add {
                        add: std::mem::take(&mut added),
                    });
                }
                runs.push(Run::Keep {
                    keep: [at as u32, length as u32],
                });
                k += length;
                after = at + length;
            }
            None => {
                added.push(new[k].clone());
                k += 1;
            }
        }
    }
    if !added.is_empty() {
        runs.push(Run::Add { add: added });
    }
    if tail > 0 {
        runs.push(Run::Keep {
            keep: [(old.len() - tail) as u32, tail as u32],
        });
    }
    (ListPatch { runs }, head..old.len() - tail)
}

/// Like [`diff_list`], and new items that are old ones moved down (every
/// row below one that grew) are sent as runs of those, moved.
pub fn diff_list_shifting<T: PartialEq + Clone + Shift>(
    old: &[T],
    new: &[T],
    key: impl Fn(&T) -> u64,
) -> ListPatch<T> {
    let (plain, middle) = diff_middle(old, new, key);
    // Not worth an index of the old list for a handful of new items.
    let added: usize = plain
        .runs
        .iter()
        .map(|r| match r {
            Run::Add { add } => add.len(),
            _ => 0,
        })
        .sum();
    if added < 8 {
        return plain;
    }
    // Items that moved down come from the old middle (the shared head and
    // tail stay in place). Its items by shape: the first place of each key,
    // and from each place the next one with the same key.
    let mut first: HashMap<u64, u32, Hashes> =
        HashMap::with_capacity_and_hasher(middle.len(), Hashes);
    let mut next = vec![u32::MAX; old.len()];
    for (i, item) in old
        .iter()
        .enumerate()
        .take(middle.end)
        .skip(middle.start)
        .rev()
    {
        if item.place().is_some() {
            if let Some(was) = first.insert(item.shape_key(), i as u32) {
                next[i] = was;
            }
        }
    }
    let places = |shape: u64| {
        std::iter::successors(first.get(&shape).copied(), |&i| {
            Some(next[i as usize]).filter(|&n| n != u32::MAX)
        })
        .map(|i| i as usize)
    };
    // The old item at `o`, moved by `dy`, is the new item `n`.
    let fits = |o: usize, n: &T, dy: f32| {
        old.get(o).is_some_and(|item| {
            item.place()
                .is_some_and(|y| exact_shift(y, dy) && item.shifted(dy) == *n)
        })
    };
    let mut runs = Vec::with_capacity(plain.runs.len());
    // Where the last moved run ended, and by how much it moved.
    let mut last: Option<(usize, f32)> = None;
    for run in plain.runs {
        let add = match run {
            Run::Add { add } => add,
            other => {
                runs.push(other);
                continue;
            }
        };
        let mut pending: Vec<T> = Vec::new();
        let mut k = 0;
        while k < add.len() {
            let length_from = |o: usize, dy: f32| {
                add[k..]
                    .iter()
                    .enumerate()
                    .take_while(|(i, n)| fits(o + i, n, dy))
                    .count()
            };
            let mut best: Option<(usize, f32, usize)> = None;
            if let Some((o, dy)) = last.filter(|&(o, dy)| fits(o, &add[k], dy)) {
                best = Some((o, dy, length_from(o, dy)));
            } else if let Some(y) = add[k].place() {
                for o in places(add[k].shape_key()).take(CANDIDATES) {
                    let dy = y - old[o].place().unwrap_or(y);
                    if fits(o, &add[k], dy) {
                        let length = length_from(o, dy);
                        if best.is_none_or(|(.., l)| length > l) {
                            best = Some((o, dy, length));
                        }
                    }
                }
            }
            match best {
                Some((o, dy, length)) => {
                    if !pending.is_empty() {
                        runs.push(Run::Add {
                            add: std::mem::take(&mut pending),
                        });
                    }
                    runs.push(Run::Moved {
                        moved: [o as u32, length as u32],
                        dy,
                    });
                    k += length;
                    last = Some((o + length, dy));
                }
                None => {
                    pending.push(add[k].clone());
                    k += 1;
                }
            }
        }
        if !pending.is_empty() {
            runs.push(Run::Add { add: pending });
        }
    }
    ListPatch { runs }
}

/// The new list from the old one and a patch; `None` when a run lies outside
/// the old list (the patch was made against another one) or moves items of a
/// list that has none to move.
pub fn apply_list<T: Clone>(old: &[T], patch: &ListPatch<T>) -> Option<Vec<T>> {
    apply_runs(old, patch, |_, _| None)
}

/// [`apply_list`] for a list whose items can come moved.
pub fn apply_list_shifting<T: Clone + Shift>(old: &[T], patch: &ListPatch<T>) -> Option<Vec<T>> {
    apply_runs(old, patch, |item, dy| Some(item.shifted(dy)))
}

fn apply_runs<T: Clone>(
    old: &[T],
    patch: &ListPatch<T>,
    shift: impl Fn(&T, f32) -> Option<T>,
) -> Option<Vec<T>> {
    let mut out = Vec::with_capacity(old.len());
    let stretch = |[start, length]: [u32; 2]| {
        let (start, length) = (start as usize, length as usize);
        old.get(start..start.checked_add(length)?)
    };
    for run in &patch.runs {
        match run {
            Run::Keep { keep } => out.extend_from_slice(stretch(*keep)?),
            Run::Add { add } => out.extend_from_slice(add),
            Run::Moved { moved, dy } => {
                for item in stretch(*moved)? {
                    out.push(shift(item, *dy)?);
                }
            }
        }
    }
    Some(out)
}

/// A key from anything hashable (ids, texts): the same on every run, and
/// quick (a patch hashes every item of a large Scene).
pub fn key_of(value: impl Hash) -> u64 {
    foldhash::fast::FixedState::with_seed(0x0072_6176_6573_6961).hash_one(value)
}

/// Keys that are hashes already.
#[derive(Clone, Copy, Default)]
struct Hashes;

impl BuildHasher for Hashes {
    type Hasher = Unhashed;
    fn build_hasher(&self) -> Unhashed {
        Unhashed(0)
    }
}

struct Unhashed(u64);

impl Hasher for Unhashed {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(*b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// A map as what changed since another: its cards and personas (the large
/// parts: card texts, persona photos) as list patches, the rest whole.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MapPatch {
    /// The map without its cards and personas.
    pub rest: Map,
    pub cards: ListPatch<Card>,
    /// `None`: the map has no personas.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub personas: Option<ListPatch<Persona>>,
}

impl MapPatch {
    pub fn between(old: &Map, new: &Map) -> MapPatch {
        let none = Vec::new();
        let personas = new
            .personas
            .as_ref()
            .map(|p| diff_list(old.personas.as_ref().unwrap_or(&none), p, |p| key_of(&p.id)));
        MapPatch {
            rest: new.clone_without_lists(),
            cards: diff_list(&old.cards, &new.cards, |c| key_of(&c.id)),
            personas,
        }
    }

    pub fn apply(&self, old: &Map) -> Option<Map> {
        let none = Vec::new();
        let personas = match &self.personas {
            Some(p) => Some(apply_list(old.personas.as_ref().unwrap_or(&none), p)?),
            None => None,
        };
        Some(Map {
            cards: apply_list(&old.cards, &self.cards)?,
            personas,
            ..self.rest.clone()
        })
    }
}

impl Map {
    /// A copy without the cards and personas (which are not cloned at all).
    fn clone_without_lists(&self) -> Map {
        Map {
            id: self.id.clone(),
            title: self.title.clone(),
            description: self.description.clone(),
            locale: self.locale.clone(),
            theme: self.theme.clone(),
            personas: None,
            stages: self.stages.clone(),
            lanes: self.lanes.clone(),
            cards: Vec::new(),
            routes: self.routes.clone(),
            channels: self.channels.clone(),
            created_at: self.created_at.clone(),
            updated_at: self.updated_at.clone(),
            extra: self.extra.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::{apply, CardPlace};
    use crate::{sample, Edit};

    fn roundtrip<T: PartialEq + Clone + std::fmt::Debug>(
        old: &[T],
        new: &[T],
        key: impl Fn(&T) -> u64,
    ) -> ListPatch<T> {
        let patch = diff_list(old, new, key);
        assert_eq!(apply_list(old, &patch).as_deref(), Some(new));
        patch
    }

    fn added<T>(patch: &ListPatch<T>) -> usize {
        patch
            .runs
            .iter()
            .map(|r| match r {
                Run::Add { add } => add.len(),
                Run::Keep { .. } | Run::Moved { .. } => 0,
            })
            .sum()
    }

    #[test]
    fn lists_come_back_exactly() {
        let id = |v: &i32| *v as u64;
        let same = |_: &i32| 0;
        let cases: &[(&[i32], &[i32])] = &[
            (&[], &[]),
            (&[], &[1, 2]),
            (&[1, 2], &[]),
            (&[1, 2, 3, 4, 5], &[1, 2, 9, 4, 5]),
            (&[1, 2, 3, 4, 5], &[4, 5, 1, 2, 3]),
            (&[1, 1, 1, 2, 1, 1], &[1, 1, 2, 1, 1, 1, 1]),
            (&[5, 4, 3, 2, 1], &[1, 2, 3, 4, 5]),
        ];
        for (old, new) in cases {
            roundtrip(old, new, id);
            // Every key alike: still right, only slower to find.
            roundtrip(old, new, same);
        }
    }

    #[test]
    fn random_lists_come_back_exactly() {
        let mut seed = 42u64;
        let mut next = |below: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % below
        };
        for _ in 0..2000 {
            let old: Vec<u64> = (0..next(30)).map(|_| next(6)).collect();
            let mut new = old.clone();
            for _ in 0..next(4) {
                match next(3) {
                    0 if !new.is_empty() => {
                        new.remove(next(new.len() as u64) as usize);
                    }
                    1 => new.insert(next(new.len() as u64 + 1) as usize, next(6)),
                    _ if !new.is_empty() => {
                        let at = next(new.len() as u64) as usize;
                        new[at] = next(6);
                    }
                    _ => {}
                }
            }
            roundtrip(&old, &new, |v| *v);
        }
    }

    #[test]
    fn moved_stretches_are_kept_not_sent() {
        let old: Vec<i32> = (0..1000).collect();
        let mut new = old.clone();
        new[500] = -1;
        let block: Vec<i32> = new.drain(100..200).collect();
        new.extend(block);
        let patch = roundtrip(&old, &new, |v| *v as u64);
        assert_eq!(added(&patch), 1, "only the changed item is sent");
        assert!(patch.runs.len() <= 5, "{} runs", patch.runs.len());
    }

    /// A box at a height, for the moved runs.
    #[derive(Clone, Debug, PartialEq)]
    struct Boxed {
        name: &'static str,
        y: f32,
    }

    impl Shift for Boxed {
        fn place(&self) -> Option<f32> {
            (self.name != "path").then_some(self.y)
        }
        fn shape_key(&self) -> u64 {
            key_of(self.name)
        }
        fn shifted(&self, dy: f32) -> Boxed {
            Boxed {
                y: self.y + dy,
                ..self.clone()
            }
        }
    }

    #[test]
    fn rows_that_moved_down_are_sent_as_moved_runs() {
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"];
        let old: Vec<Boxed> = names
            .iter()
            .enumerate()
            .map(|(i, name)| Boxed {
                name,
                y: i as f32 * 10.0,
            })
            .collect();
        // One box grew at the top: everything after it is 82.25 lower; a
        // path below it is sent again, and a box moved off the grid too.
        let mut new = old.clone();
        new[0].name = "grown";
        for b in &mut new[1..] {
            b.y += 82.25;
        }
        new[5].name = "path";
        new[9].y += 0.1;
        let key = |b: &Boxed| key_of((b.name, b.y.to_bits()));
        let patch = diff_list_shifting(&old, &new, key);
        assert_eq!(apply_list_shifting(&old, &patch).as_ref(), Some(&new));
        let moved: Vec<[u32; 2]> = patch
            .runs
            .iter()
            .filter_map(|r| match r {
                Run::Moved { moved, dy } => {
                    assert_eq!(*dy, 82.25);
                    Some(*moved)
                }
                _ => None,
            })
            .collect();
        assert_eq!(moved, vec![[1, 4], [6, 3], [10, 2]]);
        assert_eq!(added(&patch), 3, "{patch:?}");
        // The moved runs need a list that can move its items.
        assert_eq!(apply_list(&old, &patch), None);
        // The same with the plain diff: everything is sent.
        assert_eq!(added(&diff_list(&old, &new, key)), 12);
    }

    #[test]
    fn only_exact_moves_are_sent_as_moves() {
        assert!(exact_shift(14_130.0, 82.0));
        assert!(exact_shift(0.25, -0.5));
        assert!(!exact_shift(10.0, 0.0), "not a move");
        assert!(
            !exact_shift(10.1, 1.0),
            "a place off the quarter-pixel grid"
        );
        assert!(!exact_shift(10.0, 0.3), "a move off the grid");
        assert!(!exact_shift(131_000.0, 100.0), "beyond 2^17 px");
        assert!(!exact_shift(f32::NAN, 1.0));
    }

    #[test]
    fn a_patch_made_for_another_list_is_refused() {
        let patch = diff_list(&[1, 2, 3, 4], &[3, 4, 1], |v| *v as u64);
        assert_eq!(apply_list(&[1, 2], &patch), None);
    }

    #[test]
    fn a_moved_card_sends_one_card() {
        let old = sample::map_with_cards(1500);
        let mut new = old.clone();
        let card = new.cards[700].clone();
        let stage = new
            .stages
            .iter()
            .find(|s| s.id != card.stage)
            .unwrap()
            .id
            .clone();
        apply(
            &mut new,
            &Edit::MoveCard {
                id: card.id.clone(),
                stage,
                lane: card.lane.clone(),
                place: CardPlace::InCell(0),
            },
        )
        .unwrap();
        let patch = MapPatch::between(&old, &new);
        assert_eq!(patch.apply(&old).as_ref(), Some(&new));
        assert_eq!(added(&patch.cards), 1);
        assert!(patch.rest.cards.is_empty());
        // As the page gets it: JSON, a small fraction of the whole map.
        let sent = serde_json::to_string(&patch).unwrap().len();
        let whole = serde_json::to_string(&new).unwrap().len();
        assert!(
            sent * 20 < whole,
            "{sent} bytes sent for a {whole}-byte map"
        );
        let back: MapPatch = serde_json::from_str(&serde_json::to_string(&patch).unwrap()).unwrap();
        assert_eq!(back.apply(&old).as_ref(), Some(&new));
    }

    #[test]
    fn personas_appear_change_and_go() {
        let mut old = sample::map_with_cards(3);
        old.personas = None;
        let mut new = old.clone();
        new.personas = Some(vec![Persona {
            id: "p1".into(),
            name: "Lucía".into(),
            ..Default::default()
        }]);
        for (a, b) in [(&old, &new), (&new, &old), (&new, &new)] {
            let patch = MapPatch::between(a, b);
            assert_eq!(patch.apply(a).as_ref(), Some(b));
        }
    }
}
