import type { Channel, JourneyMap, OwnChannel } from './bindings';
import type { I18n, MessageKey } from './i18n.svelte';
import { CHANNELS, ICONS } from './icons';

/**
 * The icons a map's own channel can take: the extra icons of the set first
 * (messages, payment, delivery…), then the built-in channels' own; "none"
 * is kept for cards without a channel.
 */
const FIRST: readonly string[] = [
  'message',
  'payment',
  'cash',
  'wallet',
  'delivery',
  'bike',
  'basket',
  'bag',
  'location',
  'calendar',
  'qr',
  'staff',
  'support',
  'review',
  'notification',
  'document',
  'gift',
  'ticket',
  'car',
  'home',
  'camera',
  'video',
];
export const OWN_ICONS: readonly string[] = [
  ...FIRST.filter((name) => ICONS.has(name)),
  // Any icon added to the set later, then the built-in channels' own.
  ...[...ICONS.keys()].filter((name) => name !== 'none' && !FIRST.includes(name) && !(CHANNELS as readonly string[]).includes(name)),
  ...CHANNELS.filter((name) => name !== 'other'),
  'other',
];

/** The longest name of a map's own channel (`CHANNEL_NAME_MAX` in Rust). */
export const CHANNEL_NAME_MAX = 80;
/** How many channels of its own a map may have (`CHANNELS_MAX` in Rust). */
export const CHANNELS_MAX = 100;

export function isBuiltIn(channel: string): channel is Channel {
  return (CHANNELS as readonly string[]).includes(channel);
}

export function ownChannels(map: JourneyMap): OwnChannel[] {
  return map.channels ?? [];
}

/** The icon and the words a card's channel shows, as the canvas and the exports draw it (`channel_face` in Rust). */
export function channelFace(map: JourneyMap, channel: string | null | undefined, i18n: I18n): { icon: string; label: string } {
  if (channel == null) return { icon: 'none', label: i18n.t('channel.none') };
  if (isBuiltIn(channel)) return { icon: channel, label: i18n.t(`channel.${channel}`) };
  const own = ownChannels(map).find((c) => c.id === channel);
  if (own) return { icon: own.icon ?? 'other', label: own.name };
  return { icon: 'other', label: i18n.t('channel.other') };
}

/** How many cards use each of the map's own channels. */
export function channelUse(map: JourneyMap): Map<string, number> {
  const use = new Map<string, number>();
  for (const c of map.cards) if (c.channel && !isBuiltIn(c.channel)) use.set(c.channel, (use.get(c.channel) ?? 0) + 1);
  return use;
}

/** Why a name cannot be a channel's, or null: empty, too long, or another channel's already. */
export function channelNameProblem(map: JourneyMap, name: string, self?: string): 'empty' | 'long' | 'taken' | null {
  const trimmed = name.trim();
  if (trimmed === '') return 'empty';
  if ([...trimmed].length > CHANNEL_NAME_MAX) return 'long';
  const key = trimmed.toLocaleLowerCase();
  if (ownChannels(map).some((c) => c.id !== self && c.name.trim().toLocaleLowerCase() === key)) return 'taken';
  return null;
}

/** What an icon of the set is called in the picker: a channel's name for a channel's icon. */
export function iconLabel(name: string, i18n: I18n): string {
  if (isBuiltIn(name)) return i18n.t(`channel.${name}`);
  return i18n.t(`icon.${name}` as MessageKey) ?? name;
}
