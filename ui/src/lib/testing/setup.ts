import { afterAll, afterEach, beforeEach, expect, vi } from 'vitest';
import { relative } from 'node:path';
import { missingAnswers, writeRequests } from './answers';
import { installRecordingCanvas, paintedTexts } from './canvas2d';

installRecordingCanvas();

/*
 * Every unit test starts from the same random numbers, so the ids the UI
 * makes (edits.ts, newId) are the same at each run, and so are the steps
 * whose answers Rust recorded (answers.ts).
 */
beforeEach(() => {
  paintedTexts.length = 0;
  let seed = 0x9e3779b9;
  vi.spyOn(crypto, 'getRandomValues').mockImplementation(<T extends ArrayBufferView | null>(array: T): T => {
    if (array) {
      const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
      for (let i = 0; i < bytes.length; i++) {
        // xorshift32
        seed ^= seed << 13;
        seed ^= seed >>> 17;
        seed ^= seed << 5;
        bytes[i] = seed & 0xff;
      }
    }
    return array;
  });
});

afterEach(() => {
  const missing = missingAnswers.splice(0);
  if (missing.length > 0) throw new Error(missing.join('\n'));
});

afterAll(() => {
  // Named relative to ui/, so the name is the same on every machine.
  writeRequests(relative(process.cwd(), expect.getState().testPath ?? ''));
});
