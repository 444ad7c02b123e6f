import type { Card, Edit, JourneyMap, Route, Target } from './bindings';
import type { Editor } from './editor.svelte';
import { combine, idMaker } from './edits';
import { isTouchpoints } from './kinds';
import { isColor, STRONG_COLORS } from './palette';
import type { Picker, PickerKey } from './tool.svelte';

/*
 * Routes (docs/FORMAT.md, "Route"): named, coloured paths through touchpoint cards,
 * such as webrooming (an ad on the phone, the website on the PC, the purchase
 * in the store) or showrooming (seen in the store, compared on the phone,
 * bought online). Rust draws them as connectors with a legend; this is the
 * state behind the panel that makes and edits them, and behind recording a
 * route by clicking its cards on the canvas.
 */

/** The longest name a route may have, in characters (`TITLE_MAX` in validate.rs). */
export const NAME_MAX = 200;
/** A new route needs this many steps: a path goes from one card to another. */
export const MIN_STEPS = 2;
/** The colour Rust draws a route without one in (layout, `poster.rs`). */
export const DEFAULT_ROUTE_COLOR = '#1971C2';

/**
 * Why a card cannot be the next step:
 * - `not_card`: the click was not on a card;
 * - `missing`: the card is no longer in the map;
 * - `not_touchpoint`: the card is not in a touchpoints lane (a route is "an
 *   ordered path through touchpoint cards", docs/FORMAT.md);
 * - `repeat`: it is the step just before (a connector from a card to itself).
 */
export type StepProblem = 'not_card' | 'missing' | 'not_touchpoint' | 'repeat';
export type NameProblem = 'name_empty' | 'name_too_long';

/** What the panel or the banner says about the last thing that was refused. */
export interface Notice {
  kind: StepProblem | NameProblem | 'too_few';
  /** The card the notice is about, when there is one. */
  card: string | null;
}

/** Steps being clicked on the canvas, for a new route or added to an existing one. */
export interface Recording {
  /** The map the steps belong to: leaving it ends the recording. */
  mapId: string;
  /** The route the steps are added to; null for a new route, made on finishing. */
  route: string | null;
  name: string;
  color: string | null;
  steps: string[];
}

/** What the panel shows. */
export type PanelView = { kind: 'list' } | { kind: 'new' } | { kind: 'edit'; id: string };

const LIST: PanelView = { kind: 'list' };

/** Why `name` cannot name a route, or null. Rust counts characters, not UTF-16 units. */
export function nameProblem(name: string): NameProblem | null {
  if (name.trim() === '') return 'name_empty';
  if ([...name].length > NAME_MAX) return 'name_too_long';
  return null;
}

/** Whether `card` is in a touchpoints lane. */
export function isTouchpoint(map: JourneyMap, card: Card): boolean {
  return map.lanes.some((l) => l.id === card.lane && isTouchpoints(l.kind));
}

/** Why `cardId` cannot follow `previous` in a route, or null when it can. */
export function stepProblem(map: JourneyMap, cardId: string, previous: string | null): StepProblem | null {
  const card = map.cards.find((c) => c.id === cardId);
  if (!card) return 'missing';
  if (!isTouchpoint(map, card)) return 'not_touchpoint';
  if (cardId === previous) return 'repeat';
  return null;
}

/** How many times a list of steps has the same card twice in a row (a file may bring some). */
export function repeats(steps: readonly string[]): number {
  return steps.filter((s, i) => i > 0 && s === steps[i - 1]).length;
}

/** The card that a change from `before` to `after` puts twice in a row, or null when it adds no such pair. */
export function newRepeat(before: readonly string[], after: readonly string[]): string | null {
  if (repeats(after) <= repeats(before)) return null;
  return after.find((s, i) => i > 0 && s === after[i - 1]) ?? null;
}

/** The steps after moving one from `from` to `to` (as `move_route_step` does). */
export function movedSteps(steps: readonly string[], from: number, to: number): string[] {
  const next = [...steps];
  const [step] = next.splice(from, 1);
  if (step !== undefined) next.splice(to, 0, step);
  return next;
}

/** A colour for a new route: the first strong colour no route uses yet, starting with blue. */
export function suggestColor(routes: readonly Route[]): string {
  const used = new Set(routes.map((r) => (r.color ?? DEFAULT_ROUTE_COLOR).toUpperCase()));
  const order = [...STRONG_COLORS.slice(1), STRONG_COLORS[0]!];
  return (order.find((s) => !used.has(s.hex)) ?? order[0]!).hex;
}

/**
 * The routes of the open map: the panel (list, new, edit), recording steps
 * by clicking touchpoint cards, and visibility. Every change is one `Edit`
 * through the editor (one undo step); a new route with all its steps is one
 * `insert_route`, and steps added to a route together are one batch.
 * While recording, this is the canvas's `Picker`.
 */
export class Routes implements Picker {
  /** The panel is open. */
  open = $state(false);
  view = $state.raw<PanelView>(LIST);
  #recording = $state.raw<Recording | null>(null);
  notice = $state.raw<Notice | null>(null);
  /** The recorded steps are being stored. */
  sending = $state(false);
  /** The route the last recording made, while the panel shows the list it is in. */
  made = $state<string | null>(null);
  /** Routes whose visibility is being changed. */
  toggling = $state.raw<ReadonlySet<string>>(new Set());

  readonly #editor: Editor;

  constructor(editor: Editor) {
    this.#editor = editor;
  }

  /** The routes of the open map, in order. */
  get list(): Route[] {
    return this.#editor.map?.routes ?? [];
  }

  /** The recording in progress on the open map, if any. */
  get recording(): Recording | null {
    const rec = this.#recording;
    return rec && rec.mapId === this.#editor.view?.id ? rec : null;
  }

  /** The route being edited in the panel, while it exists. */
  get editing(): Route | null {
    const v = this.view;
    return v.kind === 'edit' ? (this.list.find((r) => r.id === v.id) ?? null) : null;
  }

  /** The panel's view, falling back to the list when the route it shows is gone (an undo). */
  get shown(): PanelView {
    return this.view.kind === 'edit' && !this.editing ? LIST : this.view;
  }

  route(id: string): Route | undefined {
    return this.list.find((r) => r.id === id);
  }

  isVisible(id: string): boolean {
    return !(this.#editor.view?.hidden_routes ?? []).includes(id);
  }

  /** The cards that may be steps (those in touchpoints lanes), in map order. */
  get touchpoints(): Card[] {
    const map = this.#editor.map;
    return map ? map.cards.filter((c) => isTouchpoint(map, c)) : [];
  }

  // --- The panel ------------------------------------------------------------------

  show(): void {
    if (!this.#editor.view) return;
    this.open = true;
  }

  /** Closes the panel; a recording in progress is cancelled. */
  hide(): void {
    this.cancel();
    this.open = false;
    this.view = LIST;
    this.notice = null;
  }

  toggle(): void {
    if (this.open) this.hide();
    else this.show();
  }

  showList(): void {
    this.view = LIST;
    this.notice = null;
  }

  /** The form for a new route's name and colour. */
  showNew(): void {
    this.made = null;
    this.cancel();
    this.view = { kind: 'new' };
    this.notice = null;
  }

  edit(id: string): void {
    if (!this.route(id)) return;
    this.cancel();
    this.view = { kind: 'edit', id };
    this.notice = null;
  }

  // --- Recording --------------------------------------------------------------------

  /** Starts recording a new route; refused (with a notice) for a name Rust would refuse. */
  start(name: string, color: string | null): boolean {
    const mapId = this.#editor.view?.id;
    if (!mapId) return false;
    const problem = nameProblem(name);
    if (problem) {
      this.notice = { kind: problem, card: null };
      return false;
    }
    this.#recording = { mapId, route: null, name: name.trim(), color: color && isColor(color) ? color.toUpperCase() : null, steps: [] };
    this.notice = null;
    return true;
  }

  /** Starts recording steps to add at the end of route `id`. */
  addSteps(id: string): boolean {
    const mapId = this.#editor.view?.id;
    const route = this.route(id);
    if (!mapId || !route) return false;
    this.#recording = { mapId, route: id, name: route.name, color: route.color ?? null, steps: [] };
    this.view = { kind: 'edit', id };
    this.notice = null;
    return true;
  }

  /** The step the next one follows: the last recorded, else the route's last one. */
  #previous(rec: Recording): string | null {
    if (rec.steps.length > 0) return rec.steps.at(-1)!;
    return rec.route ? (this.route(rec.route)?.steps.at(-1) ?? null) : null;
  }

  /** How many steps the route has before the recorded ones (numbers continue from there). */
  get offset(): number {
    const rec = this.recording;
    return rec?.route ? (this.route(rec.route)?.steps.length ?? 0) : 0;
  }

  /** Why a click on `target` would not add a step, or null when it would. */
  problem(target: Target | null): StepProblem | null {
    const rec = this.recording;
    const map = this.#editor.map;
    if (!rec || !map) return 'not_card';
    if (target?.kind !== 'card') return 'not_card';
    return stepProblem(map, target.id, this.#previous(rec));
  }

  accepts(target: Target | null): boolean {
    return this.problem(target) === null;
  }

  /** A click while recording: the card becomes the next step, or the notice says why not. */
  pick(target: Target | null): void {
    const rec = this.recording;
    if (!rec || this.sending) return;
    const problem = this.problem(target);
    if (problem) {
      this.notice = { kind: problem, card: target?.kind === 'card' ? target.id : null };
      return;
    }
    this.#recording = { ...rec, steps: [...rec.steps, (target as { id: string }).id] };
    this.notice = null;
  }

  /** Takes back the last recorded step (Backspace). */
  back(): void {
    const rec = this.recording;
    if (!rec || this.sending || rec.steps.length === 0) return;
    this.#recording = { ...rec, steps: rec.steps.slice(0, -1) };
    this.notice = null;
  }

  /** Drops the recording; nothing is sent (Esc). */
  cancel(): void {
    if (this.sending) return;
    this.#recording = null;
    this.notice = null;
  }

  /**
   * Stores what was recorded as one undo step: a new route with all its
   * steps in one `insert_route`, or the added steps in one batch of
   * `insert_route_step`. Steps whose card has gone meanwhile are left out.
   * If Rust refuses, the recording stays so nothing clicked is lost.
   */
  async finish(): Promise<boolean> {
    const rec = this.recording;
    const map = this.#editor.map;
    if (!rec || !map || this.sending) return false;
    const steps = rec.steps.filter((id) => map.cards.some((c) => c.id === id));
    let edit: Edit | null;
    let made: string;
    if (rec.route === null) {
      if (steps.length < MIN_STEPS) {
        this.notice = { kind: 'too_few', card: null };
        return false;
      }
      made = idMaker(map)('r');
      const route: Route = { id: made, name: rec.name, steps };
      if (rec.color) route.color = rec.color;
      edit = { type: 'insert_route', index: this.list.length, route };
    } else {
      const route = this.route(rec.route);
      if (!route) {
        this.#recording = null;
        return false;
      }
      made = route.id;
      edit = combine(
        steps.map((card, i): Edit => ({ type: 'insert_route_step', route: route.id, index: route.steps.length + i, card })),
      );
    }
    if (!edit) {
      // Nothing was added: there is nothing to store.
      this.#recording = null;
      this.notice = null;
      return false;
    }
    this.sending = true;
    const ok = await this.#editor.edit(edit);
    this.sending = false;
    if (ok) {
      this.#recording = null;
      this.notice = null;
      this.made = rec.route === null ? made : null;
      this.view = rec.route === null ? LIST : { kind: 'edit', id: made };
    }
    return ok;
  }

  /** Keys while recording: Enter finishes, Esc cancels, Backspace (or Ctrl+Z) takes back the last step. */
  key({ key, mod, shift, onCanvas }: PickerKey): boolean {
    if (!this.recording) return false;
    const k = key.length === 1 ? key.toLowerCase() : key;
    if (k === 'Escape') {
      this.cancel();
      return true;
    }
    if (mod && k === 'z' && !shift) {
      this.back();
      return true;
    }
    // Redoing an earlier edit under a route being drawn would only confuse; it waits.
    if (mod && (k === 'z' || k === 'y')) return true;
    // On a button Enter presses it and Backspace means nothing; these are for the canvas.
    if (!onCanvas || mod) return false;
    if (k === 'Enter') {
      void this.finish();
      return true;
    }
    if (k === 'Backspace' || k === 'Delete') {
      this.back();
      return true;
    }
    return false;
  }

  // --- Editing routes -------------------------------------------------------------------

  #send(edit: Edit): Promise<boolean> {
    this.notice = null;
    return this.#editor.edit(edit);
  }

  /** Renames a route; an empty or too long name is refused with a notice. */
  rename(id: string, name: string): Promise<boolean> {
    const route = this.route(id);
    if (!route) return Promise.resolve(false);
    const problem = nameProblem(name);
    if (problem) {
      this.notice = { kind: problem, card: null };
      return Promise.resolve(false);
    }
    const trimmed = name.trim();
    if (trimmed === route.name) return Promise.resolve(false);
    return this.#send({ type: 'update_route', id, patch: { name: trimmed } });
  }

  /** A new colour; null is the default blue. */
  recolor(id: string, color: string | null): Promise<boolean> {
    const route = this.route(id);
    if (!route || (color !== null && !isColor(color))) return Promise.resolve(false);
    const next = color?.toUpperCase() ?? null;
    if ((route.color?.toUpperCase() ?? null) === next) return Promise.resolve(false);
    return this.#send({ type: 'update_route', id, patch: { color: next } });
  }

  /** Moves a route up (−1) or down (+1) in the list and the legend. */
  moveRoute(id: string, by: -1 | 1): Promise<boolean> {
    const i = this.list.findIndex((r) => r.id === id);
    const to = i + by;
    if (i < 0 || to < 0 || to >= this.list.length) return Promise.resolve(false);
    return this.#send({ type: 'move_route', id, index: to });
  }

  deleteRoute(id: string): Promise<boolean> {
    if (!this.route(id)) return Promise.resolve(false);
    if (this.#recording?.route === id) this.cancel();
    if (this.view.kind === 'edit' && this.view.id === id) this.view = LIST;
    return this.#send({ type: 'delete_route', id });
  }

  /** Moves step `from` to `to`; refused when it would put a card twice in a row. */
  moveStep(id: string, from: number, to: number): Promise<boolean> {
    const route = this.route(id);
    if (!route || from === to || from < 0 || to < 0 || from >= route.steps.length || to >= route.steps.length) {
      return Promise.resolve(false);
    }
    const repeated = newRepeat(route.steps, movedSteps(route.steps, from, to));
    if (repeated) {
      this.notice = { kind: 'repeat', card: repeated };
      return Promise.resolve(false);
    }
    return this.#send({ type: 'move_route_step', route: id, from, to });
  }

  /** Removes step `index`; refused when its two neighbours are the same card (they would meet). */
  removeStep(id: string, index: number): Promise<boolean> {
    const route = this.route(id);
    if (!route || index < 0 || index >= route.steps.length) return Promise.resolve(false);
    const repeated = newRepeat(route.steps, route.steps.filter((_, i) => i !== index));
    if (repeated) {
      this.notice = { kind: 'repeat', card: repeated };
      return Promise.resolve(false);
    }
    return this.#send({ type: 'delete_route_step', route: id, index });
  }

  // --- Visibility -------------------------------------------------------------------------

  /** Shows or hides a route on screen and in exports; the answer is the new view. */
  async setVisible(id: string, visible: boolean): Promise<boolean> {
    if (!this.route(id) || this.isVisible(id) === visible || this.toggling.has(id)) return false;
    this.toggling = new Set([...this.toggling, id]);
    try {
      const editor = this.#editor;
      return await editor.request((mapId) => editor.backend.setRouteVisible(mapId, id, visible));
    } finally {
      const rest = new Set(this.toggling);
      rest.delete(id);
      this.toggling = rest;
    }
  }
}
