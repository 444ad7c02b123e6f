//! Travesía's core: the journey-map model, the closed set of edits with their
//! inverses, the `.travesia` file format and the built-in templates.
//! Nothing here knows about Tauri, SQLite or rendering.
#![forbid(unsafe_code)]

pub mod compare;
pub mod edit;
pub mod files;
pub mod format;
pub mod ids;
pub mod kinds;
pub mod model;
pub mod patch;
pub mod salvage;
pub mod sample;
pub mod summary;
pub mod templates;
pub mod validate;

pub use edit::{apply, CardPlace, Edit, EditError};
pub use format::{Document, FormatError, Issue};
pub use kinds::{BlueprintLine, Drawing, Holds, KindSpec, Zone};
pub use model::{
    Card, Channel, Curve, Evidence, Lane, LaneKind, Map, OwnChannel, Persona, Route, Stage, Theme,
    CURVE_PERSONAS_MAX, PERSONA_COLORS,
};
