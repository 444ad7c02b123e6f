import type { Backend, Unlisten } from './backend/backend';
import { toAppError } from './backend/backend';
import type {
  AppError,
  CsvConvention,
  ExportDone,
  ExportFormat,
  ExportOptions,
  ExportPreview,
  PageOrientation,
  Persona,
  SheetLayout,
} from './bindings';
import type { MessageKey } from './i18n.svelte';
import type { Settings } from './settings';

/** Pictures and slides on the first row of the dialog; the map as data (.travesia, CSV, XLSX, Mermaid) on the second. */
export const FORMATS: readonly ExportFormat[] = ['pdf', 'png', 'svg', 'pptx', 'travesia', 'csv', 'xlsx', 'mmd'];
/** How a spreadsheet lays the map out (Rust's sheets::SheetLayout). */
export const LAYOUTS: readonly SheetLayout[] = ['tidy', 'worksheet'];
/** A CSV file's separator and decimal mark (Rust's sheets::CsvConvention). */
export const CSV_STYLES: readonly CsvConvention[] = ['auto', 'semicolon', 'comma'];

/** Pictures of the map, which carry it inside and can print one persona's journey. */
export const isPoster = (format: ExportFormat): boolean => format === 'pdf' || format === 'png' || format === 'svg';
/** Slides: pictures and text of the map as the poster draws it (one persona's journey too), without the map inside. */
export const isSlides = (format: ExportFormat): boolean => format === 'pptx';
/** What draws the map (posters and slides): routes told apart by pattern, one persona's journey. */
export const draws = (format: ExportFormat): boolean => isPoster(format) || isSlides(format);
/** Spreadsheets: the whole map as data, in a layout. */
export const isSheet = (format: ExportFormat): boolean => format === 'csv' || format === 'xlsx';
/** The map as data for another tool (a spreadsheet, a Mermaid diagram): no pages, no poster's choices. */
export const isData = (format: ExportFormat): boolean => isSheet(format) || format === 'mmd';
/** The papers Rust knows (render::paper::Paper::NAMES), spelled as it parses them. */
export const PAPERS = ['A4', 'A3', 'A2', 'A1', 'A0', 'Letter', 'Tabloid', '24x36', 'fit'] as const;
export const ORIENTATIONS: readonly PageOrientation[] = ['auto', 'portrait', 'landscape'];
/** Sheets a poster can be split onto (PDF only). */
export const TILES = ['A4', 'A3'] as const;
export const DPI_PRESETS = [150, 300, 600] as const;

type NumberOption = 'dpi' | 'margin_mm' | 'bleed_mm' | 'overlap_mm';

/** What Rust accepts (png::DPI_MIN/MAX, export.rs's margin, sheet::BLEED_MAX_MM, sheet::OVERLAP_MAX_MM). */
export const LIMITS: Record<NumberOption, { min: number; max: number }> = {
  dpi: { min: 72, max: 600 },
  margin_mm: { min: 0, max: 100 },
  bleed_mm: { min: 0, max: 20 },
  overlap_mm: { min: 0, max: 50 },
};

/** The first export's options: a poster on A1, as the command line's defaults. */
export const DEFAULT_OPTIONS: ExportOptions = {
  format: 'pdf',
  paper: 'A1',
  orientation: 'auto',
  dpi: 150,
  margin_mm: 10,
  bleed_mm: 0,
  crop_marks: false,
  tile: null,
  overlap_mm: 10,
  smaller: false,
  open_folder: true,
  patterns: false,
  evidence: true,
  map_set: false,
  embed_map: true,
  layout: 'tidy',
  csv_style: 'auto',
};

/** The print-shop preset: the bleed print shops ask for, with crop marks (render::sheet::PRINT_SHOP_BLEED_MM). */
export const PRINT_SHOP: Pick<ExportOptions, 'bleed_mm' | 'crop_marks'> = { bleed_mm: 3, crop_marks: true };
/** Without it the page is exactly the paper chosen. */
export const EXACT_PAGE: Pick<ExportOptions, 'bleed_mm' | 'crop_marks'> = { bleed_mm: 0, crop_marks: false };

/** Whether the options print for a print shop: a bleed and crop marks together. */
export const forPrintShop = (o: ExportOptions): boolean => o.bleed_mm > 0 && o.crop_marks;

/** Below this, printed text is hard to read (the command line warns at the same size). */
export const SMALL_TEXT_PT = 6;

/** A number field's value brought into its range (whole DPI, tenths of a millimetre); null when it is no number. */
export function clampOption(name: NumberOption, value: number): number | null {
  if (!Number.isFinite(value)) return null;
  const { min, max } = LIMITS[name];
  const inRange = Math.min(max, Math.max(min, value));
  return name === 'dpi' ? Math.round(inRange) : Math.round(inRange * 10) / 10;
}

const isOneOf = <T extends string>(list: readonly T[], value: unknown): value is T =>
  typeof value === 'string' && (list as readonly string[]).includes(value);

/** Options from anywhere (a stored setting of an older version, a field): each one valid, else its default. */
export function sanitize(raw: unknown): ExportOptions {
  const o = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const num = (name: NumberOption) => (typeof o[name] === 'number' ? clampOption(name, o[name]) : null) ?? DEFAULT_OPTIONS[name];
  const bool = (name: 'crop_marks' | 'smaller' | 'open_folder' | 'patterns' | 'evidence' | 'embed_map' | 'map_set') =>
    typeof o[name] === 'boolean' ? o[name] : DEFAULT_OPTIONS[name];
  return {
    format: isOneOf(FORMATS, o.format) ? o.format : DEFAULT_OPTIONS.format,
    paper: isOneOf(PAPERS, o.paper) ? o.paper : DEFAULT_OPTIONS.paper,
    orientation: isOneOf(ORIENTATIONS, o.orientation) ? o.orientation : DEFAULT_OPTIONS.orientation,
    dpi: num('dpi'),
    margin_mm: num('margin_mm'),
    bleed_mm: num('bleed_mm'),
    crop_marks: bool('crop_marks'),
    tile: isOneOf(TILES, o.tile) ? o.tile : null,
    overlap_mm: num('overlap_mm'),
    smaller: bool('smaller'),
    open_folder: bool('open_folder'),
    patterns: bool('patterns'),
    evidence: bool('evidence'),
    embed_map: bool('embed_map'),
    map_set: bool('map_set'),
    layout: isOneOf(LAYOUTS, o.layout) ? o.layout : DEFAULT_OPTIONS.layout,
    csv_style: isOneOf(CSV_STYLES, o.csv_style) ? o.csv_style : DEFAULT_OPTIONS.csv_style,
    ...(typeof o.persona === 'string' && o.persona !== '' ? { persona: o.persona } : {}),
  };
}

/** Options as they are remembered for every map: without one map's persona, nor its map set. */
function remembered(o: ExportOptions): ExportOptions {
  const { persona: _persona, ...rest } = o;
  return { ...rest, map_set: false };
}

/** The dialog's controls that depend on the format. */
export type Control =
  | 'paper'
  | 'bleed'
  | 'tile'
  | 'overlap'
  | 'png'
  | 'patterns'
  | 'evidence'
  | 'persona'
  | 'embed'
  | 'layout'
  | 'csv'
  | 'mapSet';

const printed = (format: ExportFormat) => format === 'pdf' || format === 'png';

/**
 * Why a control does nothing for these options (the hint shown by it), or null
 * when it applies. Paper, margin and bleed make pages, which SVG and .travesia
 * do not have; tiles are several pages, which only a PDF holds.
 */
export function notApplying(options: ExportOptions, control: Control): MessageKey | null {
  const { format } = options;
  switch (control) {
    case 'paper':
    case 'bleed':
      if (format === 'svg') return 'export.hint.svg';
      if (format === 'travesia') return 'export.hint.travesia';
      if (isData(format)) return 'export.hint.sheet';
      if (isSlides(format)) return 'export.hint.slides';
      return null;
    case 'tile':
      return format === 'pdf' ? null : 'export.hint.pdfOnly';
    case 'overlap':
      if (format !== 'pdf') return 'export.hint.pdfOnly';
      return options.tile === null ? 'export.hint.noTiles' : null;
    case 'png':
      return format === 'png' ? null : 'export.hint.pngOnly';
    case 'patterns':
      if (isData(format)) return 'export.hint.sheetData';
      return format === 'travesia' ? 'export.hint.patternsTravesia' : null;
    case 'evidence':
      if (isData(format)) return 'export.hint.evidenceData';
      return format === 'travesia' ? 'export.hint.evidenceTravesia' : null;
    case 'persona':
      if (isData(format)) return 'export.hint.sheetData';
      return format === 'travesia' ? 'export.hint.personaTravesia' : null;
    case 'embed':
      if (isData(format)) return 'export.hint.sheetData';
      if (isSlides(format)) return 'export.hint.embedSlides';
      return format === 'travesia' ? 'export.hint.embedTravesia' : null;
    case 'layout':
      return isSheet(format) ? null : 'export.hint.sheetOnly';
    case 'csv':
      return format === 'csv' ? null : 'export.hint.csvOnly';
    case 'mapSet':
      return format === 'pdf' ? null : 'export.hint.pdfOnly';
  }
}

/**
 * The options as sent to Rust: what does not apply to the format is set to
 * what means "none" (Rust refuses tiles outside a PDF), so the person's own
 * choices stay in the dialog for when they switch back. SVG and .travesia are
 * previewed at the map's own size.
 */
export function effective(o: ExportOptions): ExportOptions {
  const pages = printed(o.format);
  const { persona, ...rest } = o;
  return {
    ...rest,
    paper: pages ? o.paper : 'fit',
    orientation: pages ? o.orientation : 'auto',
    margin_mm: pages ? o.margin_mm : 0,
    bleed_mm: pages ? o.bleed_mm : 0,
    crop_marks: pages && o.crop_marks,
    tile: o.format === 'pdf' ? o.tile : null,
    smaller: o.format === 'png' && o.smaller,
    patterns: draws(o.format) && o.patterns,
    evidence: !draws(o.format) || o.evidence,
    embed_map: isPoster(o.format) && o.embed_map,
    map_set: o.format === 'pdf' && o.map_set,
    ...(draws(o.format) && persona ? { persona } : {}),
  };
}

/**
 * Where the dialog is: setting options; `exporting`, the export asked for
 * (the native Save dialog, then the writing) with no progress heard yet;
 * `running`, progress coming in; `done`; `cancelled` (options again, saying so).
 */
export type ExportPhase = 'options' | 'exporting' | 'running' | 'done' | 'cancelled';

export interface ExporterOptions {
  /** How long options must stay unchanged before a preview is asked for (ms). */
  delay?: number;
}

/**
 * The export dialog's state: the options (remembered between runs), a
 * preview asked for shortly after they stop changing (answers to older
 * options are dropped), and one export at a time with its progress.
 */
export class Exporter {
  isOpen = $state(false);
  mapId = $state<string | null>(null);
  /** The map's personas, for printing one persona's journey. */
  personas = $state.raw<readonly Persona[]>([]);
  /** The map has cards with evidence: the dialog offers to leave it out. */
  hasEvidence = $state(false);
  /** The map links to other maps: the dialog offers a map set. */
  hasLinks = $state(false);
  options = $state.raw<ExportOptions>(DEFAULT_OPTIONS);
  /** The latest preview answered (for the options as they were when it was asked). */
  preview = $state.raw<ExportPreview | null>(null);
  /** A preview for the current options is awaited: the one shown is older. */
  previewing = $state(false);
  previewError = $state.raw<AppError | null>(null);
  phase = $state<ExportPhase>('options');
  /** 0 to 1, while running. */
  progress = $state(0);
  cancelling = $state(false);
  done = $state.raw<ExportDone | null>(null);
  error = $state.raw<AppError | null>(null);

  busy = $derived(this.phase === 'exporting' || this.phase === 'running');
  smallText = $derived(
    this.preview !== null && this.preview.smallest_text_pt > 0 && this.preview.smallest_text_pt < SMALL_TEXT_PT
      ? this.preview.smallest_text_pt
      : null,
  );

  readonly #backend: Backend;
  readonly #settings: Settings;
  readonly #delay: number;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #previewToken = 0;
  /** Bumped on open and close: answers to an earlier opening are ignored. */
  #session = 0;
  #unlisten: Promise<Unlisten> | null = null;
  /** Options read from the settings once, or changed by the person before that read came back. */
  #loaded = false;

  constructor(backend: Backend, settings: Settings, options: ExporterOptions = {}) {
    this.#backend = backend;
    this.#settings = settings;
    this.#delay = options.delay ?? 200;
  }

  /**
   * Opens the dialog for a map, printing the journey of `persona` (the one the window shows; null: every
   * persona's). Opening it again while it is open does nothing (a key and the menu may both ask).
   */
  open(
    mapId: string,
    who: { personas: readonly Persona[]; persona: string | null; hasEvidence?: boolean; hasLinks?: boolean } = {
      personas: [],
      persona: null,
    },
  ): void {
    if (this.isOpen) return;
    const session = ++this.#session;
    this.isOpen = true;
    this.mapId = mapId;
    this.personas = who.personas;
    this.hasEvidence = who.hasEvidence ?? false;
    this.hasLinks = who.hasLinks ?? false;
    this.options = sanitize({ ...remembered(this.options), persona: who.persona });
    this.phase = 'options';
    this.progress = 0;
    this.cancelling = false;
    this.done = null;
    this.error = null;
    this.preview = null;
    this.previewError = null;
    this.#unlisten = this.#backend.onExportProgress((p) => this.#progress(session, p.fraction));
    if (this.#loaded) {
      this.#askPreview(0);
      return;
    }
    this.previewing = true;
    void this.#settings.exportOptions().then((stored) => {
      if (session !== this.#session) return;
      if (!this.#loaded) this.options = sanitize({ ...(stored ?? DEFAULT_OPTIONS), persona: who.persona });
      this.#loaded = true;
      this.#askPreview(0);
    });
  }

  /** Closes the dialog; not while an export is out (cancel it first). */
  close(): void {
    if (!this.isOpen || this.busy) return;
    this.#session++;
    clearTimeout(this.#timer);
    this.#previewToken++;
    this.isOpen = false;
    this.previewing = false;
    const unlisten = this.#unlisten;
    this.#unlisten = null;
    void unlisten?.then((stop) => stop());
  }

  /** Changes some options: remembered at once, previewed once they settle. */
  set(patch: Partial<ExportOptions>): void {
    if (this.busy) return;
    const next = sanitize({ ...this.options, ...patch });
    if (JSON.stringify(next) === JSON.stringify(this.options)) return;
    this.options = next;
    this.#loaded = true;
    if (this.phase === 'done' || this.phase === 'cancelled') this.phase = 'options';
    void this.#settings.rememberExportOptions(remembered(next));
    this.#askPreview(this.#delay);
  }

  /** Whether a control does something for the current options (see `notApplying`). */
  applies(control: Control): boolean {
    return notApplying(this.options, control) === null;
  }

  #askPreview(delay: number): void {
    clearTimeout(this.#timer);
    const token = ++this.#previewToken;
    this.previewing = true;
    this.#timer = setTimeout(() => void this.#fetchPreview(token), delay);
  }

  async #fetchPreview(token: number): Promise<void> {
    const id = this.mapId;
    if (!id) return;
    try {
      const preview = await this.#backend.exportPreview(id, effective(this.options));
      if (token !== this.#previewToken) return;
      this.preview = preview;
      this.previewError = null;
    } catch (thrown) {
      if (token !== this.#previewToken) return;
      this.previewError = toAppError(thrown);
    }
    this.previewing = false;
  }

  /**
   * Exports with the current options: Rust asks where (the native Save
   * dialog, titled `dialogTitle`) and writes. Cancelling that dialog leaves
   * the options showing; a cancelled export says so, and is no error.
   */
  async export(dialogTitle: string): Promise<void> {
    const id = this.mapId;
    if (!this.isOpen || !id || this.busy) return;
    const session = this.#session;
    this.phase = 'exporting';
    this.progress = 0;
    this.cancelling = false;
    this.done = null;
    this.error = null;
    try {
      const done = await this.#backend.exportMap(id, effective(this.options), dialogTitle);
      if (session !== this.#session) return;
      if (done === null) {
        this.phase = 'options';
      } else {
        this.progress = 1;
        this.done = done;
        this.phase = 'done';
      }
    } catch (thrown) {
      if (session !== this.#session) return;
      const error = toAppError(thrown);
      if (error.code === 'cancelled') {
        this.phase = 'cancelled';
      } else {
        this.error = error;
        this.phase = 'options';
      }
    } finally {
      if (session === this.#session) this.cancelling = false;
    }
  }

  /** Stops the running export at its next step (the export then rejects as cancelled). */
  async cancel(): Promise<void> {
    if (!this.busy || this.cancelling) return;
    this.cancelling = true;
    try {
      await this.#backend.cancelExport();
    } catch (thrown) {
      this.cancelling = false;
      this.error = toAppError(thrown);
    }
  }

  /** Opens the folder the file was written to. */
  async showFolder(): Promise<void> {
    try {
      await this.#backend.showLastExport();
    } catch (thrown) {
      this.error = toAppError(thrown);
    }
  }

  dismissError(): void {
    this.error = null;
  }

  #progress(session: number, fraction: number): void {
    if (session !== this.#session || !this.busy) return;
    this.phase = 'running';
    this.progress = Math.max(this.progress, Math.min(1, Math.max(0, fraction)));
  }
}
