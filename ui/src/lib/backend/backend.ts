import type { AppError, CardsAhead, ComparisonView, Edit, ErrorCode, ExportDone, ExportOptions, ExportPreview, CopiedImage, ExportProgress, HistoryEntry, ImageDrop, LibraryProblem, MapSummary, MapView, OpenedFile, SearchHit, SheetMerge, SnapshotInfo, TemplateInfo, TrashedMap } from '../bindings';
import type { ViewAhead } from './patch';

/** Stops listening to a backend event. */
export type Unlisten = () => void;

/**
 * Ids of the native menu's items, as the `menu` event carries them
 * (src-tauri/src/window.rs, `MENUS`).
 */
export type MenuId =
  | 'new_map'
  | 'open_file'
  | 'save_as'
  | 'update_from_sheet'
  | 'export'
  | 'print'
  | 'library'
  | 'settings'
  | 'quit'
  | 'undo'
  | 'redo'
  | 'copy'
  | 'copy_image'
  | 'paste'
  | 'duplicate'
  | 'delete'
  | 'zoom_in'
  | 'zoom_out'
  | 'zoom_reset'
  | 'zoom_fit'
  | 'present'
  | 'personas'
  | 'routes'
  | 'channels'
  | 'snapshot'
  | 'versions'
  | 'history'
  | 'shortcuts'
  | 'guide'
  | 'logs'
  | 'about';

/**
 * Everything the UI asks of the Rust side. Components and state classes only
 * see this interface: the app gets `TauriBackend`, unit tests get `MockBackend`.
 *
 * Every method rejects with an `AppError` (never a bare string), so callers can
 * branch on `code` and localize it.
 */
export interface Backend {
  /** The first screen is up: reads asked for early (main.ts) that nobody took are dropped. */
  firstScreenShown(): void;
  /** `list_maps()` — every map in the library. */
  listMaps(): Promise<MapSummary[]>;
  /** `list_templates({ lang })` — the starting templates, in that language. */
  listTemplates(lang: string): Promise<TemplateInfo[]>;
  /**
   * `create_map({ template, lang, title, example })` — with the template's example, or its
   * stages and lanes only; resolves to the new map's id.
   */
  createMap(template: string, lang: string, title: string | null, example: boolean): Promise<string>;
  /** `delete_map({ id })`. */
  deleteMap(id: string): Promise<void>;
  /** `open_map({ id })` — the map, its laid-out Scene and its history. */
  openMap(id: string): Promise<MapView>;
  /**
   * `apply_edit({ id, edit })` — stores one edit (one undo step) and answers with the new view;
   * with `ahead`, the view drawn before the answer, whose Scene is kept where the answer's is the same.
   */
  applyEdit(id: string, edit: Edit, ahead?: ViewAhead): Promise<MapView>;
  /** `preview_edit({ id, edit })` — the view as it would be after `edit`, nothing stored. */
  previewEdit(id: string, edit: Edit): Promise<MapView>;
  /**
   * `cards_ahead({ id, edits, looks })` — the view after each of `edits`, each applied alone to
   * the view last answered, and how the cards `looks[i]` look after edit `i`; nothing stored.
   */
  cardsAhead(id: string, edits: Edit[], looks: string[][]): Promise<CardsAhead>;
  /**
   * `undo_edit({ id })` — takes back the last edit; the view as it is afterwards. With `ahead`, the
   * view drawn before the answer: kept, Scene and all, when the answer draws the same.
   */
  undo(id: string, ahead?: ViewAhead): Promise<MapView>;
  /** `redo_edit({ id })` — applies the last undone edit again (`ahead` as for `undo`). */
  redo(id: string, ahead?: ViewAhead): Promise<MapView>;
  /** `map_history({ id })` — the map's stored steps, oldest first. */
  mapHistory(id: string): Promise<HistoryEntry[]>;
  /** `go_to_step({ id, seq })` — undoes or redoes steps until step `seq` is the last done (0: none is). */
  goToStep(id: string, seq: number): Promise<MapView>;
  /** `system_locale()` — LC_ALL, LC_MESSAGES or LANG (e.g. "es_ES.UTF-8"); empty when unset. */
  systemLocale(): Promise<string>;
  /** `get_setting({ key })` — a value the library keeps for the UI. */
  getSetting(key: string): Promise<string | null>;
  /** `set_setting({ key, value })` — stores it (null removes it). */
  setSetting(key: string, value: string | null): Promise<void>;
  /** `set_window_title({ title })` — the native title bar. */
  setWindowTitle(title: string): Promise<void>;

  /** `set_route_visible({ id, route, visible })` — shows or hides a route (screen and exports); the view afterwards. */
  setRouteVisible(id: string, route: string, visible: boolean): Promise<MapView>;
  /** `set_persona_filter({ id, persona })` — one persona's journey on screen (null: every persona's); the view afterwards. */
  setPersonaFilter(id: string, persona: string | null): Promise<MapView>;

  // ---- a library that did not open ----
  /** `library_problem()` — why the library did not open and its backups; null when it is fine. */
  libraryProblem(): Promise<LibraryProblem | null>;
  /**
   * `restore_library_backup({ date })` — puts the backup of that day (YYYY-MM-DD), or the newest
   * good one when null, in place of the damaged library and opens it; resolves to where the
   * damaged file was moved.
   */
  restoreLibraryBackup(date: string | null): Promise<string | null>;

  // ---- library home ----
  /** `list_trash()` — maps in the trash, most recently deleted first. */
  listTrash(): Promise<TrashedMap[]>;
  /** `restore_map({ id })` — takes a map out of the trash. */
  restoreMap(id: string): Promise<void>;
  /** `delete_forever({ id })` — deletes a map that is in the trash, for good. */
  deleteForever(id: string): Promise<void>;
  /** `empty_trash()` — resolves to how many maps were deleted. */
  emptyTrash(): Promise<number>;
  /** `duplicate_map({ id, title })` — a copy (without history); resolves to its id. */
  duplicateMap(id: string, title: string): Promise<string>;
  /** `rename_map({ id, title })` — an undoable SetTitle edit. */
  renameMap(id: string, title: string): Promise<void>;
  /** `search_maps({ query })` — every word in the title or a card, ignoring case and accents. */
  searchMaps(query: string): Promise<SearchHit[]>;
  /** `map_thumbnail({ id })` — a `data:image/png` URI, at most 480×300 px. */
  mapThumbnail(id: string): Promise<string>;
  /** `template_preview({ template, lang })` — a `data:image/png` URI of the template's map. */
  templatePreview(template: string, lang: string): Promise<string>;
  /** `open_example()` — puts the example map (Spanish) in the library; resolves to its id. */
  openExample(): Promise<string>;

  // ---- files ----
  /** `take_opened_files()` — files opened from outside the page (command line, drop, second start). */
  takeOpenedFiles(): Promise<OpenedFile[]>;
  /** `open_file({ title, lang })` — the native Open dialog, then the import (problems in `lang`'s words); null when cancelled. */
  openFile(dialogTitle: string, lang: string): Promise<OpenedFile | null>;
  /** `import_valid_part({ token, lang })` — imports the valid part of a refused file; resolves to the new map's id. */
  importValidPart(token: number, lang: string): Promise<string>;
  /** `save_map_file({ id, title })` — the native Save dialog; resolves to the path, null when cancelled. */
  saveMapFile(id: string, dialogTitle: string): Promise<string | null>;
  /**
   * `read_worksheet({ id, title, lang })` — the native Open dialog for a worksheet filled in
   * elsewhere, read against map `id`: the one edit it makes (not yet applied), in words, or why
   * it is refused; null when cancelled.
   */
  readWorksheet(id: string, dialogTitle: string, lang: string): Promise<SheetMerge | null>;
  /** `pick_photo({ title })` — a photo chosen in the native dialog, re-encoded; a data URI, null when cancelled. */
  pickPhoto(dialogTitle: string): Promise<string | null>;
  /** `pick_logo({ title })` — a logo chosen in the native dialog (PNG, JPEG, or SVG drawn to PNG), re-encoded; a data URI, null when cancelled. */
  pickLogo(dialogTitle: string): Promise<string | null>;
  /** `dropped_photo({ token })` — the photo an image dropped on the window makes, re-encoded. */
  droppedPhoto(token: number): Promise<string>;
  /** `pick_image({ title })` — a card's image chosen in the native dialog (PNG, JPEG, WebP), re-encoded; a data URI, null when cancelled. */
  pickImage(dialogTitle: string): Promise<string | null>;
  /** `dropped_image({ token })` — the card image an image dropped on the window makes, re-encoded. */
  droppedImage(token: number): Promise<string>;

  // ---- export ----
  /** `export_preview({ id, options })` — the page picture, sizes and file size. */
  exportPreview(id: string, options: ExportOptions): Promise<ExportPreview>;
  /**
   * `export_map({ id, options, title })` — the native Save dialog, then the
   * export with `export-progress` events; null when the dialog was cancelled;
   * rejects with code `cancelled` after `cancelExport`.
   */
  exportMap(id: string, options: ExportOptions, dialogTitle: string): Promise<ExportDone | null>;
  /** `cancel_export()` — the running export stops at its next step. */
  cancelExport(): Promise<void>;
  /** `show_last_export()` — opens the folder of the last export. */
  showLastExport(): Promise<void>;

  // ---- versions ----
  /** `take_snapshot({ id, name })` — resolves to the map's snapshots, newest first. */
  takeSnapshot(id: string, name: string): Promise<SnapshotInfo[]>;
  /** `list_snapshots({ id })` — newest first. */
  listSnapshots(id: string): Promise<SnapshotInfo[]>;
  /** `snapshot_preview({ id, snapshot })` — a `data:image/png` URI of the map as it was. */
  snapshotPreview(id: string, snapshot: number): Promise<string>;
  /** `compare_versions({ id, from, to })` — two states compared (null: the map now): the map drawn with its changes marked, and their list. */
  compareVersions(id: string, from: number | null, to: number | null): Promise<ComparisonView>;
  /** `export_comparison({ id, from, to, options, title })` — the change poster, through the native Save dialog; null when cancelled. */
  exportComparison(id: string, from: number | null, to: number | null, options: ExportOptions, dialogTitle: string): Promise<ExportDone | null>;
  /** `restore_snapshot({ id, snapshot })` — one undoable edit; the view afterwards. */
  restoreSnapshot(id: string, snapshot: number): Promise<MapView>;

  // ---- window ----
  /** `set_menu_state({ lang, mapOpen, canUndo, canRedo })` — menu language and enabled items. */
  setMenuState(lang: string, mapOpen: boolean, canUndo: boolean, canRedo: boolean): Promise<void>;
  /** `set_fullscreen({ on })` — presentation mode. */
  setFullscreen(on: boolean): Promise<void>;
  /** `quit_app()`. */
  quit(): Promise<void>;
  /** `print_map({ id })` — the system's print dialog, then the poster; true once sent to the printer. */
  printMap(id: string): Promise<boolean>;
  /** `copy_image({ id, cards })` — those cards (all of the map when none) as a picture on the clipboard. */
  copyImage(id: string, cards: string[]): Promise<CopiedImage>;
  /** `open_logs_folder()` — the folder the app's log is written to, in the file manager. */
  openLogsFolder(): Promise<void>;

  // ---- events from Rust ----
  /** A native menu item was chosen. */
  onMenu(handler: (id: MenuId) => void): Promise<Unlisten>;
  /** Files were opened from outside the page: call `takeOpenedFiles()`. */
  onFilesOpened(handler: () => void): Promise<Unlisten>;
  /** Progress of the running export. */
  onExportProgress(handler: (progress: ExportProgress) => void): Promise<Unlisten>;
  /** An image (PNG or JPEG) was dropped on the window, at a point of the page. */
  onImageDropped(handler: (drop: ImageDrop) => void): Promise<Unlisten>;
}

const ERROR_CODES: ReadonlySet<string> = new Set<ErrorCode>([
  'invalid_input',
  'not_found',
  'too_new',
  'damaged',
  'io',
  'conflict',
  'cancelled',
  'internal',
]);

export function isAppError(value: unknown): value is AppError {
  if (typeof value !== 'object' || value === null) return false;
  const { code, message } = value as Record<string, unknown>;
  return typeof code === 'string' && ERROR_CODES.has(code) && typeof message === 'string';
}

/**
 * Whatever was thrown, as an `AppError`. Anything that is not already one
 * (a string from Tauri itself, such as a missing command or permission, or a
 * JS exception) becomes `internal`, keeping its text for the details view.
 */
export function toAppError(thrown: unknown): AppError {
  if (isAppError(thrown)) return { code: thrown.code, message: thrown.message };
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  return { code: 'internal', message };
}
