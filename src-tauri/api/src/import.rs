//! `.travesia` files into the library, with every problem of a refused file
//! told in full: in words (what it is about and what is wrong, in the
//! person's language) and in detail (the JSON path, what is there, and the
//! rule in English); and, when the rest of the file is sound, its valid part
//! ready to import, with what would be left out.

use std::io::Read;
use std::path::Path;

use serde::Serialize;
use serde_json::Value;
use travesia_core::format::{self, Document, FormatError};
use travesia_core::salvage;
use travesia_core::validate::Problem;
use travesia_i18n::Catalogue;
use travesia_render::embed::{self, EmbedError};
use travesia_store::Library;

use crate::error::ErrorCode;
use crate::problems;

/// One problem in a file: in words, and where (the JSON path), what is
/// there, and the rule that refuses it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FileIssue {
    /// The problem in the reader's language: "Tarjeta 6 «…»: falta el texto".
    pub words: String,
    pub path: String,
    /// The offending value as JSON, shortened to 200 characters; none when
    /// the path is missing from the file.
    pub value: Option<String>,
    /// The rule, in English, for people who read JSON.
    pub message: String,
    pub problem: Problem,
}

/// Why a file was refused, in full.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FileError {
    pub code: ErrorCode,
    pub message: String,
    pub issues: Vec<FileIssue>,
    /// What is wrong with the file as a whole, in the reader's language,
    /// when no single problem in it says so ("this poster carries no map").
    pub summary: Option<String>,
    /// What of the file can still be imported, when the rest is sound.
    pub valid_part: Option<Box<ValidPart>>,
}

/// The valid part of a refused file: what it keeps and what it leaves out.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ValidPart {
    /// Names the part to the window (`import_valid_part`); 0 until it is kept there.
    pub token: u32,
    /// "3 etapas, 4 carriles y 18 tarjetas".
    pub keeps: String,
    /// Each thing left out, in words: "Tarjeta 6 «Web de pedidos»".
    pub left_out: Vec<String>,
    /// The map that would be imported.
    #[serde(skip)]
    #[cfg_attr(feature = "ts", ts(skip))]
    pub doc: Option<Box<Document>>,
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
    /// What the person should know of a file that was imported (a Mermaid
    /// score brought into range, naming its line), in their words.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(as = "Option<Vec<String>>", optional))]
    pub notes: Vec<String>,
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

fn file_error(e: &FormatError, bytes: Option<&[u8]>, title: &str, c: &Catalogue) -> FileError {
    let code = match e {
        FormatError::Io { .. } => ErrorCode::Io,
        FormatError::NewerVersion(_) => ErrorCode::TooNew,
        _ => ErrorCode::InvalidInput,
    };
    let root = match e {
        FormatError::Invalid(_) => bytes.and_then(|b| serde_json::from_slice::<Value>(b).ok()),
        _ => None,
    };
    let issues = match e {
        FormatError::Invalid(list) => list
            .iter()
            .map(|i| FileIssue {
                words: problems::words(i, root.as_ref(), c),
                path: i.path.clone(),
                value: root
                    .as_ref()
                    .and_then(|r| value_at(r, &i.path))
                    .map(shorten),
                message: i.message.clone(),
                problem: i.problem.clone(),
            })
            .collect(),
        _ => Vec::new(),
    };
    let valid_part = root
        .as_ref()
        .and_then(|r| valid_part(r, title, c))
        .map(Box::new);
    FileError {
        code,
        message: e.to_string(),
        issues,
        summary: None,
        valid_part,
    }
}

/// The valid part of a refused file, in words, when there is one.
fn valid_part(root: &Value, title: &str, c: &Catalogue) -> Option<ValidPart> {
    let s = salvage::salvage(root, title)?;
    let m = &s.doc.map;
    let counts = [
        c.plural("file.keeps.stages", m.stages.len() as u64, &[]),
        c.plural("file.keeps.lanes", m.lanes.len() as u64, &[]),
        c.plural("file.keeps.cards", m.cards.len() as u64, &[]),
    ];
    let keeps = c.fill(
        "file.keeps",
        &[("first", &counts[..2].join(", ")), ("last", &counts[2])],
    );
    Some(ValidPart {
        token: 0,
        keeps,
        left_out: s
            .left_out
            .iter()
            .map(|p| problems::left_out_words(p, Some(root), title, c))
            .collect(),
        doc: Some(Box::new(s.doc)),
    })
}

/// A file's bytes when it is at most `limit` bytes long, else its length:
/// nothing is read of a larger file, so memory stays bounded whatever its
/// size (the outer error is a file that cannot be read).
pub(crate) fn read_bounded(path: &Path, limit: u64) -> Result<Result<Vec<u8>, u64>, FileError> {
    let io = |e: std::io::Error| {
        FileError::whole(
            ErrorCode::Io,
            format!("cannot read {}: {e}", path.display()),
            None,
        )
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let len = file.metadata().map_err(io)?.len();
    if len > limit {
        return Ok(Err(len));
    }
    let mut bytes = Vec::with_capacity(len as usize);
    // `take` guards against a file that grows while it is read.
    file.take(limit + 1).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 > limit {
        return Ok(Err(bytes.len() as u64));
    }
    Ok(Ok(bytes))
}

/// The title a salvaged map takes when its own is unusable: the file's name.
pub(crate) fn fallback_title(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().trim().to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "Travesía".into())
}

/// Whether the file at `path` is a poster (PDF, PNG or SVG), by its first
/// bytes, whatever its name.
pub fn is_poster(path: &Path) -> bool {
    let mut head = Vec::with_capacity(4096);
    std::fs::File::open(path)
        .and_then(|f| f.take(4096).read_to_end(&mut head))
        .is_ok()
        && embed::kind_of(&head).is_some()
}

/// Whether the file at `path` is a poster that carries a map (read whole:
/// for a dropped file, to tell a poster from a photo).
pub fn carries_map(path: &Path) -> bool {
    is_poster(path)
        && std::fs::metadata(path).is_ok_and(|m| m.len() <= embed::MAX_POSTER_BYTES)
        && std::fs::read(path).is_ok_and(|b| embed::extract(&b).is_ok())
}

/// The map a poster carries (see [`travesia_render::embed`]), checked as a
/// `.travesia` file is; a poster without one, or damaged, is refused with
/// the reason in `c`'s words.
fn read_poster(path: &Path, c: &Catalogue) -> Result<Document, FileError> {
    let refused = |e: EmbedError| {
        let (key, n) = match &e {
            EmbedError::NotAPoster => ("file.poster.notAPoster", 0),
            EmbedError::NoMap => ("file.poster.noMap", 0),
            EmbedError::PosterTooLarge(n) => ("file.poster.tooLarge", *n),
            EmbedError::MapTooLarge => ("file.poster.mapTooLarge", 0),
            EmbedError::Broken(_) => ("file.poster.broken", 0),
        };
        let mib = (n / (1024 * 1024)).to_string();
        FileError::whole(
            ErrorCode::InvalidInput,
            e.to_string(),
            Some(c.fill(key, &[("mib", &mib)])),
        )
    };
    let bytes = read_bounded(path, embed::MAX_POSTER_BYTES)?
        .map_err(|len| refused(EmbedError::PosterTooLarge(len)))?;
    let map = embed::extract(&bytes).map_err(refused)?;
    drop(bytes);
    format::read_bytes(&map).map_err(|e| file_error(&e, Some(&map), &fallback_title(path), c))
}

/// Reads and checks a file: the document, or every problem found, in the
/// words of `lang`'s catalogue. A poster (PDF, PNG, SVG) gives the map it
/// carries; a spreadsheet (CSV, XLSX, by its name) the map it lays out.
pub fn read(path: &Path, lang: &str) -> Result<Document, FileError> {
    read_with_notes(path, lang).map(|(doc, _)| doc)
}

/// [`read`], with what the person should know of a file that was read (a
/// Mermaid score brought into range, in `lang`'s words).
pub fn read_with_notes(path: &Path, lang: &str) -> Result<(Document, Vec<String>), FileError> {
    if is_poster(path) {
        return read_poster(path, Catalogue::of(lang)).map(|d| (d, Vec::new()));
    }
    if let Some(kind) = crate::sheets::SheetKind::of_path(path) {
        return crate::sheets::read(path, kind, lang).map(|d| (d, Vec::new()));
    }
    if crate::sheets::is_mermaid(path) {
        return crate::sheets::read_mermaid(path, lang);
    }
    read_travesia(path, lang).map(|d| (d, Vec::new()))
}

/// A `.travesia` file.
fn read_travesia(path: &Path, lang: &str) -> Result<Document, FileError> {
    format::read_file(path).map_err(|e| {
        let bytes = match std::fs::metadata(path) {
            Ok(m) if m.len() > format::MAX_FILE_BYTES => None,
            _ => std::fs::read(path).ok(),
        };
        file_error(
            &e,
            bytes.as_deref(),
            &fallback_title(path),
            Catalogue::of(lang),
        )
    })
}

/// Reads a file and imports it as a new map (all or nothing): its id.
pub fn import_file(lib: &mut Library, path: &Path, lang: &str) -> Result<String, FileError> {
    import_document(lib, read(path, lang)?, lang)
}

/// Imports a document [`read`] before, as a new map (all or nothing): its id.
pub fn import_document(lib: &mut Library, doc: Document, lang: &str) -> Result<String, FileError> {
    lib.import(doc).map_err(|e| match e {
        travesia_store::StoreError::Format(f) => file_error(&f, None, "", Catalogue::of(lang)),
        other => {
            let e = crate::AppError::from(other);
            FileError::whole(e.code, e.message, None)
        }
    })
}

impl FileError {
    /// A refusal of the file as a whole: no problem inside it to name.
    pub fn whole(code: ErrorCode, message: String, summary: Option<String>) -> FileError {
        FileError {
            code,
            message,
            issues: Vec::new(),
            summary,
            valid_part: None,
        }
    }

    /// One line per problem, in words with the path and the rule after
    /// them, or the summary (else the message) when there are none.
    pub fn lines(&self) -> Vec<String> {
        if self.issues.is_empty() {
            return vec![self.summary.clone().unwrap_or_else(|| self.message.clone())];
        }
        self.issues
            .iter()
            .map(|i| match i.path.as_str() {
                "" => format!("{} ({})", i.words, i.message),
                path => format!("{} ({path}: {})", i.words, i.message),
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
        let e = import_file(&mut lib, &file, "es").unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidInput);
        let issue = e
            .issues
            .iter()
            .find(|i| i.path == "map.cards[0].stage")
            .expect("the card's stage is named");
        assert_eq!(issue.value.as_deref(), Some("\"s9\""));
        assert_eq!(
            issue.words,
            "Tarjeta 1 «hola»: está en una etapa que no existe («s9»)"
        );
        let part = e
            .valid_part
            .as_ref()
            .expect("the rest of the file is sound");
        assert_eq!(part.left_out, vec!["Tarjeta 1 «hola»"]);
        assert_eq!(part.keeps, "1 etapa, 1 carril y 0 tarjetas");
        assert!(lib.list_maps().unwrap().is_empty(), "nothing was imported");
    }
}
