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
