import { describe, expect, it } from 'vitest';
import { MockBackend } from './testing/mock';
import type { LibraryProblem } from './bindings';
import { daysAgo, formatDay, problemKind, Recovery } from './recovery.svelte';

const PATH = '/home/ana/.local/share/travesia/library.db';

function damaged(backups: LibraryProblem['backups']): LibraryProblem {
  return { error: { code: 'damaged', message: 'file is not a database' }, path: PATH, backups };
}

/** A mock whose library did not open, with these backups, and the recovery on it (checked). */
async function checked(backups: LibraryProblem['backups']) {
  const backend = new MockBackend();
  backend.problem = damaged(backups);
  const recovery = new Recovery(backend);
  const found = await recovery.check();
  return { backend, recovery, found };
}

describe('problemKind', () => {
  it('gives each code the screen knows its own text and every other code the general one', () => {
    // conflict is StoreError::Busy (another Travesía holds the file); the rest have no special advice.
    expect(problemKind('damaged')).toBe('damaged');
    expect(problemKind('too_new')).toBe('too_new');
    expect(problemKind('io')).toBe('io');
    expect(problemKind('conflict')).toBe('busy');
    expect(problemKind('internal')).toBe('other');
    expect(problemKind('invalid_input')).toBe('other');
  });
});

describe('formatDay and daysAgo', () => {
  it('writes a backup day as the UI language does, the same day in every time zone', () => {
    // The day is read as UTC and formatted in UTC, so no zone can move it to the day before.
    expect(formatDay('2026-11-21', 'es')).toBe('21 de noviembre de 2026');
    expect(formatDay('2026-11-21', 'en')).toBe('November 21, 2026');
  });

  it('leaves text that is no day as it is', () => {
    // 31 February is rolled into March by Date.UTC; it is shown raw rather than as another day.
    expect(formatDay('2026-02-31', 'es')).toBe('2026-02-31');
    expect(formatDay('ayer', 'es')).toBe('ayer');
    expect(daysAgo('nope', 'es', new Date(2026, 10, 23))).toBe('');
  });

  it('says how many days ago, counting calendar days from the local today', () => {
    // 23 Nov at 23:30 local is still the 23rd, whatever the offset to UTC.
    const today = new Date(2026, 10, 23, 23, 30);
    expect(daysAgo('2026-11-23', 'es', today)).toBe('hoy');
    expect(daysAgo('2026-11-22', 'es', today)).toBe('ayer');
    expect(daysAgo('2026-11-20', 'es', today)).toBe('hace 3 días');
    expect(daysAgo('2026-11-22', 'en', today)).toBe('yesterday');
  });
});

describe('Recovery', () => {
  it('finds nothing to show when the library opened', async () => {
    const recovery = new Recovery(new MockBackend());
    expect(await recovery.check()).toBe(false);
    expect(recovery.problem).toBeNull();
    expect(recovery.chosen).toBeNull();
  });

  it('does not block the app when the question itself fails', async () => {
    // An error from library_problem says nothing about the library; the home will show its own errors.
    const backend = new MockBackend();
    backend.problem = damaged([{ date: '2026-11-22', good: true }]);
    backend.failNext('library_problem', { code: 'internal', message: 'command not found' });
    const recovery = new Recovery(backend);
    expect(await recovery.check()).toBe(false);
  });

  it('offers the newest good backup, and lets only good ones be chosen', async () => {
    // Rust lists backups newest first; the 23rd is damaged, so the 22nd is the one offered.
    const { recovery, found } = await checked([
      { date: '2026-11-23', good: false },
      { date: '2026-11-22', good: true },
      { date: '2026-11-20', good: true },
    ]);
    expect(found).toBe(true);
    expect(recovery.kind).toBe('damaged');
    expect(recovery.newestGood?.date).toBe('2026-11-22');
    expect(recovery.chosen).toBe('2026-11-22');
    recovery.choose('2026-11-23');
    expect(recovery.chosen).toBe('2026-11-22');
    recovery.choose('2026-11-20');
    expect(recovery.chosen).toBe('2026-11-20');
  });

  it('asks before restoring, and puts back the chosen backup, keeping where the damaged file went', async () => {
    const { backend, recovery } = await checked([
      { date: '2026-11-22', good: true },
      { date: '2026-11-20', good: true },
    ]);
    recovery.choose('2026-11-20');
    recovery.ask();
    expect(recovery.confirming).toBe(true);
    recovery.cancel();
    expect(recovery.confirming).toBe(false);

    recovery.ask();
    const done = recovery.restore();
    expect(recovery.restoring).toBe(true);
    expect(await done).toBe(true);
    // The date asked for is the chosen one, not null ("the newest"), so the person gets what they picked.
    expect(backend.callsOf('restore_library_backup')).toEqual([
      { command: 'restore_library_backup', args: { date: '2026-11-20' } },
    ]);
    expect(recovery.problem).toBeNull();
    expect(recovery.restored).toEqual({ date: '2026-11-20', aside: `${PATH}.damaged-2026-11-23T10-00-00` });
    expect(recovery.restoring).toBe(false);
    expect(recovery.confirming).toBe(false);
    recovery.dismissRestored();
    expect(recovery.restored).toBeNull();
  });

  it('keeps the error of a failed restore and reads the list again, keeping the choice if still good', async () => {
    // The read-only folder makes the move fail; the screen stays, with the error and the same choice.
    const { backend, recovery } = await checked([
      { date: '2026-11-22', good: true },
      { date: '2026-11-21', good: true },
    ]);
    recovery.choose('2026-11-21');
    backend.failNext('restore_library_backup', { code: 'io', message: 'read-only file system' });
    expect(await recovery.restore()).toBe(false);
    expect(recovery.error?.code).toBe('io');
    expect(recovery.problem).not.toBeNull();
    expect(recovery.chosen).toBe('2026-11-21');
    expect(backend.callsOf('library_problem')).toHaveLength(2);
    recovery.dismissError();
    expect(recovery.error).toBeNull();
  });

  it('moves the choice on when the chosen backup turns out damaged', async () => {
    // Rust checks the backup again before using it; the mock's second answer marks the 22nd bad.
    const { backend, recovery } = await checked([
      { date: '2026-11-22', good: true },
      { date: '2026-11-21', good: true },
    ]);
    backend.problem = damaged([
      { date: '2026-11-22', good: false },
      { date: '2026-11-21', good: true },
    ]);
    expect(await recovery.restore()).toBe(false);
    expect(recovery.error?.code).toBe('damaged');
    expect(recovery.chosen).toBe('2026-11-21');
  });

  it('has nothing to restore when no backup is good', async () => {
    const { backend, recovery } = await checked([{ date: '2026-11-22', good: false }]);
    expect(recovery.good).toEqual([]);
    expect(recovery.chosen).toBeNull();
    recovery.ask();
    expect(recovery.confirming).toBe(false);
    expect(await recovery.restore()).toBe(false);
    expect(backend.callsOf('restore_library_backup')).toEqual([]);
  });

  it('quits the app on request', async () => {
    const backend = new MockBackend();
    await new Recovery(backend).quit();
    expect(backend.quitCalled).toBe(true);
  });
});
