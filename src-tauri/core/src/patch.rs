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
    /// Whether `other` is this item `dy` lower (what `shifted` would make,
    /// without making it).
    fn same_shifted(&self, other: &Self, dy: f32) -> bool
    where
        Self: PartialEq,
    {
        self.shifted(dy) == *other
    }
}

/// Whether `y` moved by `dy` is sent as a move: `y`, `dy` and the sum are
/// quarters of a pixel under 2^19, so the f32 sum is exact, its shortest
/// decimal is exact (below 2^19 an f32 is finer than 1/16, so no shorter
/// decimal stands for a quarter), and the page (f64) adds them to the very
/// same number. A 10,000-card map is about 137,000 px tall.
pub fn exact_shift(y: f32, dy: f32) -> bool {
    let fine = |v: f32| v.abs() < 524_288.0 && (v * 4.0).fract() == 0.0;
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
    diff_runs(old, new, key, Still)
}

/// Like [`diff_list`], and new items that are old ones moved down (every
/// row below one that grew) are sent as runs of those, moved.
pub fn diff_list_shifting<T: PartialEq + Clone + Shift>(
    old: &[T],
    new: &[T],
    key: impl Fn(&T) -> u64,
) -> ListPatch<T> {
    diff_runs(old, new, key, Moves)
}

/// Whether a diff looks for items moved down, and how it tells them.
trait Mover<T> {
    const MOVES: bool;
    fn place(&self, item: &T) -> Option<f32>;
    fn shape_key(&self, item: &T) -> u64;
    /// Whether the old item `o`, moved by `dy`, is the new item `n`.
    fn fits(&self, o: &T, n: &T, dy: f32) -> bool;
}

/// Items that are never sent moved.
struct Still;

impl<T> Mover<T> for Still {
    const MOVES: bool = false;
    fn place(&self, _: &T) -> Option<f32> {
        None
    }
    fn shape_key(&self, _: &T) -> u64 {
        0
    }
    fn fits(&self, _: &T, _: &T, _: f32) -> bool {
        false
    }
}

/// Items that may come moved down ([`Shift`]).
struct Moves;

impl<T: Shift + PartialEq> Mover<T> for Moves {
    const MOVES: bool = true;
    fn place(&self, item: &T) -> Option<f32> {
        item.place()
    }
    fn shape_key(&self, item: &T) -> u64 {
        item.shape_key()
    }
    fn fits(&self, o: &T, n: &T, dy: f32) -> bool {
        o.place().is_some_and(|y| exact_shift(y, dy)) && o.same_shifted(n, dy)
    }
}

/// The places of a stretch of a list by key: the first place of each key,
/// and from each place the next one with the same key. Two arrays and a
/// table, not a list per key: a large Scene has tens of thousands of items.
struct Chains {
    start: usize,
    first: HashMap<u64, u32, Hashes>,
    next: Vec<u32>,
}

impl Chains {
    fn of(range: std::ops::Range<usize>, mut key: impl FnMut(usize) -> Option<u64>) -> Chains {
        let mut first = HashMap::with_capacity_and_hasher(range.len(), Hashes);
        let mut next = vec![u32::MAX; range.len()];
        for i in range.clone().rev() {
            if let Some(k) = key(i) {
                if let Some(was) = first.insert(k, i as u32) {
                    next[i - range.start] = was;
                }
            }
        }
        Chains {
            start: range.start,
            first,
            next,
        }
    }

    /// The places holding `key`, first to last.
    fn places(&self, key: u64) -> impl Iterator<Item = usize> + '_ {
        std::iter::successors(self.first.get(&key).copied(), |&i| {
            Some(self.next[i as usize - self.start]).filter(|&n| n != u32::MAX)
        })
        .map(|i| i as usize)
    }
}

/// Where a run of the new list comes from in the old one.
#[derive(Clone, Copy)]
enum From {
    Kept(usize),
    Moved(usize, f32),
}

/// One pass over the new list. Most edits change a stretch in the middle:
/// the common head and tail are kept as they are. In between, a run goes on
/// where the last one ended (after a grown row, everything below is the old
/// items moved by one distance), and only where it cannot are the old
/// middle's items looked up, by key and by shape (indexed once, when first
/// needed). Nothing is copied that is not sent.
fn diff_runs<T: PartialEq + Clone, M: Mover<T>>(
    old: &[T],
    new: &[T],
    key: impl Fn(&T) -> u64,
    mover: M,
) -> ListPatch<T> {
    let head = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let tail = old[head..]
        .iter()
        .rev()
        .zip(new[head..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let middle = head..old.len() - tail;
    let end = new.len() - tail;
    let mut index: Option<(Chains, Option<Chains>)> = None;
    let same_from = |o: usize, n: usize| {
        old[o..]
            .iter()
            .zip(&new[n..end])
            .take_while(|(a, b)| a == b)
            .count()
    };
    let moved_from = |o: usize, n: usize, dy: f32| {
        old[o..]
            .iter()
            .zip(&new[n..end])
            .take_while(|(a, b)| mover.fits(a, b, dy))
            .count()
    };
    let mut runs = Vec::new();
    if head > 0 {
        runs.push(Run::Keep {
            keep: [0, head as u32],
        });
    }
    let mut added: Vec<T> = Vec::new();
    // Where the last kept run ended, and the last moved one (and by how much).
    let mut after = head;
    let mut moving: Option<(usize, f32)> = None;
    let mut k = head;
    while k < end {
        let item = &new[k];
        let mut best: Option<(From, usize)> = None;
        if after < old.len() && old[after] == *item {
            best = Some((From::Kept(after), same_from(after, k)));
        } else if let Some((o, dy)) =
            moving.filter(|&(o, dy)| o < old.len() && mover.fits(&old[o], item, dy))
        {
            best = Some((From::Moved(o, dy), moved_from(o, k, dy)));
        } else {
            let (keys, shapes) = index.get_or_insert_with(|| {
                let keys = Chains::of(middle.clone(), |i| Some(key(&old[i])));
                let shapes = M::MOVES.then(|| {
                    Chains::of(middle.clone(), |i| {
                        mover.place(&old[i]).map(|_| mover.shape_key(&old[i]))
                    })
                });
                (keys, shapes)
            });
            for at in keys.places(key(item)).take(CANDIDATES) {
                if old[at] == *item {
                    let length = same_from(at, k);
                    if best.is_none_or(|(_, l)| length > l) {
                        best = Some((From::Kept(at), length));
                    }
                }
            }
            if let (Some(shapes), Some(y)) = (shapes.as_ref(), mover.place(item)) {
                for o in shapes.places(mover.shape_key(item)).take(CANDIDATES) {
                    let dy = y - mover.place(&old[o]).unwrap_or(y);
                    if mover.fits(&old[o], item, dy) {
                        let length = moved_from(o, k, dy);
                        if best.is_none_or(|(_, l)| length > l) {
                            best = Some((From::Moved(o, dy), length));
                        }
                    }
                }
            }
        }
        let Some((from, length)) = best else {
            added.push(item.clone());
            k += 1;
            continue;
        };
        if !added.is_empty() {
            runs.push(Run::Add {
                add: std::mem::take(&mut added),
            });
        }
        match from {
            From::Kept(at) => {
                runs.push(Run::Keep {
                    keep: [at as u32, length as u32],
                });
                after = at + length;
            }
            From::Moved(at, dy) => {
                runs.push(Run::Moved {
                    moved: [at as u32, length as u32],
                    dy,
                });
                moving = Some((at + length, dy));
            }
        }
        k += length;
    }
    if !added.is_empty() {
        runs.push(Run::Add { add: added });
    }
    if tail > 0 {
        runs.push(Run::Keep {
            keep: [(old.len() - tail) as u32, tail as u32],
        });
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
    fn random_lists_with_rows_moved_come_back_exactly() {
        let mut seed = 7u64;
        let mut next = |below: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % below
        };
        let names = ["a", "b", "c", "path"];
        let mut moved_runs = 0;
        for _ in 0..3000 {
            let old: Vec<Boxed> = (0..next(40))
                .map(|i| Boxed {
                    name: names[next(4) as usize],
                    y: i as f32 * 2.5 + next(3) as f32,
                })
                .collect();
            let mut new = old.clone();
            for _ in 0..next(4) {
                let len = new.len() as u64;
                match next(4) {
                    0 if len > 0 => {
                        new.remove(next(len) as usize);
                    }
                    1 => new.insert(
                        next(len + 1) as usize,
                        Boxed {
                            name: names[next(4) as usize],
                            y: next(50) as f32,
                        },
                    ),
                    // Everything from a place on moves down (or up) by quarters.
                    2 if len > 0 => {
                        let dy = (next(40) as f32 - 20.0) * 0.25;
                        for b in &mut new[next(len) as usize..] {
                            b.y += dy;
                        }
                    }
                    _ if len > 0 => new[next(len) as usize].y += 0.1,
                    _ => {}
                }
            }
            let key = |b: &Boxed| key_of((b.name, b.y.to_bits()));
            let patch = diff_list_shifting(&old, &new, key);
            assert_eq!(
                apply_list_shifting(&old, &patch).as_ref(),
                Some(&new),
                "{old:?} {new:?} {patch:?}"
            );
            moved_runs += patch
                .runs
                .iter()
                .filter(|r| matches!(r, Run::Moved { .. }))
                .count();
        }
        assert!(moved_runs > 100, "{moved_runs} moved runs");
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
        assert!(exact_shift(137_000.25, 100.5), "a 10,000-card map's rows");
        assert!(!exact_shift(524_200.0, 100.0), "beyond 2^19 px");
        assert!(!exact_shift(-524_288.0, 1.0), "beyond 2^19 px");
        assert!(!exact_shift(f32::NAN, 1.0));
    }

    /// What "exact" stands on: every quarter of a pixel a move may give, as
    /// an f32 written to JSON, is read back by the page (f64) as that very
    /// quarter; the top of the range, where it is closest, is tried whole.
    #[test]
    fn quarters_under_2_19_travel_exactly() {
        let check = |q: i64| {
            let v = q as f32 / 4.0;
            let text = serde_json::to_string(&v).unwrap();
            let back: f64 = text.parse().unwrap();
            assert_eq!(back, q as f64 / 4.0, "{q} quarters written {text}");
        };
        let top = 524_288 * 4;
        for q in (top - 300_000)..top {
            check(q);
            check(-q);
        }
        for q in (0..top).step_by(997) {
            check(q);
        }
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
