//! From the poster page to the sheets a printer gets: bleed and crop marks
//! around one page, or the poster split onto office paper (tiles) with
//! overlap, trim marks and a row/column label on each sheet.
//!
//! Everything here is in CSS px with y down, like the Scene; the PDF and PNG
//! writers turn it into their own units.

use crate::paper::{PageSetup, Paper, Placement, PX_PER_MM};

/// A rectangle in CSS px.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Area {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

impl Area {
    pub fn grow(self, by: f32) -> Area {
        Area {
            x: self.x - by,
            y: self.y - by,
            w: self.w + 2.0 * by,
            h: self.h + 2.0 * by,
        }
    }
}

/// Splitting a poster onto smaller paper.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Tiling {
    /// A4 or A3.
    pub paper: Paper,
    /// How much of the poster two neighbouring sheets both show, for gluing.
    pub overlap_mm: f32,
}

/// What the printer is asked for, on top of the page setup.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PrintSetup {
    pub page: PageSetup,
    pub bleed_mm: f32,
    pub crop_marks: bool,
    pub tiling: Option<Tiling>,
}

impl PrintSetup {
    /// The page alone: no bleed, no marks, no tiles.
    pub fn plain(page: PageSetup) -> PrintSetup {
        PrintSetup {
            page,
            bleed_mm: 0.0,
            crop_marks: false,
            tiling: None,
        }
    }
}

/// The bleed print shops ask for: the print-shop preset's (`--print-shop`,
/// with crop marks). Without it a page is exactly the paper chosen.
pub const PRINT_SHOP_BLEED_MM: f32 = 3.0;
pub const BLEED_MAX_MM: f32 = 20.0;
pub const OVERLAP_MAX_MM: f32 = 50.0;
/// The border an office printer cannot print on; tiles keep their content inside it.
pub const TILE_MARGIN_MM: f32 = 10.0;
/// Crop marks: how far from the trim they start (at least the bleed) and how long they are.
const MARK_GAP_MM: f32 = 3.0;
const MARK_LEN_MM: f32 = 6.0;
/// A tile's label sits this far below its printed area.
const LABEL_GAP_MM: f32 = 4.0;

/// One physical sheet.
#[derive(Clone, Debug, PartialEq)]
pub struct Sheet {
    pub media_w: f32,
    pub media_h: f32,
    /// The finished size after cutting, on the media.
    pub trim: Area,
    /// Where the printing may run to, on the media (the trim, grown by the bleed).
    pub bleed: Area,
    /// The part of the poster page this sheet shows (poster coordinates; may
    /// run past the page into the bleed).
    pub view: Area,
    /// Where `view`'s top-left corner lands on the media.
    pub at: (f32, f32),
    /// Thin lines (x1, y1, x2, y2) on the media: crop or trim marks.
    pub marks: Vec<(f32, f32, f32, f32)>,
    /// Row and column (from 1) and how many of each, for tiles.
    pub tile: Option<TileLabel>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TileLabel {
    pub row: u32,
    pub col: u32,
    pub rows: u32,
    pub cols: u32,
}

impl TileLabel {
    /// "Fila 2 · Columna 3 — hoja 5 de 12", in the catalogue of `lang`.
    pub fn text(&self, lang: &str) -> String {
        let n = (self.row - 1) * self.cols + self.col;
        let total = self.rows * self.cols;
        let [row, col, n, total] = [self.row, self.col, n, total].map(|v| v.to_string());
        travesia_i18n::Catalogue::of(lang).fill(
            "poster.tile",
            &[("row", &row), ("col", &col), ("n", &n), ("total", &total)],
        )
    }

    /// Where the label's baseline starts on the sheet.
    pub fn position(sheet: &Sheet) -> (f32, f32) {
        (
            sheet.trim.x,
            sheet.trim.y + sheet.trim.h + LABEL_GAP_MM * PX_PER_MM,
        )
    }
}

/// The poster page and the sheets to print it on.
pub fn sheets(setup: &PrintSetup, scene_w: f32, scene_h: f32) -> (Placement, Vec<Sheet>) {
    let place = setup.page.place(scene_w, scene_h);
    let poster = Area {
        x: 0.0,
        y: 0.0,
        w: place.page_w,
        h: place.page_h,
    };
    let sheets = match setup.tiling {
        None => vec![single(setup, poster)],
        Some(t) => tiles(&t, poster),
    };
    (place, sheets)
}

fn single(setup: &PrintSetup, poster: Area) -> Sheet {
    let bleed = setup.bleed_mm.clamp(0.0, BLEED_MAX_MM) * PX_PER_MM;
    let gap = bleed.max(MARK_GAP_MM * PX_PER_MM);
    let slug = if setup.crop_marks {
        gap + MARK_LEN_MM * PX_PER_MM + PX_PER_MM
    } else {
        bleed
    };
    let trim = Area {
        x: slug,
        y: slug,
        w: poster.w,
        h: poster.h,
    };
    let marks = if setup.crop_marks {
        corner_marks(trim, gap, MARK_LEN_MM * PX_PER_MM)
    } else {
        Vec::new()
    };
    Sheet {
        media_w: poster.w + 2.0 * slug,
        media_h: poster.h + 2.0 * slug,
        trim,
        bleed: trim.grow(bleed),
        view: poster.grow(bleed),
        at: (slug - bleed, slug - bleed),
        marks,
        tile: None,
    }
}

/// Two short lines at each corner of `trim`, pointing along its edges, `gap`
/// away from it so they never print inside the bleed.
fn corner_marks(trim: Area, gap: f32, len: f32) -> Vec<(f32, f32, f32, f32)> {
    let mut out = Vec::with_capacity(8);
    for (cx, sx) in [(trim.x, -1.0), (trim.x + trim.w, 1.0)] {
        for (cy, sy) in [(trim.y, -1.0), (trim.y + trim.h, 1.0)] {
            out.push((cx + sx * gap, cy, cx + sx * (gap + len), cy));
            out.push((cx, cy + sy * gap, cx, cy + sy * (gap + len)));
        }
    }
    out
}

fn tiles(t: &Tiling, poster: Area) -> Vec<Sheet> {
    let (w_mm, h_mm) = t.paper.size_mm().unwrap_or((210.0, 297.0));
    let margin = TILE_MARGIN_MM * PX_PER_MM;
    // Whichever way round needs fewer sheets (portrait on a tie).
    let count = |pw: f32, ph: f32| {
        let (aw, ah, ov) = printable(pw, ph, margin, t.overlap_mm);
        (along(poster.w, aw, ov), along(poster.h, ah, ov))
    };
    let (pw, ph) = (w_mm * PX_PER_MM, h_mm * PX_PER_MM);
    let (cp, rp) = count(pw, ph);
    let (cl, rl) = count(ph, pw);
    let (pw, ph) = if cl * rl < cp * rp {
        (ph, pw)
    } else {
        (pw, ph)
    };
    let (aw, ah, ov) = printable(pw, ph, margin, t.overlap_mm);
    let (cols, rows) = (along(poster.w, aw, ov), along(poster.h, ah, ov));
    let mut out = Vec::with_capacity((cols * rows) as usize);
    for row in 0..rows {
        for col in 0..cols {
            let vx = col as f32 * (aw - ov);
            let vy = row as f32 * (ah - ov);
            let view = Area {
                x: vx,
                y: vy,
                w: aw.min(poster.w - vx),
                h: ah.min(poster.h - vy),
            };
            let trim = Area {
                x: margin,
                y: margin,
                w: view.w,
                h: view.h,
            };
            let mut marks = corner_marks(trim, PX_PER_MM, margin * 0.6);
            // Where the next sheet's picture begins: glue up to this line.
            if col + 1 < cols {
                let x = trim.x + aw - ov;
                marks.push((x, trim.y - margin * 0.6, x, trim.y - PX_PER_MM));
                marks.push((
                    x,
                    trim.y + trim.h + PX_PER_MM,
                    x,
                    trim.y + trim.h + margin * 0.3,
                ));
            }
            if row + 1 < rows {
                let y = trim.y + ah - ov;
                marks.push((trim.x - margin * 0.6, y, trim.x - PX_PER_MM, y));
                marks.push((
                    trim.x + trim.w + PX_PER_MM,
                    y,
                    trim.x + trim.w + margin * 0.6,
                    y,
                ));
            }
            out.push(Sheet {
                media_w: pw,
                media_h: ph,
                trim,
                bleed: trim,
                view,
                at: (margin, margin),
                marks,
                tile: Some(TileLabel {
                    row: row + 1,
                    col: col + 1,
                    rows,
                    cols,
                }),
            });
        }
    }
    out
}

/// The printable width and height of a sheet, and the overlap (kept below
/// half of either so the tiles always advance).
fn printable(pw: f32, ph: f32, margin: f32, overlap_mm: f32) -> (f32, f32, f32) {
    let (aw, ah) = (pw - 2.0 * margin, ph - 2.0 * margin);
    let ov = (overlap_mm.clamp(0.0, OVERLAP_MAX_MM) * PX_PER_MM).min(aw.min(ah) / 2.0);
    (aw, ah, ov)
}

/// How many sheets of printable length `a`, advancing by `a - ov`, cover `len`.
fn along(len: f32, a: f32, ov: f32) -> u32 {
    if len <= a + 0.01 {
        return 1;
    }
    1 + ((len - a - 0.01) / (a - ov)).ceil() as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::paper::Orientation;

    fn a1() -> PageSetup {
        PageSetup {
            paper: Paper::A1,
            orientation: Orientation::Landscape,
            margin_mm: 10.0,
        }
    }

    #[test]
    fn bleed_grows_the_media_and_keeps_the_trim_at_the_paper_size() {
        let setup = PrintSetup {
            bleed_mm: 3.0,
            ..PrintSetup::plain(a1())
        };
        let (_, s) = sheets(&setup, 4000.0, 2000.0);
        assert_eq!(s.len(), 1);
        let s = &s[0];
        assert!((s.trim.w / PX_PER_MM - 841.0).abs() < 0.01);
        assert!((s.media_w / PX_PER_MM - 847.0).abs() < 0.01);
        assert!((s.bleed.x).abs() < 0.01 && (s.bleed.w - s.media_w).abs() < 0.01);
        assert!(s.marks.is_empty());
    }

    #[test]
    fn crop_marks_stay_outside_the_bleed() {
        let setup = PrintSetup {
            bleed_mm: 5.0,
            crop_marks: true,
            ..PrintSetup::plain(a1())
        };
        let (_, s) = sheets(&setup, 4000.0, 2000.0);
        let s = &s[0];
        assert_eq!(s.marks.len(), 8);
        for &(x1, y1, x2, y2) in &s.marks {
            for (x, y) in [(x1, y1), (x2, y2)] {
                let inside_bleed = x > s.bleed.x + 0.01
                    && x < s.bleed.x + s.bleed.w - 0.01
                    && y > s.bleed.y + 0.01
                    && y < s.bleed.y + s.bleed.h - 0.01;
                assert!(!inside_bleed, "mark point ({x}, {y}) is inside the bleed");
                assert!(x >= 0.0 && y >= 0.0 && x <= s.media_w && y <= s.media_h);
            }
        }
    }

    #[test]
    fn tiles_cover_the_poster_with_the_overlap() {
        let setup = PrintSetup {
            tiling: Some(Tiling {
                paper: Paper::A4,
                overlap_mm: 10.0,
            }),
            ..PrintSetup::plain(a1())
        };
        let (place, s) = sheets(&setup, 4000.0, 2000.0);
        let label = s[0].tile.unwrap();
        assert_eq!(s.len() as u32, label.rows * label.cols);
        // A1 landscape (841 × 594 mm) on A4 with 10 mm margins: 190 × 277 mm
        // printable; landscape A4 (277 wide, 190 high) needs 4 × 4, portrait 5 × 3.
        assert_eq!((label.cols, label.rows), (5, 3));
        let last = s.last().unwrap();
        assert!((last.view.x + last.view.w - place.page_w).abs() < 0.01);
        assert!((last.view.y + last.view.h - place.page_h).abs() < 0.01);
        let ov = 10.0 * PX_PER_MM;
        assert!((s[0].view.x + s[0].view.w - s[1].view.x - ov).abs() < 0.01);
        assert_eq!(
            s[6].tile.unwrap().text("es"),
            "Fila 2 · Columna 2 — hoja 7 de 15"
        );
        assert_eq!(
            s[6].tile.unwrap().text("en"),
            "Row 2 · Column 2 — sheet 7 of 15"
        );
    }

    #[test]
    fn a_poster_smaller_than_the_tile_is_one_sheet() {
        let setup = PrintSetup {
            tiling: Some(Tiling {
                paper: Paper::A3,
                overlap_mm: 10.0,
            }),
            ..PrintSetup::plain(PageSetup {
                paper: Paper::A4,
                orientation: Orientation::Portrait,
                margin_mm: 10.0,
            })
        };
        let (_, s) = sheets(&setup, 800.0, 1000.0);
        assert_eq!(s.len(), 1);
    }
}
