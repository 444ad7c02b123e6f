import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { AppError, Edit, Hit, JourneyMap, ListPatch, MapView, Run, Scene, ViewPatch, ViewUpdate } from '../bindings';
import { applyViewPatch } from '../backend/patch';

/*
 * Rust's real answers for the unit tests. A test opens a map and takes steps
 * on it (edits, undo, redo, a route shown or hidden); what Rust answered each
 * step is in `answers/<map>.json.gz`, written by the cargo test
 * `src-tauri/api/tests/ui_answers.rs`, which plays the same steps on a real
 * library and fails when an answer is out of date. A step nobody recorded
 * fails the test; `make ui-answers` runs the tests in recording mode, which
 * writes what they asked for to `answers/requests/`, then has Rust answer it.
 */

const DIR = `${process.cwd()}/src/lib/testing/answers/`;
const REQUESTS = `${DIR}requests/`;

/** Set by `make ui-answers`: record the steps instead of failing on a missing answer. */
export const RECORDING = process.env.TRAVESIA_RECORD_ANSWERS === '1';

/** One step the page takes on an open map. */
export type Op =
  | { op: 'edit'; edit: Edit }
  | { op: 'undo' }
  | { op: 'redo' }
  | { op: 'route'; route: string; visible: boolean }
  | { op: 'persona'; persona: string | null };

type Answer = { update: ViewUpdate } | { error: AppError };

interface Answers {
  key: string;
  open: MapView;
  steps: Record<string, Answer>;
}

/** JSON with its keys in order and without undefined fields: the same value, the same text. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonical(v))).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** A short name for a value (a map, a list of steps). */
export function keyOf(value: unknown): string {
  return createHash('sha1').update(canonical(value)).digest('hex').slice(0, 16);
}

const loaded = new Map<string, Answers | null>();

function answersOf(key: string): Answers | null {
  if (!loaded.has(key)) {
    const file = `${DIR}${key}.json.gz`;
    loaded.set(key, existsSync(file) ? (JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')) as Answers) : null);
  }
  return loaded.get(key) ?? null;
}

/**
 * Steps of the running test that had no answer (the page may have caught the
 * error and shown it): setup.ts fails the test with them, so the cause is
 * said even when the test's own assertions would only see its effect.
 */
export const missingAnswers: string[] = [];

function missing(what: string): Error {
  const message = `no answer from Rust for ${what}: run \`make ui-answers\` to record it (a test's map or steps changed)`;
  missingAnswers.push(message);
  return new Error(message);
}

/** What an open map shows before Rust has answered it (recording only). */
const NOTHING: Scene = {
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

/** Every lineage of this test file, for the requests it makes (recording only). */
const lineages: Lineage[] = [];

/**
 * A map as Rust opened it and the steps taken on it since: `view` is the
 * view Rust answered last (a refused step leaves it as it was).
 */
export class Lineage {
  readonly key: string;
  readonly ops: Op[] = [];
  readonly keys: string[] = [];
  view: MapView;

  constructor(readonly base: JourneyMap) {
    this.key = keyOf(base);
    if (RECORDING) lineages.push(this);
    const answers = answersOf(this.key);
    if (answers) this.view = structuredClone(answers.open);
    else if (RECORDING)
      this.view = { id: base.id ?? '', rev: 1, map: structuredClone(base), scene: NOTHING, history: { can_undo: false, can_redo: false, undo: null, redo: null }, hidden_routes: [], persona: null };
    else throw missing(`the map “${base.title}” (${this.key})`);
  }

  /**
   * What a step would answer, without taking it (a preview): Rust answers it on a line of its
   * own, these steps and then that one; this line goes on as it was.
   */
  peek(op: Op): { view: MapView } | { error: AppError } {
    const branch = new Lineage(this.base);
    branch.ops.push(...structuredClone(this.ops));
    branch.keys.push(...this.keys);
    branch.view = structuredClone(this.view);
    return branch.step(op);
  }

  /** Takes one step: Rust's view afterwards, or its refusal. */
  step(op: Op): { view: MapView } | { error: AppError } {
    this.ops.push(structuredClone(op));
    const key = keyOf(this.ops);
    this.keys.push(key);
    const answer = answersOf(this.key)?.steps[key];
    if (!answer) {
      if (RECORDING) return { view: this.view };
      throw missing(`step ${this.ops.length} (${op.op}) on “${this.base.title}” (${this.key}/${key})`);
    }
    if ('error' in answer) return { error: structuredClone(answer.error) };
    const update = answer.update;
    const view = update.kind === 'full' ? update.view : applyViewPatch(this.view, update.patch);
    if (!view) throw new Error(`the answer to step ${key} is a patch of another view`);
    this.view = structuredClone(view);
    return { view: structuredClone(view) };
  }
}

/** Rust's view of a map as it opens. */
/**
 * Rust's view after `edit` (its recorded answer) as `cards_ahead` gives it: a patch of `base`
 * that gives every part whole.
 */
export function aheadPatch(base: MapView, edit: Edit): ViewPatch {
  const after = new Lineage(base.map).step({ op: 'edit', edit });
  if ('error' in after) throw new Error('the edit was refused');
  const next = after.view;
  const { cards, personas, ...rest } = next.map;
  const { items, hits, ...frame } = next.scene;
  return {
    id: base.id,
    base: base.rev,
    rev: 0,
    map: { rest: { ...rest, cards: [] }, cards: { runs: [{ add: cards }] }, ...(personas ? { personas: { runs: [{ add: personas }] } } : {}) },
    scene: { frame: { ...frame, items: [], hits: [] }, items: { runs: [{ add: items }] }, hits: keptOrAdded(base.scene.hits, hits) },
    history: base.history,
    hidden_routes: base.hidden_routes,
    persona: base.persona,
  };
}

/** `now` as a patch of `old`: each hit region the same as one of `old` kept from there, the others added (as Rust's diff does). */
function keptOrAdded(old: readonly Hit[], now: readonly Hit[]): ListPatch<Hit> {
  const at = new Map(old.map((h, i) => [JSON.stringify(h), i]));
  const runs: Run<Hit>[] = [];
  for (const hit of now) {
    const i = at.get(JSON.stringify(hit));
    const last = runs.at(-1);
    if (i === undefined) {
      if (last && 'add' in last) last.add.push(hit);
      else runs.push({ add: [hit] });
    } else if (last && 'keep' in last && last.keep[0] + last.keep[1] === i) last.keep[1]++;
    else runs.push({ keep: [i, 1] });
  }
  return { runs };
}

export function openView(map: JourneyMap): MapView {
  return structuredClone(new Lineage(map).view);
}

/** The map after one edit, as Rust applies it; throws Rust's refusal. */
export function applied(map: JourneyMap, edit: Edit): JourneyMap {
  const answer = new Lineage(map).step({ op: 'edit', edit });
  if ('error' in answer) throw answer.error;
  return answer.view.map;
}

interface RequestFile {
  key: string;
  base: JourneyMap;
  lines: { ops: Op[]; keys: string[] }[];
}

/**
 * Writes this test file's maps and steps to `answers/requests/`, one file a
 * map and test file, so files that run at the same time never write the
 * same one (recording only). A line that another extends is left out: Rust
 * answers the longer one's steps on the way.
 */
export function writeRequests(testFile: string): void {
  if (!RECORDING || lineages.length === 0) return;
  mkdirSync(REQUESTS, { recursive: true });
  const byBase = new Map<string, RequestFile>();
  for (const l of lineages.splice(0)) {
    const req = byBase.get(l.key) ?? { key: l.key, base: l.base, lines: [] };
    byBase.set(l.key, req);
    req.lines.push({ ops: l.ops, keys: l.keys });
  }
  const extending = (a: string[], b: string[]) => a.length > b.length && b.every((k, i) => a[i] === k);
  for (const req of byBase.values()) {
    const seen = new Set<string>();
    req.lines = req.lines.filter((line) => {
      const id = line.keys.join(' ');
      if (seen.has(id)) return false;
      seen.add(id);
      return !req.lines.some((other) => extending(other.keys, line.keys));
    });
    writeFileSync(`${REQUESTS}${req.key}--${keyOf(testFile)}.json.gz`, gzipSync(JSON.stringify(req)));
  }
}
