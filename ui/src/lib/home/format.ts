// Dates on the library home, formatted with Intl for the UI language (sizes: ../units.ts).
// Formatters are costly to build and the home draws many cards, so one of each per language is kept.

const cache = new Map<string, Intl.RelativeTimeFormat | Intl.DateTimeFormat>();

function cached<T extends Intl.RelativeTimeFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let f = cache.get(key);
  if (!f) {
    f = make();
    cache.set(key, f);
  }
  return f as T;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Whole calendar days (local time) from `at` to `now`: 1 means yesterday, whatever the hour. */
function calendarDays(at: number, now: number): number {
  const a = new Date(at);
  const b = new Date(now);
  return Math.round(
    (Date.UTC(b.getFullYear(), b.getMonth(), b.getDate()) - Date.UTC(a.getFullYear(), a.getMonth(), a.getDate())) / DAY,
  );
}

/**
 * When something happened, as a person says it: "ahora", "hace 5 minutos", "hace 3 horas" (today),
 * "ayer", "hace 3 días"; a week or more back, the date itself ("3 mar 2025"). A time a little
 * ahead of `now` (another machine's clock) counts as now. The raw text when it cannot be read.
 */
export function relativeDate(rfc3339: string, lang: string, now: number): string {
  const at = Date.parse(rfc3339);
  if (Number.isNaN(at)) return rfc3339;
  const ago = Math.max(0, now - at);
  const rtf = cached(`rel:${lang}`, () => new Intl.RelativeTimeFormat(lang, { numeric: 'auto' }));
  if (ago < MINUTE) return rtf.format(0, 'second');
  if (ago < HOUR) return rtf.format(-Math.floor(ago / MINUTE), 'minute');
  const days = calendarDays(at, now);
  if (days <= 0) return rtf.format(-Math.floor(ago / HOUR), 'hour');
  if (days < 7) return rtf.format(-days, 'day');
  return cached(`date:${lang}`, () => new Intl.DateTimeFormat(lang, { dateStyle: 'medium' })).format(at);
}
