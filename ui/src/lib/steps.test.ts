import { describe, expect, it } from 'vitest';
import { I18n } from './i18n.svelte';
import { stepWords } from './steps';
import type { StepAction } from './bindings';
import es from '../../../i18n/es.json';

describe('stepWords', () => {
  it('names the step and what it acted on, in the UI language', () => {
    const step = { action: 'add_route', name: 'Compra por WhatsApp', count: 1 } as const;
    expect(stepWords(new I18n('es'), step)).toBe('crear la ruta «Compra por WhatsApp»');
    expect(stepWords(new I18n('en'), step)).toBe('add the route “Compra por WhatsApp”');
    expect(stepWords(new I18n('pt-BR'), step)).toBe('criar a rota “Compra por WhatsApp”');
  });

  it('leaves the name out when the thing had none, counts steps of several, and names old steps vaguely', () => {
    const i18n = new I18n('es');
    expect(stepWords(i18n, { action: 'add_card', name: null, count: 1 })).toBe('crear la tarjeta');
    expect(stepWords(i18n, { action: 'delete_cards', name: null, count: 3 })).toBe('borrar 3 tarjetas');
    expect(stepWords(i18n, null)).toBe('un cambio');
  });

  it('has words for every action Rust names', () => {
    // A Record over StepAction: svelte-check fails here when Rust names an action this list lacks.
    const every: Record<StepAction, true> = {
      rename_map: true, describe_map: true, set_language: true, set_look: true, add_stage: true, rename_stage: true,
      edit_stage: true, move_stage: true, delete_stage: true, add_lane: true, rename_lane: true, edit_lane: true,
      move_lane: true, delete_lane: true, add_card: true, write_card: true, edit_card: true, move_card: true,
      delete_card: true, add_persona: true, edit_persona: true, move_persona: true, delete_persona: true,
      add_route: true, edit_route: true, move_route: true, delete_route: true, add_route_step: true,
      move_route_step: true, delete_route_step: true, set_emotion: true, set_funnel: true, restore_version: true,
      delete_cards: true, add_cards: true, move_cards: true, several: true, resize_stage: true, add_channel: true,
      edit_channel: true, delete_channel: true,
    };
    const actions = Object.keys(every);
    for (const action of actions) expect(Object.keys(es)).toContain(`step.${action}`);
  });
});
