/**
 * A card's evidence (format version 2): how sure the team is of it, where it
 * comes from, a quote or note, and the day it was found. Rust checks and
 * draws it; the page offers the choices and the "only assumptions" filter.
 */
import type { Card, Evidence, JourneyMap } from './bindings';
import { EVIDENCE_WORDS } from './bindings';
import { kindSpec } from './kinds';

/** How sure the team is of a card, from least to most (CONFIDENCES in Rust). */
export const CONFIDENCES = EVIDENCE_WORDS.confidences;
export type Confidence = (typeof CONFIDENCES)[number];
/** Each confidence's badge colour, as the poster draws it. */
export const CONFIDENCE_COLORS: Readonly<Record<Confidence, string>> = EVIDENCE_WORDS.colors;
/** Where a card's evidence comes from (SOURCES in Rust). */
export const SOURCES = EVIDENCE_WORDS.sources;

/** The card's confidence, when it says one this version knows. */
export function confidenceOf(card: Card): Confidence | null {
  const c = card.evidence?.confidence;
  return c && (CONFIDENCES as readonly string[]).includes(c) ? (c as Confidence) : null;
}

/** Whether the card's lane draws it as a card (where evidence is shown). */
export function drawnAsCard(map: JourneyMap, card: Card): boolean {
  const lane = map.lanes.find((l) => l.id === card.lane);
  return lane !== undefined && kindSpec(lane.kind).drawing === 'cards';
}

/** How many cards drawn as cards are at each confidence. */
export function confidenceCounts(map: JourneyMap): Record<Confidence, number> {
  const counts = Object.fromEntries(CONFIDENCES.map((c) => [c, 0])) as Record<Confidence, number>;
  for (const card of map.cards) {
    const c = confidenceOf(card);
    if (c && drawnAsCard(map, card)) counts[c]++;
  }
  return counts;
}

/** The cards the "only assumptions" filter keeps in full: those marked as assumptions. */
export function assumptionIds(map: JourneyMap): Set<string> {
  return new Set(map.cards.filter((c) => confidenceOf(c) === 'assumption' && drawnAsCard(map, c)).map((c) => c.id));
}

/** `YYYY-MM-DD`, a day that exists. */
export function isDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1 || mo < 1 || mo > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1]!;
  return d <= days;
}

/**
 * A day as typed: `YYYY-MM-DD`, or day, month and year as the app's
 * languages write them (20/11/2026, 20-11-2026, 20.11.2026). The day as the
 * format keeps it (`YYYY-MM-DD`), or null when it is no day of the calendar.
 */
export function readDate(typed: string): string | null {
  const s = typed.trim();
  if (isDate(s)) return s;
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  if (!m) return null;
  const iso = `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
  return isDate(iso) ? iso : null;
}

/**
 * The card's evidence with `change` made: a field set to null (or a blank
 * note) is removed, and evidence left with nothing is none (null).
 */
export function evidenceWith(card: Card, change: { [K in keyof Evidence]?: Evidence[K] | null }): Evidence | null {
  const next: Evidence = { ...(card.evidence ?? {}) };
  for (const [key, value] of Object.entries(change) as [keyof Evidence, string | null | undefined][]) {
    if (value === null || value === undefined || (key === 'note' && value.trim() === '')) delete next[key];
    else next[key] = value;
  }
  return Object.keys(next).length === 0 ? null : next;
}
