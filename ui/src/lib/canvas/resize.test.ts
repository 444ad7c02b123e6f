import { describe, expect, it } from 'vitest';
import type { Hit } from '../bindings';
import { dragWidth, stageGrip, STAGE_WIDTH_MAX, STAGE_WIDTH_MIN } from './resize';

const stage = (id: string, x: number, w: number): Hit => ({ target: { kind: 'stage', id }, x, y: 100, w, h: 60 });
const hits: Hit[] = [stage('s1', 248, 248), stage('s2', 508, 320), { target: { kind: 'lane', id: 'l1' }, x: 40, y: 200, w: 196, h: 80 }];

describe('stage widths', () => {
  it('takes the edge of the header under the pointer, and the gap after it', () => {
    expect(stageGrip(hits, { x: 494, y: 120 }, 1)).toEqual({ id: 's1', left: 248, width: 248 });
    expect(stageGrip(hits, { x: 505, y: 120 }, 1)?.id).toBe('s1');
    expect(stageGrip(hits, { x: 828, y: 159 }, 1)?.id).toBe('s2');
    // Inside the header, or below the header row, it is not the edge.
    expect(stageGrip(hits, { x: 480, y: 120 }, 1)).toBeNull();
    expect(stageGrip(hits, { x: 496, y: 220 }, 1)).toBeNull();
  });

  it('keeps the same reach on screen at any zoom', () => {
    // 6 screen px at 50 % are 12 Scene px.
    expect(stageGrip(hits, { x: 485, y: 120 }, 0.5)?.id).toBe('s1');
    expect(stageGrip(hits, { x: 485, y: 120 }, 1)).toBeNull();
  });

  it('gives whole widths within the format bounds', () => {
    expect(dragWidth(248, 104.4)).toBe(352);
    expect(dragWidth(248, -200)).toBe(STAGE_WIDTH_MIN);
    expect(dragWidth(248, 5000)).toBe(STAGE_WIDTH_MAX);
  });
});
