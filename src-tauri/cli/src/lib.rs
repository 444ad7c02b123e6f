//! The command line: parsing it and running its commands, each an adapter
//! over the shared layer (`travesia-api`), which the window uses too.

pub mod cli;
pub mod stderr_log;

pub use travesia_api::{library_path, IDENTIFIER};

/// The window's binary, installed beside `travesia`.
pub const APP_BINARY: &str = "travesia-app";
