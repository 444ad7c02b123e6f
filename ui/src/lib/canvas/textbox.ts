import type { Face, Hit, Item, JourneyMap, Scene } from '../bindings';
import type { Box } from './geometry';
import { holdsMetric, oneCardPerStage } from '../kinds';
import { cardHit, cellHit } from './hit';
import type { Drawing } from './segments';

/** The font list every Scene text uses (the same as the SVG export's). */
export const FONT_STACK = "Inter, 'Twemoji Mozilla', 'Noto Sans Arabic', 'Noto Sans Hebrew', 'Droid Sans Fallback', sans-serif";

/** The font list of a text in `face` (a map's typeface): the face, then Inter's list (the SVG export's too). */
export function fontStack(face?: Face | null): string {
  switch (face) {
    case 'serif':
      return `'Source Serif 4', ${FONT_STACK.replace('sans-serif', 'serif')}`;
    case 'rounded':
      return `Nunito, ${FONT_STACK}`;
    default:
      return FONT_STACK;
  }
}

// Each face's vertical metrics (em, from its hhea table): where CSS puts the baseline inside a line box.
const METRICS: Record<Face, { ascent: number; descent: number }> = {
  sans: { ascent: 0.96875, descent: 0.2421875 },
  serif: { ascent: 1.036, descent: 0.335 },
  rounded: { ascent: 1.011, descent: 0.353 },
};

/** Distance from the top of a CSS line box to its baseline, in `face`. */
export function baselineInLine(size: number, lineHeight: number, face: Face = 'sans'): number {
  const { ascent, descent } = METRICS[face];
  return (lineHeight - (ascent + descent) * size) / 2 + ascent * size;
}

/** Where the inline text editor sits (Scene px) and the type it shows, matched to the card's own text. */
export interface TextBox extends Box {
  size: number;
  weight: number;
  lineHeight: number;
  padX: number;
  padTop: number;
  align: 'left' | 'center';
  /** Fill of the card, so the editor covers the drawn text. */
  fill: string;
}

export interface TextTarget {
  card: string | null;
  stage: string;
  lane: string;
}

const CARD_TEXT = { size: 13, lineHeight: 18, pad: 10 };
const SMALL_TEXT = { size: 12, lineHeight: 16 };

/**
 * The box for editing a card's text: over the card's box with its first line
 * where the drawn first line is; for a card not made yet, below the cell's
 * last card. Emotion points and funnel bars get a box under them for the
 * text drawn there. Only placement for the editor: the card's real place
 * comes from Rust once the text is stored.
 */
export function textBox(scene: Scene, drawing: Drawing, map: JourneyMap, target: TextTarget): TextBox | null {
  const cell = cellHit(scene.hits, target.stage, target.lane);
  const lane = map.lanes.find((l) => l.id === target.lane);
  if (!cell || !lane) return null;
  // A point of a curve, a funnel bar or a metric's value: its text goes under it.
  const single = oneCardPerStage(lane.kind) || holdsMetric(lane.kind);

  if (target.card) {
    const hit = cardHit(scene.hits, target.card);
    const segment = drawing.segments.find((s) => s.card === target.card);
    if (!hit) return null;
    if (!segment || single) return under(cell, hit.y + hit.h + 4);
    return overCard(hit, segment.items);
  }
  if (single) return under(cell, cell.y + cell.h / 2);
  const boxes = map.cards
    .filter((c) => c.stage === target.stage && c.lane === target.lane)
    .map((c) => cardHit(scene.hits, c.id))
    .filter((h): h is Hit => h !== undefined);
  const last = boxes[boxes.length - 1];
  const x = last ? last.x : cell.x + 8;
  const w = last ? last.w : cell.w - 16;
  const y = last ? last.y + last.h + 8 : cell.y + 8;
  return {
    x,
    y,
    w,
    h: CARD_TEXT.lineHeight + 2 * CARD_TEXT.pad,
    size: CARD_TEXT.size,
    weight: 400,
    lineHeight: CARD_TEXT.lineHeight,
    padX: CARD_TEXT.pad,
    padTop: CARD_TEXT.pad,
    align: 'left',
    fill: '#FFFFFF',
  };
}

function under(cell: Box, y: number): TextBox {
  return {
    x: cell.x + 12,
    y,
    w: cell.w - 24,
    h: SMALL_TEXT.lineHeight + 12,
    size: SMALL_TEXT.size,
    weight: 400,
    lineHeight: SMALL_TEXT.lineHeight,
    padX: 6,
    padTop: 6,
    align: 'center',
    fill: '#FFFFFF',
  };
}

function overCard(hit: Box, items: readonly Item[]): TextBox {
  const first = items[0];
  const fill = first?.type === 'rect' && first.fill ? first.fill : '#FFFFFF';
  // The card's own text is its regular-weight lines; labels and pills are bolder.
  const lines = items.filter((i): i is Extract<Item, { type: 'text' }> => i.type === 'text' && i.weight < 600);
  const icon = items.find((i) => i.type === 'icon');
  const box = { x: hit.x, y: hit.y, w: hit.w, h: hit.h, weight: 400, align: 'left' as const, fill };
  const line0 = lines[0];
  if (!line0) {
    const top = icon && icon.type === 'icon' ? icon.y + icon.size + 8 - hit.y : CARD_TEXT.pad;
    return { ...box, size: CARD_TEXT.size, lineHeight: CARD_TEXT.lineHeight, padX: CARD_TEXT.pad, padTop: top };
  }
  const line1 = lines[1];
  const lineHeight = line1 ? line1.y - line0.y : (line0.size * CARD_TEXT.lineHeight) / CARD_TEXT.size;
  return {
    ...box,
    size: line0.size,
    weight: line0.weight,
    lineHeight,
    padX: line0.x - hit.x,
    padTop: line0.y - hit.y - baselineInLine(line0.size, lineHeight, line0.face ?? 'sans'),
  };
}

/** The width of `text` in the Scene's font at `size` and `weight` (Scene px). */
export type Measure = (text: string, size: number, weight: number) => number;

/** A measure from a 2D canvas in the page's fonts; an estimate where there is no canvas (tests). */
export function pageMeasure(): Measure {
  const ctx = typeof document !== 'undefined' ? document.createElement('canvas').getContext?.('2d') : null;
  if (!ctx) return (text, size) => text.length * size * 0.55;
  return (text, size, weight) => {
    ctx.font = `${weight} ${size}px ${FONT_STACK}`;
    return ctx.measureText(text).width;
  };
}

/**
 * Where in a card's text a point falls (the caret's offset): the drawn line under the point
 * (its regular-weight lines, the way the layout wrapped them), then the character nearest to
 * the point along it. A point above the first line or below the last one falls in that line;
 * a card drawn without its lines gives the end of the text.
 */
export function caretAt(items: readonly Item[], text: string, p: { x: number; y: number }, measure: Measure): number {
  const lines = items.filter((i): i is Extract<Item, { type: 'text' }> => i.type === 'text' && i.weight < 600);
  // Each drawn line's start in the text: the layout breaks at spaces and line ends, in order.
  const starts: number[] = [];
  let from = 0;
  for (const line of lines) {
    const at = text.indexOf(line.text, from);
    if (at < 0) return text.length;
    starts.push(at);
    from = at + line.text.length;
  }
  if (lines.length === 0) return text.length;
  // The line whose band (baseline − size … baseline + a third of size) holds the point, else the nearest.
  let index = 0;
  let best = Infinity;
  lines.forEach((line, i) => {
    const mid = line.y - line.size * 0.35;
    const d = Math.abs(p.y - mid);
    if (d < best) {
      best = d;
      index = i;
    }
  });
  const line = lines[index]!;
  const dx = p.x - line.x;
  let offset = 0;
  let prev = 0;
  for (let n = 1; n <= line.text.length; n++) {
    const w = measure(line.text.slice(0, n), line.size, line.weight);
    if (w >= dx) {
      offset = dx - prev < w - dx ? n - 1 : n;
      break;
    }
    prev = w;
    offset = n;
  }
  return starts[index]! + offset;
}
