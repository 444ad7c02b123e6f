import type { Edit, MapView, TemplateInfo } from '../bindings';
import { bigMap } from './bigmap';
import { omnichannelMap } from './omnichannel';
import { sampleMap, sketchLayout } from './sketch';
import { MockBackend } from './mock';

/**
 * Sample templates for working on the UI in a plain browser (`npm run dev`
 * without Tauri). The real templates come from Rust; these only mirror their shape.
 */
const DEMO_TEMPLATES: TemplateInfo[] = [
  {
    id: 'classic',
    lang: 'es',
    title: 'Viaje clásico en cinco fases',
    description: 'Concientización, consideración, decisión, acción y fidelización, con carriles de puntos de contacto, emociones y responsables.',
    stages: 5,
    lanes: 5,
    cards: 18,
  },
  {
    id: 'ecommerce',
    lang: 'es',
    title: 'Tienda en línea en seis pasos',
    description: 'Del descubrimiento a la recompra, con webrooming, carrito, pago y entrega.',
    stages: 6,
    lanes: 4,
    cards: 22,
  },
  {
    id: 'simple',
    lang: 'es',
    title: 'Antes, durante y después',
    description: 'Tres etapas para un primer boceto rápido.',
    stages: 3,
    lanes: 3,
    cards: 6,
  },
  {
    id: 'classic',
    lang: 'en',
    title: 'Classic five-phase journey',
    description: 'Awareness, consideration, decision, action and loyalty, with lanes for touchpoints, emotions and owners.',
    stages: 5,
    lanes: 5,
    cards: 18,
  },
  {
    id: 'ecommerce',
    lang: 'en',
    title: 'Online shop in six steps',
    description: 'From discovery to repeat purchase, with webrooming, cart, payment and delivery.',
    stages: 6,
    lanes: 4,
    cards: 22,
  },
  {
    id: 'simple',
    lang: 'en',
    title: 'Before, during and after',
    description: 'Three stages for a quick first sketch.',
    stages: 3,
    lanes: 3,
    cards: 6,
  },
];

/**
 * Every template makes a small sample map, laid out by a rough
 * stand-in for the Rust layout: enough to try the editor in a browser.
 */
export function demoBackend(): MockBackend {
  return new DemoBackend({
    templates: DEMO_TEMPLATES,
    views: bigViews(),
    layout: sketchLayout,
    // The e-commerce template brings touchpoints across channels and a webrooming route (the routes panel's example).
    makeMap: (template, title) => ({
      ...(template.id === 'ecommerce' ? omnichannelMap('demo') : sampleMap('demo')),
      title,
      locale: template.lang,
    }),
  });
}

/**
 * `?cards=10000` in the demo's address adds a map of that many cards to the
 * library (the benchmark map of Rust's `sample::map_with_cards`), to try the
 * canvas on a large map in a browser.
 */
function bigViews(): MapView[] {
  const n = Number(new URLSearchParams(globalThis.location?.search ?? '').get('cards'));
  if (!Number.isInteger(n) || n <= 0) return [];
  const map = bigMap(Math.min(n, 50_000), `demo-${n}`);
  map.title = `${map.title} (${n})`;
  return [{ id: map.id!, rev: 1, map, scene: sketchLayout(map), history: { can_undo: false, can_redo: false }, hidden_routes: [] }];
}

/**
 * The mock, with the time it takes to answer an editing call (its stand-in
 * layout included) left as a `performance` measure named `demo-backend`, so
 * the canvas's own share can be told apart when measuring in a browser.
 */
class DemoBackend extends MockBackend {
  #timed<T>(run: () => Promise<T>): Promise<T> {
    const start = performance.now();
    return run().finally(() => performance.measure('demo-backend', { start, end: performance.now() }));
  }

  override openMap(id: string): Promise<MapView> {
    return this.#timed(() => super.openMap(id));
  }

  override applyEdit(id: string, edit: Edit): Promise<MapView> {
    return this.#timed(() => super.applyEdit(id, edit));
  }

  override undo(id: string): Promise<MapView> {
    return this.#timed(() => super.undo(id));
  }

  override redo(id: string): Promise<MapView> {
    return this.#timed(() => super.redo(id));
  }
}
