//! Travesía's bridges to the tools people already use. Each format is one
//! writer and one reader of the map, shared by the window and the command
//! line (through `travesia-api`):
//!
//! - [`tidy`]: one row per card, every field in a column; with [`csv`] a CSV
//!   file, with [`xlsx`] a workbook that also holds the map's other parts
//!   (stages, lanes, personas, routes, channels) and so loses nothing;
//! - [`worksheet`]: lanes down, stages across, like the poster, for people
//!   who fill maps in a spreadsheet;
//! - [`mermaid`]: Mermaid's `journey` diagrams, both ways;
//! - [`pptx`]: slides for presenters (written only).
//!
//! Readers are all or nothing: a table with any problem gives every problem
//! with its row and column, and no map.

#![forbid(unsafe_code)]

pub mod cell;
pub mod csv;
pub mod mermaid;
pub mod names;
pub mod pptx;
pub mod problem;
pub mod tidy;
pub mod worksheet;
pub mod xlsx;

pub use cell::{Cell, NumberStyle, Table};
pub use problem::{SheetProblem, SheetProblems};

/// The most rows a table may have: far more than any map (the format's
/// largest maps have a few thousand cards), and a bound on the memory a
/// hostile file can take.
pub const MAX_ROWS: usize = 50_000;
/// The most columns a table may have.
pub const MAX_COLUMNS: usize = 500;
/// The largest CSV file read (the limit of a `.travesia` file).
pub const MAX_CSV_BYTES: u64 = 64 * 1024 * 1024;
