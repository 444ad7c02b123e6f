import { afterEach, describe, expect, it } from 'vitest';
import { I18n } from './i18n.svelte';
import { capKey, isTyping, opensShortcuts, shortcutKey, SHORTCUTS } from './shortcuts';

afterEach(() => document.body.replaceChildren());

/** A keydown sent to `target` (its `target` stays set once dispatched). */
function keydown(target: Element, init: KeyboardEventInit): KeyboardEvent {
  const e = new KeyboardEvent('keydown', { bubbles: true, ...init });
  target.dispatchEvent(e);
  return e;
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, type?: string): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (type && el instanceof HTMLInputElement) el.type = type;
  document.body.append(el);
  return el;
}

describe('isTyping', () => {
  it('is true in text fields, text areas and selects, false on buttons, checkboxes and plain elements', () => {
    expect(isTyping(element('input'))).toBe(true);
    expect(isTyping(element('input', 'search'))).toBe(true);
    expect(isTyping(element('input', 'number'))).toBe(true);
    expect(isTyping(element('textarea'))).toBe(true);
    expect(isTyping(element('select'))).toBe(true);
    expect(isTyping(element('input', 'checkbox'))).toBe(false);
    expect(isTyping(element('input', 'color'))).toBe(false);
    expect(isTyping(element('button'))).toBe(false);
    expect(isTyping(element('div'))).toBe(false);
    expect(isTyping(null)).toBe(false);
  });
});

describe('opensShortcuts', () => {
  it('takes F1 anywhere and "?" only outside text fields', () => {
    const div = element('div');
    const field = element('input');
    const box = element('input', 'checkbox');
    expect(opensShortcuts(keydown(div, { key: 'F1' }))).toBe(true);
    expect(opensShortcuts(keydown(field, { key: 'F1' }))).toBe(true);
    expect(opensShortcuts(keydown(div, { key: '?', shiftKey: true }))).toBe(true);
    expect(opensShortcuts(keydown(box, { key: '?', shiftKey: true }))).toBe(true);
    expect(opensShortcuts(keydown(field, { key: '?', shiftKey: true }))).toBe(false);
  });

  it('leaves alone other keys, modified ones and keys of an input method', () => {
    const div = element('div');
    expect(opensShortcuts(keydown(div, { key: '/' }))).toBe(false);
    expect(opensShortcuts(keydown(div, { key: 'F2' }))).toBe(false);
    expect(opensShortcuts(keydown(div, { key: '?', ctrlKey: true }))).toBe(false);
    expect(opensShortcuts(keydown(div, { key: 'F1', altKey: true }))).toBe(false);
    expect(opensShortcuts(keydown(div, { key: '?', isComposing: true }))).toBe(false);
  });
});

describe('SHORTCUTS', () => {
  it('names each action once, in six groups, each row with at least one way to do it', () => {
    expect(SHORTCUTS.map((g) => g.id)).toEqual(['editing', 'selection', 'moving', 'view', 'history', 'general']);
    const actions = SHORTCUTS.flatMap((g) => g.items.map((i) => i.action));
    expect(new Set(actions).size).toBe(actions.length);
    for (const item of SHORTCUTS.flatMap((g) => g.items)) {
      expect(item.combos.length).toBeGreaterThan(0);
      for (const combo of item.combos) expect(combo.keys.length + (combo.mouse ? 1 : 0)).toBeGreaterThan(0);
    }
  });

  it('has every name in both languages, translated where the key caps differ', () => {
    const es = new I18n('es');
    const en = new I18n('en');
    expect(capKey('Shift')).toBe('key.shift');
    expect(capKey('Ctrl')).toBeNull();
    expect([es.t(capKey('Shift')!), en.t(capKey('Shift')!)]).toEqual(['Mayús', 'Shift']);
    expect([es.t(capKey('Delete')!), en.t(capKey('Delete')!)]).toEqual(['Supr', 'Delete']);
    for (const item of SHORTCUTS.flatMap((g) => g.items)) {
      expect(es.t(item.action)).not.toBe('');
      expect(en.t(item.action)).not.toBe('');
      expect(es.t(item.action)).not.toBe(en.t(item.action));
    }
  });
});

describe('shortcutKey', () => {
  it('is the key itself where it is Latin, and the key’s place where it is not', () => {
    expect(shortcutKey({ key: 'z', code: 'KeyZ' })).toBe('z');
    expect(shortcutKey({ key: 'Z', code: 'KeyZ' })).toBe('z');
    // French AZERTY: the key labelled Z sits where a US W is; Z is what is meant.
    expect(shortcutKey({ key: 'z', code: 'KeyW' })).toBe('z');
    // Spanish ñ stays ñ; named keys stay named.
    expect(shortcutKey({ key: 'ñ', code: 'Semicolon' })).toBe('ñ');
    expect(shortcutKey({ key: 'Escape', code: 'Escape' })).toBe('Escape');
    expect(shortcutKey({ key: '+', code: 'Equal' })).toBe('+');
    // Russian, Greek, Hebrew, Arabic: the Latin letter of the key's place.
    expect(shortcutKey({ key: 'я', code: 'KeyZ' })).toBe('z');
    expect(shortcutKey({ key: 'Я', code: 'KeyZ' })).toBe('z');
    expect(shortcutKey({ key: 'ζ', code: 'KeyZ' })).toBe('z');
    expect(shortcutKey({ key: 'ז', code: 'KeyZ' })).toBe('z');
    expect(shortcutKey({ key: 'ئ', code: 'KeyZ' })).toBe('z');
    expect(shortcutKey({ key: '"', code: 'Digit2' })).toBe('"');
  });
});
