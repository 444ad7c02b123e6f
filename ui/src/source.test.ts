import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// The UI's own sources, as text (Vite reads them at test time).
const markup = import.meta.glob(['/src/**/*.svelte', '/index.html'], {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;
// Style sheets are read from the disk: the test runner hands CSS modules over empty.
const here = import.meta.url;
for (const file of Object.keys(import.meta.glob('/src/**/*.css'))) {
  markup[file] = readFileSync(new URL('..' + file, here), 'utf8');
}
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
    expect(markup['/src/app.css']).toContain('--shadow');
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

  it('draw the shadow every card and panel has without a blur', () => {
    // WebKit painting on the CPU draws each blurred shadow again in every frame: the home's 48
    // cards with a 3 px blur made each of its frames about 100 ms (docs/BENCHMARKS.md).
    const css = markup['/src/app.css']!;
    const values = [...css.matchAll(/--shadow:\s*([^;]+);/g)].map((m) => m[1]!);
    expect(values.length).toBe(2); // the light theme and the dark one
    for (const value of values) {
      for (const layer of value.split(/,(?![^(]*\))/)) {
        const lengths = layer.trim().match(/^(-?[\d.]+(?:px)?)\s+(-?[\d.]+(?:px)?)\s+([\d.]+(?:px)?)/);
        expect(lengths, `a shadow layer with x, y and blur: ${layer}`).not.toBeNull();
        expect(parseFloat(lengths![3]!), `the blur of "${layer.trim()}"`).toBe(0);
      }
    }
    expect(css).toMatch(/\.tile\s*\{[^}]*box-shadow:\s*var\(--shadow\)/);
  });
});
