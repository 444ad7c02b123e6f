//! The page's way in. Every command of `command_list.rs` becomes a Tauri
//! command here: a wrapper that builds a [`Cx`] and calls the function the
//! list names, with the arguments under the names the list gives them. The
//! same list writes the TypeScript client (`ui/src/lib/bindings/Commands.ts`)
//! and, in build.rs, the permissions; so a command's name, arguments and
//! answer are written once, and a function whose signature differs from its
//! line in the list does not compile.

use std::collections::BTreeSet;

use tauri::{AppHandle, Manager, Runtime, WebviewWindow};
use travesia_api::compare::ComparisonView;
use travesia_api::export::{ExportOptions, ExportPreview};
use travesia_api::import::OpenedFile;
use travesia_api::maps::TemplateInfo;
use travesia_api::{AppError, CardsAhead, MapView, ViewUpdate};
use travesia_core::Edit;
use travesia_store::home::{SearchHit, TrashedMap};
use travesia_store::{HistoryEntry, MapSummary, SnapshotInfo};
use ts_rs::{Config, TS};

use crate::desktop::CopiedImage;
use crate::export::ExportDone;
use crate::files::SheetMerge;
use crate::recovery::LibraryProblem;
use crate::state::AppState;
#[allow(unused_imports)]
use crate::{commands, desktop, export, files, home, print, recovery, versions, window};

/// What a command runs with: the window that called it, its app and the
/// app's state.
pub struct Cx<'a, R: Runtime> {
    window: &'a WebviewWindow<R>,
}

impl<'a, R: Runtime> Cx<'a, R> {
    pub fn window(&self) -> &'a WebviewWindow<R> {
        self.window
    }

    pub fn app(&self) -> &'a AppHandle<R> {
        self.window.app_handle()
    }

    pub fn state(&self) -> &'a AppState {
        self.window.state::<AppState>().inner()
    }
}

/// One command as the TypeScript client declares it.
#[derive(Clone, Debug, PartialEq)]
pub struct Declaration {
    pub name: &'static str,
    pub doc: Vec<&'static str>,
    /// (name as the Rust function takes it, TypeScript type).
    pub args: Vec<(&'static str, String)>,
    /// The arguments' Rust types, as written in the list.
    pub rust_types: Vec<&'static str>,
    pub answer: String,
}

/// The TypeScript names of the Rust types (64-bit integers are numbers:
/// none of ours goes past 2^53).
fn ts_config() -> Config {
    Config::new().with_large_int("number")
}

macro_rules! wrapper {
    (main, $name:ident, ($($arg:ident : $ty:ty),*), $ret:ty, $module:ident :: $func:ident) => {
        #[tauri::command]
        fn $name<R: Runtime>(window: WebviewWindow<R>, $($arg: $ty),*) -> Result<$ret, AppError> {
            let answer = $module::$func(&Cx { window: &window }, $($arg),*);
            crate::memory::worked();
            answer
        }
    };
    (worker, $name:ident, ($($arg:ident : $ty:ty),*), $ret:ty, $module:ident :: $func:ident) => {
        /// Runs on Tauri's worker threads, never on the thread that drives
        /// the window, so a long layout or a dialog cannot freeze it.
        #[tauri::command(async)]
        fn $name<R: Runtime>(window: WebviewWindow<R>, $($arg: $ty),*) -> Result<$ret, AppError> {
            let answer = $module::$func(&Cx { window: &window }, $($arg),*);
            crate::memory::worked();
            answer
        }
    };
}

macro_rules! commands {
    ($(
        $(#[doc = $doc:literal])*
        [$thread:ident] $name:ident ( $($arg:ident : $ty:ty),* $(,)? ) -> $ret:ty = $module:ident :: $func:ident;
    )*) => {
        $( wrapper!($thread, $name, ($($arg : $ty),*), $ret, $module::$func); )*

        /// What Tauri dispatches the page's calls to.
        pub fn handler<R: Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$($name),*]
        }

        /// The commands' names, as registered.
        pub const NAMES: &[&str] = &[$(stringify!($name)),*];

        /// Every command, for the TypeScript client.
        pub fn declarations() -> Vec<Declaration> {
            let cfg = ts_config();
            vec![$(Declaration {
                name: stringify!($name),
                doc: vec![$($doc),*],
                args: vec![$((stringify!($arg), <$ty as TS>::name(&cfg))),*],
                rust_types: vec![$(stringify!($ty)),*],
                answer: <$ret as TS>::name(&cfg),
            }),*]
        }
    };
}

include!("command_list.rs");

/// `map_open` → `mapOpen`: Tauri reads a command's arguments from the page
/// under their camelCase names.
fn camel(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// The generated types a TypeScript type names (`Array<MapSummary> | null` → MapSummary).
fn named_types(ts: &str, into: &mut BTreeSet<String>) {
    let mut word = String::new();
    for c in ts.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_alphanumeric() || c == '_' {
            word.push(c);
        } else {
            if word.starts_with(|c: char| c.is_ascii_uppercase()) && word != "Array" {
                into.insert(std::mem::take(&mut word));
            }
            word.clear();
        }
    }
}

/// `ui/src/lib/bindings/Commands.ts`: the `Commands` interface (one method
/// a command, its arguments as one object) and the client that sends them.
pub fn typescript() -> String {
    let all = declarations();
    let mut types = BTreeSet::new();
    let mut methods = String::new();
    let mut client = String::new();
    for d in &all {
        named_types(&d.answer, &mut types);
        for (_, ty) in &d.args {
            named_types(ty, &mut types);
        }
        match d.doc.as_slice() {
            [] => {}
            [line] => methods.push_str(&format!("  /**{line} */\n")),
            lines => {
                methods.push_str("  /**\n");
                for line in lines {
                    methods.push_str(&format!("   *{line}\n"));
                }
                methods.push_str("   */\n");
            }
        }
        let answer = format!("Promise<{}>", d.answer);
        if d.args.is_empty() {
            methods.push_str(&format!("  {}(): {answer};\n", d.name));
            client.push_str(&format!(
                "    {0}: () => send(\"{0}\") as {answer},\n",
                d.name
            ));
        } else {
            let fields: Vec<String> = d
                .args
                .iter()
                .map(|(name, ty)| format!("{}: {ty}", camel(name)))
                .collect();
            methods.push_str(&format!(
                "  {}(args: {{ {} }}): {answer};\n",
                d.name,
                fields.join("; ")
            ));
            client.push_str(&format!(
                "    {0}: (args) => send(\"{0}\", args) as {answer},\n",
                d.name
            ));
        }
    }
    let names: Vec<String> = all.iter().map(|d| format!("\"{}\"", d.name)).collect();
    let imports: Vec<String> = types.into_iter().collect();
    format!(
        "// Generated from src-tauri/src/command_list.rs (the command declarations). Do not edit.\n\
         import type {{ {imports} }} from \"./index\";\n\n\
         /**\n * Every command of the Rust side, under the name it is registered with,\n\
         \x20* its arguments as one object (camelCase, as Tauri reads them).\n */\n\
         export interface Commands {{\n{methods}}}\n\n\
         /** The commands' names. */\n\
         export const COMMAND_NAMES = [{names}] as const;\n\n\
         /** The arguments a command is called with (an empty object for none). */\n\
         export type CommandArgs<K extends keyof Commands> =\n\
         \x20 Parameters<Commands[K]> extends [infer A] ? A : Record<string, never>;\n\n\
         /** Sends a command (Tauri's `invoke` in the app). */\n\
         export type Send = (command: keyof Commands, args?: Record<string, unknown>) => Promise<unknown>;\n\n\
         /** The commands, each sent through `send`. */\n\
         export function commandClient(send: Send): Commands {{\n  return {{\n{client}  }};\n}}\n",
        imports = imports.join(", "),
        names = names.join(", "),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn argument_names_are_camel_case_as_tauri_reads_them() {
        assert_eq!(camel("map_open"), "mapOpen");
        assert_eq!(camel("id"), "id");
        assert_eq!(camel("can_redo"), "canRedo");
    }

    #[test]
    fn every_type_a_signature_names_is_imported() {
        let mut types = BTreeSet::new();
        named_types("Array<MapSummary> | null", &mut types);
        named_types("ExportDone | null", &mut types);
        named_types("string", &mut types);
        assert_eq!(
            types.into_iter().collect::<Vec<_>>(),
            ["ExportDone", "MapSummary"]
        );
    }

    #[test]
    fn each_command_is_declared_once_and_answers_in_typescript() {
        let all = declarations();
        let names: BTreeSet<&str> = all.iter().map(|d| d.name).collect();
        assert_eq!(names.len(), all.len(), "a command is declared twice");
        assert_eq!(NAMES.len(), all.len());
        let open = all.iter().find(|d| d.name == "open_map").unwrap();
        assert_eq!(open.args, [("id", "string".to_string())]);
        assert_eq!(open.answer, "MapView");
        let menu = all.iter().find(|d| d.name == "set_menu_state").unwrap();
        assert_eq!(menu.answer, "null");
        let ts = typescript();
        assert!(ts.contains(
            "set_menu_state(args: { lang: string; mapOpen: boolean; canUndo: boolean; canRedo: boolean }): Promise<null>;"
        ));
        assert!(ts.contains(
            "snapshot_preview(args: { id: string; snapshot: number }): Promise<string>;"
        ));
    }
}
