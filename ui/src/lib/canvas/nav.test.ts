import { describe, expect, it } from 'vitest';
import type { JourneyMap } from '../bindings';
import { firstCell, neighbour } from './nav';

// Stages in the order s2, s1, s3 (not sorted by id) and lanes a, hidden (collapsed), b.
const MAP: JourneyMap = {
  title: 'm',
  stages: [
    { id: 's2', title: '' },
    { id: 's1', title: '' },
    { id: 's3', title: '' },
  ],
  lanes: [
    { id: 'a', kind: 'actions', title: '' },
    { id: 'hidden', kind: 'thoughts', title: '', collapsed: true },
    { id: 'b', kind: 'pains', title: '' },
  ],
  cards: [],
};

describe('neighbour', () => {
  it('follows the map order of stages left and right', () => {
    expect(neighbour(MAP, { stage: 's1', lane: 'a' }, 'left')).toEqual({ stage: 's2', lane: 'a' });
    expect(neighbour(MAP, { stage: 's1', lane: 'a' }, 'right')).toEqual({ stage: 's3', lane: 'a' });
  });

  it('follows the lane order up and down, skipping a collapsed lane (it has no cells)', () => {
    expect(neighbour(MAP, { stage: 's1', lane: 'a' }, 'down')).toEqual({ stage: 's1', lane: 'b' });
    expect(neighbour(MAP, { stage: 's1', lane: 'b' }, 'up')).toEqual({ stage: 's1', lane: 'a' });
  });

  it('stops at the edges of the grid', () => {
    expect(neighbour(MAP, { stage: 's2', lane: 'a' }, 'left')).toBeNull();
    expect(neighbour(MAP, { stage: 's3', lane: 'a' }, 'right')).toBeNull();
    expect(neighbour(MAP, { stage: 's1', lane: 'a' }, 'up')).toBeNull();
    expect(neighbour(MAP, { stage: 's1', lane: 'b' }, 'down')).toBeNull();
  });

  it('starts keyboard navigation at the first stage and first open lane', () => {
    expect(firstCell(MAP)).toEqual({ stage: 's2', lane: 'a' });
    expect(firstCell({ ...MAP, stages: [] })).toBeNull();
  });
});
