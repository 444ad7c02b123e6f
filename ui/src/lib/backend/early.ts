import type { Commands, Send } from '../bindings';

const keyOf = (command: keyof Commands, args?: Record<string, unknown>) => `${command} ${JSON.stringify(args ?? null)}`;

/**
 * Reads the first screen needs, asked for all at once as the script starts. Each class asks for
 * what it needs when it needs it, and at start that made five round trips to Rust one after
 * another (the language, then the preferences and the library's state, then the maps, then the
 * map open last…), each waiting for the page to be free to hear it. Asked here together, each
 * later ask for the same command and arguments takes the answer already on its way, once.
 *
 * Only reads belong here. Once the first screen is up, `close` drops what nobody took: a later
 * ask must see the library as it is then.
 */
export class EarlyAnswers {
  readonly #send: Send;
  readonly #answers = new Map<string, Promise<unknown>>();
  #open = true;

  constructor(send: Send) {
    this.#send = send;
  }

  /** Sends a read now, for whoever asks for it next. */
  ask(command: keyof Commands, args?: Record<string, unknown>): void {
    const key = keyOf(command, args);
    if (!this.#open || this.#answers.has(key)) return;
    const answer = this.#send(command, args);
    // A failure nobody takes is not an unhandled rejection; whoever takes it still sees it.
    answer.catch(() => undefined);
    this.#answers.set(key, answer);
  }

  /** Sends a command, or takes the answer asked for early (once). */
  send: Send = (command, args) => {
    const key = keyOf(command, args);
    const early = this.#answers.get(key);
    if (early === undefined) return this.#send(command, args);
    this.#answers.delete(key);
    return early;
  };

  /** The first screen is up: what was not taken is dropped, and nothing more is asked early. */
  close(): void {
    this.#open = false;
    this.#answers.clear();
  }
}
