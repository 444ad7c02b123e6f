import type { AppError, Card, CardPlace, Edit, JourneyMap } from '../bindings';

/**
 * Applies an edit to a map the way `travesia_core::edit::apply` does, for the
 * mock backend only (unit tests and the browser demo). It covers the edits
 * the editor sends; the real rules live in Rust. Throws an AppError and may
 * leave `map` half changed, so callers apply to a copy.
 */
export function applyToMap(map: JourneyMap, edit: Edit): void {
  switch (edit.type) {
    case 'set_title':
      if (edit.title.length === 0) fail('invalid_input', 'title: must not be empty');
      map.title = edit.title;
      return;
    case 'set_description':
      map.description = edit.description;
      return;
    case 'insert_stage':
      fresh(map, edit.stage.id);
      range(edit.index, map.stages.length);
      map.stages.splice(edit.index, 0, structuredClone(edit.stage));
      return;
    case 'update_stage': {
      const stage = map.stages.find((s) => s.id === edit.id) ?? missing('stage', edit.id);
      Object.assign(stage, edit.patch);
      return;
    }
    case 'move_stage':
      move(map.stages, index(map.stages, edit.id, 'stage'), edit.index);
      return;
    case 'delete_stage':
      map.stages.splice(index(map.stages, edit.id, 'stage'), 1);
      map.cards = map.cards.filter((c) => c.stage !== edit.id);
      pruneSteps(map);
      return;
    case 'insert_lane':
      fresh(map, edit.lane.id);
      range(edit.index, map.lanes.length);
      map.lanes.splice(edit.index, 0, structuredClone(edit.lane));
      return;
    case 'update_lane': {
      const lane = map.lanes.find((l) => l.id === edit.id) ?? missing('lane', edit.id);
      Object.assign(lane, edit.patch);
      return;
    }
    case 'move_lane':
      move(map.lanes, index(map.lanes, edit.id, 'lane'), edit.index);
      return;
    case 'delete_lane':
      map.lanes.splice(index(map.lanes, edit.id, 'lane'), 1);
      map.cards = map.cards.filter((c) => c.lane !== edit.id);
      pruneSteps(map);
      return;
    case 'insert_card':
      fresh(map, edit.card.id);
      checkCell(map, edit.card.stage, edit.card.lane, null);
      map.cards.splice(resolve(map, edit.card.stage, edit.card.lane, edit.place), 0, structuredClone(edit.card));
      return;
    case 'update_card': {
      const card = map.cards.find((c) => c.id === edit.id) ?? missing('card', edit.id);
      Object.assign(card, edit.patch);
      return;
    }
    case 'move_card': {
      const from = index(map.cards, edit.id, 'card');
      checkCell(map, edit.stage, edit.lane, edit.id);
      const [card] = map.cards.splice(from, 1) as [Card];
      card.stage = edit.stage;
      card.lane = edit.lane;
      map.cards.splice(resolve(map, edit.stage, edit.lane, edit.place), 0, card);
      return;
    }
    case 'delete_card':
      map.cards.splice(index(map.cards, edit.id, 'card'), 1);
      pruneSteps(map);
      return;
    case 'set_score':
    case 'set_funnel_value': {
      const existing = map.cards.find((c) => c.stage === edit.stage && c.lane === edit.lane);
      const patch = edit.type === 'set_score' ? { score: edit.score } : { value: edit.value };
      if (existing) Object.assign(existing, patch);
      else {
        fresh(map, edit.card_id);
        map.cards.push({ id: edit.card_id, stage: edit.stage, lane: edit.lane, text: '', ...patch });
      }
      return;
    }
    // --- personas (persona drawer) ---
    case 'insert_persona': {
      const list = (map.personas ??= []);
      fresh(map, edit.persona.id);
      if (list.some((p) => p.id === edit.persona.id)) fail('invalid_input', `the id "${edit.persona.id}" is already used in this map`);
      if (edit.persona.name.trim() === '') fail('invalid_input', 'name: must not be empty');
      range(edit.index, list.length);
      list.splice(edit.index, 0, structuredClone(edit.persona));
      return;
    }
    case 'update_persona': {
      const persona = (map.personas ?? []).find((p) => p.id === edit.id) ?? missing('persona', edit.id);
      if (edit.patch.name !== undefined && edit.patch.name.trim() === '') fail('invalid_input', 'name: must not be empty');
      // Like Rust's clearable fields: null takes the field away.
      for (const [key, value] of Object.entries(edit.patch)) {
        if (value === null) delete (persona as Record<string, unknown>)[key];
        else (persona as Record<string, unknown>)[key] = structuredClone(value);
      }
      return;
    }
    case 'move_persona': {
      const list = map.personas ?? [];
      move(list, index(list, edit.id, 'persona'), edit.index);
      return;
    }
    case 'delete_persona': {
      const list = map.personas ?? [];
      list.splice(index(list, edit.id, 'persona'), 1);
      return;
    }
    // --- end personas ---
    // --- routes (the routes panel) ---
    case 'insert_route': {
      fresh(map, edit.route.id);
      const routes = (map.routes ??= []);
      range(edit.index, routes.length);
      for (const step of edit.route.steps) index(map.cards, step, 'card');
      routes.splice(edit.index, 0, structuredClone(edit.route));
      return;
    }
    case 'update_route': {
      const route = (map.routes ?? []).find((r) => r.id === edit.id) ?? missing('route', edit.id);
      if (edit.patch.name !== undefined) route.name = edit.patch.name;
      if (edit.patch.color !== undefined) route.color = edit.patch.color;
      return;
    }
    case 'move_route': {
      const routes = map.routes ?? [];
      move(routes, index(routes, edit.id, 'route'), edit.index);
      return;
    }
    case 'delete_route': {
      const routes = map.routes ?? [];
      routes.splice(index(routes, edit.id, 'route'), 1);
      return;
    }
    case 'insert_route_step': {
      const route = (map.routes ?? []).find((r) => r.id === edit.route) ?? missing('route', edit.route);
      index(map.cards, edit.card, 'card');
      range(edit.index, route.steps.length);
      route.steps.splice(edit.index, 0, edit.card);
      return;
    }
    case 'move_route_step': {
      const route = (map.routes ?? []).find((r) => r.id === edit.route) ?? missing('route', edit.route);
      if (edit.from < 0 || edit.from >= route.steps.length) fail('invalid_input', `position ${edit.from} is out of range`);
      move(route.steps, edit.from, edit.to);
      return;
    }
    case 'delete_route_step': {
      const route = (map.routes ?? []).find((r) => r.id === edit.route) ?? missing('route', edit.route);
      if (edit.index < 0 || edit.index >= route.steps.length) fail('invalid_input', `position ${edit.index} is out of range`);
      route.steps.splice(edit.index, 1);
      return;
    }
    // --- end routes ---
    case 'batch':
      for (const e of edit.edits) applyToMap(map, e);
      return;
    default:
      fail('invalid_input', `the mock does not apply ${edit.type}`);
  }
}

/** Like Rust, cards that go take their route steps with them. */
function pruneSteps(map: JourneyMap): void {
  const cards = new Set(map.cards.map((c) => c.id));
  for (const r of map.routes ?? []) r.steps = r.steps.filter((s) => cards.has(s));
}

function fail(code: AppError['code'], message: string): never {
  throw { code, message } satisfies AppError;
}

function missing(kind: string, id: string): never {
  fail('not_found', `no ${kind} with id "${id}"`);
}

function index(list: { id: string }[], id: string, kind: string): number {
  const i = list.findIndex((x) => x.id === id);
  return i >= 0 ? i : missing(kind, id);
}

function range(i: number, len: number): void {
  if (i < 0 || i > len) fail('invalid_input', `position ${i} is out of range (0..=${len})`);
}

function fresh(map: JourneyMap, id: string): void {
  const all = [...map.stages, ...map.lanes, ...map.cards, ...(map.routes ?? [])];
  if (all.some((x) => x.id === id)) fail('invalid_input', `the id "${id}" is already used in this map`);
}

function move<T>(list: T[], from: number, to: number): void {
  if (to < 0 || to >= list.length) fail('invalid_input', `position ${to} is out of range`);
  const [item] = list.splice(from, 1) as [T];
  list.splice(to, 0, item);
}

function checkCell(map: JourneyMap, stage: string, lane: string, moving: string | null): void {
  if (!map.stages.some((s) => s.id === stage)) missing('stage', stage);
  const l = map.lanes.find((x) => x.id === lane) ?? missing('lane', lane);
  const single = l.kind === 'emotions' || l.kind === 'funnel';
  if (single && map.cards.some((c) => c.stage === stage && c.lane === lane && c.id !== moving)) {
    fail('invalid_input', `a ${l.kind} lane holds one card per stage`);
  }
}

/** A place as an index in `map.cards`, like `resolve_place` in Rust. */
function resolve(map: JourneyMap, stage: string, lane: string, place: CardPlace): number {
  if ('at' in place) {
    range(place.at, map.cards.length);
    return place.at;
  }
  const cell = map.cards.flatMap((c, i) => (c.stage === stage && c.lane === lane ? [i] : []));
  range(place.in_cell, cell.length);
  const at = cell[place.in_cell];
  if (at !== undefined) return at;
  const last = cell[cell.length - 1];
  return last === undefined ? map.cards.length : last + 1;
}
