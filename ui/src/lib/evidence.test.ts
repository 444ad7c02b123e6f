import { describe, expect, it } from 'vitest';
import { assumptionIds, confidenceCounts, CONFIDENCES, evidenceWith, isDate, readDate, SOURCES } from './evidence';
import { sampleMap } from './testing/maps';

describe('evidence', () => {
  it('takes its words from Rust, least sure first', () => {
    expect(CONFIDENCES).toEqual(['assumption', 'some_evidence', 'validated']);
    expect(SOURCES).toContain('interview');
  });

  it('counts confidences and keeps only assumptions drawn as cards for the filter', () => {
    const map = sampleMap();
    map.cards.find((c) => c.id === 'a1')!.evidence = { confidence: 'assumption' };
    map.cards.find((c) => c.id === 't2')!.evidence = { confidence: 'validated' };
    // A point of a curve is not drawn as a card: its evidence is kept, not counted.
    map.cards.find((c) => c.id === 'e1')!.evidence = { confidence: 'assumption' };
    map.cards.find((c) => c.id === 'a2')!.evidence = { confidence: 'sure' };
    expect(confidenceCounts(map)).toEqual({ assumption: 1, some_evidence: 0, validated: 1 });
    expect([...assumptionIds(map)]).toEqual(['a1']);
  });

  it('changes fields, drops blanks and says none for evidence left empty', () => {
    const card = { id: 'a', stage: 's', lane: 'l', text: '', evidence: { confidence: 'validated', note: 'x' } };
    expect(evidenceWith(card, { note: '  ' })).toEqual({ confidence: 'validated' });
    expect(evidenceWith(card, { source: 'survey' })).toEqual({ confidence: 'validated', note: 'x', source: 'survey' });
    expect(evidenceWith({ ...card, evidence: { note: 'x' } }, { note: null })).toBeNull();
    expect(evidenceWith({ id: 'b', stage: 's', lane: 'l', text: '' }, { confidence: 'assumption' })).toEqual({ confidence: 'assumption' });
  });

  it('reads a day typed as the format keeps it or as people write it', () => {
    expect(readDate(' 2026-11-20 ')).toBe('2026-11-20');
    expect(readDate('20/11/2026')).toBe('2026-11-20');
    expect(readDate('5.3.2024')).toBe('2024-03-05');
    expect(readDate('29-02-2024')).toBe('2024-02-29');
    for (const bad of ['31/11/2026', '11/20/2026', 'mañana', '2026/11/20']) expect(readDate(bad)).toBeNull();
  });

  it('knows the days of the calendar', () => {
    for (const d of ['2024-02-29', '2026-11-20', '2000-02-29']) expect(isDate(d)).toBe(true);
    for (const d of ['2023-02-29', '1900-02-29', '2026-04-31', '2026-13-01', '20/11/2026', '2026-1-1', '']) expect(isDate(d)).toBe(false);
  });
});
