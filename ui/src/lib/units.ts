// Quantities written for people, in the UI language (Intl does the digits, separators and unit names).

const BYTE_UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;

/** Formatters are costly to make and the home shows a size on every card: one each is kept. */
const byteFormats = new Map<string, Intl.NumberFormat>();

/** A file size in decimal units (as file managers show them): "850 bytes", "110 kB", "9,3 MB". */
export function formatBytes(bytes: number, lang: string): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1000 && unit < BYTE_UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = unit > 0 && value < 10 ? 1 : 0;
  const key = `${lang}|${unit}|${digits}`;
  let format = byteFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(lang, {
      style: 'unit',
      unit: BYTE_UNITS[unit],
      // "850 byte" reads oddly; the long name is short enough.
      unitDisplay: unit === 0 ? 'long' : 'short',
      maximumFractionDigits: digits,
    });
    byteFormats.set(key, format);
  }
  return format.format(value);
}

/** A number with at most `digits` decimals, grouped as the language groups them. */
export function formatNumber(value: number, lang: string, digits = 0): string {
  return new Intl.NumberFormat(lang, { maximumFractionDigits: digits }).format(value);
}
