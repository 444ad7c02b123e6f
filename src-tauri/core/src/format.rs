//! The `.travesia` file (docs/FORMAT.md, versions 1 and 2): read with every refusal rule,
//! write, and keep what this version does not know.
//!
//! Reading goes in three passes so that hostile files cost little:
//! 1. size and nesting are checked on the raw bytes, without recursion
//!    (a file nested 100,000 levels deep never reaches the JSON parser);
//! 2. the JSON is parsed and every rule is checked on the tree, collecting all
//!    problems with their JSON path;
//! 3. only a file with no problems is turned into the typed [`Map`].

use std::io::Read;
use std::path::Path;

use serde_json::{json, Map as JsonObject, Value};

use crate::model::{Channel, Extra, LaneKind, Map};
use crate::validate::{self, short, Problem};

pub const FORMAT_NAME: &str = "travesia";
/// The newest version this reader reads (and the writer writes when a map
/// needs it: see [`version_for`]).
pub const FORMAT_VERSION: u64 = 2;
/// Files larger than this are refused before they are read.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// Arrays and objects nested deeper than this are refused.
pub const MAX_DEPTH: usize = 64;

pub use crate::validate::Issue;

#[derive(Debug, thiserror::Error)]
pub enum FormatError {
    #[error("the file is {bytes} bytes; the limit is 64 MiB")]
    TooLarge { bytes: u64 },
    #[error("the file nests arrays or objects deeper than {MAX_DEPTH} levels")]
    TooDeep,
    #[error("the file is not valid UTF-8 JSON: {0}")]
    Json(String),
    #[error(
        "made by a newer Travesía (version {0}); this one reads versions 1 to {FORMAT_VERSION}"
    )]
    NewerVersion(u64),
    #[error("{}", join_issues(.0))]
    Invalid(Vec<Issue>),
    #[error("cannot read {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

fn join_issues(issues: &[Issue]) -> String {
    issues
        .iter()
        .map(Issue::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

impl FormatError {
    /// Every problem as its own line (the CLI prints these).
    pub fn lines(&self) -> Vec<String> {
        match self {
            FormatError::Invalid(issues) => issues.iter().map(Issue::to_string).collect(),
            other => vec![other.to_string()],
        }
    }
}

/// A map as it travels in a file: the map and the unknown top-level fields.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    pub map: Map,
    pub extra: Extra,
}

/// Reads and validates a file, refusing one over [`MAX_FILE_BYTES`] before
/// reading it (memory stays bounded whatever the file's size).
pub fn read_file(path: &Path) -> Result<Document, FormatError> {
    let io = |source| FormatError::Io {
        path: path.display().to_string(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let len = file.metadata().map_err(io)?.len();
    if len > MAX_FILE_BYTES {
        return Err(FormatError::TooLarge { bytes: len });
    }
    let mut bytes = Vec::with_capacity(len as usize);
    // `take` guards against a file that grows while it is read.
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    read_bytes(&bytes)
}

/// Validates and reads a document from bytes.
pub fn read_bytes(bytes: &[u8]) -> Result<Document, FormatError> {
    let value = parse_json(bytes)?;
    read_value(value)
}

/// Checks size and nesting, then parses JSON.
pub fn parse_json(bytes: &[u8]) -> Result<Value, FormatError> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(FormatError::TooLarge {
            bytes: bytes.len() as u64,
        });
    }
    if nesting_depth(bytes) > MAX_DEPTH {
        return Err(FormatError::TooDeep);
    }
    serde_json::from_slice(bytes).map_err(|e| FormatError::Json(e.to_string()))
}

/// The deepest nesting of `[` and `{` outside strings, found without recursion.
/// Malformed input is left for the JSON parser to describe.
pub fn nesting_depth(bytes: &[u8]) -> usize {
    let (mut depth, mut max) = (0usize, 0usize);
    let (mut in_string, mut escaped) = (false, false);
    for &b in bytes {
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                max = max.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

/// Validates a parsed document and builds the typed map.
pub fn read_value(value: Value) -> Result<Document, FormatError> {
    let Value::Object(mut top) = value else {
        return Err(FormatError::Invalid(vec![Issue {
            path: String::new(),
            message: "the file must be a JSON object".into(),
            problem: Problem::NotTravesia,
        }]));
    };
    let mut issues = Vec::new();
    match top.get("format") {
        Some(Value::String(s)) if s == FORMAT_NAME => {}
        Some(other) => issues.push(Issue {
            path: "format".into(),
            message: format!("must be \"travesia\", found {}", short(other)),
            problem: Problem::NotTravesia,
        }),
        None => issues.push(Issue {
            path: "format".into(),
            message: "required field is missing".into(),
            problem: Problem::NotTravesia,
        }),
    }
    if !issues.is_empty() {
        // Not a Travesía file: what else it lacks would only be noise.
        return Err(FormatError::Invalid(issues));
    }
    match top.get("version") {
        Some(Value::Number(n)) => match n.as_u64() {
            Some(v) if v > FORMAT_VERSION => return Err(FormatError::NewerVersion(v)),
            Some(v) if v >= 1 => {}
            _ => issues.push(Issue {
                path: "version".into(),
                message: format!("must be a whole number ≥ 1, found {n}"),
                problem: Problem::BadVersion,
            }),
        },
        Some(other) => issues.push(Issue {
            path: "version".into(),
            message: format!("must be a number, found {}", short(other)),
            problem: Problem::BadVersion,
        }),
        None => issues.push(Issue {
            path: "version".into(),
            message: "required field is missing".into(),
            problem: Problem::Missing,
        }),
    }
    let map_value = top.remove("map");
    match &map_value {
        Some(v) => validate::check_map(v, "map", &mut issues),
        None => issues.push(Issue {
            path: "map".into(),
            message: "required field is missing".into(),
            problem: Problem::Missing,
        }),
    }
    if !issues.is_empty() {
        return Err(FormatError::Invalid(issues));
    }
    top.remove("format");
    top.remove("version");
    let mut map: Map = serde_json::from_value(map_value.unwrap_or(Value::Null)).map_err(|e| {
        // The checks above cover every field the typed model reads, so this
        // only fires if the two disagree: still an error, never a panic.
        FormatError::Invalid(vec![Issue {
            path: "map".into(),
            message: e.to_string(),
            problem: Problem::Other,
        }])
    })?;
    map.tidy_lists();
    Ok(Document { map, extra: top })
}

/// The document as a JSON value: `{format, version, map, …extra}`.
pub fn to_value(doc: &Document) -> Value {
    let mut top = JsonObject::new();
    top.insert("format".into(), json!(FORMAT_NAME));
    top.insert("version".into(), json!(version_for(&doc.map)));
    top.insert(
        "map".into(),
        serde_json::to_value(&doc.map).unwrap_or(Value::Null),
    );
    for (k, v) in &doc.extra {
        if !top.contains_key(k) {
            top.insert(k.clone(), v.clone());
        }
    }
    Value::Object(top)
}

/// The lowest version that holds everything in `map`, so a map that uses
/// nothing new still opens in a Travesía that reads version 1: version 2
/// when the map has its own channels, a stage of its own width, a service
/// blueprint's lane, a persona's colour, a persona's (or a to-be) curve, or a card's
/// evidence, image or link (a stage's link too).
pub fn version_for(map: &Map) -> u64 {
    if !map.channels().is_empty()
        || map
            .stages
            .iter()
            .any(|s| s.width.is_some() || s.link.is_some())
        || map
            .lanes
            .iter()
            .any(|l| l.kind.needs_version_2() || l.print.is_some())
        || map.theme.as_ref().is_some_and(|t| t.needs_version_2())
        || map.personas().iter().any(|p| p.color.is_some())
        || map.cards.iter().any(|c| {
            c.persona.is_some()
                || c.to_be.is_some()
                || c.unit.is_some()
                || c.evidence.is_some()
                || c.image.is_some()
                || c.link.is_some()
        })
    {
        2
    } else {
        1
    }
}

/// Pretty, UTF-8 JSON with a final newline, as the app writes files.
pub fn to_string(doc: &Document) -> String {
    let mut s = serde_json::to_string_pretty(&to_value(doc)).unwrap_or_default();
    s.push('\n');
    s
}

/// Names accepted for lane kinds and channels, for messages and the schema test.
pub fn lane_kind_names() -> Vec<&'static str> {
    LaneKind::ALL.iter().map(|k| k.as_str()).collect()
}

pub fn channel_names() -> Vec<&'static str> {
    Channel::ALL.iter().map(|c| c.as_str()).collect()
}
