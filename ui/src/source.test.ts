import { describe, expect, it } from 'vitest';

// The UI's own sources, as text (Vite reads them at test time).
const markup = import.meta.glob(['/src/**/*.svelte', '/src/**/*.css', '/index.html'], {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;
const scripts = import.meta.glob(['/src/**/*.ts', '!/src/**/*.test.ts', '!/src/lib/bindings/**'], {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;

describe('sources', () => {
  it('were found', () => {
    // Guards the globs below: an empty match would make the other checks pass vacuously.
    expect(Object.keys(markup)).toContain('/src/App.svelte');
    expect(Object.keys(markup)).toContain('/index.html');
    expect(Object.keys(scripts)).toContain('/src/main.ts');
  });

  it('never inject markup (no raw-HTML block, no inner/outer HTML setters)', () => {
    // Text reaches the DOM only through {value} bindings (CONVENTIONS, frontend).
    // The names are assembled so that this file does not itself match the
    // repository's own grep for them.
    const banned = ['{@' + 'html', 'inner' + 'HTML', 'outer' + 'HTML', 'insertAdjacent' + 'HTML'];
    const all = { ...markup, ...scripts };
    const offenders = Object.entries(all)
      .filter(([, text]) => banned.some((word) => text.includes(word)))
      .map(([file]) => file);
    expect(offenders).toEqual([]);
  });

  it('load nothing from the network: no http(s) URLs in markup, styles or scripts', () => {
    // The app runs offline; fonts and icons are bundled. (Generated bindings carry a ts-rs
    // credit link in a comment and are excluded above.)
    const all = { ...markup, ...scripts };
    const offenders = Object.entries(all)
      .filter(([, text]) => /https?:\/\//.test(text))
      .map(([file]) => file);
    expect(offenders).toEqual([]);
  });
});
