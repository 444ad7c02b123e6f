import type { CardsAhead, Commands, ComparisonView, CopiedImage, Edit, ExportDone, ExportOptions, ExportPreview, ExportProgress, HistoryEntry, ImageDrop, LibraryProblem, MapSummary, MapView, OpenedFile, SearchHit, SheetMerge, SnapshotInfo, TemplateInfo, TrashedMap, ViewUpdate } from '../bindings';
import { toAppError, type Backend, type MenuId, type Unlisten } from './backend';
import { ViewCache, type ViewAhead } from './patch';

/**
 * The UI's backend on top of the Rust side's commands (the generated
 * `Commands`, declared once in `src-tauri/src/command_list.rs`): it turns
 * the editing commands' patches back into whole views and every refusal into
 * an `AppError`. The app's `TauriBackend` sends the commands through Tauri;
 * the unit tests' `MockBackend` answers them itself, through this same code.
 */
export abstract class CommandBackend implements Backend {
  /** The Rust side's commands. */
  protected abstract readonly commands: Commands;

  /** The views answered last: editing commands answer with patches of them. */
  readonly #views = new ViewCache();

  firstScreenShown(): void {}

  async #call<T>(send: (c: Commands) => Promise<T>): Promise<T> {
    try {
      return await send(this.commands);
    } catch (thrown) {
      throw toAppError(thrown);
    }
  }

  async #done(send: (c: Commands) => Promise<null>): Promise<void> {
    await this.#call(send);
  }

  /** The view an editing command answers, whole or as a patch of one answered before. */
  async #view(id: string, send: (c: Commands) => Promise<ViewUpdate>, ahead?: ViewAhead): Promise<MapView> {
    const update = await this.#call(send);
    return this.#views.resolve(update, () => this.openMap(id), ahead);
  }

  listMaps(): Promise<MapSummary[]> {
    return this.#call((c) => c.list_maps());
  }

  listTemplates(lang: string): Promise<TemplateInfo[]> {
    return this.#call((c) => c.list_templates({ lang }));
  }

  createMap(template: string, lang: string, title: string | null, example: boolean): Promise<string> {
    return this.#call((c) => c.create_map({ template, lang, title, example }));
  }

  deleteMap(id: string): Promise<void> {
    return this.#done((c) => c.delete_map({ id }));
  }

  async openMap(id: string): Promise<MapView> {
    return this.#views.remember(await this.#call((c) => c.open_map({ id })));
  }

  applyEdit(id: string, edit: Edit, ahead?: ViewAhead): Promise<MapView> {
    return this.#view(id, (c) => c.apply_edit({ id, edit }), ahead);
  }

  previewEdit(id: string, edit: Edit): Promise<MapView> {
    return this.#view(id, (c) => c.preview_edit({ id, edit }));
  }

  cardsAhead(id: string, edits: Edit[], looks: string[][]): Promise<CardsAhead> {
    return this.#call((c) => c.cards_ahead({ id, edits, looks }));
  }

  undo(id: string, ahead?: ViewAhead): Promise<MapView> {
    return this.#view(id, (c) => c.undo_edit({ id }), ahead);
  }

  redo(id: string, ahead?: ViewAhead): Promise<MapView> {
    return this.#view(id, (c) => c.redo_edit({ id }), ahead);
  }

  mapHistory(id: string): Promise<HistoryEntry[]> {
    return this.#call((c) => c.map_history({ id }));
  }

  goToStep(id: string, seq: number): Promise<MapView> {
    return this.#view(id, (c) => c.go_to_step({ id, seq }));
  }

  systemLocale(): Promise<string> {
    return this.#call((c) => c.system_locale());
  }

  getSetting(key: string): Promise<string | null> {
    return this.#call((c) => c.get_setting({ key }));
  }

  setSetting(key: string, value: string | null): Promise<void> {
    return this.#done((c) => c.set_setting({ key, value }));
  }

  setWindowTitle(title: string): Promise<void> {
    return this.#done((c) => c.set_window_title({ title }));
  }

  setRouteVisible(id: string, route: string, visible: boolean): Promise<MapView> {
    return this.#view(id, (c) => c.set_route_visible({ id, route, visible }));
  }

  setPersonaFilter(id: string, persona: string | null): Promise<MapView> {
    return this.#view(id, (c) => c.set_persona_filter({ id, persona }));
  }

  libraryProblem(): Promise<LibraryProblem | null> {
    return this.#call((c) => c.library_problem());
  }

  restoreLibraryBackup(date: string | null): Promise<string | null> {
    return this.#call((c) => c.restore_library_backup({ date }));
  }

  listTrash(): Promise<TrashedMap[]> {
    return this.#call((c) => c.list_trash());
  }

  restoreMap(id: string): Promise<void> {
    return this.#done((c) => c.restore_map({ id }));
  }

  deleteForever(id: string): Promise<void> {
    return this.#done((c) => c.delete_forever({ id }));
  }

  emptyTrash(): Promise<number> {
    return this.#call((c) => c.empty_trash());
  }

  duplicateMap(id: string, title: string): Promise<string> {
    return this.#call((c) => c.duplicate_map({ id, title }));
  }

  renameMap(id: string, title: string): Promise<void> {
    return this.#done((c) => c.rename_map({ id, title }));
  }

  searchMaps(query: string): Promise<SearchHit[]> {
    return this.#call((c) => c.search_maps({ query }));
  }

  mapThumbnail(id: string): Promise<string> {
    return this.#call((c) => c.map_thumbnail({ id }));
  }

  templatePreview(template: string, lang: string): Promise<string> {
    return this.#call((c) => c.template_preview({ template, lang }));
  }

  openExample(): Promise<string> {
    return this.#call((c) => c.open_example());
  }

  takeOpenedFiles(): Promise<OpenedFile[]> {
    return this.#call((c) => c.take_opened_files());
  }

  openFile(dialogTitle: string, lang: string): Promise<OpenedFile | null> {
    return this.#call((c) => c.open_file({ title: dialogTitle, lang }));
  }

  importValidPart(token: number, lang: string): Promise<string> {
    return this.#call((c) => c.import_valid_part({ token, lang }));
  }

  saveMapFile(id: string, dialogTitle: string): Promise<string | null> {
    return this.#call((c) => c.save_map_file({ id, title: dialogTitle }));
  }

  readWorksheet(id: string, dialogTitle: string, lang: string): Promise<SheetMerge | null> {
    return this.#call((c) => c.read_worksheet({ id, title: dialogTitle, lang }));
  }

  pickPhoto(dialogTitle: string): Promise<string | null> {
    return this.#call((c) => c.pick_photo({ title: dialogTitle }));
  }

  pickLogo(dialogTitle: string): Promise<string | null> {
    return this.#call((c) => c.pick_logo({ title: dialogTitle }));
  }

  droppedPhoto(token: number): Promise<string> {
    return this.#call((c) => c.dropped_photo({ token }));
  }

  pickImage(dialogTitle: string): Promise<string | null> {
    return this.#call((c) => c.pick_image({ title: dialogTitle }));
  }

  droppedImage(token: number): Promise<string> {
    return this.#call((c) => c.dropped_image({ token }));
  }

  exportPreview(id: string, options: ExportOptions): Promise<ExportPreview> {
    return this.#call((c) => c.export_preview({ id, options }));
  }

  exportMap(id: string, options: ExportOptions, dialogTitle: string): Promise<ExportDone | null> {
    return this.#call((c) => c.export_map({ id, options, title: dialogTitle }));
  }

  cancelExport(): Promise<void> {
    return this.#done((c) => c.cancel_export());
  }

  showLastExport(): Promise<void> {
    return this.#done((c) => c.show_last_export());
  }

  takeSnapshot(id: string, name: string): Promise<SnapshotInfo[]> {
    return this.#call((c) => c.take_snapshot({ id, name }));
  }

  listSnapshots(id: string): Promise<SnapshotInfo[]> {
    return this.#call((c) => c.list_snapshots({ id }));
  }

  snapshotPreview(id: string, snapshot: number): Promise<string> {
    return this.#call((c) => c.snapshot_preview({ id, snapshot }));
  }

  compareVersions(id: string, from: number | null, to: number | null): Promise<ComparisonView> {
    return this.#call((c) => c.compare_versions({ id, from, to }));
  }

  exportComparison(
    id: string,
    from: number | null,
    to: number | null,
    options: ExportOptions,
    dialogTitle: string,
  ): Promise<ExportDone | null> {
    return this.#call((c) => c.export_comparison({ id, from, to, options, title: dialogTitle }));
  }

  restoreSnapshot(id: string, snapshot: number): Promise<MapView> {
    return this.#view(id, (c) => c.restore_snapshot({ id, snapshot }));
  }

  setMenuState(lang: string, mapOpen: boolean, canUndo: boolean, canRedo: boolean): Promise<void> {
    return this.#done((c) => c.set_menu_state({ lang, mapOpen, canUndo, canRedo }));
  }

  setFullscreen(on: boolean): Promise<void> {
    return this.#done((c) => c.set_fullscreen({ on }));
  }

  quit(): Promise<void> {
    return this.#done((c) => c.quit_app());
  }

  printMap(id: string): Promise<boolean> {
    return this.#call((c) => c.print_map({ id }));
  }

  copyImage(id: string, cards: string[]): Promise<CopiedImage> {
    return this.#call((c) => c.copy_image({ id, cards }));
  }

  openLogsFolder(): Promise<void> {
    return this.#done((c) => c.open_logs_folder());
  }

  abstract onMenu(handler: (id: MenuId) => void): Promise<Unlisten>;
  abstract onFilesOpened(handler: () => void): Promise<Unlisten>;
  abstract onExportProgress(handler: (progress: ExportProgress) => void): Promise<Unlisten>;
  abstract onImageDropped(handler: (drop: ImageDrop) => void): Promise<Unlisten>;
}
