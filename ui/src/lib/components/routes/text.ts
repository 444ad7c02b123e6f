import type { Card, JourneyMap } from '../../bindings';
import type { I18n } from '../../i18n.svelte';
import { MIN_STEPS, NAME_MAX, type Notice } from '../../routes.svelte';

/** How much of a card's text a sentence quotes. */
const QUOTE_MAX = 48;

/** A card's text as a sentence quotes it: one line, shortened, or a placeholder when it has none. */
export function cardLabel(i18n: I18n, card: Card | undefined): string {
  const text = card?.text.replace(/\s+/g, ' ').trim() ?? '';
  if (text === '') return i18n.t('route.untitledCard');
  const chars = [...text];
  return chars.length > QUOTE_MAX ? `${chars.slice(0, QUOTE_MAX - 1).join('')}…` : text;
}

/** What a notice says, in the UI language. */
export function noticeText(i18n: I18n, map: JourneyMap | null, notice: Notice): string {
  const card = notice.card ? map?.cards.find((c) => c.id === notice.card) : undefined;
  const params = { text: cardLabel(i18n, card), max: NAME_MAX, min: MIN_STEPS };
  return i18n.t(`route.why.${notice.kind}`, params);
}
