//! Maps made from templates, and the templates as the "new map" screen
//! lists them.

use serde::Serialize;
use travesia_core::{ids, templates, Map};
use travesia_i18n::Catalogue;
use travesia_store::Library;

use crate::error::{AppError, ErrorCode};

/// Makes a new map from a template and returns its id: with the template's
/// example (cards, personas, routes, descriptions), or its structure only.
pub fn create_from_template(
    lib: &mut Library,
    template: &str,
    lang: &str,
    title: Option<String>,
    example: bool,
) -> Result<String, AppError> {
    let mut map = templates::load(template, templates::lang_for(lang))?;
    if !example {
        structure_only(&mut map);
    }
    if let Some(t) = title {
        let t = t.trim().to_string();
        if t.is_empty() || t.chars().count() > 200 {
            return Err(AppError::new(
                ErrorCode::InvalidInput,
                "a title has 1 to 200 characters",
            ));
        }
        map.title = t;
    }
    map.id = ids::new_id("m");
    Ok(lib.create_map(map)?)
}

/// The stages and lanes of a map, with their names and colours, and nothing
/// of its example: no cards, personas, routes or descriptions.
pub fn structure_only(map: &mut Map) {
    map.description = None;
    map.cards.clear();
    map.personas = None;
    map.routes = None;
    for stage in &mut map.stages {
        stage.description = None;
    }
}

/// A template as the "new map" screen shows it.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TemplateInfo {
    pub id: String,
    pub lang: String,
    pub title: String,
    pub description: String,
    pub stages: u32,
    pub lanes: u32,
    pub cards: u32,
}

/// Every template, in `lang`, the blank map first. A template is listed
/// under its map's title and description, unless the catalogue names it
/// (`template.<id>.title`, `.description`): the blank map is listed as
/// "En blanco" and makes a map without a description, since it has no
/// content of its own.
pub fn template_infos(lang: &str) -> Result<Vec<TemplateInfo>, AppError> {
    let c = Catalogue::of(lang);
    let named = |key: String| {
        let text = c.t(&key);
        (text != key).then(|| text.to_string())
    };
    templates::NAMES
        .iter()
        .map(|name| {
            let m = templates::load(name, templates::lang_for(lang))?;
            Ok(TemplateInfo {
                id: name.to_string(),
                lang: lang.to_string(),
                title: named(format!("template.{name}.title")).unwrap_or(m.title),
                description: named(format!("template.{name}.description"))
                    .or(m.description)
                    .unwrap_or_default(),
                stages: m.stages.len() as u32,
                lanes: m.lanes.len() as u32,
                cards: m.cards.len() as u32,
            })
        })
        .collect()
}
