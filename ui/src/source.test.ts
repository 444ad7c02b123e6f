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

  it('never inject markup: no {@html}, innerHTML or outerHTML', () => {
    // Text reaches the DOM only through {value} bindings (CONVENTIONS, frontend).
    const all = { ...markup, ...scripts };
    const offenders = Object.entries(all)
      .filter(([, text]) => /\{@html|innerHTML|outerHTML|insertAdjacentHTML/.test(text))
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
