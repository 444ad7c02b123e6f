import { afterAll, afterEach, beforeEach, expect, vi } from 'vitest';
import { relative } from 'node:path';
import { missingAnswers, writeRequests } from './answers';
import { installRecordingCanvas, paintedTexts } from './canvas2d';
import { testEnded } from './mock';
import { aheadIds } from '../edits';

installRecordingCanvas();

/** Random bytes from `seed` on (xorshift32), the same at every run. */
function seeded(seed: number): (bytes: Uint8Array) => void {
  return (bytes) => {
    for (let i = 0; i < bytes.length; i++) {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      bytes[i] = seed & 0xff;
    }
  };
}

/*
 * Every unit test starts from the same random numbers, so the ids the UI
 * makes (edits.ts, newId) are the same at each run, and so are the steps
 * whose answers Rust recorded (answers.ts). The copies asked ahead of their
 * key draw from numbers of their own, the same at each ask: when and how
 * often they are asked is a matter of timing, and must change no id.
 */
beforeEach(() => {
  paintedTexts.length = 0;
  const fill = seeded(0x9e3779b9);
  vi.spyOn(crypto, 'getRandomValues').mockImplementation(<T extends ArrayBufferView | null>(array: T): T => {
    if (array) fill(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
    return array;
  });
  aheadIds.random = () => {
    const fillAhead = seeded(0x85ebca6b);
    return (n) => {
      const bytes = new Uint8Array(n);
      fillAhead(bytes);
      return bytes;
    };
  };
});

afterEach(() => {
  testEnded();
  const missing = missingAnswers.splice(0);
  if (missing.length > 0) throw new Error(missing.join('\n'));
});

afterAll(() => {
  // Named relative to ui/, so the name is the same on every machine.
  writeRequests(relative(process.cwd(), expect.getState().testPath ?? ''));
});
