import { describe, expect, it } from 'vitest';
import { MockBackend, TINY_PNG } from '../testing/mock';
import { MAPS, settle, TEMPLATES } from '../testing/fixtures';
import { Pictures } from './pictures.svelte';

/** A mock whose thumbnails wait until released, to see how many are drawn at once. */
class HeldThumbs extends MockBackend {
  waiting: (() => void)[] = [];
  override async mapThumbnail(id: string): Promise<string> {
    const src = await super.mapThumbnail(id);
    await new Promise<void>((go) => this.waiting.push(go));
    return src;
  }
}

describe('Pictures', () => {
  it('asks once per map and last change, and keeps the picture', async () => {
    const backend = new MockBackend({ maps: MAPS });
    const pictures = new Pictures(backend);
    const map = MAPS[0]!;
    expect(pictures.thumbnail(map)).toBeUndefined();

    pictures.wantThumbnail(map);
    expect(pictures.thumbnail(map)).toEqual({ status: 'loading' });
    pictures.wantThumbnail(map);
    await settle();

    expect(pictures.thumbnail(map)).toEqual({ status: 'ready', src: TINY_PNG });
    pictures.wantThumbnail(map);
    await settle();
    expect(backend.callsOf('map_thumbnail')).toEqual([{ command: 'map_thumbnail', args: { id: 'm-older' } }]);
  });

  it('draws a changed map again and forgets its old picture', async () => {
    // The same id with another updated_at is another picture; the old one is not kept.
    const backend = new MockBackend({ maps: MAPS });
    const pictures = new Pictures(backend);
    const before = MAPS[0]!;
    const after = { ...before, updated_at: '2025-04-01T10:00:00Z' };

    pictures.wantThumbnail(before);
    await settle();
    pictures.wantThumbnail(after);
    await settle();

    expect(backend.callsOf('map_thumbnail')).toHaveLength(2);
    expect(pictures.thumbnail(after)?.status).toBe('ready');
    expect(pictures.thumbnail(before)).toBeUndefined();
  });

  it('marks a picture that cannot be drawn as failed, without asking again', async () => {
    const backend = new MockBackend({ maps: MAPS });
    backend.failNext('map_thumbnail', { code: 'internal', message: 'render' });
    const pictures = new Pictures(backend);

    pictures.wantThumbnail(MAPS[1]!);
    await settle();
    pictures.wantThumbnail(MAPS[1]!);
    await settle();

    expect(pictures.thumbnail(MAPS[1]!)).toEqual({ status: 'failed' });
    expect(backend.callsOf('map_thumbnail')).toHaveLength(1);
  });

  it('draws at most two at once and the rest in turn', async () => {
    const maps = ['a', 'b', 'c', 'd'].map((id) => ({ ...MAPS[0]!, id }));
    const backend = new HeldThumbs({ maps });
    const pictures = new Pictures(backend);

    for (const m of maps) pictures.wantThumbnail(m);
    await settle();
    expect(backend.callsOf('map_thumbnail').map((c) => c.args.id)).toEqual(['a', 'b']);

    backend.waiting.shift()!();
    await settle();
    expect(backend.callsOf('map_thumbnail').map((c) => c.args.id)).toEqual(['a', 'b', 'c']);
    expect(pictures.thumbnail(maps[0]!)?.status).toBe('ready');
  });

  it('asks for template previews in the template language', async () => {
    const backend = new MockBackend({ templates: TEMPLATES });
    const pictures = new Pictures(backend);

    pictures.wantTemplatePreview(TEMPLATES[2]!);
    await settle();

    expect(backend.callsOf('template_preview')).toEqual([
      { command: 'template_preview', args: { template: 'classic', lang: 'en' } },
    ]);
    expect(pictures.templatePreview(TEMPLATES[2]!)?.status).toBe('ready');
    // Another language is another picture.
    expect(pictures.templatePreview(TEMPLATES[0]!)).toBeUndefined();
  });
});
