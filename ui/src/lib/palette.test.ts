import { describe, expect, it } from 'vitest';
import { accentEdit, footerWith, PALETTES, paletteEdit, paletteOf, themeEdit } from './palette';

const plain = () => ({
  theme: null as { accent?: string | null; font_scale?: number | null } | null,
  stages: [{ id: 's1' }, { id: 's2', color: null }],
  lanes: [{ id: 'l1' }, { id: 'l2' }, { id: 'l3' }],
});

describe('palettes', () => {
  it('dress every stage and lane, and the accent, in one edit, each colour in turn', () => {
    const ocean = PALETTES.find((p) => p.id === 'ocean')!;
    const edit = paletteEdit(plain(), ocean);
    expect(edit).toEqual({
      type: 'batch',
      edits: [
        { type: 'set_theme', theme: { accent: ocean.accent } },
        { type: 'update_stage', id: 's1', patch: { color: ocean.stages[0] } },
        { type: 'update_stage', id: 's2', patch: { color: ocean.stages[1] } },
        { type: 'update_lane', id: 'l1', patch: { color: ocean.lanes[0] } },
        { type: 'update_lane', id: 'l2', patch: { color: ocean.lanes[1] } },
        { type: 'update_lane', id: 'l3', patch: { color: ocean.lanes[2] } },
      ],
    });
  });

  it('name the palette a map wears, Travesía’s own when no colour is set, none for a look of its own', () => {
    const sunset = PALETTES.find((p) => p.id === 'sunset')!;
    expect(paletteOf(plain())).toBe('none');
    const dressed = {
      theme: { accent: sunset.accent.toLowerCase(), font_scale: 1.2 },
      stages: [
        { id: 's1', color: sunset.stages[0] },
        { id: 's2', color: sunset.stages[1] },
      ],
      lanes: [0, 1, 2].map((i) => ({ id: `l${i}`, color: sunset.lanes[i] })),
    };
    expect(paletteOf(dressed)).toBe('sunset');
    expect(paletteEdit(dressed, sunset)).toBeNull();
    dressed.stages[1]!.color = '#123456';
    expect(paletteOf(dressed)).toBeNull();
    // Only what differs goes in the edit; the theme's other fields stay.
    expect(paletteEdit(dressed, sunset)).toEqual({ type: 'update_stage', id: 's2', patch: { color: sunset.stages[1] } });
    const back = paletteEdit(dressed, null);
    expect(back).toMatchObject({ type: 'batch' });
    expect((back as { edits: unknown[] }).edits[0]).toEqual({ type: 'set_theme', theme: { accent: null, font_scale: 1.2 } });
    expect((back as { edits: unknown[] }).edits).toHaveLength(1 + 2 + 3);
  });

  it('set the accent alone, keeping the theme’s other fields, and no theme once nothing is set', () => {
    expect(accentEdit({ theme: { font_scale: 1.2 } }, '#0B3954')).toEqual({ type: 'set_theme', theme: { font_scale: 1.2, accent: '#0B3954' } });
    expect(accentEdit({ theme: { accent: '#0B3954' } }, null)).toEqual({ type: 'set_theme', theme: null });
  });

  it('give colours of the file format’s one form, #RRGGBB', () => {
    for (const p of PALETTES) {
      for (const c of [p.accent, ...p.stages, ...p.lanes]) expect(c).toMatch(/^#[0-9A-F]{6}$/);
    }
  });
});

describe('the presenter\'s theme', () => {
  it('sets one field of the theme and keeps the others; nothing set leaves no theme', () => {
    const map = { theme: { accent: '#0B3954', density: 'compact' } };
    expect(themeEdit(map, { company: 'Ñandú S.A.' })).toEqual({
      type: 'set_theme',
      theme: { accent: '#0B3954', density: 'compact', company: 'Ñandú S.A.' },
    });
    expect(themeEdit(map, { density: null })).toEqual({ type: 'set_theme', theme: { accent: '#0B3954', density: null } });
    expect(themeEdit({ theme: { logo: 'data:image/png;base64,AA' } }, { logo: null })).toEqual({ type: 'set_theme', theme: null });
  });

  it('turns footer fields on in the format\'s order and off, none left: no footer', () => {
    expect(footerWith(null, 'date', true)).toEqual(['date']);
    expect(footerWith(['date'], 'company', true)).toEqual(['company', 'date']);
    expect(footerWith(['confidential', 'company'], 'version', true)).toEqual(['company', 'version', 'confidential']);
    expect(footerWith(['company', 'date'], 'company', false)).toEqual(['date']);
    expect(footerWith(['date'], 'date', false)).toBeNull();
    expect(footerWith(['date'], 'date', true)).toEqual(['date']);
  });
});
