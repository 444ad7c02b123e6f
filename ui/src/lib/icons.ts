import type { Channel } from './bindings';

// The channel icon set at the repository root (`icons/channels`), the same
// files the exports embed. Read as text at build time and reduced to path data.
const SOURCES = import.meta.glob('../../../icons/channels/*.svg', {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;

/**
 * The `d` of each stroke in an icon file, leaving out Tabler's invisible
 * 24×24 frame (`stroke="none"`), like the Rust renderer's `icons::paths`.
 */
export function strokes(svg: string): string[] {
  const out: string[] = [];
  for (const element of svg.split('<path').slice(1)) {
    const attrs = element.split('/>')[0] ?? '';
    if (attrs.includes('stroke="none"')) continue;
    const d = /\bd="([^"]*)"/.exec(attrs)?.[1];
    if (d) out.push(d);
  }
  return out;
}

export const ICONS: ReadonlyMap<string, string[]> = new Map(
  Object.entries(SOURCES).map(([path, svg]) => [path.slice(path.lastIndexOf('/') + 1, -'.svg'.length), strokes(svg)]),
);

export const CHANNELS: readonly Channel[] = [
  'web',
  'app',
  'email',
  'social',
  'search',
  'ads',
  'phone',
  'chat',
  'store',
  'event',
  'print',
  'word_of_mouth',
  'marketplace',
  'other',
];

/** The symbol id an icon is drawn from; unknown names get "other", as in the exports. */
export function iconId(name: string): string {
  return `icon-${ICONS.has(name) ? name : 'other'}`;
}
