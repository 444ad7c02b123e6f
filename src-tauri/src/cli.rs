//! The command line: the same binary, headless (no display needed).
//!
//! Exit codes: 0 success, 1 a refused input or failed operation (the message
//! on stderr says what and why), 2 wrong usage.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand};
use travesia_core::files;
use travesia_core::format::{self, Document};
use travesia_core::templates;
use travesia_store::{Library, MapSummary};

use crate::error::AppError;

#[derive(Parser, Debug)]
#[command(
    name = "travesia",
    version,
    about = "Travesía — customer journey maps, offline.",
    long_about = "Travesía — customer journey maps, offline.\n\n\
        Without a command, opens the app's window. With one, works headless on the \
        library (a SQLite file; --db or TRAVESIA_DB choose which)."
)]
pub struct Cli {
    /// The library file to use (default: $TRAVESIA_DB, else ~/.local/share/app.travesia.editor/library.db).
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Create a map from a template and print its id.
    New(NewArgs),
    /// List the maps of the library.
    List {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Import a .travesia file into the library and print the new map's id (all or nothing).
    Import {
        /// The .travesia file.
        file: PathBuf,
    },
    /// Write a map, from a file or from the library, to a .travesia file.
    Export(ExportArgs),
    /// Check a .travesia file; print every problem found.
    Validate {
        /// The .travesia file.
        file: PathBuf,
    },
    /// Undo the last edit of a map.
    Undo(MapArg),
    /// Redo the last undone edit of a map.
    Redo(MapArg),
    /// Take a named snapshot (version) of a map.
    Snapshot {
        #[command(flatten)]
        map: MapArg,
        /// The snapshot's name.
        #[arg(long)]
        name: String,
    },
}

#[derive(Args, Debug)]
pub struct NewArgs {
    /// The template: five-phases, three-stages, ecommerce, omnichannel or blank.
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(templates::NAMES))]
    pub template: String,
    /// The language of the template's text.
    #[arg(long, default_value = "es", value_parser = ["es", "en"])]
    pub lang: String,
    /// The map's title (default: the template's).
    #[arg(long)]
    pub title: Option<String>,
}

#[derive(Args, Debug)]
pub struct ExportArgs {
    /// A .travesia file to export (instead of --map).
    #[arg(required_unless_present = "map", conflicts_with = "map")]
    pub file: Option<PathBuf>,
    /// The id of a map in the library.
    #[arg(long)]
    pub map: Option<String>,
    /// Where to write; the format comes from the extension.
    #[arg(short, long, value_name = "OUT")]
    pub output: PathBuf,
}

#[derive(Args, Debug)]
pub struct MapArg {
    /// The id of a map in the library.
    #[arg(long = "map", value_name = "ID")]
    pub id: String,
}

pub enum Parsed {
    Exit(i32),
    Command(Cli),
    Gui { db: Option<PathBuf> },
}

pub fn parse() -> Parsed {
    parse_from(std::env::args_os())
}

pub fn parse_from<I, T>(args: I) -> Parsed
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    match Cli::try_parse_from(args) {
        Ok(cli) if cli.command.is_some() => Parsed::Command(cli),
        Ok(cli) => Parsed::Gui { db: cli.db },
        Err(e) => {
            // Help and version go to stdout with 0; usage errors to stderr with 2.
            let _ = e.print();
            Parsed::Exit(e.exit_code())
        }
    }
}

/// What went wrong, and whether it was the user's usage (2) or the input (1).
enum Failure {
    Usage(String),
    Refused(Vec<String>),
}

impl From<AppError> for Failure {
    fn from(e: AppError) -> Failure {
        Failure::Refused(e.message.lines().map(str::to_string).collect())
    }
}

impl From<travesia_store::StoreError> for Failure {
    fn from(e: travesia_store::StoreError) -> Failure {
        match e {
            travesia_store::StoreError::Format(f) => Failure::Refused(f.lines()),
            other => AppError::from(other).into(),
        }
    }
}

impl From<format::FormatError> for Failure {
    fn from(e: format::FormatError) -> Failure {
        Failure::Refused(e.lines())
    }
}

pub fn run(cli: Cli) -> i32 {
    let Some(command) = cli.command else {
        return 2;
    };
    match execute(command, cli.db) {
        Ok(()) => 0,
        Err(Failure::Usage(msg)) => {
            eprintln!("travesia: {msg}");
            2
        }
        Err(Failure::Refused(lines)) => {
            for line in lines {
                eprintln!("travesia: {line}");
            }
            1
        }
    }
}

fn open(db: Option<PathBuf>) -> Result<Library, Failure> {
    Ok(Library::open(&crate::library_path(db))?)
}

fn execute(command: Command, db: Option<PathBuf>) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    let mut print = |s: String| {
        let _ = writeln!(out, "{s}");
    };
    match command {
        Command::New(a) => {
            let mut lib = open(db)?;
            let id = crate::actions::create_from_template(&mut lib, &a.template, &a.lang, a.title)?;
            print(id);
        }
        Command::List { json } => {
            let maps = open(db)?.list_maps()?;
            if json {
                print(serde_json::to_string_pretty(&maps).unwrap_or_default());
            } else {
                print(table(&maps));
            }
        }
        Command::Import { file } => {
            let doc = format::read_file(&file)?;
            let id = open(db)?.import(doc)?;
            print(id);
        }
        Command::Export(a) => {
            let kind = OutputKind::of(&a.output)?;
            let doc: Document = match (&a.file, &a.map) {
                (Some(file), _) => format::read_file(file)?,
                (None, Some(id)) => open(db)?.export(id)?,
                (None, None) => return Err(Failure::Usage("give a FILE or --map ID".into())),
            };
            match kind {
                OutputKind::Travesia => {
                    files::write_atomically(&a.output, format::to_string(&doc).as_bytes())
                        .map_err(|e| {
                            Failure::Refused(vec![format!(
                                "cannot write {}: {e}",
                                a.output.display()
                            )])
                        })?;
                }
            }
            print(format!("wrote {}", a.output.display()));
        }
        Command::Validate { file } => {
            let doc = format::read_file(&file)?;
            let m = &doc.map;
            print(format!(
                "ok: “{}” — {} stages, {} lanes, {} cards, {} routes",
                m.title,
                m.stages.len(),
                m.lanes.len(),
                m.cards.len(),
                m.routes().len()
            ));
        }
        Command::Undo(m) => {
            if !open(db)?.undo(&m.id)? {
                return Err(Failure::Refused(vec![format!(
                    "nothing to undo in map \"{}\"",
                    m.id
                )]));
            }
            print(format!("undone the last edit of \"{}\"", m.id));
        }
        Command::Redo(m) => {
            if !open(db)?.redo(&m.id)? {
                return Err(Failure::Refused(vec![format!(
                    "nothing to redo in map \"{}\"",
                    m.id
                )]));
            }
            print(format!("redone the last undone edit of \"{}\"", m.id));
        }
        Command::Snapshot { map, name } => {
            let n = open(db)?.snapshot(&map.id, &name)?;
            print(format!("snapshot {n} “{name}” of \"{}\"", map.id));
        }
    }
    Ok(())
}

enum OutputKind {
    Travesia,
}

impl OutputKind {
    fn of(path: &Path) -> Result<OutputKind, Failure> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("travesia") => Ok(OutputKind::Travesia),
            _ => Err(Failure::Usage(format!(
                "cannot tell the format of {} from its extension; allowed: .travesia",
                path.display()
            ))),
        }
    }
}

fn table(maps: &[MapSummary]) -> String {
    if maps.is_empty() {
        return "(the library has no maps; make one with `travesia new --template five-phases`)"
            .into();
    }
    let header = ["ID", "TITLE", "UPDATED", "CARDS"];
    let rows: Vec<[String; 4]> = maps
        .iter()
        .map(|m| {
            [
                m.id.clone(),
                m.title.replace(['\n', '\t'], " "),
                m.updated_at.clone(),
                m.cards.to_string(),
            ]
        })
        .collect();
    let width = |i: usize| {
        rows.iter()
            .map(|r| r[i].chars().count())
            .chain([header[i].len()])
            .max()
            .unwrap_or(0)
    };
    let w = [width(0), width(1).min(60), width(2), width(3)];
    let pad = |s: &str, n: usize| {
        let s: String = if s.chars().count() > n {
            s.chars().take(n.saturating_sub(1)).chain(['…']).collect()
        } else {
            s.to_string()
        };
        let fill = n.saturating_sub(s.chars().count());
        format!("{s}{}", " ".repeat(fill))
    };
    let mut lines = vec![format!(
        "{}  {}  {}  {}",
        pad(header[0], w[0]),
        pad(header[1], w[1]),
        pad(header[2], w[2]),
        header[3]
    )];
    for r in &rows {
        lines.push(format!(
            "{}  {}  {}  {:>5}",
            pad(&r[0], w[0]),
            pad(&r[1], w[1]),
            pad(&r[2], w[2]),
            r[3]
        ));
    }
    lines.join("\n")
}
