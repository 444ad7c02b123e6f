//! The export dialog's commands: a preview of the page(s) with sizes, then
//! the export itself to a file the person chose, with progress and cancel.
//! The options, the rules and the writers are the shared layer's
//! (`travesia_api::export`), the same the command line uses.

use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;

use serde::Serialize;
use tauri::{Emitter, Runtime};
use travesia_api::export::{self, ExportOptions, ExportPreview, Source};
use travesia_api::{AppError, ErrorCode};
use travesia_i18n::Catalogue;

use crate::dialogs;
use crate::ipc::Cx;
use crate::state::AppState;

/// Progress of the running export, as the `export-progress` event carries it.
#[derive(Clone, Debug, PartialEq, Serialize, ts_rs::TS)]
pub struct ExportProgress {
    /// 0 to 1.
    pub fraction: f32,
}

#[derive(Clone, Debug, PartialEq, Serialize, ts_rs::TS)]
pub struct ExportDone {
    pub path: String,
    #[ts(type = "number")]
    pub bytes: u64,
}

pub fn export_preview<R: Runtime>(
    cx: &Cx<R>,
    id: String,
    options: ExportOptions,
) -> Result<ExportPreview, AppError> {
    let state = cx.state();
    let source = state.with_library(|lib| Source::for_export(lib, &id, &options))?;
    let mut preview = export::preview(&state.engine, &source, &options)?;
    // What the file leaves out is told to the person: in the window's words,
    // whatever the map's language (the file itself speaks the map's).
    if !preview.left_out.is_empty() {
        let lang = crate::files::window_lang(state);
        preview.left_out = export::left_out(&source, &options, Catalogue::of(&lang));
    }
    Ok(preview)
}

/// Writes map `id` to `path` as `options` say: what [`export_map`] does once
/// the person has chosen where. The dialog's Cancel stops it.
pub fn export_to(
    state: &AppState,
    id: &str,
    options: &ExportOptions,
    path: &Path,
    progress: impl FnMut(f32),
) -> Result<u64, AppError> {
    let source = state.with_library(|lib| Source::for_export(lib, id, options))?;
    write_source(state, &source, options, path, progress)
}

fn write_source(
    state: &AppState,
    source: &Source,
    options: &ExportOptions,
    path: &Path,
    progress: impl FnMut(f32),
) -> Result<u64, AppError> {
    state.export_cancel.store(false, Ordering::Relaxed);
    let report = export::write(
        &state.engine,
        source,
        options,
        path,
        progress,
        &state.export_cancel,
    )?;
    Ok(report.bytes)
}

/// Asks where to write (the native dialog), then exports with progress
/// events. `None` when the dialog was cancelled.
pub fn export_map<R: Runtime>(
    cx: &Cx<R>,
    id: String,
    options: ExportOptions,
    title: String,
) -> Result<Option<ExportDone>, AppError> {
    export::print_setup(&options)?;
    let source = cx
        .state()
        .with_library(|lib| Source::for_export(lib, &id, &options))?;
    save_as(cx, &source, options, title)
}

/// The change poster of two states of map `id` compared (versions; None is
/// the map now), as [`export_map`] writes a map.
pub fn export_comparison<R: Runtime>(
    cx: &Cx<R>,
    id: String,
    from: Option<i64>,
    to: Option<i64>,
    options: ExportOptions,
    title: String,
) -> Result<Option<ExportDone>, AppError> {
    export::print_setup(&options)?;
    let source = cx
        .state()
        .with_library(|lib| travesia_api::compare::source(lib, &id, from, to))?
        .0;
    save_as(cx, &source, options, title)
}

/// Asks where to write `source` (the native dialog titled `title`), then
/// writes it with progress events. `None` when the dialog was cancelled.
fn save_as<R: Runtime>(
    cx: &Cx<R>,
    source: &Source,
    options: ExportOptions,
    title: String,
) -> Result<Option<ExportDone>, AppError> {
    let (app, state) = (cx.app(), cx.state());
    let ext = options.format.ext();
    let name = dialogs::file_name(&source.doc.map.title, ext);
    let Some(mut path) = dialogs::save_file(app, &title, &name, &[(ext, &[ext])]) else {
        return Ok(None);
    };
    if path.extension().and_then(|e| e.to_str()) != Some(ext) {
        path.set_extension(ext);
    }
    let mut last = -1.0f32;
    let bytes = write_source(state, source, &options, &path, |fraction| {
        // A few dozen events per export at most.
        if fraction - last >= 0.02 || fraction >= 1.0 {
            last = fraction;
            let _ = app.emit("export-progress", ExportProgress { fraction });
        }
    })?;
    if let Ok(mut l) = state.last_export.lock() {
        *l = Some(path.clone());
    }
    log::info!("exported {} ({bytes} bytes)", path.display());
    if options.open_folder {
        // The file is written: a desktop without a file manager only logs it.
        if let Err(e) = crate::desktop::reveal(&path) {
            log::warn!("{e}");
        }
    }
    Ok(Some(ExportDone {
        path: path.display().to_string(),
        bytes,
    }))
}

pub fn cancel_export<R: Runtime>(cx: &Cx<R>) -> Result<(), AppError> {
    cx.state().export_cancel.store(true, Ordering::Relaxed);
    Ok(())
}

/// Shows the last exported file in the file manager.
pub fn show_last_export<R: Runtime>(cx: &Cx<R>) -> Result<(), AppError> {
    let path: Option<PathBuf> = cx.state().last_export.lock().ok().and_then(|l| l.clone());
    match path {
        Some(p) => crate::desktop::reveal(&p),
        None => Err(AppError::new(
            ErrorCode::NotFound,
            "nothing has been exported yet",
        )),
    }
}
