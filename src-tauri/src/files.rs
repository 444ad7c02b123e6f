//! `.travesia` files in and out of the library, and persona photos from disk.
//!
//! A file reaches the app from the Open dialog, from the command line
//! (`travesia FILE.travesia`, which is also how the desktop's file association
//! starts it), from a second start while the app runs, or dropped on the
//! window. Each is imported whole or not at all, and the outcome waits in
//! [`AppState`] until the page takes it (`take_opened_files`), so a file given
//! before the page has loaded is not lost.

use std::path::{Path, PathBuf};

use serde::Serialize;
use std::sync::atomic::AtomicBool;

use tauri::{AppHandle, Emitter, Manager, Runtime};
use travesia_api::export::{self, ExportFormat, ExportOptions, Source};
use travesia_api::import::{self, FileError, OpenedFile};

use crate::dialogs;
use crate::ipc::Cx;
use crate::state::AppState;
use travesia_api::settings;
use travesia_api::{AppError, ErrorCode};

/// Reads and imports one file; the library is untouched when it is refused.
/// A refused file's problems are in `lang`'s words, and its valid part, if
/// any, waits in the state for [`import_valid_part`].
pub fn import_path(state: &AppState, path: &Path, lang: &str) -> OpenedFile {
    // Read and checked before the library is locked: a large file keeps no edit waiting.
    let mut notes = Vec::new();
    let result = import::read_with_notes(path, lang).and_then(|(doc, said)| {
        notes = said;
        state
            .with_library(|lib| Ok(import::import_document(lib, doc, lang)))
            .unwrap_or_else(|e| Err(FileError::whole(e.code, e.message, None)))
    });
    let (id, error) = match result {
        Ok(id) => (Some(id), None),
        Err(e) => {
            notes.clear();
            (None, Some(e))
        }
    };
    let mut file = OpenedFile {
        path: path.display().to_string(),
        id,
        error,
        notes,
    };
    state.keep_valid_part(&mut file);
    file
}

/// The language of the window's words: the one chosen in it, else the system's.
pub(crate) fn window_lang(state: &AppState) -> String {
    state
        .with_library(|lib| settings::get(lib, "ui.lang"))
        .ok()
        .flatten()
        .filter(|l| l != "system")
        .unwrap_or_else(settings::system_locale)
}

/// Imports files handed to the app from outside the page (command line,
/// second start, drop) and tells the page they are waiting.
pub fn open_paths<R: Runtime>(app: &AppHandle<R>, paths: Vec<std::path::PathBuf>) {
    if paths.is_empty() {
        return;
    }
    let state = app.state::<AppState>();
    let lang = window_lang(&state);
    let opened: Vec<OpenedFile> = paths
        .iter()
        .map(|p| import_path(&state, p, &lang))
        .collect();
    state.push_opened(opened);
    let _ = app.emit("files-opened", ());
}

/// The files opened from outside the page since it last asked.
pub fn take_opened_files<R: Runtime>(cx: &Cx<R>) -> Result<Vec<OpenedFile>, AppError> {
    Ok(cx.state().take_opened())
}

/// File → Open: the chooser, then the import. `None` when cancelled.
pub fn open_file<R: Runtime>(
    cx: &Cx<R>,
    title: String,
    lang: String,
) -> Result<Option<OpenedFile>, AppError> {
    let filters: &[dialogs::Filter] = &[
        (
            "Travesía",
            &[
                "travesia", "json", "pdf", "png", "svg", "csv", "xlsx", "mmd", "PDF", "PNG", "SVG",
                "CSV", "XLSX", "MMD",
            ],
        ),
        ("Travesía (.travesia)", &["travesia", "json"]),
        ("PDF, PNG, SVG", &["pdf", "png", "svg", "PDF", "PNG", "SVG"]),
        ("CSV, XLSX", &["csv", "xlsx", "CSV", "XLSX"]),
        ("Mermaid", &["mmd", "mermaid", "MMD"]),
    ];
    Ok(dialogs::pick_file(cx.app(), &title, filters)
        .map(|path| import_path(cx.state(), &path, &lang)))
}

/// Imports the valid part of a refused file (named by its token); the new map's id.
pub fn import_valid_part<R: Runtime>(
    cx: &Cx<R>,
    token: u32,
    lang: String,
) -> Result<String, AppError> {
    let doc = cx.state().take_valid_part(token).ok_or_else(|| {
        AppError::new(
            ErrorCode::NotFound,
            "that file's valid part is no longer at hand; open the file again",
        )
    })?;
    cx.state()
        .with_library(|lib| Ok(import::import_document(lib, doc, &lang)))?
        .map_err(|e| AppError::new(e.code, e.message))
}

/// File → Save as: writes the map as a `.travesia` file where the person
/// chose. Answers with the path, or `None` when cancelled.
pub fn save_map_file<R: Runtime>(
    cx: &Cx<R>,
    id: String,
    title: String,
) -> Result<Option<String>, AppError> {
    let state = cx.state();
    let source = state.with_library(|lib| Source::from_library(lib, &id))?;
    let name = dialogs::file_name(&source.doc.map.title, "travesia");
    let Some(path) = dialogs::save_file(cx.app(), &title, &name, &[("Travesía", &["travesia"])])
    else {
        return Ok(None);
    };
    let options = ExportOptions::new(ExportFormat::Travesia);
    let never = AtomicBool::new(false);
    export::write(&state.engine, &source, &options, &path, |_| {}, &never)?;
    Ok(Some(path.display().to_string()))
}

/// A worksheet read against a map: the edit it makes and its words, or why
/// it is refused.
#[derive(Clone, Debug, PartialEq, Serialize, ts_rs::TS)]
pub struct SheetMerge {
    pub path: String,
    /// The one edit (a batch: one undo takes it back); null when the sheet
    /// says what the map says, or is refused.
    pub edit: Option<travesia_core::Edit>,
    /// "Hoja leída en el mapa: 3 tarjetas nuevas…".
    pub words: String,
    pub error: Option<FileError>,
}

/// File → Update from a worksheet: the chooser, then the sheet read against
/// map `id` (nothing is applied here: the page sends the edit as any other,
/// so it is undone as one). `None` when cancelled.
pub fn read_worksheet<R: Runtime>(
    cx: &Cx<R>,
    id: String,
    title: String,
    lang: String,
) -> Result<Option<SheetMerge>, AppError> {
    let filters: &[dialogs::Filter] = &[("CSV, XLSX", &["csv", "xlsx", "CSV", "XLSX"])];
    let Some(path) = dialogs::pick_file(cx.app(), &title, filters) else {
        return Ok(None);
    };
    let map = cx.state().with_library(|lib| Ok(lib.load(&id)?))?;
    let shown = path.display().to_string();
    Ok(Some(
        match travesia_api::sheets::merge(&map, &path, &lang) {
            Ok(m) => SheetMerge {
                path: shown,
                edit: m.edit,
                words: m.words,
                error: None,
            },
            Err(e) => SheetMerge {
                path: shown,
                edit: None,
                words: String::new(),
                error: Some(e),
            },
        },
    ))
}

/// A persona photo from a file: decoded and written again as PNG or JPEG
/// (at most 512 px a side). `None` when cancelled.
pub fn pick_photo<R: Runtime>(cx: &Cx<R>, title: String) -> Result<Option<String>, AppError> {
    let Some(path) = dialogs::pick_file(
        cx.app(),
        &title,
        &[("PNG, JPEG", &["png", "jpg", "jpeg", "PNG", "JPG", "JPEG"])],
    ) else {
        return Ok(None);
    };
    photo_from(&path).map(Some)
}

/// A logo from a file (PNG, JPEG or SVG): a picture decoded and written
/// again, an SVG drawn to a PNG first (`travesia_render::logo`), at most
/// 1,024 px a side. `None` when cancelled.
pub fn pick_logo<R: Runtime>(cx: &Cx<R>, title: String) -> Result<Option<String>, AppError> {
    let Some(path) = dialogs::pick_file(
        cx.app(),
        &title,
        &[(
            "PNG, JPEG, SVG",
            &["png", "jpg", "jpeg", "svg", "PNG", "JPG", "JPEG", "SVG"],
        )],
    ) else {
        return Ok(None);
    };
    logo_from(&path).map(Some)
}

/// A card's image from a file (PNG, JPEG or WebP): decoded and written
/// again, at most 2,048 px a side. `None` when cancelled.
pub fn pick_image<R: Runtime>(cx: &Cx<R>, title: String) -> Result<Option<String>, AppError> {
    let Some(path) = dialogs::pick_file(
        cx.app(),
        &title,
        &[(
            "PNG, JPEG, WebP",
            &["png", "jpg", "jpeg", "webp", "PNG", "JPG", "JPEG", "WEBP"],
        )],
    ) else {
        return Ok(None);
    };
    image_from(&path).map(Some)
}

/// A card's image file as the map keeps it (see [`pick_image`]).
pub fn image_from(path: &Path) -> Result<String, AppError> {
    let bytes = read_picture(path)?;
    travesia_store::photo::clean_image(&bytes)
        .map_err(|e| AppError::new(ErrorCode::InvalidInput, e.to_string()))
}

/// A logo file as the map keeps it (see [`pick_logo`]).
pub fn logo_from(path: &Path) -> Result<String, AppError> {
    let bytes = read_picture(path)?;
    let refused = |e: String| AppError::new(ErrorCode::InvalidInput, e);
    let picture = if travesia_render::logo::is_svg(&bytes) {
        travesia_render::logo::svg_to_png(&bytes).map_err(|e| refused(e.to_string()))?
    } else {
        bytes
    };
    travesia_store::photo::clean_logo(&picture).map_err(|e| refused(e.to_string()))
}

/// A picture file's bytes, up to 32 MiB.
fn read_picture(path: &Path) -> Result<Vec<u8>, AppError> {
    let unreadable = |e: std::io::Error| {
        AppError::new(
            ErrorCode::Io,
            format!("cannot read {}: {e}", path.display()),
        )
    };
    let meta = std::fs::metadata(path).map_err(unreadable)?;
    if meta.len() > 32 * 1024 * 1024 {
        return Err(AppError::new(
            ErrorCode::InvalidInput,
            "the picture file is over 32 MiB",
        ));
    }
    std::fs::read(path).map_err(unreadable)
}

/// A photo file as the format keeps it: read (up to 32 MiB), checked and
/// re-encoded, as a data URI.
pub fn photo_from(path: &Path) -> Result<String, AppError> {
    let bytes = read_picture(path)?;
    travesia_store::photo::clean_bytes(&bytes)
        .map_err(|e| AppError::new(ErrorCode::InvalidInput, e.to_string()))
}

/// Where an image was dropped on the window, for the page to find the
/// persona, card or cell under it (the `image-dropped` event).
#[derive(Clone, Debug, PartialEq, Serialize, ts_rs::TS)]
pub struct ImageDrop {
    /// Names the image for [`dropped_photo`].
    pub token: u32,
    /// The file's name, for what the page says about it.
    pub name: String,
    /// In CSS pixels from the page's top left corner.
    pub x: f64,
    pub y: f64,
}

/// Whether a dropped file is taken for a photo (by its extension) rather
/// than for a map.
pub fn is_image(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        matches!(
            e.to_ascii_lowercase().as_str(),
            "png" | "jpg" | "jpeg" | "webp"
        )
    })
}

/// Files dropped on the window: maps are imported, and so are posters that
/// carry their map (a PNG among them); other images wait for the page, which
/// sets the photo of the persona they were dropped on, or the image of the
/// card (or of a new card in the cell).
pub fn dropped<R: Runtime>(app: &AppHandle<R>, paths: Vec<PathBuf>, x: f64, y: f64) {
    let (images, maps): (Vec<PathBuf>, Vec<PathBuf>) = paths
        .into_iter()
        .partition(|p| is_image(p) && !import::carries_map(p));
    open_paths(app, maps);
    let state = app.state::<AppState>();
    for path in images {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let token = state.keep_dropped_image(path);
        let _ = app.emit("image-dropped", ImageDrop { token, name, x, y });
    }
}

/// The card image a dropped image makes (re-encoded as a picked one is).
pub fn dropped_image<R: Runtime>(cx: &Cx<R>, token: u32) -> Result<String, AppError> {
    let path = cx.state().take_dropped_image(token).ok_or_else(|| {
        AppError::new(ErrorCode::NotFound, "that dropped image is no longer kept")
    })?;
    image_from(&path)
}

/// The photo a dropped image makes (re-encoded as a picked one is).
pub fn dropped_photo<R: Runtime>(cx: &Cx<R>, token: u32) -> Result<String, AppError> {
    let path = cx.state().take_dropped_image(token).ok_or_else(|| {
        AppError::new(ErrorCode::NotFound, "that dropped image is no longer kept")
    })?;
    photo_from(&path)
}
