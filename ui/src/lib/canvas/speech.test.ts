import { describe, expect, it } from 'vitest';
import { I18n } from '../i18n.svelte';
import { sampleMap } from '../testing/maps';
import { describeSelection } from './speech';

const map = sampleMap();
const es = new I18n('es');

describe('what the canvas says as the selection moves', () => {
  it('names a cell by its stage and lane, and how many cards it holds', () => {
    expect(describeSelection(map, { kind: 'cell', stage: 's1', lane: 'l-act' }, es)).toBe(
      'Celda de «Descubre» en «Qué hace»: 2 tarjetas',
    );
    expect(describeSelection(map, { kind: 'cell', stage: 's3', lane: 'l-act' }, es)).toBe(
      'Celda de «Vuelve» en «Qué hace»: vacía',
    );
  });

  it('reads a card: its place in the cell, channel, emotion or figure, and its text', () => {
    expect(describeSelection(map, { kind: 'cards', ids: ['a2'] }, es)).toBe(
      'Tarjeta 2 de 2 en «Descubre», «Qué hace». Mira el escaparate',
    );
    const t1 = describeSelection(map, { kind: 'cards', ids: ['t1'] }, es);
    expect(t1).toMatch(/^Tarjeta 1 de 1 en «Descubre», «Puntos de contacto»\. Canal: .+\. Reseñas en el mapa$/);
    expect(describeSelection(map, { kind: 'cards', ids: ['e2'] }, es)).toBe(
      'Tarjeta 1 de 1 en «Compra», «Cómo se siente». Emoción −1. Cola larga',
    );
    expect(describeSelection(map, { kind: 'cards', ids: ['f1'] }, es)).toBe(
      'Tarjeta 1 de 1 en «Descubre», «Embudo». Valor 1200. sin texto',
    );
    expect(describeSelection(map, { kind: 'cards', ids: ['a1', 'a2', 'a3'] }, es)).toBe('3 tarjetas seleccionadas');
  });

  it('gives stages and lanes their place in the map, in the UI language', () => {
    expect(describeSelection(map, { kind: 'stage', id: 's2' }, es)).toBe('Etapa 2 de 3: «Compra»');
    const en = new I18n('en');
    expect(describeSelection(map, { kind: 'lane', id: 'l-emo' }, en)).toBe('Lane 3 of 4: “Cómo se siente”');
    expect(describeSelection(map, { kind: 'cards', ids: ['a1'] }, new I18n('pt-BR'))).toBe(
      'Cartão 1 de 2 em “Descubre”, “Qué hace”. Huele el pan al pasar',
    );
  });

  it('says nothing for nothing, and cuts a very long text', () => {
    expect(describeSelection(map, { kind: 'none' }, es)).toBe('');
    const long = { ...map, cards: [{ id: 'x', stage: 's1', lane: 'l-act', text: 'pan '.repeat(100) }] };
    const said = describeSelection(long, { kind: 'cards', ids: ['x'] }, es);
    expect(said.endsWith('…')).toBe(true);
    expect(said.length).toBeLessThan(220);
  });
});
