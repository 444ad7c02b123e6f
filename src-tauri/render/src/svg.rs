//! Scene → SVG: self-contained (fonts embedded, icons inline), valid XML,
//! every piece of user text escaped.

use std::collections::BTreeSet;
use std::fmt::Write;

use base64::Engine;
use travesia_layout::scene::num;
use travesia_layout::text::{
    all_emoji, is_cjk, is_emoji, CJK_FAMILY, CJK_FILE, EMOJI_FAMILY, FAMILY, FONT_FILES,
};
use travesia_layout::{Color, Face, Item, Scene};

use crate::icons;

pub struct SvgOptions {
    /// Embed the font files as `@font-face` data (for browsers and other
    /// tools); the PNG renderer, which is given the fonts directly, skips it.
    pub embed_fonts: bool,
    /// Paint the Scene's background over the whole page (the PNG renderer
    /// paints it itself, once, to the edge of the bleed).
    pub background: bool,
    /// The map the poster shows, as a `.travesia` document, carried in the
    /// SVG's metadata so the poster opens again as the map.
    pub embed: Option<Vec<u8>>,
}

impl SvgOptions {
    /// For a renderer given the fonts directly: no `@font-face` data.
    pub const FONTS_GIVEN: SvgOptions = SvgOptions {
        embed_fonts: false,
        background: true,
        embed: None,
    };
}

impl Default for SvgOptions {
    fn default() -> Self {
        SvgOptions {
            embed_fonts: true,
            background: true,
            embed: None,
        }
    }
}

/// The family list every text uses: Inter, then the bundled fallbacks.
pub const FONT_STACK: &str =
    "Inter, 'Twemoji Mozilla', 'Noto Sans Arabic', 'Noto Sans Hebrew', 'Droid Sans Fallback', sans-serif";
const SERIF_STACK: &str =
    "'Source Serif 4', Inter, 'Twemoji Mozilla', 'Noto Sans Arabic', 'Noto Sans Hebrew', 'Droid Sans Fallback', serif";
const ROUNDED_STACK: &str =
    "Nunito, Inter, 'Twemoji Mozilla', 'Noto Sans Arabic', 'Noto Sans Hebrew', 'Droid Sans Fallback', sans-serif";

/// The family list of a text in `face`: the face, Inter, the fallbacks.
pub fn font_stack(face: Face) -> &'static str {
    match face {
        Face::Sans => FONT_STACK,
        Face::Serif => SERIF_STACK,
        Face::Rounded => ROUNDED_STACK,
    }
}

/// Escapes text for XML content and attribute values.
pub fn escape(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // XML 1.0 forbids most control characters even as references.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push('\u{FFFD}'),
            '\u{FFFE}' | '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
}

fn paint(out: &mut String, fill: Option<Color>, stroke: Option<Color>, width: f32) {
    match fill {
        Some(c) => {
            let _ = write!(out, " fill=\"{c}\"");
        }
        None => out.push_str(" fill=\"none\""),
    }
    if let Some(s) = stroke {
        let _ = write!(out, " stroke=\"{s}\" stroke-width=\"{}\"", num(width));
    }
}

pub fn to_svg(scene: &Scene, opts: &SvgOptions) -> String {
    to_svg_with(scene, opts, &mut |_| true).expect("never told to stop")
}

/// The share of an SVG's time its definitions take (the fonts, encoded in
/// base64, the icons and photo clips), measured on a 1,500-card map
/// (`cargo test -p travesia-render --release --test render -- --ignored
/// svg_progress_shares --nocapture`); the items take the rest.
const SHARE_DEFS: f32 = 0.3;

/// How many items are written between two reports of progress.
const ITEMS_PER_REPORT: usize = 64;

/// [`to_svg`], telling `progress` how far it is (fractions from 0 to 1: after
/// the definitions, then every few dozen items); `None` when `progress`
/// answered false, and it stopped there.
pub fn to_svg_with(
    scene: &Scene,
    opts: &SvgOptions,
    progress: &mut dyn FnMut(f32) -> bool,
) -> Option<String> {
    if !progress(0.0) {
        return None;
    }
    let mut out = String::with_capacity(scene.items.len() * 120 + 4096);
    let _ = write!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" \
         xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\">\n",
        w = num(scene.width),
        h = num(scene.height)
    );
    if let Some(map) = &opts.embed {
        crate::embed::svg_metadata(map, &mut out);
    }
    out.push_str("<defs>\n");
    if opts.embed_fonts {
        font_faces(scene, &mut out);
    }
    icon_symbols(scene, &mut out);
    photo_clips(scene, &mut out);
    out.push_str("</defs>\n");
    if !progress(SHARE_DEFS) {
        return None;
    }
    if opts.background {
        let _ = writeln!(
            out,
            "<rect width=\"100%\" height=\"100%\" fill=\"{}\"/>",
            scene.background
        );
    }
    out.push_str("<g font-family=\"");
    escape(font_stack(scene.face), &mut out);
    out.push_str("\">\n");
    let mut clip = 0;
    let n = scene.items.len().max(1) as f32;
    for (i, item) in scene.items.iter().enumerate() {
        write_item(item, scene.face, &mut clip, &mut out);
        if i % ITEMS_PER_REPORT == ITEMS_PER_REPORT - 1
            && !progress(SHARE_DEFS + (1.0 - SHARE_DEFS) * (i + 1) as f32 / n)
        {
            return None;
        }
    }
    out.push_str("</g>\n</svg>\n");
    progress(1.0).then_some(out)
}

/// The bundled fonts as `@font-face` data (the emoji font and the CJK
/// fallback only when a line needs them).
fn font_faces(scene: &Scene, out: &mut String) {
    out.push_str("<style>\n");
    // The emoji font (1.4 MB) and the CJK fallback (3.4 MB) only go in when
    // a line needs them.
    let uses = |wanted: fn(char) -> bool| {
        scene
            .items
            .iter()
            .any(|i| matches!(i, Item::Text { text, .. } if text.chars().any(wanted)))
    };
    let emoji = uses(is_emoji);
    // The CJK fallback cut down to the characters the lines use.
    let cjk: BTreeSet<char> = scene
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Text { text, .. } if text.chars().any(is_cjk) => Some(text.chars()),
            _ => None,
        })
        .flatten()
        .collect();
    // A face of the map's other than Inter goes in cut down to the
    // characters its lines use, each weight's file on its own.
    let mut set_in: std::collections::BTreeMap<&str, BTreeSet<char>> = Default::default();
    for i in &scene.items {
        if let Item::Text {
            text, weight, face, ..
        } = i
        {
            if !face.is_sans() {
                set_in
                    .entry(face.file(*weight))
                    .or_default()
                    .extend(text.chars());
            }
        }
    }
    let weights = [400, 600, 700];
    for (file, bytes) in FONT_FILES {
        let own = Face::ALL.iter().find_map(|f| {
            let w = f.files().iter().position(|x| x == file)?;
            Some((*f, weights[w]))
        });
        let (family, weight) = match (*file, own) {
            (_, Some((Face::Sans, weight))) => (FAMILY, weight),
            (_, Some((face, weight))) => {
                let Some(chars) = set_in.get(file) else {
                    continue;
                };
                let cut = crate::subset::subset_chars(bytes, chars);
                let _ = writeln!(
                    out,
                    "@font-face {{ font-family: '{}'; font-weight: {weight}; src: url(data:font/ttf;base64,{}); }}",
                    face.family(),
                    base64::engine::general_purpose::STANDARD.encode(cut.as_deref().unwrap_or(bytes))
                );
                continue;
            }
            (f, None) if f.contains("Arabic") => ("Noto Sans Arabic", 400),
            (f, None) if f.contains("Hebrew") => ("Noto Sans Hebrew", 400),
            (f, None) if f == CJK_FILE => {
                if cjk.is_empty() {
                    continue;
                }
                let cut = crate::subset::subset_chars(bytes, &cjk);
                let _ = writeln!(
                    out,
                    "@font-face {{ font-family: '{CJK_FAMILY}'; font-weight: 400; src: url(data:font/ttf;base64,{}); }}",
                    base64::engine::general_purpose::STANDARD.encode(cut.as_deref().unwrap_or(bytes))
                );
                continue;
            }
            _ if emoji => (EMOJI_FAMILY, 400),
            _ => continue,
        };
        let mime = if file.ends_with(".otf") {
            "font/otf"
        } else {
            "font/ttf"
        };
        let _ = writeln!(
            out,
            "@font-face {{ font-family: '{family}'; font-weight: {weight}; src: url(data:{mime};base64,{}); }}",
            base64::engine::general_purpose::STANDARD.encode(bytes)
        );
    }
    out.push_str("</style>\n");
}

/// One `<symbol>` for each icon the Scene uses.
fn icon_symbols(scene: &Scene, out: &mut String) {
    let used: BTreeSet<&str> = scene
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Icon { name, .. } => Some(name.as_str()),
            _ => None,
        })
        .collect();
    for name in &used {
        out.push_str("<symbol id=\"icon-");
        escape(name, out);
        out.push_str("\" viewBox=\"0 0 24 24\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"2\" stroke-linecap=\"round\" stroke-linejoin=\"round\">");
        for d in icons::paths(name) {
            out.push_str("<path d=\"");
            escape(d, out);
            out.push_str("\"/>");
        }
        out.push_str("</symbol>\n");
    }
}

/// A clip path for each round photo, numbered in the order they are drawn.
fn photo_clips(scene: &Scene, out: &mut String) {
    let mut clip = 0;
    for item in &scene.items {
        if let Item::Image {
            x,
            y,
            w,
            h,
            round: true,
            ..
        } = item
        {
            let _ = writeln!(
                out,
                "<clipPath id=\"clip{clip}\"><ellipse cx=\"{}\" cy=\"{}\" rx=\"{}\" ry=\"{}\"/></clipPath>",
                num(x + w / 2.0),
                num(y + h / 2.0),
                num(w / 2.0),
                num(h / 2.0)
            );
            clip += 1;
        }
    }
}

/// One item of the Scene; `clip` counts the round photos drawn so far.
/// One item; a text in another face than the page's (`face`) names its own.
fn write_item(item: &Item, face: Face, clip: &mut usize, out: &mut String) {
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
        } => {
            let _ = write!(
                out,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"",
                num(*x),
                num(*y),
                num(*w),
                num(*h)
            );
            if *r > 0.0 {
                let _ = write!(out, " rx=\"{}\"", num(*r));
            }
            paint(out, *fill, *stroke, *stroke_width);
            out.push_str("/>\n");
        }
        Item::Path {
            d,
            fill,
            stroke,
            stroke_width,
            dash,
        } => {
            let _ = write!(out, "<path d=\"{d}\"");
            paint(out, *fill, *stroke, *stroke_width);
            if stroke.is_some() {
                out.push_str(" stroke-linecap=\"round\" stroke-linejoin=\"round\"");
            }
            if !dash.is_empty() {
                let list: Vec<String> = dash.iter().map(|v| num(*v)).collect();
                let _ = write!(out, " stroke-dasharray=\"{}\"", list.join(" "));
            }
            out.push_str("/>\n");
        }
        Item::Text {
            x,
            y,
            w,
            text,
            size,
            weight,
            color,
            rtl,
            face: own,
        } => {
            if *rtl {
                let _ = write!(
                    out,
                    "<text x=\"{}\" y=\"{}\" text-anchor=\"end\"",
                    num(x + w),
                    num(*y)
                );
            } else {
                let _ = write!(out, "<text x=\"{}\" y=\"{}\"", num(*x), num(*y));
            }
            // An emoji piece (the layout cuts lines where the font
            // changes) names the emoji font alone: every renderer then
            // shapes a joined sequence as one picture.
            if all_emoji(text) {
                let _ = write!(out, " font-family=\"'{EMOJI_FAMILY}'\"");
            } else if text.chars().any(is_cjk) {
                // So is a piece of Chinese, Japanese or Korean: its font.
                let _ = write!(out, " font-family=\"'{CJK_FAMILY}'\"");
            } else if *own != face {
                out.push_str(" font-family=\"");
                escape(font_stack(*own), out);
                out.push('"');
            }
            let _ = write!(
                out,
                " font-size=\"{}\" font-weight=\"{}\" fill=\"{color}\" xml:space=\"preserve\">",
                num(*size),
                weight
            );
            escape(text, out);
            out.push_str("</text>\n");
        }
        Item::Icon {
            name,
            x,
            y,
            size,
            color,
        } => {
            out.push_str("<use href=\"#icon-");
            escape(name, out);
            out.push_str("\" xlink:href=\"#icon-");
            escape(name, out);
            let _ = writeln!(
                out,
                "\" x=\"{}\" y=\"{}\" width=\"{s}\" height=\"{s}\" color=\"{color}\"/>",
                num(*x),
                num(*y),
                s = num(*size)
            );
        }
        Item::Image {
            x,
            y,
            w,
            h,
            href,
            round,
        } => {
            let _ = write!(
                out,
                "<image x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" preserveAspectRatio=\"xMidYMid slice\"",
                num(*x),
                num(*y),
                num(*w),
                num(*h)
            );
            if *round {
                let _ = write!(out, " clip-path=\"url(#clip{clip})\"");
                *clip += 1;
            }
            // Only data URIs of PNG or JPEG reach the Scene (the reader
            // refuses anything else), so nothing is ever fetched.
            if href.starts_with("data:image/png;base64,")
                || href.starts_with("data:image/jpeg;base64,")
            {
                out.push_str(" href=\"");
                escape(href, out);
                out.push('"');
            }
            out.push_str("/>\n");
        }
    }
}
