import type { MessageKey } from './i18n.svelte';

/**
 * The keyboard and mouse shortcuts the app supports, as the shortcuts sheet
 * lists them. This is a description, not the handlers: the keys themselves
 * are read in Canvas.svelte (the map), CardEditor.svelte (typing a card),
 * EditorView.svelte (the side panel, export, F5),
 * Menu.svelte (menus), tool.svelte.ts (pointer gestures) and App.svelte (F1
 * and "?"). A shortcut added there belongs here too.
 */

/** Keys whose name depends on the language (Mayús / Shift, Intro / Enter…), with their message. */
const NAMED = {
  Shift: 'key.shift',
  Enter: 'key.enter',
  Delete: 'key.delete',
  Backspace: 'key.backspace',
  Space: 'key.space',
  Tab: 'key.tab',
  Arrows: 'key.arrows',
} as const satisfies Record<string, MessageKey>;

/** Keys written the same in every language. "Ctrl" stands for Ctrl on Linux and Windows (the canvas also takes Cmd). */
type Literal = 'Ctrl' | 'Esc' | 'F1' | 'F2' | 'F5' | 'F10' | '\\' | 'A' | 'C' | 'D' | 'E' | 'P' | 'H' | 'V' | 'X' | 'Y' | 'Z' | '0' | '1' | '9' | '+' | '−' | '?' | '↑' | '↓' | 'N' | 'O' | 'S' | 'L' | 'Q' | ',';

/** One key cap. */
export type Cap = keyof typeof NAMED | Literal;

/** Mouse actions, by their message. */
export type MouseAction = Extract<MessageKey, `mouse.${string}`>;

/** Keys pressed together (joined by "+"), possibly with a mouse action done while holding them. */
export interface Combo {
  keys: readonly Cap[];
  mouse?: MouseAction;
}

export interface Shortcut {
  /** What it does, which also names it (unique in the sheet). */
  action: Extract<MessageKey, `shortcut.${string}`>;
  /** Alternatives: any one of them does it. */
  combos: readonly Combo[];
}

export type GroupId = 'editing' | 'selection' | 'moving' | 'view' | 'history' | 'general';

export interface ShortcutGroup {
  id: GroupId;
  items: readonly Shortcut[];
}

const keys = (...caps: Cap[]): Combo => ({ keys: caps });
const mouse = (action: MouseAction, ...caps: Cap[]): Combo => ({ keys: caps, mouse: action });

export const SHORTCUTS: readonly ShortcutGroup[] = [
  {
    id: 'editing',
    items: [
      { action: 'shortcut.write', combos: [keys('Enter'), keys('F2')] },
      { action: 'shortcut.doubleClick', combos: [mouse('mouse.doubleClick')] },
      { action: 'shortcut.finishText', combos: [keys('Ctrl', 'Enter'), keys('Esc'), keys('Tab')] },
      { action: 'shortcut.delete', combos: [keys('Delete'), keys('Backspace')] },
      { action: 'shortcut.copy', combos: [keys('Ctrl', 'C')] },
      { action: 'shortcut.cut', combos: [keys('Ctrl', 'X')] },
      { action: 'shortcut.paste', combos: [keys('Ctrl', 'V')] },
      { action: 'shortcut.duplicate', combos: [keys('Ctrl', 'D')] },
      { action: 'shortcut.menu', combos: [mouse('mouse.rightClick'), keys('Shift', 'F10')] },
      // --- route (marking a route's steps: routes.svelte.ts, Routes.key) ---
      { action: 'shortcut.routeStep', combos: [mouse('mouse.click')] },
      { action: 'shortcut.routeBack', combos: [keys('Backspace')] },
      { action: 'shortcut.routeFinish', combos: [keys('Enter')] },
      { action: 'shortcut.routeCancel', combos: [keys('Esc')] },
      // --- end route ---
    ],
  },
  {
    id: 'selection',
    items: [
      { action: 'shortcut.choose', combos: [mouse('mouse.click')] },
      { action: 'shortcut.toggle', combos: [mouse('mouse.click', 'Shift'), mouse('mouse.click', 'Ctrl')] },
      { action: 'shortcut.band', combos: [mouse('mouse.drag')] },
      { action: 'shortcut.bandAdd', combos: [mouse('mouse.drag', 'Shift'), mouse('mouse.drag', 'Ctrl')] },
      { action: 'shortcut.selectAll', combos: [keys('Ctrl', 'A')] },
      { action: 'shortcut.cells', combos: [keys('Arrows')] },
      { action: 'shortcut.deselect', combos: [keys('Esc')] },
    ],
  },
  {
    id: 'moving',
    items: [
      { action: 'shortcut.moveCards', combos: [keys('Arrows')] },
      { action: 'shortcut.dragCard', combos: [mouse('mouse.drag')] },
      { action: 'shortcut.dragHeader', combos: [mouse('mouse.drag')] },
      { action: 'shortcut.dragEmotion', combos: [mouse('mouse.drag')] },
      { action: 'shortcut.cancelDrag', combos: [keys('Esc')] },
    ],
  },
  {
    id: 'view',
    items: [
      { action: 'shortcut.zoomIn', combos: [keys('Ctrl', '+')] },
      { action: 'shortcut.zoomOut', combos: [keys('Ctrl', '−')] },
      { action: 'shortcut.zoomReset', combos: [keys('Ctrl', '0')] },
      { action: 'shortcut.fit', combos: [keys('Shift', '1'), keys('Ctrl', '9')] },
      { action: 'shortcut.zoomWheel', combos: [mouse('mouse.wheel', 'Ctrl')] },
      { action: 'shortcut.scroll', combos: [mouse('mouse.wheel')] },
      { action: 'shortcut.scrollSideways', combos: [mouse('mouse.wheel', 'Shift')] },
      { action: 'shortcut.pan', combos: [mouse('mouse.drag', 'Space'), mouse('mouse.middleDrag')] },
      { action: 'shortcut.present', combos: [keys('F5')] },
      { action: 'shortcut.sidePanel', combos: [keys('Ctrl', '\\')] },
    ],
  },
  {
    id: 'history',
    items: [
      { action: 'shortcut.undo', combos: [keys('Ctrl', 'Z')] },
      { action: 'shortcut.redo', combos: [keys('Ctrl', 'Shift', 'Z'), keys('Ctrl', 'Y')] },
    ],
  },
  {
    id: 'general',
    items: [
      { action: 'shortcut.help', combos: [keys('F1'), keys('?')] },
      { action: 'shortcut.close', combos: [keys('Esc')] },
      { action: 'shortcut.menuItems', combos: [keys('↑'), keys('↓')] },
      { action: 'shortcut.focus', combos: [keys('Tab'), keys('Shift', 'Tab')] },
      // export and versions (Ctrl+E in the page and the native menu; the other two, the menu's)
      { action: 'shortcut.export', combos: [keys('Ctrl', 'E')] },
      { action: 'shortcut.print', combos: [keys('Ctrl', 'P')] },
      { action: 'shortcut.snapshot', combos: [keys('Ctrl', 'Shift', 'V')] },
      { action: 'shortcut.versions', combos: [keys('Ctrl', 'Shift', 'H')] },
      // --- menu (the native menu's own keys for the File items) ---
      { action: 'shortcut.newMap', combos: [keys('Ctrl', 'N')] },
      { action: 'shortcut.openFile', combos: [keys('Ctrl', 'O')] },
      { action: 'shortcut.saveAs', combos: [keys('Ctrl', 'Shift', 'S')] },
      { action: 'shortcut.copyImage', combos: [keys('Ctrl', 'Shift', 'C')] },
      { action: 'shortcut.library', combos: [keys('Ctrl', 'L')] },
      { action: 'shortcut.preferences', combos: [keys('Ctrl', ',')] },
      { action: 'shortcut.quit', combos: [keys('Ctrl', 'Q')] },
      // --- end menu ---
    ],
  },
];

/** The message of a cap whose name is translated, or null when it is written as is. */
export function capKey(cap: Cap): MessageKey | null {
  return cap in NAMED ? NAMED[cap as keyof typeof NAMED] : null;
}

/** Input types that take no typed text, where "?" is not a character being typed. */
const NOT_TEXT = new Set(['button', 'checkbox', 'color', 'file', 'image', 'radio', 'range', 'reset', 'submit']);

/** Whether keys sent to `target` are typing (a text field, a text area, a select or editable content). */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && !NOT_TEXT.has(target.type);
}

/**
 * The key a shortcut means, lowercased: the key's own character where it is
 * Latin (so Ctrl+Z is where the Z is on a French or German keyboard too), and
 * on a layout whose letters are not Latin (Russian, Greek, Arabic, Hebrew…)
 * the letter or digit of the key's place (`code`), as Ctrl+Z is where Z is
 * on a US keyboard: what every desktop app does. Named keys stay as named.
 */
export function shortcutKey(e: Pick<KeyboardEvent, 'key' | 'code'>): string {
  const key = e.key;
  if (key.length !== 1 && [...key].length !== 1) return key;
  const lower = key.toLowerCase();
  if (/^[\x20-\x7e]$/.test(key) || /^\p{Script=Latin}$/u.test(key)) return lower;
  const letter = /^Key([A-Z])$/.exec(e.code);
  if (letter) return letter[1]!.toLowerCase();
  const digit = /^Digit([0-9])$/.exec(e.code);
  if (digit) return digit[1]!;
  return lower;
}

/** Whether a keydown asks for the shortcuts sheet: F1 anywhere, or "?" when not typing. */
export function opensShortcuts(e: KeyboardEvent): boolean {
  if (e.isComposing || e.keyCode === 229 || e.ctrlKey || e.metaKey || e.altKey) return false;
  if (e.key === 'F1') return true;
  return e.key === '?' && !isTyping(e.target);
}
