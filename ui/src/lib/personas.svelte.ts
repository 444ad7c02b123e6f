import { toAppError } from './backend/backend';
import type { AppError, Edit, JourneyMap, OwnChannel, Persona, PersonaPatch } from './bindings';
import type { Editor } from './editor.svelte';
import { toScene } from './canvas/geometry';
import { hitTest } from './canvas/hit';
import { idMaker } from './edits';
import { CHANNELS } from './icons';

// Limits of the format (src-tauri/core/src/validate.rs), so a field never offers what Rust refuses.
export const NAME_MAX = 200;
export const QUOTE_MAX = 10_000;
export const LINE_MAX = 1_000;
export const LINES_MAX = 100;

/** The persona's list fields, edited line by line. */
export type PersonaList = 'goals' | 'frustrations';

export function personasOf(map: JourneyMap | null | undefined): Persona[] {
  return map?.personas ?? [];
}

/** Optional text as it is stored: trimmed, and null when nothing is left. */
export function optionalText(raw: string): string | null {
  const text = raw.trim();
  return text === '' ? null : text;
}

/** A list as it is stored: null when empty. */
function storedList(list: readonly string[] | null | undefined): string[] | null {
  return list && list.length > 0 ? [...list] : null;
}

function sameList(a: readonly string[] | null | undefined, b: readonly string[] | null | undefined): boolean {
  const x = a ?? [];
  const y = b ?? [];
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/**
 * The part of `changes` that really changes `persona`, normalized as stored
 * (empty optional text and empty lists become null); null when nothing does.
 * An empty name is never part of it: a persona always has one.
 */
export function personaPatch(persona: Persona, changes: PersonaPatch): PersonaPatch | null {
  const patch: PersonaPatch = {};
  if (changes.name !== undefined) {
    const name = changes.name.trim();
    if (name !== '' && name !== persona.name) patch.name = name;
  }
  for (const key of ['role', 'quote'] as const) {
    if (changes[key] === undefined) continue;
    const value = optionalText(changes[key] ?? '');
    if (value !== (persona[key] ?? null)) patch[key] = value;
  }
  for (const key of ['goals', 'frustrations', 'channels'] as const) {
    if (changes[key] === undefined) continue;
    const value = storedList(changes[key]);
    if (!sameList(value, persona[key])) patch[key] = value;
  }
  if (changes.color !== undefined) {
    const color = changes.color || null;
    if (color !== (persona.color ?? null)) patch.color = color;
  }
  if (changes.photo !== undefined) {
    const photo = changes.photo || null;
    if (photo !== (persona.photo ?? null)) patch.photo = photo;
  }
  return Object.keys(patch).length > 0 ? patch : null;
}

/** One update_persona edit with only what changes; null when nothing does. */
export function updatePersona(persona: Persona, changes: PersonaPatch): Edit | null {
  const patch = personaPatch(persona, changes);
  return patch ? { type: 'update_persona', id: persona.id, patch } : null;
}

/**
 * The list with line `index` set to `text` (trimmed): an index at the end adds
 * a line, an emptied line is taken out. Null when the list ends up empty.
 */
export function setLine(list: readonly string[] | null | undefined, index: number, text: string): string[] | null {
  const next = [...(list ?? [])];
  const line = text.trim();
  if (index >= next.length) {
    if (line !== '' && next.length < LINES_MAX) next.push(line);
  } else if (line === '') {
    next.splice(index, 1);
  } else {
    next[index] = line;
  }
  return storedList(next);
}

export function removeLine(list: readonly string[] | null | undefined, index: number): string[] | null {
  const next = [...(list ?? [])];
  next.splice(index, 1);
  return storedList(next);
}

/** The channels with `channel` on or off, in the order of the channel list (others kept at the end). */
export function toggleChannel(channels: readonly string[] | null | undefined, channel: string, on: boolean): string[] | null {
  const set = new Set(channels ?? []);
  if (on) set.add(channel);
  else set.delete(channel);
  const known: string[] = CHANNELS.filter((c) => set.has(c));
  const others = [...set].filter((c) => !(CHANNELS as readonly string[]).includes(c));
  return storedList([...known, ...others]);
}

/** A new persona with `name` at the end of the list; ids start with "p-" like the others (c-, s-, l-). */
export function insertPersona(map: JourneyMap, name: string, makeId = idMaker(map)): { edit: Edit; id: string } {
  const id = makeId('p');
  return { edit: { type: 'insert_persona', index: personasOf(map).length, persona: { id, name }, cards: [], steps: [] }, id };
}

/** The move one place up (−1) or down (+1); null at either end. */
export function movePersona(map: JourneyMap, id: string, by: -1 | 1): Edit | null {
  const list = personasOf(map);
  const from = list.findIndex((p) => p.id === id);
  const to = from + by;
  if (from < 0 || to < 0 || to >= list.length) return null;
  return { type: 'move_persona', id, index: to };
}

/** Up to two letters for a persona without a photo ("Ana Pérez" → "AP"). */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0]!, words.at(-1)!] : words;
  return letters.map((w) => [...w][0]!.toLocaleUpperCase()).join('');
}

/** Only PNG and JPEG data URIs are shown (what the format allows and pick_photo makes); anything else is not fetched. */
export function isPhoto(uri: string | null | undefined): uri is string {
  return !!uri && (uri.startsWith('data:image/png;base64,') || uri.startsWith('data:image/jpeg;base64,'));
}

/**
 * The personas drawer: whether it is open, which persona it shows, and the
 * edits it sends. Every change is one edit (one undo step) through the
 * editor; nothing is changed locally.
 */
export class PersonaPanel {
  open = $state(false);
  /** The persona shown in the form. */
  selected = $state<string | null>(null);
  /** The photo dialog is up. */
  picking = $state(false);
  /** The photo could not be picked (the edits' own errors go to the editor's banner). */
  error = $state<AppError | null>(null);
  /** Where the keyboard focus goes back to when the drawer closes. */
  returnTo: HTMLElement | null = null;

  readonly #editor: Editor;

  constructor(editor: Editor) {
    this.#editor = editor;
  }
  /** The map's own channels, which a persona can use too. */
  get ownChannels(): OwnChannel[] {
    return this.#editor.map?.channels ?? [];
  }


  get personas(): Persona[] {
    return personasOf(this.#editor.map);
  }

  /** The selected persona as the map has it now. */
  get current(): Persona | undefined {
    return this.personas.find((p) => p.id === this.selected);
  }

  /** Opens the drawer on `id` (or on the persona shown last, or the first one). */
  show(id?: string | null, from?: HTMLElement | null): void {
    if (!this.open) this.returnTo = from ?? null;
    const list = this.personas;
    const wanted = id ?? this.selected;
    this.selected = list.some((p) => p.id === wanted) ? wanted! : (list[0]?.id ?? null);
    this.error = null;
    this.open = true;
  }

  close(): void {
    this.open = false;
    this.error = null;
  }

  toggle(from?: HTMLElement | null): void {
    if (this.open) this.close();
    else this.show(null, from);
  }

  select(id: string): void {
    this.selected = id;
  }

  /** Adds a persona named `name` and shows it; resolves to its id, null when it was not stored. */
  async add(name: string): Promise<string | null> {
    const map = this.#editor.map;
    if (!map) return null;
    const { edit, id } = insertPersona(map, name);
    const ok = await this.#editor.edit(edit);
    if (ok) this.selected = id;
    return ok ? id : null;
  }

  /** Sends what `changes` really changes of persona `id` (nothing when nothing does); resolves to whether the map has it. */
  async update(id: string, changes: PersonaPatch): Promise<boolean> {
    const persona = this.personas.find((p) => p.id === id);
    if (!persona) return false;
    const edit = updatePersona(persona, changes);
    return edit ? this.#editor.edit(edit) : true;
  }

  move(id: string, by: -1 | 1): Promise<boolean> {
    const map = this.#editor.map;
    const edit = map ? movePersona(map, id, by) : null;
    return edit ? this.#editor.edit(edit) : Promise.resolve(false);
  }

  /** Deletes persona `id`; the form moves on to its neighbour. */
  async remove(id: string): Promise<boolean> {
    const list = this.personas;
    const at = list.findIndex((p) => p.id === id);
    if (at < 0) return false;
    const ok = await this.#editor.edit({ type: 'delete_persona', id });
    if (ok && this.selected === id) {
      const rest = this.personas;
      this.selected = rest[Math.min(at, rest.length - 1)]?.id ?? null;
    }
    return ok;
  }

  /** The native photo dialog (titled `dialogTitle`); the chosen photo, re-encoded by Rust, becomes persona `id`'s. */
  async pickPhoto(id: string, dialogTitle: string): Promise<boolean> {
    if (this.picking) return false;
    this.picking = true;
    try {
      return await this.#setPhoto(id, () => this.#editor.backend.pickPhoto(dialogTitle));
    } finally {
      this.picking = false;
    }
  }

  /** An image dropped on persona `id` (the `image-dropped` event's token) becomes its photo: one edit. */
  photoFromDrop(id: string, token: number): Promise<boolean> {
    return this.#setPhoto(id, () => this.#editor.backend.droppedPhoto(token));
  }

  /** The photo `get` answers (re-encoded by Rust; null for none chosen) becomes persona `id`'s. */
  async #setPhoto(id: string, get: () => Promise<string | null>): Promise<boolean> {
    this.error = null;
    try {
      const photo = await get();
      if (photo === null) return false;
      return await this.update(id, { photo });
    } catch (thrown) {
      this.error = toAppError(thrown);
      return false;
    }
  }

  dismissError(): void {
    this.error = null;
  }
}

/**
 * The persona under a point of the page (CSS pixels), where an image was
 * dropped: one the drawer shows (any element that names it), or one drawn in
 * the map's header on the canvas. Null when there is none.
 */
export function personaAt(x: number, y: number, editor: Editor): string | null {
  const el = document.elementFromPoint(x, y);
  const named = el?.closest<HTMLElement>('[data-persona-id]')?.dataset.personaId;
  if (named) return named;
  const canvas = document.querySelector<HTMLElement>('[data-testid="canvas"]');
  const scene = editor.view?.scene;
  if (!canvas || !scene || !el || !canvas.contains(el)) return null;
  const r = canvas.getBoundingClientRect();
  const hit = hitTest(scene.hits, toScene(editor.viewport, { x: x - r.left, y: y - r.top }), ['persona']);
  return hit?.target.kind === 'persona' ? hit.target.id : null;
}
