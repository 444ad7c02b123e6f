import { tick } from 'svelte';
import type { Backend } from './backend/backend';
import { toAppError } from './backend/backend';
import type { AppError, Card, CardLook, Edit, JourneyMap, LaneKind, MapView, Scene, StepSummary, ViewPatch } from './bindings';
import { applyViewPatch, forgetProvenance, provenanceAlong, stepLink, type StepLink, type ViewAhead } from './backend/patch';
import { holdsPictures, holdsScore, oneCardPerStage } from './kinds';
import { IDENTITY, type Box, type Point, type View } from './canvas/geometry';
import { cellHit } from './canvas/hit';
import { renameHit, type RenameTarget } from './canvas/rename';
import { firstCell, neighbour, type Cell, type Direction } from './canvas/nav';
import { buildDrawing, type Drawing } from './canvas/segments';
import { itemBox, union } from './canvas/spatial';
import type { Moving } from './canvas/tiles';
import { stickyParts, type StickyParts } from './canvas/sticky';
import { clampView, clampZoom, fitView, openingView, panLimits, stepZoom, zoomAt } from './canvas/zoom';
import { curveFields, pointAt, type CurveKey } from './curves';
import { assumptionIds } from './evidence';
import { imageEdit, type ImageTarget } from './images';
import {
  aheadIds,
  deleteCards,
  duplicateCards,
  idMaker,
  insertCard,
  insertLane,
  insertStage,
  laneOf,
  moveCards,
  pasteCards,
  type Random,
} from './edits';

export type Selection =
  | { kind: 'none' }
  | { kind: 'cards'; ids: string[] }
  | { kind: 'cell'; stage: string; lane: string }
  | { kind: 'stage'; id: string }
  | { kind: 'lane'; id: string };

export const NOTHING: Selection = { kind: 'none' };

export type SaveStatus = 'idle' | 'saving' | 'saved' | 'failed';

/** The inline text editor: an existing card's text, or a card not made yet (`card` null). */
export interface TextEdit {
  card: string | null;
  stage: string;
  lane: string;
  original: string;
  /** For a new card in an emotion lane: the score it starts with. */
  score: number | null;
  /** Where the caret starts in the text (its end when not given). */
  caret?: number;
  /** The id a new card will have: its preview is laid out under it while it is typed. */
  id?: string;
}

/** How long typing rests before the card is laid out again with its new text (ms). */
export const PREVIEW_MS = 80;

/** How long the view and the selection rest before a selected card's moves are laid out ahead (ms). */
export const AHEAD_MS = 120;

/** How long the pointer (or the focus) rests on an edit before Rust lays it out ahead (ms; see `point`). */
export const POINTED_MS = 40;

const ARROWS: readonly Direction[] = ['right', 'left', 'down', 'up'];
const OPPOSITE: Record<Direction, Direction> = { left: 'right', right: 'left', up: 'down', down: 'up' };
/**
 * A key whose edit of the selection is laid out ahead: an arrow or Delete on the selected cards,
 * Ctrl+D on them, or Ctrl+V on them or on the selected cell.
 */
type AheadKey = Direction | 'delete' | 'duplicate' | 'paste';

/** A key's edit, and the cards it makes (a copy's, selected after it). */
interface AheadEdit {
  edit: Edit;
  made?: string[];
}

/** An edit pointed at (`Editor.point`), as JSON; and, once Rust laid it out from view `base`, the view after it. */
interface Pointed {
  key: string;
  edit: Edit;
  /** The cards it moves (a card dropped): drawn from their looks at the choice, with those moving along. */
  own: string[];
  base: number | null;
  patch: ViewPatch | null;
  looks: CardLook[] | null;
}

/** What Rust laid out ahead for a key: the view after its edit, and the moved cards' looks there. */
interface AheadMove {
  looks: CardLook[] | null;
  patch: ViewPatch;
  /**
   * The looks are all that moves: every other hit region is kept as it was (Rust answers the
   * looks of the cards that move along, the ones left behind closing up). Else (a row grows or
   * shrinks) looks alone would be wrong for a frame, and the key shows the whole view.
   */
  alone: boolean;
  /** The edit that makes new cards, with their ids: sent as it was laid out. */
  made?: { edit: Edit; ids: string[] };
}

export interface EditorOptions {
  /** Runs queued requests; by default in a task of their own, never inside an animation frame. */
  schedule?: (run: () => void) => void;
  /** Waits for the next painted frame. */
  frame?: () => Promise<void>;
  /** Where the data-* hooks for end-to-end tests go (default `<html>`). */
  root?: HTMLElement | null;
  /** Random bytes for new ids. */
  random?: Random;
}

/** A step of the map's history: an edit (one step), or a step taken back or done again. */
type Step = 'edit' | 'undo' | 'redo';

interface Job {
  mapId: string;
  /** Answers the new view; null when it found, once its turn came, that nothing was to be sent. */
  send: (id: string) => Promise<MapView | null>;
  select?: Selection;
  done: (ok: boolean) => void;
  /** The request is a step of the history (the others change how the map is shown). */
  step?: Step;
}

/**
 * The views undo and redo will show, known before Rust answers them: the views shown just before
 * the last steps taken from `at` back (an undo takes a step back and shows the view before it; a
 * redo does again a step an undo took back and shows the view the undo left). The next undo
 * shows the last of `undo`, the next redo the last of `redo`. Holds only while `at` is the view
 * shown: any other answer (a route hidden, a version restored) leaves nothing known.
 */
interface Steps {
  at: MapView;
  undo: StepView[];
  redo: StepView[];
}

/** A view undo or redo will show, and how its Scene items and the shown ones are one step apart. */
interface StepView {
  view: MapView;
  link: StepLink | undefined;
}

/** How many views undo and redo keep, together (each a list of a map's cards and Scene items). */
export const STEPS_KEPT = 8;

/** How many of the keys laid out ahead have their view made and drawn before the key (`#prepare`). */
const PREPARED_KEYS = 3;

/** Up to how many selected cards the arrow keys' moves and Delete are laid out ahead. */
export const AHEAD_MAX_CARDS = 50;

/** How long a request is out before the editor says it is saving. */
export const SLOW_SAVE_MS = 400;

const defaultFrame = () =>
  new Promise<void>((resolve) => {
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => resolve());
    else setTimeout(resolve, 16);
  });

/**
 * The open map in the editor: the view Rust answered last, what is selected,
 * where the canvas looks, and the queue of edits on their way. Every change
 * goes to Rust as an `Edit`; the answer (a new MapView with its Scene)
 * replaces the view. Nothing is laid out or changed locally in between.
 */
export class Editor {
  #view = $state.raw<MapView | null>(null);
  /** The open map as Rust answered it last (or as laid out ahead of an answer). */
  get view(): MapView | null {
    return this.#view;
  }
  set view(next: MapView | null) {
    this.#view = next;
    this.#follow();
  }
  /** The map being opened, while `open_map` is out. */
  opening = $state<string | null>(null);
  error = $state<AppError | null>(null);
  #selection = $state.raw<Selection>(NOTHING);
  /** What is selected on the canvas. */
  get selection(): Selection {
    return this.#selection;
  }
  set selection(next: Selection) {
    this.#selection = next;
    this.#follow();
  }
  /**
   * What the side panel shows as selected: `selection`, once a frame has been drawn with no edit
   * out. The panel's controls for a card, a cell or the map are made anew when the selection
   * changes (or the selected card goes), and that takes longer than a frame on a large map's
   * page: made in the key's own frame, a deletion or a move across cells would wait for them
   * before the canvas showed it.
   */
  inspected = $state.raw<Selection>(NOTHING);
  /** The view the side panel shows, following `view` as `inspected` follows the selection. */
  inspectedView = $state.raw<MapView | null>(null);
  #following = false;
  viewport = $state.raw<View>(IDENTITY);
  /** The canvas element's size in CSS px (set by the canvas). */
  size = $state.raw<{ width: number; height: number }>({ width: 0, height: 0 });
  /** Requests sent or waiting to be sent. */
  pending = $state(0);
  status = $state<SaveStatus>('idle');
  /** Milliseconds from sending the last edit to its Scene being painted (all of it that is in sight). */
  lastDrawMs = $state<number | null>(null);
  /**
   * Pieces of the Scene in sight that the canvas has not drawn yet: it makes
   * a large set over several frames (culling.svelte.ts). Mirrored into `data-busy`.
   */
  unpainted = $state(0);
  editing = $state.raw<TextEdit | null>(null);
  /** The header being renamed in place on the canvas, with its name when renaming began. */
  renaming = $state.raw<(RenameTarget & { original: string }) | null>(null);
  /** Copies of the cards last copied (Ctrl+C), pasted with new ids. */
  clipboard = $state.raw<Card[]>([]);

  map = $derived<JourneyMap | null>(this.view?.map ?? null);
  /** New emotion points go to the to-be curve (the curve bar's choice), not the as-is one. */
  drawToBe = $state(false);
  /** The canvas shows the assumptions in full and fades every other card (the view bar's filter). */
  onlyAssumptions = $state(false);
  /** The cards the filter fades: every card but the assumptions; none when the filter is off. */
  faded = $derived.by((): ReadonlySet<string> | null => {
    if (!this.onlyAssumptions || !this.map) return null;
    const keep = assumptionIds(this.map);
    return new Set(this.map.cards.filter((c) => !keep.has(c.id)).map((c) => c.id));
  });
  /** The curve new emotion points go to: the shown persona's (none: the general curve), as-is or to-be. */
  activeCurve = $derived<CurveKey>({ persona: this.view?.persona ?? null, toBe: this.drawToBe });
  /**
   * The map laid out with the text being typed (Rust's preview, nothing stored): the card
   * grows in place and what is below it moves down, instead of the editor covering it.
   * It stands until the next answer, so the card does not shrink back in between.
   */
  previewScene = $state.raw<Scene | null>(null);
  /**
   * A keyboard edit drawn in the key's own frame, before its answer: the selected cards as Rust
   * will draw them at their new places (laid out ahead, `lookAhead`), over the last Scene with the
   * cards left out where they were (a deletion: left out only). The next frame draws the whole
   * view laid out ahead; the answer clears it.
   */
  moving = $state.raw<readonly Moving[] | null>(null);
  /**
   * The view after each key's edit of the selection (`target`, see `aheadTarget`), made by Rust
   * from view `base` with clipboard `clip`; and, after a move, the cards' looks there.
   */
  #ahead: {
    base: number;
    target: string;
    clip: readonly Card[];
    moves: Map<AheadKey, AheadMove>;
    /** The keys Rust has answered for (laid out, or no edit for that key). */
    asked: Set<AheadKey>;
  } | null = null;
  /** The way the last card moved: laid out ahead first (Rust stops when an edit comes). */
  #lastDir: Direction = 'right';
  /** An arrow key moved the selected cards: its answer asks for that move and its opposite at once. */
  #hurry = false;
  /** The view shown before a view laid out ahead took its place, until the edit's answer. */
  #before: MapView | null = null;
  /** The selection a deletion drawn ahead cleared, given back if Rust refuses the deletion. */
  #selectedBefore: Selection | null = null;
  /** What the next undos and redos will show, drawn at the key (see `Steps`). */
  #steps: Steps | null = null;
  #aheadTimer: ReturnType<typeof setTimeout> | null = null;
  /** The edit last pointed at (`point`), as JSON; and, once Rust laid it out from view `base`, the view after it. */
  #pointed: Pointed | null = null;
  #pointTimer: ReturnType<typeof setTimeout> | null = null;
  scene = $derived<Scene | null>(this.previewScene ?? this.view?.scene ?? null);
  #lastDrawing: Drawing | null = null;
  drawing = $derived.by(() => {
    const scene = this.scene;
    const last = this.#lastDrawing;
    // Made ahead from the drawing shown (see `#prepare`): the key draws it at once.
    const made = scene ? this.#made.get(scene) : undefined;
    const next = !scene ? null : made !== undefined && made.previous === last ? made.drawing : buildDrawing(scene, last);
    this.#lastDrawing = next;
    return next;
  });
  /**
   * Views laid out ahead and made before their key: each patch's view of `base`, applied while the
   * person rested, so that the key shows it without applying the patch (see `#prepare`).
   */
  #applied = new WeakMap<ViewPatch, { base: MapView; view: MapView }>();
  /** Drawings made before their Scene is shown, each from the drawing shown then (`previous`). */
  #made = new WeakMap<Scene, { previous: Drawing; drawing: Drawing }>();

  /**
   * Told of each drawing made before its key (`#prepare`, `#prepareStep`) with its Scene: the
   * canvas paints ahead the tiles it would change.
   */
  onprepared: ((scene: Scene, drawing: Drawing) => void) | null = null;

  #lastSticky: StickyParts | null = null;
  sticky = $derived.by(() => {
    const next = this.scene ? stickyParts(this.scene, this.#lastSticky, this.drawing) : null;
    this.#lastSticky = next;
    return next;
  });
  /**
   * Whether a request has been out for `SLOW_SAVE_MS`: only then do the
   * toolbar and the title bar say "Saving…". An edit is stored in a few
   * milliseconds, and a word flickering at every keystroke (and the title bar
   * set twice per edit) would be noise.
   */
  #slow = $state(false);
  #slowTimer: ReturnType<typeof setTimeout> | null = null;
  /** The save state as the toolbar and the title bar word it. */
  statusKey = $derived<'status.saving' | 'status.failed' | 'status.saved'>(
    this.pending > 0 && this.#slow ? 'status.saving' : this.status === 'failed' ? 'status.failed' : 'status.saved',
  );
  canUndo = $derived(this.view?.history.can_undo ?? false);
  canRedo = $derived(this.view?.history.can_redo ?? false);
  busy = $derived(this.pending > 0);
  selectedCards = $derived(this.selection.kind === 'cards' ? this.selection.ids : []);

  readonly #backend: Backend;
  readonly #schedule: (run: () => void) => void;
  readonly #frame: () => Promise<void>;
  readonly #root: HTMLElement | null;
  readonly #random: Random | undefined;
  #queue: Job[] = [];
  #draining = false;
  /** Who waits for the queue to drain (see `saved`). */
  #whenDrained: (() => void)[] = [];
  #inFlight = false;
  #openToken = 0;
  /** The opened map still waits for its opening view (the canvas's size unknown). */
  #placeOpened = false;

  /** The backend this editor sends to, for the panels and modes around the canvas. */
  get backend(): Backend {
    return this.#backend;
  }

  constructor(backend: Backend, options: EditorOptions = {}) {
    this.#backend = backend;
    this.#schedule = options.schedule ?? ((run) => setTimeout(run, 0));
    this.#frame = options.frame ?? defaultFrame;
    this.#root = options.root === undefined ? (globalThis.document?.documentElement ?? null) : options.root;
    this.#random = options.random;
  }

  // --- Opening and closing ---------------------------------------------------

  /** Opens a map at 100 % with its top-left corner in the canvas's; resolves to whether it opened. */
  async open(id: string): Promise<boolean> {
    this.#reset();
    const token = ++this.#openToken;
    this.opening = id;
    this.error = null;
    try {
      const view = await this.#backend.openMap(id);
      if (token !== this.#openToken) return false;
      this.view = view;
      this.#placeOpened = true;
      this.placeOpened();
      this.#hooks();
      return true;
    } catch (thrown) {
      if (token === this.#openToken) this.error = toAppError(thrown);
      return false;
    } finally {
      if (token === this.#openToken) this.opening = null;
    }
  }

  /** Resolves once every edit sent or waiting has been answered (the queue has drained). */
  saved(): Promise<void> {
    if (!this.#draining) return Promise.resolve();
    return new Promise((resolve) => this.#whenDrained.push(resolve));
  }

  /** Leaves the map; answers still on their way are ignored. */
  close(): void {
    this.#openToken++;
    this.#reset();
    this.view = null;
    this.opening = null;
    this.error = null;
    this.#hooks();
  }

  #reset(): void {
    for (const job of this.#queue.splice(0)) job.done(false);
    this.#count();
    this.selection = NOTHING;
    this.editing = null;
    this.viewport = IDENTITY;
    this.#placeOpened = false;
    this.status = 'idle';
    this.lastDrawMs = null;
    this.onlyAssumptions = false;
    this.moving = null;
    this.#ahead = null;
    this.stopAhead();
    this.point(null);
    this.#hurry = false;
    this.#before = null;
    this.#selectedBefore = null;
    this.#steps = null;
  }

  // --- Sending ----------------------------------------------------------------

  /**
   * Sends one edit (one undo step). Edits wait in order while another request
   * is out; each answer replaces the view. Resolves to whether it was stored.
   */
  edit(edit: Edit, then?: { select?: Selection }): Promise<boolean> {
    const pointed = this.#pointedFor(edit);
    if (pointed) return this.#sendPointed(edit, pointed, then?.select);
    return this.#enqueue((id) => this.#backend.applyEdit(id, edit), then?.select, 'edit');
  }

  /**
   * The person points at an edit: a menu item, a colour, a place a dragged card or a stage is
   * held over. Once the pointer (or the focus) has rested on it for `POINTED_MS` with nothing
   * under way, Rust lays the map out with it (nothing stored), so that choosing it shows the
   * view after it in that very frame (see `edit`) instead of a frame or two later; an edit that
   * moves cards `own` (a drop) draws their looks there, and those of the cards moving along,
   * when nothing else moves. Null: it points at nothing now. Only the last one is kept.
   */
  point(edit: Edit | null, own: string[] = []): void {
    const key = edit ? JSON.stringify(edit) : null;
    if (key !== null && key === this.#pointed?.key) return;
    this.#pointed = edit && key !== null ? { key, edit, own, base: null, patch: null, looks: null } : null;
    this.#layOutPointed();
  }

  /** Lays out the edit pointed at once the pointer has rested, unless it is laid out from the view shown. */
  #layOutPointed(): void {
    if (this.#pointTimer !== null) clearTimeout(this.#pointTimer);
    this.#pointTimer = null;
    const pointed = this.#pointed;
    if (!pointed || (pointed.patch && pointed.base === this.view?.rev)) return;
    // `make bench-editor` times edits without it too (`<html data-no-ahead>`).
    if (this.#root?.dataset.noAhead !== undefined) return;
    this.#pointTimer = setTimeout(() => {
      this.#pointTimer = null;
      void this.#askPointed(pointed);
    }, POINTED_MS);
  }

  async #askPointed(pointed: Pointed): Promise<void> {
    const view = this.view;
    // Asked again when what is under way has been answered (see `#drain`).
    if (!view || this.pending > 0 || this.editing || this.previewScene || this.#pointed !== pointed) return;
    try {
      const ahead = await this.#backend.cardsAhead(view.id, [pointed.edit], [pointed.own]);
      const patch = ahead.patches[0];
      // Kept if it is still what is pointed at (Rust lays out nothing for an edit it refuses).
      if (patch && this.#pointed === pointed) {
        pointed.base = ahead.base;
        pointed.patch = patch;
        pointed.looks = ahead.looks[0] ?? null;
        // Its view made and drawn now, in a task of its own: the choice then only shows it.
        setTimeout(() => {
          if (this.#pointed === pointed && this.view?.rev === ahead.base) this.#prepare(this.view, patch);
        }, 0);
      }
    } catch {
      // Nothing laid out: choosing it waits for its answer, as it always can.
    }
  }

  /** The view after `edit` laid out ahead, if it is the edit pointed at and still holds for the view shown. */
  #pointedFor(edit: Edit): Pointed | null {
    const pointed = this.#pointed;
    const view = this.view;
    if (!pointed?.patch || !view || pointed.base !== view.rev) return null;
    // Made from the view on screen, with nothing sent since (it would be an edit from elsewhere).
    if (this.pending > 0 || this.previewScene || this.editing) return null;
    if (pointed.key !== JSON.stringify(edit)) return null;
    this.#pointed = null;
    return pointed;
  }

  /**
   * Sends an edit laid out ahead while it was pointed at: its view at once when it was made while
   * the pointer rested (its drawing, and its tiles painted ahead); else the cards it moves and
   * those moving along drawn from their looks at once and the view after the frame, when nothing
   * else moves; else the view after it at once.
   */
  #sendPointed(edit: Edit, pointed: Pointed, select?: Selection): Promise<boolean> {
    const { patch, looks, own } = pointed;
    const was = this.selection;
    // Its view made and its tiles painted while the pointer rested (`#prepare`): shown whole at once.
    const drawn =
      this.#madeAhead(patch!) === null && own.length > 0 && looks !== null && looks.length >= own.length && onlyThese(patch!, [...own, ...lookIds(looks)]);
    if (drawn) this.moving = looks.map(lookMoving);
    const sent = this.#sendAhead(edit, patch!, select, !drawn);
    // Selected at once as the answer would (what it made, or what of the selection is left).
    const map = this.view?.map;
    if (map) {
      const next = select && prune(select, map) === select ? select : prune(was, map);
      if (next !== was) {
        this.#selectedBefore = was;
        this.selection = next;
      }
    }
    // For the end-to-end tests: the last edit drawn ahead of its answer because it was pointed at.
    if (this.#root) this.#root.dataset.pointedAhead = edit.type;
    return sent;
  }

  /**
   * Sends the edit `make` builds from the map as it is when its turn comes: after the edits sent
   * before it have been answered. For an edit that carries more than the field it changes (the
   * whole theme, a card's whole evidence, a new card's id): made from the map shown while another
   * is still out, it would undo that one, or reuse its id. Nothing is sent when `make` answers
   * null then (resolves to false).
   */
  editFrom(make: (map: JourneyMap) => Edit | null, then?: { select?: Selection }): Promise<boolean> {
    return this.#enqueue(
      (id) => {
        const map = this.map;
        const edit = map ? make(map) : null;
        return edit ? this.#backend.applyEdit(id, edit) : Promise.resolve(null);
      },
      then?.select,
      'edit',
    );
  }

  /**
   * Puts the picture `get` answers (re-encoded by Rust; null for none chosen) on a card, or on a
   * new card at a cell's end, in one edit. Resolves to whether it was stored; a picture that
   * could not be read rejects with Rust's error.
   */
  async putImage(target: NonNullable<ImageTarget>, get: () => Promise<string | null>): Promise<boolean> {
    const image = await get();
    const map = this.map;
    if (image === null || !map) return false;
    const edit = imageEdit(map, target, image);
    const select: Selection | undefined = edit.type === 'insert_card' ? { kind: 'cards', ids: [edit.card.id] } : undefined;
    return this.edit(edit, { select });
  }

  /** The native dialog's title when it asks for a picture (the page sets it in its language). */
  pictureDialogTitle = 'Travesía';
  /** A new card's picture is being chosen (the dialog is up, or Rust is re-encoding it). */
  picking = $state(false);

  /**
   * A new card in `cell` holding a picture chosen in the native dialog (PNG, JPEG, WebP):
   * one edit, the card selected. Nothing when the dialog is cancelled; a picture that cannot
   * be read is said in the error banner.
   */
  async addPicture(cell: Cell): Promise<boolean> {
    if (this.picking) return false;
    this.picking = true;
    this.selection = { kind: 'cell', ...cell };
    try {
      return await this.putImage({ kind: 'cell', ...cell }, () => this.#backend.pickImage(this.pictureDialogTitle));
    } catch (thrown) {
      this.error = toAppError(thrown);
      return false;
    } finally {
      this.picking = false;
    }
  }

  /**
   * What the last undo or redo did, for the note that says so ("Deshecho: …"): the step taken
   * back is the one a redo would now do again, and the other way round. `n` tells two notes
   * of the same step apart.
   */
  stepNotice = $state.raw<{ kind: 'undone' | 'redone'; step: StepSummary | null; n: number } | null>(null);
  #notices = 0;

  async undo(): Promise<boolean> {
    const could = this.canUndo;
    const ahead = this.#stepAhead('undo');
    const ok = await this.#enqueue((id) => this.#backend.undo(id, ahead), undefined, 'undo');
    if (ok && could) this.stepNotice = { kind: 'undone', step: this.view?.history.redo ?? null, n: ++this.#notices };
    return ok;
  }

  async redo(): Promise<boolean> {
    const could = this.canRedo;
    const ahead = this.#stepAhead('redo');
    const ok = await this.#enqueue((id) => this.#backend.redo(id, ahead), undefined, 'redo');
    if (ok && could) this.stepNotice = { kind: 'redone', step: this.view?.history.undo ?? null, n: ++this.#notices };
    return ok;
  }

  /** Puts the map back as it was just after step `seq` of its stored history (0: before the first). */
  goToStep(seq: number): Promise<boolean> {
    return this.#enqueue((id) => this.#backend.goToStep(id, seq));
  }

  /**
   * Sends another request that Rust answers with the map's new view (a version
   * restored, say), in turn with the edits: it waits for those sent before it,
   * and its answer replaces the view like an edit's. Resolves to whether it worked.
   */
  request(send: (mapId: string) => Promise<MapView>): Promise<boolean> {
    return this.#enqueue(send);
  }

  /** Shows one persona's journey (its curves and the general curve), or (null) every persona's. */
  setPersonaFilter(persona: string | null): Promise<boolean> {
    if ((this.view?.persona ?? null) === persona) return Promise.resolve(false);
    return this.request((mapId) => this.backend.setPersonaFilter(mapId, persona));
  }

  dismissError(): void {
    this.error = null;
  }

  #enqueue(send: (id: string) => Promise<MapView | null>, select?: Selection, step?: Step): Promise<boolean> {
    const mapId = this.view?.id;
    if (!mapId) return Promise.resolve(false);
    return new Promise<boolean>((done) => {
      this.#queue.push({ mapId, send, select, done, step });
      this.#count();
      this.status = 'saving';
      this.#hooks();
      if (!this.#draining) {
        this.#draining = true;
        // Sent from a task of its own: a gesture's handler may run inside an animation frame.
        this.#schedule(() => void this.#drain());
      }
    });
  }

  async #drain(): Promise<void> {
    for (let job = this.#queue.shift(); job; job = this.#queue.shift()) {
      const started = performance.now();
      let ok = false;
      let nothing = false;
      this.#inFlight = true;
      try {
        const view = await job.send(job.mapId);
        const answered = performance.now();
        nothing = view === null;
        if (view && this.view?.id === job.mapId && view.id === job.mapId) {
          // The view before this step (before what was drawn ahead of it): what taking the step
          // back, or doing it again after an undo, shows.
          const before = this.#before ?? this.view;
          this.#show(view, job.select);
          this.#steps = job.step && before ? stepsAfter(this.#steps, job.step, before, view) : null;
          void this.#measure(started, answered);
          ok = true;
        }
      } catch (thrown) {
        if (this.view?.id === job.mapId) {
          this.#steps = null;
          // What was drawn ahead of the refused edit goes: the view is the one before it.
          if (this.#before) this.view = this.#before;
          this.#before = null;
          // And a deletion's card comes back selected, as it was before the key.
          if (this.#selectedBefore && this.view) this.selection = prune(this.#selectedBefore, this.view.map);
          this.#selectedBefore = null;
          this.moving = null;
          this.error = toAppError(thrown);
          this.status = 'failed';
          // The edits behind this one were made on top of it; they are dropped, not sent.
          for (const dropped of this.#queue.splice(0)) dropped.done(false);
        }
      }
      this.#inFlight = false;
      this.#count();
      if ((ok || nothing) && this.pending === 0 && this.status === 'saving') this.status = 'saved';
      job.done(ok);
    }
    this.#draining = false;
    for (const resolve of this.#whenDrained.splice(0)) resolve();
    // What is pointed at is laid out again from the view now shown.
    this.#layOutPointed();
    this.#hooks();
  }

  /** Requests waiting plus the one out, mirrored into `data-busy`. */
  #count(): void {
    this.pending = this.#queue.length + (this.#inFlight ? 1 : 0);
    if (this.pending > 0) this.#keepFramesComing();
    if (this.pending === 0) {
      if (this.#slowTimer !== null) clearTimeout(this.#slowTimer);
      this.#slowTimer = null;
      this.#slow = false;
    } else if (this.#slowTimer === null && !this.#slow) {
      this.#slowTimer = setTimeout(() => {
        this.#slowTimer = null;
        this.#slow = this.pending > 0;
      }, SLOW_SAVE_MS);
    }
    this.#hooks();
  }

  #show(view: MapView, select?: Selection): void {
    this.view = view;
    this.moving = null;
    this.#before = null;
    this.#selectedBefore = null;
    this.previewScene = null;
    this.#previewToken++;
    this.error = null;
    this.selection = prune(select ?? this.selection, view.map);
    if (this.editing?.card && !view.map.cards.some((c) => c.id === this.editing?.card)) this.editing = null;
    this.#hooks();
  }

  #framesComing = false;

  /**
   * Asks for a frame at every frame while a request is out. WebKit stops its
   * frame clock when the page has nothing to draw; the answer would then wait
   * for the clock to start again before it is painted. Kept running, the new
   * Scene is drawn at the next frame after it arrives.
   */
  #keepFramesComing(): void {
    if (this.#framesComing || typeof requestAnimationFrame !== 'function') return;
    this.#framesComing = true;
    const next = () => {
      if (this.pending > 0) requestAnimationFrame(next);
      else this.#framesComing = false;
    };
    requestAnimationFrame(next);
  }

  /** The canvas tells how much of the Scene in sight it has still to draw. */
  setUnpainted(n: number): void {
    if (n === this.unpainted) return;
    this.unpainted = n;
    this.#hooks();
  }

  async #measure(started: number, answered: number): Promise<void> {
    await tick();
    const updated = performance.now();
    // A large change is drawn over several frames: measured until all in sight is there.
    for (let i = 0; this.unpainted > 0 && i < 1000; i++) await this.#frame();
    // The next frame's callbacks run before it is laid out and painted; a
    // task queued from them runs once it has been.
    await this.#frame();
    await new Promise<void>((done) => setTimeout(done, 0));
    const round = (ms: number) => Math.round(ms * 10) / 10;
    const ms = round(performance.now() - started);
    this.lastDrawMs = ms;
    if (this.#root) {
      // Where the time went (for `make bench-editor`): the answer (Rust, IPC,
      // JSON), the page brought up to date, then the frames until painted.
      this.#root.dataset.lastEditParts = [answered - started, updated - answered, performance.now() - updated]
        .map(round)
        .join(' ');
      this.#root.dataset.lastEditMs = String(ms);
    }
  }

  /** Mirrors the state end-to-end tests wait on into `<html>` attributes, and the window title. */
  #hooks(): void {
    const root = this.#root;
    if (!root) return;
    if (this.view) root.dataset.mapId = this.view.id;
    else delete root.dataset.mapId;
    // Busy too until the side panel shows what the canvas does (what a test clicks next may be in it).
    if (this.pending > 0 || this.unpainted > 0 || this.#following) root.dataset.busy = '1';
    else delete root.dataset.busy;
  }

  #shownTitle = '';

  /** The window's title, in the page and in the native title bar (sent only when it changes). */
  showTitle(title: string): void {
    if (globalThis.document) document.title = title;
    if (title === this.#shownTitle) return;
    this.#shownTitle = title;
    this.#backend.setWindowTitle(title).catch(() => {
      // A title that could not be set is not worth an error banner.
    });
  }

  // --- Selection ----------------------------------------------------------------

  select(selection: Selection): void {
    this.selection = selection;
  }

  isSelected(cardId: string): boolean {
    return this.selection.kind === 'cards' && this.selection.ids.includes(cardId);
  }

  selectAll(): void {
    if (this.map) this.selection = { kind: 'cards', ids: this.map.cards.map((c) => c.id) };
  }

  /** The cell that paste and Enter act on: the selected cell, or the first selected card's. */
  targetCell(): Cell | null {
    const map = this.map;
    return map ? targetCellOf(map, this.selection) : null;
  }

  // --- Commands on the selection --------------------------------------------------

  deleteSelection(): Promise<boolean> {
    const ids = this.selectedCards;
    const edit = this.map ? deleteCards(this.map, ids) : null;
    if (!edit) return Promise.resolve(false);
    const ahead = this.#aheadFor('delete');
    const patch = ahead?.patch;
    if (!patch) return this.edit(edit, { select: NOTHING });
    // Gone in the key's own frame: the tiles leave the cards out where they were (nothing to draw
    // elsewhere), and the whole view follows; a card with no group of its own needs the view at once.
    const drawing = this.drawing;
    const gone = ids.map((id) => drawing?.byCard.get(id));
    // (Cards closing up behind them, or a row shrinking, need the whole view at once too.)
    const all = ahead.alone && ahead.looks !== null && gone.every((segment) => segment !== undefined);
    if (all) {
      const left = gone.map((segment, k) => ({ card: ids[k]!, items: [], box: segment!.box, hit: segment!.box }));
      // And the cards below them, closing up, from their looks.
      this.moving = [...left, ...ahead.looks!.map(lookMoving)];
    }
    this.#selectedBefore = this.selection;
    this.selection = NOTHING;
    // For the end-to-end tests: the last cards whose deletion was drawn ahead of their answer.
    if (this.#root) this.#root.dataset.deletedAhead = ids.join(' ');
    return this.#sendAhead(edit, patch, NOTHING, !all);
  }

  copySelection(): number {
    const map = this.map;
    if (!map) return 0;
    const ids = new Set(this.selectedCards);
    this.clipboard = map.cards.filter((c) => ids.has(c.id)).map((c) => structuredClone(c));
    // Ctrl+V laid out ahead with what it now holds.
    this.lookAhead();
    return this.clipboard.length;
  }

  paste(): Promise<boolean> {
    const map = this.map;
    const cell = this.targetCell();
    if (!map || !cell || this.clipboard.length === 0) return Promise.resolve(false);
    const ahead = this.#aheadFor('paste');
    if (ahead?.made) return this.#sendMade(ahead.made, ahead.patch);
    const made = pasteCards(map, this.clipboard, cell, idMaker(map, this.#random));
    return made ? this.edit(made.edit, { select: { kind: 'cards', ids: made.ids } }) : Promise.resolve(false);
  }

  duplicateSelection(): Promise<boolean> {
    const map = this.map;
    if (!map) return Promise.resolve(false);
    const ahead = this.#aheadFor('duplicate');
    if (ahead?.made) return this.#sendMade(ahead.made, ahead.patch);
    const made = duplicateCards(map, this.selectedCards, idMaker(map, this.#random));
    return made ? this.edit(made.edit, { select: { kind: 'cards', ids: made.ids } }) : Promise.resolve(false);
  }

  /**
   * Sends an edit that makes new cards, laid out ahead as `patch`: the view after it and the new
   * cards selected in the key's own frame (their rows may have grown: nothing less is right);
   * a refusal gives back the view and the selection before.
   */
  #sendMade(made: { edit: Edit; ids: string[] }, patch: ViewPatch): Promise<boolean> {
    const select: Selection = { kind: 'cards', ids: made.ids };
    const was = this.selection;
    const sent = this.#sendAhead(made.edit, patch, select, true);
    if (this.view?.map.cards.some((c) => c.id === made.ids[0])) {
      this.#selectedBefore = was;
      this.selection = select;
    }
    // For the end-to-end tests: the last cards made by a copy drawn ahead of its answer.
    if (this.#root) this.#root.dataset.madeAhead = made.ids.join(' ');
    return sent;
  }

  /** Arrow keys: selected cards move to the next cell; a selected cell moves the focus. */
  arrow(dir: Direction): Promise<boolean> {
    const map = this.map;
    const sel = this.selection;
    if (!map) return Promise.resolve(false);
    if (sel.kind === 'cards') {
      const edit = moveCards(map, sel.ids, dir);
      if (!edit) return Promise.resolve(false);
      this.#lastDir = dir;
      this.#hurry = sel.ids.length <= AHEAD_MAX_CARDS;
      const move = this.#aheadFor(dir);
      const patch = move?.patch;
      if (!patch) return this.edit(edit);
      // Their looks first when nothing else moves; else the whole view at once, in the key's frame.
      const looks = move.alone && move.looks && move.looks.length >= sel.ids.length ? move.looks : null;
      if (looks) this.moving = looks.map(lookMoving);
      // For the end-to-end tests: the last cards whose move was drawn ahead of its answer, and how many were.
      if (this.#root) {
        this.#root.dataset.movedAhead = sel.ids.join(' ');
        this.#root.dataset.movesAhead = String(Number(this.#root.dataset.movesAhead ?? 0) + 1);
      }
      // The cards' looks are drawn in the key's frame, the whole view after; without them, the view at once.
      return this.#sendAhead(edit, patch, undefined, !looks);
    }
    const next = sel.kind === 'cell' ? neighbour(map, sel, dir) : firstCell(map);
    if (next) {
      this.selection = { kind: 'cell', ...next };
      const hit = this.scene ? cellHit(this.scene.hits, next.stage, next.lane) : undefined;
      if (hit) this.reveal(hit);
    }
    return Promise.resolve(false);
  }

  /**
   * Asks Rust for the view after each key's edit of the selection: the arrow keys, Delete and
   * Ctrl+D on the selected cards (up to `AHEAD_MAX_CARDS`), and Ctrl+V on them or on the selected
   * cell; and, after a move, how the cards look there. Asked once the view and the selection have
   * rested for `AHEAD_MS` and nothing is under way, so that the key's edit is drawn in its own
   * frame: the moved cards' looks, the view after the rest. The canvas calls it whenever either
   * changes. Right after an arrow key moved the cards, that key and its opposite are asked for at
   * once (a key pressed again soon is most often one of them: cards nudged along, a key held down,
   * one step too far and back), and the other keys after the pause.
   */
  lookAhead(): void {
    this.stopAhead();
    // `make bench-editor` times moves without it too (`<html data-no-ahead>`).
    if (this.#root?.dataset.noAhead !== undefined) return;
    this.#aheadTimer = setTimeout(
      () => {
        this.#aheadTimer = null;
        void this.#askAhead();
        // While Rust lays the keys out: the view an undo would show, drawn.
        this.#prepareStep();
      },
      this.#hurry ? 0 : AHEAD_MS,
    );
  }

  /**
   * Makes, while the person rests, what a key laid out ahead will show: `patch`'s view of `base`
   * and its drawing from the one shown, so that the key's frame has neither to make (a 1,500-card
   * map's drawing takes a few milliseconds). Nothing once the view shown is another.
   */
  #prepare(base: MapView, patch: ViewPatch): void {
    const previous = this.drawing;
    if (this.view !== base || !previous || this.previewScene || this.pending > 0) return;
    if (this.#applied.has(patch)) {
      // Made already: the canvas is told again (its tiles painted ahead may have been painted over since).
      const made = this.#madeAhead(patch);
      if (made) this.onprepared?.(made.scene, made.drawing);
      return;
    }
    const view = applyViewPatch(base, patch, false);
    if (!view) return;
    this.#applied.set(patch, { base, view });
    const drawing = buildDrawing(view.scene, previous);
    this.#made.set(view.scene, { previous, drawing });
    this.onprepared?.(view.scene, drawing);
  }

  /** `patch`'s view of the view shown and its drawing from the drawing shown, if `#prepare` made them: that Scene and drawing. */
  #madeAhead(patch: ViewPatch): { scene: Scene; drawing: Drawing } | null {
    const applied = this.#applied.get(patch);
    if (!applied || applied.base !== this.view) return null;
    const made = this.#made.get(applied.view.scene);
    return made?.previous === this.drawing ? { scene: applied.view.scene, drawing: made.drawing } : null;
  }

  /** Makes the drawing of the view the next undo will show (see `#stepAhead`), from the one shown. */
  #prepareStep(): void {
    const steps = this.#steps;
    const view = this.view;
    const next = steps?.undo.at(-1);
    const previous = this.drawing;
    if (!steps || !next || !view || steps.at !== view || !previous || this.previewScene || this.pending > 0) return;
    const to = next.view.scene;
    const made = this.#made.get(to);
    // Made already: the canvas is told again (its tiles painted ahead may have been painted over since).
    if (made?.previous === previous) {
      this.onprepared?.(to, made.drawing);
      return;
    }
    // Said again by the undo itself: the same runs, from the same items.
    provenanceAlong(next.link, view.scene.items, to.items);
    const drawing = buildDrawing(to, previous);
    this.#made.set(to, { previous, drawing });
    this.onprepared?.(to, drawing);
  }

  /** Prepares the views of `keys` in `moves`, one task each (a key pressed meanwhile comes first). */
  #prepareMoves(base: MapView, moves: Map<AheadKey, AheadMove>, keys: readonly AheadKey[]): void {
    const next = (i: number) => {
      if (i >= keys.length || this.view !== base) return;
      const move = moves.get(keys[i]!);
      if (move) this.#prepare(base, move.patch);
      setTimeout(() => next(i + 1), 0);
    };
    setTimeout(() => next(0), 0);
  }

  /** Asks nothing more ahead until `lookAhead` is called again (the map left, the canvas gone). */
  stopAhead(): void {
    if (this.#aheadTimer !== null) clearTimeout(this.#aheadTimer);
    this.#aheadTimer = null;
  }

  /** The edit `key` makes of `sel` on `map`, as the key itself would make it (a copy's new ids too). */
  #aheadEdit(map: JourneyMap, sel: Selection, key: AheadKey): AheadEdit | null {
    const ids = sel.kind === 'cards' ? sel.ids : [];
    if (key === 'paste') {
      const cell = targetCellOf(map, sel);
      const made = cell && this.clipboard.length > 0 ? pasteCards(map, this.clipboard, cell, idMaker(map, this.#random ?? aheadIds.random())) : null;
      return made && { edit: made.edit, made: made.ids };
    }
    if (key === 'duplicate') {
      const made = duplicateCards(map, ids, idMaker(map, this.#random ?? aheadIds.random()));
      return made && { edit: made.edit, made: made.ids };
    }
    const edit = key === 'delete' ? deleteCards(map, ids) : moveCards(map, ids, key);
    return edit && { edit };
  }

  async #askAhead(): Promise<void> {
    const view = this.view;
    const sel = this.selection;
    const target = aheadTarget(sel);
    if (!view || target === null) return;
    if (this.pending > 0 || this.editing || this.previewScene) return;
    const hurry = this.#hurry && sel.kind === 'cards';
    this.#hurry = false;
    const clip = this.clipboard;
    const had = this.#ahead;
    const have = had && had.base === view.rev && had.target === target && had.clip === clip ? had : null;
    const first = this.#lastDir;
    // The way the cards last moved and back first, then Delete, then the other ways, then the
    // copies (Rust stops when an edit comes, so what is asked first is most often ready).
    const others = ARROWS.filter((d) => d !== first && d !== OPPOSITE[first]);
    const order: AheadKey[] =
      sel.kind !== 'cards'
        ? ['paste']
        : hurry
          ? [first, OPPOSITE[first]]
          : [first, OPPOSITE[first], 'delete', ...others, 'duplicate', 'paste'];
    const keys: AheadKey[] = [];
    const asked: AheadEdit[] = [];
    const none: AheadKey[] = [];
    for (const key of order) {
      if (have?.asked.has(key)) continue;
      const made = this.#aheadEdit(view.map, sel, key);
      if (made) {
        keys.push(key);
        asked.push(made);
      } else none.push(key);
    }
    if (asked.length > 0) {
      try {
        // The cards' looks after each move (drawn at the key); the other edits show their view.
        const ids = sel.kind === 'cards' ? sel.ids : [];
        const looks = keys.map((key) => (ARROWS.includes(key as Direction) ? [...ids] : []));
        const ahead = await this.#backend.cardsAhead(
          view.id,
          asked.map((a) => a.edit),
          looks,
        );
        // Added to what was asked before from the same view, if that is still what is kept.
        const kept = this.#ahead;
        const into =
          kept && kept.base === ahead.base && kept.target === target && kept.clip === clip
            ? kept
            : { base: ahead.base, target, clip, moves: new Map(), asked: new Set<AheadKey>() };
        none.forEach((key) => into.asked.add(key));
        // Rust stops when an edit comes: what it did not reach is asked again later.
        ahead.patches.forEach((patch, i) => {
          const key = keys[i]!;
          const { edit, made } = asked[i]!;
          into.asked.add(key);
          if (patch) {
            const alone = onlyThese(patch, [...ids, ...lookIds(ahead.looks[i])]);
            into.moves.set(key, { looks: ahead.looks[i] ?? null, patch, alone, ...(made ? { made: { edit, ids: made } } : {}) });
          }
        });
        this.#ahead = into;
        // The likeliest keys' views made now: the way the cards last moved, back, and Delete.
        this.#prepareMoves(view, into.moves, order.slice(0, PREPARED_KEYS));
      } catch {
        // Nothing ahead: the key's edit waits for its answer, as it always can.
      }
    }
    // The other keys once the person rests.
    if (hurry && this.view === view) this.lookAhead();
  }

  /**
   * Sends `edit`, whose view Rust laid out ahead as `patch`: that view is shown from a task after
   * the frame that drew the key's own change (made and drawn in that frame, it would hold it
   * back), or at once (`now`) when it is the key's own change (several cards moved or deleted);
   * the answer keeps its Scene when it is the same.
   */
  #sendAhead(edit: Edit, patch: ViewPatch, select?: Selection, now = false): Promise<boolean> {
    const ahead: ViewAhead = { patch, view: null };
    const base = this.view;
    const show = () => {
      if (this.view !== base || !base) return;
      const applied = this.#applied.get(patch);
      const made = applied?.base === base ? applied.view : null;
      if (made) forgetProvenance(base.scene.items);
      const view = made ?? applyViewPatch(base, patch);
      if (!view) return;
      ahead.view = view;
      this.#before = base;
      this.view = view;
    };
    if (now) show();
    else this.#afterFrame(() => this.pending > 0 && show());
    return this.#enqueue((id) => this.#backend.applyEdit(id, edit, ahead), select, 'edit');
  }

  /**
   * Shows at once what an undo (or a redo) will show, when it is known: the view before the step
   * the shown view came from (see `Steps`). The answer then takes its place: the same Scene,
   * and the history and the date as stored.
   */
  #stepAhead(kind: 'undo' | 'redo'): ViewAhead | undefined {
    const steps = this.#steps;
    const view = this.view;
    const next = steps?.[kind].at(-1);
    if (!steps || !next || !view || steps.at !== view) return undefined;
    const to = next.view;
    if (this.pending > 0 || this.previewScene || this.editing) return undefined;
    // `make bench-editor` times steps without it too (`<html data-no-ahead>`).
    if (this.#root?.dataset.noAhead !== undefined) return undefined;
    if (kind === 'undo' ? !view.history.can_undo : !view.history.can_redo) return undefined;
    // For the end-to-end tests: the last step drawn before its answer, and how many were.
    if (this.#root) {
      this.#root.dataset.steppedAhead = kind;
      this.#root.dataset.stepsAhead = String(Number(this.#root.dataset.stepsAhead ?? 0) + 1);
    }
    const history = kind === 'undo' ? { ...to.history, can_redo: true, redo: view.history.undo } : to.history;
    this.#before = view;
    // Drawn from the last drawing, along the patch that made one of the two from the other.
    provenanceAlong(next.link, view.scene.items, to.scene.items);
    this.view = { ...to, history };
    // A card the step takes away is no longer selected (given back if Rust refuses the step).
    const was = this.selection;
    const kept = prune(was, to.map);
    if (kept !== was) {
      this.#selectedBefore = was;
      this.selection = kept;
    }
    // The answer keeps this Scene when it draws the same (see `ViewCache.resolve`).
    return { patch: null, view: this.view };
  }

  /** What was laid out ahead for `key` on the selection from the view shown, if it still holds. */
  #aheadFor(key: AheadKey): AheadMove | undefined {
    const ahead = this.#ahead;
    const view = this.view;
    if (!ahead || !view || aheadTarget(this.selection) !== ahead.target) return undefined;
    // Made from the view on screen and the clipboard held, with nothing sent since (it would be an edit from elsewhere).
    if (ahead.base !== view.rev || ahead.clip !== this.clipboard || this.pending > 0 || this.previewScene) return undefined;
    this.#ahead = null;
    return ahead.moves.get(key);
  }

  /** Brings `inspected` to the selection after the next frame drawn with nothing out (see `inspected`). */
  #follow(): void {
    if (this.#following) return;
    this.#following = true;
    this.#hooks();
    const run = () => {
      if (this.pending > 0) return this.#afterFrame(run);
      this.#following = false;
      this.inspected = this.#selection;
      this.inspectedView = this.#view;
      this.#hooks();
    };
    this.#afterFrame(run);
  }

  /** Runs `run` in a task after the next frame has been drawn. */
  #afterFrame(run: () => void): void {
    void this.#frame().then(() => setTimeout(run, 0));
  }

  // --- Text -----------------------------------------------------------------------

  /**
   * Opens the inline editor for a new card in `cell` (an occupied one-card cell edits its card).
   * A lane of pictures asks for the picture instead: the new card holds it, its caption is
   * written after.
   */
  beginNewCard(cell: Cell, score: number | null = null): void {
    const map = this.map;
    const lane = map ? laneOf(map, cell.lane) : undefined;
    if (!map || !lane) return;
    if (holdsPictures(lane.kind)) {
      void this.addPicture(cell);
      return;
    }
    const existing = pointAt(map, cell.stage, cell.lane, this.activeCurve);
    if (existing) {
      this.beginEditCard(existing.id);
      return;
    }
    this.editing = {
      card: null,
      ...cell,
      original: '',
      score: holdsScore(lane.kind) ? (score ?? 0) : null,
      id: idMaker(map, this.#random)('c'),
    };
    this.selection = { kind: 'cell', ...cell };
  }

  /** Opens the inline editor on a card's text, the caret at `caret` (the end by default). */
  beginEditCard(id: string, caret?: number): void {
    const card = this.map?.cards.find((c) => c.id === id);
    if (!card) return;
    this.renaming = null;
    this.editing = { card: id, stage: card.stage, lane: card.lane, original: card.text, score: null, caret };
    this.selection = { kind: 'cards', ids: [id] };
  }

  /**
   * Ends inline editing with `text`. A new card is made only now, with its
   * text, so typing a card is one undo step; an empty new card is not made
   * (except an emotion point, which means something without words).
   */
  finishText(text: string): Promise<boolean> {
    const editing = this.editing;
    const map = this.map;
    this.editing = null;
    if (!editing || !map) return Promise.resolve(false);
    if (editing.card) {
      if (text === editing.original) {
        this.#dropPreview();
        return Promise.resolve(false);
      }
      return this.edit({ type: 'update_card', id: editing.card, patch: { text } });
    }
    if (text.trim() === '' && editing.score === null) {
      this.#dropPreview();
      return Promise.resolve(false);
    }
    const id = editing.id ?? idMaker(map, this.#random)('c');
    const card: Card = { id, stage: editing.stage, lane: editing.lane, text };
    if (editing.score !== null) Object.assign(card, { score: editing.score }, curveFields(this.activeCurve));
    return this.edit(insertCard(map, card), { select: { kind: 'cards', ids: [id] } });
  }

  cancelText(): void {
    this.editing = null;
    this.#dropPreview();
  }

  #previewToken = 0;
  #previewTimer: ReturnType<typeof setTimeout> | null = null;
  #previewBusy = false;
  #previewNext: string | null = null;

  /**
   * The text being typed changed: after a short rest, Rust lays the map out with it (nothing
   * stored) and the canvas shows that. One preview is out at a time; the latest text wins.
   * A card of a lane with one card a stage is typed under its point and is not previewed.
   */
  previewText(text: string): void {
    const editing = this.editing;
    const map = this.map;
    if (!editing || !map) return;
    const lane = laneOf(map, editing.lane);
    if (!lane || oneCardPerStage(lane.kind)) return;
    this.#previewNext = text;
    if (this.#previewTimer) clearTimeout(this.#previewTimer);
    this.#previewTimer = setTimeout(() => {
      this.#previewTimer = null;
      void this.#sendPreview();
    }, PREVIEW_MS);
  }

  async #sendPreview(): Promise<void> {
    if (this.#previewBusy) return;
    const editing = this.editing;
    const map = this.map;
    const mapId = this.view?.id;
    const text = this.#previewNext;
    if (!editing || !map || !mapId || text === null) return;
    this.#previewNext = null;
    const edit: Edit | null = editing.card
      ? { type: 'update_card', id: editing.card, patch: { text } }
      : editing.id
        ? insertCard(map, { id: editing.id, stage: editing.stage, lane: editing.lane, text })
        : null;
    if (!edit) return;
    const token = this.#previewToken;
    this.#previewBusy = true;
    try {
      const view = await this.#backend.previewEdit(mapId, edit);
      // Dropped if an answer came meanwhile, or typing ended, or another map is open.
      if (token === this.#previewToken && this.editing === editing && view.id === this.view?.id) this.previewScene = view.scene;
    } catch {
      // A preview that fails changes nothing: the text is still stored when typing ends.
    } finally {
      this.#previewBusy = false;
    }
    if (this.#previewNext !== null && this.editing === editing) void this.#sendPreview();
  }

  #shapeBusy = false;
  #shapeNext: Edit | null = null;

  /**
   * A drag that reshapes the map (a stage's width) shows its result as it goes: Rust lays the
   * map out with `edit`, nothing stored. One preview is out at a time; the latest edit wins.
   */
  previewEdit(edit: Edit): void {
    this.#shapeNext = edit;
    void this.#sendShape();
  }

  async #sendShape(): Promise<void> {
    if (this.#shapeBusy) return;
    const edit = this.#shapeNext;
    const mapId = this.view?.id;
    if (!edit || !mapId) return;
    this.#shapeNext = null;
    const token = this.#previewToken;
    this.#shapeBusy = true;
    try {
      const view = await this.#backend.previewEdit(mapId, edit);
      if (token === this.#previewToken && view.id === this.view?.id) this.previewScene = view.scene;
    } catch {
      // A preview that fails changes nothing: the edit is still sent when the drag ends.
    } finally {
      this.#shapeBusy = false;
    }
    if (this.#shapeNext) void this.#sendShape();
  }

  #fieldTimer: ReturnType<typeof setTimeout> | null = null;
  /** A side-panel field is being typed and the canvas shows (or will) its value. */
  #fieldShown = false;

  /**
   * A side-panel field is typed: after `PREVIEW_MS` of rest the canvas shows the map with `edit`
   * (nothing stored), as it shows a card's text as it is typed, so that leaving the field changes
   * nothing more on the canvas. Null: the field was left as it was; the canvas shows the map again.
   */
  previewField(edit: Edit | null): void {
    if (this.#fieldTimer !== null) clearTimeout(this.#fieldTimer);
    this.#fieldTimer = null;
    if (edit === null) {
      if (this.#fieldShown) this.endPreview(false);
      this.#fieldShown = false;
      return;
    }
    this.#fieldShown = true;
    this.#fieldTimer = setTimeout(() => {
      this.#fieldTimer = null;
      this.previewEdit(edit);
    }, PREVIEW_MS);
  }

  /**
   * The field is left changed: `edit` is sent (one undo step), and what the canvas shows of it
   * stays until the answer replaces it; a refusal shows the map as it was.
   */
  async commitField(edit: Edit): Promise<boolean> {
    if (this.#fieldTimer !== null) clearTimeout(this.#fieldTimer);
    this.#fieldTimer = null;
    const shown = this.#fieldShown;
    this.#fieldShown = false;
    if (!shown) return this.edit(edit);
    this.endPreview(true);
    const ok = await this.edit(edit);
    if (!ok) this.endPreview(false);
    return ok;
  }

  /** The drag ended: previews still on their way are dropped; `keep` leaves the last one shown until the edit's answer replaces it. */
  endPreview(keep: boolean): void {
    this.#shapeNext = null;
    this.#previewToken++;
    if (!keep) this.previewScene = null;
  }

  #dropPreview(): void {
    if (this.#previewTimer) clearTimeout(this.#previewTimer);
    this.#previewTimer = null;
    this.#previewNext = null;
    this.#previewToken++;
    this.previewScene = null;
  }

  // --- Stages and lanes ---------------------------------------------------------------

  /** Adds a stage, brings it into sight and opens its name for typing (the default name selected). */
  async addStage(title: string, index?: number): Promise<boolean> {
    const map = this.map;
    if (!map) return false;
    const id = idMaker(map, this.#random)('s');
    const at = Math.max(0, Math.min(index ?? map.stages.length, map.stages.length));
    const ok = await this.edit(insertStage(at, id, title), { select: { kind: 'stage', id } });
    if (ok) this.beginRename({ kind: 'stage', id });
    return ok;
  }

  /** Adds a lane, brings it into sight and opens its name for typing. */
  async addLane(kind: LaneKind, title: string, index?: number): Promise<boolean> {
    const map = this.map;
    if (!map) return false;
    const id = idMaker(map, this.#random)('l');
    const at = Math.max(0, Math.min(index ?? map.lanes.length, map.lanes.length));
    const ok = await this.edit(insertLane(at, id, kind, title), { select: { kind: 'lane', id } });
    if (ok) this.beginRename({ kind: 'lane', id });
    return ok;
  }

  // --- Renaming in place ------------------------------------------------------------

  /** Opens the name of a stage, a lane or the map for typing, over it on the canvas, brought into sight. */
  beginRename(target: RenameTarget): void {
    const map = this.map;
    const scene = this.scene;
    if (!map || !scene) return;
    const original =
      target.kind === 'title'
        ? map.title
        : target.kind === 'stage'
          ? map.stages.find((s) => s.id === target.id)?.title
          : map.lanes.find((l) => l.id === target.id)?.title;
    const hit = renameHit(scene, target);
    if (original === undefined || !hit) return;
    this.editing = null;
    if (target.kind !== 'title') this.selection = { kind: target.kind, id: target.id };
    // The header itself, not its copy stuck at the edge: the field goes over it.
    this.reveal(hit, 24, 'both', false);
    this.renaming = { ...target, original };
  }

  /** Ends renaming with `text` (trimmed): one edit when the name changed; the map keeps a title. */
  finishRename(text: string): Promise<boolean> {
    const r = this.renaming;
    this.renaming = null;
    const name = text.trim();
    if (!r || name === r.original.trim()) return Promise.resolve(false);
    switch (r.kind) {
      case 'title':
        return name === '' ? Promise.resolve(false) : this.edit({ type: 'set_title', title: name });
      case 'stage':
        return this.edit({ type: 'update_stage', id: r.id, patch: { title: name } });
      case 'lane':
        return this.edit({ type: 'update_lane', id: r.id, patch: { title: name } });
    }
  }

  cancelRename(): void {
    this.renaming = null;
  }

  // --- Where the canvas looks -----------------------------------------------------------

  /** Sets the view, keeping some of the Scene in sight. */
  setViewport(view: View): void {
    const scene = this.scene;
    const { width, height } = this.size;
    const zoom = clampZoom(view.zoom);
    const next = { ...view, zoom };
    this.viewport = scene && width > 0 && height > 0 ? clampView(next, panLimits(scene, zoom, width, height)) : next;
  }

  panBy(dx: number, dy: number): void {
    const v = this.viewport;
    this.setViewport({ zoom: v.zoom, x: v.x + dx, y: v.y + dy });
  }

  /** Zooms to `zoom` about `anchor` (screen px; the canvas centre by default). */
  zoomTo(zoom: number, anchor?: Point): void {
    const at = anchor ?? { x: this.size.width / 2, y: this.size.height / 2 };
    this.setViewport(zoomAt(this.viewport, zoom, at));
  }

  zoomStep(dir: 1 | -1, anchor?: Point): void {
    this.zoomTo(stepZoom(this.viewport.zoom, dir), anchor);
  }

  /** 100 % with the Scene's corner in the canvas's corner (the view a map opens with). */
  resetZoom(): void {
    this.viewport = IDENTITY;
  }

  /**
   * Pans just enough to bring `box` (Scene px) into sight along `axes`, clear of the stuck
   * headers (unless `clearSticky` is false: a header itself is revealed where it is drawn).
   */
  reveal(box: Box, margin = 24, axes: 'both' | 'x' | 'y' = 'both', clearSticky = true): void {
    const { width, height } = this.size;
    if (width <= 0 || height <= 0) return;
    const v = this.viewport;
    const z = v.zoom;
    // Cells lie right of the lane column and below the header row, so clearing where those
    // strips would be stuck is enough; at the home view that asks for no pan at all.
    const left = Math.max(margin, clearSticky ? (this.sticky?.column?.w ?? 0) * z : 0);
    const top = Math.max(margin, clearSticky ? (this.sticky?.band?.h ?? 0) * z : 0);
    const shift = (start: number, size: number, min: number, max: number) => {
      if (start < min) return min - start;
      if (start + size > max) return Math.max(min - start, max - (start + size));
      return 0;
    };
    const dx = axes === 'y' ? 0 : shift(box.x * z + v.x, box.w * z, left, width - margin);
    const dy = axes === 'x' ? 0 : shift(box.y * z + v.y, box.h * z, top, height - margin);
    if (dx !== 0 || dy !== 0) this.setViewport({ zoom: z, x: v.x + dx, y: v.y + dy });
  }

  /**
   * Brings what is selected into sight: a stage along the row, a lane down the column, a cell
   * or a single card both ways (a selection of several cards is left where it is).
   */
  revealSelection(sel: Selection = this.selection): void {
    const scene = this.scene;
    if (!scene) return;
    const hits = scene.hits;
    switch (sel.kind) {
      case 'stage':
      case 'lane': {
        const hit = hits.find((h) => h.target.kind === sel.kind && h.target.id === sel.id);
        if (hit) this.reveal(hit, 24, sel.kind === 'stage' ? 'x' : 'y');
        return;
      }
      case 'cell': {
        const hit = cellHit(hits, sel.stage, sel.lane);
        if (hit) this.reveal(hit);
        return;
      }
      case 'cards': {
        const hit = sel.ids.length === 1 ? hits.find((h) => h.target.kind === 'card' && h.target.id === sel.ids[0]) : undefined;
        if (hit) this.reveal(hit);
        return;
      }
    }
  }

  /**
   * Sets the view a map opens with (see `openingView`), once per opened map, as soon as the
   * canvas knows its size: the canvas calls this when it measures itself.
   */
  placeOpened(): void {
    const scene = this.scene;
    const { width, height } = this.size;
    if (!this.#placeOpened || !scene || width <= 0 || height <= 0) return;
    this.#placeOpened = false;
    this.setViewport(openingView(scene, width, height));
  }

  fit(): void {
    const scene = this.scene;
    if (!scene) return;
    this.setViewport(fitView(scene, this.size.width, this.size.height));
  }
}

/** The cell that paste acts on: the selected cell, or the first selected card's. */
function targetCellOf(map: JourneyMap, sel: Selection): Cell | null {
  if (sel.kind === 'cell') return { stage: sel.stage, lane: sel.lane };
  if (sel.kind === 'cards') {
    const card = map.cards.find((c) => sel.ids.includes(c.id));
    if (card) return { stage: card.stage, lane: card.lane };
  }
  return null;
}

/**
 * What the keys laid out ahead act on, as one string: the selected cards (up to
 * `AHEAD_MAX_CARDS`) or the selected cell; null for anything else.
 */
function aheadTarget(sel: Selection): string | null {
  if (sel.kind === 'cards') return sel.ids.length > 0 && sel.ids.length <= AHEAD_MAX_CARDS ? `cards\n${sel.ids.join('\n')}` : null;
  if (sel.kind === 'cell') return `cell\n${sel.stage}\n${sel.lane}`;
  return null;
}

/** Card `card`'s look laid out ahead, as the tiles paint it at its new place. */
/** The cards `looks` are of. */
function lookIds(looks: readonly CardLook[] | null | undefined): string[] {
  return (looks ?? []).flatMap((look) => (look.hit.target.kind === 'card' ? [look.hit.target.id] : []));
}

/** A card drawn from its look at the key (its hit region names it). */
function lookMoving(look: CardLook): Moving {
  const card = look.hit.target.kind === 'card' ? look.hit.target.id : '';
  const { x, y, w, h } = look.hit;
  const box = look.items.map(itemBox).reduce<Box | null>(union, null) ?? { x, y, w, h };
  return { card, items: look.items, box, hit: { x, y, w, h } };
}

/**
 * Whether a patch of the view leaves every hit region where it was but those of cards `ids` (moved
 * or gone): no other card, cell or header moves.
 */
function onlyThese(patch: ViewPatch, ids: readonly string[]): boolean {
  return patch.scene.hits.runs.every((run) => {
    if ('keep' in run) return true;
    if ('moved' in run) return false;
    return run.add.every((h) => h.target.kind === 'card' && ids.includes(h.target.id));
  });
}

/** The selection without what the new map no longer has: the same object when it has it all. */
function prune(sel: Selection, map: JourneyMap): Selection {
  switch (sel.kind) {
    case 'cards': {
      const cards = new Set(map.cards.map((c) => c.id));
      const ids = sel.ids.filter((id) => cards.has(id));
      if (ids.length === sel.ids.length && ids.length > 0) return sel;
      return ids.length > 0 ? { kind: 'cards', ids } : NOTHING;
    }
    case 'cell':
      return map.stages.some((s) => s.id === sel.stage) && map.lanes.some((l) => l.id === sel.lane) ? sel : NOTHING;
    case 'stage':
      return map.stages.some((s) => s.id === sel.id) ? sel : NOTHING;
    case 'lane':
      return map.lanes.some((l) => l.id === sel.id) ? sel : NOTHING;
    default:
      return sel;
  }
}

/**
 * What undo and redo will show once `step` has been answered with `view`, taken from `before` (the
 * view shown before it, or before what was drawn ahead of it), given what they would have shown
 * before it (`steps`, which holds only if taken from `before`).
 */
function stepsAfter(steps: Steps | null, step: Step, before: MapView, view: MapView): Steps {
  const held = steps?.at === before ? steps : { at: before, undo: [], redo: [] };
  let { undo, redo } = held;
  if (step === 'undo') {
    // The view the undo left, with the link of the step it took back.
    redo = [...redo, { view: before, link: undo.at(-1)?.link }];
    undo = undo.slice(0, -1);
  } else if (step === 'redo') {
    undo = [...undo, { view: before, link: redo.at(-1)?.link }];
    redo = redo.slice(0, -1);
  } else {
    undo = [...undo, { view: before, link: stepLink(before.scene.items, view.scene.items) }];
    redo = [];
  }
  // The oldest go first, the redos before the undos.
  while (undo.length + redo.length > STEPS_KEPT) {
    if (redo.length > 0 && redo.length >= undo.length) redo = redo.slice(1);
    else undo = undo.slice(1);
  }
  return { at: view, undo, redo };
}
