// Generated from src-tauri/src/command_list.rs (the command declarations). Do not edit.
import type { CardsAhead, ComparisonView, CopiedImage, Edit, ExportDone, ExportOptions, ExportPreview, HistoryEntry, LibraryProblem, MapSummary, MapView, OpenedFile, SearchHit, SheetMerge, SnapshotInfo, TemplateInfo, TrashedMap, ViewUpdate } from "./index";

/**
 * Every command of the Rust side, under the name it is registered with,
 * its arguments as one object (camelCase, as Tauri reads them).
 */
export interface Commands {
  /** Every map in the library. */
  list_maps(): Promise<Array<MapSummary>>;
  /** The starting templates, in that language (or the nearest one). */
  list_templates(args: { lang: string }): Promise<Array<TemplateInfo>>;
  /** A new map from a template, with its example or its structure only; answers with its id. */
  create_map(args: { template: string; lang: string; title: string | null; example: boolean }): Promise<string>;
  /** Moves a map to the trash. */
  delete_map(args: { id: string }): Promise<null>;
  /** The map, its laid-out Scene and its history. */
  open_map(args: { id: string }): Promise<MapView>;
  /** Stores one edit (one undo step); the view afterwards, whole or as a patch. */
  apply_edit(args: { id: string; edit: Edit }): Promise<ViewUpdate>;
  /** The view as it would be after an edit, nothing stored (a card's text while it is typed). */
  preview_edit(args: { id: string; edit: Edit }): Promise<ViewUpdate>;
  /** The view after each of these edits to the view last answered, and how the cards `looks[i]` look after edit i, nothing stored (a key's edit shown before its answer). */
  cards_ahead(args: { id: string; edits: Array<Edit>; looks: Array<Array<string>> }): Promise<CardsAhead>;
  /** Takes back the last edit; the view afterwards. */
  undo_edit(args: { id: string }): Promise<ViewUpdate>;
  /** Applies the last undone edit again; the view afterwards. */
  redo_edit(args: { id: string }): Promise<ViewUpdate>;
  /** The map's stored steps, oldest first. */
  map_history(args: { id: string }): Promise<Array<HistoryEntry>>;
  /** Undoes or redoes steps until step `seq` is the last done (0: none is); the view afterwards. */
  go_to_step(args: { id: string; seq: number }): Promise<ViewUpdate>;
  /** Shows or hides a route, on screen and in every export; the view afterwards. */
  set_route_visible(args: { id: string; route: string; visible: boolean }): Promise<ViewUpdate>;
  /** Shows one persona's journey (null: every persona's), on screen; the view afterwards. */
  set_persona_filter(args: { id: string; persona: string | null }): Promise<ViewUpdate>;
  /** LC_ALL, LC_MESSAGES or LANG (e.g. "es_ES.UTF-8"); empty when unset. */
  system_locale(): Promise<string>;
  /** A value the library keeps for the UI. */
  get_setting(args: { key: string }): Promise<string | null>;
  /** Stores a value for the UI (null removes it). */
  set_setting(args: { key: string; value: string | null }): Promise<null>;
  /** The native title bar. */
  set_window_title(args: { title: string }): Promise<null>;
  /** Why the library did not open and its backups; null when it is fine. */
  library_problem(): Promise<LibraryProblem | null>;
  /**
   * Puts the backup of that day (YYYY-MM-DD), or the newest good one, in place of the
   * damaged library and opens it; answers with where the damaged file was moved.
   */
  restore_library_backup(args: { date: string | null }): Promise<string | null>;
  /** Maps in the trash, most recently deleted first. */
  list_trash(): Promise<Array<TrashedMap>>;
  /** Takes a map out of the trash. */
  restore_map(args: { id: string }): Promise<null>;
  /** Deletes a map that is in the trash, for good. */
  delete_forever(args: { id: string }): Promise<null>;
  /** Deletes every map in the trash; answers how many. */
  empty_trash(): Promise<number>;
  /** A copy of a map (without its history); answers with its id. */
  duplicate_map(args: { id: string; title: string }): Promise<string>;
  /** Renames a map (an undoable edit). */
  rename_map(args: { id: string; title: string }): Promise<null>;
  /** Maps with every word in their title or a card, ignoring case and accents. */
  search_maps(args: { query: string }): Promise<Array<SearchHit>>;
  /** A `data:image/png` URI of the map, at most 480×300 px. */
  map_thumbnail(args: { id: string }): Promise<string>;
  /** A `data:image/png` URI of a template's map. */
  template_preview(args: { template: string; lang: string }): Promise<string>;
  /** Puts the example map in the library; answers with its id. */
  open_example(): Promise<string>;
  /** Files opened from outside the page (command line, drop, second start). */
  take_opened_files(): Promise<Array<OpenedFile>>;
  /** The native Open dialog, then the import; null when cancelled. */
  open_file(args: { title: string; lang: string }): Promise<OpenedFile | null>;
  /** Imports the valid part of a refused file; answers with the new map's id. */
  import_valid_part(args: { token: number; lang: string }): Promise<string>;
  /** The native Save dialog, then the `.travesia` file; its path, null when cancelled. */
  save_map_file(args: { id: string; title: string }): Promise<string | null>;
  /**
   * The workshop loop: a worksheet chosen in the native dialog, read against map `id`;
   * the one edit it makes (not yet applied), in words, or why it is refused. Null when cancelled.
   */
  read_worksheet(args: { id: string; title: string; lang: string }): Promise<SheetMerge | null>;
  /** A photo chosen in the native dialog, re-encoded as a data URI; null when cancelled. */
  pick_photo(args: { title: string }): Promise<string | null>;
  /**
   * A logo (PNG, JPEG or SVG drawn to PNG) chosen in the native dialog, re-encoded as a
   * data URI; null when cancelled.
   */
  pick_logo(args: { title: string }): Promise<string | null>;
  /**
   * The photo an image dropped on the window makes (the `image-dropped` event's token),
   * re-encoded as a data URI.
   */
  dropped_photo(args: { token: number }): Promise<string>;
  /**
   * A card's image (PNG, JPEG or WebP) chosen in the native dialog, re-encoded as a data
   * URI; null when cancelled.
   */
  pick_image(args: { title: string }): Promise<string | null>;
  /**
   * The card image an image dropped on the window makes (the `image-dropped` event's
   * token), re-encoded as a data URI.
   */
  dropped_image(args: { token: number }): Promise<string>;
  /** The page picture, its sizes and the file's size. */
  export_preview(args: { id: string; options: ExportOptions }): Promise<ExportPreview>;
  /**
   * The native Save dialog, then the export with `export-progress` events; null when the
   * dialog was cancelled; refused with code `cancelled` after `cancel_export`.
   */
  export_map(args: { id: string; options: ExportOptions; title: string }): Promise<ExportDone | null>;
  /**
   * File → Print…: the system's print dialog, then the poster on the paper chosen there;
   * true once sent to the printer, false when the dialog was cancelled.
   */
  print_map(args: { id: string }): Promise<boolean>;
  /** The running export stops at its next step. */
  cancel_export(): Promise<null>;
  /** Shows the last exported file in the file manager. */
  show_last_export(): Promise<null>;
  /** Takes a named version; answers with the map's versions, newest first. */
  take_snapshot(args: { id: string; name: string }): Promise<Array<SnapshotInfo>>;
  /** The map's versions, newest first. */
  list_snapshots(args: { id: string }): Promise<Array<SnapshotInfo>>;
  /** A `data:image/png` URI of the map as the version holds it. */
  snapshot_preview(args: { id: string; snapshot: number }): Promise<string>;
  /**
   * Two states of the map compared (versions; null is the map now): the map drawn with
   * every change marked, and the list of changes.
   */
  compare_versions(args: { id: string; from: number | null; to: number | null }): Promise<ComparisonView>;
  /**
   * The comparison as a change poster: the native Save dialog, then the export with
   * `export-progress` events; null when the dialog was cancelled.
   */
  export_comparison(args: { id: string; from: number | null; to: number | null; options: ExportOptions; title: string }): Promise<ExportDone | null>;
  /** Puts a version back as one undoable edit; the view afterwards. */
  restore_snapshot(args: { id: string; snapshot: number }): Promise<ViewUpdate>;
  /** The menu's language and which of its items are enabled. */
  set_menu_state(args: { lang: string; mapOpen: boolean; canUndo: boolean; canRedo: boolean }): Promise<null>;
  /** Presentation mode: the window fills the screen, or stops. */
  set_fullscreen(args: { on: boolean }): Promise<null>;
  /** Ends the app. */
  quit_app(): Promise<null>;
  /** Opens the folder the app's log is written to. */
  open_logs_folder(): Promise<null>;
  /** The cards given (all of the map when none) as a picture on the clipboard. */
  copy_image(args: { id: string; cards: Array<string> }): Promise<CopiedImage>;
}

/** The commands' names. */
export const COMMAND_NAMES = ["list_maps", "list_templates", "create_map", "delete_map", "open_map", "apply_edit", "preview_edit", "cards_ahead", "undo_edit", "redo_edit", "map_history", "go_to_step", "set_route_visible", "set_persona_filter", "system_locale", "get_setting", "set_setting", "set_window_title", "library_problem", "restore_library_backup", "list_trash", "restore_map", "delete_forever", "empty_trash", "duplicate_map", "rename_map", "search_maps", "map_thumbnail", "template_preview", "open_example", "take_opened_files", "open_file", "import_valid_part", "save_map_file", "read_worksheet", "pick_photo", "pick_logo", "dropped_photo", "pick_image", "dropped_image", "export_preview", "export_map", "print_map", "cancel_export", "show_last_export", "take_snapshot", "list_snapshots", "snapshot_preview", "compare_versions", "export_comparison", "restore_snapshot", "set_menu_state", "set_fullscreen", "quit_app", "open_logs_folder", "copy_image"] as const;

/** The arguments a command is called with (an empty object for none). */
export type CommandArgs<K extends keyof Commands> =
  Parameters<Commands[K]> extends [infer A] ? A : Record<string, never>;

/** Sends a command (Tauri's `invoke` in the app). */
export type Send = (command: keyof Commands, args?: Record<string, unknown>) => Promise<unknown>;

/** The commands, each sent through `send`. */
export function commandClient(send: Send): Commands {
  return {
    list_maps: () => send("list_maps") as Promise<Array<MapSummary>>,
    list_templates: (args) => send("list_templates", args) as Promise<Array<TemplateInfo>>,
    create_map: (args) => send("create_map", args) as Promise<string>,
    delete_map: (args) => send("delete_map", args) as Promise<null>,
    open_map: (args) => send("open_map", args) as Promise<MapView>,
    apply_edit: (args) => send("apply_edit", args) as Promise<ViewUpdate>,
    preview_edit: (args) => send("preview_edit", args) as Promise<ViewUpdate>,
    cards_ahead: (args) => send("cards_ahead", args) as Promise<CardsAhead>,
    undo_edit: (args) => send("undo_edit", args) as Promise<ViewUpdate>,
    redo_edit: (args) => send("redo_edit", args) as Promise<ViewUpdate>,
    map_history: (args) => send("map_history", args) as Promise<Array<HistoryEntry>>,
    go_to_step: (args) => send("go_to_step", args) as Promise<ViewUpdate>,
    set_route_visible: (args) => send("set_route_visible", args) as Promise<ViewUpdate>,
    set_persona_filter: (args) => send("set_persona_filter", args) as Promise<ViewUpdate>,
    system_locale: () => send("system_locale") as Promise<string>,
    get_setting: (args) => send("get_setting", args) as Promise<string | null>,
    set_setting: (args) => send("set_setting", args) as Promise<null>,
    set_window_title: (args) => send("set_window_title", args) as Promise<null>,
    library_problem: () => send("library_problem") as Promise<LibraryProblem | null>,
    restore_library_backup: (args) => send("restore_library_backup", args) as Promise<string | null>,
    list_trash: () => send("list_trash") as Promise<Array<TrashedMap>>,
    restore_map: (args) => send("restore_map", args) as Promise<null>,
    delete_forever: (args) => send("delete_forever", args) as Promise<null>,
    empty_trash: () => send("empty_trash") as Promise<number>,
    duplicate_map: (args) => send("duplicate_map", args) as Promise<string>,
    rename_map: (args) => send("rename_map", args) as Promise<null>,
    search_maps: (args) => send("search_maps", args) as Promise<Array<SearchHit>>,
    map_thumbnail: (args) => send("map_thumbnail", args) as Promise<string>,
    template_preview: (args) => send("template_preview", args) as Promise<string>,
    open_example: () => send("open_example") as Promise<string>,
    take_opened_files: () => send("take_opened_files") as Promise<Array<OpenedFile>>,
    open_file: (args) => send("open_file", args) as Promise<OpenedFile | null>,
    import_valid_part: (args) => send("import_valid_part", args) as Promise<string>,
    save_map_file: (args) => send("save_map_file", args) as Promise<string | null>,
    read_worksheet: (args) => send("read_worksheet", args) as Promise<SheetMerge | null>,
    pick_photo: (args) => send("pick_photo", args) as Promise<string | null>,
    pick_logo: (args) => send("pick_logo", args) as Promise<string | null>,
    dropped_photo: (args) => send("dropped_photo", args) as Promise<string>,
    pick_image: (args) => send("pick_image", args) as Promise<string | null>,
    dropped_image: (args) => send("dropped_image", args) as Promise<string>,
    export_preview: (args) => send("export_preview", args) as Promise<ExportPreview>,
    export_map: (args) => send("export_map", args) as Promise<ExportDone | null>,
    print_map: (args) => send("print_map", args) as Promise<boolean>,
    cancel_export: () => send("cancel_export") as Promise<null>,
    show_last_export: () => send("show_last_export") as Promise<null>,
    take_snapshot: (args) => send("take_snapshot", args) as Promise<Array<SnapshotInfo>>,
    list_snapshots: (args) => send("list_snapshots", args) as Promise<Array<SnapshotInfo>>,
    snapshot_preview: (args) => send("snapshot_preview", args) as Promise<string>,
    compare_versions: (args) => send("compare_versions", args) as Promise<ComparisonView>,
    export_comparison: (args) => send("export_comparison", args) as Promise<ExportDone | null>,
    restore_snapshot: (args) => send("restore_snapshot", args) as Promise<ViewUpdate>,
    set_menu_state: (args) => send("set_menu_state", args) as Promise<null>,
    set_fullscreen: (args) => send("set_fullscreen", args) as Promise<null>,
    quit_app: () => send("quit_app") as Promise<null>,
    open_logs_folder: () => send("open_logs_folder") as Promise<null>,
    copy_image: (args) => send("copy_image", args) as Promise<CopiedImage>,
  };
}
