import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MockBackend } from './testing/mock';
import type { ExportOptions, ExportPreview } from './bindings';
import {
  clampOption,
  DEFAULT_OPTIONS,
  effective,
  EXACT_PAGE,
  Exporter,
  FORMATS,
  forPrintShop,
  notApplying,
  PRINT_SHOP,
  sanitize,
  type Control,
} from './export.svelte';
import { Settings } from './settings';
import { mapView } from './testing/fixtures';

/** A mock whose previews answer only when told, in any order. */
class HeldPreviews extends MockBackend {
  asked: { options: ExportOptions; answer: () => void }[] = [];

  override exportPreview(id: string, options: ExportOptions): Promise<ExportPreview> {
    const real = super.exportPreview(id, options);
    return new Promise((resolve, reject) => {
      this.asked.push({ options, answer: () => void real.then(resolve, reject) });
    });
  }
}

/** Lets the mock's promises (microtasks) and the timers due now run. */
async function flush() {
  await vi.advanceTimersByTimeAsync(0);
}

function setUp(backend = new MockBackend({ views: [mapView()] })) {
  const exporter = new Exporter(backend, new Settings(backend), { delay: 200 });
  return { backend, exporter };
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('export options', () => {
  it('keeps what is valid and puts the default in place of the rest', () => {
    // A setting written by an older version, or edited by hand: nothing in it is trusted.
    const o = sanitize({ format: 'gif', paper: 'A5', orientation: 'portrait', dpi: 2000, margin_mm: -4, tile: 'A2', smaller: 'yes', patterns: 1 });
    expect(o.format).toBe('pdf');
    expect(o.paper).toBe('A1');
    expect(o.orientation).toBe('portrait');
    // Out of range: brought to the nearest limit Rust accepts.
    expect(o.dpi).toBe(600);
    expect(o.margin_mm).toBe(0);
    expect(o.tile).toBeNull();
    expect(o.smaller).toBe(false);
    expect(o.patterns).toBe(false);
    expect(o.open_folder).toBe(true);
    expect(sanitize({ ...DEFAULT_OPTIONS, patterns: true }).patterns).toBe(true);
    // A poster carries its map unless the person said otherwise (older settings did not say).
    expect(o.embed_map).toBe(true);
    expect(sanitize({ ...DEFAULT_OPTIONS, embed_map: false }).embed_map).toBe(false);
    expect(sanitize({ ...DEFAULT_OPTIONS, embed_map: 'no' }).embed_map).toBe(true);
    expect(sanitize(null)).toEqual(DEFAULT_OPTIONS);
    expect(sanitize('{"format":"png"}')).toEqual(DEFAULT_OPTIONS);
  });

  it('brings numbers into range: whole DPI, tenths of a millimetre, nothing for no number', () => {
    expect(clampOption('dpi', 299.6)).toBe(300);
    expect(clampOption('dpi', 10)).toBe(72);
    expect(clampOption('bleed_mm', 3.14159)).toBe(3.1);
    expect(clampOption('bleed_mm', 25)).toBe(20);
    expect(clampOption('overlap_mm', 80)).toBe(50);
    expect(clampOption('margin_mm', Number.NaN)).toBeNull();
  });

  it('says which controls apply to which format', () => {
    const controls: Control[] = ['paper', 'bleed', 'tile', 'overlap', 'png', 'patterns'];
    const applying = (o: ExportOptions) => controls.filter((c) => notApplying(o, c) === null);
    const o = (format: ExportOptions['format'], tile: string | null = null) => ({ ...DEFAULT_OPTIONS, format, tile });
    expect(applying(o('pdf'))).toEqual(['paper', 'bleed', 'tile', 'patterns']);
    // The overlap is between sheets: it applies once there are some.
    expect(notApplying(o('pdf'), 'overlap')).toBe('export.hint.noTiles');
    expect(applying(o('pdf', 'A4'))).toEqual(['paper', 'bleed', 'tile', 'overlap', 'patterns']);
    expect(applying(o('png'))).toEqual(['paper', 'bleed', 'png', 'patterns']);
    expect(notApplying(o('png'), 'tile')).toBe('export.hint.pdfOnly');
    expect(applying(o('svg'))).toEqual(['patterns']);
    expect(notApplying(o('svg'), 'paper')).toBe('export.hint.svg');
    expect(notApplying(o('travesia'), 'bleed')).toBe('export.hint.travesia');
    expect(notApplying(o('travesia'), 'png')).toBe('export.hint.pngOnly');
    // A .travesia is the map itself: how a poster tells routes apart is no part of it.
    expect(notApplying(o('travesia'), 'patterns')).toBe('export.hint.patternsTravesia');
    // Nor which persona's journey a poster prints.
    expect(notApplying(o('travesia'), 'persona')).toBe('export.hint.personaTravesia');
    expect(notApplying(o('svg'), 'persona')).toBeNull();
    // Every poster can carry the map; a .travesia file is the map.
    for (const format of ['pdf', 'png', 'svg'] as const) expect(notApplying(o(format), 'embed')).toBeNull();
    expect(notApplying(o('travesia'), 'embed')).toBe('export.hint.embedTravesia');
    // A spreadsheet is the map as data: no pages, no poster's choices; its own layout and CSV style.
    for (const format of ['csv', 'xlsx', 'mmd'] as const) {
      expect(notApplying(o(format), 'paper')).toBe('export.hint.sheet');
      expect(notApplying(o(format), 'tile')).toBe('export.hint.pdfOnly');
      for (const c of ['patterns', 'persona', 'embed'] as const) expect(notApplying(o(format), c)).toBe('export.hint.sheetData');
      expect(notApplying(o(format), 'layout')).toBe(format === 'mmd' ? 'export.hint.sheetOnly' : null);
    }
    expect(notApplying(o('csv'), 'csv')).toBeNull();
    expect(notApplying(o('xlsx'), 'csv')).toBe('export.hint.csvOnly');
    expect(notApplying(o('pdf'), 'layout')).toBe('export.hint.sheetOnly');
    // Slides draw the map (patterns, one persona's journey) on slides of their own size, without the map inside.
    expect(applying(o('pptx'))).toEqual(['patterns']);
    expect(notApplying(o('pptx'), 'paper')).toBe('export.hint.slides');
    expect(notApplying(o('pptx'), 'persona')).toBeNull();
    expect(notApplying(o('pptx'), 'embed')).toBe('export.hint.embedSlides');
    expect(notApplying(o('pptx'), 'layout')).toBe('export.hint.sheetOnly');
    // Evidence is left off posters and slides only: files of data and .travesia keep it.
    for (const format of ['pdf', 'png', 'svg', 'pptx'] as const) expect(notApplying(o(format), 'evidence')).toBeNull();
    expect(notApplying(o('travesia'), 'evidence')).toBe('export.hint.evidenceTravesia');
    for (const format of ['csv', 'xlsx', 'mmd'] as const) expect(notApplying(o(format), 'evidence')).toBe('export.hint.evidenceData');
  });

  it('prints the evidence unless asked not to, and only a drawing leaves it out', () => {
    expect(DEFAULT_OPTIONS.evidence).toBe(true);
    expect(sanitize({}).evidence).toBe(true);
    expect(sanitize({ evidence: false }).evidence).toBe(false);
    expect(sanitize({ evidence: 'no' }).evidence).toBe(true);
    const without: ExportOptions = { ...DEFAULT_OPTIONS, evidence: false };
    for (const format of ['pdf', 'png', 'svg', 'pptx'] as const) expect(effective({ ...without, format }).evidence).toBe(false);
    for (const format of ['travesia', 'csv', 'xlsx'] as const) expect(effective({ ...without, format }).evidence).toBe(true);
  });

  it('sends Rust only what applies: no tiles outside a PDF, the map’s own size for SVG', () => {
    const chosen: ExportOptions = { ...DEFAULT_OPTIONS, tile: 'A3', bleed_mm: 3, crop_marks: true, smaller: true, paper: 'A0', patterns: true };
    expect(effective({ ...chosen, format: 'pdf' })).toMatchObject({ tile: 'A3', bleed_mm: 3, crop_marks: true, smaller: false, paper: 'A0', patterns: true });
    expect(effective({ ...chosen, format: 'png' })).toMatchObject({ tile: null, bleed_mm: 3, crop_marks: true, smaller: true, patterns: true });
    expect(effective({ ...chosen, format: 'svg' }).patterns).toBe(true);
    expect(effective({ ...chosen, format: 'travesia' }).patterns).toBe(false);
    expect(effective({ ...chosen, format: 'png' }).embed_map).toBe(true);
    expect(effective({ ...chosen, format: 'svg', embed_map: false }).embed_map).toBe(false);
    expect(effective({ ...chosen, format: 'travesia' }).embed_map).toBe(false);
    const sheet = effective({ ...chosen, persona: 'p-ana', format: 'csv', layout: 'worksheet', csv_style: 'comma' });
    expect(sheet).toMatchObject({ paper: 'fit', tile: null, patterns: false, embed_map: false, layout: 'worksheet', csv_style: 'comma' });
    expect(sheet).not.toHaveProperty('persona');
    expect(sanitize({ ...DEFAULT_OPTIONS, layout: 'grid', csv_style: 'pipe' })).toMatchObject({ layout: 'tidy', csv_style: 'auto' });
    expect(sanitize({ ...DEFAULT_OPTIONS, layout: 'worksheet', csv_style: 'semicolon' })).toMatchObject({ layout: 'worksheet', csv_style: 'semicolon' });
    expect(effective({ ...chosen, persona: 'p-ana', format: 'pdf' }).persona).toBe('p-ana');
    expect(effective({ ...chosen, persona: 'p-ana', format: 'travesia' })).not.toHaveProperty('persona');
    expect(sanitize({ ...chosen, persona: 'p-ana' }).persona).toBe('p-ana');
    expect(sanitize({ ...chosen, persona: 7 })).not.toHaveProperty('persona');
    for (const format of ['svg', 'travesia'] as const) {
      expect(effective({ ...chosen, format })).toMatchObject({
        paper: 'fit',
        orientation: 'auto',
        margin_mm: 0,
        bleed_mm: 0,
        crop_marks: false,
        tile: null,
        smaller: false,
      });
    }
    const slides = effective({ ...chosen, persona: 'p-ana', format: 'pptx' });
    expect(slides).toMatchObject({ paper: 'fit', tile: null, bleed_mm: 0, patterns: true, embed_map: false, persona: 'p-ana' });
    expect(FORMATS).toEqual(['pdf', 'png', 'svg', 'pptx', 'travesia', 'csv', 'xlsx', 'mmd']);
  });
});

describe('Exporter: preview', () => {
  it('previews the remembered options at once on open', async () => {
    const stored: ExportOptions = { ...DEFAULT_OPTIONS, format: 'png', paper: 'A3', dpi: 300, open_folder: false };
    const backend = new MockBackend({ views: [mapView()], settings: { 'export.choices': JSON.stringify(stored) } });
    const { exporter } = setUp(backend);
    exporter.open('map-1');
    expect(exporter.isOpen).toBe(true);
    expect(exporter.previewing).toBe(true);
    await flush();

    expect(exporter.options).toEqual(stored);
    expect(backend.callsOf('export_preview')).toEqual([
      { command: 'export_preview', args: { id: 'map-1', options: effective(stored) } },
    ]);
    expect(exporter.preview?.width_px).toBe(Math.round((841 / 25.4) * 300));
    expect(exporter.previewing).toBe(false);
  });

  it('starts from the defaults (open the folder: yes) when nothing, or something unreadable, is stored', async () => {
    for (const settings of [{} as Record<string, string>, { 'export.choices': '{not json' }, { 'export.choices': JSON.stringify({ pad: 'x'.repeat(5000) }) }]) {
      const { exporter } = setUp(new MockBackend({ views: [mapView()], settings }));
      exporter.open('map-1');
      await flush();
      expect(exporter.options).toEqual(DEFAULT_OPTIONS);
      expect(exporter.options.open_folder).toBe(true);
    }
  });

  it('prints a PDF exactly the paper’s size unless the print-shop preset is chosen', async () => {
    const { exporter } = setUp();
    exporter.open('map-1');
    await flush();
    expect(exporter.options).toMatchObject({ format: 'pdf', bleed_mm: 0, crop_marks: false });
    expect(forPrintShop(exporter.options)).toBe(false);
    // The preset: the bleed and the crop marks together, and off again together.
    exporter.set(PRINT_SHOP);
    expect(exporter.options).toMatchObject({ bleed_mm: 3, crop_marks: true });
    expect(forPrintShop(exporter.options)).toBe(true);
    expect(effective(exporter.options)).toMatchObject({ bleed_mm: 3, crop_marks: true });
    exporter.set(EXACT_PAGE);
    expect(exporter.options).toMatchObject({ bleed_mm: 0, crop_marks: false });
    // A bleed alone is no print-shop preset.
    exporter.set({ bleed_mm: 5 });
    expect(forPrintShop(exporter.options)).toBe(false);
  });

  it('takes options an earlier version remembered, without the bleed it had by default', async () => {
    const earlier = { ...DEFAULT_OPTIONS, paper: 'A0', bleed_mm: 3, crop_marks: false };
    const shop = { ...DEFAULT_OPTIONS, paper: 'A2', bleed_mm: 5, crop_marks: true };
    for (const [stored, bleed] of [
      [earlier, 0],
      [shop, 5],
    ] as const) {
      const backend = new MockBackend({ views: [mapView()], settings: { 'export.options': JSON.stringify(stored) } });
      const { exporter } = setUp(backend);
      exporter.open('map-1');
      await flush();
      expect(exporter.options).toMatchObject({ paper: stored.paper, bleed_mm: bleed, crop_marks: stored.crop_marks });
    }
    // Options this version stored win over an earlier version's.
    const backend = new MockBackend({
      views: [mapView()],
      settings: { 'export.options': JSON.stringify(earlier), 'export.choices': JSON.stringify(shop) },
    });
    const { exporter } = setUp(backend);
    exporter.open('map-1');
    await flush();
    expect(exporter.options.paper).toBe('A2');
  });

  it('asks for one preview once the options stop changing for 200 ms, and remembers them', async () => {
    const { backend, exporter } = setUp();
    exporter.open('map-1');
    await flush();
    expect(backend.callsOf('export_preview')).toHaveLength(1);

    exporter.set({ paper: 'A3' });
    await vi.advanceTimersByTimeAsync(150);
    exporter.set({ format: 'png' });
    await vi.advanceTimersByTimeAsync(150);
    exporter.set({ dpi: 300 });
    // 150 ms after the last change: still waiting.
    await vi.advanceTimersByTimeAsync(150);
    expect(backend.callsOf('export_preview')).toHaveLength(1);
    expect(exporter.previewing).toBe(true);
    await vi.advanceTimersByTimeAsync(60);

    const calls = backend.callsOf('export_preview');
    expect(calls).toHaveLength(2);
    expect(calls[1]!.args.options).toMatchObject({ paper: 'A3', format: 'png', dpi: 300 });
    // Each change is remembered at once (the last write holds all three).
    const stored = backend.callsOf('set_setting').filter((c) => c.args.key === 'export.choices');
    expect(stored).toHaveLength(3);
    expect(JSON.parse(stored[2]!.args.value!)).toEqual(exporter.options);
    expect(stored[2]!.args.value!.length).toBeLessThanOrEqual(4096);
  });

  it('prints the journey of the persona the window shows, and forgets it for the next map', async () => {
    const { backend, exporter } = setUp();
    const personas = [
      { id: 'p-ana', name: 'Ana' },
      { id: 'p-leo', name: 'Leo' },
    ];
    exporter.open('map-1', { personas, persona: 'p-leo' });
    await flush();
    expect(exporter.personas).toEqual(personas);
    expect(exporter.options.persona).toBe('p-leo');
    expect(backend.callsOf('export_preview')[0]!.args.options.persona).toBe('p-leo');
    exporter.set({ persona: 'p-ana', paper: 'A2' });
    await vi.advanceTimersByTimeAsync(250);
    expect(backend.callsOf('export_preview').at(-1)!.args.options).toMatchObject({ persona: 'p-ana', paper: 'A2' });
    // What is remembered for every map leaves one map's persona out.
    const stored = backend.callsOf('set_setting').filter((c) => c.args.key === 'export.choices');
    expect(JSON.parse(stored.at(-1)!.args.value!)).not.toHaveProperty('persona');
    expect(JSON.parse(stored.at(-1)!.args.value!).paper).toBe('A2');
    // A .travesia copy is the whole map: no persona goes to Rust.
    exporter.set({ format: 'travesia' });
    await vi.advanceTimersByTimeAsync(250);
    expect(backend.callsOf('export_preview').at(-1)!.args.options).not.toHaveProperty('persona');
    expect(exporter.applies('persona')).toBe(false);
    exporter.close();
    exporter.open('map-2');
    expect(exporter.options.persona).toBeUndefined();
    expect(exporter.personas).toEqual([]);
  });

  it('drops a preview that answers after a newer one was asked for', async () => {
    const backend = new HeldPreviews({ views: [mapView()] });
    const { exporter } = setUp(backend);
    exporter.open('map-1');
    await flush();
    exporter.set({ format: 'png' });
    await vi.advanceTimersByTimeAsync(200);
    expect(backend.asked.map((h) => h.options.format)).toEqual(['pdf', 'png']);

    // The PNG answer comes first, then the older PDF one: the PDF picture must not replace it.
    backend.asked[1]!.answer();
    await flush();
    expect(exporter.preview?.bytes_exact).toBe(false);
    expect(exporter.previewing).toBe(false);
    backend.asked[0]!.answer();
    await flush();
    expect(exporter.preview?.bytes_exact).toBe(false);
    expect(exporter.preview?.width_px).toBeGreaterThan(0);
  });

  it('keeps the preview error apart from export errors', async () => {
    const { backend, exporter } = setUp();
    backend.failNext('export_preview', { code: 'invalid_input', message: 'bad paper' });
    exporter.open('map-1');
    await flush();
    expect(exporter.previewError?.code).toBe('invalid_input');
    expect(exporter.error).toBeNull();
    exporter.set({ paper: 'A2' });
    await vi.advanceTimersByTimeAsync(200);
    expect(exporter.previewError).toBeNull();
    expect(exporter.preview).not.toBeNull();
  });

  it('opens only once however often it is asked (a key and the menu may both ask)', async () => {
    const { backend, exporter } = setUp();
    exporter.open('map-1');
    await flush();
    exporter.set({ format: 'svg' });
    exporter.open('map-1');
    await vi.advanceTimersByTimeAsync(200);
    // The second open changed nothing: the options as set, one first preview plus the one for SVG.
    expect(exporter.options.format).toBe('svg');
    expect(backend.callsOf('export_preview')).toHaveLength(2);
    // Read once: this version's options, then (none stored) an earlier version's.
    expect(backend.callsOf('get_setting').map((c) => c.args.key)).toEqual(['export.choices', 'export.options']);
  });

  it('warns about small text only when there is some under 6 pt', async () => {
    const { exporter } = setUp();
    exporter.open('map-1');
    await flush();
    expect(exporter.smallText).toBeNull();
    exporter.preview = { ...exporter.preview!, smallest_text_pt: 4.25 };
    expect(exporter.smallText).toBe(4.25);
    // No text at all is nothing to warn about.
    exporter.preview = { ...exporter.preview, smallest_text_pt: 0 };
    expect(exporter.smallText).toBeNull();
  });
});

describe('Exporter: export', () => {
  async function opened() {
    const setup = setUp();
    setup.exporter.open('map-1');
    await flush();
    return setup;
  }

  it('exports with the options that apply and shows where the file went', async () => {
    const { backend, exporter } = await opened();
    exporter.set({ format: 'png', tile: 'A4' });
    backend.dialogAnswers.push('/home/ana/Mapa.png');
    const seen: number[] = [];
    const stop = await backend.onExportProgress((p) => seen.push(p.fraction));

    await exporter.export('Guardar la exportación');
    stop();

    const [call] = backend.callsOf('export_map');
    expect(call!.args).toEqual({ id: 'map-1', options: effective(exporter.options), title: 'Guardar la exportación' });
    // The tile chosen under PDF is not sent for a PNG (Rust would refuse it).
    expect(call!.args.options.tile).toBeNull();
    expect(exporter.phase).toBe('done');
    expect(exporter.done).toEqual({ path: '/home/ana/Mapa.png', bytes: 110_000 });
    expect(exporter.progress).toBe(1);
    expect(seen).toEqual([0.25, 0.5, 0.75, 1]);
  });

  it('stays on the options, with no error, when the save dialog is cancelled', async () => {
    const { backend, exporter } = await opened();
    backend.dialogAnswers.push(null);
    await exporter.export('Guardar');
    expect(backend.callsOf('export_map')).toHaveLength(1);
    expect(exporter.phase).toBe('options');
    expect(exporter.error).toBeNull();
    expect(exporter.isOpen).toBe(true);
  });

  it('shows progress, cancels, and says "cancelled" rather than an error', async () => {
    const { backend, exporter } = await opened();
    backend.dialogAnswers.push('/tmp/poster.pdf');
    backend.pause();
    const running = exporter.export('Guardar');
    await flush();
    expect(exporter.phase).toBe('exporting');
    expect(exporter.busy).toBe(true);

    backend.resume(true);
    await flush();
    expect(exporter.phase).toBe('running');
    expect(exporter.progress).toBe(0.25);
    // Nothing closes it while the export is out.
    exporter.close();
    exporter.set({ format: 'svg' });
    expect(exporter.isOpen).toBe(true);
    expect(exporter.options.format).toBe('pdf');

    await exporter.cancel();
    expect(exporter.cancelling).toBe(true);
    expect(backend.callsOf('cancel_export')).toHaveLength(1);
    backend.resume();
    await running;

    expect(exporter.phase).toBe('cancelled');
    expect(exporter.error).toBeNull();
    expect(exporter.cancelling).toBe(false);
    exporter.close();
    expect(exporter.isOpen).toBe(false);
  });

  it('keeps a failed export as an error, with the options still there', async () => {
    const { backend, exporter } = await opened();
    backend.failNext('export_map', { code: 'io', message: 'disk full' });
    await exporter.export('Guardar');
    expect(exporter.error).toEqual({ code: 'io', message: 'disk full' });
    expect(exporter.phase).toBe('options');
    exporter.dismissError();
    expect(exporter.error).toBeNull();
  });

  it('opens the folder of the export, and says so when it cannot', async () => {
    const { backend, exporter } = await opened();
    await exporter.showFolder();
    expect(backend.callsOf('show_last_export')).toHaveLength(1);
    backend.failNext('show_last_export', { code: 'not_found', message: 'no export yet' });
    await exporter.showFolder();
    expect(exporter.error?.code).toBe('not_found');
  });

  it('starts afresh on the next opening, with the options kept', async () => {
    const { backend, exporter } = await opened();
    exporter.set({ format: 'svg' });
    backend.dialogAnswers.push('/tmp/m.svg');
    await exporter.export('Guardar');
    expect(exporter.phase).toBe('done');
    exporter.close();
    exporter.open('map-1');
    expect(exporter.phase).toBe('options');
    expect(exporter.done).toBeNull();
    expect(exporter.options.format).toBe('svg');
  });
});
