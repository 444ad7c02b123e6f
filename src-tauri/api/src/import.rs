//! `.travesia` files into the library, with every problem of a refused file
//! told in full: where (the JSON path), what is there, and why.

use std::path::Path;

use serde::Serialize;
use serde_json::Value;
use travesia_core::format::{self, Document, FormatError};
use travesia_store::Library;

use crate::error::ErrorCode;

/// One problem in a file: where (the JSON path), what is there, and why it is refused.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FileIssue {
    pub path: String,
    /// The offending value as JSON, shortened to 200 characters; none when
    /// the path is missing from the file.
    pub value: Option<String>,
    pub message: String,
}

/// Why a file was refused, in full.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FileError {
    pub code: ErrorCode,
    pub message: String,
    pub issues: Vec<FileIssue>,
}

/// What became of one file given to the window (opened, dropped, passed on
/// the command line): imported, or refused with every problem.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OpenedFile {
    pub path: String,
    /// The map's id in the library, when it was imported.
    pub id: Option<String>,
    pub error: Option<FileError>,
}

/// The value at a path such as `map.cards[3].score` in a parsed file.
pub fn value_at<'a>(root: &'a Value, path: &str) -> Option<&'a Value> {
    let mut cur = root;
    for part in path.split('.') {
        let (name, rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !name.is_empty() {
            cur = cur.get(name)?;
        }
        for index in rest.split('[').filter(|s| !s.is_empty()) {
            let i: usize = index.trim_end_matches(']').parse().ok()?;
            cur = cur.get(i)?;
        }
    }
    Some(cur)
}

fn shorten(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 200 {
        let cut: String = s.chars().take(199).collect();
        format!("{cut}…")
    } else {
        s
    }
}

fn file_error(e: &FormatError, bytes: Option<&[u8]>) -> FileError {
    let code = match e {
        FormatError::Io { .. } => ErrorCode::Io,
        FormatError::NewerVersion(_) => ErrorCode::TooNew,
        _ => ErrorCode::InvalidInput,
    };
    let issues = match e {
        FormatError::Invalid(list) => {
            let root = bytes.and_then(|b| serde_json::from_slice::<Value>(b).ok());
            list.iter()
                .map(|i| FileIssue {
                    path: i.path.clone(),
                    value: root
                        .as_ref()
                        .and_then(|r| value_at(r, &i.path))
                        .map(shorten),
                    message: i.message.clone(),
                })
                .collect()
        }
        _ => Vec::new(),
    };
    FileError {
        code,
        message: e.to_string(),
        issues,
    }
}

/// Reads and checks a file: the document, or every problem found.
pub fn read(path: &Path) -> Result<Document, FileError> {
    format::read_file(path).map_err(|e| {
        let bytes = match std::fs::metadata(path) {
            Ok(m) if m.len() > format::MAX_FILE_BYTES => None,
            _ => std::fs::read(path).ok(),
        };
        file_error(&e, bytes.as_deref())
    })
}

/// Reads a file and imports it as a new map (all or nothing): its id.
pub fn import_file(lib: &mut Library, path: &Path) -> Result<String, FileError> {
    import_document(lib, read(path)?)
}

/// Imports a document [`read`] before, as a new map (all or nothing): its id.
pub fn import_document(lib: &mut Library, doc: Document) -> Result<String, FileError> {
    lib.import(doc).map_err(|e| match e {
        travesia_store::StoreError::Format(f) => file_error(&f, None),
        other => {
            let e = crate::AppError::from(other);
            FileError {
                code: e.code,
                message: e.message,
                issues: Vec::new(),
            }
        }
    })
}

impl FileError {
    /// One line per problem (`path: why`), or the message when there are none.
    pub fn lines(&self) -> Vec<String> {
        if self.issues.is_empty() {
            return vec![self.message.clone()];
        }
        self.issues
            .iter()
            .map(|i| match i.path.as_str() {
                "" => i.message.clone(),
                path => format!("{path}: {}", i.message),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_json_path_finds_the_offending_value() {
        let v: Value = serde_json::json!({
            "map": {"cards": [{"score": 1}, {"score": 9}], "title": "x"}
        });
        assert_eq!(value_at(&v, "map.cards[1].score"), Some(&Value::from(9)));
        assert_eq!(value_at(&v, "map.title"), Some(&Value::from("x")));
        assert_eq!(value_at(&v, "map.cards[7].score"), None);
    }

    #[test]
    fn long_values_are_shortened() {
        let v = Value::from("a".repeat(500));
        let s = shorten(&v);
        assert_eq!(s.chars().count(), 200);
        assert!(s.ends_with('…'));
    }

    #[test]
    fn a_refused_file_names_each_problem_with_the_value_found() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("bad.travesia");
        std::fs::write(
            &file,
            r#"{"format":"travesia","version":1,"map":{"id":"m1","title":"x",
               "stages":[{"id":"s1","title":"A"}],"lanes":[{"id":"l1","kind":"actions","title":"B"}],
               "cards":[{"id":"c1","stage":"s9","lane":"l1","text":"hola"}]}}"#,
        )
        .unwrap();
        let mut lib = Library::open(&dir.path().join("l.db")).unwrap();
        let e = import_file(&mut lib, &file).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidInput);
        let issue = e
            .issues
            .iter()
            .find(|i| i.path == "map.cards[0].stage")
            .expect("the card's stage is named");
        assert_eq!(issue.value.as_deref(), Some("\"s9\""));
        assert!(lib.list_maps().unwrap().is_empty(), "nothing was imported");
    }
}
