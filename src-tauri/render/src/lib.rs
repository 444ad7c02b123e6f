//! Travesía's renderers: they walk a [`Scene`](travesia_layout::Scene) and
//! never look at the map, so every export shows what the layout placed.
#![forbid(unsafe_code)]

pub mod embed;
mod glyphs;
pub mod icons;
pub mod logo;
pub mod mapset;
pub mod paper;
pub mod pdf;
pub mod png;
pub mod preview;
pub mod sheet;
mod subset;
pub mod svg;
