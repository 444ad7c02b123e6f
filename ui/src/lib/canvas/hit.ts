import type { Hit, Target } from '../bindings';
import { contains, type Point } from './geometry';

/**
 * How specific each kind of region is: a card lies in a cell (and an emotion
 * face in its stage's point column), a cell in its lane's row and stage's
 * column. The most specific region under the pointer is the one meant.
 */
const RANK: Record<Target['kind'], number> = {
  card: 6,
  point: 5,
  cell: 4,
  stage: 3,
  lane: 3,
  persona: 2,
  route: 2,
  title: 1,
};

/** The region meant at `p`, optionally only among some kinds; null over empty paper. */
export function hitTest(hits: readonly Hit[], p: Point, kinds?: readonly Target['kind'][]): Hit | null {
  let best: Hit | null = null;
  let bestRank = -1;
  for (const hit of hits) {
    if (kinds && !kinds.includes(hit.target.kind)) continue;
    if (!contains(hit, p)) continue;
    const rank = RANK[hit.target.kind];
    // `>=`: a later region of the same rank is painted over an earlier one.
    if (rank >= bestRank) {
      best = hit;
      bestRank = rank;
    }
  }
  return best;
}

export function cardHit(hits: readonly Hit[], id: string): Hit | undefined {
  return hits.find((h) => h.target.kind === 'card' && h.target.id === id);
}

export function cellHit(hits: readonly Hit[], stage: string, lane: string): Hit | undefined {
  return hits.find((h) => h.target.kind === 'cell' && h.target.stage === stage && h.target.lane === lane);
}

export function pointHit(hits: readonly Hit[], stage: string, lane: string): Hit | undefined {
  return hits.find((h) => h.target.kind === 'point' && h.target.stage === stage && h.target.lane === lane);
}

export function headerHit(hits: readonly Hit[], kind: 'stage' | 'lane', id: string): Hit | undefined {
  return hits.find((h) => h.target.kind === kind && h.target.id === id);
}

export function targetKey(t: Target): string {
  switch (t.kind) {
    case 'cell':
    case 'point':
      return `${t.kind}:${t.stage}:${t.lane}`;
    case 'title':
      return 'title';
    default:
      return `${t.kind}:${t.id}`;
  }
}
