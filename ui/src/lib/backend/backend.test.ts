import { describe, expect, it } from 'vitest';
import { toAppError } from './backend';

describe('toAppError', () => {
  it('keeps an AppError from Rust as it is', () => {
    // A known code and a string message is exactly the shape the commands reject with.
    expect(toAppError({ code: 'damaged', message: 'bad json at 3:14' })).toEqual({
      code: 'damaged',
      message: 'bad json at 3:14',
    });
  });

  it('turns anything else into an internal error that keeps its text', () => {
    // Tauri itself rejects with plain strings (unknown command, missing permission);
    // an unknown code is not trusted either, since the UI could not localize it.
    expect(toAppError('command list_maps not allowed')).toEqual({
      code: 'internal',
      message: 'command list_maps not allowed',
    });
    expect(toAppError(new TypeError('x is undefined'))).toEqual({ code: 'internal', message: 'x is undefined' });
    expect(toAppError({ code: 'teapot', message: 'short and stout' }).code).toBe('internal');
  });
});
