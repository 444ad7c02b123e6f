import type { Card, Hit, Item, JourneyMap, Lane, Scene } from '../bindings';

/*
 * A rough stand-in for the Rust layout, for unit tests and the browser demo
 * (`npm run dev` without Tauri) only: the app always draws the Scene Rust
 * made. It keeps the poster's structure (title band, stage row, lanes with
 * cells, cards, emotion points with their dashed guides) so the editor can be
 * exercised, but it guesses line breaks by counting characters.
 */

const PAD = 40;
const HEAD_W = 196;
const COL_W = 248;
const GAP = 12;
const CELL_PAD = 8;
const CARD_PAD = 10;
const CARD_GAP = 8;
const LINE = 18;
const CHARS = 32;

const KIND_COLORS: Record<Lane['kind'], string> = {
  actions: '#4C6EF5',
  touchpoints: '#1098AD',
  thoughts: '#7950F2',
  emotions: '#E8590C',
  pains: '#E03131',
  opportunities: '#2F9E44',
  owners: '#495057',
  kpis: '#1C7ED6',
  funnel: '#0C8599',
  strategies: '#D6336C',
  text: '#868E96',
};

function wrap(text: string): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(' ')) {
      if (line && line.length + 1 + word.length > CHARS) {
        lines.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    lines.push(line);
  }
  return lines;
}

export function sketchLayout(map: JourneyMap): Scene {
  const items: Item[] = [];
  const hits: Hit[] = [];
  const n = Math.max(map.stages.length, 1);
  const gridX = PAD + HEAD_W + GAP;
  const width = gridX + n * COL_W + (n - 1) * GAP + PAD;
  const colX = (i: number) => gridX + i * (COL_W + GAP);
  const text = (x: number, y: number, t: string, size: number, weight: number, color: string) =>
    items.push({ type: 'text', x, y, w: t.length * size * 0.55, text: t, size, weight, color, rtl: false });

  items.push({ type: 'rect', x: 0, y: 0, w: width, h: 120, r: 0, fill: '#1F3A60', stroke_width: 0 });
  text(PAD, PAD + 30, map.title, 32, 700, '#FFFFFF');
  hits.push({ target: { kind: 'title' }, x: PAD, y: PAD, w: width - 2 * PAD, h: 40 });

  const stageTop = 144;
  const stageH = 56;
  map.stages.forEach((s, i) => {
    const x = colX(i);
    items.push({
      type: 'path',
      d: `M${x} ${stageTop} L${x + COL_W} ${stageTop} L${x + COL_W} ${stageTop + stageH} L${x} ${stageTop + stageH} Z`,
      fill: s.color ?? '#1F3A60',
      stroke_width: 0,
      dash: [],
    });
    text(x + 14, stageTop + 27, s.title, 15, 700, '#FFFFFF');
    hits.push({ target: { kind: 'stage', id: s.id }, x, y: stageTop, w: COL_W, h: stageH });
  });

  const gridTop = stageTop + stageH + GAP;
  let y = gridTop;
  /** Where each card was drawn, for the route connectors. */
  const boxes = new Map<string, { x: number; y: number; w: number; h: number }>();
  const cell = (stage: string, lane: string): Card[] =>
    map.cards.filter((c) => c.stage === stage && c.lane === lane);
  const cardH = (c: Card, lane: Lane) =>
    wrap(c.text).length * LINE + 2 * CARD_PAD + (lane.kind === 'touchpoints' ? 24 : 0);

  for (const lane of map.lanes) {
    const color = lane.color ?? KIND_COLORS[lane.kind];
    if (lane.collapsed) {
      items.push({ type: 'rect', x: PAD, y, w: width - 2 * PAD, h: 43, r: 8, fill: '#F1F3F5', stroke_width: 0 });
      text(PAD + 20, y + 26, lane.title, 14, 600, color);
      hits.push({ target: { kind: 'lane', id: lane.id }, x: PAD, y, w: HEAD_W, h: 43 });
      y += 43 + GAP;
      continue;
    }
    let rowH = 72;
    if (lane.kind === 'emotions') rowH = 176;
    else if (lane.kind === 'funnel') rowH = 100;
    else
      for (const s of map.stages) {
        const h = cell(s.id, lane.id).reduce((sum, c) => sum + cardH(c, lane) + CARD_GAP, CELL_PAD);
        rowH = Math.max(rowH, h - CARD_GAP + CELL_PAD);
      }
    items.push({ type: 'rect', x: PAD, y, w: HEAD_W, h: rowH, r: 8, fill: '#EEF2FF', stroke_width: 0 });
    items.push({ type: 'rect', x: PAD, y, w: 6, h: rowH, r: 3, fill: color, stroke_width: 0 });
    text(PAD + 20, y + 28, lane.title, 14, 600, color);
    hits.push({ target: { kind: 'lane', id: lane.id }, x: PAD, y, w: HEAD_W, h: rowH });
    map.stages.forEach((s, i) => {
      items.push({ type: 'rect', x: colX(i), y, w: COL_W, h: rowH, r: 8, fill: '#F8F9FA', stroke_width: 0 });
      hits.push({ target: { kind: 'cell', stage: s.id, lane: lane.id }, x: colX(i), y, w: COL_W, h: rowH });
    });
    if (lane.kind === 'emotions') {
      const plotTop = y + 24;
      for (const [score, dash] of [
        [2, [2, 4]],
        [0, [6, 4]],
        [-2, [2, 4]],
      ] as const) {
        const gy = plotTop + ((2 - score) / 4) * 96;
        items.push({
          type: 'path',
          d: `M${colX(0) + 8} ${gy} L${colX(map.stages.length - 1) + COL_W - 8} ${gy}`,
          stroke: '#CED4DA',
          stroke_width: 1,
          dash: [...dash],
        });
      }
      map.stages.forEach((s, i) => {
        hits.push({ target: { kind: 'point', stage: s.id, lane: lane.id }, x: colX(i), y, w: COL_W, h: rowH });
        const c = cell(s.id, lane.id)[0];
        if (c && c.score != null) {
          const cx = colX(i) + COL_W / 2;
          const cy = plotTop + ((2 - c.score) / 4) * 96;
          items.push({
            type: 'path',
            d: `M${cx + 14} ${cy} C${cx + 14} ${cy + 8} ${cx + 8} ${cy + 14} ${cx} ${cy + 14} C${cx - 8} ${cy + 14} ${cx - 14} ${cy + 8} ${cx - 14} ${cy} C${cx - 14} ${cy - 8} ${cx - 8} ${cy - 14} ${cx} ${cy - 14} C${cx + 8} ${cy - 14} ${cx + 14} ${cy - 8} ${cx + 14} ${cy} Z`,
            fill: '#F59F00',
            stroke: '#FFFFFF',
            stroke_width: 2,
            dash: [],
          });
          hits.push({ target: { kind: 'card', id: c.id }, x: cx - 16, y: cy - 16, w: 32, h: 32 });
          if (c.text) text(colX(i) + 12, y + 150, c.text, 12, 400, '#1F2933');
        }
      });
    } else if (lane.kind === 'funnel') {
      map.stages.forEach((s, i) => {
        const c = cell(s.id, lane.id)[0];
        if (!c) return;
        if (c.value != null) {
          items.push({ type: 'rect', x: colX(i) + 16, y: y + 16, w: COL_W - 32, h: 36, r: 6, fill: color, stroke_width: 0 });
          text(colX(i) + 110, y + 40, String(c.value), 13, 700, '#FFFFFF');
        }
        hits.push({ target: { kind: 'card', id: c.id }, x: colX(i), y, w: COL_W, h: 68 });
      });
    } else {
      map.stages.forEach((s, i) => {
        let cy = y + CELL_PAD;
        const x = colX(i) + CELL_PAD;
        const w = COL_W - 2 * CELL_PAD;
        for (const c of cell(s.id, lane.id)) {
          const h = cardH(c, lane);
          boxes.set(c.id, { x, y: cy, w, h });
          items.push({ type: 'rect', x, y: cy, w, h, r: 8, fill: c.color ?? '#FFFFFF', stroke: '#DEE2E6', stroke_width: 1 });
          let ty = cy + CARD_PAD;
          if (lane.kind === 'touchpoints') {
            items.push({ type: 'icon', name: c.channel ?? 'other', x: x + CARD_PAD, y: ty, size: 16, color });
            ty += 24;
          }
          wrap(c.text).forEach((line, k) => text(x + CARD_PAD, ty + 13 + k * LINE, line, 13, 400, '#1F2933'));
          hits.push({ target: { kind: 'card', id: c.id }, x, y: cy, w, h });
          cy += h + CARD_GAP;
        }
      });
    }
    y += rowH + GAP;
  }
  y = sketchRoutes(map, boxes, items, hits, y, width, text);
  return {
    width,
    height: y - GAP + PAD,
    background: '#FFFFFF',
    items,
    hits,
    warnings: [],
    min_font_size: 12,
    grid_left: gridX,
    grid_top: gridTop,
  };
}

/** Routes like the poster draws them: connectors from card to card, numbered badges, a legend. */
function sketchRoutes(
  map: JourneyMap,
  boxes: Map<string, { x: number; y: number; w: number; h: number }>,
  items: Item[],
  hits: Hit[],
  y: number,
  width: number,
  text: (x: number, y: number, t: string, size: number, weight: number, color: string) => void,
): number {
  const routes = map.routes ?? [];
  if (routes.length === 0) return y;
  for (const r of routes) {
    const color = r.color ?? '#1971C2';
    const placed = r.steps.flatMap((s) => (boxes.has(s) ? [boxes.get(s)!] : []));
    placed.forEach((a, i) => {
      const z = placed[i + 1];
      if (z) {
        const [x1, y1, x2, y2] = [a.x + a.w, a.y + a.h / 2, z.x, z.y + z.h / 2];
        const d = `M${x1} ${y1} C${(x1 + x2) / 2} ${y1} ${(x1 + x2) / 2} ${y2} ${x2} ${y2}`;
        items.push({ type: 'path', d, stroke: color, stroke_width: 3, dash: [] });
      }
      const cx = a.x + a.w - 10;
      items.push({ type: 'rect', x: cx - 10, y: a.y - 14, w: 20, h: 20, r: 10, fill: color, stroke: '#FFFFFF', stroke_width: 2 });
      text(cx - 3, a.y + 1, String(i + 1), 11, 700, '#FFFFFF');
    });
  }
  let lx = PAD;
  const ly = y + 8;
  for (const r of routes) {
    const w = 36 + r.name.length * 7;
    if (lx + w > width - PAD) break;
    items.push({ type: 'path', d: `M${lx} ${ly + 10} L${lx + 28} ${ly + 10}`, stroke: r.color ?? '#1971C2', stroke_width: 4, dash: [] });
    text(lx + 36, ly + 15, r.name, 13, 400, '#1F2933');
    hits.push({ target: { kind: 'route', id: r.id }, x: lx, y: ly, w, h: 20 });
    lx += w + 28;
  }
  return ly + 28 + GAP;
}

/** A small map of every common lane kind, for tests and the demo. */
export function sampleMap(id = 'map-1', title = 'Panadería del barrio'): JourneyMap {
  return {
    id,
    title,
    locale: 'es',
    stages: [
      { id: 's1', title: 'Descubre' },
      { id: 's2', title: 'Compra' },
      { id: 's3', title: 'Vuelve' },
    ],
    lanes: [
      { id: 'l-act', kind: 'actions', title: 'Qué hace' },
      { id: 'l-tp', kind: 'touchpoints', title: 'Puntos de contacto' },
      { id: 'l-emo', kind: 'emotions', title: 'Cómo se siente' },
      { id: 'l-fun', kind: 'funnel', title: 'Embudo' },
    ],
    cards: [
      { id: 'a1', stage: 's1', lane: 'l-act', text: 'Huele el pan al pasar' },
      { id: 'a2', stage: 's1', lane: 'l-act', text: 'Mira el escaparate' },
      { id: 'a3', stage: 's2', lane: 'l-act', text: 'Pide una barra y dos cruasanes para el desayuno' },
      { id: 't1', stage: 's1', lane: 'l-tp', text: 'Reseñas en el mapa', channel: 'search', online: true },
      { id: 't2', stage: 's2', lane: 'l-tp', text: 'Mostrador', channel: 'store', online: false },
      { id: 'e1', stage: 's1', lane: 'l-emo', text: 'Curiosidad', score: 1 },
      { id: 'e2', stage: 's2', lane: 'l-emo', text: 'Cola larga', score: -1 },
      { id: 'f1', stage: 's1', lane: 'l-fun', text: '', value: 1200 },
      { id: 'f2', stage: 's2', lane: 'l-fun', text: '', value: 300 },
    ],
  };
}
