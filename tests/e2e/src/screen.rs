//! The X server the app draws on, seen from outside the app: keys pressed
//! and the pointer moved and clicked as a keyboard and a mouse do (XTEST),
//! and pixels read back (GetImage). With them a benchmark times a key or a
//! click to the frame that shows it, as observed on the screen rather than
//! inferred from the page's frame callbacks.

use std::time::{Duration, Instant};

use x11rb::connection::Connection;
use x11rb::protocol::xproto::{ConnectionExt, ImageFormat, InputFocus, Window};
use x11rb::protocol::xtest::ConnectionExt as _;
use x11rb::rust_connection::RustConnection;
use x11rb::wrapper::ConnectionExt as _;

const KEY_PRESS: u8 = 2;
const KEY_RELEASE: u8 = 3;
const BUTTON_PRESS: u8 = 4;
const BUTTON_RELEASE: u8 = 5;
const MOTION: u8 = 6;

/// X keysyms of the arrow keys.
pub const LEFT: u32 = 0xff51;
pub const RIGHT: u32 = 0xff53;
/// X keysym of the Delete key.
pub const DELETE: u32 = 0xffff;
/// X keysym of the left Control key.
pub const CONTROL: u32 = 0xffe3;
/// X keysym of the Z key (lower case, as the key is).
pub const Z: u32 = 0x7a;
/// X keysym of the Y key.
pub const Y: u32 = 0x79;
/// X keysyms of the C, D and V keys.
pub const C: u32 = 0x63;
pub const D: u32 = 0x64;
pub const V: u32 = 0x76;

/// A box on the screen, in X pixels.
#[derive(Debug, Clone, Copy)]
pub struct Region {
    pub x: i16,
    pub y: i16,
    pub w: u16,
    pub h: u16,
}

pub struct Screen {
    conn: RustConnection,
    root: Window,
    /// The keycode of each keysym that has one (first level only).
    codes: Vec<(u32, u8)>,
}

impl Screen {
    /// The display named by `DISPLAY` (Xvfb's, in the benchmarks).
    pub fn open() -> Screen {
        let (conn, n) = x11rb::connect(None).expect("an X display (DISPLAY)");
        let root = conn.setup().roots[n].root;
        let (min, max) = (conn.setup().min_keycode, conn.setup().max_keycode);
        let map = conn
            .get_keyboard_mapping(min, max - min + 1)
            .unwrap()
            .reply()
            .unwrap();
        let per = map.keysyms_per_keycode as usize;
        let codes = map
            .keysyms
            .chunks(per.max(1))
            .enumerate()
            .filter_map(|(i, syms)| syms.first().map(|s| (*s, min + i as u8)))
            .filter(|(s, _)| *s != 0)
            .collect();
        Screen { conn, root, codes }
    }

    /// The pixels of `r` on the screen.
    pub fn grab(&self, r: Region) -> Vec<u8> {
        self.conn
            .get_image(ImageFormat::Z_PIXMAP, self.root, r.x, r.y, r.w, r.h, !0)
            .unwrap()
            .reply()
            .unwrap()
            .data
    }

    /// Puts the pointer at (`x`, `y`) and the keyboard's focus under it.
    pub fn point_at(&self, x: i16, y: i16) {
        self.conn
            .xtest_fake_input(MOTION, 0, 0, self.root, x, y, 0)
            .unwrap();
        self.conn
            .set_input_focus(InputFocus::POINTER_ROOT, 1u32, 0u32)
            .unwrap();
        self.conn.sync().unwrap();
    }

    /// Presses and releases the key of `ch` (a lower-case letter or a
    /// space), and answers the time from just before the press was sent to
    /// the first change of `r` on the screen; None if nothing changed within
    /// `timeout`.
    pub fn key_to_change(&self, ch: char, r: Region, timeout: Duration) -> Option<Duration> {
        self.keysym_to_change(ch as u32, r, timeout)
    }

    /// `key_to_change` for a key named by its X keysym (`RIGHT`, `LEFT`).
    pub fn keysym_to_change(&self, sym: u32, r: Region, timeout: Duration) -> Option<Duration> {
        let before = self.grab(r);
        let start = self.press(&[], sym);
        while start.elapsed() < timeout {
            if self.grab(r) != before {
                return Some(start.elapsed());
            }
            std::thread::sleep(Duration::from_micros(500));
        }
        None
    }

    /// Presses and releases the key of X keysym `sym`, then reads `r` back
    /// until it has rested for `rest`: the time from just before the press to
    /// the first reading that already shows what `r` shows at the end (so a
    /// frame that showed only part of the change does not count), and the
    /// time to its first change. None if nothing changed within `timeout`.
    pub fn keysym_to_settled(
        &self,
        sym: u32,
        r: Region,
        rest: Duration,
        timeout: Duration,
    ) -> Option<(Duration, Duration)> {
        self.chord_to_settled(&[], sym, r, rest, timeout)
    }

    /// [`Screen::keysym_to_settled`] for `sym` pressed with the modifier
    /// keys `held` (Control+Z: `&[CONTROL]`, `Z`).
    pub fn chord_to_settled(
        &self,
        held: &[u32],
        sym: u32,
        r: Region,
        rest: Duration,
        timeout: Duration,
    ) -> Option<(Duration, Duration)> {
        self.settled_after(r, rest, timeout, || self.press(held, sym))
    }

    /// Moves the pointer to (`x`, `y`), a button held or not.
    pub fn move_to(&self, x: i16, y: i16) {
        self.conn
            .xtest_fake_input(MOTION, 0, 0, self.root, x, y, 0)
            .unwrap();
        self.conn.sync().unwrap();
    }

    /// Presses the left button where the pointer is (a drag starts).
    pub fn button_down(&self) {
        self.buttons(&[BUTTON_PRESS]);
    }

    /// Releases the left button (a drag ends), then reads `r` back as
    /// [`Screen::keysym_to_settled`] does.
    pub fn release_to_settled(
        &self,
        r: Region,
        rest: Duration,
        timeout: Duration,
    ) -> Option<(Duration, Duration)> {
        self.settled_after(r, rest, timeout, || self.buttons(&[BUTTON_RELEASE]))
    }

    /// Clicks the left button where the pointer is, then reads `r` back as
    /// [`Screen::keysym_to_settled`] does.
    pub fn click_to_settled(
        &self,
        r: Region,
        rest: Duration,
        timeout: Duration,
    ) -> Option<(Duration, Duration)> {
        self.settled_after(r, rest, timeout, || {
            self.buttons(&[BUTTON_PRESS, BUTTON_RELEASE])
        })
    }

    /// Sends the left button's events `kinds` (pressed, released) where the
    /// pointer is; answers when they began to be sent.
    fn buttons(&self, kinds: &[u8]) -> Instant {
        let start = Instant::now();
        for &kind in kinds {
            self.conn
                .xtest_fake_input(kind, 1, 0, self.root, 0, 0, 0)
                .unwrap();
        }
        self.conn.sync().unwrap();
        start
    }

    /// Does `act` (which answers when it began), then reads `r` back until it
    /// has rested for `rest`: the time from `act`'s start to the first
    /// reading that already shows what `r` shows at the end, and the time to
    /// its first change. None if nothing changed within `timeout`.
    fn settled_after(
        &self,
        r: Region,
        rest: Duration,
        timeout: Duration,
        act: impl FnOnce() -> Instant,
    ) -> Option<(Duration, Duration)> {
        let before = self.grab(r);
        let start = act();
        // Each different picture, with when it was first seen.
        let mut seen: Vec<(Duration, Vec<u8>)> = Vec::new();
        let mut last_change = start.elapsed();
        while start.elapsed() < timeout {
            let now = self.grab(r);
            let at = start.elapsed();
            let latest = seen.last().map_or(&before, |(_, p)| p);
            if now != *latest {
                seen.push((at, now));
                last_change = at;
            } else if !seen.is_empty() && at - last_change >= rest {
                break;
            }
            std::thread::sleep(Duration::from_micros(500));
        }
        let (first, _) = seen.first()?;
        let (_, end) = seen.last()?;
        let settled = seen.iter().find(|(_, p)| p == end).map(|(t, _)| *t)?;
        Some((settled, *first))
    }

    /// The keycode of keysym `sym`.
    fn code(&self, sym: u32) -> u8 {
        self.codes
            .iter()
            .find(|(s, _)| *s == sym)
            .map(|(_, c)| *c)
            .unwrap_or_else(|| panic!("no key for the keysym {sym:#x}"))
    }

    /// Presses and releases the key of keysym `sym` while the keys `held`
    /// are down (pressed before it, released after); answers when the key's
    /// press was sent.
    fn press(&self, held: &[u32], sym: u32) -> Instant {
        let code = self.code(sym);
        let held: Vec<u8> = held.iter().map(|&h| self.code(h)).collect();
        let key = |kind: u8, code: u8| {
            self.conn
                .xtest_fake_input(kind, code, 0, self.root, 0, 0, 0)
                .unwrap();
        };
        for &h in &held {
            key(KEY_PRESS, h);
        }
        if !held.is_empty() {
            self.conn.sync().unwrap();
        }
        let start = Instant::now();
        key(KEY_PRESS, code);
        key(KEY_RELEASE, code);
        for &h in held.iter().rev() {
            key(KEY_RELEASE, h);
        }
        self.conn.sync().unwrap();
        start
    }
}
