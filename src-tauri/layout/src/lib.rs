//! Travesía's layout: a map and the bundled fonts become a [`Scene`] where
//! every box, line of text, icon, curve point and connector is placed.
//! Deterministic: the same map gives the same Scene, byte for byte.
#![forbid(unsafe_code)]

pub mod paint;
pub mod poster;
pub mod scene;
pub mod text;

pub use poster::layout;
pub use scene::{
    Color, Hit, Item, LinkMark, PathData, Scene, ScenePatch, Seg, Target, Warning, Words,
};
pub use text::{Face, TextEngine};
