import type { Card, Edit, Hit, Target } from './bindings';
import { curveFields, curveOf, pointAt, type CurveKey } from './curves';
import { cardDrop, laneSlots, reorder, stageSlots, type CardDrop, type Reorder } from './canvas/drop';
import { boxFrom, distance, toScene, type Box, type Point, type View } from './canvas/geometry';
import { hitTest, pointHit } from './canvas/hit';
import { cardsInBox, toggle, union } from './canvas/select';
import { dragWidth, stageGrip, type Grip } from './canvas/resize';
import { plotBand, snapScore, type Band } from './canvas/snap';
import { stickyPoint } from './canvas/sticky';
import { caretAt, pageMeasure, type Measure } from './canvas/textbox';
import type { Editor, Selection } from './editor.svelte';
import { idMaker } from './edits';
import { holdsScore } from './kinds';

/** A pointer event as the tool needs it: canvas-relative screen px, button and modifiers. */
export interface PointerInput {
  x: number;
  y: number;
  button: number;
  shift: boolean;
  /** Ctrl, or Cmd on macOS. */
  ctrl: boolean;
}

/** How far (screen px) a press must move before it is a drag rather than a click. */
export const DRAG_THRESHOLD = 4;

/** A key pressed while picking, as a `Picker` needs it. */
export interface PickerKey {
  key: string;
  /** Ctrl, or Cmd on macOS. */
  mod: boolean;
  shift: boolean;
  /** The focus is on the canvas (not on a button or a field elsewhere). */
  onCanvas: boolean;
}

/**
 * A mode in which a click on the canvas picks what is under the pointer
 * instead of selecting, dragging or editing it (recording a route). Dragging
 * still pans, and the wheel still scrolls and zooms.
 */
export interface Picker {
  /** A click picked `target` (null over empty paper). */
  pick(target: Target | null): void;
  /** Whether a click on `target` would be taken (for the cursor). */
  accepts(target: Target | null): boolean;
  /** A key while picking; true when the picker used it (no other canvas key runs then). */
  key(input: PickerKey): boolean;
}

export type Gesture =
  | { kind: 'idle' }
  | { kind: 'press'; start: Point; at: Point; hit: Hit | null; shift: boolean }
  | { kind: 'pan'; start: Point; origin: View }
  /** A press while a `Picker` is on: a click picks `target`, a drag pans. */
  | { kind: 'pick'; start: Point; origin: View; target: Target | null; moved: boolean }
  | { kind: 'band'; from: Point; to: Point; base: string[] }
  | { kind: 'card'; id: string; from: Point; to: Point; drop: CardDrop | null }
  | { kind: 'stage' | 'lane'; id: string; from: Point; to: Point; reorder: Reorder | null }
  /** A stage's right edge dragged: its column's new width, shown as it goes. */
  | { kind: 'resize'; id: string; from: number; width: number; original: number }
  | {
      kind: 'point';
      stage: string;
      lane: string;
      /** The emotion card of that stage; null when the point is made by this drag. */
      card: string | null;
      /** The card's id, or the id the point made by this drag will have. */
      id: string;
      /** Centre line of the stage's column, where the face is drawn. */
      x: number;
      band: Band;
      score: number;
      original: number | null;
      /** The curve the point is on. */
      curve: CurveKey;
    };

const IDLE: Gesture = { kind: 'idle' };

/**
 * Pointer gestures on the canvas as a small state machine: idle → press →
 * (pan | rubber band | card drag | stage or lane drag | point drag) → idle.
 * A gesture sends at most one edit, on release; Esc cancels back to where it
 * started. The component turns DOM events into `PointerInput`s.
 */
export class Tool {
  gesture = $state.raw<Gesture>(IDLE);
  /** Space is held: any drag pans. */
  space = $state(false);
  /** While set, clicks pick (see `Picker`); nothing is selected, dragged or edited. */
  picker = $state.raw<Picker | null>(null);

  readonly #editor: Editor;
  #measurer: Measure | null = null;

  /** The page's text measure, made on first use (a double-click on a card). */
  #measure(): Measure {
    this.#measurer ??= pageMeasure();
    return this.#measurer;
  }

  constructor(editor: Editor) {
    this.#editor = editor;
  }

  /** The stage whose header's right edge is under a screen point (its width can be dragged there). */
  gripAt(input: Point): Grip | null {
    const scene = this.#editor.scene;
    if (!scene || this.picker) return null;
    return stageGrip(scene.hits, this.locate(input).point, this.#editor.viewport.zoom);
  }

  /** The Scene point under a screen point and the region meant there (stuck headers included). */
  locate(input: Point): { point: Point; hit: Hit | null } {
    const editor = this.#editor;
    const scene = editor.scene;
    const view = editor.viewport;
    if (!scene) return { point: toScene(view, input), hit: null };
    const stuck = editor.sticky ? stickyPoint(view, editor.sticky, input, editor.size.width, editor.size.height) : null;
    if (stuck) {
      return { point: stuck.point, hit: stuck.only === 'none' ? null : hitTest(scene.hits, stuck.point, [stuck.only]) };
    }
    const point = toScene(view, input);
    return { point, hit: hitTest(scene.hits, point) };
  }

  down(input: PointerInput): void {
    const editor = this.#editor;
    const map = editor.map;
    if (!map) return;
    const start = { x: input.x, y: input.y };
    if (input.button === 1 || this.space) {
      this.gesture = { kind: 'pan', start, origin: editor.viewport };
      return;
    }
    if (input.button !== 0) return;
    if (this.picker) {
      const target = this.locate(input).hit?.target ?? null;
      this.gesture = { kind: 'pick', start, origin: editor.viewport, target, moved: false };
      return;
    }
    const { point, hit } = this.locate(input);
    const grip = this.gripAt(input);
    if (grip) {
      editor.select({ kind: 'stage', id: grip.id });
      this.gesture = { kind: 'resize', id: grip.id, from: point.x, width: grip.width, original: grip.width };
      return;
    }
    const t = hit?.target;
    const additive = input.shift || input.ctrl;
    if (t?.kind === 'card') {
      if (additive) {
        editor.select({ kind: 'cards', ids: toggle(editor.selectedCards, t.id) });
      } else if (!editor.isSelected(t.id)) {
        editor.select({ kind: 'cards', ids: [t.id] });
      }
    } else if (t?.kind === 'cell' || t?.kind === 'point') {
      if (!additive) editor.select({ kind: 'cell', stage: t.stage, lane: t.lane });
    } else if (t?.kind === 'stage' || t?.kind === 'lane') {
      editor.select({ kind: t.kind, id: t.id });
    } else if (!additive) {
      editor.select({ kind: 'none' });
    }
    this.gesture = { kind: 'press', start, at: point, hit, shift: additive };
  }

  move(input: PointerInput): void {
    const g = this.gesture;
    const editor = this.#editor;
    const map = editor.map;
    const scene = editor.scene;
    if (!map || !scene) return;
    switch (g.kind) {
      case 'press': {
        if (distance(g.start, input) < DRAG_THRESHOLD) return;
        this.gesture = this.#startDrag(g);
        this.move(input);
        return;
      }
      case 'pan': {
        editor.setViewport({ zoom: g.origin.zoom, x: g.origin.x + input.x - g.start.x, y: g.origin.y + input.y - g.start.y });
        return;
      }
      case 'pick': {
        if (!g.moved && distance(g.start, input) < DRAG_THRESHOLD) return;
        if (!g.moved) this.gesture = { ...g, moved: true };
        editor.setViewport({ zoom: g.origin.zoom, x: g.origin.x + input.x - g.start.x, y: g.origin.y + input.y - g.start.y });
        return;
      }
      case 'band': {
        const to = toScene(editor.viewport, input);
        this.gesture = { ...g, to };
        editor.select({ kind: 'cards', ids: union(g.base, cardsInBox(scene.hits, boxFrom(g.from, to))) });
        return;
      }
      case 'card': {
        const to = toScene(editor.viewport, input);
        this.gesture = { ...g, to, drop: cardDrop(map, scene.hits, to, g.id) };
        // Its look where it lands drawn as it is let go (`Editor.point`).
        editor.point(this.#dropEdit(this.gesture), [g.id]);
        return;
      }
      case 'stage':
      case 'lane': {
        const to = this.locate(input).point;
        const slots = g.kind === 'stage' ? stageSlots(map, scene.hits) : laneSlots(map, scene.hits);
        this.gesture = { ...g, to, reorder: reorder(slots, g.id, g.kind === 'stage' ? to.x : to.y) };
        editor.point(this.#dropEdit(this.gesture));
        return;
      }
      case 'point': {
        const to = toScene(editor.viewport, input);
        this.gesture = { ...g, score: snapScore(g.band, to.y) };
        editor.point(this.#dropEdit(this.gesture));
        return;
      }
      case 'resize': {
        const width = dragWidth(g.original, this.locate(input).point.x - g.from);
        if (width === g.width) return;
        this.gesture = { ...g, width };
        editor.previewEdit({ type: 'update_stage', id: g.id, patch: { width } });
        return;
      }
      default:
        return;
    }
  }

  #startDrag(g: Extract<Gesture, { kind: 'press' }>): Gesture {
    const editor = this.#editor;
    const map = editor.map!;
    const t = g.hit?.target;
    if (t?.kind === 'card') {
      const card = map.cards.find((c) => c.id === t.id);
      const lane = card && map.lanes.find((l) => l.id === card.lane);
      if (card && lane && holdsScore(lane.kind)) return this.#pointDrag(card.stage, card.lane, g.at, card) ?? IDLE;
      editor.select({ kind: 'cards', ids: [t.id] });
      return { kind: 'card', id: t.id, from: g.at, to: g.at, drop: null };
    }
    // The whole column of an emotion lane is the handle of that stage's point.
    if (t?.kind === 'point') return this.#pointDrag(t.stage, t.lane, g.at) ?? IDLE;
    if (t?.kind === 'stage' || t?.kind === 'lane') return { kind: t.kind, id: t.id, from: g.at, to: g.at, reorder: null };
    if (t?.kind === 'cell') {
      return { kind: 'band', from: g.at, to: g.at, base: g.shift ? editor.selectedCards : [] };
    }
    return { kind: 'pan', start: g.start, origin: editor.viewport };
  }

  /** Drags a point of an emotion curve: the face pressed (`pressed`), or else the active curve's point at that stage. */
  #pointDrag(stage: string, lane: string, at: Point, pressed?: Card): Gesture | null {
    const editor = this.#editor;
    const scene = editor.scene!;
    const region = pointHit(scene.hits, stage, lane);
    if (!region) return null;
    const card = pressed ?? pointAt(editor.map!, stage, lane, editor.activeCurve) ?? null;
    const curve = card ? curveOf(card) : editor.activeCurve;
    const band = plotBand(scene.items, region);
    editor.select(card ? { kind: 'cards', ids: [card.id] } : { kind: 'cell', stage, lane });
    return {
      kind: 'point',
      stage,
      lane,
      card: card?.id ?? null,
      // A new point's card id, chosen now: the edit pointed at as it is dragged is the edit sent.
      id: card?.id ?? idMaker(editor.map!)('c'),
      x: region.x + region.w / 2,
      band,
      score: snapScore(band, at.y),
      original: card?.score ?? null,
      curve,
    };
  }

  /** Ends the gesture; a drag that changes something sends its one edit. */
  up(): Promise<boolean> {
    const g = this.gesture;
    this.gesture = IDLE;
    const editor = this.#editor;
    if (g.kind === 'pick') {
      if (!g.moved) this.picker?.pick(g.target);
      return Promise.resolve(false);
    }
    if (g.kind === 'resize') return this.#resize(g);
    const edit = this.#dropEdit(g);
    if (!edit) {
      editor.point(null);
      return Promise.resolve(false);
    }
    // A new point is selected with the card made for it.
    const select: Selection | undefined = g.kind === 'point' && g.card === null ? { kind: 'cards', ids: [g.id] } : undefined;
    // Drawn at once when it was laid out while the pointer rested where it lets go (`Editor.point`).
    const sent = editor.edit(edit, { select });
    editor.point(null);
    return sent;
  }

  /**
   * The one edit a drag makes if it ends now, or null: a card dropped in a new place, a stage or
   * a lane moved, an emotion point set.
   */
  #dropEdit(g: Gesture): Edit | null {
    switch (g.kind) {
      case 'card':
        if (!g.drop || g.drop.unchanged) return null;
        return { type: 'move_card', id: g.id, stage: g.drop.stage, lane: g.drop.lane, place: { in_cell: g.drop.index } };
      case 'stage':
      case 'lane':
        if (!g.reorder || g.reorder.unchanged) return null;
        return { type: g.kind === 'stage' ? 'move_stage' : 'move_lane', id: g.id, index: g.reorder.index };
      case 'point':
        if (g.card !== null && g.score === g.original) return null;
        return { type: 'set_score', lane: g.lane, stage: g.stage, score: g.score, card_id: g.id, ...curveFields(g.curve) };
      default:
        return null;
    }
  }

  async #resize(g: Extract<Gesture, { kind: 'resize' }>): Promise<boolean> {
    const editor = this.#editor;
    if (g.width === g.original) {
      editor.endPreview(false);
      return false;
    }
    // The last preview stays on screen until the stored map's answer replaces it.
    editor.endPreview(true);
    const ok = await editor.edit({ type: 'update_stage', id: g.id, patch: { width: g.width } });
    if (!ok) editor.endPreview(false);
    return ok;
  }

  /** Esc: drops the gesture; a rubber band gives back the selection it started from. Whether there was one. */
  cancel(): boolean {
    const g = this.gesture;
    if (g.kind === 'idle') return false;
    if (g.kind === 'band') this.#editor.select(g.base.length > 0 ? { kind: 'cards', ids: g.base } : { kind: 'none' });
    if (g.kind === 'resize') this.#editor.endPreview(false);
    this.#editor.point(null);
    this.gesture = IDLE;
    return g.kind !== 'press';
  }

  /** Double-click: a card's text, or a new card in an empty spot of a cell. */
  doubleClick(input: Point): void {
    const editor = this.#editor;
    const map = editor.map;
    const scene = editor.scene;
    if (!map || !scene || this.picker) return;
    const { point, hit } = this.locate(input);
    const t = hit?.target;
    if (t?.kind === 'card') {
      // The caret goes where the double-click was, in the line drawn there.
      const text = map.cards.find((c) => c.id === t.id)?.text ?? '';
      const items = editor.drawing?.segments.find((s) => s.card === t.id)?.items ?? [];
      editor.beginEditCard(t.id, caretAt(items, text, point, this.#measure()));
    } else if (t?.kind === 'cell' || t?.kind === 'point') {
      const region = pointHit(scene.hits, t.stage, t.lane);
      const score = region ? snapScore(plotBand(scene.items, region), point.y) : null;
      editor.beginNewCard({ stage: t.stage, lane: t.lane }, score);
    }
  }

  /** The rubber band's box in Scene px, while there is one. */
  get band(): Box | null {
    const g = this.gesture;
    return g.kind === 'band' ? boxFrom(g.from, g.to) : null;
  }
}
