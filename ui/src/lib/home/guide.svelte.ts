import type { Settings } from '../settings';

/**
 * The one-screen guide (what a journey map is and how to draw one). On a first start it sits on
 * the empty home until closed; closing it is remembered (`guide.seen`), and `show()` brings it
 * back at any time, on either screen (Help → Guide in the menu).
 */
export class Guide {
  /** Whether it was closed once; null until the setting is read (nothing is shown meanwhile). */
  seen = $state<boolean | null>(null);
  /** Asked for: it shows as a dialog over whatever screen is up. */
  open = $state(false);

  readonly #settings: Settings;

  constructor(settings: Settings) {
    this.#settings = settings;
  }

  async load(): Promise<void> {
    this.seen = await this.#settings.guideSeen();
  }

  show(): void {
    this.open = true;
  }

  /** Closes it, and it no longer opens by itself. */
  dismiss(): void {
    this.open = false;
    if (this.seen === true) return;
    this.seen = true;
    void this.#settings.rememberGuideSeen();
  }
}
