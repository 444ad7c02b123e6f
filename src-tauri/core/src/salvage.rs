//! What can be kept of a refused file: the map without the objects in
//! trouble, and the list of what was left out (by their paths in the file, so
//! the words for them name the cards and stages the person knows).
//!
//! Leaving out an object can strand others (the cards of a stage left out):
//! the map is checked again, until it passes or nothing more can be left out.
//! Only a Travesía file is salvaged; a file of another kind, or of a newer
//! version, is not.

use std::collections::{BTreeSet, HashSet};

use serde::Deserialize;
use serde_json::{Map as JsonObject, Value};

use crate::format::{Document, FORMAT_NAME, FORMAT_VERSION};
use crate::model::Map;
use crate::validate::{self, Issue};

/// The map's lists, in the order the file describes them.
const LISTS: [&str; 6] = ["personas", "stages", "lanes", "cards", "routes", "channels"];
/// Fields of the map that can be left out (the title is replaced instead).
const OPTIONAL: [&str; 6] = [
    "id",
    "description",
    "locale",
    "theme",
    "created_at",
    "updated_at",
];

/// Fields an item can lose and stay itself (per list, in LISTS' order): a
/// problem in one of them leaves out the field, a problem elsewhere the item.
const ITEM_OPTIONAL: [&[&str]; 6] = [
    &[
        "role",
        "quote",
        "goals",
        "frustrations",
        "channels",
        "photo",
    ],
    &["description", "color", "width"],
    &["color", "collapsed", "print"],
    &["color", "channel", "online", "score", "value"],
    &["color"],
    &["icon"],
];

/// The valid part of a file.
#[derive(Clone, Debug, PartialEq)]
pub struct Salvage {
    pub doc: Document,
    /// Paths in the file of what is not in `doc`: items (`map.cards[5]`),
    /// fields of items (`map.stages[1].color`), route steps
    /// (`map.routes[0].steps[2]`), fields of the map (`map.description`,
    /// `map.title` when it was replaced).
    pub left_out: Vec<String>,
}

/// What a round leaves out, by the file's own indices.
#[derive(Default)]
struct Plan {
    items: BTreeSet<(usize, usize)>,
    item_fields: BTreeSet<(usize, usize, &'static str)>,
    fields: BTreeSet<&'static str>,
    retitle: bool,
}

/// The map of a Travesía file without what is wrong in it, or `None` when the
/// file is not a Travesía file, is newer than this reader, or nothing of it
/// would be left (no stage, lane or card). A missing or unusable title becomes
/// `fallback_title`.
pub fn salvage(value: &Value, fallback_title: &str) -> Option<Salvage> {
    let top = value.as_object()?;
    if top.get("format").and_then(Value::as_str) != Some(FORMAT_NAME) {
        return None;
    }
    if top
        .get("version")
        .and_then(Value::as_u64)
        .is_some_and(|v| v > FORMAT_VERSION)
    {
        return None;
    }
    let source = top.get("map")?.as_object()?;
    let mut plan = Plan::default();
    // Each round leaves out at least one more thing, and there are finitely many.
    loop {
        let (candidate, kept) = build(source, &plan, fallback_title);
        let mut issues = Vec::new();
        validate::check_map(&candidate, "map", &mut issues);
        if issues.is_empty() {
            let mut map = Map::deserialize(&candidate).ok()?;
            map.tidy_lists();
            if map.stages.is_empty() && map.lanes.is_empty() && map.cards.is_empty() {
                return None;
            }
            let mut extra = top.clone();
            for k in ["format", "version", "map"] {
                extra.remove(k);
            }
            return Some(Salvage {
                left_out: left_out(source, &plan, &kept.steps_left),
                doc: Document { map, extra },
            });
        }
        if !plan.widen(&issues, &kept) {
            return None;
        }
    }
}

/// Where each item of the candidate came from, and the route steps it lost.
struct Kept {
    /// Per list, the file's index of each item kept.
    index: [Vec<usize>; 6],
    /// (route's index in the file, step's index in the file) of steps left out.
    steps_left: Vec<(usize, usize)>,
}

/// The map object with the plan's leaving-out done; route steps that name no
/// card kept are dropped as well.
fn build(source: &JsonObject<String, Value>, plan: &Plan, title: &str) -> (Value, Kept) {
    let mut m = source.clone();
    for f in &plan.fields {
        m.remove(*f);
    }
    if plan.retitle {
        m.insert("title".into(), Value::String(title.into()));
    }
    let mut kept = Kept {
        index: Default::default(),
        steps_left: Vec::new(),
    };
    for (li, list) in LISTS.iter().enumerate() {
        let items = match source.get(*list) {
            Some(Value::Array(items)) => items,
            _ => {
                m.insert((*list).into(), Value::Array(Vec::new()));
                continue;
            }
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            if !plan.items.contains(&(li, i)) {
                kept.index[li].push(i);
                let mut item = item.clone();
                if let Some(o) = item.as_object_mut() {
                    for (_, _, f) in plan.item_fields.range((li, i, "")..(li, i + 1, "")) {
                        o.remove(*f);
                    }
                }
                out.push(item);
            }
        }
        m.insert((*list).into(), Value::Array(out));
    }
    let card_ids: HashSet<String> = match m.get("cards") {
        Some(Value::Array(cards)) => cards
            .iter()
            .filter_map(|c| c.get("id")?.as_str().map(str::to_string))
            .collect(),
        _ => HashSet::new(),
    };
    if let Some(Value::Array(routes)) = m.get_mut("routes") {
        for (k, route) in routes.iter_mut().enumerate() {
            let Some(Value::Array(steps)) = route.get_mut("steps") else {
                continue;
            };
            let file_route = kept.index[4][k];
            let mut j = 0;
            steps.retain(|s| {
                let keep = s.as_str().is_some_and(|id| card_ids.contains(id));
                if !keep {
                    kept.steps_left.push((file_route, j));
                }
                j += 1;
                keep
            });
        }
    }
    (Value::Object(m), kept)
}

impl Plan {
    /// Leaves out what each issue is about. False when no issue gives
    /// anything more to leave out (the file cannot be salvaged).
    fn widen(&mut self, issues: &[Issue], kept: &Kept) -> bool {
        let mut more = false;
        for issue in issues {
            let Some(rest) = issue.path.strip_prefix("map.") else {
                return false;
            };
            if let Some((li, k, field)) = item_of(rest) {
                let Some(&i) = kept.index[li].get(k) else {
                    return false;
                };
                match ITEM_OPTIONAL[li].iter().find(|f| Some(**f) == field) {
                    Some(f) => more |= self.item_fields.insert((li, i, f)),
                    None => more |= self.items.insert((li, i)),
                }
            } else if rest == "title" {
                if self.retitle {
                    return false;
                }
                self.retitle = true;
                more = true;
            } else {
                let field = rest.split(['.', '[']).next().unwrap_or(rest);
                match OPTIONAL.iter().find(|f| **f == field) {
                    Some(f) => more |= self.fields.insert(f),
                    None => return false,
                }
            }
        }
        more
    }
}

/// `cards[5].text` → (index of "cards" in LISTS, 5, the field "text").
fn item_of(rest: &str) -> Option<(usize, usize, Option<&str>)> {
    let (list, tail) = rest.split_once('[')?;
    let li = LISTS.iter().position(|l| *l == list)?;
    let (index, after) = tail.split_once(']')?;
    let field = after
        .strip_prefix('.')
        .map(|f| f.split(['.', '[']).next().unwrap_or(f));
    Some((li, index.parse().ok()?, field))
}

fn left_out(
    source: &JsonObject<String, Value>,
    plan: &Plan,
    steps: &[(usize, usize)],
) -> Vec<String> {
    let mut out = Vec::new();
    if plan.retitle {
        out.push("map.title".to_string());
    }
    for f in &plan.fields {
        if source.contains_key(*f) {
            out.push(format!("map.{f}"));
        }
    }
    for (li, list) in LISTS.iter().enumerate() {
        if source
            .get(*list)
            .is_some_and(|v| !v.is_array() && !v.is_null())
        {
            out.push(format!("map.{list}"));
        }
        let fields = plan
            .item_fields
            .iter()
            .filter(|(l, i, _)| *l == li && !plan.items.contains(&(*l, *i)))
            .map(|(_, i, f)| (*i, format!("map.{list}[{i}].{f}")));
        let items = plan
            .items
            .iter()
            .filter(|(l, _)| *l == li)
            .map(|(_, i)| (*i, format!("map.{list}[{i}]")));
        let mut all: Vec<(usize, String)> = items.chain(fields).collect();
        all.sort();
        out.extend(all.into_iter().map(|(_, p)| p));
    }
    out.extend(
        steps
            .iter()
            .map(|(r, s)| format!("map.routes[{r}].steps[{s}]")),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn file(map: Value) -> Value {
        json!({"format": "travesia", "version": 1, "map": map})
    }

    fn base() -> Value {
        json!({
            "title": "Obrador",
            "stages": [{"id": "s1", "title": "Descubrir"}, {"id": "s2", "title": "Pedir"}],
            "lanes": [{"id": "l1", "kind": "actions", "title": "Acciones"}],
            "cards": [
                {"id": "c1", "stage": "s1", "lane": "l1", "text": "Ve Instagram"},
                {"id": "c2", "stage": "s2", "lane": "l1", "text": "Pide por WhatsApp"}
            ],
            "routes": [{"id": "r1", "name": "Compra", "steps": ["c1", "c2"]}]
        })
    }

    #[test]
    fn a_sound_file_loses_nothing() {
        let s = salvage(&file(base()), "x").expect("salvaged");
        assert!(s.left_out.is_empty());
        assert_eq!(s.doc.map.cards.len(), 2);
    }

    #[test]
    fn a_card_of_the_wrong_type_is_left_out_and_its_route_step_with_it() {
        let mut m = base();
        m["cards"][1]["text"] = json!(123);
        let s = salvage(&file(m), "x").expect("salvaged");
        assert_eq!(s.doc.map.cards.len(), 1);
        assert_eq!(s.doc.map.cards[0].id, "c1");
        assert_eq!(s.doc.map.routes()[0].steps, vec!["c1".to_string()]);
        assert_eq!(s.left_out, vec!["map.cards[1]", "map.routes[0].steps[1]"]);
        assert!(validate::validate_map(&s.doc.map).is_empty());
    }

    #[test]
    fn a_bad_optional_field_is_left_out_and_its_item_kept() {
        let mut m = base();
        m["stages"][1]["color"] = json!("azul");
        m["cards"][0]["score"] = json!("mucho");
        let s = salvage(&file(m), "x").expect("salvaged");
        assert_eq!(s.doc.map.stages.len(), 2);
        assert_eq!(s.doc.map.stages[1].color, None);
        assert_eq!(s.doc.map.cards[0].score, None);
        assert_eq!(
            s.left_out,
            vec!["map.stages[1].color", "map.cards[0].score"]
        );
    }

    #[test]
    fn a_stage_left_out_takes_its_cards_with_it() {
        let mut m = base();
        m["stages"][1]["id"] = json!(["s2"]);
        let s = salvage(&file(m), "x").expect("salvaged");
        assert_eq!(s.doc.map.stages.len(), 1);
        assert_eq!(
            s.left_out,
            vec!["map.stages[1]", "map.cards[1]", "map.routes[0].steps[1]"]
        );
    }

    #[test]
    fn the_maps_own_bad_fields_are_left_out_and_a_missing_title_replaced() {
        let mut m = base();
        m.as_object_mut().unwrap().remove("title");
        m["locale"] = json!("??");
        m["description"] = json!(["no"]);
        let s = salvage(&file(m), "Recuperado").expect("salvaged");
        assert_eq!(s.doc.map.title, "Recuperado");
        assert_eq!(s.doc.map.locale, None);
        assert_eq!(
            s.left_out,
            vec!["map.title", "map.description", "map.locale"]
        );
    }

    #[test]
    fn only_travesia_files_of_this_version_are_salvaged() {
        assert!(salvage(&json!({"format": "other", "map": base()}), "x").is_none());
        let mut newer = file(base());
        newer["version"] = json!(FORMAT_VERSION + 1);
        assert!(salvage(&newer, "x").is_none());
        assert!(salvage(&json!([1, 2]), "x").is_none());
    }

    #[test]
    fn nothing_left_is_no_salvage() {
        let m = json!({"title": "x", "stages": 5, "lanes": [], "cards": "no"});
        assert!(salvage(&file(m), "x").is_none());
    }
}
