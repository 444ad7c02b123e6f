import type {
  CardsAhead,
  ComparisonView,
  AppError,
  CommandArgs,
  Commands,
  HistoryEntry,
  ExportDone,
  ExportPreview,
  ExportProgress,
  ImageDrop,
  JourneyMap,
  LibraryProblem,
  MapSummary,
  MapView,
  OpenedFile,
  SearchHit,
  SheetMerge,
  SnapshotInfo,
  StepSummary,
  TemplateInfo,
  TrashedMap,
  ViewUpdate,
} from '../bindings';
import { Lineage, type Op } from './answers';
import type { MenuId, Unlisten } from '../backend/backend';
import { CommandBackend } from '../backend/client';

/** One call as the Tauri command would have received it (the generated `Commands`). */
export type MockCall = { [K in keyof Commands]: { command: K; args: CommandArgs<K> } }[keyof Commands];

export type MockCommand = MockCall['command'];

export interface MockOptions {
  maps?: MapSummary[];
  templates?: TemplateInfo[];
  /** Open maps: `open_map` answers with these, and edits start from them. */
  views?: MapView[];
  /** The clock used for `updated_at` of created maps. */
  now?: () => Date;
  /** What `system_locale` answers (like LANG); empty by default. */
  locale?: string;
  /** Settings the library holds already. */
  settings?: Record<string, string>;
}

/** A 1×1 transparent PNG: what the mock answers for pictures. */
export const TINY_PNG =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

/** Per open map: the view last answered, and the map as Rust has it with the steps taken on it. */
interface MapState {
  view: MapView;
  rust: Lineage;
  /** The stored history as Rust keeps it: each step's summary (from Rust's answer) and whether it is undone. */
  steps: { summary: StepSummary | null; undone: boolean }[];
}

/**
 * An in-memory library that answers the generated `Commands` for the UI's
 * unit tests: it keeps maps, creates them from templates, records every call
 * with the argument names of the real commands, and can be told to fail a
 * command. Every view it answers is Rust's: opening a map, each edit, undo,
 * redo and route shown or hidden are answered as Rust answered the same
 * steps (answers.ts). Editing calls can be held back (`pause`) to test what
 * the UI does meanwhile.
 */
/** How many tests have ended (setup.ts counts them). */
let testsEnded = 0;

/** Called after each test: the backends made in it lay nothing more out ahead (see `cards_ahead`). */
export function testEnded(): void {
  testsEnded++;
}

export class MockBackend extends CommandBackend implements Commands {
  /** The commands are this object's own methods (snake_case, as Rust names them). */
  protected readonly commands: Commands = this;

  maps: MapSummary[];
  templates: TemplateInfo[];
  readonly calls: MockCall[] = [];

  #failures = new Map<MockCommand, AppError>();
  #nextId = 1;
  #now: () => Date;
  #open = new Map<string, MapState>();
  #nextViews: MapView[] = [];
  #paused = false;
  #waiting: (() => void)[] = [];
  #locale: string;
  readonly settings: Map<string, string>;
  /** `testsEnded` when it was made: its test has ended once that changes. */
  readonly #test = testsEnded;

  constructor(options: MockOptions = {}) {
    super();
    this.#locale = options.locale ?? '';
    this.settings = new Map(Object.entries(options.settings ?? {}));
    this.maps = structuredClone(options.maps ?? []);
    this.templates = structuredClone(options.templates ?? []);
    this.#now = options.now ?? (() => new Date());
    for (const view of options.views ?? []) {
      this.#open.set(view.id, { view: structuredClone(view), rust: new Lineage(view.map), steps: [] });
      if (!this.maps.some((m) => m.id === view.id)) {
        this.maps.push({
          id: view.id,
          title: view.map.title,
          updated_at: view.map.updated_at ?? this.#now().toISOString(),
          cards: view.map.cards.length,
          bytes: JSON.stringify(view.map).length,
        });
      }
    }
  }

  /** The next call of `command` rejects with `error` (once). */
  failNext(command: MockCommand, error: AppError): void {
    this.#failures.set(command, error);
  }

  /** The next apply_edit, undo or redo answers with `view` (in the order given). */
  nextView(view: MapView): void {
    this.#nextViews.push(structuredClone(view));
  }

  /** Holds every editing call (open, edit, undo, redo) until `resume`. */
  pause(): void {
    this.#paused = true;
  }

  /** Lets held calls go on; with `one`, only the oldest. */
  resume(one = false): void {
    if (one) {
      this.#waiting.shift()?.();
      return;
    }
    this.#paused = false;
    for (const go of this.#waiting.splice(0)) go();
  }

  /** How many editing calls are being held. */
  get held(): number {
    return this.#waiting.length;
  }

  /** The view the mock holds for a map now (after the edits it applied). */
  viewOf(id: string): MapView | undefined {
    return this.#open.get(id)?.view;
  }

  callsOf<C extends MockCommand>(command: C): Extract<MockCall, { command: C }>[] {
    return this.calls.filter((c): c is Extract<MockCall, { command: C }> => c.command === command);
  }

  async list_maps(): Promise<MapSummary[]> {
    this.#record({ command: 'list_maps', args: {} });
    return structuredClone(this.maps);
  }

  async list_templates(args: CommandArgs<'list_templates'>): Promise<TemplateInfo[]> {
    this.#record({ command: 'list_templates', args: structuredClone(args) });
    const { lang } = args;
    // Like the real side: templates in the asked language, else all of them.
    const inLang = this.templates.filter((t) => t.lang === lang);
    return structuredClone(inLang.length > 0 ? inLang : this.templates);
  }

  async create_map(args: CommandArgs<'create_map'>): Promise<string> {
    this.#record({ command: 'create_map', args: structuredClone(args) });
    const { template, lang, title, example } = args;
    const source =
      this.templates.find((t) => t.id === template && t.lang === lang) ??
      this.templates.find((t) => t.id === template);
    if (!source) throw { code: 'not_found', message: `no template ${template}` } satisfies AppError;
    const id = `map-${this.#nextId++}`;
    const name = title ?? source.title;
    this.maps.push({
      id,
      title: name,
      updated_at: this.#now().toISOString(),
      // The structure only has no cards.
      cards: example ? source.cards : 0,
      bytes: 1000 + source.cards * 120,
    });
    return id;
  }

  async system_locale(): Promise<string> {
    this.#record({ command: 'system_locale', args: {} });
    return this.#locale;
  }

  async get_setting(args: CommandArgs<'get_setting'>): Promise<string | null> {
    this.#record({ command: 'get_setting', args: structuredClone(args) });
    const { key } = args;
    return this.settings.get(key) ?? null;
  }

  async set_setting(args: CommandArgs<'set_setting'>): Promise<null> {
    this.#record({ command: 'set_setting', args: structuredClone(args) });
    const { key, value } = args;
    if (value === null) this.settings.delete(key);
    else this.settings.set(key, value);
    return null;
  }

  /** The native window title as last set. */
  windowTitle = '';

  async set_window_title(args: CommandArgs<'set_window_title'>): Promise<null> {
    this.#record({ command: 'set_window_title', args: structuredClone(args) });
    const { title } = args;
    this.windowTitle = title;
    return null;
  }

  async delete_map(args: CommandArgs<'delete_map'>): Promise<null> {
    this.#record({ command: 'delete_map', args: structuredClone(args) });
    const { id } = args;
    const gone = this.maps.find((m) => m.id === id);
    if (!gone) throw { code: 'not_found', message: `no map ${id}` } satisfies AppError;
    this.maps = this.maps.filter((m) => m.id !== id);
    this.trash.unshift({ id, title: gone.title, deleted_at: this.#now().toISOString(), cards: gone.cards });
    this.#trashed.set(id, gone);
    return null;
  }

  /** Maps in the trash, newest first. */
  trash: TrashedMap[] = [];
  #trashed = new Map<string, MapSummary>();

  /** Set to make the library "damaged": `library_problem` answers it until a restore. */
  problem: LibraryProblem | null = null;

  async library_problem(): Promise<LibraryProblem | null> {
    this.#record({ command: 'library_problem', args: {} });
    return structuredClone(this.problem);
  }

  async restore_library_backup(args: CommandArgs<'restore_library_backup'>): Promise<string | null> {
    this.#record({ command: 'restore_library_backup', args: structuredClone(args) });
    const { date } = args;
    if (!this.problem) throw { code: 'not_found', message: 'the library is fine' } satisfies AppError;
    const good = this.problem.backups.find((b) => (date === null ? b.good : b.date === date));
    if (!good?.good) throw { code: 'damaged', message: 'that backup is damaged too; choose another' } satisfies AppError;
    const aside = `${this.problem.path}.damaged-2026-11-23T10-00-00`;
    this.problem = null;
    return aside;
  }

  async list_trash(): Promise<TrashedMap[]> {
    this.#record({ command: 'list_trash', args: {} });
    return structuredClone(this.trash);
  }

  async restore_map(args: CommandArgs<'restore_map'>): Promise<null> {
    this.#record({ command: 'restore_map', args: structuredClone(args) });
    const { id } = args;
    const summary = this.#trashed.get(id);
    if (!summary) throw { code: 'not_found', message: `no map ${id} in the trash` } satisfies AppError;
    this.#trashed.delete(id);
    this.trash = this.trash.filter((t) => t.id !== id);
    this.maps.push(summary);
    return null;
  }

  async delete_forever(args: CommandArgs<'delete_forever'>): Promise<null> {
    this.#record({ command: 'delete_forever', args: structuredClone(args) });
    const { id } = args;
    if (!this.#trashed.delete(id)) throw { code: 'not_found', message: `no map ${id} in the trash` } satisfies AppError;
    this.trash = this.trash.filter((t) => t.id !== id);
    this.#open.delete(id);
    return null;
  }

  async empty_trash(): Promise<number> {
    this.#record({ command: 'empty_trash', args: {} });
    const n = this.trash.length;
    for (const t of this.trash) this.#open.delete(t.id);
    this.trash = [];
    this.#trashed.clear();
    return n;
  }

  async duplicate_map(args: CommandArgs<'duplicate_map'>): Promise<string> {
    this.#record({ command: 'duplicate_map', args: structuredClone(args) });
    const { id, title } = args;
    const source = this.maps.find((m) => m.id === id);
    if (!source) throw { code: 'not_found', message: `no map ${id}` } satisfies AppError;
    const copy = `map-${this.#nextId++}`;
    this.maps.push({ ...source, id: copy, title, updated_at: this.#now().toISOString() });
    const open = this.#open.get(id);
    if (open) this.#openFrom({ ...structuredClone(open.rust.view.map), id: copy, title });
    return copy;
  }

  async rename_map(args: CommandArgs<'rename_map'>): Promise<null> {
    this.#record({ command: 'rename_map', args: structuredClone(args) });
    const { id, title } = args;
    const summary = this.maps.find((m) => m.id === id);
    if (!summary) throw { code: 'not_found', message: `no map ${id}` } satisfies AppError;
    summary.title = title;
    const open = this.#open.get(id);
    if (open) this.#step(open, { op: 'edit', edit: { type: 'set_title', title } });
    return null;
  }

  async search_maps(args: CommandArgs<'search_maps'>): Promise<SearchHit[]> {
    this.#record({ command: 'search_maps', args: structuredClone(args) });
    const { query } = args;
    const fold = (s: string) =>
      s
        .toLowerCase()
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '');
    const words = fold(query).split(/\s+/).filter(Boolean);
    if (words.length === 0) return [];
    const hits: SearchHit[] = [];
    for (const m of this.maps) {
      const cards = this.#open.get(m.id)?.view.map.cards.map((c) => c.text) ?? [];
      const inTitle = words.every((w) => fold(m.title).includes(w));
      const found = words.every((w) => fold(m.title).includes(w) || cards.some((c) => fold(c).includes(w)));
      if (!found) continue;
      const snippets = cards.filter((c) => words.some((w) => fold(c).includes(w))).slice(0, 3);
      hits.push({ id: m.id, title: m.title, in_title: inTitle, snippets });
    }
    return hits.sort((a, b) => Number(b.in_title) - Number(a.in_title));
  }

  async map_thumbnail(args: CommandArgs<'map_thumbnail'>): Promise<string> {
    this.#record({ command: 'map_thumbnail', args: structuredClone(args) });
    const { id } = args;
    if (!this.maps.some((m) => m.id === id)) throw { code: 'not_found', message: `no map ${id}` } satisfies AppError;
    return TINY_PNG;
  }

  async template_preview(args: CommandArgs<'template_preview'>): Promise<string> {
    this.#record({ command: 'template_preview', args: structuredClone(args) });
    return TINY_PNG;
  }

  async open_example(): Promise<string> {
    this.#record({ command: 'open_example', args: {} });
    const id = `map-${this.#nextId++}`;
    this.maps.push({ id, title: 'Compra de zapatillas online', updated_at: this.#now().toISOString(), cards: 15, bytes: 9000 });
    return id;
  }

  /** Files the next `take_opened_files` hands over. */
  openedFiles: OpenedFile[] = [];
  /** What the next dialogs answer, in order: a path (or a photo data URI), or null for Cancel. */
  dialogAnswers: (string | null)[] = [];

  async take_opened_files(): Promise<OpenedFile[]> {
    this.#record({ command: 'take_opened_files', args: {} });
    return this.openedFiles.splice(0);
  }

  async open_file(args: CommandArgs<'open_file'>): Promise<OpenedFile | null> {
    this.#record({ command: 'open_file', args: structuredClone(args) });
    const path = this.dialogAnswers.shift() ?? null;
    if (path === null) return null;
    const file = this.openedFiles.shift();
    return file ?? { path, id: null, error: { code: 'invalid_input', message: 'not a .travesia file', issues: [], summary: null, valid_part: null } };
  }

  async import_valid_part(args: CommandArgs<'import_valid_part'>): Promise<string> {
    this.#record({ command: 'import_valid_part', args: structuredClone(args) });
    const id = `map-${this.#nextId++}`;
    // The example, as Rust answers it: its valid part opens as the example does.
    this.maps.push({ id, title: 'Compra de zapatillas online', updated_at: this.#now().toISOString(), cards: 15, bytes: 9000 });
    return id;
  }

  async save_map_file(args: CommandArgs<'save_map_file'>): Promise<string | null> {
    this.#record({ command: 'save_map_file', args: structuredClone(args) });
    return this.dialogAnswers.shift() ?? null;
  }

  /** What `read_worksheet` answers next (after the dialog's answer, a path): an edit and its words, or a refusal. */
  worksheetAnswers: Omit<SheetMerge, 'path'>[] = [];

  async read_worksheet(args: CommandArgs<'read_worksheet'>): Promise<SheetMerge | null> {
    this.#record({ command: 'read_worksheet', args: structuredClone(args) });
    const path = this.dialogAnswers.shift() ?? null;
    if (path === null) return null;
    const answer = this.worksheetAnswers.shift() ?? { edit: null, words: 'La hoja dice lo mismo que el mapa: no cambia nada.', error: null };
    return { path, ...answer };
  }

  async pick_photo(args: CommandArgs<'pick_photo'>): Promise<string | null> {
    this.#record({ command: 'pick_photo', args: structuredClone(args) });
    return this.dialogAnswers.shift() ?? null;
  }

  async pick_logo(args: CommandArgs<'pick_logo'>): Promise<string | null> {
    this.#record({ command: 'pick_logo', args: structuredClone(args) });
    return this.dialogAnswers.shift() ?? null;
  }

  async pick_image(args: CommandArgs<'pick_image'>): Promise<string | null> {
    this.#record({ command: 'pick_image', args: structuredClone(args) });
    return this.dialogAnswers.shift() ?? null;
  }

  async export_preview(args: CommandArgs<'export_preview'>): Promise<ExportPreview> {
    this.#record({ command: 'export_preview', args: structuredClone(args) });
    const { options } = args;
    const tiles = options.tile ? 6 : 0;
    return {
      image: TINY_PNG,
      image_w: 600,
      image_h: 424,
      sheets: Array.from({ length: tiles }, (_, i) => ({ x: (i % 3) * 200, y: Math.floor(i / 3) * 212, w: 200, h: 212 })),
      pages: Math.max(1, tiles),
      width_mm: 841,
      height_mm: 594,
      width_px: options.format === 'png' ? Math.round((841 / 25.4) * options.dpi) : 0,
      height_px: options.format === 'png' ? Math.round((594 / 25.4) * options.dpi) : 0,
      bytes: options.format === 'png' ? 9_000_000 : 110_000,
      bytes_exact: options.format !== 'png',
      smallest_text_pt: 9.5,
      missing_glyphs: '',
      // What a CSV leaves out, as Rust says it of a map with routes.
      left_out: options.format === 'csv' ? ['2 rutas'] : [],
    };
  }

  #exportListeners = new Set<(p: ExportProgress) => void>();
  #menuListeners = new Set<(id: MenuId) => void>();
  #filesListeners = new Set<() => void>();
  #cancelled = false;

  async export_map(args: CommandArgs<'export_map'>): Promise<ExportDone | null> {
    this.#record({ command: 'export_map', args: structuredClone(args) });
    const path = this.dialogAnswers.shift() ?? null;
    if (path === null) return null;
    this.#cancelled = false;
    for (const fraction of [0.25, 0.5, 0.75, 1]) {
      await this.#gate({ command: 'export_map', args: structuredClone(args) }).catch(() => undefined);
      this.calls.pop();
      if (this.#cancelled) throw { code: 'cancelled', message: 'the export was cancelled' } satisfies AppError;
      for (const l of this.#exportListeners) l({ fraction });
    }
    return { path, bytes: 110_000 };
  }

  async cancel_export(): Promise<null> {
    this.#record({ command: 'cancel_export', args: {} });
    this.#cancelled = true;
    return null;
  }

  async show_last_export(): Promise<null> {
    this.#record({ command: 'show_last_export', args: {} });
    return null;
  }

  snapshots = new Map<string, { info: SnapshotInfo; map: JourneyMap }[]>();
  #nextSnapshot = 1;

  async take_snapshot(args: CommandArgs<'take_snapshot'>): Promise<SnapshotInfo[]> {
    this.#record({ command: 'take_snapshot', args: structuredClone(args) });
    const { id, name } = args;
    const state = this.#state(id);
    const list = this.snapshots.get(id) ?? [];
    list.unshift({
      info: { id: this.#nextSnapshot++, name, created_at: this.#now().toISOString(), cards: state.view.map.cards.length },
      map: structuredClone(state.view.map),
    });
    this.snapshots.set(id, list);
    return list.map((s) => structuredClone(s.info));
  }

  async list_snapshots(args: CommandArgs<'list_snapshots'>): Promise<SnapshotInfo[]> {
    this.#record({ command: 'list_snapshots', args: structuredClone(args) });
    const { id } = args;
    return (this.snapshots.get(id) ?? []).map((s) => structuredClone(s.info));
  }

  async snapshot_preview(args: CommandArgs<'snapshot_preview'>): Promise<string> {
    this.#record({ command: 'snapshot_preview', args: structuredClone(args) });
    const { id, snapshot } = args;
    if (!(this.snapshots.get(id) ?? []).some((s) => s.info.id === snapshot))
      throw { code: 'not_found', message: `no snapshot ${snapshot}` } satisfies AppError;
    return TINY_PNG;
  }

  /** Comparisons as a test sets them: the answer for any two states of a map (its view's Scene and no change when unset). */
  comparisons = new Map<string, ComparisonView>();

  async compare_versions(args: CommandArgs<'compare_versions'>): Promise<ComparisonView> {
    await this.#gate({ command: 'compare_versions', args: structuredClone(args) });
    const set = this.comparisons.get(args.id);
    if (set) return structuredClone(set);
    const { scene } = this.#state(args.id).view;
    return { scene: structuredClone(scene), comparison: { stages: [], lanes: [], cards: [] }, title: '' };
  }

  async export_comparison(args: CommandArgs<'export_comparison'>): Promise<ExportDone | null> {
    this.#record({ command: 'export_comparison', args: structuredClone(args) });
    const path = this.dialogAnswers.shift() ?? null;
    return path === null ? null : { path, bytes: 90_000 };
  }

  async restore_snapshot(args: CommandArgs<'restore_snapshot'>): Promise<ViewUpdate> {
    await this.#gate({ command: 'restore_snapshot', args: structuredClone(args) });
    const { id, snapshot } = args;
    const found = (this.snapshots.get(id) ?? []).find((s) => s.info.id === snapshot);
    if (!found) throw { code: 'not_found', message: `no snapshot ${snapshot}` } satisfies AppError;
    // Rust restores a version as one edit that replaces the map.
    return this.#step(this.#state(id), { op: 'edit', edit: { type: 'replace_map', map: structuredClone(found.map) } });
  }

  async set_route_visible(args: CommandArgs<'set_route_visible'>): Promise<ViewUpdate> {
    await this.#gate({ command: 'set_route_visible', args: structuredClone(args) });
    const { id, route, visible } = args;
    return this.#step(this.#state(id), { op: 'route', route, visible });
  }

  async set_persona_filter(args: CommandArgs<'set_persona_filter'>): Promise<ViewUpdate> {
    await this.#gate({ command: 'set_persona_filter', args: structuredClone(args) });
    const { id, persona } = args;
    return this.#step(this.#state(id), { op: 'persona', persona });
  }

  /** The menu as the UI last set it. */
  menuState: { lang: string; mapOpen: boolean; canUndo: boolean; canRedo: boolean } | null = null;
  fullscreen = false;
  quitCalled = false;

  async set_menu_state(args: CommandArgs<'set_menu_state'>): Promise<null> {
    this.#record({ command: 'set_menu_state', args: structuredClone(args) });
    const { lang, mapOpen, canUndo, canRedo } = args;
    this.menuState = { lang, mapOpen, canUndo, canRedo };
    return null;
  }

  async set_fullscreen(args: CommandArgs<'set_fullscreen'>): Promise<null> {
    this.#record({ command: 'set_fullscreen', args: structuredClone(args) });
    const { on } = args;
    this.fullscreen = on;
    return null;
  }

  async quit_app(): Promise<null> {
    this.#record({ command: 'quit_app', args: {} });
    this.quitCalled = true;
    return null;
  }

  /** The maps print_map was asked to print; it answers `printAnswer`. */
  printed: string[] = [];
  printAnswer = true;

  async print_map(args: CommandArgs<'print_map'>): Promise<boolean> {
    this.#record({ command: 'print_map', args: structuredClone(args) });
    this.#state(args.id);
    if (this.printAnswer) this.printed.push(args.id);
    return this.printAnswer;
  }

  /** What each copy_image put on the clipboard: the map and the cards. */
  copiedImages: { id: string; cards: string[] }[] = [];

  async copy_image(args: CommandArgs<'copy_image'>): Promise<{ width: number; height: number }> {
    this.#record({ command: 'copy_image', args: structuredClone(args) });
    this.#state(args.id);
    this.copiedImages.push(structuredClone(args));
    return args.cards.length > 0 ? { width: 640, height: 280 } : { width: 2400, height: 1600 };
  }

  async open_logs_folder(): Promise<null> {
    this.#record({ command: 'open_logs_folder', args: {} });
    return null;
  }

  async onMenu(handler: (id: MenuId) => void): Promise<Unlisten> {
    this.#menuListeners.add(handler);
    return () => this.#menuListeners.delete(handler);
  }

  async onFilesOpened(handler: () => void): Promise<Unlisten> {
    this.#filesListeners.add(handler);
    return () => this.#filesListeners.delete(handler);
  }

  async onExportProgress(handler: (progress: ExportProgress) => void): Promise<Unlisten> {
    this.#exportListeners.add(handler);
    return () => this.#exportListeners.delete(handler);
  }

  #dropListeners = new Set<(drop: ImageDrop) => void>();
  /** The photo each dropped image's token makes. */
  droppedImages = new Map<number, string>();

  async onImageDropped(handler: (drop: ImageDrop) => void): Promise<Unlisten> {
    this.#dropListeners.add(handler);
    return () => this.#dropListeners.delete(handler);
  }

  /** Acts as if an image was dropped on the window at (x, y); it makes `photo`. */
  dropImage(drop: ImageDrop, photo: string): void {
    this.droppedImages.set(drop.token, photo);
    for (const l of this.#dropListeners) l(drop);
  }

  async dropped_photo(args: CommandArgs<'dropped_photo'>): Promise<string> {
    this.#record({ command: 'dropped_photo', args: structuredClone(args) });
    return this.#takeDropped(args.token);
  }

  async dropped_image(args: CommandArgs<'dropped_image'>): Promise<string> {
    this.#record({ command: 'dropped_image', args: structuredClone(args) });
    return this.#takeDropped(args.token);
  }

  #takeDropped(token: number): string {
    const photo = this.droppedImages.get(token);
    if (photo === undefined) throw { code: 'not_found', message: 'that dropped image is no longer kept' } satisfies AppError;
    this.droppedImages.delete(token);
    return photo;
  }

  /** Acts as if a native menu item was chosen. */
  chooseMenu(id: MenuId): void {
    for (const l of this.#menuListeners) l(id);
  }

  /** Acts as if files were opened from outside (they wait in `openedFiles`). */
  announceOpenedFiles(files: OpenedFile[]): void {
    this.openedFiles.push(...files);
    for (const l of this.#filesListeners) l();
  }

  async open_map(args: CommandArgs<'open_map'>): Promise<MapView> {
    await this.#gate({ command: 'open_map', args: structuredClone(args) });
    const { id } = args;
    return structuredClone(this.#state(id).view);
  }

  async apply_edit(args: CommandArgs<'apply_edit'>): Promise<ViewUpdate> {
    await this.#gate({ command: 'apply_edit', args: structuredClone(args) });
    return this.#step(this.#state(args.id), { op: 'edit', edit: args.edit });
  }

  /** As Rust answers it: the view after the edit, on a line of its own; nothing is kept. */
  async preview_edit(args: CommandArgs<'preview_edit'>): Promise<ViewUpdate> {
    await this.#gate({ command: 'preview_edit', args: structuredClone(args) });
    const answer = this.#state(args.id).rust.peek({ op: 'edit', edit: args.edit });
    if ('error' in answer) throw answer.error;
    return { kind: 'full', view: structuredClone(answer.view) };
  }

  /**
   * What `cards_ahead` answers: by default no look (the page then waits for the edit's answer, as
   * it does when Rust has not answered yet); a test sets its own.
   */
  answerAhead: ((args: CommandArgs<'cards_ahead'>, view: MapView) => CardsAhead) | null = null;

  async cards_ahead(args: CommandArgs<'cards_ahead'>): Promise<CardsAhead> {
    this.#record({ command: 'cards_ahead', args: structuredClone(args) });
    const view = this.#state(args.id).view;
    // An editor's timer left over from a test that has ended asks too: answered with nothing, so
    // that it takes nothing from the next test's answers (its asks come when they come).
    const live = this.#test === testsEnded;
    return this.answerAhead && live ? this.answerAhead(args, view) : { base: view.rev, looks: [], patches: [] };
  }

  async undo_edit(args: CommandArgs<'undo_edit'>): Promise<ViewUpdate> {
    await this.#gate({ command: 'undo_edit', args: structuredClone(args) });
    return this.#step(this.#state(args.id), { op: 'undo' });
  }

  async redo_edit(args: CommandArgs<'redo_edit'>): Promise<ViewUpdate> {
    await this.#gate({ command: 'redo_edit', args: structuredClone(args) });
    return this.#step(this.#state(args.id), { op: 'redo' });
  }

  async map_history(args: CommandArgs<'map_history'>): Promise<HistoryEntry[]> {
    this.#record({ command: 'map_history', args: structuredClone(args) });
    const at = this.#now().toISOString();
    return this.#state(args.id).steps.map((s, i) => ({ seq: i + 1, summary: s.summary, created_at: at, undone: s.undone }));
  }

  /** As Rust does it: undo or redo, one stored step at a time, until step `seq` is the last done. */
  async go_to_step(args: CommandArgs<'go_to_step'>): Promise<ViewUpdate> {
    await this.#gate({ command: 'go_to_step', args: structuredClone(args) });
    const state = this.#state(args.id);
    let answer: ViewUpdate = { kind: 'full', view: structuredClone(state.view) };
    for (;;) {
      const done = state.steps.filter((s) => !s.undone).length;
      if (done > args.seq) answer = this.#step(state, { op: 'undo' });
      else if (done < args.seq && done < state.steps.length) answer = this.#step(state, { op: 'redo' });
      else return answer;
    }
  }

  /**
   * Takes a step on an open map and answers as Rust did: its view afterwards
   * (the whole view, which the page takes as the real side's patches), or
   * its refusal. A view handed over with `nextView` is answered instead.
   */
  #step(state: MapState, op: Op): ViewUpdate {
    const next = this.#nextViews.shift();
    if (next) return this.#answer(state, next);
    const answer = state.rust.step(op);
    if ('error' in answer) throw answer.error;
    this.#keepStep(state, op, answer.view);
    return this.#answer(state, answer.view);
  }

  /** The history after `op` was stored, as Rust's table has it. */
  #keepStep(state: MapState, op: Op, view: MapView): void {
    if (op.op === 'edit') {
      state.steps = state.steps.filter((s) => !s.undone);
      state.steps.push({ summary: view.history.undo ?? null, undone: false });
    } else if (op.op === 'undo') {
      const last = [...state.steps].reverse().find((s) => !s.undone);
      if (last) last.undone = true;
    } else if (op.op === 'redo') {
      const first = state.steps.find((s) => s.undone);
      if (first) first.undone = false;
    }
  }

  #answer(state: MapState, view: MapView): ViewUpdate {
    state.view = view;
    const summary = this.maps.find((m) => m.id === view.id);
    if (summary) {
      summary.title = view.map.title;
      summary.cards = view.map.cards.length;
    }
    return { kind: 'full', view: structuredClone(view) };
  }

  /** Opens `map` as Rust opens it (a map made from a template, a copy). */
  #openFrom(map: JourneyMap): MapState {
    const rust = new Lineage(map);
    const state: MapState = { view: structuredClone(rust.view), rust, steps: [] };
    this.#open.set(rust.view.id, state);
    return state;
  }

  /** The open state of a map; a listed map never opened opens empty. */
  #state(id: string): MapState {
    const state = this.#open.get(id);
    if (state) return state;
    const summary = this.maps.find((m) => m.id === id);
    if (!summary) throw { code: 'not_found', message: `no map ${id}` } satisfies AppError;
    return this.#openFrom({ id, title: summary.title, stages: [], lanes: [], cards: [] });
  }

  async #gate(call: MockCall): Promise<void> {
    this.#record(call);
    if (this.#paused) await new Promise<void>((go) => this.#waiting.push(go));
  }

  #record(call: MockCall): void {
    this.calls.push(call);
    const failure = this.#failures.get(call.command);
    if (failure) {
      this.#failures.delete(call.command);
      throw structuredClone(failure);
    }
  }
}
