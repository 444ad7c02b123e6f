import type { JourneyMap, Route } from '../bindings';

/** Webrooming (ROPO): an ad on the phone, the website on the PC, the purchase in the store. */
export const WEBROOMING: Route = {
  id: 'r-web',
  name: 'Webrooming',
  color: '#E8590C',
  steps: ['tp-ad', 'tp-web', 'tp-store'],
};

/** Showrooming: seen in the store, compared on the phone, bought online. */
export const SHOWROOMING: Route = {
  id: 'r-show',
  name: 'Showrooming',
  color: '#7950F2',
  steps: ['tp-window', 'tp-compare', 'tp-online'],
};

/**
 * A shoe shop's journey across channels, for route tests and the browser
 * demo: two touchpoints per stage, one online and one in the store, so both
 * omnichannel behaviours can be drawn through them (DESIGN.md, the seeds'
 * webrooming and showrooming). `routes` are the routes it starts with.
 */
export function omnichannelMap(id = 'map-1', routes: Route[] = [WEBROOMING]): JourneyMap {
  return {
    id,
    title: 'Zapatillas: de la pantalla a la tienda',
    locale: 'es',
    stages: [
      { id: 's-see', title: 'Descubre' },
      { id: 's-compare', title: 'Compara' },
      { id: 's-buy', title: 'Compra' },
    ],
    lanes: [
      { id: 'l-do', kind: 'actions', title: 'Qué hace' },
      { id: 'l-tp', kind: 'touchpoints', title: 'Puntos de contacto' },
      { id: 'l-feel', kind: 'emotions', title: 'Cómo se siente' },
    ],
    cards: [
      { id: 'a-see', stage: 's-see', lane: 'l-do', text: 'Se fija en unas zapatillas nuevas' },
      { id: 'a-compare', stage: 's-compare', lane: 'l-do', text: 'Duda entre dos tallas y dos precios' },
      { id: 'a-buy', stage: 's-buy', lane: 'l-do', text: 'Se las lleva puestas o espera el envío' },
      { id: 'tp-ad', stage: 's-see', lane: 'l-tp', text: 'Anuncio en redes sociales, en el móvil', channel: 'ads', online: true },
      { id: 'tp-window', stage: 's-see', lane: 'l-tp', text: 'Escaparate de la tienda del barrio', channel: 'store', online: false },
      { id: 'tp-web', stage: 's-compare', lane: 'l-tp', text: 'Ficha del producto en la web, en el ordenador', channel: 'web', online: true },
      { id: 'tp-compare', stage: 's-compare', lane: 'l-tp', text: 'Compara precios con el móvil dentro de la tienda', channel: 'search', online: true },
      { id: 'tp-store', stage: 's-buy', lane: 'l-tp', text: 'Paga en el mostrador de la tienda', channel: 'store', online: false },
      { id: 'tp-online', stage: 's-buy', lane: 'l-tp', text: 'Compra en la tienda en línea', channel: 'web', online: true },
      { id: 'e-see', stage: 's-see', lane: 'l-feel', text: 'Curiosidad', score: 1 },
      { id: 'e-compare', stage: 's-compare', lane: 'l-feel', text: 'Indecisión', score: -1 },
      { id: 'e-buy', stage: 's-buy', lane: 'l-feel', text: 'Satisfacción', score: 2 },
    ],
    routes: structuredClone(routes),
  };
}
