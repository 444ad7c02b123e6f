import { describe, expect, it } from 'vitest';
import { OWN_ICONS } from './channels';
import { CHANNELS, ICONS, iconId, strokes } from './icons';

describe('channel icons', () => {
  it('has an icon with strokes for every channel of the format, read from icons/channels', () => {
    for (const channel of CHANNELS) expect(ICONS.get(channel)?.length, channel).toBeGreaterThan(0);
    expect(iconId('store')).toBe('icon-store');
    // Names outside the set are drawn as "other", like the exports do.
    expect(iconId('telegraph')).toBe('icon-other');
  });

  it('keeps the path data and leaves out the invisible frame', () => {
    const svg = `<svg viewBox="0 0 24 24">
      <path stroke="none" d="M0 0h24v24H0z" fill="none" />
      <path d="M3 12a9 9 0 1 0 18 0" />
      <path d="M3.6 9h16.8" />
    </svg>`;
    expect(strokes(svg)).toEqual(['M3 12a9 9 0 1 0 18 0', 'M3.6 9h16.8']);
  });

  it('offers every icon of the set but "none" to a map\'s own channels, messages first', () => {
    expect(OWN_ICONS[0]).toBe('message');
    expect(new Set(OWN_ICONS)).toEqual(new Set([...ICONS.keys()].filter((n) => n !== 'none')));
    expect(OWN_ICONS.length).toBe(new Set(OWN_ICONS).size);
    for (const name of OWN_ICONS) expect(ICONS.get(name)?.length, name).toBeGreaterThan(0);
  });
});
