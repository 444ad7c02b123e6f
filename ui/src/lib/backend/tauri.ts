import { invoke, type InvokeArgs } from '@tauri-apps/api/core';
import type { MapSummary, TemplateInfo } from '../bindings';
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
}

async function call<T>(command: string, args?: InvokeArgs): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (thrown) {
    throw toAppError(thrown);
  }
}
