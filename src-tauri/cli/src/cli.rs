//! The command line, headless (no display needed): the `travesia` binary,
//! and the window's binary when it is given a command.
//!
//! Exit codes: 0 success, 1 a refused input or failed operation (the message
//! on stderr says what and why), 2 wrong usage.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use clap::{Args, Parser, Subcommand};
use travesia_api::export::{self, ExportFormat, ExportOptions, PageOrientation, Source};
use travesia_api::import::{self, FileError};
use travesia_api::sheets::{CsvConvention, SheetLayout};
use travesia_api::{library_path, maps, AppError, Engine};
use travesia_core::format;
use travesia_core::templates;
use travesia_i18n::Catalogue;
use travesia_render::paper::Paper;
use travesia_render::sheet;
use travesia_store::backup;
use travesia_store::{Library, MapSummary};

/// The command line's own words, in the language of the first of LC_ALL,
/// LC_MESSAGES and LANG that is set, as POSIX has it: `LC_ALL=C` means the C
/// locale, English, whatever LANG says. English too when it names no
/// language of ours. Messages that come from the library and the file checks
/// are English for now.
fn say() -> &'static Catalogue {
    let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .into_iter()
        .filter_map(|var| std::env::var(var).ok())
        .find(|v| !v.is_empty())
        .unwrap_or_default();
    Catalogue::of(travesia_i18n::pick(&locale).unwrap_or("en"))
}

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
    /// .travesia files to open in the window (imported into the library).
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
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
    /// Import a .travesia file, a poster (PDF, PNG, SVG) that carries its
    /// map, a spreadsheet (CSV, XLSX) or a Mermaid journey (.mmd) into the
    /// library and print the new map's id (all or nothing).
    Import {
        /// The .travesia file, poster or spreadsheet.
        file: PathBuf,
        /// When the file is refused but the rest of it is sound, import what
        /// is valid and list what is left out.
        #[arg(long)]
        valid_part: bool,
        /// The workshop loop: read a worksheet (.csv, .xlsx) exported from map
        /// ID and filled in elsewhere back into that map, as one edit that
        /// `travesia undo` takes back: new cards added, changed ones updated.
        #[arg(long, value_name = "ID", conflicts_with = "valid_part")]
        into: Option<String>,
    },
    /// Write a map, from a file or from the library: a .travesia file, a
    /// poster (PDF, PNG, SVG), a spreadsheet (CSV, XLSX), a Mermaid journey
    /// (.mmd) or slides (PPTX).
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
    /// Compare a version of a map with another, or with the map now: list
    /// what was added, removed, moved or changed; with -o, print the change
    /// poster (.pdf, .png or .svg).
    Compare {
        #[command(flatten)]
        map: MapArg,
        /// The earlier version: its name or its number.
        #[arg(long)]
        from: String,
        /// The later version (its name or number); the map now when absent.
        #[arg(long)]
        to: Option<String>,
        /// Write the change poster here (.pdf, .png, .svg).
        #[arg(short, long, value_name = "OUT")]
        output: Option<PathBuf>,
        /// The poster's paper: A4, A3, A2, A1, A0, Letter, Tabloid, 24x36 or fit.
        #[arg(long, default_value = "A1", value_parser = parse_paper)]
        paper: Paper,
    },
    /// List the library's automatic daily backups (the newest seven are kept).
    Backups,
    /// Put a backup in place of a damaged library (the newest good one, or
    /// --from FILE); the damaged file is moved aside, not deleted.
    RestoreBackup {
        /// The backup file to restore.
        #[arg(long, value_name = "FILE")]
        from: Option<PathBuf>,
    },
}

#[derive(Args, Debug)]
pub struct NewArgs {
    /// The template: blank, five-phases, three-stages, ecommerce or omnichannel.
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(templates::NAMES))]
    pub template: String,
    /// The language of the template's text.
    #[arg(long, default_value = "es", value_parser = clap::builder::PossibleValuesParser::new(templates::LANGS))]
    pub lang: String,
    /// The map's title (default: the template's).
    #[arg(long)]
    pub title: Option<String>,
    /// Only the template's stages and lanes, without its example (cards,
    /// personas, routes, descriptions).
    #[arg(long)]
    pub structure: bool,
}

#[derive(Args, Debug)]
pub struct ExportArgs {
    /// A .travesia file, or a poster that carries its map, to export (instead of --map).
    #[arg(required_unless_present = "map", conflicts_with = "map")]
    pub file: Option<PathBuf>,
    /// The id of a map in the library.
    #[arg(long)]
    pub map: Option<String>,
    /// Where to write; the format comes from the extension (.travesia, .svg, .png, .pdf, .csv, .xlsx, .mmd, .pptx).
    #[arg(short, long, value_name = "OUT")]
    pub output: PathBuf,
    /// Paper for PNG and PDF: A4, A3, A2, A1, A0, Letter, Tabloid, 24x36 or fit (the map's own size).
    #[arg(long, default_value = "A1", value_parser = parse_paper)]
    pub paper: Paper,
    /// Portrait page (default: landscape when the map is wider than tall).
    #[arg(long, conflicts_with = "landscape")]
    pub portrait: bool,
    /// Landscape page.
    #[arg(long)]
    pub landscape: bool,
    /// Resolution of a PNG, 72 to 600.
    #[arg(long, default_value_t = 150, value_parser = clap::value_parser!(u32).range(72..=600))]
    pub dpi: u32,
    /// Margin around the map, in millimetres (0 to 100).
    #[arg(long = "margin-mm", default_value_t = 10.0, value_parser = parse_margin, allow_hyphen_values = true)]
    pub margin_mm: f32,
    /// Smaller PNG file (slower to write).
    #[arg(long)]
    pub smaller: bool,
    /// For a print shop: a 3 mm bleed and crop marks (PDF and PNG). Without
    /// it the page is exactly the paper chosen.
    #[arg(long = "print-shop")]
    pub print_shop: bool,
    /// Bleed around the page, 0 to 20 mm (default: 0, or 3 with --print-shop).
    #[arg(long = "bleed-mm", value_parser = parse_bleed, allow_hyphen_values = true)]
    pub bleed_mm: Option<f32>,
    /// Crop marks at the corners of the page, outside the bleed (PDF and PNG).
    #[arg(long = "crop-marks")]
    pub crop_marks: bool,
    /// Split the poster onto A4 or A3 sheets for an office printer (PDF only).
    #[arg(long, value_parser = parse_tile)]
    pub tile: Option<Paper>,
    /// How much neighbouring tiles overlap, 0 to 50 mm.
    #[arg(long = "overlap-mm", default_value_t = 10.0, requires = "tile", value_parser = parse_overlap, allow_hyphen_values = true)]
    pub overlap_mm: f32,
    /// Tell routes and emotion curves apart by line pattern and marker
    /// shape as well as by colour, for colour-blind readers (PDF, PNG, SVG).
    #[arg(long)]
    pub patterns: bool,
    /// Leave the cards' evidence off the poster or slides: no confidence
    /// badges, sources, notes or legend (the map keeps them).
    #[arg(long = "no-evidence")]
    pub no_evidence: bool,
    /// PDF of a map of the library (--map): print it and every map it
    /// links to, theirs in turn, in one file with a bookmark for each map
    /// and the links working inside it.
    #[arg(long = "map-set")]
    pub map_set: bool,
    /// Print one persona's journey (its name or id): that persona, its
    /// emotion curves and the general curve (PDF, PNG, SVG).
    #[arg(long)]
    pub persona: Option<String>,
    /// Leave the map out of the poster. By default a PDF, PNG or SVG carries
    /// the whole map inside it, and `travesia import` (or the window) opens
    /// the poster again as the map.
    #[arg(long = "no-embed")]
    pub no_embed: bool,
    /// A spreadsheet's layout (.csv, .xlsx): tidy (a row per card, every
    /// field; reads back without loss) or worksheet (lanes down, stages across).
    #[arg(long, default_value = "tidy", value_parser = clap::builder::PossibleValuesParser::new(["tidy", "worksheet"]))]
    pub layout: String,
    /// A CSV file's conventions: auto (the map's language), semicolon (`;`
    /// and 4,2, for spreadsheets set to Spanish) or comma (`,` and 4.2).
    #[arg(long = "csv-style", default_value = "auto", value_parser = clap::builder::PossibleValuesParser::new(["auto", "semicolon", "comma"]))]
    pub csv_style: String,
}

fn parse_tile(s: &str) -> Result<Paper, String> {
    match Paper::parse(s) {
        Some(p @ (Paper::A4 | Paper::A3)) => Ok(p),
        _ => Err(format!("\"{s}\" is not a tile paper; allowed: A4, A3")),
    }
}

fn parse_mm(s: &str, what: &str, max: f32) -> Result<f32, String> {
    match s.parse::<f32>() {
        Ok(v) if (0.0..=max).contains(&v) => Ok(v),
        _ => Err(format!("\"{s}\" is not {what} from 0 to {max} mm")),
    }
}

fn parse_bleed(s: &str) -> Result<f32, String> {
    parse_mm(s, "a bleed", sheet::BLEED_MAX_MM)
}

fn parse_overlap(s: &str) -> Result<f32, String> {
    parse_mm(s, "an overlap", sheet::OVERLAP_MAX_MM)
}

fn parse_paper(s: &str) -> Result<Paper, String> {
    Paper::parse(s).ok_or_else(|| {
        format!(
            "unknown paper \"{s}\"; allowed: {}",
            Paper::NAMES.join(", ")
        )
    })
}

fn parse_margin(s: &str) -> Result<f32, String> {
    parse_mm(s, "a margin", 100.0)
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
    Gui {
        db: Option<PathBuf>,
        files: Vec<PathBuf>,
    },
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
        Ok(cli) => match cli.files.iter().find(|f| !looks_like_a_map_file(f)) {
            // `travesia frobnicate`: a mistyped command, not a file to open.
            Some(word) => {
                let word = word.display().to_string();
                eprintln!("{}", say().fill("cli.usage.unknown", &[("word", &word)]));
                Parsed::Exit(2)
            }
            None => Parsed::Gui {
                db: cli.db,
                files: cli.files,
            },
        },
        Err(e) => {
            // Help and version go to stdout with 0; usage errors to stderr with 2.
            let _ = e.print();
            Parsed::Exit(e.exit_code())
        }
    }
}

/// A word on the command line is a map to open when it names an existing
/// file or ends in `.travesia` / `.json` (a missing one is then reported in
/// the window); anything else is a mistyped command.
fn looks_like_a_map_file(path: &std::path::Path) -> bool {
    path.is_file()
        || path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("travesia") || e.eq_ignore_ascii_case("json"))
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

impl From<FileError> for Failure {
    fn from(e: FileError) -> Failure {
        Failure::Refused(e.lines())
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

/// `import`: the file whole; or, with `--valid-part` and a file whose rest is
/// sound, what is valid, after saying what is left out and why.
fn import_command(file: &Path, valid_part: bool, db: Option<PathBuf>) -> Result<String, Failure> {
    let c = say();
    let e = match import::read_with_notes(file, c.lang) {
        Ok((doc, notes)) => {
            for note in notes {
                eprintln!("travesia: {note}");
            }
            return Ok(import::import_document(&mut open(db)?, doc, c.lang)?);
        }
        Err(e) => e,
    };
    match e.valid_part.clone() {
        Some(part) if valid_part => {
            for line in e.lines() {
                eprintln!("travesia: {line}");
            }
            for thing in &part.left_out {
                eprintln!(
                    "travesia: {}",
                    c.fill("cli.import.leftOut", &[("thing", thing)])
                );
            }
            let doc = part.doc.ok_or(Failure::Refused(e.lines()))?;
            Ok(import::import_document(&mut open(db)?, *doc, c.lang)?)
        }
        Some(part) => {
            let mut lines = e.lines();
            lines.push(c.fill(
                "cli.import.validPartHint",
                &[
                    ("keeps", &part.keeps),
                    ("file", &file.display().to_string()),
                ],
            ));
            Err(Failure::Refused(lines))
        }
        None => Err(e.into()),
    }
}

/// A version of map `id` named by its name or its number.
fn version_named(lib: &Library, id: &str, said: &str) -> Result<i64, Failure> {
    let all = lib.list_snapshots(id)?;
    all.iter()
        .find(|s| s.name == said)
        .or_else(|| all.iter().find(|s| s.id.to_string() == said))
        .map(|s| s.id)
        .ok_or_else(|| refused(say().fill("cli.compare.noVersion", &[("name", said), ("id", id)])))
}

/// `travesia compare`: the changes, a line each (what happened, the card's
/// words, where it is), then how many of each; the poster when asked.
fn compare_command(
    lib: &mut Library,
    id: &str,
    from: &str,
    to: Option<&str>,
    output: Option<PathBuf>,
    paper: Paper,
) -> Result<String, Failure> {
    let from = version_named(lib, id, from)?;
    let to = to.map(|t| version_named(lib, id, t)).transpose()?;
    let (source, comparison) = travesia_api::compare::source(lib, id, Some(from), to)?;
    let c = say();
    let mut lines = Vec::new();
    for p in comparison.stages.iter().chain(&comparison.lanes) {
        lines.push(format!("{}	{}", c.t(p.change.tag_key()), p.title));
    }
    for k in &comparison.cards {
        let text = k.text.replace('\n', " ");
        lines.push(format!(
            "{}	{text}	{} · {}",
            c.t(k.change.tag_key()),
            k.stage,
            k.lane
        ));
    }
    let counts: Vec<String> = travesia_core::compare::Change::ALL
        .iter()
        .map(|ch| format!("{} {}", c.t(ch.key()), comparison.count(*ch)))
        .collect();
    lines.push(counts.join(" · "));
    if let Some(out) = output {
        let format = ExportFormat::of_path(&out)
            .filter(|f| f.is_poster())
            .ok_or_else(|| Failure::Usage(c.t("cli.compare.posterOnly").to_string()))?;
        let options = ExportOptions {
            paper: paper.to_string(),
            embed_map: false,
            ..ExportOptions::new(format)
        };
        let never = AtomicBool::new(false);
        export::write(&Engine::new(), &source, &options, &out, |_| {}, &never)?;
        let path = out.display().to_string();
        lines.push(c.fill("cli.compare.written", &[("path", &path)]));
    }
    Ok(lines.join("\n"))
}

fn open(db: Option<PathBuf>) -> Result<Library, Failure> {
    Ok(Library::open(&library_path(db))?)
}

fn execute(command: Command, db: Option<PathBuf>) -> Result<(), Failure> {
    let said = match command {
        Command::New(a) => {
            let mut lib = open(db)?;
            maps::create_from_template(&mut lib, &a.template, &a.lang, a.title, !a.structure)?
        }
        Command::List { json } => {
            let maps = open(db)?.list_maps()?;
            if json {
                serde_json::to_string_pretty(&maps).unwrap_or_default()
            } else {
                table(&maps)
            }
        }
        Command::Import {
            file,
            into: Some(id),
            ..
        } => {
            let mut lib = open(db)?;
            let map = lib.load(&id)?;
            let merged = travesia_api::sheets::merge(&map, &file, say().lang)?;
            if let Some(edit) = &merged.edit {
                lib.apply(&id, edit)?;
            }
            merged.words
        }
        Command::Import {
            file, valid_part, ..
        } => import_command(&file, valid_part, db)?,
        Command::Export(a) => export_command(a, db)?,
        Command::Validate { file } => {
            let doc = import::read(&file, say().lang)?;
            let m = &doc.map;
            let c = say();
            let count = |key: &str, n: usize| c.plural(key, n as u64, &[]);
            c.fill(
                "cli.validate.ok",
                &[
                    ("title", &m.title),
                    ("stages", &count("cli.count.stages", m.stages.len())),
                    ("lanes", &count("cli.count.lanes", m.lanes.len())),
                    ("cards", &count("cli.count.cards", m.cards.len())),
                    ("routes", &count("cli.count.routes", m.routes().len())),
                ],
            )
        }
        Command::Undo(m) => {
            let id = [("id", m.id.as_str())];
            if !open(db)?.undo(&m.id)? {
                return Err(refused(say().fill("cli.undo.none", &id)));
            }
            say().fill("cli.undo.done", &id)
        }
        Command::Redo(m) => {
            let id = [("id", m.id.as_str())];
            if !open(db)?.redo(&m.id)? {
                return Err(refused(say().fill("cli.redo.none", &id)));
            }
            say().fill("cli.redo.done", &id)
        }
        Command::Snapshot { map, name } => {
            let n = open(db)?.snapshot(&map.id, &name)?;
            let n = n.to_string();
            say().fill(
                "cli.snapshot.done",
                &[("n", &n), ("name", &name), ("id", &map.id)],
            )
        }
        Command::Compare {
            map,
            from,
            to,
            output,
            paper,
        } => compare_command(&mut open(db)?, &map.id, &from, to.as_deref(), output, paper)?,
        Command::Backups => backups(&library_path(db)),
        Command::RestoreBackup { from } => restore_backup(&library_path(db), from)?,
    };
    let _ = writeln!(std::io::stdout().lock(), "{said}");
    Ok(())
}

fn refused(line: String) -> Failure {
    Failure::Refused(vec![line])
}

fn backups(path: &Path) -> String {
    let all = backup::list_backups(path);
    if all.is_empty() {
        let dir = backup::backup_dir(path).display().to_string();
        return say().fill("cli.backups.none", &[("dir", &dir)]);
    }
    let lines: Vec<String> = all
        .into_iter()
        .map(|(date, file)| {
            let state = say().t(if backup::is_good(&file) {
                "cli.backups.good"
            } else {
                "cli.backups.damaged"
            });
            format!("{date}\t{state}\t{}", file.display())
        })
        .collect();
    lines.join("\n")
}

fn restore_backup(path: &Path, from: Option<PathBuf>) -> Result<String, Failure> {
    let from = match from {
        Some(f) => f,
        None => backup::newest_good_backup(path)
            .map(|(_, f)| f)
            .ok_or_else(|| refused(say().t("cli.restore.none").to_string()))?,
    };
    let mut lines = Vec::new();
    if let Some(aside) = backup::restore_backup(path, &from)? {
        let aside = aside.display().to_string();
        lines.push(say().fill("cli.restore.aside", &[("path", &aside)]));
    }
    let (path, from) = (path.display().to_string(), from.display().to_string());
    lines.push(say().fill("cli.restore.done", &[("path", &path), ("from", &from)]));
    Ok(lines.join("\n"))
}

/// The export options the arguments ask for; the rules and the writers are
/// the shared layer's, the same the window's export dialog uses.
fn export_options(a: &ExportArgs, format: ExportFormat) -> Result<ExportOptions, Failure> {
    let print_only = a.bleed_mm.is_some() || a.crop_marks || a.print_shop;
    if !format.is_print() && (print_only || a.tile.is_some()) {
        return Err(Failure::Usage(say().t("cli.export.printOnly").to_string()));
    }
    if format == ExportFormat::Travesia && a.persona.is_some() {
        return Err(Failure::Usage(
            say().t("cli.export.personaDrawn").to_string(),
        ));
    }
    if format == ExportFormat::Travesia && a.patterns {
        return Err(Failure::Usage(
            say().t("cli.export.patternsDrawn").to_string(),
        ));
    }
    if format == ExportFormat::Travesia && a.no_evidence {
        return Err(Failure::Usage(
            say().t("cli.export.evidenceDrawn").to_string(),
        ));
    }
    let sheet = format.sheet().is_some();
    if format.is_data() && (a.patterns || a.persona.is_some() || a.no_embed || a.no_evidence) {
        return Err(Failure::Usage(
            say().t("cli.export.sheetIsData").to_string(),
        ));
    }
    if !sheet && (a.layout != "tidy" || a.csv_style != "auto") {
        return Err(Failure::Usage(say().t("cli.export.sheetOnly").to_string()));
    }
    if format == ExportFormat::Travesia && a.no_embed {
        return Err(Failure::Usage(say().t("cli.export.embedDrawn").to_string()));
    }
    if a.map_set && format != ExportFormat::Pdf {
        return Err(Failure::Usage(say().t("cli.export.mapSetPdf").to_string()));
    }
    if a.map_set && a.file.is_some() {
        return Err(Failure::Usage(
            say().t("cli.export.mapSetLibrary").to_string(),
        ));
    }
    if format == ExportFormat::Png && a.tile.is_some() {
        return Err(Failure::Usage(
            say().t("cli.export.tileNeedsPdf").to_string(),
        ));
    }
    let defaults = if a.print_shop {
        ExportOptions::new(format).print_shop()
    } else {
        ExportOptions::new(format)
    };
    Ok(ExportOptions {
        format,
        paper: a.paper.to_string(),
        orientation: if a.portrait {
            PageOrientation::Portrait
        } else if a.landscape {
            PageOrientation::Landscape
        } else {
            PageOrientation::Auto
        },
        dpi: a.dpi,
        margin_mm: a.margin_mm,
        bleed_mm: a.bleed_mm.unwrap_or(defaults.bleed_mm),
        crop_marks: a.crop_marks || defaults.crop_marks,
        tile: a.tile.map(|p| p.to_string()),
        overlap_mm: a.overlap_mm,
        smaller: a.smaller,
        open_folder: false,
        patterns: a.patterns,
        evidence: !a.no_evidence,
        map_set: a.map_set,
        persona: None,
        embed_map: !a.no_embed,
        layout: if a.layout == "worksheet" {
            SheetLayout::Worksheet
        } else {
            SheetLayout::Tidy
        },
        csv_style: match a.csv_style.as_str() {
            "semicolon" => CsvConvention::Semicolon,
            "comma" => CsvConvention::Comma,
            _ => CsvConvention::Auto,
        },
    })
}

fn export_command(a: ExportArgs, db: Option<PathBuf>) -> Result<String, Failure> {
    let format = ExportFormat::of_path(&a.output).ok_or_else(|| {
        let path = a.output.display().to_string();
        Failure::Usage(say().fill("cli.export.unknownFormat", &[("path", &path)]))
    })?;
    let mut options = export_options(&a, format)?;
    let source = match (&a.file, &a.map) {
        (Some(file), _) => Source::from_document(import::read(file, say().lang)?),
        (None, Some(id)) => Source::for_export(&mut open(db)?, id, &options)?,
        (None, None) => return Err(Failure::Usage(say().t("cli.export.noSource").to_string())),
    };
    if let Some(who) = &a.persona {
        options.persona = Some(persona_named(&source.doc.map, who)?);
    }
    let never = AtomicBool::new(false);
    let report = export::write(&Engine::new(), &source, &options, &a.output, |_| {}, &never)?;
    let c = say();
    // In the command line's language, as the line around it.
    let left_out = if report.left_out.is_empty() {
        Vec::new()
    } else {
        export::left_out(&source, &options, c)
    };
    for thing in &left_out {
        let ext = format.ext().to_uppercase();
        eprintln!(
            "travesia: {}",
            c.fill("cli.export.leftOut", &[("format", &ext), ("thing", thing)])
        );
    }
    if !report.missing_glyphs.is_empty() {
        let chars = format!("{:?}", report.missing_glyphs);
        eprintln!(
            "travesia: {}",
            c.fill("cli.export.missingGlyphs", &[("chars", &chars)])
        );
    }
    if let Some(pt) = report
        .smallest_text_pt
        .filter(|pt| *pt < export::SMALL_TEXT_PT)
    {
        let (pt, paper) = (c.number(pt as f64, 1), a.paper.to_string());
        eprintln!(
            "travesia: {}",
            c.fill("cli.export.smallText", &[("pt", &pt), ("paper", &paper)])
        );
    }
    if let Some(t) = a.tile {
        let (paper, mm) = (t.to_string(), c.number(a.overlap_mm as f64, 1));
        let sheets = c.plural(
            "cli.export.sheets",
            report.pages as u64,
            &[("paper", &paper), ("mm", &mm)],
        );
        eprintln!("travesia: {sheets}");
    }
    let path = a.output.display().to_string();
    Ok(c.fill("cli.export.wrote", &[("path", &path)]))
}

/// The id of the persona `who` names: its id, or its name in any case.
fn persona_named(map: &travesia_core::Map, who: &str) -> Result<String, Failure> {
    let personas = map.personas();
    let found = personas.iter().find(|p| p.id == who).or_else(|| {
        let who = who.trim().to_lowercase();
        personas
            .iter()
            .find(|p| p.name.trim().to_lowercase() == who)
    });
    match found {
        Some(p) => Ok(p.id.clone()),
        None => {
            let names: Vec<&str> = personas.iter().map(|p| p.name.as_str()).collect();
            let c = say();
            Err(Failure::Usage(if names.is_empty() {
                c.fill("cli.export.noPersonas", &[("who", who)])
            } else {
                c.fill(
                    "cli.export.noSuchPersona",
                    &[("who", who), ("names", &names.join(", "))],
                )
            }))
        }
    }
}

fn table(maps: &[MapSummary]) -> String {
    if maps.is_empty() {
        return say().t("cli.list.empty").to_string();
    }
    let c = say();
    let header = [
        c.t("cli.list.id"),
        c.t("cli.list.title"),
        c.t("cli.list.updated"),
        c.t("cli.list.cards"),
    ];
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
            .chain([header[i].chars().count()])
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

#[cfg(test)]
mod tests {
    use super::*;

    fn gui_files(args: &[&str]) -> Option<Vec<String>> {
        match parse_from(args.iter().copied()) {
            Parsed::Gui { files, .. } => {
                Some(files.iter().map(|f| f.display().to_string()).collect())
            }
            _ => None,
        }
    }

    fn command(args: &[&str]) -> Option<String> {
        match parse_from(args.iter().copied()) {
            Parsed::Command(cli) => Some(format!("{:?}", cli.command)),
            _ => None,
        }
    }

    #[test]
    fn subcommands_win_over_files_wherever_the_options_are() {
        for args in [
            &["travesia", "import", "a.travesia"][..],
            &["travesia", "--db", "x.db", "import", "a.travesia"],
            &["travesia", "import", "a.travesia", "--db", "x.db"],
        ] {
            let c = command(args).unwrap_or_else(|| panic!("{args:?} is not a command"));
            assert!(c.contains("Import"), "{args:?}: {c}");
        }
    }

    #[test]
    fn a_word_that_is_neither_a_command_nor_a_map_file_is_a_usage_error() {
        assert!(matches!(
            parse_from(["travesia", "frobnicate"]),
            Parsed::Exit(2)
        ));
        assert!(matches!(parse_from(["travesia", "lista"]), Parsed::Exit(2)));
    }

    #[test]
    fn files_alone_open_the_window() {
        assert_eq!(gui_files(&["travesia"]), Some(vec![]));
        assert_eq!(
            gui_files(&["travesia", "mapa.travesia"]),
            Some(vec!["mapa.travesia".to_string()])
        );
        assert_eq!(
            gui_files(&["travesia", "--db", "x.db", "a.travesia", "b.travesia"]),
            Some(vec!["a.travesia".to_string(), "b.travesia".to_string()])
        );
    }
}
