import { invoke, type InvokeArgs } from '@tauri-apps/api/core';
import type { Edit, MapSummary, MapView, TemplateInfo } from '../bindings';
import { toAppError, type Backend } from './backend';

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

  openMap(id: string): Promise<MapView> {
    return call<MapView>('open_map', { id });
  }

  applyEdit(id: string, edit: Edit): Promise<MapView> {
    return call<MapView>('apply_edit', { id, edit });
  }

  undo(id: string): Promise<MapView> {
    return call<MapView>('undo', { id });
  }

  redo(id: string): Promise<MapView> {
    return call<MapView>('redo', { id });
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
}

async function call<T>(command: string, args?: InvokeArgs): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (thrown) {
    throw toAppError(thrown);
  }
}
