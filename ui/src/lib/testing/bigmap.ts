import type { Card, Channel, JourneyMap } from '../bindings';
import { isBlueprint, LANE_KINDS, oneCardPerStage } from '../kinds';

const WORDS = [
  'cliente', 'compara', 'precios', 'tienda', 'envío', 'reseñas', 'móvil', 'duda', 'garantía', 'pago', 'atención',
  'carrito', 'oferta', 'búsqueda', 'recomendación', 'entrega', 'talla', 'devolución', 'newsletter', 'fidelización',
  'señal', 'débil', 'ñandú', '¿por', 'qué?', 'rápido', 'confianza', 'experiencia', 'campaña', 'anuncio', 'foro',
  'amigos', 'catálogo', 'descuento',
];

const CHANNELS: Channel[] = [
  'web', 'app', 'email', 'social', 'search', 'ads', 'phone', 'chat', 'store', 'event', 'print', 'word_of_mouth',
  'marketplace', 'other',
];

const MASK = (1n << 64n) - 1n;

/**
 * A large map like Rust's `sample::map_with_cards` (the benchmark map): 12
 * stages, 10 lanes (one emotions and one funnel lane with a point per stage),
 * texts of 4 to 40 words, channels on touchpoints and a few routes.
 * Deterministic for a given size. For tests only.
 */
export function bigMap(cards: number, id = 'bench'): JourneyMap {
  // Every kind of version 1 but free text, in the format's order (as Rust's).
  const kinds = LANE_KINDS.filter((k) => !isBlueprint(k) && k !== 'metrics' && k !== 'images' && k !== 'text');
  const map: JourneyMap = {
    id,
    title: 'Mapa de prueba con muchas tarjetas',
    description: 'Generado para medir',
    locale: 'es',
    stages: Array.from({ length: 12 }, (_, i) => ({ id: `s${i}`, title: `Etapa ${i}: consideración` })),
    lanes: kinds.map((kind, i) => ({ id: `l${i}`, kind, title: `Carril ${kind}` })),
    cards: [],
  };
  let seed = 0x9e3779b97f4a7c15n;
  const next = () => {
    seed ^= (seed << 13n) & MASK;
    seed ^= seed >> 7n;
    seed ^= (seed << 17n) & MASK;
    return seed;
  };
  const free = kinds.flatMap((k, i) => (oneCardPerStage(k) ? [] : [i]));
  for (let s = 0; s < 12; s++) {
    kinds.forEach((kind, lane) => {
      if (!oneCardPerStage(kind) || map.cards.length >= cards) return;
      const card: Card = { id: `p${s}-${lane}`, stage: `s${s}`, lane: `l${lane}`, text: 'Se siente escuchado' };
      if (kind === 'emotions') card.score = (s % 5) - 2;
      if (kind === 'funnel') card.value = 10_000 / (s + 1);
      map.cards.push(card);
    });
  }
  for (let n = 0; map.cards.length < cards; n++) {
    const r = next();
    const lane = free[Number(r % BigInt(free.length))]!;
    const words = 4 + Number((r >> 8n) % 37n);
    const text = Array.from({ length: words }, (_, k) => WORDS[Number(((r >> 16n) + BigInt(k * 7)) % BigInt(WORDS.length))]);
    const card: Card = { id: `c${n}`, stage: `s${Number((r >> 24n) % 12n)}`, lane: `l${lane}`, text: text.join(' ') };
    if (kinds[lane] === 'touchpoints') {
      card.channel = CHANNELS[Number((r >> 32n) % 14n)]!;
      card.online = (r & 1n) === 0n;
    }
    map.cards.push(card);
  }
  const touch = map.cards.filter((c) => c.lane === 'l1').slice(0, 12);
  map.routes = [0, 1, 2].flatMap((i) => {
    const steps = touch.slice(i * 4, i * 4 + 4).map((c) => c.id);
    return steps.length > 0 ? [{ id: `r${i}`, name: `Ruta ${i}`, color: '#1971C2', steps }] : [];
  });
  return map;
}
