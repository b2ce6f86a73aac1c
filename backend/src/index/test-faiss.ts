// The faiss addon for the index tests, or the reason they skip (it is built by
// backend/scripts/build-faiss-node.sh, which the test command runs first).
import { loadFaiss, type FaissModule } from './faiss.js';

let loaded: FaissModule | null = null;
try {
  loaded = loadFaiss();
} catch {
  // reported through `skip`
}
export const faiss = loaded;
export const skip: string | false = loaded ? false : 'faiss-node is not built: run backend/scripts/build-faiss-node.sh';
