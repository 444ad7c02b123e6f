//! The TypeScript twins of every type that crosses IPC, generated with ts-rs
//! into `ui/src/lib/bindings/`. A test regenerates them and fails on any
//! difference, so the UI and Rust cannot drift apart.

use std::path::Path;

use ts_rs::{Config, ExportError, TS};

/// Writes every IPC type (and what it depends on) into `dir`.
pub fn export_all(dir: &Path) -> Result<(), ExportError> {
    let cfg = Config::new().with_out_dir(dir);
    travesia_api::AppError::export_all(&cfg)?;
    travesia_api::maps::TemplateInfo::export_all(&cfg)?;
    travesia_api::MapView::export_all(&cfg)?;
    travesia_api::ViewUpdate::export_all(&cfg)?;
    travesia_api::CardsAhead::export_all(&cfg)?;
    travesia_store::MapSummary::export_all(&cfg)?;
    travesia_store::home::TrashedMap::export_all(&cfg)?;
    travesia_store::home::SearchHit::export_all(&cfg)?;
    travesia_api::import::OpenedFile::export_all(&cfg)?;
    crate::recovery::LibraryProblem::export_all(&cfg)?;
    travesia_api::export::ExportOptions::export_all(&cfg)?;
    travesia_api::export::ExportPreview::export_all(&cfg)?;
    travesia_api::compare::ComparisonView::export_all(&cfg)?;
    crate::export::ExportProgress::export_all(&cfg)?;
    crate::export::ExportDone::export_all(&cfg)?;
    crate::files::ImageDrop::export_all(&cfg)?;
    crate::files::SheetMerge::export_all(&cfg)?;
    crate::desktop::CopiedImage::export_all(&cfg)?;
    travesia_store::SnapshotInfo::export_all(&cfg)?;
    travesia_store::HistoryState::export_all(&cfg)?;
    travesia_store::HistoryEntry::export_all(&cfg)?;
    travesia_core::Map::export_all(&cfg)?;
    travesia_core::Edit::export_all(&cfg)?;
    travesia_core::KindSpec::export_all(&cfg)?;
    travesia_core::Channel::export_all(&cfg)?;
    std::fs::write(dir.join("LANE_KINDS.ts"), lane_kinds_ts())?;
    std::fs::write(dir.join("EVIDENCE_WORDS.ts"), evidence_ts())?;
    std::fs::write(dir.join("CHANGE_WORDS.ts"), changes_ts())?;
    std::fs::write(dir.join("Commands.ts"), crate::ipc::typescript())?;
    Ok(())
}

/// The words a card's evidence takes, for the UI's choices, and the colour
/// of each confidence's badge (as the layout draws it).
fn evidence_ts() -> String {
    let list = |words: &[&str]| serde_json::to_string(words).unwrap_or_default();
    let colors: serde_json::Map<String, serde_json::Value> = travesia_core::model::CONFIDENCES
        .iter()
        .filter_map(|w| {
            let c = travesia_layout::poster::Confidence::of(w)?;
            Some((
                w.to_string(),
                serde_json::Value::String(c.color().to_string()),
            ))
        })
        .collect();
    format!(
        "// Generated from travesia_core::model (a card's evidence). Do not edit.\n\n\
         /** The words a card's evidence takes: how sure the team is of it (from least to most), and where it comes from. */\n\
         export const EVIDENCE_WORDS = {{\n  confidences: {},\n  sources: {},\n  colors: {},\n}} as const;\n",
        list(&travesia_core::model::CONFIDENCES),
        list(&travesia_core::model::SOURCES),
        serde_json::Value::Object(colors),
    )
}

/// A comparison's changes in the legend's order, with the colour each is
/// drawn in (the layout's), so the page's list matches the picture.
fn changes_ts() -> String {
    use travesia_core::compare::Change;
    let word = |c: Change| serde_json::to_value(c).unwrap_or_default();
    let order: Vec<serde_json::Value> = Change::ALL.into_iter().map(word).collect();
    let colors: serde_json::Map<String, serde_json::Value> = Change::ALL
        .into_iter()
        .map(|c| {
            let name = word(c).as_str().unwrap_or_default().to_string();
            let color = travesia_layout::poster::change_color(c).to_string();
            (name, serde_json::Value::String(color))
        })
        .collect();
    format!(
        "// Generated from travesia_core::compare and the layout's colours. Do not edit.\n\n\
         /** A comparison's changes, in the legend's order, and the colour each is drawn in. */\n\
         export const CHANGE_WORDS = {{\n  order: {},\n  colors: {},\n}} as const;\n",
        serde_json::Value::Array(order),
        serde_json::Value::Object(colors),
    )
}

/// The lane-kind table as data for the UI: what each kind holds and how it
/// is drawn come from Rust, so the page keeps no copy of a kind's rules.
fn lane_kinds_ts() -> String {
    let rows: Vec<String> = travesia_core::LaneKind::table()
        .iter()
        .map(|spec| format!("  {},", serde_json::to_string(spec).unwrap_or_default()))
        .collect();
    format!(
        "// Generated from travesia_core::kinds (the lane-kind table). Do not edit.\n\
         import type {{ KindSpec }} from \"./KindSpec\";\n\n\
         /** Every lane kind, in the order the UI offers them, with what it decides. */\n\
         export const LANE_KINDS: readonly KindSpec[] = [\n{}\n];\n",
        rows.join("\n")
    )
}
