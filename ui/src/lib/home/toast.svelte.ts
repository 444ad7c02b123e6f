/** A short note at the bottom of the window, with at most one action (such as Undo). */
export interface Toast {
  message: string;
  action?: { label: string; run: () => void };
}

/** How long a note stays when nobody looks at it. */
export const TOAST_MS = 8000;

/**
 * One note at a time: a new one replaces the last. It goes by itself after a while, but not
 * while the pointer or the keyboard focus is on it (`hold`), so its button can be reached.
 */
export class Toaster {
  /**
   * The note shown. `replaced`: it took the place of another still shown, so it does not rise
   * into sight again (a run of undos changes the words in place; and any animation on the page
   * makes WebKit composite every frame, which slows the canvas drawn at each key).
   */
  current = $state.raw<(Toast & { id: number; replaced: boolean }) | null>(null);

  readonly #ms: number;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #next = 1;
  #held = false;

  constructor(ms = TOAST_MS) {
    this.#ms = ms;
  }

  show(toast: Toast): void {
    // A new note is a new element: whatever held the last one does not hold this one.
    this.#held = false;
    this.current = { ...toast, id: this.#next++, replaced: this.current !== null };
    this.#arm();
  }

  /** Runs the note's action and closes it. */
  act(): void {
    const action = this.current?.action;
    this.dismiss();
    action?.run();
  }

  dismiss(): void {
    this.#held = false;
    this.#disarm();
    this.current = null;
  }

  /** Looked at (hover or focus): it stays until let go. */
  hold(): void {
    this.#held = true;
    this.#disarm();
  }

  release(): void {
    this.#held = false;
    if (this.current) this.#arm();
  }

  #arm(): void {
    this.#disarm();
    if (this.#held) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.current = null;
    }, this.#ms);
  }

  #disarm(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }
}
