import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { APP_VERSION } from './about';

const json = (path: string) => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')) as { version: string };

describe('APP_VERSION', () => {
  it('is the version the app is built and packaged as', () => {
    // The About dialog must name the version the package and the Tauri bundle carry.
    expect(APP_VERSION).toBe(json('../../package.json').version);
    expect(APP_VERSION).toBe(json('../../../src-tauri/tauri.conf.json').version);
  });
});
