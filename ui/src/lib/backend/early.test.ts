import { describe, expect, it } from 'vitest';
import type { Commands } from '../bindings';
import { EarlyAnswers } from './early';

/** A Rust side that counts what it is sent and answers with the command and how many came before. */
function counting() {
  const sent: string[] = [];
  const send = (command: keyof Commands, args?: Record<string, unknown>) => {
    sent.push(`${command} ${JSON.stringify(args ?? null)}`);
    return Promise.resolve(`${command}#${sent.length}`);
  };
  return { sent, send };
}

describe('EarlyAnswers', () => {
  it('sends the reads asked early at once, and hands each answer to the first to ask, once', async () => {
    const rust = counting();
    const early = new EarlyAnswers(rust.send);
    early.ask('list_maps');
    early.ask('get_setting', { key: 'ui.lang' });
    early.ask('get_setting', { key: 'ui.lang' });
    expect(rust.sent).toEqual(['list_maps null', 'get_setting {"key":"ui.lang"}']);

    expect(await early.send('get_setting', { key: 'ui.lang' })).toBe('get_setting#2');
    expect(await early.send('list_maps')).toBe('list_maps#1');
    expect(rust.sent).toHaveLength(2);

    // Taken once: the next ask goes to Rust, as does any other command or arguments.
    expect(await early.send('list_maps')).toBe('list_maps#3');
    expect(await early.send('get_setting', { key: 'home.sort' })).toBe('get_setting#4');
  });

  it('drops what nobody took once the first screen is up, and asks nothing early after', async () => {
    const rust = counting();
    const early = new EarlyAnswers(rust.send);
    early.ask('list_maps');
    early.close();
    early.ask('list_trash');
    expect(rust.sent).toEqual(['list_maps null']);

    // The library may have changed since (a backup put back): asked again.
    expect(await early.send('list_maps')).toBe('list_maps#2');
  });

  it('hands a failure to whoever asks, and none goes unhandled meanwhile', async () => {
    const early = new EarlyAnswers(() => Promise.reject(new Error('disk')));
    early.ask('library_problem');
    await new Promise((resolve) => setTimeout(resolve, 0));
    await expect(early.send('library_problem')).rejects.toThrow('disk');
  });
});
