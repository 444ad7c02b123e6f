//! The Scene's colours and paths as values: parsed once, where a colour
//! enters the layout (a map's colours are text in the file), and drawn by
//! every renderer from the numbers. They travel as text (the Scene's JSON,
//! SVG): a colour as `#RRGGBB` (`#RRGGBBAA` when not opaque), a path as SVG
//! path data with absolute M, L, C and Z.

use std::fmt;
use std::hash::{Hash, Hasher};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::scene::num;

/// An sRGB colour with alpha.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Color {
    pub r: u8,
    pub g: u8,
    pub b: u8,
    pub a: u8,
}

impl Color {
    pub const WHITE: Color = Color::rgb(0xFFFFFF);
    pub const BLACK: Color = Color::rgb(0x000000);

    /// An opaque colour from `0xRRGGBB`.
    pub const fn rgb(v: u32) -> Color {
        Color {
            r: (v >> 16) as u8,
            g: (v >> 8) as u8,
            b: v as u8,
            a: 255,
        }
    }

    /// `#RGB`, `#RRGGBB` or `#RRGGBBAA`, in either case; `None` for anything else.
    pub fn parse(text: &str) -> Option<Color> {
        let hex = text.strip_prefix('#')?;
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
        match hex.len() {
            3 => {
                let digit = |i: usize| u8::from_str_radix(&hex[i..i + 1], 16).ok().map(|d| d * 17);
                Some(Color {
                    r: digit(0)?,
                    g: digit(1)?,
                    b: digit(2)?,
                    a: 255,
                })
            }
            6 | 8 => Some(Color {
                r: byte(0)?,
                g: byte(2)?,
                b: byte(4)?,
                a: if hex.len() == 8 { byte(6)? } else { 255 },
            }),
            _ => None,
        }
    }

    /// A map's colour (checked when the map was read), or `fallback` when
    /// it sets none.
    pub fn of(text: Option<&str>, fallback: Color) -> Color {
        text.and_then(Color::parse).unwrap_or(fallback)
    }

    pub fn with_alpha(self, a: u8) -> Color {
        Color { a, ..self }
    }

    /// This colour mixed with white: `t` = 0 is this one, 1 is white.
    pub fn lighten(self, t: f32) -> Color {
        let m = |x: u8| {
            let x = x as f32;
            (x + (255.0 - x) * t).round().clamp(0.0, 255.0) as u8
        };
        Color {
            r: m(self.r),
            g: m(self.g),
            b: m(self.b),
            a: self.a,
        }
    }

    /// This colour mixed with black: `t` = 0 is this one, 1 is black.
    pub fn darken(self, t: f32) -> Color {
        let m = |x: u8| (x as f32 * (1.0 - t)).round().clamp(0.0, 255.0) as u8;
        Color {
            r: m(self.r),
            g: m(self.g),
            b: m(self.b),
            a: self.a,
        }
    }

    /// Red, green and blue as fractions of 1.
    pub fn fractions(self) -> [f32; 3] {
        [self.r, self.g, self.b].map(|c| c as f32 / 255.0)
    }

    /// Relative luminance as WCAG 2 defines it: 0 for black, 1 for white.
    pub fn luminance(self) -> f32 {
        let linear = |c: f32| {
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        let [r, g, b] = self.fractions().map(linear);
        0.2126 * r + 0.7152 * g + 0.0722 * b
    }

    /// The contrast ratio of two colours, 1 to 21 (WCAG 2).
    pub fn contrast(self, other: Color) -> f32 {
        let (a, b) = (self.luminance(), other.luminance());
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }

    /// This colour, darkened (on a light `bg`) or lightened (on a dark one)
    /// just enough to be read on `bg` at [`MIN_TEXT_CONTRAST`].
    pub fn readable_on(self, bg: Color) -> Color {
        let darker = bg.contrast(Color::BLACK) >= bg.contrast(Color::WHITE);
        let mut t = 0.0;
        let mut c = self;
        while c.contrast(bg) < MIN_TEXT_CONTRAST && t < 1.0 {
            t = (t + 0.05f32).min(1.0);
            c = if darker {
                self.darken(t)
            } else {
                self.lighten(t)
            };
        }
        c
    }

    /// Text on this fill: white where white reads on it, else `dark` (made
    /// readable if it is not).
    pub fn ink(self, dark: Color) -> Color {
        if Color::WHITE.contrast(self) >= MIN_TEXT_CONTRAST {
            Color::WHITE
        } else {
            dark.readable_on(self)
        }
    }

    /// Quieter text on this fill (a description under a title): a tint of
    /// the fill, lighter on a fill white reads on, darker on a light one,
    /// still at [`MIN_TEXT_CONTRAST`].
    pub fn quiet_ink(self, tint: f32) -> Color {
        if Color::WHITE.contrast(self) >= MIN_TEXT_CONTRAST {
            self.lighten(tint).readable_on(self)
        } else {
            self.darken(0.55).readable_on(self)
        }
    }
}

/// The least contrast any text has with what it is drawn on (WCAG 2 AA for
/// normal text), on screen and in every export.
pub const MIN_TEXT_CONTRAST: f32 = 4.5;

impl fmt::Display for Color {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{:02X}{:02X}{:02X}", self.r, self.g, self.b)?;
        if self.a != 255 {
            write!(f, "{:02X}", self.a)?;
        }
        Ok(())
    }
}

impl Serialize for Color {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Color {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Color, D::Error> {
        let text = String::deserialize(d)?;
        Color::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("\"{text}\" is not a #RRGGBB colour")))
    }
}

/// One piece of a path, in absolute coordinates.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Seg {
    Move((f32, f32)),
    Line((f32, f32)),
    Cubic((f32, f32), (f32, f32), (f32, f32)),
    Close,
}

/// A path: what the Scene's `Path` items draw.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PathData(pub Vec<Seg>);

/// A coordinate as paths keep it: to a hundredth of a pixel, far below a
/// printer's dot, so a path prints the same from its numbers and its text.
fn hundredth(v: f32) -> f32 {
    (v * 100.0).round() / 100.0
}

fn point(x: f32, y: f32) -> (f32, f32) {
    (hundredth(x), hundredth(y))
}

impl PathData {
    pub fn new() -> PathData {
        PathData::default()
    }

    pub fn move_to(mut self, x: f32, y: f32) -> PathData {
        self.0.push(Seg::Move(point(x, y)));
        self
    }

    pub fn line_to(mut self, x: f32, y: f32) -> PathData {
        self.0.push(Seg::Line(point(x, y)));
        self
    }

    pub fn cubic_to(mut self, c1: (f32, f32), c2: (f32, f32), to: (f32, f32)) -> PathData {
        self.0.push(Seg::Cubic(
            point(c1.0, c1.1),
            point(c2.0, c2.1),
            point(to.0, to.1),
        ));
        self
    }

    pub fn close(mut self) -> PathData {
        self.0.push(Seg::Close);
        self
    }

    /// The same path `dy` lower, its places kept to a hundredth as drawn.
    pub fn lowered(&self, dy: f32) -> PathData {
        let down = |(x, y): (f32, f32)| (x, hundredth(y + dy));
        PathData(
            self.0
                .iter()
                .map(|seg| match *seg {
                    Seg::Move(p) => Seg::Move(down(p)),
                    Seg::Line(p) => Seg::Line(down(p)),
                    Seg::Cubic(a, b, c) => Seg::Cubic(down(a), down(b), down(c)),
                    Seg::Close => Seg::Close,
                })
                .collect(),
        )
    }

    /// SVG path data with absolute M, L, C and Z (the text [`fmt::Display`]
    /// writes); `None` for anything else.
    pub fn parse(text: &str) -> Option<PathData> {
        let mut segs = Vec::new();
        let mut tokens = Tokens(text);
        while let Some(cmd) = tokens.command() {
            let mut n = || tokens.number();
            match cmd {
                'M' => segs.push(Seg::Move((n()?, n()?))),
                'L' => segs.push(Seg::Line((n()?, n()?))),
                'C' => segs.push(Seg::Cubic((n()?, n()?), (n()?, n()?), (n()?, n()?))),
                'Z' => segs.push(Seg::Close),
                _ => return None,
            }
        }
        tokens.0.trim().is_empty().then_some(PathData(segs))
    }
}

/// The words of path data: a command letter, then its numbers.
struct Tokens<'a>(&'a str);

impl Tokens<'_> {
    fn skip(&mut self) {
        self.0 = self.0.trim_start_matches([' ', ',']);
    }

    fn command(&mut self) -> Option<char> {
        self.skip();
        let c = self.0.chars().next().filter(char::is_ascii_alphabetic)?;
        self.0 = &self.0[1..];
        Some(c)
    }

    fn number(&mut self) -> Option<f32> {
        self.skip();
        let end = self
            .0
            .char_indices()
            .find(|&(i, c)| !(c.is_ascii_digit() || c == '.' || (c == '-' && i == 0)))
            .map_or(self.0.len(), |(i, _)| i);
        let (word, rest) = self.0.split_at(end);
        self.0 = rest;
        word.parse().ok()
    }
}

impl fmt::Display for PathData {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, seg) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            match seg {
                Seg::Move((x, y)) => write!(f, "M{} {}", num(*x), num(*y))?,
                Seg::Line((x, y)) => write!(f, "L{} {}", num(*x), num(*y))?,
                Seg::Cubic(a, b, c) => write!(
                    f,
                    "C{} {} {} {} {} {}",
                    num(a.0),
                    num(a.1),
                    num(b.0),
                    num(b.1),
                    num(c.0),
                    num(c.1)
                )?,
                Seg::Close => f.write_str("Z")?,
            }
        }
        Ok(())
    }
}

impl Hash for PathData {
    fn hash<H: Hasher>(&self, h: &mut H) {
        for seg in &self.0 {
            let points: &[(f32, f32)] = match seg {
                Seg::Move(p) | Seg::Line(p) => std::slice::from_ref(p),
                Seg::Cubic(a, b, c) => &[*a, *b, *c],
                Seg::Close => &[],
            };
            std::mem::discriminant(seg).hash(h);
            for (x, y) in points {
                (x.to_bits(), y.to_bits()).hash(h);
            }
        }
    }
}

impl Serialize for PathData {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PathData {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<PathData, D::Error> {
        let text = String::deserialize(d)?;
        PathData::parse(&text)
            .ok_or_else(|| serde::de::Error::custom("not path data with absolute M, L, C and Z"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_read_and_print_as_hex() {
        assert_eq!(Color::parse("#1f3a60"), Some(Color::rgb(0x1F3A60)));
        assert_eq!(Color::parse("#FFF"), Some(Color::WHITE));
        assert_eq!(Color::rgb(0x1F3A60).to_string(), "#1F3A60");
        assert_eq!(
            Color::rgb(0x1F3A60).with_alpha(0x55).to_string(),
            "#1F3A6055"
        );
        assert_eq!(Color::parse("#1F3A6055").map(|c| c.a), Some(0x55));
        for bad in ["", "#", "#12345", "1F3A60", "#GG0000", "red", "#1F3A60 "] {
            assert_eq!(Color::parse(bad), None, "{bad:?}");
        }
        assert_eq!(Color::of(Some("nope"), Color::BLACK), Color::BLACK);
    }

    #[test]
    fn lighter_goes_to_white_and_darker_to_black() {
        let c = Color::rgb(0x1F3A60);
        assert_eq!(c.lighten(0.0), c);
        assert_eq!(c.lighten(1.0), Color::WHITE);
        assert_eq!(c.darken(1.0), Color::BLACK);
        assert_eq!(c.lighten(0.5).to_string(), "#8F9DB0");
        assert_eq!(c.darken(0.5).to_string(), "#101D30");
    }

    #[test]
    fn paths_print_to_the_hundredth_and_read_back_the_same() {
        let p = PathData::new()
            .move_to(10.0, 20.004)
            .line_to(30.0, -40.5)
            .cubic_to((1.0, 2.0), (3.0, 4.0), (5.126, 6.0))
            .close();
        let text = p.to_string();
        assert_eq!(text, "M10 20 L30 -40.5 C1 2 3 4 5.13 6 Z");
        assert_eq!(PathData::parse(&text), Some(p));
        assert_eq!(PathData::parse("M1 2 Q3 4 5 6"), None);
        assert_eq!(PathData::parse("M1"), None);
        let json = serde_json::to_string(&PathData::new().move_to(1.0, 2.0)).unwrap();
        assert_eq!(json, "\"M1 2\"");
    }
}
