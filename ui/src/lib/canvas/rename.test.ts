import { describe, expect, it } from 'vitest';
import { openView } from '../testing/answers';
import { sampleMap } from '../testing/maps';
import { renameBox, renameHit } from './rename';

describe('renameBox', () => {
  const { scene } = openView(sampleMap());

  it('covers the first line of a stage header, as large as its words, inside the header', () => {
    const hit = renameHit(scene, { kind: 'stage', id: 's2' })!;
    const box = renameBox(scene, { kind: 'stage', id: 's2' })!;
    const title = scene.items.find((i) => i.type === 'text' && i.text === 'Compra');
    expect(title?.type).toBe('text');
    if (title?.type !== 'text') return;
    expect(box.size).toBe(title.size);
    expect(box.y).toBeLessThan(title.y - title.size);
    expect(box.y + box.h).toBeGreaterThan(title.y);
    expect(box.x).toBeLessThanOrEqual(title.x);
    expect(box.x).toBeGreaterThanOrEqual(hit.x - 1);
    expect(box.x + box.w).toBeLessThanOrEqual(hit.x + hit.w);
  });

  it('finds lanes and the map title, and nothing that is not there', () => {
    const lane = sampleMap().lanes[0]!;
    expect(renameBox(scene, { kind: 'lane', id: lane.id })).not.toBeNull();
    expect(renameBox(scene, { kind: 'title' })!.size).toBeGreaterThan(renameBox(scene, { kind: 'lane', id: lane.id })!.size);
    expect(renameBox(scene, { kind: 'stage', id: 'nope' })).toBeNull();
  });
});
