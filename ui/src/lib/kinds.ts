/**
 * The lane-kind table, as Rust declares it (travesia_core::kinds, generated
 * into bindings/LANE_KINDS.ts). The page asks it what a kind's cards hold and
 * keeps no copy of a kind's rules.
 */
import { LANE_KINDS as TABLE, type KindSpec, type LaneKind } from './bindings';

const BY_KIND: ReadonlyMap<LaneKind, KindSpec> = new Map(TABLE.map((spec) => [spec.kind, spec]));

/** Every lane kind, in the order the UI offers them. */
export const LANE_KINDS: readonly LaneKind[] = TABLE.map((spec) => spec.kind);

/** Everything `kind` decides. */
export function kindSpec(kind: LaneKind): KindSpec {
  const spec = BY_KIND.get(kind);
  if (!spec) throw new Error(`no lane kind ${kind} in the table`);
  return spec;
}

/** Emotion and funnel lanes hold one card per stage. */
export const oneCardPerStage = (kind: LaneKind): boolean => kindSpec(kind).one_per_stage;

/** Its cards are emotion scores (points of the curve). */
export const holdsScore = (kind: LaneKind): boolean => kindSpec(kind).holds === 'score';

/** Its cards are funnel values. */
export const holdsValue = (kind: LaneKind): boolean => kindSpec(kind).holds === 'value';

/** Its cards are metrics: a name, a value at the stage (any number) and a unit. */
export const holdsMetric = (kind: LaneKind): boolean => kindSpec(kind).holds === 'metric';

/** Its cards are pictures first (a lane of images): adding one asks for its picture. */
export const holdsPictures = (kind: LaneKind): boolean => kindSpec(kind).pictures;

/** Its cards are touchpoints: a channel, online or not, steps of routes. */
export const isTouchpoints = (kind: LaneKind): boolean => kindSpec(kind).touchpoints;

/** A lane of a service blueprint (evidence, frontstage, backstage, support), not of the customer's journey. */
export const isBlueprint = (kind: LaneKind): boolean => kindSpec(kind).zone !== 'customer';
