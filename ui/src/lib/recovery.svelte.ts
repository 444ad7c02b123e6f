import type { Backend } from './backend/backend';
import { toAppError } from './backend/backend';
import type { AppError, BackupInfo, ErrorCode, LibraryProblem } from './bindings';
import type { Lang } from './i18n.svelte';

/** How the screen words what went wrong: one text per kind, chosen by the error's code. */
export type ProblemKind = 'damaged' | 'too_new' | 'io' | 'busy' | 'other';

export function problemKind(code: ErrorCode): ProblemKind {
  switch (code) {
    case 'damaged':
    case 'too_new':
    case 'io':
      return code;
    // StoreError::Busy: another Travesía kept the library locked.
    case 'conflict':
      return 'busy';
    default:
      return 'other';
  }
}

/** A backup's day ("2026-11-21") as the UI language writes a date; the text itself if it is not one. */
export function formatDay(ymd: string, lang: Lang): string {
  const at = dayStart(ymd);
  return at === null ? ymd : new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' }).format(at);
}

/** How long ago that day was ("ayer", "hace 3 días"), counted in days from `today` (local time). */
export function daysAgo(ymd: string, lang: Lang, today: Date): string {
  const at = dayStart(ymd);
  if (at === null) return '';
  const now = Date.UTC(today.getFullYear(), today.getMonth(), today.getDate());
  const days = Math.round((at - now) / 86_400_000);
  return new Intl.RelativeTimeFormat(lang, { numeric: 'auto' }).format(days, 'day');
}

/** Midnight UTC of a YYYY-MM-DD day, or null when the text is no real day. */
function dayStart(ymd: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const at = Date.UTC(y, mo - 1, d);
  const back = new Date(at);
  // Date.UTC rolls 2026-02-31 over into March; such a day is not a day.
  return back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d ? at : null;
}

/** What a restore left behind: the day put back, and where the file that was there went (null: there was none). */
export interface Restored {
  date: string;
  aside: string | null;
}

/**
 * A library that did not open. Asked once at start (`check`): when Rust reports a problem, the
 * app shows the recovery screen instead of the home, since every other call would fail with
 * the same error. From there a good backup can be put back (`restore`): Rust moves the file
 * that was there aside (nothing is deleted) and opens the library again, and the home loads.
 */
export class Recovery {
  /** The problem, while there is one (null: the library opened, or not checked yet). */
  problem = $state.raw<LibraryProblem | null>(null);
  /** The backup the restore button puts back (a good one's date). */
  chosen = $state<string | null>(null);
  /** The question "restore the copy of …?" is up. */
  confirming = $state(false);
  /** The restore is running. */
  restoring = $state(false);
  /** Why the last restore failed. */
  error = $state.raw<AppError | null>(null);
  /** Set once a backup was put back, until the note about it is closed. */
  restored = $state.raw<Restored | null>(null);

  kind = $derived<ProblemKind>(this.problem ? problemKind(this.problem.error.code) : 'other');
  good = $derived<BackupInfo[]>(this.problem?.backups.filter((b) => b.good) ?? []);
  /** Rust lists them newest first; the first good one is the one to offer. */
  newestGood = $derived<BackupInfo | null>(this.good[0] ?? null);

  readonly #backend: Pick<Backend, 'libraryProblem' | 'restoreLibraryBackup' | 'quit'>;

  constructor(backend: Pick<Backend, 'libraryProblem' | 'restoreLibraryBackup' | 'quit'>) {
    this.#backend = backend;
  }

  /** Asks Rust whether the library opened; resolves to true when it did not (the screen is to show). */
  async check(): Promise<boolean> {
    let problem: LibraryProblem | null;
    try {
      problem = await this.#backend.libraryProblem();
    } catch {
      // Not knowing is not a reason to block the app: the home shows its own errors if any.
      problem = null;
    }
    this.#take(problem);
    return problem !== null;
  }

  /** Picks the backup to put back; only a good one can be. */
  choose(date: string): void {
    if (this.restoring) return;
    if (this.good.some((b) => b.date === date)) this.chosen = date;
  }

  /** The restore button: asks first. */
  ask(): void {
    if (this.chosen !== null && !this.restoring) this.confirming = true;
  }

  cancel(): void {
    if (!this.restoring) this.confirming = false;
  }

  /**
   * Puts the chosen backup in place. Resolves to true when the library is open again (the
   * caller loads the home); on failure the error is kept and the list is read again, since
   * a backup found damaged on the way is marked so now.
   */
  async restore(): Promise<boolean> {
    const date = this.chosen;
    if (date === null || this.restoring) return false;
    this.restoring = true;
    this.error = null;
    try {
      const aside = await this.#backend.restoreLibraryBackup(date);
      this.restored = { date, aside };
      this.problem = null;
      return true;
    } catch (thrown) {
      this.error = toAppError(thrown);
      try {
        this.#take(await this.#backend.libraryProblem(), date);
      } catch {
        // The list stays as it was; the error says what happened.
      }
      return false;
    } finally {
      this.restoring = false;
      this.confirming = false;
    }
  }

  dismissError(): void {
    this.error = null;
  }

  /** Closes the note about the restore. */
  dismissRestored(): void {
    this.restored = null;
  }

  /** Ends the app (the file stays as it is). */
  quit(): Promise<void> {
    return this.#backend.quit().catch(() => undefined);
  }

  #take(problem: LibraryProblem | null, keep: string | null = null): void {
    this.problem = problem;
    const good = problem?.backups.filter((b) => b.good) ?? [];
    this.chosen = good.find((b) => b.date === keep)?.date ?? good[0]?.date ?? null;
  }
}
