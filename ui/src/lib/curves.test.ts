import { describe, expect, it } from 'vitest';
import type { JourneyMap } from './bindings';
import { curveFields, curveOf, GENERAL, hasCurves, pointAt, sameCurve } from './curves';
import { sampleMap } from './testing/maps';

function map(): JourneyMap {
  const m = sampleMap();
  m.personas = [{ id: 'p-ana', name: 'Ana' }];
  m.cards.push(
    { id: 'ana1', stage: 's1', lane: 'l-emo', text: '', score: 2, persona: 'p-ana' },
    { id: 'ana1-to-be', stage: 's1', lane: 'l-emo', text: '', score: 2, persona: 'p-ana', to_be: true },
  );
  return m;
}

describe('emotion curves', () => {
  it('tells the curve of a point: its persona, and whether it is the to-be curve', () => {
    const m = map();
    const of = (id: string) => curveOf(m.cards.find((c) => c.id === id)!);
    expect(of('e1')).toEqual(GENERAL);
    expect(of('ana1')).toEqual({ persona: 'p-ana', toBe: false });
    expect(of('ana1-to-be')).toEqual({ persona: 'p-ana', toBe: true });
    expect(sameCurve(of('ana1'), of('ana1-to-be'))).toBe(false);
  });

  it('finds the point of one curve at a stage; a funnel stage has one bar whatever the curve', () => {
    const m = map();
    expect(pointAt(m, 's1', 'l-emo', GENERAL)?.id).toBe('e1');
    expect(pointAt(m, 's1', 'l-emo', { persona: 'p-ana', toBe: false })?.id).toBe('ana1');
    expect(pointAt(m, 's1', 'l-emo', { persona: 'p-ana', toBe: true })?.id).toBe('ana1-to-be');
    expect(pointAt(m, 's2', 'l-emo', { persona: 'p-ana', toBe: false })).toBeUndefined();
    expect(pointAt(m, 's1', 'l-fun', { persona: 'p-ana', toBe: true })?.id).toBe('f1');
    // A lane of many cards per stage has no single point.
    expect(pointAt(m, 's1', 'l-act', GENERAL)).toBeUndefined();
  });

  it('writes only the fields that leave the general as-is curve', () => {
    expect(curveFields(GENERAL)).toEqual({});
    expect(curveFields({ persona: 'p-ana', toBe: false })).toEqual({ persona: 'p-ana' });
    expect(curveFields({ persona: null, toBe: true })).toEqual({ to_be: true });
  });

  it('knows whether a map has an emotions lane', () => {
    const m = map();
    expect(hasCurves(m)).toBe(true);
    m.lanes = m.lanes.filter((l) => l.kind !== 'emotions');
    expect(hasCurves(m)).toBe(false);
  });
});
