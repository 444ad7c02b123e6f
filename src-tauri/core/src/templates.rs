//! The built-in templates, each in Spanish, English and Portuguese (Brazil), shipped inside the
//! binary as `.travesia` files (so they go through the same reader as any file).

use crate::format::{self, FormatError};
use crate::model::Map;

/// Template names, in the order the app offers them.
pub const NAMES: [&str; 6] = [
    "blank",
    "five-phases",
    "three-stages",
    "ecommerce",
    "omnichannel",
    "blueprint",
];

/// Languages every template is written in.
pub const LANGS: [&str; 3] = ["es", "en", "pt-BR"];

/// The template language for a UI language (a catalogue tag such as "pt-BR"):
/// its own, or English when the templates are not written in it.
pub fn lang_for(lang: &str) -> &'static str {
    LANGS.into_iter().find(|l| *l == lang).unwrap_or("en")
}

fn source(name: &str, lang: &str) -> Option<&'static str> {
    Some(match (name, lang) {
        ("five-phases", "es") => include_str!("../templates/five-phases.es.travesia"),
        ("five-phases", "en") => include_str!("../templates/five-phases.en.travesia"),
        ("five-phases", "pt-BR") => include_str!("../templates/five-phases.pt-BR.travesia"),
        ("three-stages", "es") => include_str!("../templates/three-stages.es.travesia"),
        ("three-stages", "en") => include_str!("../templates/three-stages.en.travesia"),
        ("three-stages", "pt-BR") => include_str!("../templates/three-stages.pt-BR.travesia"),
        ("ecommerce", "es") => include_str!("../templates/ecommerce.es.travesia"),
        ("ecommerce", "en") => include_str!("../templates/ecommerce.en.travesia"),
        ("ecommerce", "pt-BR") => include_str!("../templates/ecommerce.pt-BR.travesia"),
        ("omnichannel", "es") => include_str!("../templates/omnichannel.es.travesia"),
        ("omnichannel", "en") => include_str!("../templates/omnichannel.en.travesia"),
        ("omnichannel", "pt-BR") => include_str!("../templates/omnichannel.pt-BR.travesia"),
        ("blueprint", "es") => include_str!("../templates/blueprint.es.travesia"),
        ("blueprint", "en") => include_str!("../templates/blueprint.en.travesia"),
        ("blueprint", "pt-BR") => include_str!("../templates/blueprint.pt-BR.travesia"),
        ("blank", "es") => include_str!("../templates/blank.es.travesia"),
        ("blank", "en") => include_str!("../templates/blank.en.travesia"),
        ("blank", "pt-BR") => include_str!("../templates/blank.pt-BR.travesia"),
        _ => return None,
    })
}

/// The example map a first start offers: a filled-in journey (Spanish).
pub fn example() -> Result<format::Document, TemplateError> {
    Ok(format::read_bytes(
        include_str!("../templates/example.es.travesia").as_bytes(),
    )?)
}

#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    #[error("no template named \"{0}\"; the templates are: {names}", names = NAMES.join(", "))]
    UnknownName(String),
    #[error("no language \"{0}\"; templates come in: {langs}", langs = LANGS.join(", "))]
    UnknownLang(String),
    #[error("the built-in template is damaged: {0}")]
    Broken(#[from] FormatError),
}

/// A template's map, ready to be given an id and stored.
pub fn load(name: &str, lang: &str) -> Result<Map, TemplateError> {
    if !NAMES.contains(&name) {
        return Err(TemplateError::UnknownName(name.to_string()));
    }
    let text = source(name, lang).ok_or_else(|| TemplateError::UnknownLang(lang.to_string()))?;
    Ok(format::read_bytes(text.as_bytes())?.map)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::LaneKind;

    #[test]
    fn the_example_map_reads_and_has_content() {
        let doc = example().unwrap();
        assert!(doc.map.cards.len() > 10);
        assert!(!doc.map.routes().is_empty());
    }

    #[test]
    fn every_template_reads_in_both_languages() {
        for name in NAMES {
            let es = load(name, "es").unwrap_or_else(|e| panic!("{name}.es: {e}"));
            let en = load(name, "en").unwrap_or_else(|e| panic!("{name}.en: {e}"));
            // The two languages are the same map in other words: same ids in
            // the same order, so a test or a guide can refer to either.
            let ids = |m: &Map| {
                (
                    m.stages.iter().map(|s| s.id.clone()).collect::<Vec<_>>(),
                    m.lanes
                        .iter()
                        .map(|l| (l.id.clone(), l.kind))
                        .collect::<Vec<_>>(),
                    m.cards.iter().map(|c| c.id.clone()).collect::<Vec<_>>(),
                )
            };
            assert_eq!(ids(&es), ids(&en), "{name}");
            assert_eq!(es.locale.as_deref(), Some("es"));
            assert_eq!(en.locale.as_deref(), Some("en"));
            assert!(!es.stages.is_empty() && !es.lanes.is_empty(), "{name}");
        }
    }

    #[test]
    fn templates_have_what_their_method_needs() {
        let five = load("five-phases", "es").unwrap();
        assert_eq!(five.stages.len(), 5);
        let three = load("three-stages", "en").unwrap();
        assert_eq!(three.stages.len(), 3);
        assert!(three.lanes.iter().any(|l| l.kind == LaneKind::Funnel));
        assert_eq!(load("ecommerce", "es").unwrap().stages.len(), 6);
        let omni = load("omnichannel", "es").unwrap();
        let names: Vec<&str> = omni.routes().iter().map(|r| r.name.as_str()).collect();
        assert!(names.iter().any(|n| n.contains("Webrooming")), "{names:?}");
        assert!(names.iter().any(|n| n.contains("Showrooming")), "{names:?}");
        assert!(load("blank", "es").unwrap().cards.is_empty());
        // The service blueprint: every zone behind the customer, so all
        // three lines, and the department that owns each step.
        let blueprint = load("blueprint", "pt-BR").unwrap();
        let kinds: Vec<LaneKind> = blueprint.lanes.iter().map(|l| l.kind).collect();
        let lines = crate::kinds::blueprint_lines(kinds.iter().copied());
        assert_eq!(lines.iter().flatten().count(), 3, "{kinds:?}");
        let owners = blueprint
            .lanes
            .iter()
            .find(|l| l.kind == LaneKind::Owners)
            .unwrap();
        for s in &blueprint.stages {
            assert!(
                blueprint
                    .cards
                    .iter()
                    .any(|c| c.stage == s.id && c.lane == owners.id),
                "{} has an owner",
                s.id
            );
        }
        assert_eq!(crate::format::version_for(&blueprint), 2);
        // Examples teach how to use a template: every non-blank one has cards.
        for name in NAMES.iter().filter(|n| **n != "blank") {
            assert!(load(name, "en").unwrap().cards.len() >= 10, "{name}");
        }
    }

    #[test]
    fn unknown_names_and_languages_are_refused() {
        assert!(matches!(
            load("nope", "es"),
            Err(TemplateError::UnknownName(_))
        ));
        assert!(matches!(
            load("blank", "fr"),
            Err(TemplateError::UnknownLang(_))
        ));
    }
}
