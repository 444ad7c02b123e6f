import type { JourneyMap } from '../bindings';

/** A small map of every common lane kind, for tests. */
export function sampleMap(id = 'map-1', title = 'Panadería del barrio'): JourneyMap {
  return {
    id,
    title,
    locale: 'es',
    stages: [
      { id: 's1', title: 'Descubre' },
      { id: 's2', title: 'Compra' },
      { id: 's3', title: 'Vuelve' },
    ],
    lanes: [
      { id: 'l-act', kind: 'actions', title: 'Qué hace' },
      { id: 'l-tp', kind: 'touchpoints', title: 'Puntos de contacto' },
      { id: 'l-emo', kind: 'emotions', title: 'Cómo se siente' },
      { id: 'l-fun', kind: 'funnel', title: 'Embudo' },
    ],
    cards: [
      { id: 'a1', stage: 's1', lane: 'l-act', text: 'Huele el pan al pasar' },
      { id: 'a2', stage: 's1', lane: 'l-act', text: 'Mira el escaparate' },
      { id: 'a3', stage: 's2', lane: 'l-act', text: 'Pide una barra y dos cruasanes para el desayuno' },
      { id: 't1', stage: 's1', lane: 'l-tp', text: 'Reseñas en el mapa', channel: 'search', online: true },
      { id: 't2', stage: 's2', lane: 'l-tp', text: 'Mostrador', channel: 'store', online: false },
      { id: 'e1', stage: 's1', lane: 'l-emo', text: 'Curiosidad', score: 1 },
      { id: 'e2', stage: 's2', lane: 'l-emo', text: 'Cola larga', score: -1 },
      { id: 'f1', stage: 's1', lane: 'l-fun', text: '', value: 1200 },
      { id: 'f2', stage: 's2', lane: 'l-fun', text: '', value: 300 },
    ],
  };
}
