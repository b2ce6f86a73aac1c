// Tests and the benchmark locate the provisioned model here; library code takes the dir as an option.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** backend/.cache/models/all-minilm-l6-v2-q, or $LOGLENS_MODEL_DIR_ROOT/all-minilm-l6-v2-q; throws if not provisioned. */
export function provisionedMiniLmDir(): string {
  const root = process.env.LOGLENS_MODEL_DIR_ROOT ?? fileURLToPath(new URL('../../.cache/models', import.meta.url));
  const dir = join(root, 'all-minilm-l6-v2-q');
  if (!existsSync(join(dir, 'model.onnx')) || !existsSync(join(dir, 'tokenizer.json'))) {
    throw new Error(`embedding model not provisioned in ${dir}: run backend/scripts/provision-models.sh first`);
  }
  return dir;
}
