//! Hidden routes: a way of looking at a map, kept in the library beside it
//! (not in the map). A hidden route is drawn neither on screen nor in any
//! poster export, from the window or from the command line.

use std::borrow::Cow;

use travesia_core::Map;
use travesia_store::{Library, StoreError};

/// The settings key that lists a map's hidden routes (a JSON array of ids).
fn hidden_key(id: &str) -> String {
    format!("hidden_routes.{id}")
}

/// The routes of map `id` the person has hidden.
pub fn hidden_routes(lib: &Library, id: &str) -> Vec<String> {
    lib.get_setting(&hidden_key(id))
        .ok()
        .flatten()
        .and_then(|v| serde_json::from_str(&v).ok())
        .unwrap_or_default()
}

fn set_hidden_routes(lib: &Library, id: &str, hidden: &[String]) -> Result<(), StoreError> {
    if hidden.is_empty() {
        lib.remove_setting(&hidden_key(id))
    } else {
        lib.set_setting(
            &hidden_key(id),
            &serde_json::to_string(hidden).unwrap_or_else(|_| "[]".into()),
        )
    }
}

/// Shows or hides one route of map `id`.
pub fn set_route_visible(
    lib: &Library,
    id: &str,
    route: &str,
    visible: bool,
) -> Result<(), StoreError> {
    let mut hidden = hidden_routes(lib, id);
    hidden.retain(|r| r != route);
    if !visible {
        hidden.push(route.to_string());
    }
    set_hidden_routes(lib, id, &hidden)
}

/// The settings key of the persona whose journey map `id` shows.
fn persona_key(id: &str) -> String {
    format!("persona_filter.{id}")
}

/// The persona whose journey the window shows of map `id` (its curves and
/// the general curve only); none shows every persona. A persona since
/// deleted is none.
pub fn persona_filter(lib: &Library, id: &str, map: &Map) -> Option<String> {
    lib.get_setting(&persona_key(id))
        .ok()
        .flatten()
        .filter(|p| map.persona(p).is_some())
}

/// Shows map `id` as one persona's journey, or (none) every persona's.
pub fn set_persona_filter(
    lib: &Library,
    id: &str,
    persona: Option<&str>,
) -> Result<(), StoreError> {
    match persona {
        Some(p) => lib.set_setting(&persona_key(id), p),
        None => lib.remove_setting(&persona_key(id)),
    }
}

/// The name of map `id`'s newest version, if it has one.
pub fn newest_version(lib: &Library, id: &str) -> Option<String> {
    lib.list_snapshots(id)
        .ok()
        .and_then(|v| v.into_iter().next())
        .map(|v| v.name)
}

/// The map as it is drawn: without its hidden routes, and as `persona`'s
/// journey when that names one of its personas.
pub fn drawn<'a>(map: &'a Map, hidden: &[String], persona: Option<&str>) -> Cow<'a, Map> {
    let map = match persona {
        Some(p) if map.persona(p).is_some() => Cow::Owned(map.for_persona(p)),
        _ => Cow::Borrowed(map),
    };
    without_hidden(map, hidden)
}

fn without_hidden<'a>(map: Cow<'a, Map>, hidden: &[String]) -> Cow<'a, Map> {
    match &map.routes {
        Some(routes) if routes.iter().any(|r| hidden.contains(&r.id)) => {
            let mut m = map.into_owned();
            if let Some(rs) = m.routes.as_mut() {
                rs.retain(|r| !hidden.contains(&r.id));
            }
            Cow::Owned(m)
        }
        _ => map,
    }
}
