import { SvelteMap } from 'svelte/reactivity';
import type { Backend } from '../backend/backend';
import type { MapSummary, TemplateInfo } from '../bindings';

/** A picture the home shows: on its way, drawn (a data URI), or not to be had. */
export type Picture = { status: 'loading' } | { status: 'ready'; src: string } | { status: 'failed' };

/** At most this many pictures are drawn at once, so a long library does not queue up Rust's renderer. */
const AT_ONCE = 2;

const thumbKey = (map: Pick<MapSummary, 'id' | 'updated_at'>) => `map:${map.id}@${map.updated_at}`;
const previewKey = (t: Pick<TemplateInfo, 'id' | 'lang'>) => `template:${t.lang}/${t.id}`;

/**
 * Thumbnails of maps and previews of templates, asked for when a card comes into view and kept
 * for the session. A map's thumbnail is kept per id and last change, so an edited map is drawn
 * again and its old picture dropped; a failed picture is not asked again until the map changes.
 */
export class Pictures {
  readonly #backend: Backend;
  readonly #pictures = new SvelteMap<string, Picture>();
  #queue: (() => Promise<void>)[] = [];
  #running = 0;

  constructor(backend: Backend) {
    this.#backend = backend;
  }

  thumbnail(map: Pick<MapSummary, 'id' | 'updated_at'>): Picture | undefined {
    return this.#pictures.get(thumbKey(map));
  }

  templatePreview(template: Pick<TemplateInfo, 'id' | 'lang'>): Picture | undefined {
    return this.#pictures.get(previewKey(template));
  }

  /** Asks for a map's thumbnail unless it is there or on its way. */
  wantThumbnail(map: Pick<MapSummary, 'id' | 'updated_at'>): void {
    const key = thumbKey(map);
    if (this.#pictures.has(key)) return;
    // Older versions of this map's picture will not be shown again.
    const stale = `map:${map.id}@`;
    for (const k of [...this.#pictures.keys()]) if (k.startsWith(stale)) this.#pictures.delete(k);
    this.#want(key, () => this.#backend.mapThumbnail(map.id));
  }

  /** Asks for a template's preview (in the template's language) unless it is there or on its way. */
  wantTemplatePreview(template: Pick<TemplateInfo, 'id' | 'lang'>): void {
    const key = previewKey(template);
    if (this.#pictures.has(key)) return;
    this.#want(key, () => this.#backend.templatePreview(template.id, template.lang));
  }

  #want(key: string, draw: () => Promise<string>): void {
    this.#pictures.set(key, { status: 'loading' });
    this.#queue.push(async () => {
      // Dropped while it waited its turn: not worth drawing.
      if (!this.#pictures.has(key)) return;
      try {
        const src = await draw();
        // Kept only if still wanted (a newer version of the map may have replaced it meanwhile).
        if (this.#pictures.has(key)) this.#pictures.set(key, { status: 'ready', src });
      } catch {
        // A missing picture is not worth an error banner: the card shows a plain placeholder.
        if (this.#pictures.has(key)) this.#pictures.set(key, { status: 'failed' });
      }
    });
    this.#next();
  }

  #next(): void {
    while (this.#running < AT_ONCE && this.#queue.length > 0) {
      const job = this.#queue.shift()!;
      this.#running++;
      void job().finally(() => {
        this.#running--;
        this.#next();
      });
    }
  }
}
