import type { Backend, Unlisten } from './backend/backend';
import { toAppError } from './backend/backend';
import type { AppError, FileError, OpenedFile } from './bindings';

/** A file that was refused, with everything that is known about why. */
export interface RefusedFile {
  path: string;
  error: FileError;
}

/** What files need of the library: to re-read the maps after an import, and to report a failure. */
export interface FilesOwner {
  refresh(): Promise<void>;
  fail(error: AppError): void;
}

/** Opens a map in the editor. */
export type Opener = (id: string) => unknown;

/**
 * `.travesia` files coming into the library, from wherever they come: the Open dialog, the
 * command line, a second start, or a drop on the window (Rust imports each one whole or not at
 * all and hands over the outcome). This is the one place that decides what the person sees:
 * the last file that was imported opens in the editor; every refused one is listed, with its
 * path, its message and every issue, and the library stays as it was.
 */
export class Files {
  /** Files refused since the list was last closed; the error dialog shows while there are any. */
  refused = $state.raw<RefusedFile[]>([]);
  /** How many files were imported in the same go as the refused ones (the dialog says so). */
  imported = $state(0);
  /** The Open dialog is up (or its file is being read). */
  busy = $state(false);
  /**
   * What the person should know of the map that just opened from a file (a Mermaid score
   * brought into range, naming its line): the editor says it once, when that map shows.
   */
  noted = $state.raw<{ id: string; notes: string[] } | null>(null);

  readonly #backend: Backend;
  readonly #owner: FilesOwner;
  #open: Opener | null = null;

  constructor(backend: Backend, owner: FilesOwner) {
    this.#backend = backend;
    this.#owner = owner;
  }

  /** Adds a file refused elsewhere (a worksheet read into a map) to the list the error dialog shows. */
  refuse(path: string, error: FileError): void {
    this.imported = 0;
    this.refused = [...this.refused, { path, error }];
  }

  /**
   * Starts taking files from outside the page with `open` as the way to show an imported map:
   * those given before the page was up (once), and any announced later. Both are asked for at
   * once, alongside the library's own reads at start; what they bring is handled once `ready`
   * resolves (the library read, the map open last time reopened), so that a file given on the
   * command line opens after that map, and over it. Resolves to the function that stops
   * listening.
   */
  async start(open: Opener, ready: Promise<unknown> = Promise.resolve()): Promise<Unlisten> {
    this.#open = open;
    // Listening first, then taking (Rust answers in order): no file falls between the two.
    const listening = this.#backend.onFilesOpened(() => void ready.then(() => this.take())).catch((thrown: unknown) => {
      // Files from outside will not arrive while the app runs; the Open button still works.
      this.#owner.fail(toAppError(thrown));
      return () => {};
    });
    const waiting = this.#backend.takeOpenedFiles();
    // Its failure is reported by `take`, once the home is ready.
    waiting.catch(() => undefined);
    const unlisten = await listening;
    await ready;
    await this.take(waiting);
    return unlisten;
  }

  /** Takes the files waiting in Rust (or those already asked for) and handles them. */
  async take(asked: Promise<OpenedFile[]> = this.#backend.takeOpenedFiles()): Promise<void> {
    let files: OpenedFile[];
    try {
      files = await asked;
    } catch (thrown) {
      this.#owner.fail(toAppError(thrown));
      return;
    }
    await this.handle(files);
  }

  /** File → Open: the native dialog (titled `dialogTitle`), then the same handling; problems come in `lang`'s words. */
  async openFile(dialogTitle: string, lang: string): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const file = await this.#backend.openFile(dialogTitle, lang);
      if (file) await this.handle([file]);
    } catch (thrown) {
      this.#owner.fail(toAppError(thrown));
    } finally {
      this.busy = false;
    }
  }

  /**
   * The outcome of some files: the library is re-read and the last imported map opens; the
   * refused ones join the list the error dialog shows. Resolves to the id opened, if any.
   */
  async handle(files: readonly OpenedFile[]): Promise<string | null> {
    if (files.length === 0) return null;
    const good = files.filter((f) => f.id !== null && f.error === null);
    const bad: RefusedFile[] = files
      .filter((f) => f.id === null || f.error !== null)
      .map((f) => ({
        path: f.path,
        // An outcome with neither an id nor an error should not come; it is still a refusal.
        error: f.error ?? { code: 'internal', message: '', issues: [], summary: null, valid_part: null },
      }));
    if (bad.length > 0) {
      this.refused = [...this.refused, ...bad];
      this.imported += good.length;
    }
    const lastFile = good.at(-1);
    const last = lastFile?.id ?? null;
    if (last === null) return null;
    const notes = lastFile?.notes ?? [];
    this.noted = notes.length > 0 ? { id: last, notes } : null;
    await this.#owner.refresh();
    await this.#open?.(last);
    return last;
  }

  /**
   * Imports what is valid of a refused file (Rust kept it when it refused the file): the file
   * leaves the list and the new map opens. A failure is reported and the file stays listed.
   */
  async importValidPart(file: RefusedFile, lang: string): Promise<string | null> {
    const part = file.error.valid_part;
    if (!part || this.busy) return null;
    this.busy = true;
    try {
      const id = await this.#backend.importValidPart(part.token, lang);
      this.refused = this.refused.filter((f) => f !== file);
      this.imported += 1;
      if (this.refused.length === 0) this.imported = 0;
      await this.#owner.refresh();
      await this.#open?.(id);
      return id;
    } catch (thrown) {
      this.#owner.fail(toAppError(thrown));
      return null;
    } finally {
      this.busy = false;
    }
  }

  /** Closes the list of refused files. */
  dismiss(): void {
    this.refused = [];
    this.imported = 0;
  }
}
