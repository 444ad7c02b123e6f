import type { JourneyMap } from '../bindings';
import { channelFace } from '../channels';
import type { Selection } from '../editor.svelte';
import type { I18n } from '../i18n.svelte';

/** Longest card text read out; the rest is in the inspector. */
const SAID_TEXT = 160;

function clip(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > SAID_TEXT ? `${one.slice(0, SAID_TEXT - 1)}…` : one;
}

function signed(score: number): string {
  return score > 0 ? `+${score}` : score < 0 ? `−${-score}` : '0';
}

/**
 * What a screen reader hears when the selection on the canvas changes: which
 * cell, card, stage or lane has it, where it is and what it holds. Empty for
 * nothing selected.
 */
export function describeSelection(map: JourneyMap, sel: Selection, i18n: I18n): string {
  const stageOf = (id: string) => map.stages.find((s) => s.id === id);
  const laneOf = (id: string) => map.lanes.find((l) => l.id === id);
  switch (sel.kind) {
    case 'none':
      return '';
    case 'cell': {
      const stage = stageOf(sel.stage);
      const lane = laneOf(sel.lane);
      if (!stage || !lane) return '';
      const n = map.cards.filter((c) => c.stage === sel.stage && c.lane === sel.lane).length;
      return i18n.t('canvas.say.cell', {
        stage: stage.title,
        lane: lane.title,
        cards: n === 0 ? i18n.t('canvas.say.empty') : i18n.plural('template.cards', n),
      });
    }
    case 'cards': {
      if (sel.ids.length !== 1) return i18n.plural('canvas.say.selected', sel.ids.length);
      const card = map.cards.find((c) => c.id === sel.ids[0]);
      if (!card) return '';
      const stage = stageOf(card.stage);
      const lane = laneOf(card.lane);
      const inCell = map.cards.filter((c) => c.stage === card.stage && c.lane === card.lane);
      const parts = [
        i18n.t('canvas.say.card', {
          index: inCell.indexOf(card) + 1,
          count: inCell.length,
          stage: stage?.title ?? '',
          lane: lane?.title ?? '',
        }),
      ];
      if (card.channel) parts.push(i18n.t('canvas.say.channel', { channel: channelFace(map, card.channel, i18n).label }));
      if (card.score !== undefined && card.score !== null) parts.push(i18n.t('canvas.say.score', { score: signed(card.score) }));
      if (card.value !== undefined && card.value !== null) parts.push(i18n.t('canvas.say.value', { value: card.value }));
      parts.push(card.text.trim() ? clip(card.text) : i18n.t('canvas.say.noText'));
      return parts.join('. ');
    }
    case 'stage': {
      const i = map.stages.findIndex((s) => s.id === sel.id);
      if (i < 0) return '';
      return i18n.t('canvas.say.stage', { index: i + 1, count: map.stages.length, title: map.stages[i]!.title });
    }
    case 'lane': {
      const i = map.lanes.findIndex((l) => l.id === sel.id);
      if (i < 0) return '';
      return i18n.t('canvas.say.lane', { index: i + 1, count: map.lanes.length, title: map.lanes[i]!.title });
    }
  }
}
