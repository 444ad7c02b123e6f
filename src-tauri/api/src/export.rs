//! Export, written once for the window and the command line: one options
//! type, one print setup made from it, one writer per format. Both front ends
//! read the map the same way ([`Source`]): its unknown top-level fields are
//! kept in a `.travesia` file, and the routes the person hid are left out of
//! every poster (PDF, PNG, SVG). A `.travesia` file is the map itself, so it
//! keeps every route; hiding is a way of looking, stored beside the map.

use std::borrow::Cow;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use serde::{Deserialize, Serialize};
use travesia_core::format::{self, Document};
use travesia_core::{files, Map};
use travesia_layout::poster::Look;
use travesia_layout::{Scene, Warning};
use travesia_render::paper::{self, Orientation, PageSetup, Paper};
use travesia_render::pdf::{self, PdfOptions};
use travesia_render::png::{self, PngError, PngOptions};
use travesia_render::sheet::{self, PrintSetup, Tiling};
use travesia_render::svg::{self, SvgOptions};
use travesia_store::Library;

use crate::error::{AppError, ErrorCode};
use crate::hidden::{drawn, hidden_routes, newest_version, persona_filter};
use crate::session::Engine;
use crate::sheets::{self, CsvConvention, SheetKind, SheetLayout};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    Pdf,
    Png,
    Svg,
    Travesia,
    /// A spreadsheet as CSV (see [`crate::sheets`]).
    Csv,
    /// A spreadsheet as an XLSX workbook.
    Xlsx,
    /// A Mermaid `journey` diagram.
    Mmd,
    /// Slides for presenters (see [`travesia_formats::pptx`]).
    Pptx,
}

impl ExportFormat {
    pub const ALL: [ExportFormat; 8] = [
        ExportFormat::Pdf,
        ExportFormat::Png,
        ExportFormat::Svg,
        ExportFormat::Travesia,
        ExportFormat::Csv,
        ExportFormat::Xlsx,
        ExportFormat::Mmd,
        ExportFormat::Pptx,
    ];

    pub fn ext(self) -> &'static str {
        match self {
            ExportFormat::Pdf => "pdf",
            ExportFormat::Png => "png",
            ExportFormat::Svg => "svg",
            ExportFormat::Travesia => "travesia",
            ExportFormat::Csv => "csv",
            ExportFormat::Xlsx => "xlsx",
            ExportFormat::Mmd => "mmd",
            ExportFormat::Pptx => "pptx",
        }
    }

    /// The spreadsheet kind of a spreadsheet format.
    pub fn sheet(self) -> Option<SheetKind> {
        match self {
            ExportFormat::Csv => Some(SheetKind::Csv),
            ExportFormat::Xlsx => Some(SheetKind::Xlsx),
            _ => None,
        }
    }

    /// Whether the file is the map as data for another tool (a spreadsheet,
    /// a diagram): written without a layout.
    pub fn is_data(self) -> bool {
        matches!(
            self,
            ExportFormat::Csv | ExportFormat::Xlsx | ExportFormat::Mmd
        )
    }

    /// Whether the file is a poster (a picture of the map).
    pub fn is_poster(self) -> bool {
        matches!(
            self,
            ExportFormat::Pdf | ExportFormat::Png | ExportFormat::Svg
        )
    }

    /// The format a file name asks for by its extension (any case).
    pub fn of_path(path: &Path) -> Option<ExportFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        ExportFormat::ALL.into_iter().find(|f| f.ext() == ext)
    }

    /// Whether the file is printed (bleed and crop marks apply).
    pub fn is_print(self) -> bool {
        matches!(self, ExportFormat::Pdf | ExportFormat::Png)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum PageOrientation {
    Auto,
    Portrait,
    Landscape,
}

/// Everything an export is set with. `paper` is one of A4, A3, A2, A1, A0,
/// Letter, Tabloid, 24x36, fit; `tile` is A4 or A3 (PDF only).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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
    /// The window opens the folder when the export is written.
    pub open_folder: bool,
    /// Routes and emotion curves told apart by line pattern and marker as
    /// well as by colour (for colour-blind readers). Not in a `.travesia`
    /// file, which is the map itself.
    #[serde(default)]
    pub patterns: bool,
    /// Cards' evidence printed: their confidence badges, sources and
    /// notes, and the badges' legend. Not in a `.travesia` file, which
    /// keeps the evidence always.
    #[serde(default = "yes")]
    pub evidence: bool,
    /// One persona's journey: that persona, its curves and the general
    /// curve (see [`Map::for_persona`]); none prints every persona. Not in
    /// a `.travesia` file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub persona: Option<String>,
    /// A poster (PDF, PNG, SVG) carries the whole map inside it, so it opens
    /// again as the map (see [`travesia_render::embed`]).
    #[serde(default = "yes")]
    pub embed_map: bool,
    /// A spreadsheet's layout (CSV, XLSX).
    #[serde(default)]
    pub layout: SheetLayout,
    /// A CSV file's separator and decimal mark.
    #[serde(default)]
    pub csv_style: CsvConvention,
    /// PDF: the map and the maps it links to (its map set, see
    /// [`Source::with_set`]) in one file, with a bookmark for each map and
    /// its links working inside the file.
    #[serde(default)]
    pub map_set: bool,
}

fn yes() -> bool {
    true
}

impl ExportOptions {
    /// The settings a new export starts with: an A1 poster, 150 dpi, 10 mm
    /// margins, the page exactly the paper (no bleed, no crop marks: those
    /// are the print-shop preset, [`ExportOptions::print_shop`]).
    pub fn new(format: ExportFormat) -> ExportOptions {
        ExportOptions {
            format,
            paper: "A1".into(),
            orientation: PageOrientation::Auto,
            dpi: 150,
            margin_mm: 10.0,
            bleed_mm: 0.0,
            crop_marks: false,
            tile: None,
            overlap_mm: 10.0,
            smaller: false,
            open_folder: false,
            patterns: false,
            evidence: true,
            persona: None,
            embed_map: true,
            layout: SheetLayout::Tidy,
            csv_style: CsvConvention::Auto,
            map_set: false,
        }
    }
}

impl ExportOptions {
    /// The print-shop preset: the 3 mm bleed print shops ask for, and crop
    /// marks outside it, together.
    pub fn print_shop(mut self) -> ExportOptions {
        self.bleed_mm = sheet::PRINT_SHOP_BLEED_MM;
        self.crop_marks = true;
        self
    }
}

/// A rectangle on the preview image, in its pixels.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PreviewRect {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

/// What the export dialog shows before writing anything.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub bytes: u64,
    pub bytes_exact: bool,
    /// The smallest text on paper, in points (under 6 is hard to read).
    pub smallest_text_pt: f32,
    /// Characters no bundled font has (drawn as a visible replacement).
    pub missing_glyphs: String,
    /// What of the map the format cannot hold, in words (a spreadsheet's).
    pub left_out: Vec<String>,
}

/// What a written export was: for the window's answer and the CLI's warnings.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportReport {
    pub bytes: u64,
    /// Pages (sheets) in the file.
    pub pages: u32,
    /// The smallest text on paper, in points, for a printed format.
    pub smallest_text_pt: Option<f32>,
    /// Characters no bundled font has (drawn as a visible replacement).
    pub missing_glyphs: String,
    /// What of the map the format cannot hold, in words (a spreadsheet's).
    pub left_out: Vec<String>,
}

/// Text under this size on paper is hard to read.
pub const SMALL_TEXT_PT: f32 = 6.0;

/// A map as it is exported: the document (with its unknown top-level fields)
/// and the routes the person hid.
#[derive(Clone, Debug)]
pub struct Source {
    pub doc: Document,
    pub hidden: Vec<String>,
    /// The persona whose journey the window shows of it (none: every
    /// persona's); what Print and Copy as image draw.
    pub persona: Option<String>,
    /// The name of the map's newest version, for a footer that names it.
    pub version: Option<String>,
    /// The titles of the maps it links to that the library holds.
    pub links: std::collections::BTreeMap<String, String>,
    /// The other maps of its map set (see [`Source::with_set`]): empty
    /// unless asked for.
    pub set: Vec<Source>,
    /// Two of its versions compared: what its posters mark (see
    /// [`crate::compare::source`]).
    pub changes: Option<travesia_layout::poster::ChangeMarks>,
}

/// The most maps a map set prints: the map and the maps it links to,
/// theirs in turn, up to this many.
pub const MAP_SET_MAX: usize = 50;

impl Source {
    /// Map `id` of the library, with its hidden routes.
    pub fn from_library(lib: &mut Library, id: &str) -> Result<Source, AppError> {
        let doc = lib.export(id)?;
        let persona = persona_filter(lib, id, &doc.map);
        let links = lib.link_titles(&doc.map)?;
        Ok(Source {
            doc,
            hidden: hidden_routes(lib, id),
            persona,
            version: newest_version(lib, id),
            links,
            set: Vec::new(),
            changes: None,
        })
    }

    /// A document read from a file: nothing is hidden.
    pub fn from_document(doc: Document) -> Source {
        Source {
            doc,
            hidden: Vec::new(),
            persona: None,
            version: None,
            links: Default::default(),
            set: Vec::new(),
            changes: None,
        }
    }

    /// The map as posters draw it: without its hidden routes, and as one
    /// persona's journey when `persona` names one of its personas.
    pub fn drawn(&self, persona: Option<&str>) -> Cow<'_, Map> {
        drawn(&self.doc.map, &self.hidden, persona)
    }

    /// The map as posters and slides print it: as [`Source::drawn`] draws
    /// it, without the lanes marked not to print.
    pub fn printed(&self, persona: Option<&str>) -> Cow<'_, Map> {
        match self.drawn(persona) {
            Cow::Borrowed(m) => m.printed(),
            Cow::Owned(m) => Cow::Owned(m.printed().into_owned()),
        }
    }

    /// How its posters are drawn beyond the map: patterns or not, the
    /// cards' evidence or not, and the version a footer names.
    pub fn look(&self, patterns: bool, evidence: bool) -> Look {
        Look {
            extra: 0.0,
            patterns,
            version: self.version.clone(),
            hide_evidence: !evidence,
            links: self.links.clone(),
            changes: self.changes.clone(),
            date: None,
        }
    }

    /// Map `id` of the library as an export with options `o` takes it:
    /// with its map set when `o` asks for one (a PDF only).
    pub fn for_export(lib: &mut Library, id: &str, o: &ExportOptions) -> Result<Source, AppError> {
        let src = Source::from_library(lib, id)?;
        if o.map_set && o.format == ExportFormat::Pdf {
            src.with_set(lib)
        } else {
            Ok(src)
        }
    }

    /// With its map set: the maps it links to that the library holds, the
    /// maps those link to in turn, and so on, each once, nearest first (at
    /// most [`MAP_SET_MAX`] maps in all, itself included).
    pub fn with_set(mut self, lib: &mut Library) -> Result<Source, AppError> {
        // The maps a source links to that the library holds (and not in the bin).
        let held = |src: &Source| -> Vec<String> {
            src.doc
                .map
                .linked_maps()
                .into_iter()
                .filter(|id| src.links.contains_key(*id))
                .map(str::to_string)
                .collect()
        };
        let mut seen: Vec<String> = vec![self.doc.map.id.clone()];
        let mut queue: std::collections::VecDeque<String> = held(&self).into();
        let mut set = Vec::new();
        while let Some(id) = queue.pop_front() {
            if seen.contains(&id) {
                continue;
            }
            if seen.len() >= MAP_SET_MAX {
                break;
            }
            seen.push(id.clone());
            let src = Source::from_library(lib, &id)?;
            queue.extend(held(&src));
            set.push(src);
        }
        self.set = set;
        Ok(self)
    }

    /// What a poster made with options `o` carries inside it: the whole map
    /// as a `.travesia` document (every persona and route, whatever the
    /// poster shows), unless the options leave it out.
    pub fn carried(&self, o: &ExportOptions) -> Option<Vec<u8>> {
        (o.embed_map && o.format.is_poster()).then(|| format::to_string(&self.doc).into_bytes())
    }

    /// The Scene a poster of it prints with options `o`, and the setup it
    /// prints with (see [`poster_scene`]).
    pub fn poster(
        &self,
        engine: &Engine,
        setup: &PrintSetup,
        o: &ExportOptions,
    ) -> Result<(Scene, PrintSetup), AppError> {
        let map = self.printed(o.persona.as_deref());
        poster_scene(
            engine,
            &map,
            setup,
            o.format,
            self.look(o.patterns, o.evidence),
        )
    }
}

fn invalid(msg: impl Into<String>) -> AppError {
    AppError::new(ErrorCode::InvalidInput, msg)
}

fn internal(e: impl std::fmt::Display) -> AppError {
    AppError::new(ErrorCode::Internal, e.to_string())
}

fn cancelled() -> AppError {
    AppError::new(ErrorCode::Cancelled, "the export was cancelled")
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
    if o.format == ExportFormat::Png && !(png::DPI_MIN..=png::DPI_MAX).contains(&o.dpi) {
        return Err(invalid(format!(
            "the resolution must be from {} to {} dpi",
            png::DPI_MIN,
            png::DPI_MAX
        )));
    }
    let tiling = match &o.tile {
        None => None,
        Some(t) => {
            let p = match Paper::parse(t) {
                Some(p @ (Paper::A4 | Paper::A3)) => p,
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
    let printing = o.format.is_print();
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

fn pdf_options(src: &Source, setup: PrintSetup, o: &ExportOptions) -> PdfOptions {
    let map = &src.doc.map;
    PdfOptions {
        print: setup,
        title: map.title.clone(),
        author: std::env::var("USER").unwrap_or_default(),
        lang: travesia_layout::poster::lang_of(map).to_string(),
        embed: src.carried(o),
    }
}

/// The map set's PDF: the map's poster (`first`, made already) and each
/// linked map's, with the same paper and look; none carries its map inside.
fn map_set_bytes(
    engine: &Engine,
    src: &Source,
    first: (&Scene, PrintSetup),
    o: &ExportOptions,
    progress: &mut dyn FnMut(f32) -> bool,
) -> Result<Vec<u8>, AppError> {
    let setup = print_setup(o)?;
    let plain = ExportOptions {
        embed_map: false,
        persona: None,
        ..o.clone()
    };
    let mut made = vec![(first.0.clone(), pdf_options(src, first.1, &plain), src)];
    for part in &src.set {
        let (scene, fixed) = part.poster(engine, &setup, &plain)?;
        made.push((scene, pdf_options(part, fixed, &plain), part));
    }
    let parts: Vec<travesia_render::mapset::SetPart> = made
        .iter()
        .map(|(scene, opts, s)| travesia_render::mapset::SetPart {
            scene,
            opts,
            id: &s.doc.map.id,
        })
        .collect();
    let main = &made[0].1;
    travesia_render::mapset::map_set_pdf(&parts, &main.title, &main.author, progress).map_err(|e| {
        match e {
            pdf::PdfError::Cancelled => cancelled(),
            other => internal(other),
        }
    })
}

fn svg_options(src: &Source, o: &ExportOptions) -> SvgOptions {
    SvgOptions {
        embed: src.carried(o),
        ..SvgOptions::default()
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

/// A PNG as a `data:` URI, for the page to show.
pub fn data_uri(png: &[u8]) -> String {
    use base64::Engine as _;
    format!(
        "data:image/png;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(png)
    )
}

/// How much wider than their own width the columns of a poster may grow.
pub const WIDEN_MAX: f32 = 1.0;

/// The Scene a poster prints, and the setup it prints with. On a paper
/// whose printable area is wider than the map (it would leave side margins)
/// the columns widen to fill it, up to twice their width; the orientation is
/// the one the map at its own width chose, so widening never turns the page.
/// An SVG, or a page the size of the map, gets the map as on screen.
pub fn poster_scene(
    engine: &Engine,
    map: &Map,
    setup: &PrintSetup,
    format: ExportFormat,
    look: Look,
) -> Result<(Scene, PrintSetup), AppError> {
    let scene = engine.scene_with(map, look.clone())?;
    if !format.is_print() || setup.page.paper.size_mm().is_none() || map.stages.is_empty() {
        return Ok((scene, *setup));
    }
    let place = setup.page.place(scene.width, scene.height);
    let mut fixed = *setup;
    fixed.page.orientation = if place.page_w > place.page_h {
        Orientation::Landscape
    } else {
        Orientation::Portrait
    };
    let margin = setup.page.margin_mm.max(0.0) * paper::PX_PER_MM;
    let (aw, ah) = (
        (place.page_w - 2.0 * margin).max(1.0),
        (place.page_h - 2.0 * margin).max(1.0),
    );
    let room = scene.height * aw / ah - scene.width;
    let columns: f32 = map
        .stages
        .iter()
        .map(travesia_layout::poster::stage_width)
        .sum();
    let extra = room.min(columns * WIDEN_MAX);
    // Less than a few units is not worth laying the map out again.
    if extra < 4.0 {
        return Ok((scene, fixed));
    }
    Ok((engine.scene_with(map, Look { extra, ..look })?, fixed))
}

/// The export dialog's preview: the page, its size, the file's size.
pub fn preview(
    engine: &Engine,
    src: &Source,
    o: &ExportOptions,
) -> Result<ExportPreview, AppError> {
    let setup = print_setup(o)?;
    let (scene, setup) = src.poster(engine, &setup, o)?;
    let page = travesia_render::preview::page_preview(&scene, &setup, 900).map_err(internal)?;
    let (place, sheets) = sheet::sheets(&setup, scene.width, scene.height);
    let (width_px, height_px) = match (o.format, sheets.first()) {
        (ExportFormat::Png, Some(s)) => png::pixel_size(s, o.dpi),
        _ => (0, 0),
    };
    let mut left_out = Vec::new();
    let mut pages_override = None;
    let (bytes, exact) = match o.format {
        // A map set: as many pages and about as many bytes again for each
        // linked map as for this one (each is laid out only when written).
        ExportFormat::Pdf if o.map_set && !src.set.is_empty() => {
            let maps = 1 + src.set.len();
            pages_override = Some((sheets.len() * maps) as u32);
            let one = pdf::to_pdf(&scene, &pdf_options(src, setup, o)).map_err(internal)?;
            ((one.len() * maps) as u64, false)
        }
        ExportFormat::Pdf => (
            pdf::to_pdf(&scene, &pdf_options(src, setup, o))
                .map_err(internal)?
                .len() as u64,
            true,
        ),
        // The map inside compresses to about a sixth of its JSON.
        ExportFormat::Png => (
            png_estimate(width_px, height_px, o.smaller)
                + src.carried(o).map_or(0, |m| m.len() as u64 / 6),
            false,
        ),
        ExportFormat::Svg => (svg::to_svg(&scene, &svg_options(src, o)).len() as u64, true),
        ExportFormat::Travesia => (format::to_string(&src.doc).len() as u64, true),
        // The deck without its picture, and the picture as the bench
        // posters compress.
        ExportFormat::Pptx => {
            let map = src.printed(o.persona.as_deref());
            let (deck, slides) =
                travesia_formats::pptx::write(&map, slides_words(&map), None).map_err(internal)?;
            let (w, h) = slide_picture_size(scene.width, scene.height);
            pages_override = Some(slides as u32 + 1);
            (deck.len() as u64 + png_estimate(w, h, false), false)
        }
        ExportFormat::Csv | ExportFormat::Xlsx | ExportFormat::Mmd => {
            let (bytes, said) = sheet_bytes(src, o)?;
            left_out = said;
            (bytes.len() as u64, true)
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
        pages: pages_override.unwrap_or(sheets.len() as u32),
        width_mm: page.page_w / mm,
        height_mm: page.page_h / mm,
        width_px,
        height_px,
        bytes,
        bytes_exact: exact,
        smallest_text_pt: paper::smallest_text_pt(scene.min_font_size, place.scale),
        missing_glyphs: missing(&scene),
        left_out,
    })
}

/// The share of a PDF's or SVG's progress that making it in memory takes;
/// writing the file takes the rest.
const MADE: f32 = 0.95;

/// Writes the export to `path` through a temporary file renamed into place,
/// so a failure or a cancel leaves nothing under the final name. `progress`
/// hears fractions from 0 to 1; setting `cancel` stops it at its next step.
pub fn write(
    engine: &Engine,
    src: &Source,
    o: &ExportOptions,
    path: &Path,
    mut progress: impl FnMut(f32),
    cancel: &AtomicBool,
) -> Result<ExportReport, AppError> {
    let setup = print_setup(o)?;
    let io = |e: std::io::Error| {
        AppError::new(
            ErrorCode::Io,
            format!("cannot write {}: {e}", path.display()),
        )
    };
    let is_cancelled = || cancel.load(Ordering::Relaxed);
    if o.format == ExportFormat::Travesia {
        let text = format::to_string(&src.doc);
        files::write_atomically(path, text.as_bytes()).map_err(io)?;
        progress(1.0);
        return Ok(ExportReport {
            bytes: text.len() as u64,
            pages: 1,
            smallest_text_pt: None,
            missing_glyphs: String::new(),
            left_out: Vec::new(),
        });
    }
    if o.format == ExportFormat::Pptx {
        let (bytes, slides) = slides_bytes(engine, src, o, &mut progress, cancel)?;
        files::write_atomically(path, &bytes).map_err(io)?;
        progress(1.0);
        return Ok(ExportReport {
            bytes: bytes.len() as u64,
            pages: slides as u32,
            smallest_text_pt: None,
            missing_glyphs: String::new(),
            left_out: Vec::new(),
        });
    }
    if o.format.is_data() {
        let (bytes, left_out) = sheet_bytes(src, o)?;
        files::write_atomically(path, &bytes).map_err(io)?;
        progress(1.0);
        return Ok(ExportReport {
            bytes: bytes.len() as u64,
            pages: 1,
            smallest_text_pt: None,
            missing_glyphs: String::new(),
            left_out,
        });
    }
    let (scene, setup) = src.poster(engine, &setup, o)?;
    let (place, sheets) = sheet::sheets(&setup, scene.width, scene.height);
    let bytes = match o.format {
        // The file is made in memory, reporting as it goes (up to 95 %),
        // then written beside its name and renamed: a cancel at any step
        // leaves no file.
        ExportFormat::Svg => {
            let text = svg::to_svg_with(&scene, &svg_options(src, o), &mut |f| {
                progress(f * MADE);
                !is_cancelled()
            })
            .ok_or_else(cancelled)?;
            files::write_atomically(path, text.as_bytes()).map_err(io)?;
            text.len() as u64
        }
        ExportFormat::Pdf if o.map_set && !src.set.is_empty() => {
            let bytes = map_set_bytes(engine, src, (&scene, setup), o, &mut |f| {
                progress(f * MADE);
                !is_cancelled()
            })?;
            files::write_atomically(path, &bytes).map_err(io)?;
            bytes.len() as u64
        }
        ExportFormat::Pdf => {
            let bytes = pdf::to_pdf_with(&scene, &pdf_options(src, setup, o), &mut |f| {
                progress(f * MADE);
                !is_cancelled()
            })
            .map_err(|e| match e {
                pdf::PdfError::Cancelled => cancelled(),
                other => internal(other),
            })?;
            files::write_atomically(path, &bytes).map_err(io)?;
            bytes.len() as u64
        }
        ExportFormat::Png => {
            let opts = PngOptions {
                print: setup,
                dpi: o.dpi,
                smaller: o.smaller,
                embed: src.carried(o),
            };
            let mut stopped = false;
            let result = files::write_atomically_with(path, |w| {
                png::write_png(&scene, &opts, w, |f| {
                    progress(f);
                    !is_cancelled()
                })
                .map_err(|e| {
                    stopped = matches!(e, PngError::Cancelled);
                    std::io::Error::other(e)
                })
            });
            match result {
                Ok(()) => std::fs::metadata(path).map(|m| m.len()).unwrap_or(0),
                Err(_) if stopped => return Err(cancelled()),
                Err(e) => return Err(io(e)),
            }
        }
        ExportFormat::Travesia
        | ExportFormat::Csv
        | ExportFormat::Xlsx
        | ExportFormat::Mmd
        | ExportFormat::Pptx => {
            unreachable!("written above, without a poster's layout")
        }
    };
    progress(1.0);
    Ok(ExportReport {
        bytes,
        pages: sheets.len() as u32,
        smallest_text_pt: o
            .format
            .is_print()
            .then(|| paper::smallest_text_pt(scene.min_font_size, place.scale)),
        missing_glyphs: missing(&scene),
        left_out: Vec::new(),
    })
}

/// What a data format (a spreadsheet, a diagram) leaves out of `src`'s map
/// with options `o`, in `c`'s words: for a front end that speaks another
/// language than the map (the command line follows its locale).
pub fn left_out(src: &Source, o: &ExportOptions, c: &travesia_i18n::Catalogue) -> Vec<String> {
    match o.format {
        ExportFormat::Mmd => travesia_formats::mermaid::write(&src.doc.map, c).1,
        f => f
            .sheet()
            .map(|kind| sheets::left_out(&src.doc, kind, o.layout, c))
            .unwrap_or_default(),
    }
}

/// The map as data for another tool, a spreadsheet or a diagram (the whole
/// map, as a `.travesia` file is), and what the format leaves out of it.
fn sheet_bytes(src: &Source, o: &ExportOptions) -> Result<(Vec<u8>, Vec<String>), AppError> {
    if o.format == ExportFormat::Mmd {
        let c = travesia_i18n::Catalogue::of(travesia_layout::poster::lang_of(&src.doc.map));
        let (text, left_out) = travesia_formats::mermaid::write(&src.doc.map, c);
        return Ok((text.into_bytes(), left_out));
    }
    let kind = o
        .format
        .sheet()
        .ok_or_else(|| internal("not a spreadsheet format"))?;
    sheets::write(&src.doc, kind, o.layout, o.csv_style).map_err(internal)
}

/// The most pixels a side of the whole-map slide's picture has: the slide
/// at about 216 dpi, sharp on a projector and when zoomed in a little.
const SLIDE_PICTURE_W: u32 = 2880;
const SLIDE_PICTURE_H: u32 = 1620;

/// The size of the whole-map slide's picture of a map `w` × `h` units.
fn slide_picture_size(w: f32, h: f32) -> (u32, u32) {
    let k = (SLIDE_PICTURE_W as f32 / w.max(1.0)).min(SLIDE_PICTURE_H as f32 / h.max(1.0));
    (
        ((w * k).round() as u32).max(1),
        ((h * k).round() as u32).max(1),
    )
}

/// The words of a deck: its map's language.
fn slides_words(map: &Map) -> &'static travesia_i18n::Catalogue {
    travesia_i18n::Catalogue::of(travesia_layout::poster::lang_of(map))
}

/// The map as slides, and how many: the map as the poster draws it (its
/// hidden routes left out, one persona's journey when the options name
/// one), with the poster's picture on the whole-map slide.
fn slides_bytes(
    engine: &Engine,
    src: &Source,
    o: &ExportOptions,
    progress: &mut impl FnMut(f32),
    cancel: &AtomicBool,
) -> Result<(Vec<u8>, usize), AppError> {
    let map = src.printed(o.persona.as_deref());
    let picture = if map.stages.is_empty() {
        None
    } else {
        let scene = engine.scene_with(&map, src.look(o.patterns, o.evidence))?;
        progress(0.2);
        let (w, h) = slide_picture_size(scene.width, scene.height);
        let png = travesia_render::preview::thumbnail(&scene, w, h).map_err(internal)?;
        Some(travesia_formats::pptx::Picture {
            png,
            width: w,
            height: h,
        })
    };
    if cancel.load(Ordering::Relaxed) {
        return Err(cancelled());
    }
    progress(0.8);
    travesia_formats::pptx::write(&map, slides_words(&map), picture.as_ref()).map_err(internal)
}
