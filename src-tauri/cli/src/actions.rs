//! Operations shared by the window and the command line.

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
    let mut map = templates::load(template, lang)?;
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
