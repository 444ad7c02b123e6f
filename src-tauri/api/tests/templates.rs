//! Templates as starting points: the blank map first, under its own name;
//! each template with its example or as structure only; nothing of a
//! template's instructions on the map.

use travesia_api::{maps, Session};
use travesia_core::templates;

#[test]
fn the_blank_map_is_listed_first_under_its_name_in_each_language() {
    for (lang, name) in [("es", "En blanco"), ("en", "Blank"), ("pt-BR", "Em branco")] {
        let list = maps::template_infos(lang).unwrap();
        assert_eq!(list[0].id, "blank", "{lang}");
        assert_eq!(list[0].title, name);
        assert!(
            !list[0].description.is_empty(),
            "{lang}: the listing says what it is"
        );
        // The others keep their map's title and description.
        let five = list.iter().find(|t| t.id == "five-phases").unwrap();
        let map = templates::load("five-phases", templates::lang_for(lang)).unwrap();
        assert_eq!(five.title, map.title);
        assert_eq!(Some(five.description.clone()), map.description);
    }
}

#[test]
fn a_blank_map_has_no_instructions_to_print() {
    for lang in templates::LANGS {
        let map = templates::load("blank", lang).unwrap();
        assert_eq!(map.description, None, "{lang}");
        assert!(map.cards.is_empty() && map.personas().is_empty() && map.routes().is_empty());
    }
}

#[test]
fn a_map_starts_with_the_template_s_example_or_its_structure_only() {
    let dir = tempfile::tempdir().unwrap();
    let session = Session::open(dir.path().join("library.db"));
    for name in templates::NAMES {
        let template = templates::load(name, "es").unwrap();
        let (with, without) = session
            .with_library(|lib| {
                let a = maps::create_from_template(lib, name, "es", None, true)?;
                let b = maps::create_from_template(lib, name, "es", None, false)?;
                Ok((lib.load(&a)?, lib.load(&b)?))
            })
            .unwrap();
        assert_eq!(with.cards.len(), template.cards.len(), "{name}");
        assert_eq!(with.description, template.description, "{name}");
        // Structure only: the same stages and lanes, names and colours included.
        let titles = |m: &travesia_core::Map| {
            (
                m.stages.iter().map(|s| s.title.clone()).collect::<Vec<_>>(),
                m.lanes
                    .iter()
                    .map(|l| (l.title.clone(), l.kind, l.color.clone()))
                    .collect::<Vec<_>>(),
            )
        };
        assert_eq!(titles(&without), titles(&template), "{name}");
        assert!(without.cards.is_empty(), "{name}: no cards");
        assert!(without.personas().is_empty(), "{name}: no personas");
        assert!(without.routes().is_empty(), "{name}: no routes");
        assert_eq!(without.description, None, "{name}");
        assert!(
            without.stages.iter().all(|s| s.description.is_none()),
            "{name}"
        );
        assert_eq!(without.title, template.title, "{name}");
    }
    // The five-phase example brings a persona and cards; its structure does not.
    let five = templates::load("five-phases", "es").unwrap();
    assert!(!five.cards.is_empty() && !five.personas().is_empty());
}
