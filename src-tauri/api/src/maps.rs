//! Maps made from templates, and the templates as the "new map" screen
//! lists them.

use serde::Serialize;
use travesia_core::{ids, templates};
use travesia_store::Library;

use crate::error::{AppError, ErrorCode};

/// Makes a new map from a template and returns its id.
pub fn create_from_template(
    lib: &mut Library,
    template: &str,
    lang: &str,
    title: Option<String>,
) -> Result<String, AppError> {
    let mut map = templates::load(template, templates::lang_for(lang))?;
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

/// Every template, in `lang`.
pub fn template_infos(lang: &str) -> Result<Vec<TemplateInfo>, AppError> {
    templates::NAMES
        .iter()
        .map(|name| {
            let m = templates::load(name, templates::lang_for(lang))?;
            Ok(TemplateInfo {
                id: name.to_string(),
                lang: lang.to_string(),
                title: m.title,
                description: m.description.unwrap_or_default(),
                stages: m.stages.len() as u32,
                lanes: m.lanes.len() as u32,
                cards: m.cards.len() as u32,
            })
        })
        .collect()
}
