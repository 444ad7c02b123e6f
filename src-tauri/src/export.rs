//! The export dialog: a preview of the page(s) with sizes, then the export
//! itself to a file the person chose, with progress and cancel.

use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;

use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Emitter, Runtime, State};
use travesia_core::{files, format, Map};
use travesia_layout::{Scene, Warning};
use travesia_render::paper::{self, Orientation, PageSetup, Paper};
use travesia_render::pdf::{self, PdfOptions};
use travesia_render::png::{self, PngError, PngOptions};
use travesia_render::sheet::{self, PrintSetup, Tiling};
use travesia_render::svg::{self, SvgOptions};

use crate::dialogs;
use crate::error::{AppError, ErrorCode};
use crate::home::data_uri;
use crate::state::{drawn, hidden_routes, AppState};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    Pdf,
    Png,
    Svg,
    Travesia,
}

impl ExportFormat {
    pub fn ext(self) -> &'static str {
        match self {
            ExportFormat::Pdf => "pdf",
            ExportFormat::Png => "png",
            ExportFormat::Svg => "svg",
            ExportFormat::Travesia => "travesia",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum PageOrientation {
    Auto,
    Portrait,
    Landscape,
}

/// Everything the dialog sets. `paper` is one of A4, A3, A2, A1, A0, Letter,
/// Tabloid, 24x36, fit; `tile` is A4 or A3 (PDF only).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct ExportOptions {
    pub format: ExportFormat,
    pub paper: String,
    pub orientation: PageOrientation,
    pub dpi: u32,
    pub margin_mm: f32,
    pub bleed_mm: f32,
    pub crop_marks: bool,
    pub tile: Option<String>,
    pub overlap_mm: f32,
    /// PNG: smaller file, slower.
    pub smaller: bool,
    /// Open the folder when the export is written.
    pub open_folder: bool,
}

/// A rectangle on the preview image, in its pixels.
#[derive(Clone, Debug, PartialEq, Serialize, ts_rs::TS)]
pub struct PreviewRect {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

/// What the dialog shows before writing anything.
#[derive(Clone, Debug, PartialEq, Serialize, ts_rs::TS)]
pub struct ExportPreview {
    /// The poster page as a `data:image/png` URI.
    pub image: String,
    pub image_w: u32,
    pub image_h: u32,
    /// For tiling: each sheet's part of the page on the image, row by row.
    pub sheets: Vec<PreviewRect>,
    /// How many pages (sheets) the file has.
    pub pages: u32,
    /// The page in millimetres (the poster page; tiles are A4/A3).
    pub width_mm: f32,
    pub height_mm: f32,
    /// The PNG's size in pixels (0 for other formats).
    pub width_px: u32,
    pub height_px: u32,
    /// The file's size: exact for PDF, SVG and .travesia, estimated for PNG.
    #[ts(type = "number")]
    pub bytes: u64,
    pub bytes_exact: bool,
    /// The smallest text on paper, in points (under 6 is hard to read).
    pub smallest_text_pt: f32,
    /// Characters no bundled font has (drawn as a visible replacement).
    pub missing_glyphs: String,
}

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

fn invalid(msg: impl Into<String>) -> AppError {
    AppError::new(ErrorCode::InvalidInput, msg)
}

/// The options as the renderers take them, or a clear refusal.
pub fn print_setup(o: &ExportOptions) -> Result<PrintSetup, AppError> {
    let paper = Paper::parse(&o.paper).ok_or_else(|| {
        invalid(format!(
            "{:?} is not a paper; allowed: {}",
            o.paper,
            Paper::NAMES.join(", ")
        ))
    })?;
    if !(0.0..=100.0).contains(&o.margin_mm) {
        return Err(invalid("the margin must be from 0 to 100 mm"));
    }
    if !(0.0..=sheet::BLEED_MAX_MM).contains(&o.bleed_mm) {
        return Err(invalid(format!(
            "the bleed must be from 0 to {} mm",
            sheet::BLEED_MAX_MM
        )));
    }
    if !(0.0..=sheet::OVERLAP_MAX_MM).contains(&o.overlap_mm) {
        return Err(invalid(format!(
            "the overlap must be from 0 to {} mm",
            sheet::OVERLAP_MAX_MM
        )));
    }
    let tiling = match &o.tile {
        None => None,
        Some(t) => {
            let p = match t.as_str() {
                "A4" => Paper::A4,
                "A3" => Paper::A3,
                _ => {
                    return Err(invalid(format!(
                        "{t:?} is not a tile paper; allowed: A4, A3"
                    )))
                }
            };
            if o.format != ExportFormat::Pdf {
                return Err(invalid(
                    "tiling makes several sheets, which only a PDF holds",
                ));
            }
            Some(Tiling {
                paper: p,
                overlap_mm: o.overlap_mm,
            })
        }
    };
    let printing = matches!(o.format, ExportFormat::Pdf | ExportFormat::Png);
    Ok(PrintSetup {
        page: PageSetup {
            paper,
            orientation: match o.orientation {
                PageOrientation::Auto => Orientation::Auto,
                PageOrientation::Portrait => Orientation::Portrait,
                PageOrientation::Landscape => Orientation::Landscape,
            },
            margin_mm: o.margin_mm,
        },
        bleed_mm: if printing { o.bleed_mm } else { 0.0 },
        crop_marks: printing && o.crop_marks,
        tiling,
    })
}

fn missing(scene: &Scene) -> String {
    scene
        .warnings
        .iter()
        .map(|w| {
            let Warning::MissingGlyphs { chars } = w;
            chars.as_str()
        })
        .collect()
}

fn pdf_options(map: &Map, setup: PrintSetup) -> PdfOptions {
    PdfOptions {
        print: setup,
        title: map.title.clone(),
        author: std::env::var("USER").unwrap_or_default(),
        lang: travesia_layout::poster::lang_of(map).to_string(),
    }
}

/// A PNG's size from its pixel count: what the bench posters compress to
/// (about 4.5 % of the raw pixels with the fast setting, 2.6 % with "smaller").
fn png_estimate(w: u32, h: u32, smaller: bool) -> u64 {
    let raw = w as u64 * h as u64 * 3;
    if smaller {
        raw * 26 / 1000
    } else {
        raw * 45 / 1000
    }
}

fn preview_of(
    state: &AppState,
    map: &Map,
    hidden: &[String],
    o: &ExportOptions,
) -> Result<ExportPreview, AppError> {
    let setup = print_setup(o)?;
    let scene = state.scene_of(&drawn(map, hidden))?;
    let page = travesia_render::preview::page_preview(&scene, &setup, 900)
        .map_err(|e| AppError::new(ErrorCode::Internal, e.to_string()))?;
    let (place, sheets) = sheet::sheets(&setup, scene.width, scene.height);
    let (width_px, height_px) = match (o.format, sheets.first()) {
        (ExportFormat::Png, Some(s)) => png::pixel_size(s, o.dpi.clamp(png::DPI_MIN, png::DPI_MAX)),
        _ => (0, 0),
    };
    let (bytes, exact) = match o.format {
        ExportFormat::Pdf => (
            pdf::to_pdf(&scene, &pdf_options(map, setup))
                .map_err(|e| AppError::new(ErrorCode::Internal, e.to_string()))?
                .len() as u64,
            true,
        ),
        ExportFormat::Png => (png_estimate(width_px, height_px, o.smaller), false),
        ExportFormat::Svg => (
            svg::to_svg(&scene, &SvgOptions::default()).len() as u64,
            true,
        ),
        ExportFormat::Travesia => {
            let doc = format::Document {
                map: map.clone(),
                extra: Default::default(),
            };
            (format::to_string(&doc).len() as u64, true)
        }
    };
    let mm = paper::PX_PER_MM;
    Ok(ExportPreview {
        image: data_uri(&page.png),
        image_w: page.width,
        image_h: page.height,
        sheets: page
            .sheets
            .iter()
            .map(|a| PreviewRect {
                x: a.x,
                y: a.y,
                w: a.w,
                h: a.h,
            })
            .collect(),
        pages: sheets.len() as u32,
        width_mm: page.page_w / mm,
        height_mm: page.page_h / mm,
        width_px,
        height_px,
        bytes,
        bytes_exact: exact,
        smallest_text_pt: paper::smallest_text_pt(scene.min_font_size, place.scale),
        missing_glyphs: missing(&scene),
    })
}

#[tauri::command(async)]
pub fn export_preview(
    state: State<'_, AppState>,
    id: String,
    options: ExportOptions,
) -> Result<ExportPreview, AppError> {
    let (map, hidden) = state.with_library(|lib| Ok((lib.load(&id)?, hidden_routes(lib, &id))))?;
    preview_of(&state, &map, &hidden, &options)
}

/// Writes the export to `path` (through a temporary file renamed into place,
/// so a failure or a cancel leaves nothing under the final name).
pub fn write_export(
    state: &AppState,
    map: &Map,
    hidden: &[String],
    o: &ExportOptions,
    path: &Path,
    mut progress: impl FnMut(f32),
) -> Result<u64, AppError> {
    let setup = print_setup(o)?;
    let io = |e: std::io::Error| {
        AppError::new(
            ErrorCode::Io,
            format!("cannot write {}: {e}", path.display()),
        )
    };
    let bytes = match o.format {
        ExportFormat::Travesia => {
            let doc = format::Document {
                map: map.clone(),
                extra: Default::default(),
            };
            let text = format::to_string(&doc);
            files::write_atomically(path, text.as_bytes()).map_err(io)?;
            text.len() as u64
        }
        ExportFormat::Svg => {
            let scene = state.scene_of(&drawn(map, hidden))?;
            let text = svg::to_svg(&scene, &SvgOptions::default());
            files::write_atomically(path, text.as_bytes()).map_err(io)?;
            text.len() as u64
        }
        ExportFormat::Pdf => {
            let scene = state.scene_of(&drawn(map, hidden))?;
            progress(0.3);
            let bytes = pdf::to_pdf(&scene, &pdf_options(map, setup))
                .map_err(|e| AppError::new(ErrorCode::Internal, e.to_string()))?;
            if state.cancelled() {
                return Err(AppError::new(
                    ErrorCode::Cancelled,
                    "the export was cancelled",
                ));
            }
            progress(0.8);
            files::write_atomically(path, &bytes).map_err(io)?;
            bytes.len() as u64
        }
        ExportFormat::Png => {
            let scene = state.scene_of(&drawn(map, hidden))?;
            let opts = PngOptions {
                print: setup,
                dpi: o.dpi,
                smaller: o.smaller,
            };
            let mut cancelled = false;
            let result = files::write_atomically_with(path, |w| {
                png::write_png(&scene, &opts, w, |f| {
                    progress(f);
                    !state.cancelled()
                })
                .map_err(|e| {
                    cancelled = matches!(e, PngError::Cancelled);
                    std::io::Error::other(e)
                })
            });
            match result {
                Ok(()) => std::fs::metadata(path).map(|m| m.len()).unwrap_or(0),
                Err(_) if cancelled => {
                    return Err(AppError::new(
                        ErrorCode::Cancelled,
                        "the export was cancelled",
                    ))
                }
                Err(e) => return Err(io(e)),
            }
        }
    };
    progress(1.0);
    Ok(bytes)
}

/// Asks where to write (the native dialog), then exports with progress
/// events. `None` when the dialog was cancelled.
#[tauri::command(async)]
pub fn export_map<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: String,
    options: ExportOptions,
    title: String,
) -> Result<Option<ExportDone>, AppError> {
    print_setup(&options)?;
    let (map, hidden) = state.with_library(|lib| Ok((lib.load(&id)?, hidden_routes(lib, &id))))?;
    let ext = options.format.ext();
    let name = dialogs::file_name(&map.title, ext);
    let Some(mut path) = dialogs::save_file(&app, &title, &name, &[(ext, &[ext])]) else {
        return Ok(None);
    };
    if path.extension().and_then(|e| e.to_str()) != Some(ext) {
        path.set_extension(ext);
    }
    state.export_cancel.store(false, Ordering::Relaxed);
    let mut last = -1.0f32;
    let bytes = write_export(&state, &map, &hidden, &options, &path, |fraction| {
        // A few dozen events per export at most.
        if fraction - last >= 0.02 || fraction >= 1.0 {
            last = fraction;
            let _ = app.emit("export-progress", ExportProgress { fraction });
        }
    })?;
    if let Ok(mut l) = state.last_export.lock() {
        *l = Some(path.clone());
    }
    if options.open_folder {
        show_folder(&path);
    }
    Ok(Some(ExportDone {
        path: path.display().to_string(),
        bytes,
    }))
}

#[tauri::command]
pub fn cancel_export(state: State<'_, AppState>) {
    state.export_cancel.store(true, Ordering::Relaxed);
}

/// Opens the folder of the last export in the file manager.
#[tauri::command]
pub fn show_last_export(state: State<'_, AppState>) -> Result<(), AppError> {
    let path: Option<PathBuf> = state.last_export.lock().ok().and_then(|l| l.clone());
    match path {
        Some(p) => {
            show_folder(&p);
            Ok(())
        }
        None => Err(AppError::new(
            ErrorCode::NotFound,
            "nothing has been exported yet",
        )),
    }
}

fn show_folder(path: &Path) {
    if let Some(dir) = path.parent() {
        // The desktop's file manager; nothing is waited for, and a desktop
        // without one simply shows nothing.
        let _ = std::process::Command::new("xdg-open")
            .arg(dir)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn();
    }
}
