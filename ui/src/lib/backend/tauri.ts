import { invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import { commandClient, type Commands, type ExportProgress, type ImageDrop } from '../bindings';
import type { MenuId, Unlisten } from './backend';
import { CommandBackend } from './client';
import { EarlyAnswers } from './early';

/** The real backend: the generated command client sent through Tauri's `invoke`. */
export class TauriBackend extends CommandBackend {
  /** The first screen's reads, asked for together (see main.ts). */
  readonly early = new EarlyAnswers((command, args) => invoke(command, args));
  protected readonly commands: Commands = commandClient(this.early.send);

  override firstScreenShown(): void {
    this.early.close();
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

  onImageDropped(handler: (drop: ImageDrop) => void): Promise<Unlisten> {
    return listen<ImageDrop>('image-dropped', (e) => handler(e.payload));
  }
}
