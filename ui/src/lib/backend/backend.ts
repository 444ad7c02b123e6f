import type { AppError, Edit, ErrorCode, MapSummary, MapView, TemplateInfo } from '../bindings';

/**
 * Everything the UI asks of the Rust side. Components and state classes only
 * see this interface: the app gets `TauriBackend`, unit tests get `MockBackend`.
 *
 * Every method rejects with an `AppError` (never a bare string), so callers can
 * branch on `code` and localize it.
 */
export interface Backend {
  /** `list_maps()` — every map in the library. */
  listMaps(): Promise<MapSummary[]>;
  /** `list_templates({ lang })` — the starting templates, in that language. */
  listTemplates(lang: string): Promise<TemplateInfo[]>;
  /** `create_map({ template, lang, title })` — resolves to the new map's id. */
  createMap(template: string, lang: string, title: string | null): Promise<string>;
  /** `delete_map({ id })`. */
  deleteMap(id: string): Promise<void>;
  /** `open_map({ id })` — the map, its laid-out Scene and its history. */
  openMap(id: string): Promise<MapView>;
  /** `apply_edit({ id, edit })` — stores one edit (one undo step) and answers with the new view. */
  applyEdit(id: string, edit: Edit): Promise<MapView>;
  /** `undo({ id })` — takes back the last edit; the view as it is afterwards. */
  undo(id: string): Promise<MapView>;
  /** `redo({ id })` — applies the last undone edit again. */
  redo(id: string): Promise<MapView>;
  /** `system_locale()` — LC_ALL, LC_MESSAGES or LANG (e.g. "es_ES.UTF-8"); empty when unset. */
  systemLocale(): Promise<string>;
  /** `get_setting({ key })` — a value the library keeps for the UI. */
  getSetting(key: string): Promise<string | null>;
  /** `set_setting({ key, value })` — stores it (null removes it). */
  setSetting(key: string, value: string | null): Promise<void>;
  /** `set_window_title({ title })` — the native title bar. */
  setWindowTitle(title: string): Promise<void>;
}

const ERROR_CODES: ReadonlySet<string> = new Set<ErrorCode>([
  'invalid_input',
  'not_found',
  'too_new',
  'damaged',
  'io',
  'conflict',
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
