//! Two states of a map compared: a version and another, or a version and
//! the map now. The comparison is drawn from the later state with the
//! earlier one's removed cards put back, each change marked (see
//! [`travesia_core::compare`]); the same Source prints the change poster.

use serde::{Deserialize, Serialize};
use travesia_core::compare::{self, Comparison};
use travesia_core::Map;
use travesia_i18n::Catalogue;
use travesia_layout::poster::ChangeMarks;
use travesia_layout::Scene;
use travesia_store::Library;

use crate::export::{ExportOptions, Source};
use crate::{AppError, Engine, ErrorCode};

/// A comparison as the window shows it: the map drawn with its changes
/// marked, the list of changes, and which states are compared.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ComparisonView {
    pub scene: Scene,
    pub comparison: Comparison,
    /// "«Antes del taller» → ahora", in the map's language.
    pub title: String,
}

/// A state of map `id`: version `version`, or the map now (None), and its
/// name in `c`'s words (quoted, or "now").
fn state(
    lib: &mut Library,
    id: &str,
    version: Option<i64>,
    c: &Catalogue,
) -> Result<(Map, String), AppError> {
    match version {
        None => Ok((lib.load(id)?, c.t("compare.now").to_string())),
        Some(v) => {
            let name = lib
                .list_snapshots(id)?
                .into_iter()
                .find(|s| s.id == v)
                .map(|s| s.name)
                .ok_or_else(|| {
                    AppError::new(ErrorCode::NotFound, format!("no version {v} of this map"))
                })?;
            let map = lib.snapshot_map(id, v)?;
            Ok((map, c.fill("compare.quoted", &[("name", &name)])))
        }
    }
}

/// The poster's Source for comparing `from` with `to` (versions of map
/// `id`; None is the map now), and the comparison. The earlier state is
/// `from`, whichever was taken first.
pub fn source(
    lib: &mut Library,
    id: &str,
    from: Option<i64>,
    to: Option<i64>,
) -> Result<(Source, Comparison), AppError> {
    if from == to {
        return Err(AppError::new(
            ErrorCode::InvalidInput,
            "choose two different states of the map to compare",
        ));
    }
    let mut src = Source::from_library(lib, id)?;
    let c = Catalogue::of(travesia_layout::poster::lang_of(&src.doc.map));
    let (before, from_name) = state(lib, id, from, c)?;
    let (after, to_name) = state(lib, id, to, c)?;
    let comparison = compare::compare(&before, &after);
    let title = c.fill("compare.between", &[("from", &from_name), ("to", &to_name)]);
    let mut merged = compare::merged(&before, &after);
    merged.id = id.to_string();
    src.links = lib.link_titles(&merged)?;
    src.doc.map = merged;
    src.changes = Some(ChangeMarks::of(&comparison, title));
    // The versions compared are named in the legend, not in a footer.
    src.version = None;
    Ok((src, comparison))
}

/// What the window shows of a comparison.
pub fn view(
    engine: &Engine,
    lib: &mut Library,
    id: &str,
    from: Option<i64>,
    to: Option<i64>,
) -> Result<ComparisonView, AppError> {
    let (src, comparison) = source(lib, id, from, to)?;
    let title = src
        .changes
        .as_ref()
        .map(|m| m.title.clone())
        .unwrap_or_default();
    let o = ExportOptions::new(crate::export::ExportFormat::Svg);
    let scene = engine.scene_with(&src.printed(None), src.look(o.patterns, o.evidence))?;
    Ok(ComparisonView {
        scene,
        comparison,
        title,
    })
}
