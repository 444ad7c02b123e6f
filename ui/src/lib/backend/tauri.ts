import { invoke, type InvokeArgs } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import type {
  Edit,
  ExportDone,
  ExportOptions,
  ExportPreview,
  ExportProgress,
  LibraryProblem,
  MapSummary,
  MapView,
  OpenedFile,
  SearchHit,
  SnapshotInfo,
  TemplateInfo,
  TrashedMap,
  ViewUpdate,
} from '../bindings';
import { toAppError, type Backend, type MenuId, type Unlisten } from './backend';
import { ViewCache } from './patch';

/** The real backend: Tauri commands defined in `src-tauri/src/commands.rs`. */
export class TauriBackend implements Backend {
  listMaps(): Promise<MapSummary[]> {
    return call<MapSummary[]>('list_maps');
  }

  listTemplates(lang: string): Promise<TemplateInfo[]> {
    return call<TemplateInfo[]>('list_templates', { lang });
  }

  createMap(template: string, lang: string, title: string | null): Promise<string> {
    return call<string>('create_map', { template, lang, title });
  }

  async deleteMap(id: string): Promise<void> {
    await call<null>('delete_map', { id });
  }

  /** The views answered last: editing commands answer with patches of them. */
  readonly #views = new ViewCache();

  async openMap(id: string): Promise<MapView> {
    return this.#views.remember(await call<MapView>('open_map', { id }));
  }

  /** The view an editing command answers, whole or as a patch of one answered before. */
  async #view(id: string, cmd: string, args: InvokeArgs): Promise<MapView> {
    const update = await call<ViewUpdate>(cmd, args);
    return this.#views.resolve(update, () => this.openMap(id));
  }

  applyEdit(id: string, edit: Edit): Promise<MapView> {
    return this.#view(id, 'apply_edit', { id, edit });
  }

  undo(id: string): Promise<MapView> {
    return this.#view(id, 'undo', { id });
  }

  redo(id: string): Promise<MapView> {
    return this.#view(id, 'redo', { id });
  }

  systemLocale(): Promise<string> {
    return call<string>('system_locale');
  }

  getSetting(key: string): Promise<string | null> {
    return call<string | null>('get_setting', { key });
  }

  async setSetting(key: string, value: string | null): Promise<void> {
    await call<null>('set_setting', { key, value });
  }

  async setWindowTitle(title: string): Promise<void> {
    await call<null>('set_window_title', { title });
  }

  setRouteVisible(id: string, route: string, visible: boolean): Promise<MapView> {
    return this.#view(id, 'set_route_visible', { id, route, visible });
  }

  libraryProblem(): Promise<LibraryProblem | null> {
    return call<LibraryProblem | null>('library_problem');
  }

  restoreLibraryBackup(date: string | null): Promise<string | null> {
    return call<string | null>('restore_library_backup', { date });
  }

  listTrash(): Promise<TrashedMap[]> {
    return call<TrashedMap[]>('list_trash');
  }

  async restoreMap(id: string): Promise<void> {
    await call<null>('restore_map', { id });
  }

  async deleteForever(id: string): Promise<void> {
    await call<null>('delete_forever', { id });
  }

  emptyTrash(): Promise<number> {
    return call<number>('empty_trash');
  }

  duplicateMap(id: string, title: string): Promise<string> {
    return call<string>('duplicate_map', { id, title });
  }

  async renameMap(id: string, title: string): Promise<void> {
    await call<null>('rename_map', { id, title });
  }

  searchMaps(query: string): Promise<SearchHit[]> {
    return call<SearchHit[]>('search_maps', { query });
  }

  mapThumbnail(id: string): Promise<string> {
    return call<string>('map_thumbnail', { id });
  }

  templatePreview(template: string, lang: string): Promise<string> {
    return call<string>('template_preview', { template, lang });
  }

  openExample(): Promise<string> {
    return call<string>('open_example');
  }

  takeOpenedFiles(): Promise<OpenedFile[]> {
    return call<OpenedFile[]>('take_opened_files');
  }

  openFile(dialogTitle: string): Promise<OpenedFile | null> {
    return call<OpenedFile | null>('open_file', { title: dialogTitle });
  }

  saveMapFile(id: string, dialogTitle: string): Promise<string | null> {
    return call<string | null>('save_map_file', { id, title: dialogTitle });
  }

  pickPhoto(dialogTitle: string): Promise<string | null> {
    return call<string | null>('pick_photo', { title: dialogTitle });
  }

  exportPreview(id: string, options: ExportOptions): Promise<ExportPreview> {
    return call<ExportPreview>('export_preview', { id, options });
  }

  exportMap(id: string, options: ExportOptions, dialogTitle: string): Promise<ExportDone | null> {
    return call<ExportDone | null>('export_map', { id, options, title: dialogTitle });
  }

  async cancelExport(): Promise<void> {
    await call<null>('cancel_export');
  }

  async showLastExport(): Promise<void> {
    await call<null>('show_last_export');
  }

  takeSnapshot(id: string, name: string): Promise<SnapshotInfo[]> {
    return call<SnapshotInfo[]>('take_snapshot', { id, name });
  }

  listSnapshots(id: string): Promise<SnapshotInfo[]> {
    return call<SnapshotInfo[]>('list_snapshots', { id });
  }

  snapshotPreview(id: string, snapshot: number): Promise<string> {
    return call<string>('snapshot_preview', { id, snapshot });
  }

  restoreSnapshot(id: string, snapshot: number): Promise<MapView> {
    return this.#view(id, 'restore_snapshot', { id, snapshot });
  }

  async setMenuState(lang: string, mapOpen: boolean, canUndo: boolean, canRedo: boolean): Promise<void> {
    await call<null>('set_menu_state', { lang, mapOpen, canUndo, canRedo });
  }

  async setFullscreen(on: boolean): Promise<void> {
    await call<null>('set_fullscreen', { on });
  }

  async quit(): Promise<void> {
    await call<null>('quit_app');
  }

  onMenu(handler: (id: MenuId) => void): Promise<Unlisten> {
    return listen<MenuId>('menu', (e) => handler(e.payload));
  }

  onFilesOpened(handler: () => void): Promise<Unlisten> {
    return listen('files-opened', () => handler());
  }

  onExportProgress(handler: (progress: ExportProgress) => void): Promise<Unlisten> {
    return listen<ExportProgress>('export-progress', (e) => handler(e.payload));
  }
}

async function call<T>(command: string, args?: InvokeArgs): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (thrown) {
    throw toAppError(thrown);
  }
}
