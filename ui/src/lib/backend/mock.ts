import type { AppError, Edit, JourneyMap, MapSummary, MapView, Scene, TemplateInfo } from '../bindings';
import { applyToMap } from '../testing/apply';
import type { Backend } from './backend';

/** One call as the Tauri command would have received it. */
export type MockCall =
  | { command: 'list_maps'; args: Record<string, never> }
  | { command: 'list_templates'; args: { lang: string } }
  | { command: 'create_map'; args: { template: string; lang: string; title: string | null } }
  | { command: 'delete_map'; args: { id: string } }
  | { command: 'open_map'; args: { id: string } }
  | { command: 'apply_edit'; args: { id: string; edit: Edit } }
  | { command: 'undo'; args: { id: string } }
  | { command: 'redo'; args: { id: string } }
  | { command: 'system_locale'; args: Record<string, never> }
  | { command: 'get_setting'; args: { key: string } }
  | { command: 'set_setting'; args: { key: string; value: string | null } }
  | { command: 'set_window_title'; args: { title: string } };

export type MockCommand = MockCall['command'];

export interface MockOptions {
  maps?: MapSummary[];
  templates?: TemplateInfo[];
  /** Open maps: `open_map` answers with these, and edits start from them. */
  views?: MapView[];
  /** The clock used for `updated_at` of created maps. */
  now?: () => Date;
  /**
   * Lays a map out again after each edit (the demo's rough stand-in for Rust).
   * Without it an edit changes the map but the Scene stays as it was, which is
   * what unit tests want unless they hand over the next view with `nextView`.
   */
  layout?: (map: JourneyMap) => Scene;
  /** The content of a map created from a template (the demo's sample maps). */
  makeMap?: (template: TemplateInfo, title: string) => JourneyMap;
  /** What `system_locale` answers (like LANG); empty by default. */
  locale?: string;
  /** Settings the library holds already. */
  settings?: Record<string, string>;
}

const EMPTY_SCENE: Scene = {
  width: 800,
  height: 600,
  background: '#FFFFFF',
  items: [],
  hits: [],
  warnings: [],
  min_font_size: 0,
  grid_left: 0,
  grid_top: 0,
};

/** Per open map: the view last answered and the maps to go back and forth to. */
interface MapState {
  view: MapView;
  undo: JourneyMap[];
  redo: JourneyMap[];
}

/**
 * An in-memory library that behaves like the Rust side for the UI's purposes:
 * it keeps maps, creates them from templates, records every call with the
 * argument names of the real commands, and can be told to fail a command.
 * Editing calls can be held back (`pause`) to test what the UI does meanwhile.
 */
export class MockBackend implements Backend {
  maps: MapSummary[];
  templates: TemplateInfo[];
  readonly calls: MockCall[] = [];

  #failures = new Map<MockCommand, AppError>();
  #nextId = 1;
  #now: () => Date;
  #open = new Map<string, MapState>();
  #nextViews: MapView[] = [];
  #layout: ((map: JourneyMap) => Scene) | undefined;
  #makeMap: ((template: TemplateInfo, title: string) => JourneyMap) | undefined;
  #paused = false;
  #waiting: (() => void)[] = [];
  #locale: string;
  readonly settings: Map<string, string>;

  constructor(options: MockOptions = {}) {
    this.#locale = options.locale ?? '';
    this.settings = new Map(Object.entries(options.settings ?? {}));
    this.maps = structuredClone(options.maps ?? []);
    this.templates = structuredClone(options.templates ?? []);
    this.#now = options.now ?? (() => new Date());
    this.#layout = options.layout;
    this.#makeMap = options.makeMap;
    for (const view of options.views ?? []) {
      this.#open.set(view.id, { view: structuredClone(view), undo: [], redo: [] });
      if (!this.maps.some((m) => m.id === view.id)) {
        this.maps.push({
          id: view.id,
          title: view.map.title,
          updated_at: view.map.updated_at ?? this.#now().toISOString(),
          cards: view.map.cards.length,
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

  async listMaps(): Promise<MapSummary[]> {
    this.#record({ command: 'list_maps', args: {} });
    return structuredClone(this.maps);
  }

  async listTemplates(lang: string): Promise<TemplateInfo[]> {
    this.#record({ command: 'list_templates', args: { lang } });
    // Like the real side: templates in the asked language, else all of them.
    const inLang = this.templates.filter((t) => t.lang === lang);
    return structuredClone(inLang.length > 0 ? inLang : this.templates);
  }

  async createMap(template: string, lang: string, title: string | null): Promise<string> {
    this.#record({ command: 'create_map', args: { template, lang, title } });
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
      cards: source.cards,
    });
    if (this.#makeMap) {
      const map = { ...this.#makeMap(source, name), id };
      this.#open.set(id, { view: this.#viewOf(id, map, { can_undo: false, can_redo: false }), undo: [], redo: [] });
    }
    return id;
  }

  async systemLocale(): Promise<string> {
    this.#record({ command: 'system_locale', args: {} });
    return this.#locale;
  }

  async getSetting(key: string): Promise<string | null> {
    this.#record({ command: 'get_setting', args: { key } });
    return this.settings.get(key) ?? null;
  }

  async setSetting(key: string, value: string | null): Promise<void> {
    this.#record({ command: 'set_setting', args: { key, value } });
    if (value === null) this.settings.delete(key);
    else this.settings.set(key, value);
  }

  /** The native window title as last set. */
  windowTitle = '';

  async setWindowTitle(title: string): Promise<void> {
    this.#record({ command: 'set_window_title', args: { title } });
    this.windowTitle = title;
  }

  async deleteMap(id: string): Promise<void> {
    this.#record({ command: 'delete_map', args: { id } });
    const before = this.maps.length;
    this.maps = this.maps.filter((m) => m.id !== id);
    this.#open.delete(id);
    if (this.maps.length === before) throw { code: 'not_found', message: `no map ${id}` } satisfies AppError;
  }

  async openMap(id: string): Promise<MapView> {
    await this.#gate({ command: 'open_map', args: { id } });
    return structuredClone(this.#state(id).view);
  }

  async applyEdit(id: string, edit: Edit): Promise<MapView> {
    await this.#gate({ command: 'apply_edit', args: { id, edit: structuredClone(edit) } });
    const state = this.#state(id);
    const next = this.#nextViews.shift();
    if (next) return this.#answer(state, next);
    const map = structuredClone(state.view.map);
    applyToMap(map, edit);
    state.undo.push(state.view.map);
    state.redo = [];
    return this.#answer(state, this.#viewOf(id, map, this.#history(state), state.view.scene));
  }

  async undo(id: string): Promise<MapView> {
    await this.#gate({ command: 'undo', args: { id } });
    const state = this.#state(id);
    const next = this.#nextViews.shift();
    if (next) return this.#answer(state, next);
    const previous = state.undo.pop();
    if (!previous) return structuredClone(state.view);
    state.redo.push(state.view.map);
    return this.#answer(state, this.#viewOf(id, previous, this.#history(state), state.view.scene));
  }

  async redo(id: string): Promise<MapView> {
    await this.#gate({ command: 'redo', args: { id } });
    const state = this.#state(id);
    const next = this.#nextViews.shift();
    if (next) return this.#answer(state, next);
    const following = state.redo.pop();
    if (!following) return structuredClone(state.view);
    state.undo.push(state.view.map);
    return this.#answer(state, this.#viewOf(id, following, this.#history(state), state.view.scene));
  }

  #history(state: MapState) {
    return { can_undo: state.undo.length > 0, can_redo: state.redo.length > 0 };
  }

  #answer(state: MapState, view: MapView): MapView {
    state.view = view;
    const summary = this.maps.find((m) => m.id === view.id);
    if (summary) {
      summary.title = view.map.title;
      summary.cards = view.map.cards.length;
    }
    return structuredClone(view);
  }

  #viewOf(id: string, map: JourneyMap, history: MapView['history'], scene?: Scene): MapView {
    return { id, map, scene: this.#layout ? this.#layout(map) : (scene ?? EMPTY_SCENE), history };
  }

  /** The open state of a map; a listed map never opened gets an empty one. */
  #state(id: string): MapState {
    let state = this.#open.get(id);
    if (!state) {
      const summary = this.maps.find((m) => m.id === id);
      if (!summary) throw { code: 'not_found', message: `no map ${id}` } satisfies AppError;
      const map: JourneyMap = { id, title: summary.title, stages: [], lanes: [], cards: [] };
      state = { view: this.#viewOf(id, map, { can_undo: false, can_redo: false }), undo: [], redo: [] };
      this.#open.set(id, state);
    }
    return state;
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
