import { describe, expect, it } from 'vitest';
import { relativeDate } from './format';

// A fixed "now" at local noon, so calendar days do not depend on when the test runs.
const NOW = new Date(2025, 4, 15, 12, 0, 0).getTime();
const ago = (ms: number) => new Date(NOW - ms).toISOString();
const MIN = 60_000;
const HOUR = 60 * MIN;

describe('relativeDate', () => {
  it('says it as a person would, in the UI language', () => {
    expect(relativeDate(ago(20_000), 'es', NOW)).toBe('ahora');
    expect(relativeDate(ago(5 * MIN), 'es', NOW)).toBe('hace 5 minutos');
    expect(relativeDate(ago(3 * HOUR), 'es', NOW)).toBe('hace 3 horas');
    expect(relativeDate(ago(5 * MIN), 'en', NOW)).toBe('5 minutes ago');
  });

  it('counts calendar days: last night is yesterday even if less than 24 hours ago', () => {
    // 13 hours before local noon is 23:00 the day before.
    expect(relativeDate(ago(13 * HOUR), 'es', NOW)).toBe('ayer');
    expect(relativeDate(ago(13 * HOUR), 'en', NOW)).toBe('yesterday');
    expect(relativeDate(new Date(2025, 4, 12, 18).toISOString(), 'es', NOW)).toBe('hace 3 días');
  });

  it('gives the date itself from a week back, formatted by Intl for the language', () => {
    const then = new Date(2025, 2, 1, 9, 30);
    expect(relativeDate(then.toISOString(), 'es', NOW)).toBe(
      new Intl.DateTimeFormat('es', { dateStyle: 'medium' }).format(then),
    );
  });

  it('counts a time slightly in the future as now, and leaves unreadable text as it is', () => {
    expect(relativeDate(new Date(NOW + 30_000).toISOString(), 'es', NOW)).toBe('ahora');
    expect(relativeDate('ayer por la tarde', 'es', NOW)).toBe('ayer por la tarde');
  });
});
