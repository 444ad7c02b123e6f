//! Paper sizes, orientation, margins and how the map is placed on the page.

use std::fmt;

/// CSS pixels per millimetre (96 per inch).
pub const PX_PER_MM: f32 = 96.0 / 25.4;

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Paper {
    A4,
    A3,
    A2,
    A1,
    A0,
    Letter,
    Tabloid,
    Poster24x36,
    /// The page takes the map's own size.
    Fit,
}

impl Paper {
    pub const NAMES: [&'static str; 9] = [
        "A4", "A3", "A2", "A1", "A0", "Letter", "Tabloid", "24x36", "fit",
    ];

    pub fn parse(s: &str) -> Option<Paper> {
        Some(match s.to_ascii_lowercase().as_str() {
            "a4" => Paper::A4,
            "a3" => Paper::A3,
            "a2" => Paper::A2,
            "a1" => Paper::A1,
            "a0" => Paper::A0,
            "letter" => Paper::Letter,
            "tabloid" => Paper::Tabloid,
            "24x36" | "24x36in" => Paper::Poster24x36,
            "fit" => Paper::Fit,
            _ => return None,
        })
    }

    /// Portrait width and height in millimetres (`None` for `Fit`).
    pub fn size_mm(self) -> Option<(f32, f32)> {
        Some(match self {
            Paper::A4 => (210.0, 297.0),
            Paper::A3 => (297.0, 420.0),
            Paper::A2 => (420.0, 594.0),
            Paper::A1 => (594.0, 841.0),
            Paper::A0 => (841.0, 1189.0),
            Paper::Letter => (215.9, 279.4),
            Paper::Tabloid => (279.4, 431.8),
            Paper::Poster24x36 => (609.6, 914.4),
            Paper::Fit => return None,
        })
    }
}

impl fmt::Display for Paper {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = [
            Paper::A4,
            Paper::A3,
            Paper::A2,
            Paper::A1,
            Paper::A0,
            Paper::Letter,
            Paper::Tabloid,
            Paper::Poster24x36,
            Paper::Fit,
        ]
        .iter()
        .position(|p| p == self)
        .unwrap_or(8);
        f.write_str(Paper::NAMES[i])
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Orientation {
    Portrait,
    Landscape,
    /// Landscape when the map is wider than tall.
    Auto,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PageSetup {
    pub paper: Paper,
    pub orientation: Orientation,
    pub margin_mm: f32,
}

impl Default for PageSetup {
    fn default() -> Self {
        PageSetup {
            paper: Paper::A1,
            orientation: Orientation::Auto,
            margin_mm: 10.0,
        }
    }
}

/// Where the map lands on the page: page size, and the scale and offset that
/// take Scene pixels to page pixels (CSS px).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Placement {
    pub page_w: f32,
    pub page_h: f32,
    pub scale: f32,
    pub dx: f32,
    pub dy: f32,
}

impl PageSetup {
    /// Scales the map to fit inside the margins (never above 100 % for `fit`)
    /// and centres it.
    pub fn place(&self, scene_w: f32, scene_h: f32) -> Placement {
        let margin = self.margin_mm.max(0.0) * PX_PER_MM;
        let Some((w_mm, h_mm)) = self.paper.size_mm() else {
            return Placement {
                page_w: scene_w + 2.0 * margin,
                page_h: scene_h + 2.0 * margin,
                scale: 1.0,
                dx: margin,
                dy: margin,
            };
        };
        let landscape = match self.orientation {
            Orientation::Portrait => false,
            Orientation::Landscape => true,
            Orientation::Auto => scene_w > scene_h,
        };
        let (mut pw, mut ph) = (w_mm * PX_PER_MM, h_mm * PX_PER_MM);
        if landscape {
            std::mem::swap(&mut pw, &mut ph);
        }
        let (aw, ah) = ((pw - 2.0 * margin).max(1.0), (ph - 2.0 * margin).max(1.0));
        let scale = (aw / scene_w.max(1.0)).min(ah / scene_h.max(1.0));
        Placement {
            page_w: pw,
            page_h: ph,
            scale,
            dx: (pw - scene_w * scale) / 2.0,
            dy: (ph - scene_h * scale) / 2.0,
        }
    }
}

/// A point (1/72 in) in CSS px.
pub const PX_PER_PT: f32 = 96.0 / 72.0;

/// The smallest text on paper, in points, for a scene drawn at `scale`.
pub fn smallest_text_pt(min_font_px: f32, scale: f32) -> f32 {
    min_font_px * scale / PX_PER_PT
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wide_map_goes_landscape_and_fits_inside_the_margins() {
        let setup = PageSetup::default();
        let p = setup.place(4000.0, 2000.0);
        // A1 landscape is 841 × 594 mm.
        assert!((p.page_w / PX_PER_MM - 841.0).abs() < 0.01);
        assert!((p.page_h / PX_PER_MM - 594.0).abs() < 0.01);
        let margin = 10.0 * PX_PER_MM;
        assert!(p.dx >= margin - 0.01 && p.dy >= margin - 0.01);
        assert!(
            (4000.0 * p.scale + 2.0 * p.dx - p.page_w).abs() < 0.01,
            "centred horizontally"
        );
    }

    #[test]
    fn fit_uses_the_map_size() {
        let p = PageSetup {
            paper: Paper::Fit,
            orientation: Orientation::Auto,
            margin_mm: 0.0,
        }
        .place(1234.0, 567.0);
        assert_eq!((p.page_w, p.page_h, p.scale), (1234.0, 567.0, 1.0));
    }

    #[test]
    fn paper_names_parse_back() {
        for name in Paper::NAMES {
            assert_eq!(Paper::parse(name).unwrap().to_string(), name);
        }
        assert_eq!(Paper::parse("B5"), None);
    }
}
