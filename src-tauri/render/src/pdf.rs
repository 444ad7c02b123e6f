//! Scene → PDF with printpdf's own drawing operations: vector shapes, real
//! selectable text in the bundled fonts (embedded as subsets), icons as
//! vector paths, document metadata and a TrimBox.

use std::collections::HashMap;
use std::sync::OnceLock;

use printpdf::{
    FontId, LineCapStyle, LineDashPattern, LineJoinStyle, LinePoint, Op, PaintMode, ParsedFont,
    PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Polygon, PolygonRing, Pt, RawImage,
    RawImageData, RawImageFormat, Rgb, TextItem, TextRenderingMode, WindingOrder, XObject,
    XObjectId, XObjectTransform,
};
use resvg::usvg;
use travesia_layout::text::{is_cjk, is_emoji, CJK_FILE, EMOJI_FILE, FONT_FILES};
use travesia_layout::{Color, Face, Item, Scene, Seg};

use crate::icons;
use crate::paper::Placement;
use crate::sheet::{sheets, PrintSetup, Sheet, TileLabel};

/// PDF points per CSS pixel.
pub(crate) const PT_PER_PX: f32 = 72.0 / 96.0;

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("a bundled font could not be read: {0}")]
    Font(&'static str),
    #[error("could not assemble the PDF pages: {0}")]
    Assemble(String),
    #[error("the PDF was cancelled")]
    Cancelled,
}

impl From<lopdf::Error> for PdfError {
    fn from(e: lopdf::Error) -> PdfError {
        PdfError::Assemble(e.to_string())
    }
}

#[derive(Clone, Debug)]
pub struct PdfOptions {
    pub print: PrintSetup,
    pub title: String,
    pub author: String,
    /// The language of the tile labels ("es" or "en").
    pub lang: String,
    /// The map the poster shows, as a `.travesia` document, carried as the
    /// PDF's embedded file so the poster opens again as the map.
    pub embed: Option<Vec<u8>>,
}

/// The name the poster form has in every sheet's resources.
const POSTER_FORM: &str = "TvPoster";
/// Crop and trim marks: 0.25 pt, the usual hairline.
const MARK_WIDTH_PT: f32 = 0.25;
const LABEL_SIZE_PX: f32 = 10.0;

/// Parsed fonts, shared by every export of this process.
fn parsed_fonts() -> &'static Vec<(&'static str, Option<ParsedFont>)> {
    static FONTS: OnceLock<Vec<(&'static str, Option<ParsedFont>)>> = OnceLock::new();
    FONTS.get_or_init(|| {
        FONT_FILES
            .iter()
            // Emoji are drawn from their coloured outlines, never as PDF text.
            .filter(|(name, _)| *name != EMOJI_FILE)
            .map(|(name, bytes)| (*name, ParsedFont::from_bytes(bytes, 0, &mut Vec::new())))
            .collect()
    })
}

/// Icon outlines in a 24×24 box, as absolute segments (usvg resolves arcs
/// and relative commands).
fn icon_outlines(name: &str) -> Vec<Vec<Seg>> {
    let mut svg = String::from(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 24 24\" width=\"24\" height=\"24\">",
    );
    for d in icons::paths(name) {
        svg.push_str("<path fill=\"none\" stroke=\"black\" d=\"");
        svg.push_str(d);
        svg.push_str("\"/>");
    }
    svg.push_str("</svg>");
    let Ok(tree) = usvg::Tree::from_str(&svg, &usvg::Options::default()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    collect_paths(tree.root(), tree.root().abs_transform(), &mut out);
    out.into_iter().map(|o| o.segs).collect()
}

/// Whether a line needs shaping that PDF text cannot do by itself: Arabic
/// joins its letters and Hebrew and Arabic run right to left, which a string
/// of characters in logical order does not show. Emoji too: a PDF font
/// cannot carry their colours, their outlines can.
fn needs_shaping(text: &str) -> bool {
    text.chars().any(|c| {
        matches!(c as u32, 0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF) || is_emoji(c)
    })
}

/// A line in the order its characters appear on the page, left to right.
fn visual_order(text: &str) -> String {
    let info = unicode_bidi::BidiInfo::new(text, None);
    info.paragraphs
        .iter()
        .map(|p| info.reorder_line(p, p.range.clone()).into_owned())
        .collect()
}

/// A text line as glyph outlines in Scene pixels, shaped and ordered by usvg
/// from the same SVG (and the same bundled fonts) as the PNG export, each
/// with its own colour where it has one (the layers of a colour emoji).
fn shaped_outlines(scene: &Scene, item: &Item) -> Vec<Outline> {
    let mut one = scene.clone_frame();
    one.items.push(item.clone());
    let svg = crate::svg::to_svg(&one, &crate::svg::SvgOptions::FONTS_GIVEN);
    let Ok(tree) = usvg::Tree::from_str(&svg, &crate::png::font_options()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    collect_text(tree.root(), &mut out);
    out
}

/// One filled path: its segments and, when solid, its colour.
struct Outline {
    segs: Vec<Seg>,
    fill: Option<Color>,
}

/// The outlines of the text nodes only (the SVG's page background is not text).
fn collect_text(group: &usvg::Group, out: &mut Vec<Outline>) {
    for node in group.children() {
        match node {
            usvg::Node::Group(g) => collect_text(g, out),
            usvg::Node::Text(t) => {
                let flat = t.flattened();
                collect_paths(flat, flat.abs_transform(), out)
            }
            _ => {}
        }
    }
}

/// The paths under `group`, whose own place is `at`. Transforms are carried
/// down by hand: the layers of a colour glyph sit in groups scaled from font
/// units, which their paths' `abs_transform` leaves out.
fn collect_paths(group: &usvg::Group, at: usvg::Transform, out: &mut Vec<Outline>) {
    for node in group.children() {
        match node {
            usvg::Node::Group(g) => collect_paths(g, at.pre_concat(g.transform()), out),
            usvg::Node::Path(p) => {
                let t = at;
                let map = |pt: usvg::tiny_skia_path::Point| {
                    let mut q = pt;
                    t.map_point(&mut q);
                    (q.x, q.y)
                };
                let mut segs = Vec::new();
                let mut last = (0.0, 0.0);
                for s in p.data().segments() {
                    use usvg::tiny_skia_path::PathSegment as S;
                    match s {
                        S::MoveTo(a) => {
                            last = map(a);
                            segs.push(Seg::Move(last));
                        }
                        S::LineTo(a) => {
                            last = map(a);
                            segs.push(Seg::Line(last));
                        }
                        S::QuadTo(c, a) => {
                            let (c, a) = (map(c), map(a));
                            // A quadratic as the cubic that traces it.
                            let c1 = (
                                last.0 + 2.0 / 3.0 * (c.0 - last.0),
                                last.1 + 2.0 / 3.0 * (c.1 - last.1),
                            );
                            let c2 = (a.0 + 2.0 / 3.0 * (c.0 - a.0), a.1 + 2.0 / 3.0 * (c.1 - a.1));
                            segs.push(Seg::Cubic(c1, c2, a));
                            last = a;
                        }
                        S::CubicTo(c1, c2, a) => {
                            last = map(a);
                            segs.push(Seg::Cubic(map(c1), map(c2), last));
                        }
                        S::Close => segs.push(Seg::Close),
                    }
                }
                let fill = match p.fill().map(|f| f.paint()) {
                    Some(usvg::Paint::Color(c)) => Some(Color {
                        r: c.red,
                        g: c.green,
                        b: c.blue,
                        a: 255,
                    }),
                    _ => None,
                };
                out.push(Outline { segs, fill });
            }
            _ => {}
        }
    }
}

/// A path segment in Scene pixels.
fn color(c: Color) -> printpdf::Color {
    let [r, g, b] = c.fractions();
    printpdf::Color::Rgb(Rgb {
        r,
        g,
        b,
        icc_profile: None,
    })
}

/// Takes Scene pixels to PDF points on the page (origin bottom-left).
struct Mapper {
    place: Placement,
    page_h_pt: f32,
}

impl Mapper {
    fn pt(&self, (x, y): (f32, f32)) -> Point {
        Point {
            x: Pt((self.place.dx + x * self.place.scale) * PT_PER_PX),
            y: Pt(self.page_h_pt - (self.place.dy + y * self.place.scale) * PT_PER_PX),
        }
    }

    fn len(&self, v: f32) -> f32 {
        v * self.place.scale * PT_PER_PX
    }

    /// Rings of line points (printpdf marks Bézier control points).
    fn rings(&self, segs: &[Seg]) -> Vec<Vec<LinePoint>> {
        let mut rings: Vec<Vec<LinePoint>> = Vec::new();
        let lp = |p: Point, bezier: bool| LinePoint { p, bezier };
        for s in segs {
            match *s {
                Seg::Move(a) => rings.push(vec![lp(self.pt(a), false)]),
                Seg::Line(a) => {
                    if let Some(r) = rings.last_mut() {
                        r.push(lp(self.pt(a), false));
                    }
                }
                Seg::Cubic(c1, c2, a) => {
                    if let Some(r) = rings.last_mut() {
                        r.push(lp(self.pt(c1), true));
                        r.push(lp(self.pt(c2), true));
                        r.push(lp(self.pt(a), false));
                    }
                }
                Seg::Close => {}
            }
        }
        rings.retain(|r| r.len() > 1);
        rings
    }
}

fn rounded_rect(x: f32, y: f32, w: f32, h: f32, r: f32) -> Vec<Seg> {
    let r = r.min(w / 2.0).min(h / 2.0).max(0.0);
    if r == 0.0 {
        return vec![
            Seg::Move((x, y)),
            Seg::Line((x + w, y)),
            Seg::Line((x + w, y + h)),
            Seg::Line((x, y + h)),
            Seg::Close,
        ];
    }
    let k = 0.552_284_8 * r;
    vec![
        Seg::Move((x + r, y)),
        Seg::Line((x + w - r, y)),
        Seg::Cubic((x + w - r + k, y), (x + w, y + r - k), (x + w, y + r)),
        Seg::Line((x + w, y + h - r)),
        Seg::Cubic(
            (x + w, y + h - r + k),
            (x + w - r + k, y + h),
            (x + w - r, y + h),
        ),
        Seg::Line((x + r, y + h)),
        Seg::Cubic((x + r - k, y + h), (x, y + h - r + k), (x, y + h - r)),
        Seg::Line((x, y + r)),
        Seg::Cubic((x, y + r - k), (x + r - k, y), (x + r, y)),
        Seg::Close,
    ]
}

fn fill_stroke_ops(
    ops: &mut Vec<Op>,
    m: &Mapper,
    segs: &[Seg],
    fill: Option<Color>,
    stroke: Option<Color>,
    width: f32,
    dash: &[f32],
) {
    let rings = m.rings(segs);
    if rings.is_empty() {
        return;
    }
    let closed = segs.iter().any(|s| matches!(s, Seg::Close));
    if let Some(f) = fill {
        ops.push(Op::SetFillColor { col: color(f) });
    }
    if let Some(s) = stroke {
        ops.push(Op::SetOutlineColor { col: color(s) });
        ops.push(Op::SetOutlineThickness {
            pt: Pt(m.len(width)),
        });
        let pattern: Vec<f32> = dash.iter().map(|d| m.len(*d)).collect();
        ops.push(Op::SetLineDashPattern {
            dash: if pattern.is_empty() {
                LineDashPattern::solid()
            } else {
                LineDashPattern::new(0.0, &pattern)
            },
        });
    }
    let mode = match (fill.is_some(), stroke.is_some()) {
        (true, true) => Some(PaintMode::FillStroke),
        (true, false) => Some(PaintMode::Fill),
        (false, true) if closed => Some(PaintMode::Stroke),
        (false, true) => None,
        (false, false) => return,
    };
    match mode {
        Some(mode) => ops.push(Op::DrawPolygon {
            polygon: Polygon {
                rings: rings
                    .into_iter()
                    .map(|points| PolygonRing { points })
                    .collect(),
                mode,
                winding_order: WindingOrder::NonZero,
            },
        }),
        None => {
            for points in rings {
                ops.push(Op::DrawLine {
                    line: printpdf::Line {
                        points,
                        is_closed: false,
                    },
                });
            }
        }
    }
}

/// The bundled font for a line: Inter in its weight, or a fallback when the
/// line is in a script Inter lacks.
fn font_for(text: &str, weight: u16, face: Face) -> &'static str {
    if text
        .chars()
        .any(|c| ('\u{0600}'..='\u{06FF}').contains(&c) || ('\u{0750}'..='\u{077F}').contains(&c))
    {
        "NotoSansArabic-Regular.ttf"
    } else if text.chars().any(|c| ('\u{0590}'..='\u{05FF}').contains(&c)) {
        "NotoSansHebrew-Regular.ttf"
    } else if text.chars().any(is_cjk) {
        // A CJK piece of a line (the layout cuts lines where the font changes).
        CJK_FILE
    } else {
        face.file(weight)
    }
}

/// A font cut down to the glyphs of `chars` (with a Unicode cmap, so
/// printpdf maps text to glyphs as usual). Falls back to the whole font.
fn subset_font(file: &'static str, chars: &std::collections::BTreeSet<char>) -> Option<ParsedFont> {
    let (_, bytes) = FONT_FILES.iter().find(|(n, _)| *n == file)?;
    let whole = parsed_fonts()
        .iter()
        .find(|(n, _)| *n == file)?
        .1
        .as_ref()?;
    let gids: Vec<u16> = chars
        .iter()
        .filter_map(|c| whole.lookup_glyph_index(*c as u32))
        .collect();
    let cut = crate::subset::subset_glyphs(bytes, gids)
        .and_then(|b| ParsedFont::from_bytes(&b, 0, &mut Vec::new()));
    cut.or_else(|| Some(whole.clone()))
}

/// Writes the Scene as a one-page PDF and returns its bytes.
pub fn to_pdf(scene: &Scene, opts: &PdfOptions) -> Result<Vec<u8>, PdfError> {
    to_pdf_with(scene, opts, &mut |_| true)
}

/// Where the time of a PDF goes, measured on a 1,500-card poster tiled on
/// A4 (`cargo test -p travesia-render --release --test pdf -- --ignored
/// progress_shares --nocapture` prints the reported fractions beside the
/// share of the time): drawing the items and the sheets, printpdf making the
/// document (one call: the poster's operations written out, about half the
/// time), assembling the sheets, compressing the streams (reported a part at
/// a time), writing the file.
const SHARE_ITEMS: f32 = 0.06;
const SHARE_SHEETS: f32 = 0.01;
const SHARE_DOCUMENT: f32 = 0.51;
const SHARE_ASSEMBLE: f32 = 0.02;
const SHARE_COMPRESS: f32 = 0.38;

/// How much of a stream is compressed between two reports of progress.
const COMPRESS_PART: usize = 256 * 1024;

/// How many items are drawn between two reports of progress.
const ITEMS_PER_REPORT: usize = 64;

/// [`to_pdf`], telling `progress` how far it is (fractions from 0 to 1, after
/// every few dozen items, every sheet and every stage of writing); when
/// `progress` answers false the PDF stops there with
/// [`PdfError::Cancelled`].
pub fn to_pdf_with(
    scene: &Scene,
    opts: &PdfOptions,
    progress: &mut dyn FnMut(f32) -> bool,
) -> Result<Vec<u8>, PdfError> {
    let mut doc = to_document(scene, opts, &[], progress)?;
    let out = save_with_id(&mut doc)?;
    if progress(1.0) {
        Ok(out)
    } else {
        Err(PdfError::Cancelled)
    }
}

/// The PDF as a document, not yet written: [`to_pdf_with`]'s work, with
/// the marks of links to the maps named in `linked` made links to their
/// named destinations (see [`crate::mapset`]).
pub(crate) fn to_document(
    scene: &Scene,
    opts: &PdfOptions,
    linked: &[&str],
    progress: &mut dyn FnMut(f32) -> bool,
) -> Result<lopdf::Document, PdfError> {
    let mut report = |f: f32| {
        if progress(f.clamp(0.0, 1.0)) {
            Ok(())
        } else {
            Err(PdfError::Cancelled)
        }
    };
    report(0.0)?;
    let (place, sheets) = sheets(&opts.print, scene.width, scene.height);
    let labels: Vec<String> = sheets
        .iter()
        .filter_map(|s| s.tile.map(|t| tile_label(&t, &opts.lang, &scene.footer)))
        .collect();
    let page_w_pt = place.page_w * PT_PER_PX;
    let page_h_pt = place.page_h * PT_PER_PX;
    let m = Mapper { place, page_h_pt };
    let mut doc = PdfDocument::new(&opts.title);
    doc.metadata.info.document_title = opts.title.clone();
    doc.metadata.info.author = opts.author.clone();
    doc.metadata.info.creator = "Travesía".to_string();
    doc.metadata.info.producer = "Travesía (printpdf)".to_string();
    // Which characters each font draws, to embed only those glyphs.
    let mut used: HashMap<&'static str, std::collections::BTreeSet<char>> = HashMap::new();
    for item in &scene.items {
        if let Item::Text {
            text, weight, face, ..
        } = item
        {
            used.entry(font_for(text, *weight, *face))
                .or_default()
                .extend(text.chars());
        }
    }
    for label in &labels {
        used.entry(font_for(label, 400, Face::Sans))
            .or_default()
            .extend(label.chars());
    }
    let mut page = Page {
        doc,
        fonts: HashMap::new(),
        used,
        icons: HashMap::new(),
        ops: vec![
            Op::SaveGraphicsState,
            Op::SetLineCapStyle {
                cap: LineCapStyle::Round,
            },
            Op::SetLineJoinStyle {
                join: LineJoinStyle::Round,
            },
        ],
        m,
    };
    // The page's paper colour behind the map.
    fill_stroke_ops(
        &mut page.ops,
        &page.m,
        &rounded_rect(0.0, 0.0, scene.width, scene.height, 0.0),
        Some(scene.background),
        None,
        0.0,
        &[],
    );
    let n = scene.items.len().max(1) as f32;
    for (i, item) in scene.items.iter().enumerate() {
        page.item(scene, item)?;
        if i % ITEMS_PER_REPORT == ITEMS_PER_REPORT - 1 {
            report(SHARE_ITEMS * (i + 1) as f32 / n)?;
        }
    }
    report(SHARE_ITEMS)?;
    page.ops.push(Op::RestoreGraphicsState);
    // Page 1 is the poster; it becomes a form that each sheet draws.
    let ops = std::mem::take(&mut page.ops);
    let mut pages = vec![PdfPage::new(
        printpdf::Mm(page_w_pt / 72.0 * 25.4),
        printpdf::Mm(page_h_pt / 72.0 * 25.4),
        ops,
    )];
    let count = sheets.len().max(1) as f32;
    for (i, sheet) in sheets.iter().enumerate() {
        pages.push(page.sheet(sheet, &opts.lang, &scene.footer)?);
        report(SHARE_ITEMS + SHARE_SHEETS * (i + 1) as f32 / count)?;
    }
    // The document as lopdf objects, streams not yet compressed: they are
    // compressed below, a part at a time.
    let mut doc = page.doc.with_pages(pages).to_lopdf_document(
        &PdfSaveOptions {
            optimize: false,
            ..PdfSaveOptions::default()
        },
        &mut Vec::new(),
    );
    let mut done = SHARE_ITEMS + SHARE_SHEETS + SHARE_DOCUMENT;
    report(done)?;
    assemble(&mut doc, &place, &sheets, scene.background, &mut |f| {
        report(done + SHARE_ASSEMBLE * f)
    })?;
    done += SHARE_ASSEMBLE;
    compress(&mut doc, &mut |f| report(done + SHARE_COMPRESS * f))?;
    if let Some(map) = &opts.embed {
        crate::embed::attach_pdf(&mut doc, map)?;
    }
    if !linked.is_empty() {
        crate::mapset::annotate(&mut doc, scene, &place, &sheets, linked)?;
    }
    Ok(doc)
}

/// Compresses every stream that may be and is not yet (as lopdf's own
/// `compress` would, at zlib's default level), telling `report` the share of
/// the bytes done after every part of [`COMPRESS_PART`] bytes.
fn compress(
    doc: &mut lopdf::Document,
    report: &mut dyn FnMut(f32) -> Result<(), PdfError>,
) -> Result<(), PdfError> {
    use flate2::{write::ZlibEncoder, Compression};
    use std::io::Write as _;
    let todo: Vec<lopdf::ObjectId> = doc
        .objects
        .iter()
        .filter_map(|(id, o)| match o {
            lopdf::Object::Stream(s) if s.allows_compression && s.dict.get(b"Filter").is_err() => {
                Some(*id)
            }
            _ => None,
        })
        .collect();
    let size = |doc: &lopdf::Document, id| match doc.objects.get(id) {
        Some(lopdf::Object::Stream(s)) => s.content.len(),
        _ => 0,
    };
    let total: usize = todo.iter().map(|id| size(doc, id)).sum::<usize>().max(1);
    let mut done = 0usize;
    let failed = |e: std::io::Error| PdfError::Assemble(e.to_string());
    for id in &todo {
        let Some(lopdf::Object::Stream(stream)) = doc.objects.get_mut(id) else {
            continue;
        };
        let mut encoder = ZlibEncoder::new(Vec::new(), Compression::default());
        for part in stream.content.chunks(COMPRESS_PART) {
            encoder.write_all(part).map_err(failed)?;
            done += part.len();
            report(done as f32 / total as f32)?;
        }
        let packed = encoder.finish().map_err(failed)?;
        if packed.len() + 19 < stream.content.len() {
            stream.dict.set("Filter", "FlateDecode");
            stream.set_content(packed);
        }
    }
    report(1.0)
}

/// The document's bytes, with a file identifier (the trailer's `ID`) worked
/// out from the rest of them: written first with a blank identifier of the
/// same length, which is then filled in.
pub(crate) fn save_with_id(doc: &mut lopdf::Document) -> Result<Vec<u8>, PdfError> {
    let blank = lopdf::Object::String(vec![0; 16], lopdf::StringFormat::Hexadecimal);
    doc.trailer
        .set("ID", lopdf::Object::Array(vec![blank.clone(), blank]));
    let mut out = Vec::new();
    doc.save_to(&mut out)
        .map_err(|e| PdfError::Assemble(e.to_string()))?;
    let hole = format!("[<{0}><{0}>]", "00".repeat(16));
    let at = out
        .windows(hole.len())
        .rposition(|w| w == hole.as_bytes())
        .ok_or_else(|| PdfError::Assemble("the file identifier was not written".into()))?;
    let id = file_id(&out[..at], &out[at + hole.len()..]);
    out[at..at + hole.len()].copy_from_slice(format!("[<{id}><{id}>]").as_bytes());
    Ok(out)
}

/// A tile's label ("Fila 1 · Columna 2 — hoja 2 de 6"), and the poster's
/// footer line after it, so every sheet carries it.
fn tile_label(tile: &TileLabel, lang: &str, footer: &str) -> String {
    let label = tile.text(lang);
    if footer.is_empty() {
        label
    } else {
        format!("{label}  ·  {footer}")
    }
}

/// The document being written and the poster page's operations: fonts and
/// photos become the document's resources as the items need them.
struct Page<'a> {
    doc: PdfDocument,
    /// Each font's id in `doc`, once its subset is in.
    fonts: HashMap<&'static str, FontId>,
    /// Which characters each font draws, to embed only those glyphs.
    used: HashMap<&'static str, std::collections::BTreeSet<char>>,
    /// Each icon's outlines, made once.
    icons: HashMap<&'a str, Vec<Vec<Seg>>>,
    ops: Vec<Op>,
    m: Mapper,
}

impl<'a> Page<'a> {
    /// The operations that draw one item of the Scene.
    fn item(&mut self, scene: &Scene, item: &'a Item) -> Result<(), PdfError> {
        match item {
            Item::Rect {
                x,
                y,
                w,
                h,
                r,
                fill,
                stroke,
                stroke_width,
            } => fill_stroke_ops(
                &mut self.ops,
                &self.m,
                &rounded_rect(*x, *y, *w, *h, *r),
                *fill,
                *stroke,
                *stroke_width,
                &[],
            ),
            Item::Path {
                d,
                fill,
                stroke,
                stroke_width,
                dash,
            } => fill_stroke_ops(
                &mut self.ops,
                &self.m,
                &d.0,
                *fill,
                *stroke,
                *stroke_width,
                dash,
            ),
            Item::Icon {
                name,
                x,
                y,
                size,
                color,
            } => self.icon(name, *x, *y, *size, *color),
            Item::Text { .. } => self.text(scene, item)?,
            Item::Image {
                x,
                y,
                w,
                h,
                href,
                round,
            } => self.image(*x, *y, *w, *h, href, *round),
        }
        Ok(())
    }

    /// An icon of the set, stroked in `c`.
    fn icon(&mut self, name: &'a str, x: f32, y: f32, size: f32, c: Color) {
        let outlines = self
            .icons
            .entry(name)
            .or_insert_with(|| icon_outlines(name));
        let k = size / 24.0;
        for segs in outlines.iter() {
            let placed: Vec<Seg> = segs
                .iter()
                .map(|s| {
                    let t = |(px, py): (f32, f32)| (x + px * k, y + py * k);
                    match *s {
                        Seg::Move(a) => Seg::Move(t(a)),
                        Seg::Line(a) => Seg::Line(t(a)),
                        Seg::Cubic(a, b2, c2) => Seg::Cubic(t(a), t(b2), t(c2)),
                        Seg::Close => Seg::Close,
                    }
                })
                .collect();
            fill_stroke_ops(&mut self.ops, &self.m, &placed, None, Some(c), 2.0 * k, &[]);
        }
    }

    /// A line of text: real text (searchable, copyable), over its shaped
    /// outlines where the PDF's own text drawing would get it wrong.
    fn text(&mut self, scene: &Scene, item: &Item) -> Result<(), PdfError> {
        let Item::Text {
            x,
            y,
            text,
            size,
            weight,
            color: c,
            face,
            ..
        } = item
        else {
            return Ok(());
        };
        if text.is_empty() {
            return Ok(());
        }
        let file = font_for(text, *weight, *face);
        let id = font_id(&mut self.doc, &mut self.fonts, &self.used, file)?;
        let shaped = needs_shaping(text);
        if shaped {
            // Drawn as shaped outlines; the text itself goes on top,
            // invisible, so it can still be searched and copied.
            for o in shaped_outlines(scene, item) {
                let fill = o.fill.unwrap_or(*c);
                fill_stroke_ops(&mut self.ops, &self.m, &o.segs, Some(fill), None, 0.0, &[]);
            }
        }
        self.ops.push(Op::StartTextSection);
        if shaped {
            self.ops.push(Op::SetTextRenderingMode {
                mode: TextRenderingMode::Invisible,
            });
        }
        self.ops.push(Op::SetFillColor { col: color(*c) });
        self.ops.push(Op::SetFont {
            font: PdfFontHandle::External(id),
            size: Pt(self.m.len(*size)),
        });
        self.ops.push(Op::SetTextCursor {
            pos: self.m.pt((*x, *y)),
        });
        // PDF readers take text as drawn, left to right, and reorder it
        // themselves; so a shaped line's hidden text goes in visual order.
        let shown = if shaped {
            visual_order(text)
        } else {
            text.to_string()
        };
        self.ops.push(Op::ShowText {
            items: vec![TextItem::Text(shown)],
        });
        if shaped {
            // The rendering mode outlives the text section.
            self.ops.push(Op::SetTextRenderingMode {
                mode: TextRenderingMode::Fill,
            });
        }
        self.ops.push(Op::EndTextSection);
        Ok(())
    }

    /// A photo, clipped to a circle when `round`.
    #[allow(clippy::too_many_arguments)]
    fn image(&mut self, x: f32, y: f32, w: f32, h: f32, href: &str, round: bool) {
        let Some(image) = photo(href, self.m.len(w), self.m.len(h)) else {
            return;
        };
        let (iw, ih) = (image.width as f32, image.height as f32);
        // Named by order, like the fonts (see `font_id`).
        let id = XObjectId(format!("Im{}", self.doc.resources.xobjects.map.len()));
        self.doc
            .resources
            .xobjects
            .map
            .insert(id.clone(), XObject::Image(image));
        self.ops.push(Op::SaveGraphicsState);
        if round {
            let r = w.min(h) / 2.0;
            self.ops.push(Op::DrawPolygon {
                polygon: Polygon {
                    rings: self
                        .m
                        .rings(&rounded_rect(x, y, w, h, r))
                        .into_iter()
                        .map(|points| PolygonRing { points })
                        .collect(),
                    mode: PaintMode::Clip,
                    winding_order: WindingOrder::NonZero,
                },
            });
        }
        let corner = self.m.pt((x, y + h));
        self.ops.push(Op::UseXobject {
            id,
            transform: XObjectTransform {
                translate_x: Some(corner.x),
                translate_y: Some(corner.y),
                // At 72 dpi one image pixel is one point; scale from there.
                dpi: Some(72.0),
                scale_x: Some(self.m.len(w) / iw),
                scale_y: Some(self.m.len(h) / ih),
                ..Default::default()
            },
        });
        self.ops.push(Op::RestoreGraphicsState);
    }

    /// A sheet of a tiled or bleeding print: the poster drawn on it, its
    /// crop marks and its label.
    fn sheet(&mut self, sheet: &Sheet, lang: &str, footer: &str) -> Result<PdfPage, PdfError> {
        let mut ops = Vec::new();
        let h = sheet.media_h;
        let media = |(x, y): (f32, f32)| Point {
            x: Pt(x * PT_PER_PX),
            y: Pt((h - y) * PT_PER_PX),
        };
        for &(x1, y1, x2, y2) in &sheet.marks {
            ops.push(Op::SetOutlineColor {
                col: color(Color::BLACK),
            });
            ops.push(Op::SetOutlineThickness {
                pt: Pt(MARK_WIDTH_PT),
            });
            ops.push(Op::DrawLine {
                line: printpdf::Line {
                    points: vec![
                        LinePoint {
                            p: media((x1, y1)),
                            bezier: false,
                        },
                        LinePoint {
                            p: media((x2, y2)),
                            bezier: false,
                        },
                    ],
                    is_closed: false,
                },
            });
        }
        if let Some(tile) = sheet.tile {
            let text = tile_label(&tile, lang, footer);
            let file = font_for(&text, 400, Face::Sans);
            let id = font_id(&mut self.doc, &mut self.fonts, &self.used, file)?;
            ops.push(Op::StartTextSection);
            ops.push(Op::SetFillColor {
                col: color(Color::rgb(0x333333)),
            });
            ops.push(Op::SetFont {
                font: PdfFontHandle::External(id),
                size: Pt(LABEL_SIZE_PX * PT_PER_PX),
            });
            ops.push(Op::SetTextCursor {
                pos: media(TileLabel::position(sheet)),
            });
            ops.push(Op::ShowText {
                items: vec![TextItem::Text(text)],
            });
            ops.push(Op::EndTextSection);
        }
        Ok(PdfPage::new(
            printpdf::Mm(sheet.media_w * PT_PER_PX / 72.0 * 25.4),
            printpdf::Mm(sheet.media_h * PT_PER_PX / 72.0 * 25.4),
            ops,
        ))
    }
}

/// The font's id in `doc`, adding its subset the first time.
fn font_id(
    doc: &mut PdfDocument,
    ids: &mut HashMap<&'static str, FontId>,
    used: &HashMap<&'static str, std::collections::BTreeSet<char>>,
    file: &'static str,
) -> Result<FontId, PdfError> {
    if let Some(id) = ids.get(file) {
        return Ok(id.clone());
    }
    let font = subset_font(file, &used[file]).ok_or(PdfError::Font(file))?;
    // Named by order of first use, not by printpdf's process-wide counter, so
    // the same poster makes the same bytes however many came before it; the
    // name is the subset tag and the font's own (ISO 32000-1, 9.6.4), which
    // readers show and preflight checks look for.
    let tag: String = (0..6)
        .map(|i| char::from(b'A' + ((ids.len() / 26usize.pow(5 - i)) % 26) as u8))
        .collect();
    let family = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
    let id = FontId(format!("{tag}+{family}"));
    doc.resources
        .fonts
        .map
        .insert(id.clone(), printpdf::PdfFont::new(font));
    ids.insert(file, id.clone());
    Ok(id)
}

/// Pixels per point of a photo in the PDF: 300 dpi on paper.
const PHOTO_PX_PER_PT: f32 = 300.0 / 72.0;

/// A persona photo (a PNG or JPEG data URI, as the format allows) decoded
/// and resampled to print resolution for a box of `w_pt` × `h_pt`, cropped to
/// fill it like the SVG's `slice`; flattened onto white.
fn photo(href: &str, w_pt: f32, h_pt: f32) -> Option<RawImage> {
    if !(href.starts_with("data:image/png;base64,") || href.starts_with("data:image/jpeg;base64,"))
    {
        return None;
    }
    let pw = ((w_pt * PHOTO_PX_PER_PT).round() as u32).clamp(1, 2048);
    let ph = ((h_pt * PHOTO_PX_PER_PT).round() as u32).clamp(1, 2048);
    // usvg decodes the data URI exactly as the SVG and PNG exports do.
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{pw}\" height=\"{ph}\"><image width=\"{pw}\" height=\"{ph}\" preserveAspectRatio=\"xMidYMid slice\" href=\""
    );
    crate::svg::escape(href, &mut svg);
    svg.push_str("\"/></svg>");
    let tree = usvg::Tree::from_str(&svg, &usvg::Options::default()).ok()?;
    let mut pixmap = resvg::tiny_skia::Pixmap::new(pw, ph)?;
    pixmap.fill(resvg::tiny_skia::Color::WHITE);
    resvg::render(&tree, Default::default(), &mut pixmap.as_mut());
    let rgb: Vec<u8> = pixmap
        .data()
        .chunks_exact(4)
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect();
    Some(RawImage {
        pixels: RawImageData::U8(rgb),
        width: pw as usize,
        height: ph as usize,
        data_format: RawImageFormat::RGB8,
        tag: Vec::new(),
    })
}

fn rect_object(x: f32, y: f32, w: f32, h: f32) -> lopdf::Object {
    lopdf::Object::Array(
        [x, y, x + w, y + h]
            .iter()
            .map(|v| lopdf::Object::Real(*v))
            .collect(),
    )
}

/// Turns page 1 (the poster) into a form XObject, draws it on every sheet
/// (clipped to what the sheet shows, over the poster's colour in the bleed),
/// sets each sheet's TrimBox and BleedBox, and drops page 1.
fn assemble(
    doc: &mut lopdf::Document,
    place: &Placement,
    sheets: &[Sheet],
    background: Color,
    report: &mut dyn FnMut(f32) -> Result<(), PdfError>,
) -> Result<(), PdfError> {
    use lopdf::{Dictionary, Object, Stream};
    let pages = doc.get_pages();
    let missing = || PdfError::Assemble("a page is missing".into());
    let poster_id = *pages.get(&1).ok_or_else(missing)?;
    let poster = doc.get_dictionary(poster_id)?.clone();
    let form_id = poster.get(b"Contents")?.as_reference()?;
    let resources = poster.get(b"Resources")?.clone();
    let (pw, ph) = (place.page_w * PT_PER_PX, place.page_h * PT_PER_PX);
    {
        let form = doc.get_object_mut(form_id)?.as_stream_mut()?;
        form.dict.set("Type", Object::Name(b"XObject".to_vec()));
        form.dict.set("Subtype", Object::Name(b"Form".to_vec()));
        form.dict.set("BBox", rect_object(0.0, 0.0, pw, ph));
        form.dict.set("Resources", resources);
    }
    let [r, g, b] = background.fractions();
    for (n, sheet) in sheets.iter().enumerate() {
        let page_id = *pages.get(&(n as u32 + 2)).ok_or_else(missing)?;
        let mh = sheet.media_h * PT_PER_PX;
        // An area on the media in PDF points: x, y from the bottom, w, h.
        let pdf_area = |a: &crate::sheet::Area| {
            (
                a.x * PT_PER_PX,
                mh - (a.y + a.h) * PT_PER_PX,
                a.w * PT_PER_PX,
                a.h * PT_PER_PX,
            )
        };
        let shown = crate::sheet::Area {
            x: sheet.at.0,
            y: sheet.at.1,
            w: sheet.view.w,
            h: sheet.view.h,
        };
        let (bx, by, bw, bh) = pdf_area(&sheet.bleed);
        let (cx, cy, cw, ch) = pdf_area(&shown);
        let tx = (sheet.at.0 - sheet.view.x) * PT_PER_PX;
        let ty = mh - sheet.at.1 * PT_PER_PX - ph + sheet.view.y * PT_PER_PX;
        let prefix = format!(
            "q {r:.4} {g:.4} {b:.4} rg {bx:.3} {by:.3} {bw:.3} {bh:.3} re f Q\n\
             q {cx:.3} {cy:.3} {cw:.3} {ch:.3} re W n 1 0 0 1 {tx:.3} {ty:.3} cm /{POSTER_FORM} Do Q\n"
        );
        let prefix_id = doc.add_object(Stream::new(Dictionary::new(), prefix.into_bytes()));
        let page = doc.get_dictionary(page_id)?.clone();
        let mut contents = vec![Object::Reference(prefix_id)];
        match page.get(b"Contents") {
            Ok(Object::Array(a)) => contents.extend(a.iter().cloned()),
            Ok(other) => contents.push(other.clone()),
            Err(_) => {}
        }
        let res_id = page.get(b"Resources")?.as_reference()?;
        let mut xobjects = Dictionary::new();
        xobjects.set(POSTER_FORM, Object::Reference(form_id));
        let res = doc.get_dictionary_mut(res_id)?;
        res.set("XObject", Object::Dictionary(xobjects));
        let (tx0, ty0, tw, th) = pdf_area(&sheet.trim);
        let page = doc.get_dictionary_mut(page_id)?;
        page.set("Contents", Object::Array(contents));
        page.set("TrimBox", rect_object(tx0, ty0, tw, th));
        page.set("BleedBox", rect_object(bx, by, bw, bh));
        report((n + 1) as f32 / sheets.len() as f32)?;
    }
    doc.delete_pages(&[1]);
    doc.prune_objects();
    Ok(())
}

/// The file identifier (the trailer's `ID`, both parts the same: this is
/// the file's first and only version): 16 bytes in hex worked out from the
/// file's bytes around it, where printpdf would use a process-wide counter.
fn file_id(before: &[u8], after: &[u8]) -> String {
    // FNV-1a, from two starting values: 16 bytes that change with any byte.
    let fnv = |start: u64| {
        before.iter().chain(after).fold(start, |h, &b| {
            (h ^ b as u64).wrapping_mul(0x0000_0100_0000_01b3)
        })
    };
    format!(
        "{:016X}{:016X}",
        fnv(0xcbf2_9ce4_8422_2325),
        fnv(0x8422_2325_cbf2_9ce4)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_icon_has_an_outline_for_the_pdf() {
        for name in icons::names() {
            assert!(!icon_outlines(name).is_empty(), "{name}");
        }
    }
}
