import type { HistoryState, JourneyMap, MapSummary, MapView, TemplateInfo } from '../bindings';
import { openView } from './answers';
import { sampleMap } from './maps';

export const TEMPLATES: TemplateInfo[] = [
  {
    id: 'classic',
    lang: 'es',
    title: 'Viaje clásico en cinco fases',
    description: 'Concientización, consideración, decisión, acción y fidelización.',
    stages: 5,
    lanes: 4,
    cards: 18,
  },
  {
    id: 'ecommerce',
    lang: 'es',
    title: 'Tienda en línea en seis pasos',
    description: 'Del descubrimiento a la recompra.',
    stages: 6,
    lanes: 3,
    cards: 1,
  },
  {
    id: 'classic',
    lang: 'en',
    title: 'Classic five-phase journey',
    description: 'Awareness, consideration, decision, action and loyalty.',
    stages: 5,
    lanes: 4,
    cards: 18,
  },
];

export const MAPS: MapSummary[] = [
  // 10:00 at +02:00 is 08:00Z: earlier than the next one, though it sorts later as a string.
  { id: 'm-older', title: 'Clínica dental', updated_at: '2025-03-01T10:00:00+02:00', cards: 12, bytes: 5400 },
  { id: 'm-newer', title: 'Panadería del barrio', updated_at: '2025-03-01T09:00:00Z', cards: 1, bytes: 1200 },
];

/** Lets every pending promise of the mock settle (they are all microtasks). */
export function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * An open map as Rust's `open_map` answers it (laid out by Rust, answers.ts);
 * `history` stands in for edits made before the test.
 */
export function mapView(map: JourneyMap = sampleMap(), history: HistoryState = { can_undo: false, can_redo: false, undo: null, redo: null }): MapView {
  return { ...openView(map), history };
}
