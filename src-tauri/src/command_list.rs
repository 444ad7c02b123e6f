// Every command the page can call, declared once. From this list come the
// handler (ipc.rs), the `allow-…` permissions and the capability's grant
// (build.rs), and the TypeScript client (ui/src/lib/bindings/Commands.ts).
// Each line: which thread runs it (`main`, or `worker` for anything that can
// take long), its name and arguments as the page sends them, what it answers,
// and the function that does it (which takes a `Cx` first).
commands! {
    // ---- the library and its maps ----
    /// Every map in the library.
    [main] list_maps() -> Vec<MapSummary> = commands::list_maps;
    /// The starting templates, in that language (or the nearest one).
    [main] list_templates(lang: String) -> Vec<TemplateInfo> = commands::list_templates;
    /// A new map from a template, with its example or its structure only; answers with its id.
    [main] create_map(template: String, lang: String, title: Option<String>, example: bool) -> String = commands::create_map;
    /// Moves a map to the trash.
    [main] delete_map(id: String) -> () = commands::delete_map;
    /// The map, its laid-out Scene and its history.
    [worker] open_map(id: String) -> MapView = commands::open_map;
    /// Stores one edit (one undo step); the view afterwards, whole or as a patch.
    [worker] apply_edit(id: String, edit: Edit) -> ViewUpdate = commands::apply_edit;
    /// The view as it would be after an edit, nothing stored (a card's text while it is typed).
    [worker] preview_edit(id: String, edit: Edit) -> ViewUpdate = commands::preview_edit;
    /// The view after each of these edits to the view last answered, and how the cards `looks[i]` look after edit i, nothing stored (a key's edit shown before its answer).
    [worker] cards_ahead(id: String, edits: Vec<Edit>, looks: Vec<Vec<String>>) -> CardsAhead = commands::cards_ahead;
    /// Takes back the last edit; the view afterwards.
    [worker] undo_edit(id: String) -> ViewUpdate = commands::undo;
    /// Applies the last undone edit again; the view afterwards.
    [worker] redo_edit(id: String) -> ViewUpdate = commands::redo;
    /// The map's stored steps, oldest first.
    [main] map_history(id: String) -> Vec<HistoryEntry> = commands::map_history;
    /// Undoes or redoes steps until step `seq` is the last done (0: none is); the view afterwards.
    [worker] go_to_step(id: String, seq: i64) -> ViewUpdate = commands::go_to_step;
    /// Shows or hides a route, on screen and in every export; the view afterwards.
    [worker] set_route_visible(id: String, route: String, visible: bool) -> ViewUpdate = commands::set_route_visible;
    /// Shows one persona's journey (null: every persona's), on screen; the view afterwards.
    [worker] set_persona_filter(id: String, persona: Option<String>) -> ViewUpdate = commands::set_persona_filter;
    /// LC_ALL, LC_MESSAGES or LANG (e.g. "es_ES.UTF-8"); empty when unset.
    [main] system_locale() -> String = commands::system_locale;
    /// A value the library keeps for the UI.
    [main] get_setting(key: String) -> Option<String> = commands::get_setting;
    /// Stores a value for the UI (null removes it).
    [main] set_setting(key: String, value: Option<String>) -> () = commands::set_setting;
    /// The native title bar.
    [main] set_window_title(title: String) -> () = commands::set_window_title;

    // ---- a library that did not open ----
    /// Why the library did not open and its backups; null when it is fine.
    [main] library_problem() -> Option<LibraryProblem> = recovery::library_problem;
    /// Puts the backup of that day (YYYY-MM-DD), or the newest good one, in place of the
    /// damaged library and opens it; answers with where the damaged file was moved.
    [worker] restore_library_backup(date: Option<String>) -> Option<String> = recovery::restore_library_backup;

    // ---- the library home ----
    /// Maps in the trash, most recently deleted first.
    [main] list_trash() -> Vec<TrashedMap> = home::list_trash;
    /// Takes a map out of the trash.
    [main] restore_map(id: String) -> () = home::restore_map;
    /// Deletes a map that is in the trash, for good.
    [main] delete_forever(id: String) -> () = home::delete_forever;
    /// Deletes every map in the trash; answers how many.
    [main] empty_trash() -> u32 = home::empty_trash;
    /// A copy of a map (without its history); answers with its id.
    [main] duplicate_map(id: String, title: String) -> String = home::duplicate_map;
    /// Renames a map (an undoable edit).
    [main] rename_map(id: String, title: String) -> () = home::rename_map;
    /// Maps with every word in their title or a card, ignoring case and accents.
    [worker] search_maps(query: String) -> Vec<SearchHit> = home::search_maps;
    /// A `data:image/png` URI of the map, at most 480×300 px.
    [worker] map_thumbnail(id: String) -> String = home::map_thumbnail;
    /// A `data:image/png` URI of a template's map.
    [worker] template_preview(template: String, lang: String) -> String = home::template_preview;
    /// Puts the example map in the library; answers with its id.
    [main] open_example() -> String = home::open_example;

    // ---- files ----
    /// Files opened from outside the page (command line, drop, second start).
    [main] take_opened_files() -> Vec<OpenedFile> = files::take_opened_files;
    /// The native Open dialog, then the import; null when cancelled.
    [worker] open_file(title: String, lang: String) -> Option<OpenedFile> = files::open_file;
    /// Imports the valid part of a refused file; answers with the new map's id.
    [main] import_valid_part(token: u32, lang: String) -> String = files::import_valid_part;
    /// The native Save dialog, then the `.travesia` file; its path, null when cancelled.
    [worker] save_map_file(id: String, title: String) -> Option<String> = files::save_map_file;
    /// The workshop loop: a worksheet chosen in the native dialog, read against map `id`;
    /// the one edit it makes (not yet applied), in words, or why it is refused. Null when cancelled.
    [worker] read_worksheet(id: String, title: String, lang: String) -> Option<SheetMerge> = files::read_worksheet;
    /// A photo chosen in the native dialog, re-encoded as a data URI; null when cancelled.
    [worker] pick_photo(title: String) -> Option<String> = files::pick_photo;
    /// A logo (PNG, JPEG or SVG drawn to PNG) chosen in the native dialog, re-encoded as a
    /// data URI; null when cancelled.
    [worker] pick_logo(title: String) -> Option<String> = files::pick_logo;
    /// The photo an image dropped on the window makes (the `image-dropped` event's token),
    /// re-encoded as a data URI.
    [worker] dropped_photo(token: u32) -> String = files::dropped_photo;
    /// A card's image (PNG, JPEG or WebP) chosen in the native dialog, re-encoded as a data
    /// URI; null when cancelled.
    [worker] pick_image(title: String) -> Option<String> = files::pick_image;
    /// The card image an image dropped on the window makes (the `image-dropped` event's
    /// token), re-encoded as a data URI.
    [worker] dropped_image(token: u32) -> String = files::dropped_image;

    // ---- export ----
    /// The page picture, its sizes and the file's size.
    [worker] export_preview(id: String, options: ExportOptions) -> ExportPreview = export::export_preview;
    /// The native Save dialog, then the export with `export-progress` events; null when the
    /// dialog was cancelled; refused with code `cancelled` after `cancel_export`.
    [worker] export_map(id: String, options: ExportOptions, title: String) -> Option<ExportDone> = export::export_map;
    /// File → Print…: the system's print dialog, then the poster on the paper chosen there;
    /// true once sent to the printer, false when the dialog was cancelled.
    [worker] print_map(id: String) -> bool = print::print_map;
    /// The running export stops at its next step.
    [main] cancel_export() -> () = export::cancel_export;
    /// Shows the last exported file in the file manager.
    [main] show_last_export() -> () = export::show_last_export;

    // ---- versions ----
    /// Takes a named version; answers with the map's versions, newest first.
    [main] take_snapshot(id: String, name: String) -> Vec<SnapshotInfo> = versions::take_snapshot;
    /// The map's versions, newest first.
    [main] list_snapshots(id: String) -> Vec<SnapshotInfo> = versions::list_snapshots;
    /// A `data:image/png` URI of the map as the version holds it.
    [worker] snapshot_preview(id: String, snapshot: i64) -> String = versions::snapshot_preview;
    /// Two states of the map compared (versions; null is the map now): the map drawn with
    /// every change marked, and the list of changes.
    [worker] compare_versions(id: String, from: Option<i64>, to: Option<i64>) -> ComparisonView = versions::compare_versions;
    /// The comparison as a change poster: the native Save dialog, then the export with
    /// `export-progress` events; null when the dialog was cancelled.
    [worker] export_comparison(id: String, from: Option<i64>, to: Option<i64>, options: ExportOptions, title: String) -> Option<ExportDone> = export::export_comparison;
    /// Puts a version back as one undoable edit; the view afterwards.
    [worker] restore_snapshot(id: String, snapshot: i64) -> ViewUpdate = versions::restore_snapshot;

    // ---- the window ----
    /// The menu's language and which of its items are enabled.
    [main] set_menu_state(lang: String, map_open: bool, can_undo: bool, can_redo: bool) -> () = window::set_menu_state;
    /// Presentation mode: the window fills the screen, or stops.
    [main] set_fullscreen(on: bool) -> () = window::set_fullscreen;
    /// Ends the app.
    [main] quit_app() -> () = window::quit_app;
    /// Opens the folder the app's log is written to.
    [main] open_logs_folder() -> () = desktop::open_logs_folder;
    /// The cards given (all of the map when none) as a picture on the clipboard.
    [worker] copy_image(id: String, cards: Vec<String>) -> CopiedImage = desktop::copy_image;
}
