//! A refused file's problems in words people can act on, in any catalogue's
//! language: "Tarjeta 6 «Web de pedidos»: el texto es un número y debe ser un
//! texto". The JSON path stays beside the words, as the details.
//!
//! Words are made from the problem ([`Problem`]) and the path the reader gave
//! it (`map.cards[5].text`), whose shape the reader fixes: an item of one of
//! the map's lists, a field of it, or a field of the map or the file.

use serde_json::Value;
use travesia_core::validate::{Expected, Issue, Problem};
use travesia_i18n::Catalogue;

use crate::import::value_at;

/// Where a path points, in the terms words are made of.
#[derive(Debug, PartialEq)]
struct Place<'a> {
    /// The item's list and index (`cards`, 5), none for the map or the file.
    item: Option<(&'a str, usize)>,
    /// The file's own fields (`format`, `version`, `map`) rather than the map's.
    file: bool,
    /// The field named, none when the path is the item (or the file) itself.
    field: Option<&'a str>,
    /// The index inside the field (`steps[2]` → 2).
    index: Option<usize>,
}

fn parse(path: &str) -> Place<'_> {
    let mut place = Place {
        item: None,
        file: false,
        field: None,
        index: None,
    };
    let Some(rest) = path.strip_prefix("map.") else {
        place.file = true;
        place.field = Some(path).filter(|p| !p.is_empty());
        return place;
    };
    let (head, tail) = match rest.find(['.', '[']) {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    if let Some(after) = tail.strip_prefix('[') {
        // An item of a list: `cards[5]`, then maybe `.text` or `.steps[2]`.
        let (index, after) = after.split_once(']').unwrap_or((after, ""));
        place.item = index.parse().ok().map(|i| (head, i));
        let field = after.strip_prefix('.').unwrap_or("");
        let (name, sub) = field.split_once('[').unwrap_or((field, ""));
        place.field = Some(name).filter(|n| !n.is_empty());
        place.index = sub.trim_end_matches(']').parse().ok();
        if place.item.is_none() {
            place.field = Some(head);
        }
    } else {
        // A field of the map, or of its theme (`theme.accent` → `accent`).
        place.field = Some(
            tail.rsplit('.')
                .next()
                .filter(|s| !s.is_empty())
                .unwrap_or(head),
        );
    }
    place
}

fn quote(c: &Catalogue, text: &str) -> String {
    let text: String = if text.chars().count() > 40 {
        let cut: String = text.chars().take(39).collect();
        format!("{}…", cut.trim_end())
    } else {
        text.to_string()
    };
    c.fill("file.quote", &[("text", &text)])
}

/// A value as the person sees it: text in quotes, anything else as written.
fn shown(c: &Catalogue, v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => quote(c, s),
        Some(other) => {
            let s = other.to_string();
            if s.chars().count() > 40 {
                let cut: String = s.chars().take(39).collect();
                format!("{cut}…")
            } else {
                s
            }
        }
        None => String::new(),
    }
}

fn singular(list: &str) -> &str {
    match list {
        "personas" => "persona",
        "stages" => "stage",
        "lanes" => "lane",
        "cards" => "card",
        "routes" => "route",
        "channels" => "channel",
        other => other,
    }
}

/// What a path is about: "Tarjeta 6 «Web de pedidos»", "El mapa", "El archivo".
pub fn thing(path: &str, root: Option<&Value>, c: &Catalogue) -> String {
    let place = parse(path);
    if place.file {
        return c.t("file.thing.file").to_string();
    }
    let Some((list, i)) = place.item else {
        return match place.field {
            Some(f @ ("personas" | "stages" | "lanes" | "cards" | "routes" | "channels")) => {
                c.t(&format!("file.thing.{f}")).to_string()
            }
            _ => c.t("file.thing.map").to_string(),
        };
    };
    let n = (i + 1).to_string();
    let label = c.fill(&format!("file.thing.{}", singular(list)), &[("n", &n)]);
    let name = root
        .and_then(|r| value_at(r, &format!("map.{list}[{i}]")))
        .and_then(|item| {
            ["title", "name", "text"]
                .iter()
                .find_map(|k| item.get(*k)?.as_str())
        })
        .map(str::trim)
        .filter(|s| !s.is_empty());
    match name {
        Some(name) => format!("{label} {}", quote(c, name)),
        None => label,
    }
}

fn field_words(c: &Catalogue, field: Option<&str>) -> String {
    match field {
        Some(f) => c.t(&format!("file.field.{f}")).to_string(),
        None => String::new(),
    }
}

fn found_words<'c>(c: &'c Catalogue, v: Option<&Value>) -> &'c str {
    c.t(match v {
        None | Some(Value::Null) => "file.found.null",
        Some(Value::Bool(_)) => "file.found.bool",
        Some(Value::Number(_)) => "file.found.number",
        Some(Value::String(_)) => "file.found.text",
        Some(Value::Array(_)) => "file.found.list",
        Some(Value::Object(_)) => "file.found.object",
    })
}

fn expected_key(e: Expected) -> &'static str {
    match e {
        Expected::Text => "file.expected.text",
        Expected::YesNo => "file.expected.yes_no",
        Expected::Number => "file.expected.number",
        Expected::WholeNumber => "file.expected.whole_number",
        Expected::TextList => "file.expected.text_list",
        Expected::Object => "file.expected.object",
        Expected::List => "file.expected.list",
    }
}

/// The problem alone: "el texto es un número y debe ser un texto".
fn problem_words(issue: &Issue, root: Option<&Value>, c: &Catalogue) -> String {
    let place = parse(&issue.path);
    let at = root.and_then(|r| value_at(r, &issue.path));
    let field = field_words(c, place.field);
    let value = shown(c, at);
    let args = |extra: &[(&str, &str)]| {
        let mut all = vec![("field", field.as_str()), ("value", value.as_str())];
        all.extend_from_slice(extra);
        all.into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect::<Vec<_>>()
    };
    let fill = |key: &str, extra: &[(&str, &str)]| {
        let owned = args(extra);
        let pairs: Vec<(&str, &str)> = owned
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        c.fill(key, &pairs)
    };
    match &issue.problem {
        Problem::Missing => fill("file.problem.missing", &[]),
        Problem::WrongType { expected } => {
            let found = found_words(c, at);
            let expected = c.t(expected_key(*expected));
            let args = [("found", found), ("expected", expected)];
            match (place.field, place.index) {
                (None, _) => fill("file.problem.wrong_type_whole", &args),
                (Some(_), Some(j)) => {
                    let n = (j + 1).to_string();
                    fill(
                        "file.problem.wrong_type_entry",
                        &[args[0], args[1], ("n", &n)],
                    )
                }
                (Some(_), None) => fill("file.problem.wrong_type", &args),
            }
        }
        Problem::TooLong { length, max } => fill(
            "file.problem.too_long",
            &[("length", &length.to_string()), ("max", &max.to_string())],
        ),
        Problem::TooMany { length, max } => fill(
            "file.problem.too_many",
            &[("length", &length.to_string()), ("max", &max.to_string())],
        ),
        Problem::BadId => fill("file.problem.bad_id", &[]),
        Problem::BadColor => fill("file.problem.bad_color", &[]),
        Problem::OutOfRange { min, max } => {
            let min = c.number(*min, 2);
            match max {
                Some(max) => fill(
                    "file.problem.out_of_range",
                    &[("min", &min), ("max", &c.number(*max, 2))],
                ),
                None => fill("file.problem.out_of_range_min", &[("min", &min)]),
            }
        }
        Problem::UnknownLaneKind => fill("file.problem.unknown_lane_kind", &[]),
        Problem::NotAChoice { allowed } => fill(
            "file.problem.not_a_choice",
            &[("allowed", allowed.as_str())],
        ),
        Problem::UnknownChannel => fill("file.problem.unknown_channel", &[]),
        Problem::BuiltInChannel => fill("file.problem.built_in_channel", &[]),
        Problem::BadPhoto => fill("file.problem.bad_photo", &[]),
        Problem::PhotoTooLarge => fill("file.problem.photo_too_large", &[]),
        Problem::BadLocale => fill("file.problem.bad_locale", &[]),
        Problem::BadTimestamp => fill("file.problem.bad_timestamp", &[]),
        Problem::BadDate => fill("file.problem.bad_date", &[]),
        Problem::DuplicateId { first } => {
            let other = thing(first, root, c);
            fill("file.problem.duplicate_id", &[("other", &other)])
        }
        Problem::NoSuchStage => fill("file.problem.no_such_stage", &[]),
        Problem::NoSuchLane => fill("file.problem.no_such_lane", &[]),
        Problem::NoSuchCard => {
            let n = place.index.map(|j| j + 1).unwrap_or(1).to_string();
            fill("file.problem.no_such_card", &[("n", &n)])
        }
        Problem::NoSuchPersona => fill("file.problem.no_such_persona", &[]),
        Problem::OnePerStage => fill("file.problem.one_per_stage", &[]),
        Problem::NotTravesia => fill("file.problem.not_travesia", &[]),
        Problem::BadVersion => fill("file.problem.bad_version", &[]),
        Problem::Other => fill("file.problem.other", &[("message", &issue.message)]),
    }
}

/// One problem in a sentence: what it is about, and what is wrong.
pub fn words(issue: &Issue, root: Option<&Value>, c: &Catalogue) -> String {
    let thing = match &issue.problem {
        // A file that is not Travesía's, or whose version cannot be read, is the file's problem.
        Problem::NotTravesia | Problem::BadVersion => c.t("file.thing.file").to_string(),
        _ => thing(&issue.path, root, c),
    };
    c.fill(
        "file.issue",
        &[
            ("thing", &thing),
            ("problem", &problem_words(issue, root, c)),
        ],
    )
}

/// What a salvage left out (a path of [`travesia_core::salvage::Salvage::left_out`])
/// in words: "Tarjeta 6 «Web de pedidos»", "Ruta 1 «Compra»: el paso 2",
/// "El mapa: la descripción".
pub fn left_out_words(
    path: &str,
    root: Option<&Value>,
    fallback_title: &str,
    c: &Catalogue,
) -> String {
    let place = parse(path);
    let thing = thing(path, root, c);
    match (place.item, place.field, place.index) {
        (None, Some("title"), _) => c.fill("file.left.title", &[("title", fallback_title)]),
        (Some(_), Some("steps"), Some(j)) => c.fill(
            "file.left.step",
            &[("thing", &thing), ("n", &(j + 1).to_string())],
        ),
        (Some(_), Some(f), None) => c.fill(
            "file.left.field",
            &[("thing", &thing), ("field", &field_words(c, Some(f)))],
        ),
        (None, Some(f), _)
            if !matches!(f, "personas" | "stages" | "lanes" | "cards" | "routes") =>
        {
            c.fill(
                "file.left.field",
                &[("thing", &thing), ("field", &field_words(c, Some(f)))],
            )
        }
        _ => thing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn issue(path: &str, problem: Problem) -> Issue {
        Issue {
            path: path.into(),
            message: "technical".into(),
            problem,
        }
    }

    fn file() -> Value {
        json!({"format": "travesia", "version": 1, "map": {
            "title": "Obrador",
            "stages": [{"id": "s1", "title": "Descubrir"}],
            "lanes": [{"id": "l1", "kind": "actions", "title": "Acciones"}],
            "cards": [
                {"id": "c1", "stage": "s1", "lane": "l1", "text": "Web de pedidos"},
                {"id": "c2", "stage": "s9", "lane": "l1", "text": 123, "score": 7}
            ],
            "routes": [{"id": "r1", "name": "Compra", "steps": ["c1", "c8"]}]
        }})
    }

    #[test]
    fn paths_are_places() {
        let p = parse("map.cards[5].text");
        assert_eq!(
            (p.item, p.field, p.index, p.file),
            (Some(("cards", 5)), Some("text"), None, false)
        );
        let p = parse("map.routes[0].steps[2]");
        assert_eq!(
            (p.item, p.field, p.index),
            (Some(("routes", 0)), Some("steps"), Some(2))
        );
        let p = parse("map.theme.accent");
        assert_eq!((p.item, p.field), (None, Some("accent")));
        let p = parse("map.cards[3]");
        assert_eq!((p.item, p.field), (Some(("cards", 3)), None));
        let p = parse("version");
        assert_eq!((p.file, p.field), (true, Some("version")));
    }

    #[test]
    fn a_wrong_type_reads_as_plain_words_in_each_language() {
        let root = file();
        let i = issue(
            "map.cards[1].text",
            Problem::WrongType {
                expected: Expected::Text,
            },
        );
        assert_eq!(
            words(&i, Some(&root), Catalogue::of("es")),
            "Tarjeta 2: el texto es un número y debe ser un texto"
        );
        assert_eq!(
            words(&i, Some(&root), Catalogue::of("en")),
            "Card 2: the text is a number and must be a text"
        );
        assert_eq!(
            words(&i, Some(&root), Catalogue::of("pt-BR")),
            "Cartão 2: o texto é um número e deve ser um texto"
        );
    }

    #[test]
    fn things_are_named_by_their_words_and_problems_show_the_value() {
        let root = file();
        let es = Catalogue::of("es");
        let i = issue("map.cards[1].stage", Problem::NoSuchStage);
        assert_eq!(
            words(&i, Some(&root), es),
            "Tarjeta 2: está en una etapa que no existe («s9»)"
        );
        let i = issue("map.routes[0].steps[1]", Problem::NoSuchCard);
        assert_eq!(
            words(&i, Some(&root), es),
            "Ruta 1 «Compra»: el paso 2 lleva a una tarjeta que no existe («c8»)"
        );
        let i = issue(
            "map.cards[1].score",
            Problem::OutOfRange {
                min: -2.0,
                max: Some(2.0),
            },
        );
        assert_eq!(
            words(&i, Some(&root), es),
            "Tarjeta 2: la emoción vale 7 y debe estar entre -2 y 2"
        );
        let i = issue(
            "map.stages[0].id",
            Problem::DuplicateId {
                first: "map.cards[0].id".into(),
            },
        );
        assert_eq!(
            words(&i, Some(&root), es),
            "Etapa 1 «Descubrir»: repite el identificador «s1», que ya tiene Tarjeta 1 «Web de pedidos»"
        );
        let i = issue("format", Problem::NotTravesia);
        assert_eq!(
            words(&i, Some(&root), es),
            "El archivo: no es un archivo de Travesía"
        );
        let i = issue("map.title", Problem::Missing);
        assert_eq!(words(&i, None, es), "El mapa: falta el título");
        let i = issue(
            "map.cards[0]",
            Problem::WrongType {
                expected: Expected::Object,
            },
        );
        assert_eq!(
            words(&i, Some(&json!({"map": {"cards": [4]}})), es),
            "Tarjeta 1: es un número y debe ser un grupo de datos"
        );
    }

    #[test]
    fn what_a_salvage_leaves_out_is_named() {
        let root = file();
        let es = Catalogue::of("es");
        assert_eq!(
            left_out_words("map.cards[1]", Some(&root), "x", es),
            "Tarjeta 2"
        );
        assert_eq!(
            left_out_words("map.cards[0]", Some(&root), "x", es),
            "Tarjeta 1 «Web de pedidos»"
        );
        assert_eq!(
            left_out_words("map.routes[0].steps[1]", Some(&root), "x", es),
            "Ruta 1 «Compra»: el paso 2"
        );
        assert_eq!(
            left_out_words("map.description", Some(&root), "x", es),
            "El mapa: la descripción"
        );
        assert_eq!(
            left_out_words("map.stages[0].color", Some(&root), "x", es),
            "Etapa 1 «Descubrir»: el color"
        );
        assert_eq!(
            left_out_words("map.title", Some(&root), "Recuperado", es),
            "El título (se pone «Recuperado»)"
        );
    }
}
