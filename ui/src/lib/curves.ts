/**
 * Emotion curves (format version 2): an emotions lane holds one point per
 * stage of each curve, and a curve is a persona's (or, with none, the map's
 * general curve), as-is or to-be. Rust draws them and keeps the rule
 * (`Map::place_taken`); the page needs to know which point a gesture is on.
 */
import type { Card, JourneyMap } from './bindings';
import { holdsScore, oneCardPerStage } from './kinds';
import { laneOf } from './edits';

/** A curve: whose, and whether it is the to-be one. */
export interface CurveKey {
  persona: string | null;
  toBe: boolean;
}

export const GENERAL: CurveKey = { persona: null, toBe: false };

/** The curve a point (a card of an emotions lane) is on. */
export function curveOf(card: Card): CurveKey {
  return { persona: card.persona ?? null, toBe: card.to_be === true };
}

export function sameCurve(a: CurveKey, b: CurveKey): boolean {
  return a.persona === b.persona && a.toBe === b.toBe;
}

/**
 * The card at a stage of a one-card-per-stage lane: in an emotions lane, the
 * point of `curve`; in a funnel lane, the stage's bar. Undefined when free.
 */
export function pointAt(map: JourneyMap, stage: string, lane: string, curve: CurveKey): Card | undefined {
  const l = laneOf(map, lane);
  if (!l || !oneCardPerStage(l.kind)) return undefined;
  const score = holdsScore(l.kind);
  return map.cards.find((c) => c.stage === stage && c.lane === lane && (!score || sameCurve(curveOf(c), curve)));
}

/** The fields a new point of `curve` carries (none for the general as-is curve). */
export function curveFields(curve: CurveKey): { persona?: string; to_be?: boolean } {
  const fields: { persona?: string; to_be?: boolean } = {};
  if (curve.persona !== null) fields.persona = curve.persona;
  if (curve.toBe) fields.to_be = true;
  return fields;
}

/** Whether the map has a lane of emotion curves. */
export function hasCurves(map: JourneyMap): boolean {
  return map.lanes.some((l) => holdsScore(l.kind));
}
