/** A piece of a text, and whether it is part of a match. */
export interface Segment {
  text: string;
  match: boolean;
}

/** One character folded the way the search folds it: lower case, no accents ("Ñ" → "n"). */
function foldChar(ch: string): string {
  return ch
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '');
}

/** The words of a query, folded, longest first (so "a" does not hide "ana"). */
export function queryWords(query: string): string[] {
  const words = query
    .split(/\s+/)
    .map((w) => [...w].map(foldChar).join(''))
    .filter(Boolean);
  return [...new Set(words)].sort((a, b) => b.length - a.length);
}

/**
 * Splits `text` into plain and matching pieces for every word of `query`, ignoring case and
 * accents like the search in Rust does, so "senal" marks "Señal". The pieces join back to
 * `text` exactly; they are meant to be drawn as text (never as markup).
 */
export function highlight(text: string, query: string): Segment[] {
  const words = queryWords(query);
  if (words.length === 0 || text === '') return text === '' ? [] : [{ text, match: false }];

  // Fold per character and remember where each folded unit came from, so a match in the
  // folded text maps back to whole characters of the original (folding can change lengths).
  const chars = [...text];
  let folded = '';
  const from: number[] = [];
  chars.forEach((ch, i) => {
    const f = foldChar(ch);
    folded += f;
    for (let k = 0; k < f.length; k++) from.push(i);
  });

  const marked = new Array<boolean>(chars.length).fill(false);
  for (const word of words) {
    for (let at = folded.indexOf(word); at !== -1; at = folded.indexOf(word, at + word.length)) {
      for (let k = at; k < at + word.length; k++) marked[from[k]!] = true;
    }
  }

  const segments: Segment[] = [];
  chars.forEach((ch, i) => {
    const last = segments.at(-1);
    if (last && last.match === marked[i]) last.text += ch;
    else segments.push({ text: ch, match: marked[i]! });
  });
  return segments;
}
