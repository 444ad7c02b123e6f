import type { TemplateInfo } from '../bindings';
import { omnichannelMap } from '../testing/omnichannel';
import { sampleMap, sketchLayout } from '../testing/sketch';
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
  return new MockBackend({
    templates: DEMO_TEMPLATES,
    layout: sketchLayout,
    // The e-commerce template brings touchpoints across channels and a webrooming route (the routes panel's example).
    makeMap: (template, title) => ({
      ...(template.id === 'ecommerce' ? omnichannelMap('demo') : sampleMap('demo')),
      title,
      locale: template.lang,
    }),
  });
}
