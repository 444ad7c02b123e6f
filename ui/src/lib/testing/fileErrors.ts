import type { OpenedFile } from '../bindings';
import answers from './answers/file-errors.json';

/**
 * Refused files exactly as the window receives them, made by Rust's reader
 * (`cargo test -p travesia-api --test file_errors` writes and checks them):
 * `broken.<lang>` is the example with three problems whose rest is sound,
 * `not_travesia.es` a JSON file of another kind.
 */
export function refusedFile(which: 'broken.es' | 'broken.en' | 'broken.pt-BR' | 'not_travesia.es', token = 1): OpenedFile {
  const answer = (answers as Record<string, OpenedFile>)[which];
  if (!answer) throw new Error(`no answer ${which} in file-errors.json`);
  const file = structuredClone(answer);
  // The window's state gives each valid part its token; the reader alone leaves it 0.
  if (file.error?.valid_part) file.error.valid_part.token = token;
  return file;
}
