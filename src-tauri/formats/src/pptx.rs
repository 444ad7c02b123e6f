//! Slides for presenters: the map as a PowerPoint deck (PPTX), written as
//! plain Office Open XML so that PowerPoint, LibreOffice Impress, Keynote
//! and Google Slides open it without a converter.
//!
//! The deck, in the map's language:
//! - a title slide (the map's title, description and size);
//! - the whole map on one slide, as the poster's picture (when the caller
//!   draws one: see [`write`]);
//! - one slide per stage, its lanes as rows and its cards as native,
//!   editable text boxes (a stage with more cards than a slide holds goes on
//!   over several slides, each saying it continues);
//! - one slide per emotions lane with points: its curves drawn as native
//!   lines, each persona's in its colour, a to-be curve dashed;
//! - one slide per persona: photo, role, quote, goals, frustrations and
//!   channels.
//!
//! Every text of the map is a text of the deck (a search in the slides, or
//! in a PDF made of them, finds every card).

use std::fmt::Write as _;
use std::io::{Cursor, Write};

use base64::Engine as _;
use travesia_core::model::{Card, Curve, Lane, Map, Persona, Stage};
use travesia_core::{Holds, LaneKind, PERSONA_COLORS};
use travesia_i18n::Catalogue;
use zip::write::SimpleFileOptions;
use zip::CompressionMethod;

use crate::names;

/// The poster's picture for the whole-map slide.
pub struct Picture {
    pub png: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// A slide is 16:9, 960 × 540 points (13.33 × 7.5 inches).
const SLIDE_W: f32 = 960.0;
const SLIDE_H: f32 = 540.0;
const EMU_PER_PT: f32 = 12_700.0;
/// The poster's font; a machine without it shows the deck in its own sans.
const INK: Rgb = Rgb(0x1F, 0x29, 0x33);
const MUTED: Rgb = Rgb(0x5F, 0x6B, 0x7A);
const RULE: Rgb = Rgb(0xD0, 0xD7, 0xDE);
const HEADER: Rgb = Rgb(0x1F, 0x3A, 0x60);
const WHITE: Rgb = Rgb(0xFF, 0xFF, 0xFF);
const MARGIN: f32 = 24.0;
/// Where a slide's content ends, above its footer.
const BOTTOM: f32 = 506.0;
const GAP: f32 = 8.0;
/// The lane names' column on a stage slide.
const LABEL_W: f32 = 150.0;
/// How many cards a lane's row holds side by side: at least 3, so that a
/// lone card keeps a card's width, and at most 4.
const COLUMNS_MIN: usize = 3;
const COLUMNS_MAX: usize = 4;
/// A card's text sizes, largest first: the largest whose text fits is used.
const CARD_SIZES: [f32; 5] = [14.0, 12.0, 11.0, 10.0, 9.0];
const CARD_H_MIN: f32 = 44.0;
const CARD_H_MAX: f32 = 120.0;
const CARD_INSET: f32 = 6.0;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Rgb(u8, u8, u8);

impl Rgb {
    /// `#RRGGBB` or `#RGB`.
    fn parse(s: &str) -> Option<Rgb> {
        let h = s.strip_prefix('#')?;
        let n = |s: &str| u8::from_str_radix(s, 16).ok();
        match h.len() {
            6 if h.is_ascii() => Some(Rgb(n(&h[0..2])?, n(&h[2..4])?, n(&h[4..6])?)),
            3 if h.is_ascii() => {
                let d = |i: usize| n(&h[i..i + 1]).map(|v| v * 17);
                Some(Rgb(d(0)?, d(1)?, d(2)?))
            }
            _ => None,
        }
    }

    fn or(s: Option<&str>, fallback: Rgb) -> Rgb {
        s.and_then(Rgb::parse).unwrap_or(fallback)
    }

    fn hex(self) -> String {
        format!("{:02X}{:02X}{:02X}", self.0, self.1, self.2)
    }

    /// This colour moved `t` of the way to `other`.
    fn mix(self, other: Rgb, t: f32) -> Rgb {
        let m = |a: u8, b: u8| (a as f32 + (b as f32 - a as f32) * t).round() as u8;
        Rgb(m(self.0, other.0), m(self.1, other.1), m(self.2, other.2))
    }

    /// The relative luminance (WCAG 2).
    fn luminance(self) -> f32 {
        let linear = |c: u8| {
            let c = f32::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * linear(self.0) + 0.7152 * linear(self.1) + 0.0722 * linear(self.2)
    }

    /// The contrast ratio of two colours, 1 to 21 (WCAG 2).
    fn contrast(self, other: Rgb) -> f32 {
        let (a, b) = (self.luminance(), other.luminance());
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }

    /// Text that reads on this colour: white where white reaches 4.5:1,
    /// else the dark ink (made darker where it does not).
    fn ink(self) -> Rgb {
        if WHITE.contrast(self) >= MIN_CONTRAST {
            WHITE
        } else {
            INK.readable_on(self)
        }
    }

    /// This colour, darkened on a light `bg` (lightened on a dark one) just
    /// enough to be read on it at 4.5:1, as the poster's text is.
    fn readable_on(self, bg: Rgb) -> Rgb {
        let toward = if bg.contrast(Rgb(0, 0, 0)) >= bg.contrast(WHITE) {
            Rgb(0, 0, 0)
        } else {
            WHITE
        };
        let mut t = 0.0;
        let mut c = self;
        while c.contrast(bg) < MIN_CONTRAST && t < 1.0 {
            t = (t + 0.05f32).min(1.0);
            c = self.mix(toward, t);
        }
        c
    }
}

/// The least contrast any text has with what it is drawn on (WCAG 2 AA), as
/// on the poster.
const MIN_CONTRAST: f32 = 4.5;

/// Text as XML character data: markup escaped, and the characters XML 1.0
/// cannot hold (most control characters) left out.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push(' '),
            '\u{FFFE}' | '\u{FFFF}' => {}
            c if (c as u32) < 0x20 => {}
            c => out.push(c),
        }
    }
    out
}

fn emu(pt: f32) -> i64 {
    (pt * EMU_PER_PT).round() as i64
}

/// The language tag Office uses for the catalogue's language.
fn office_lang(lang: &str) -> &'static str {
    match lang.split('-').next().unwrap_or(lang) {
        "en" => "en-US",
        "pt" => "pt-BR",
        _ => "es-ES",
    }
}

/// How many lines `text` takes at `size` points in a box `width` points
/// wide: a word-by-word estimate with a generous average letter width, so
/// that text estimated to fit does.
fn lines_of(text: &str, size: f32, width: f32) -> usize {
    let per_line = ((width / (size * 0.54)).floor() as usize).max(1);
    text.split('\n')
        .map(|para| {
            let mut lines = 1;
            let mut used = 0usize;
            for word in para.split_whitespace() {
                let n = word.chars().count();
                if used == 0 {
                    used = n;
                } else if used + 1 + n <= per_line {
                    used += 1 + n;
                } else {
                    lines += 1;
                    used = n;
                }
                while used > per_line {
                    lines += 1;
                    used -= per_line;
                }
            }
            lines
        })
        .sum()
}

/// The height `lines` lines of `size`-point text take.
fn text_h(lines: usize, size: f32) -> f32 {
    lines as f32 * size * 1.2
}

/// `text` cut to at most `max` characters, with an ellipsis when cut.
fn clip(text: &str, max: usize) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= max {
        return one_line;
    }
    let mut cut: String = one_line.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

#[derive(Clone, Copy)]
struct Rect {
    x: f32,
    y: f32,
    w: f32,
    h: f32,
}

fn rect(x: f32, y: f32, w: f32, h: f32) -> Rect {
    Rect { x, y, w, h }
}

#[derive(Clone)]
struct Run {
    text: String,
    size: f32,
    bold: bool,
    italic: bool,
    color: Rgb,
}

fn run(text: impl Into<String>, size: f32, color: Rgb) -> Run {
    Run {
        text: text.into(),
        size,
        bold: false,
        italic: false,
        color,
    }
}

impl Run {
    fn bold(mut self) -> Run {
        self.bold = true;
        self
    }

    fn italic(mut self) -> Run {
        self.italic = true;
        self
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Align {
    Left,
    Center,
    Right,
}

struct Para {
    runs: Vec<Run>,
    align: Align,
    bullet: bool,
}

/// One paragraph per line of `r`'s text, each in `r`'s style.
fn paras(r: Run, align: Align) -> Vec<Para> {
    r.text
        .split('\n')
        .map(|line| Para {
            runs: vec![Run {
                text: line.to_string(),
                ..r.clone()
            }],
            align,
            bullet: false,
        })
        .collect()
}

#[derive(Clone, Copy, PartialEq)]
enum Anchor {
    Top,
    Middle,
    Bottom,
}

struct Body {
    paras: Vec<Para>,
    anchor: Anchor,
    inset: f32,
}

fn body(paras: Vec<Para>) -> Body {
    Body {
        paras,
        anchor: Anchor::Top,
        inset: 0.0,
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Geom {
    Rect,
    RoundRect,
    Ellipse,
}

/// A shape's look: its geometry, fill and outline.
#[derive(Clone, Copy)]
struct Look {
    geom: Geom,
    fill: Option<Rgb>,
    line: Option<(Rgb, f32)>,
}

const TEXT_ONLY: Look = Look {
    geom: Geom::Rect,
    fill: None,
    line: None,
};

fn filled(fill: Rgb) -> Look {
    Look {
        geom: Geom::Rect,
        fill: Some(fill),
        line: None,
    }
}

/// One slide being written: its shapes (XML) and the pictures it shows.
struct Slide {
    shapes: String,
    next_id: u32,
    /// The media files the slide shows, by index in the deck's media.
    pictures: Vec<usize>,
    lang: &'static str,
    /// The map's typeface's family.
    font: &'static str,
}

impl Slide {
    fn new(lang: &'static str, font: &'static str) -> Slide {
        Slide {
            shapes: String::new(),
            next_id: 2,
            pictures: Vec::new(),
            lang,
            font,
        }
    }

    fn id(&mut self) -> u32 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    fn xfrm(out: &mut String, at: Rect) {
        let _ = write!(
            out,
            "<a:xfrm><a:off x=\"{}\" y=\"{}\"/><a:ext cx=\"{}\" cy=\"{}\"/></a:xfrm>",
            emu(at.x),
            emu(at.y),
            emu(at.w.max(0.0)),
            emu(at.h.max(0.0))
        );
    }

    fn fill(out: &mut String, fill: Option<Rgb>) {
        match fill {
            Some(c) => {
                let _ = write!(
                    out,
                    "<a:solidFill><a:srgbClr val=\"{}\"/></a:solidFill>",
                    c.hex()
                );
            }
            None => out.push_str("<a:noFill/>"),
        }
    }

    fn line(out: &mut String, line: Option<(Rgb, f32)>, dashed: bool) {
        match line {
            Some((c, w)) => {
                let _ = write!(out, "<a:ln w=\"{}\" cap=\"rnd\">", emu(w));
                Slide::fill(out, Some(c));
                if dashed {
                    out.push_str("<a:prstDash val=\"dash\"/>");
                }
                out.push_str("<a:round/></a:ln>");
            }
            None => out.push_str("<a:ln><a:noFill/></a:ln>"),
        }
    }

    fn text_body(&self, out: &mut String, b: &Body) {
        let anchor = match b.anchor {
            Anchor::Top => "t",
            Anchor::Middle => "ctr",
            Anchor::Bottom => "b",
        };
        let inset = emu(b.inset);
        let _ = write!(
            out,
            "<p:txBody><a:bodyPr wrap=\"square\" lIns=\"{inset}\" tIns=\"{inset}\" rIns=\"{inset}\" bIns=\"{inset}\" anchor=\"{anchor}\" rtlCol=\"0\"><a:normAutofit/></a:bodyPr><a:lstStyle/>"
        );
        for p in &b.paras {
            out.push_str("<a:p><a:pPr");
            // A right-to-left paragraph (Arabic, Hebrew) runs from the right
            // and starts there, unless it is centred.
            let rtl = p.runs.first().is_some_and(|r| right_to_left(&r.text));
            match (p.align, rtl) {
                (Align::Center, _) => out.push_str(" algn=\"ctr\""),
                (Align::Right, _) | (Align::Left, true) => out.push_str(" algn=\"r\""),
                (Align::Left, false) => out.push_str(" algn=\"l\""),
            }
            if rtl {
                out.push_str(" rtl=\"1\"");
            }
            if p.bullet {
                out.push_str(" marL=\"228600\" indent=\"-228600\"><a:buFont typeface=\"Arial\"/><a:buChar char=\"•\"/></a:pPr>");
            } else {
                out.push_str("><a:buNone/></a:pPr>");
            }
            let size = p.runs.first().map_or(12.0, |r| r.size);
            for r in &p.runs {
                if r.text.is_empty() {
                    continue;
                }
                let _ = write!(
                    out,
                    "<a:r><a:rPr lang=\"{}\" sz=\"{}\"{}{} dirty=\"0\"><a:solidFill><a:srgbClr val=\"{}\"/></a:solidFill><a:latin typeface=\"{font}\"/><a:cs typeface=\"{font}\"/></a:rPr><a:t>{}</a:t></a:r>",
                    self.lang,
                    (r.size * 100.0).round() as u32,
                    if r.bold { " b=\"1\"" } else { "" },
                    if r.italic { " i=\"1\"" } else { "" },
                    r.color.hex(),
                    esc(&r.text),
                    font = self.font,
                );
            }
            let _ = write!(
                out,
                "<a:endParaRPr lang=\"{}\" sz=\"{}\" dirty=\"0\"/></a:p>",
                self.lang,
                (size * 100.0).round() as u32
            );
        }
        out.push_str("</p:txBody>");
    }

    /// A shape (a box, a rounded card, a dot), with text or without.
    fn shape(&mut self, name: &str, at: Rect, look: Look, text: Option<&Body>) {
        let id = self.id();
        let mut out = String::new();
        let _ = write!(
            out,
            "<p:sp><p:nvSpPr><p:cNvPr id=\"{id}\" name=\"{} {id}\"/><p:cNvSpPr{}/><p:nvPr/></p:nvSpPr><p:spPr>",
            esc(name),
            if look.fill.is_none() && look.line.is_none() {
                " txBox=\"1\""
            } else {
                ""
            }
        );
        Slide::xfrm(&mut out, at);
        let geom = match look.geom {
            Geom::Rect => "rect",
            Geom::RoundRect => "roundRect",
            Geom::Ellipse => "ellipse",
        };
        if look.geom == Geom::RoundRect {
            let _ = write!(
                out,
                "<a:prstGeom prst=\"{geom}\"><a:avLst><a:gd name=\"adj\" fmla=\"val 9000\"/></a:avLst></a:prstGeom>"
            );
        } else {
            let _ = write!(out, "<a:prstGeom prst=\"{geom}\"><a:avLst/></a:prstGeom>");
        }
        Slide::fill(&mut out, look.fill);
        Slide::line(&mut out, look.line, false);
        out.push_str("</p:spPr>");
        if let Some(b) = text {
            self.text_body(&mut out, b);
        }
        out.push_str("</p:sp>");
        self.shapes.push_str(&out);
    }

    /// Text alone, without a box.
    fn text(&mut self, name: &str, at: Rect, b: &Body) {
        self.shape(name, at, TEXT_ONLY, Some(b));
    }

    /// The slide's title, as the title placeholder (what the outline, the
    /// slide sorter and screen readers name the slide by).
    fn title(&mut self, at: Rect, b: &Body) {
        let id = self.id();
        let mut out = String::new();
        let _ = write!(
            out,
            "<p:sp><p:nvSpPr><p:cNvPr id=\"{id}\" name=\"Title {id}\"/><p:cNvSpPr><a:spLocks noGrp=\"1\"/></p:cNvSpPr><p:nvPr><p:ph type=\"title\"/></p:nvPr></p:nvSpPr><p:spPr>"
        );
        Slide::xfrm(&mut out, at);
        out.push_str("</p:spPr>");
        self.text_body(&mut out, b);
        out.push_str("</p:sp>");
        self.shapes.push_str(&out);
    }

    /// A picture: media `media` of the deck, described by `descr`.
    fn picture(&mut self, media: usize, descr: &str, at: Rect) {
        let id = self.id();
        self.pictures.push(media);
        let rid = self.pictures.len() + 1;
        let mut out = String::new();
        let _ = write!(
            out,
            "<p:pic><p:nvPicPr><p:cNvPr id=\"{id}\" name=\"Picture {id}\" descr=\"{}\"/><p:cNvPicPr><a:picLocks noChangeAspect=\"1\"/></p:cNvPicPr><p:nvPr/></p:nvPicPr><p:blipFill><a:blip r:embed=\"rId{rid}\"/><a:stretch><a:fillRect/></a:stretch></p:blipFill><p:spPr>",
            esc(descr)
        );
        Slide::xfrm(&mut out, at);
        out.push_str("<a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></p:spPr></p:pic>");
        self.shapes.push_str(&out);
    }

    /// A line through `points` (slide points), `width` points wide.
    fn polyline(
        &mut self,
        name: &str,
        points: &[(f32, f32)],
        color: Rgb,
        width: f32,
        dashed: bool,
    ) {
        if points.len() < 2 {
            return;
        }
        let x0 = points.iter().map(|p| p.0).fold(f32::MAX, f32::min);
        let y0 = points.iter().map(|p| p.1).fold(f32::MAX, f32::min);
        let x1 = points.iter().map(|p| p.0).fold(f32::MIN, f32::max);
        let y1 = points.iter().map(|p| p.1).fold(f32::MIN, f32::max);
        let at = rect(x0, y0, (x1 - x0).max(0.01), (y1 - y0).max(0.01));
        let id = self.id();
        let mut out = String::new();
        let _ = write!(
            out,
            "<p:sp><p:nvSpPr><p:cNvPr id=\"{id}\" name=\"{} {id}\"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr>",
            esc(name)
        );
        Slide::xfrm(&mut out, at);
        let _ = write!(
            out,
            "<a:custGeom><a:avLst/><a:gdLst/><a:ahLst/><a:cxnLst/><a:rect l=\"0\" t=\"0\" r=\"r\" b=\"b\"/><a:pathLst><a:path w=\"{}\" h=\"{}\" fill=\"none\">",
            emu(at.w),
            emu(at.h)
        );
        for (i, (x, y)) in points.iter().enumerate() {
            let tag = if i == 0 { "moveTo" } else { "lnTo" };
            let _ = write!(
                out,
                "<a:{tag}><a:pt x=\"{}\" y=\"{}\"/></a:{tag}>",
                emu(x - x0),
                emu(y - y0)
            );
        }
        out.push_str("</a:path></a:pathLst></a:custGeom><a:noFill/>");
        Slide::line(&mut out, Some((color, width)), dashed);
        out.push_str("</p:spPr></p:sp>");
        self.shapes.push_str(&out);
    }

    fn xml(&self) -> String {
        format!(
            "{XML_HEAD}<p:sld {NS}><p:cSld><p:spTree>{GROUP}{}</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>",
            self.shapes
        )
    }

    fn rels(&self, media: &[Media]) -> String {
        let mut links = vec![(
            format!("{DOC_RELS}/slideLayout"),
            "../slideLayouts/slideLayout1.xml".to_string(),
        )];
        for m in &self.pictures {
            links.push((
                format!("{DOC_RELS}/image"),
                format!("../media/{}", media[*m].name),
            ));
        }
        relationships(&links)
    }
}

struct Media {
    name: String,
    bytes: Vec<u8>,
}

const XML_HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
const NS: &str = "xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" xmlns:p=\"http://schemas.openxmlformats.org/presentationml/2006/main\"";
const PKG_RELS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
const DOC_RELS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const GROUP: &str = "<p:nvGrpSpPr><p:cNvPr id=\"1\" name=\"\"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"0\" cy=\"0\"/><a:chOff x=\"0\" y=\"0\"/><a:chExt cx=\"0\" cy=\"0\"/></a:xfrm></p:grpSpPr>";
const CT_PML: &str = "application/vnd.openxmlformats-officedocument.presentationml";

/// A point of a curve: its stage's index, its score and its card.
type Point<'m> = (usize, i8, &'m Card);

/// The deck being written.
struct Deck<'a> {
    map: &'a Map,
    c: &'a Catalogue,
    lang: &'static str,
    /// The map's typeface's family (`theme.font`).
    font: &'static str,
    /// The title slide's colour: the map's accent.
    header: Rgb,
    slides: Vec<Slide>,
    media: Vec<Media>,
}

/// A card as a stage slide shows it: its text, and a second line of what
/// else it holds (a channel, a score's curve, a value).
struct CardText {
    main: String,
    meta: String,
}

impl<'a> Deck<'a> {
    fn slide(&self) -> Slide {
        Slide::new(self.lang, self.font)
    }

    fn add_media(&mut self, ext: &str, bytes: Vec<u8>) -> usize {
        let i = self.media.len();
        self.media.push(Media {
            name: format!("image{}.{ext}", i + 1),
            bytes,
        });
        i
    }

    /// The title of a content slide, with a rule under it.
    fn heading(&self, s: &mut Slide, title: &str, over: Option<&str>) {
        if let Some(over) = over {
            s.text(
                "Kicker",
                rect(MARGIN, 14.0, SLIDE_W - 2.0 * MARGIN, 18.0),
                &body(paras(run(over, 12.0, MUTED), Align::Left)),
            );
        }
        s.title(
            rect(MARGIN, 30.0, SLIDE_W - 2.0 * MARGIN, 38.0),
            &Body {
                anchor: Anchor::Bottom,
                ..body(paras(run(clip(title, 90), 26.0, INK).bold(), Align::Left))
            },
        );
        s.shape(
            "Rule",
            rect(MARGIN, 72.0, SLIDE_W - 2.0 * MARGIN, 1.5),
            filled(RULE),
            None,
        );
    }

    fn title_slide(&mut self) {
        let map = self.map;
        let c = self.c;
        let header = self.header;
        let mut s = self.slide();
        s.shape(
            "Background",
            rect(0.0, 0.0, SLIDE_W, SLIDE_H),
            filled(header),
            None,
        );
        // The company's logo on a white plate, and its name, above the title.
        let theme = map.theme.as_ref();
        if let Some((ext, bytes)) = theme.and_then(|t| t.logo.as_deref()).and_then(photo) {
            let size = theme
                .and_then(|t| t.logo.as_deref())
                .and_then(travesia_core::validate::picture_size);
            if let Some((w, h)) = size {
                let lh = 48.0;
                let lw = (lh * w as f32 / h as f32).clamp(lh / 2.0, 200.0);
                s.shape(
                    "Logo plate",
                    rect(60.0, 40.0, lw + 16.0, lh + 16.0),
                    filled(WHITE),
                    None,
                );
                let media = self.add_media(ext, bytes);
                let name = theme.and_then(|t| t.company.as_deref()).unwrap_or("");
                let descr = c.fill("slides.logoAlt", &[("company", name)]);
                s.picture(media, &descr, rect(68.0, 48.0, lw, lh));
            }
        }
        if let Some(company) = theme
            .and_then(|t| t.company.as_deref())
            .map(str::trim)
            .filter(|c| !c.is_empty())
        {
            s.text(
                "Company",
                rect(60.0, 120.0, SLIDE_W - 120.0, 24.0),
                &body(paras(
                    run(company, 16.0, WHITE.mix(header, 0.15).readable_on(header)).bold(),
                    Align::Left,
                )),
            );
        }
        let band = Rgb::or(
            map.stages.first().and_then(|st| st.color.as_deref()),
            Rgb(0x4C, 0x6E, 0xF5),
        );
        s.shape("Band", rect(60.0, 150.0, 64.0, 6.0), filled(band), None);
        let title = if map.title.trim().is_empty() {
            c.t("slides.untitled").to_string()
        } else {
            map.title.clone()
        };
        let size = if title.chars().count() > 60 {
            30.0
        } else {
            40.0
        };
        s.title(
            rect(60.0, 168.0, SLIDE_W - 120.0, 120.0),
            &Body {
                anchor: Anchor::Top,
                ..body(paras(run(title, size, WHITE).bold(), Align::Left))
            },
        );
        if let Some(d) = map.description.as_deref().filter(|d| !d.trim().is_empty()) {
            s.text(
                "Description",
                rect(60.0, 296.0, SLIDE_W - 120.0, 110.0),
                &body(paras(
                    run(d, 18.0, WHITE.mix(header, 0.2).readable_on(header)),
                    Align::Left,
                )),
            );
        }
        let cards = map.cards.len() as u64;
        let mut counts = vec![
            c.plural("slides.stages", map.stages.len() as u64, &[]),
            c.plural("slides.cards", cards, &[]),
        ];
        if !map.personas().is_empty() {
            counts.push(c.plural("persona.count", map.personas().len() as u64, &[]));
        }
        s.text(
            "Size",
            rect(60.0, 440.0, SLIDE_W - 120.0, 24.0),
            &body(paras(
                run(
                    counts.join(" · "),
                    14.0,
                    WHITE.mix(header, 0.35).readable_on(header),
                ),
                Align::Left,
            )),
        );
        self.slides.push(s);
    }

    fn whole_map(&mut self, picture: &Picture) {
        let mut s = self.slide();
        self.heading(&mut s, self.c.t("slides.wholeMap"), None);
        let area = rect(MARGIN, 84.0, SLIDE_W - 2.0 * MARGIN, BOTTOM - 84.0);
        let k = (area.w / picture.width.max(1) as f32).min(area.h / picture.height.max(1) as f32);
        let (w, h) = (picture.width as f32 * k, picture.height as f32 * k);
        let media = self.add_media("png", picture.png.clone());
        let descr = self.c.fill("slides.mapAlt", &[("title", &self.map.title)]);
        s.picture(
            media,
            &descr,
            rect(
                area.x + (area.w - w) / 2.0,
                area.y + (area.h - h) / 2.0,
                w,
                h,
            ),
        );
        self.slides.push(s);
    }

    fn lane_color(&self, lane: &Lane) -> Rgb {
        Rgb::or(
            lane.color.as_deref(),
            Rgb::parse(lane.kind.spec().color).unwrap_or(MUTED),
        )
    }

    /// The name of the curve a point is on ("General", "Ana", "Ana · deseada").
    fn curve_name(&self, curve: Curve) -> String {
        let name = match curve.persona {
            Some(id) => self
                .map
                .persona(id)
                .map_or_else(|| id.to_string(), |p| p.name.clone()),
            None => self.c.t("curve.general").to_string(),
        };
        if curve.to_be {
            self.c.fill("curve.toBe", &[("name", &name)])
        } else {
            name
        }
    }

    fn channel_name(&self, ch: &str) -> String {
        if let Some(own) = self.map.own_channel(ch) {
            return own.name.clone();
        }
        match names::channel(ch) {
            Some(built_in) => names::channel_name(built_in, self.c),
            None => ch.to_string(),
        }
    }

    fn card_text(&self, lane: &Lane, card: &Card) -> CardText {
        let c = self.c;
        let mut meta = Vec::new();
        let mut main = card.text.clone();
        let spec = lane.kind.spec();
        match spec.holds {
            Holds::Score => {
                if let Some(score) = card.score {
                    let n = if score > 0 {
                        format!("+{score}")
                    } else {
                        score.to_string().replace('-', "−")
                    };
                    main = if main.trim().is_empty() {
                        n
                    } else {
                        format!("{n} · {main}")
                    };
                }
                let curve = card.curve();
                if curve.persona.is_some() || curve.to_be {
                    meta.push(self.curve_name(curve));
                }
            }
            Holds::Value | Holds::Metric => {
                if let Some(v) = card.value {
                    let mut value = c.number(v, 2);
                    if let Some(unit) = card.unit.as_deref().filter(|u| !u.is_empty()) {
                        value = if unit == "%" {
                            c.fill("poster.percent", &[("value", &value)])
                        } else {
                            format!("{value} {unit}")
                        };
                    }
                    meta.push(value);
                }
            }
            Holds::Text => {}
        }
        if spec.touchpoints {
            if let Some(ch) = card.channel.as_deref() {
                meta.push(self.channel_name(ch));
            }
            if let Some(online) = card.online {
                meta.push(
                    c.t(if online {
                        "poster.online"
                    } else {
                        "poster.offline"
                    })
                    .to_string(),
                );
            }
        }
        CardText {
            main,
            meta: meta.join(" · "),
        }
    }

    /// The height cards `texts` need at `size` points in boxes `w` wide:
    /// the tallest one's, within the bounds of a card.
    fn cards_h(texts: &[CardText], size: f32, w: f32) -> f32 {
        let inner = w - 2.0 * CARD_INSET;
        texts
            .iter()
            .map(|t| {
                let mut h = text_h(lines_of(&t.main, size, inner), size);
                if !t.meta.is_empty() {
                    h += text_h(lines_of(&t.meta, size - 2.0, inner), size - 2.0);
                }
                h + 2.0 * CARD_INSET
            })
            .fold(CARD_H_MIN, f32::max)
    }

    /// The text size of a lane's cards `texts` in boxes `w` wide: the
    /// largest at which every card fits a card's height.
    fn card_size(texts: &[CardText], w: f32) -> f32 {
        CARD_SIZES
            .into_iter()
            .find(|size| Deck::cards_h(texts, *size, w) <= CARD_H_MAX)
            .unwrap_or(CARD_SIZES[CARD_SIZES.len() - 1])
    }

    fn stage_slides(&mut self, i: usize, stage: &Stage) {
        let map = self.map;
        let c = self.c;
        let color = Rgb::or(stage.color.as_deref(), self.header);
        let lanes: Vec<(&Lane, Vec<&Card>)> = map
            .lanes
            .iter()
            .map(|l| {
                let cards: Vec<&Card> = map
                    .cards
                    .iter()
                    .filter(|k| k.stage == stage.id && k.lane == l.id)
                    .collect();
                (l, cards)
            })
            .filter(|(_, cards)| !cards.is_empty())
            .collect();
        let most = lanes.iter().map(|(_, k)| k.len()).max().unwrap_or(1);
        let cols = most.clamp(COLUMNS_MIN, COLUMNS_MAX);
        let area_x = MARGIN + LABEL_W + 12.0;
        let area_w = SLIDE_W - MARGIN - area_x;
        let card_w = (area_w - (cols - 1) as f32 * GAP) / cols as f32;
        let kicker = c.fill(
            "slides.stageOf",
            &[
                ("n", &(i + 1).to_string()),
                ("total", &map.stages.len().to_string()),
            ],
        );
        let description = stage
            .description
            .as_deref()
            .filter(|d| !d.trim().is_empty());
        let mut page = 0;
        let new_page = |deck: &Deck, page: usize| -> (Slide, f32) {
            let mut s = deck.slide();
            s.shape(
                "Stage band",
                rect(0.0, 0.0, SLIDE_W, 84.0),
                filled(color),
                None,
            );
            let ink = color.ink();
            s.text(
                "Kicker",
                rect(MARGIN, 12.0, SLIDE_W - 2.0 * MARGIN, 18.0),
                &body(paras(
                    run(&kicker, 12.0, ink.mix(color, 0.25).readable_on(color)),
                    Align::Left,
                )),
            );
            let title = if page == 0 {
                clip(&stage.title, 80)
            } else {
                c.fill("slides.continued", &[("title", &clip(&stage.title, 64))])
            };
            s.title(
                rect(MARGIN, 30.0, SLIDE_W - 2.0 * MARGIN, 44.0),
                &Body {
                    anchor: Anchor::Middle,
                    ..body(paras(run(title, 26.0, ink).bold(), Align::Left))
                },
            );
            let mut top = 96.0;
            if let (Some(d), 0) = (description, page) {
                let h = text_h(lines_of(d, 13.0, SLIDE_W - 2.0 * MARGIN).min(3), 13.0) + 4.0;
                s.text(
                    "Stage description",
                    rect(MARGIN, top, SLIDE_W - 2.0 * MARGIN, h),
                    &body(paras(run(d, 13.0, MUTED), Align::Left)),
                );
                top += h + 8.0;
            }
            (s, top)
        };
        let (mut s, mut y) = new_page(self, page);
        let mut page_top = y;
        if lanes.is_empty() {
            s.text(
                "Empty stage",
                rect(MARGIN, y + 40.0, SLIDE_W - 2.0 * MARGIN, 40.0),
                &body(paras(
                    run(c.t("slides.noCards"), 16.0, MUTED).italic(),
                    Align::Center,
                )),
            );
        }
        for (lane, cards) in &lanes {
            let lane_color = self.lane_color(lane);
            let texts: Vec<CardText> = cards.iter().map(|k| self.card_text(lane, k)).collect();
            let size = Deck::card_size(&texts, card_w);
            let rows: Vec<&[CardText]> = texts.chunks(cols).collect();
            let mut start = y;
            let mut first_row = true;
            for (r, row) in rows.iter().enumerate() {
                let card_h = Deck::cards_h(row, size, card_w).min(CARD_H_MAX);
                if y + card_h > BOTTOM && y > page_top {
                    if !first_row {
                        self.lane_label(&mut s, lane, lane_color, start, y - GAP);
                    }
                    self.slides.push(s);
                    page += 1;
                    (s, y) = new_page(self, page);
                    page_top = y;
                    start = y;
                }
                for (j, t) in row.iter().enumerate() {
                    let card = cards[r * cols + j];
                    let fill = Rgb::or(card.color.as_deref(), lane_color.mix(WHITE, 0.86));
                    let ink = fill.ink();
                    let mut ps = paras(run(&t.main, size, ink), Align::Left);
                    if !t.meta.is_empty() {
                        ps.extend(paras(
                            run(&t.meta, size - 2.0, MUTED.readable_on(fill)),
                            Align::Left,
                        ));
                    }
                    s.shape(
                        "Card",
                        rect(area_x + j as f32 * (card_w + GAP), y, card_w, card_h),
                        Look {
                            geom: Geom::RoundRect,
                            fill: Some(fill),
                            line: Some((lane_color.mix(WHITE, 0.35), 1.0)),
                        },
                        Some(&Body {
                            inset: CARD_INSET,
                            ..body(ps)
                        }),
                    );
                }
                y += card_h + GAP;
                first_row = false;
            }
            self.lane_label(&mut s, lane, lane_color, start, y - GAP);
            y += 6.0;
        }
        self.slides.push(s);
    }

    /// A lane's name beside its row, from `top` to `bottom`.
    fn lane_label(&self, s: &mut Slide, lane: &Lane, color: Rgb, top: f32, bottom: f32) {
        let h = (bottom - top).max(20.0);
        s.shape("Lane bar", rect(MARGIN, top, 4.0, h), filled(color), None);
        let title = if lane.title.trim().is_empty() {
            names::kind_name(lane.kind, self.c)
        } else {
            lane.title.clone()
        };
        s.text(
            "Lane",
            rect(MARGIN + 10.0, top, LABEL_W - 10.0, h),
            &Body {
                anchor: Anchor::Top,
                inset: 2.0,
                ..body(paras(
                    run(
                        clip(&title, 60),
                        12.0,
                        color.mix(INK, 0.45).readable_on(WHITE),
                    )
                    .bold(),
                    Align::Left,
                ))
            },
        );
    }

    /// The slide of an emotions lane's curves.
    fn curve_slide(&mut self, lane: &Lane) {
        let map = self.map;
        let n = map.stages.len();
        let mut curves: Vec<(Curve, Vec<Point>)> = Vec::new();
        for card in map.cards.iter().filter(|k| k.lane == lane.id) {
            let (Some(score), Some(si)) = (card.score, map.stage_index(&card.stage)) else {
                continue;
            };
            let curve = card.curve();
            match curves.iter_mut().find(|(k, _)| *k == curve) {
                Some((_, pts)) => pts.push((si, score, card)),
                None => curves.push((curve, vec![(si, score, card)])),
            }
        }
        if curves.is_empty() || n == 0 {
            return;
        }
        let order = |k: &Curve| {
            (
                k.persona
                    .map_or(0, |p| map.persona_index(p).map_or(usize::MAX, |i| i + 1)),
                k.to_be,
            )
        };
        curves.sort_by_key(|(k, _)| order(k));
        for (_, pts) in &mut curves {
            pts.sort_by_key(|p| p.0);
        }
        let mut s = self.slide();
        let title = if lane.title.trim().is_empty() {
            self.c.t("slides.curve").to_string()
        } else {
            lane.title.clone()
        };
        self.heading(&mut s, &title, Some(self.c.t("slides.curve")));
        let (x0, x1, y0, y1) = (100.0, SLIDE_W - MARGIN - 10.0, 128.0, 420.0);
        let step = (x1 - x0) / n as f32;
        let y_of = |score: i8| y0 + (2.0 - score.clamp(-2, 2) as f32) / 4.0 * (y1 - y0);
        let x_of = |si: usize| x0 + step * (si as f32 + 0.5);
        for score in -2i8..=2 {
            let y = y_of(score);
            let (color, w) = if score == 0 {
                (MUTED.mix(WHITE, 0.3), 1.25)
            } else {
                (RULE, 0.75)
            };
            s.shape(
                "Grid",
                rect(x0, y - w / 2.0, x1 - x0, w),
                filled(color),
                None,
            );
            let label = match score {
                s if s > 0 => format!("+{s}"),
                0 => "0".to_string(),
                s => format!("−{}", -s),
            };
            s.text(
                "Score",
                rect(x0 - 44.0, y - 9.0, 36.0, 18.0),
                &Body {
                    anchor: Anchor::Middle,
                    ..body(paras(run(label, 11.0, MUTED), Align::Right))
                },
            );
        }
        for (si, st) in map.stages.iter().enumerate() {
            let size = if step < 70.0 { 9.0 } else { 11.0 };
            s.text(
                "Stage",
                rect(x0 + step * si as f32 + 2.0, y1 + 12.0, step - 4.0, 56.0),
                &body(paras(
                    run(clip(&st.title, 48), size, INK).bold(),
                    Align::Center,
                )),
            );
        }
        let general = self.lane_color(lane);
        let single = curves.len() == 1;
        for (i, (curve, pts)) in curves.iter().enumerate() {
            let color = match curve.persona {
                Some(id) => Rgb::or(
                    map.persona_color(id),
                    Rgb::parse(PERSONA_COLORS[i % PERSONA_COLORS.len()]).unwrap_or(general),
                ),
                None => general,
            };
            let points: Vec<(f32, f32)> = pts
                .iter()
                .map(|(si, sc, _)| (x_of(*si), y_of(*sc)))
                .collect();
            s.polyline("Curve", &points, color, 3.0, curve.to_be);
            for (i, ((x, y), (_, _, card))) in points.iter().zip(pts).enumerate() {
                let r = 5.5;
                s.shape(
                    "Point",
                    rect(x - r, y - r, 2.0 * r, 2.0 * r),
                    Look {
                        geom: Geom::Ellipse,
                        fill: Some(if curve.to_be { WHITE } else { color }),
                        line: Some((if curve.to_be { color } else { WHITE }, 1.5)),
                    },
                    None,
                );
                if single && !card.text.trim().is_empty() {
                    // A peak's note above it, a valley's below: away from
                    // the line, on a white ground where the line passes.
                    let near: Vec<f32> = [i.checked_sub(1), Some(i + 1)]
                        .into_iter()
                        .flatten()
                        .filter_map(|j| points.get(j).map(|p| p.1))
                        .collect();
                    let around = if near.is_empty() {
                        *y
                    } else {
                        near.iter().sum::<f32>() / near.len() as f32
                    };
                    let above = *y <= around;
                    let text = clip(&card.text, 60);
                    let w = (step - 8.0).min(text.chars().count() as f32 * 10.0 * 0.56 + 12.0);
                    let h = text_h(lines_of(&text, 10.0, w - 4.0).min(3), 10.0) + 4.0;
                    let ly = if above { y - 10.0 - h } else { y + 10.0 };
                    s.shape(
                        "Point note",
                        rect(x - w / 2.0, ly, w, h),
                        filled(WHITE),
                        Some(&Body {
                            inset: 2.0,
                            anchor: Anchor::Middle,
                            ..body(paras(run(text, 10.0, INK), Align::Center))
                        }),
                    );
                }
            }
        }
        if !single {
            let mut x = x0;
            for (i, (curve, _)) in curves.iter().enumerate() {
                let color = match curve.persona {
                    Some(id) => Rgb::or(
                        map.persona_color(id),
                        Rgb::parse(PERSONA_COLORS[i % PERSONA_COLORS.len()]).unwrap_or(general),
                    ),
                    None => general,
                };
                let name = self.curve_name(*curve);
                let w = (name.chars().count() as f32 * 6.5 + 34.0).min(220.0);
                if x + w > x1 {
                    break;
                }
                s.polyline(
                    "Legend line",
                    &[(x, 96.0), (x + 22.0, 96.0)],
                    color,
                    3.0,
                    curve.to_be,
                );
                s.text(
                    "Legend",
                    rect(x + 26.0, 87.0, w - 26.0, 18.0),
                    &Body {
                        anchor: Anchor::Middle,
                        ..body(paras(run(clip(&name, 30), 11.0, INK), Align::Left))
                    },
                );
                x += w + 10.0;
            }
        }
        self.slides.push(s);
    }

    fn persona_slide(&mut self, i: usize, p: &Persona) {
        let c = self.c;
        let color = Rgb::or(
            self.map.persona_color(&p.id),
            Rgb::parse(PERSONA_COLORS[i % PERSONA_COLORS.len()]).unwrap_or(HEADER),
        );
        let mut s = self.slide();
        self.heading(&mut s, &p.name, Some(c.t("persona.title")));
        let mut left = MARGIN;
        let mut top = 90.0;
        if let Some((ext, bytes)) = p.photo.as_deref().and_then(photo) {
            let media = self.add_media(ext, bytes);
            let alt = c.fill("persona.photoAlt", &[("name", &p.name)]);
            s.picture(media, &alt, rect(MARGIN, top, 150.0, 150.0));
            left = MARGIN + 166.0;
        } else if !initials(&p.name).is_empty() {
            // Without a photo, the persona's initials in its colour, as the
            // map's header shows it.
            s.shape(
                "Initials",
                rect(MARGIN, top, 150.0, 150.0),
                Look {
                    geom: Geom::Ellipse,
                    fill: Some(color),
                    line: None,
                },
                Some(&Body {
                    anchor: Anchor::Middle,
                    ..body(paras(
                        run(initials(&p.name), 54.0, color.ink()).bold(),
                        Align::Center,
                    ))
                }),
            );
            left = MARGIN + 166.0;
        }
        let w = SLIDE_W - MARGIN - left;
        if let Some(role) = p.role.as_deref().filter(|r| !r.trim().is_empty()) {
            let h = text_h(lines_of(role, 16.0, w).min(2), 16.0) + 4.0;
            s.text(
                "Role",
                rect(left, top, w, h),
                &body(paras(run(role, 16.0, MUTED), Align::Left)),
            );
            top += h + 6.0;
        }
        if let Some(q) = p.quote.as_deref().filter(|q| !q.trim().is_empty()) {
            let text = c.fill("slides.quote", &[("text", q.trim())]);
            let h = text_h(lines_of(&text, 18.0, w - 16.0).min(4), 18.0) + 8.0;
            s.shape("Quote bar", rect(left, top, 4.0, h), filled(color), None);
            s.text(
                "Quote",
                rect(left + 14.0, top, w - 14.0, h),
                &Body {
                    inset: 2.0,
                    ..body(paras(run(text, 18.0, INK).italic(), Align::Left))
                },
            );
            top += h + 8.0;
        }
        if left > MARGIN {
            top = top.max(90.0 + 150.0 + 14.0);
        }
        let lists = [
            ("persona.goals", p.goals.as_deref().unwrap_or_default()),
            (
                "persona.frustrations",
                p.frustrations.as_deref().unwrap_or_default(),
            ),
        ];
        let col_w = (SLIDE_W - 2.0 * MARGIN - 20.0) / 2.0;
        let channels: Vec<String> = p
            .channels
            .as_deref()
            .unwrap_or_default()
            .iter()
            .map(|ch| self.channel_name(ch))
            .collect();
        let list_bottom = if channels.is_empty() {
            BOTTOM
        } else {
            BOTTOM - 34.0
        };
        for (k, (key, items)) in lists.iter().enumerate() {
            if items.is_empty() {
                continue;
            }
            let x = MARGIN + k as f32 * (col_w + 20.0);
            s.text(
                "List heading",
                rect(x, top, col_w, 22.0),
                &body(paras(
                    run(c.t(key), 15.0, color.mix(INK, 0.3).readable_on(WHITE)).bold(),
                    Align::Left,
                )),
            );
            let ps: Vec<Para> = items
                .iter()
                .map(|item| Para {
                    runs: vec![run(item.replace('\n', " "), 13.0, INK)],
                    align: Align::Left,
                    bullet: true,
                })
                .collect();
            s.text(
                "List",
                rect(x, top + 26.0, col_w, (list_bottom - top - 26.0).max(30.0)),
                &body(ps),
            );
        }
        if !channels.is_empty() {
            s.text(
                "Channels",
                rect(MARGIN, BOTTOM - 28.0, SLIDE_W - 2.0 * MARGIN, 24.0),
                &body(vec![Para {
                    runs: vec![
                        run(format!("{}: ", c.t("persona.channels")), 12.0, MUTED).bold(),
                        run(channels.join(", "), 12.0, INK),
                    ],
                    align: Align::Left,
                    bullet: false,
                }]),
            );
        }
        self.slides.push(s);
    }

    /// Every slide but the first gets the map's title and its number.
    fn footers(&mut self) {
        let total = self.slides.len();
        // The map's title, after the company's name and before
        // "Confidential" when the poster's footer says them.
        let theme = self.map.theme.as_ref();
        let says = |field: &str| {
            theme
                .and_then(|t| t.footer.as_ref())
                .is_some_and(|f| f.iter().any(|w| w == field))
        };
        let mut words = Vec::new();
        if let Some(company) = theme
            .and_then(|t| t.company.as_deref())
            .map(str::trim)
            .filter(|c| !c.is_empty() && says("company"))
        {
            words.push(company.to_string());
        }
        words.push(clip(&self.map.title, 90));
        if says("confidential") {
            words.push(self.c.t("poster.footer.confidential").to_string());
        }
        let title = words.join(" · ");
        for (i, s) in self.slides.iter_mut().enumerate().skip(1) {
            s.text(
                "Footer",
                rect(MARGIN, SLIDE_H - 28.0, SLIDE_W - 2.0 * MARGIN - 80.0, 18.0),
                &body(paras(run(&title, 9.0, MUTED), Align::Left)),
            );
            s.text(
                "Slide number",
                rect(SLIDE_W - MARGIN - 80.0, SLIDE_H - 28.0, 80.0, 18.0),
                &body(paras(
                    run(format!("{} / {total}", i + 1), 9.0, MUTED),
                    Align::Right,
                )),
            );
        }
    }

    /// Every part of the package, by its name: the deck as Office Open XML.
    fn parts(&self) -> Vec<(String, String)> {
        let n = self.slides.len();
        let mut types = format!(
            "{XML_HEAD}<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Default Extension=\"png\" ContentType=\"image/png\"/><Default Extension=\"jpeg\" ContentType=\"image/jpeg\"/><Override PartName=\"/ppt/presentation.xml\" ContentType=\"{CT_PML}.presentation.main+xml\"/><Override PartName=\"/ppt/slideMasters/slideMaster1.xml\" ContentType=\"{CT_PML}.slideMaster+xml\"/><Override PartName=\"/ppt/slideLayouts/slideLayout1.xml\" ContentType=\"{CT_PML}.slideLayout+xml\"/><Override PartName=\"/ppt/theme/theme1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.theme+xml\"/><Override PartName=\"/ppt/presProps.xml\" ContentType=\"{CT_PML}.presProps+xml\"/><Override PartName=\"/ppt/viewProps.xml\" ContentType=\"{CT_PML}.viewProps+xml\"/><Override PartName=\"/ppt/tableStyles.xml\" ContentType=\"{CT_PML}.tableStyles+xml\"/><Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/><Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>"
        );
        for i in 1..=n {
            let _ = write!(
                types,
                "<Override PartName=\"/ppt/slides/slide{i}.xml\" ContentType=\"{CT_PML}.slide+xml\"/>"
            );
        }
        types.push_str("</Types>");
        let link = |kind: &str, target: &str| (format!("{DOC_RELS}/{kind}"), target.to_string());
        let mut parts = vec![
            ("[Content_Types].xml".to_string(), types),
            (
                "_rels/.rels".to_string(),
                relationships(&[
                    link("officeDocument", "ppt/presentation.xml"),
                    (
                        format!("{PKG_RELS}/metadata/core-properties"),
                        "docProps/core.xml".to_string(),
                    ),
                    link("extended-properties", "docProps/app.xml"),
                ]),
            ),
            (
                "docProps/core.xml".to_string(),
                format!(
                    "{XML_HEAD}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>{}</dc:title><dc:creator>Travesía</dc:creator><dc:language>{}</dc:language></cp:coreProperties>",
                    esc(&self.map.title),
                    self.lang
                ),
            ),
            (
                "docProps/app.xml".to_string(),
                format!(
                    "{XML_HEAD}<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\" xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\"><Application>Travesía</Application><Slides>{n}</Slides></Properties>"
                ),
            ),
        ];
        let mut pres = format!(
            "{XML_HEAD}<p:presentation {NS} saveSubsetFonts=\"1\"><p:sldMasterIdLst><p:sldMasterId id=\"2147483648\" r:id=\"rId1\"/></p:sldMasterIdLst><p:sldIdLst>"
        );
        // rId1 the master, then the slides, then the deck's settings.
        let mut links = vec![link("slideMaster", "slideMasters/slideMaster1.xml")];
        for i in 1..=n {
            let _ = write!(pres, "<p:sldId id=\"{}\" r:id=\"rId{}\"/>", 255 + i, i + 1);
            links.push(link("slide", &format!("slides/slide{i}.xml")));
        }
        let _ = write!(
            pres,
            "</p:sldIdLst><p:sldSz cx=\"{}\" cy=\"{}\"/><p:notesSz cx=\"6858000\" cy=\"9144000\"/></p:presentation>",
            emu(SLIDE_W),
            emu(SLIDE_H)
        );
        links.extend([
            link("presProps", "presProps.xml"),
            link("viewProps", "viewProps.xml"),
            link("theme", "theme/theme1.xml"),
            link("tableStyles", "tableStyles.xml"),
        ]);
        parts.extend([
            ("ppt/presentation.xml".to_string(), pres),
            ("ppt/_rels/presentation.xml.rels".to_string(), relationships(&links)),
            (
                "ppt/presProps.xml".to_string(),
                format!("{XML_HEAD}<p:presentationPr {NS}/>"),
            ),
            (
                "ppt/viewProps.xml".to_string(),
                format!(
                    "{XML_HEAD}<p:viewPr {NS}><p:normalViewPr><p:restoredLeft sz=\"15620\"/><p:restoredTop sz=\"94660\"/></p:normalViewPr><p:gridSpacing cx=\"76200\" cy=\"76200\"/></p:viewPr>"
                ),
            ),
            (
                "ppt/tableStyles.xml".to_string(),
                format!(
                    "{XML_HEAD}<a:tblStyleLst xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" def=\"{{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}}\"/>"
                ),
            ),
            ("ppt/theme/theme1.xml".to_string(), theme(self.font)),
            ("ppt/slideMasters/slideMaster1.xml".to_string(), master(self.lang)),
            (
                "ppt/slideMasters/_rels/slideMaster1.xml.rels".to_string(),
                relationships(&[
                    link("slideLayout", "../slideLayouts/slideLayout1.xml"),
                    link("theme", "../theme/theme1.xml"),
                ]),
            ),
            ("ppt/slideLayouts/slideLayout1.xml".to_string(), layout(self.lang)),
            (
                "ppt/slideLayouts/_rels/slideLayout1.xml.rels".to_string(),
                relationships(&[link("slideMaster", "../slideMasters/slideMaster1.xml")]),
            ),
        ]);
        for (i, s) in self.slides.iter().enumerate() {
            parts.push((format!("ppt/slides/slide{}.xml", i + 1), s.xml()));
            parts.push((
                format!("ppt/slides/_rels/slide{}.xml.rels", i + 1),
                s.rels(&self.media),
            ));
        }
        parts
    }

    /// The package: its XML parts compressed, its pictures stored as they
    /// are (already compressed).
    fn zip(self) -> std::io::Result<Vec<u8>> {
        let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let mut put = |name: &str, bytes: &[u8], method| {
            let o = SimpleFileOptions::default().compression_method(method);
            z.start_file(name, o).map_err(std::io::Error::other)?;
            z.write_all(bytes)
        };
        for (name, xml) in self.parts() {
            put(&name, xml.as_bytes(), CompressionMethod::Deflated)?;
        }
        for m in &self.media {
            put(
                &format!("ppt/media/{}", m.name),
                &m.bytes,
                CompressionMethod::Stored,
            )?;
        }
        Ok(z.finish().map_err(std::io::Error::other)?.into_inner())
    }
}

/// A relationships part: each link's type and target, as rId1, rId2…
fn relationships(links: &[(String, String)]) -> String {
    let mut out = format!("{XML_HEAD}<Relationships xmlns=\"{PKG_RELS}\">");
    for (i, (kind, target)) in links.iter().enumerate() {
        let _ = write!(
            out,
            "<Relationship Id=\"rId{}\" Type=\"{kind}\" Target=\"{target}\"/>",
            i + 1
        );
    }
    out.push_str("</Relationships>");
    out
}

/// Whether a paragraph is right to left: its first strong letter is
/// Hebrew or Arabic.
fn right_to_left(text: &str) -> bool {
    text.chars()
        .find(|c| c.is_alphabetic())
        .is_some_and(|c| matches!(c as u32, 0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF))
}

/// A name's initials: the first letter of its first two words, capitals.
fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_alphanumeric())
        .take(2)
        .flat_map(char::to_uppercase)
        .collect()
}

/// A persona's photo (a `data:` URI) as an image file, when it is a PNG or
/// a JPEG by its bytes.
fn photo(uri: &str) -> Option<(&'static str, Vec<u8>)> {
    let (_, data) = uri.split_once(";base64,")?;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(data.trim())
        .ok()?;
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(("png", bytes))
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(("jpeg", bytes))
    } else {
        None
    }
}

fn theme(typeface: &str) -> String {
    let colors = [
        ("dk1", INK),
        ("lt1", WHITE),
        ("dk2", HEADER),
        ("lt2", Rgb(0xF1, 0xF3, 0xF5)),
        ("accent1", Rgb(0x4C, 0x6E, 0xF5)),
        ("accent2", Rgb(0x10, 0x98, 0xAD)),
        ("accent3", Rgb(0xE8, 0x59, 0x0C)),
        ("accent4", Rgb(0x79, 0x50, 0xF2)),
        ("accent5", Rgb(0x2B, 0x8A, 0x3E)),
        ("accent6", Rgb(0xE0, 0x31, 0x31)),
        ("hlink", Rgb(0x19, 0x71, 0xC2)),
        ("folHlink", Rgb(0x70, 0x48, 0xE8)),
    ];
    let mut scheme = String::new();
    for (name, c) in colors {
        let _ = write!(
            scheme,
            "<a:{name}><a:srgbClr val=\"{}\"/></a:{name}>",
            c.hex()
        );
    }
    let fill = "<a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill>";
    let fills = fill.repeat(3);
    let lines = format!("<a:ln w=\"9525\">{fill}</a:ln>").repeat(3);
    let effects = "<a:effectStyle><a:effectLst/></a:effectStyle>".repeat(3);
    let font =
        format!("<a:latin typeface=\"{typeface}\"/><a:ea typeface=\"\"/><a:cs typeface=\"\"/>");
    format!(
        "{XML_HEAD}<a:theme xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" name=\"Travesía\"><a:themeElements><a:clrScheme name=\"Travesía\">{scheme}</a:clrScheme><a:fontScheme name=\"Travesía\"><a:majorFont>{font}</a:majorFont><a:minorFont>{font}</a:minorFont></a:fontScheme><a:fmtScheme name=\"Travesía\"><a:fillStyleLst>{fills}</a:fillStyleLst><a:lnStyleLst>{lines}</a:lnStyleLst><a:effectStyleLst>{effects}</a:effectStyleLst><a:bgFillStyleLst>{fills}</a:bgFillStyleLst></a:fmtScheme></a:themeElements><a:objectDefaults/><a:extraClrSchemeLst/></a:theme>"
    )
}

/// The title placeholder the master and the layout define.
fn title_placeholder(lang: &str, with_place: bool) -> String {
    let place = if with_place {
        format!(
            "<a:xfrm><a:off x=\"{}\" y=\"{}\"/><a:ext cx=\"{}\" cy=\"{}\"/></a:xfrm><a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom>",
            emu(MARGIN),
            emu(30.0),
            emu(SLIDE_W - 2.0 * MARGIN),
            emu(38.0)
        )
    } else {
        String::new()
    };
    format!(
        "<p:sp><p:nvSpPr><p:cNvPr id=\"2\" name=\"Title Placeholder 1\"/><p:cNvSpPr><a:spLocks noGrp=\"1\"/></p:cNvSpPr><p:nvPr><p:ph type=\"title\"/></p:nvPr></p:nvSpPr><p:spPr>{place}</p:spPr><p:txBody><a:bodyPr anchor=\"b\"/><a:lstStyle/><a:p><a:endParaRPr lang=\"{lang}\"/></a:p></p:txBody></p:sp>"
    )
}

fn master(lang: &str) -> String {
    let level = |size: u32, bold: bool, font: &str| {
        format!(
            "<a:lvl1pPr algn=\"l\"><a:defRPr sz=\"{size}\"{} kern=\"1200\"><a:solidFill><a:schemeClr val=\"tx1\"/></a:solidFill><a:latin typeface=\"{font}\"/></a:defRPr></a:lvl1pPr>",
            if bold { " b=\"1\"" } else { "" }
        )
    };
    format!(
        "{XML_HEAD}<p:sldMaster {NS}><p:cSld><p:bg><p:bgRef idx=\"1001\"><a:schemeClr val=\"bg1\"/></p:bgRef></p:bg><p:spTree>{GROUP}{}</p:spTree></p:cSld><p:clrMap bg1=\"lt1\" tx1=\"dk1\" bg2=\"lt2\" tx2=\"dk2\" accent1=\"accent1\" accent2=\"accent2\" accent3=\"accent3\" accent4=\"accent4\" accent5=\"accent5\" accent6=\"accent6\" hlink=\"hlink\" folHlink=\"folHlink\"/><p:sldLayoutIdLst><p:sldLayoutId id=\"2147483649\" r:id=\"rId1\"/></p:sldLayoutIdLst><p:txStyles><p:titleStyle>{}</p:titleStyle><p:bodyStyle>{}</p:bodyStyle><p:otherStyle>{}</p:otherStyle></p:txStyles></p:sldMaster>",
        title_placeholder(lang, true),
        level(2600, true, "+mj-lt"),
        level(1800, false, "+mn-lt"),
        level(1200, false, "+mn-lt"),
    )
}

fn layout(lang: &str) -> String {
    format!(
        "{XML_HEAD}<p:sldLayout {NS} type=\"titleOnly\" preserve=\"1\"><p:cSld name=\"Title Only\"><p:spTree>{GROUP}{}</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>",
        title_placeholder(lang, false)
    )
}

/// The map as a PPTX deck in `c`'s language (see the module's notes), and
/// how many slides it has. The whole-map slide shows `poster`, the map
/// drawn as a picture, when given.
pub fn write(
    map: &Map,
    c: &Catalogue,
    poster: Option<&Picture>,
) -> std::io::Result<(Vec<u8>, usize)> {
    let theme = map.theme.as_ref();
    let mut deck = Deck {
        map,
        c,
        lang: office_lang(c.lang),
        font: travesia_core::model::font_family(theme.and_then(|t| t.font.as_deref())),
        header: Rgb::or(theme.and_then(|t| t.accent.as_deref()), HEADER),
        slides: Vec::new(),
        media: Vec::new(),
    };
    deck.title_slide();
    if let Some(p) = poster {
        deck.whole_map(p);
    }
    for (i, stage) in map.stages.iter().enumerate() {
        deck.stage_slides(i, stage);
    }
    for lane in map.lanes.iter().filter(|l| l.kind == LaneKind::Emotions) {
        deck.curve_slide(lane);
    }
    for (i, p) in map.personas().iter().enumerate() {
        deck.persona_slide(i, p);
    }
    deck.footers();
    let slides = deck.slides.len();
    Ok((deck.zip()?, slides))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_xml_safe() {
        assert_eq!(
            esc("a<b & \"c\" 'd'>"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;"
        );
        assert_eq!(esc("x\u{1}y\u{FFFF}z\tw"), "xyz w");
        assert_eq!(esc("ñandú ã"), "ñandú ã");
    }

    #[test]
    fn colours_parse_mix_and_pick_their_ink() {
        assert_eq!(Rgb::parse("#1f3a60"), Some(Rgb(0x1F, 0x3A, 0x60)));
        assert_eq!(Rgb::parse("#fff"), Some(WHITE));
        assert_eq!(Rgb::parse("red"), None);
        assert_eq!(Rgb::parse("#ééé"), None);
        assert_eq!(Rgb(0, 0, 0).mix(WHITE, 0.5), Rgb(128, 128, 128));
        assert_eq!(HEADER.ink(), WHITE);
        assert_eq!(Rgb(0xFF, 0xF3, 0xBF).ink(), INK);
        // Every text colour reaches 4.5:1 on its fill, mid-tones too.
        for fill in [
            Rgb(0x80, 0x80, 0x80),
            Rgb(0xF5, 0x9F, 0x00),
            Rgb(0xE8, 0x59, 0x0C),
            WHITE,
        ] {
            assert!(fill.ink().contrast(fill) >= MIN_CONTRAST, "{fill:?}");
            assert!(
                MUTED.readable_on(fill).contrast(fill) >= MIN_CONTRAST,
                "{fill:?}"
            );
        }
        assert!(WHITE.contrast(Rgb(0, 0, 0)) > 20.9);
    }

    #[test]
    fn line_estimates_grow_with_text_and_shrink_with_width() {
        assert_eq!(lines_of("", 12.0, 100.0), 1);
        assert_eq!(lines_of("corto", 12.0, 200.0), 1);
        let long = "palabra ".repeat(40);
        assert!(lines_of(&long, 12.0, 100.0) > lines_of(&long, 12.0, 300.0));
        assert_eq!(lines_of("a\nb\nc", 12.0, 200.0), 3);
        // A word longer than the line breaks over lines.
        assert!(lines_of(&"x".repeat(100), 12.0, 60.0) >= 10);
    }

    #[test]
    fn a_paragraph_is_right_to_left_by_its_first_letter() {
        assert!(right_to_left("«מסע» הלקוח 2026"));
        assert!(right_to_left("+1 · رحلة العميل"));
        assert!(!right_to_left("Compra en la tienda: שלום"));
        assert!(!right_to_left("2026"));
    }

    #[test]
    fn initials_take_two_words_in_capitals() {
        assert_eq!(initials("carmen ortega ruiz"), "CO");
        assert_eq!(initials("Ñuño"), "Ñ");
        assert_eq!(initials("  "), "");
        assert_eq!(initials("«Ana» Pérez"), "P");
    }

    #[test]
    fn clipping_keeps_short_text_and_marks_a_cut() {
        assert_eq!(clip("uno  dos\ntres", 20), "uno dos tres");
        let cut = clip(&"á".repeat(30), 10);
        assert_eq!(cut.chars().count(), 10);
        assert!(cut.ends_with('…'));
    }

    #[test]
    fn photos_are_taken_only_as_png_or_jpeg() {
        let png = base64::engine::general_purpose::STANDARD.encode(b"\x89PNG\r\n\x1a\nrest");
        assert_eq!(
            photo(&format!("data:image/png;base64,{png}")).map(|p| p.0),
            Some("png")
        );
        let svg = base64::engine::general_purpose::STANDARD.encode(b"<svg/>");
        assert!(photo(&format!("data:image/png;base64,{svg}")).is_none());
        assert!(photo("not a uri").is_none());
    }
}
