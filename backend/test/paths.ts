import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** ../shared beside the repository root (team material; never copied into the repo). */
export const SHARED_DIR = fileURLToPath(new URL('../../../shared/', import.meta.url));
export const LOGHUB_DIR = `${SHARED_DIR}data/loghub-2k/`;
export { LOGHUB_DATASETS } from '../eval/templates-data.js';

/** The reason to skip a test that needs ../shared, or false when it is there. */
export function sharedMissing(): string | false {
  return existsSync(LOGHUB_DIR) ? false : `../shared/data/loghub-2k not found at ${LOGHUB_DIR}: team material absent, skipping`;
}
