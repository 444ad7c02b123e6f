import type { Edit, Theme } from './bindings';
import type { MessageKey } from './i18n.svelte';

export interface Swatch {
  name: MessageKey;
  hex: string;
}

/** Light fills for cards: the card text is dark ink, so it stays readable on all of them. */
export const CARD_COLORS: readonly Swatch[] = [
  { name: 'color.yellow', hex: '#FFF3BF' },
  { name: 'color.orange', hex: '#FFE8CC' },
  { name: 'color.red', hex: '#FFE3E3' },
  { name: 'color.pink', hex: '#FFDEEB' },
  { name: 'color.violet', hex: '#E5DBFF' },
  { name: 'color.blue', hex: '#D0EBFF' },
  { name: 'color.teal', hex: '#C3FAE8' },
  { name: 'color.green', hex: '#D3F9D8' },
  { name: 'color.gray', hex: '#F1F3F5' },
];

/** Strong colours for stage headers (white text on them) and lane accents. */
export const STRONG_COLORS: readonly Swatch[] = [
  { name: 'color.navy', hex: '#1F3A60' },
  { name: 'color.blue', hex: '#1971C2' },
  { name: 'color.teal', hex: '#0C8599' },
  { name: 'color.green', hex: '#2F9E44' },
  { name: 'color.yellow', hex: '#F59F00' },
  { name: 'color.orange', hex: '#E8590C' },
  { name: 'color.red', hex: '#E03131' },
  { name: 'color.pink', hex: '#D6336C' },
  { name: 'color.violet', hex: '#7950F2' },
  { name: 'color.gray', hex: '#495057' },
];

/** `#RRGGBB`, the only colour form the file format takes. */
export function isColor(value: string): boolean {
  return /^#[0-9a-fA-F]{6}$/.test(value);
}

/**
 * A designed look for the whole map: the accent (the poster's header, and the stages that set no
 * colour of their own), the stages' colours and the lanes' colours, each list taken in turn.
 * Every colour carries white or dark text at 4.5:1 at least (the layout picks which).
 */
export interface Palette {
  id: string;
  name: MessageKey;
  accent: string;
  stages: readonly string[];
  lanes: readonly string[];
}

/** The palettes offered, after Travesía's own look (no colours set: each lane its kind's colour). */
export const PALETTES: readonly Palette[] = [
  {
    id: 'ocean',
    name: 'palette.ocean',
    accent: '#0B3954',
    stages: ['#0B7285', '#1864AB', '#364FC7', '#5F3DC4', '#087F5B', '#0B3954'],
    lanes: ['#1098AD', '#1C7ED6', '#4C6EF5', '#7048E8', '#0CA678'],
  },
  {
    id: 'sunset',
    name: 'palette.sunset',
    accent: '#5C2A1E',
    stages: ['#D9480F', '#C92A2A', '#A61E4D', '#862E9C', '#E67700', '#5C2A1E'],
    lanes: ['#F76707', '#E03131', '#D6336C', '#AE3EC9', '#F59F00'],
  },
  {
    id: 'forest',
    name: 'palette.forest',
    accent: '#1B4332',
    stages: ['#2B8A3E', '#087F5B', '#5C940D', '#0B7285', '#2F9E44', '#1B4332'],
    lanes: ['#37B24D', '#12B886', '#74B816', '#15AABF', '#F59F00'],
  },
  {
    id: 'sober',
    name: 'palette.sober',
    accent: '#212529',
    stages: ['#343A40', '#495057', '#343A40', '#495057', '#343A40', '#495057'],
    lanes: ['#495057', '#868E96', '#343A40', '#5C6770'],
  },
];

type StageOrLane = { id: string; color?: string | null };
type Themed = { theme?: Theme | null; stages: readonly StageOrLane[]; lanes: readonly StageOrLane[] };

const same = (a: string | null | undefined, b: string | null | undefined) => (a ?? null)?.toUpperCase() === (b ?? null)?.toUpperCase();

/**
 * The one edit that gives `map` a palette (none: Travesía's own look, every colour cleared): the
 * accent in its theme (its other theme fields kept), each stage and lane the palette's colour in
 * turn. Only what changes is in it; null when nothing would.
 */
export function paletteEdit(map: Themed, palette: Palette | null): Edit | null {
  const edits: Edit[] = [];
  const accent = palette?.accent ?? null;
  if (!same(map.theme?.accent, accent)) edits.push(accentEdit(map, accent));
  map.stages.forEach((s, i) => {
    const color = palette ? palette.stages[i % palette.stages.length]! : null;
    if (!same(s.color, color)) edits.push({ type: 'update_stage', id: s.id, patch: { color } });
  });
  map.lanes.forEach((l, i) => {
    const color = palette ? palette.lanes[i % palette.lanes.length]! : null;
    if (!same(l.color, color)) edits.push({ type: 'update_lane', id: l.id, patch: { color } });
  });
  if (edits.length === 0) return null;
  return edits.length === 1 ? edits[0]! : { type: 'batch', edits };
}

/** The edit that sets the fields of `patch` in `map`'s theme (null: cleared), its other fields kept; no theme left when nothing is set. */
export function themeEdit(map: Pick<Themed, 'theme'>, patch: Partial<Theme>): Edit {
  const theme: Theme = { ...map.theme, ...patch };
  const empty = Object.values(theme).every((v) => v === null || v === undefined);
  return { type: 'set_theme', theme: empty ? null : theme };
}

/** The edit that gives `map` accent `accent` (none: the default). */
export function accentEdit(map: Pick<Themed, 'theme'>, accent: string | null): Edit {
  return themeEdit(map, { accent });
}

/** What a poster's footer line can say, in the order the format lists them (FOOTER_FIELDS in Rust). */
export const FOOTER_FIELDS = ['company', 'version', 'date', 'confidential'] as const;
export type FooterField = (typeof FOOTER_FIELDS)[number];

/** The footer `fields` with `field` turned on or off; on, in FOOTER_FIELDS order; none left: null. */
export function footerWith(fields: readonly string[] | null | undefined, field: FooterField, on: boolean): string[] | null {
  const now = new Set(fields ?? []);
  if (on) now.add(field);
  else now.delete(field);
  const next = FOOTER_FIELDS.filter((f) => now.has(f));
  return next.length === 0 ? null : next;
}

/** The text sizes offered for a map (`theme.font_scale`); 1 is stored as none. */
export const TEXT_SCALES = [0.85, 1, 1.15, 1.3] as const;

/** The palette `map` is dressed in: its id, 'none' for Travesía's own look, null for a look of its own. */
export function paletteOf(map: Themed): string | null {
  for (const p of [null, ...PALETTES]) {
    if (paletteEdit(map, p) === null) return p?.id ?? 'none';
  }
  return null;
}
