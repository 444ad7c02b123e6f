import { describe, expect, it } from 'vitest';
import { highlight, queryWords } from './highlight';

const marked = (text: string, query: string) =>
  highlight(text, query)
    .filter((s) => s.match)
    .map((s) => s.text);

describe('highlight', () => {
  it('marks every word of the query, ignoring case and accents, in the original spelling', () => {
    // "senal" and "ACCION" find "Señal" and "acción" as the search in Rust does.
    expect(marked('La Señal de la acción', 'senal ACCION')).toEqual(['Señal', 'acción']);
  });

  it('gives pieces that join back to the text exactly', () => {
    const text = '¿Dónde está mi pedido? Llamó dos veces.';
    const pieces = highlight(text, 'pedido veces');
    expect(pieces.map((p) => p.text).join('')).toBe(text);
    expect(pieces.filter((p) => p.match).map((p) => p.text)).toEqual(['pedido', 'veces']);
  });

  it('marks every place a word appears, and joins overlapping matches', () => {
    expect(marked('pan y más pan', 'pan')).toEqual(['pan', 'pan']);
    // "ana" and "nada" overlap in "ananada": one marked run.
    expect(marked('ananada', 'ana nada')).toEqual(['ananada']);
  });

  it('keeps characters whose folding changes length whole', () => {
    // "İ" lower-cases to two code units; the mark must still cover whole characters.
    expect(highlight('İstanbul', 'istanbul').map((p) => p.text).join('')).toBe('İstanbul');
    expect(marked('İstanbul', 'stan')).toEqual(['stan']);
  });

  it('leaves text alone for an empty query, and gives nothing for an empty text', () => {
    expect(highlight('Texto', '   ')).toEqual([{ text: 'Texto', match: false }]);
    expect(highlight('', 'a')).toEqual([]);
  });

  it('folds the query into distinct words, longest first', () => {
    expect(queryWords('  Pan  pan  MÁS ')).toEqual(['pan', 'mas']);
    expect(queryWords('a ana')).toEqual(['ana', 'a']);
  });
});
