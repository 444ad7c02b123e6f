import type { StepSummary } from './bindings';
import type { I18n, MessageKey } from './i18n.svelte';

/**
 * A step of the history in words: "crear la ruta «Compra por WhatsApp»", "borrar 3 tarjetas".
 * Rust says what a step did and to what (StepSummary); the words are the UI's, in its language.
 * A step stored before summaries were kept reads as "un cambio".
 */
export function stepWords(i18n: I18n, step: StepSummary | null | undefined): string {
  if (!step) return i18n.t('step.unknown');
  const name = step.name ? ` ${i18n.t('file.quote', { text: step.name })}` : '';
  return i18n.t(`step.${step.action}` as MessageKey, { name, count: step.count });
}
