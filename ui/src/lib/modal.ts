import { untrack } from 'svelte';
import type { Attachment } from 'svelte/attachments';

/** What the keyboard can reach inside a modal. */
const FOCUSABLE =
  'button:not(:disabled), [href], input:not(:disabled), select:not(:disabled), textarea:not(:disabled), [tabindex]:not([tabindex="-1"])';

export interface ModalOptions {
  /** Esc asks to close. */
  onclose: () => void;
  /** Where the focus goes back to on close; by default, what had it when the modal opened. */
  returnTo?: HTMLElement | null;
  /** What takes the focus on open (by default the modal itself, which needs tabindex="-1"). */
  initial?: () => HTMLElement | null | undefined;
}

/**
 * A modal without <dialog>.showModal() (jsdom has none): the focus goes in on open and
 * cannot leave (Tab wraps, focus moved outside is brought back), no key reaches the editor
 * behind it, and it gives the focus back on close.
 */
export function modal(options: ModalOptions): Attachment<HTMLElement> {
  // Set up once, untracked: state read on the way must not tear the modal down and up again.
  return (node) => untrack(() => trap(node, options));
}

function trap(node: HTMLElement, options: ModalOptions): () => void {
  const active = document.activeElement;
  const returnTo =
    options.returnTo !== undefined
      ? options.returnTo
      : active instanceof HTMLElement && active !== document.body
        ? active
        : null;
  (options.initial?.() ?? node).focus({ preventScroll: true });

  const keydown = (e: KeyboardEvent) => {
    // The canvas listens on the window; nothing typed here is meant for it.
    e.stopPropagation();
    if (e.key === 'Escape' && !e.isComposing) {
      e.preventDefault();
      options.onclose();
    } else if (e.key === 'Tab') {
      const list = [...node.querySelectorAll<HTMLElement>(FOCUSABLE)];
      const first = list[0];
      const last = list.at(-1);
      const current = document.activeElement;
      if (!first || !last) {
        e.preventDefault();
      } else if (e.shiftKey && (current === first || current === node)) {
        e.preventDefault();
        last.focus();
      } else if (!e.shiftKey && current === last) {
        e.preventDefault();
        first.focus();
      }
    }
  };
  // Focus that lands outside (a script, or the card editor handing it back to the canvas) comes back,
  // unless it went into another modal: two traps would pull it back and forth for ever.
  const focusin = (e: FocusEvent) => {
    const target = e.target;
    if (!(target instanceof Element) || node.contains(target)) return;
    if (target.closest('[aria-modal="true"]')) return;
    node.focus({ preventScroll: true });
  };
  // A key pressed while the focus is nowhere (on something inside that went away) is not for the
  // page behind either: it is held back, and the focus comes back in.
  const stray = (e: KeyboardEvent) => {
    const target = e.target;
    if (target instanceof Element && (node.contains(target) || target.closest('[aria-modal="true"]'))) return;
    e.stopPropagation();
    node.focus({ preventScroll: true });
    if (e.key === 'Escape' && !e.isComposing) {
      e.preventDefault();
      options.onclose();
    }
  };
  node.addEventListener('keydown', keydown);
  document.addEventListener('focusin', focusin);
  window.addEventListener('keydown', stray, true);
  return () => {
    node.removeEventListener('keydown', keydown);
    document.removeEventListener('focusin', focusin);
    window.removeEventListener('keydown', stray, true);
    if (returnTo?.isConnected) returnTo.focus({ preventScroll: true });
  };
}

/** A click on the dimmed backdrop itself (not one that started inside the sheet) closes. */
export function backdrop(onclose: () => void): Attachment<HTMLElement> {
  return (node) => {
    const click = (e: MouseEvent) => {
      if (e.target === node) onclose();
    };
    node.addEventListener('click', click);
    return () => node.removeEventListener('click', click);
  };
}
