import type { AppError, MapSummary, TemplateInfo } from '../bindings';
import type { Backend } from './backend';

/** One call as the Tauri command would have received it. */
export type MockCall =
  | { command: 'list_maps'; args: Record<string, never> }
  | { command: 'list_templates'; args: { lang: string } }
  | { command: 'create_map'; args: { template: string; lang: string; title: string | null } }
  | { command: 'delete_map'; args: { id: string } };

export type MockCommand = MockCall['command'];

export interface MockOptions {
  maps?: MapSummary[];
  templates?: TemplateInfo[];
  /** The clock used for `updated_at` of created maps. */
  now?: () => Date;
}

/**
 * An in-memory library that behaves like the Rust side for the UI's purposes:
 * it keeps maps, creates them from templates, records every call with the
 * argument names of the real commands, and can be told to fail a command.
 */
export class MockBackend implements Backend {
  maps: MapSummary[];
  templates: TemplateInfo[];
  readonly calls: MockCall[] = [];

  #failures = new Map<MockCommand, AppError>();
  #nextId = 1;
  #now: () => Date;

  constructor(options: MockOptions = {}) {
    this.maps = structuredClone(options.maps ?? []);
    this.templates = structuredClone(options.templates ?? []);
    this.#now = options.now ?? (() => new Date());
  }

  /** The next call of `command` rejects with `error` (once). */
  failNext(command: MockCommand, error: AppError): void {
    this.#failures.set(command, error);
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
    this.maps.push({
      id,
      title: title ?? source.title,
      updated_at: this.#now().toISOString(),
      cards: source.cards,
    });
    return id;
  }

  async deleteMap(id: string): Promise<void> {
    this.#record({ command: 'delete_map', args: { id } });
    const before = this.maps.length;
    this.maps = this.maps.filter((m) => m.id !== id);
    if (this.maps.length === before) throw { code: 'not_found', message: `no map ${id}` } satisfies AppError;
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
