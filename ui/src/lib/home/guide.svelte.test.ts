import { describe, expect, it } from 'vitest';
import { MockBackend } from '../testing/mock';
import { settle } from '../testing/fixtures';
import { Settings } from '../settings';
import { Guide } from './guide.svelte';

describe('Guide', () => {
  it('is not seen on a first start, and closing it is remembered as guide.seen', async () => {
    const backend = new MockBackend();
    const guide = new Guide(new Settings(backend));
    expect(guide.seen).toBeNull();

    await guide.load();
    expect(guide.seen).toBe(false);

    guide.dismiss();
    await settle();
    expect(guide.seen).toBe(true);
    expect(backend.callsOf('set_setting')).toEqual([{ command: 'set_setting', args: { key: 'guide.seen', value: '1' } }]);

    // The next start reads it back.
    const again = new Guide(new Settings(backend));
    await again.load();
    expect(again.seen).toBe(true);
  });

  it('opens when asked for, seen or not, and closes without writing the setting again', async () => {
    const backend = new MockBackend({ settings: { 'guide.seen': '1' } });
    const guide = new Guide(new Settings(backend));
    await guide.load();

    guide.show();
    expect(guide.open).toBe(true);
    guide.dismiss();
    await settle();

    expect(guide.open).toBe(false);
    expect(backend.callsOf('set_setting')).toEqual([]);
  });

  it('counts an unreadable setting as not seen (a preference is never an error)', async () => {
    const backend = new MockBackend();
    backend.failNext('get_setting', { code: 'io', message: 'locked' });
    const guide = new Guide(new Settings(backend));
    await guide.load();
    expect(guide.seen).toBe(false);
  });
});
