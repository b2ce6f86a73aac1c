// Optional cross-encoder re-ranking: score (query, passage) pairs jointly with a BERT-style
// sequence-classification model (e.g. ms-marco-MiniLM-L-6-v2) exported to ONNX.
//
// No such model can be provisioned here: none ships as ONNX inside a Maven Central, PyPI or npm
// package (checked: langchain4j-onnx-scoring has the runtime but no model; FlashRank, fastembed
// and fastretrieval download weights from a model hub at run time). So the stage is off unless a
// model directory is configured, and createReranker() says so in one log line. Nothing here
// pretends to re-rank without a model.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { BertTokenizer } from '../embed/tokenizer.js';
import type { ExecutionProvider } from '../embed/onnx-model.js';

export interface Reranker {
  /** One relevance score per doc, in input order; higher is more relevant. Scores compare within one call only. */
  rerank(query: string, docs: string[]): Promise<number[]>;
  close(): Promise<void>;
}

export interface CrossEncoderOptions {
  /** Directory with model.onnx (inputs input_ids, attention_mask[, token_type_ids]; output logits [n,1] or [n,2]) and tokenizer.json. */
  modelDir: string;
  /** ms-marco cross-encoders were trained with 512 positions; log chunks rarely need more. */
  maxTokens?: number;
  /** Pairs per session.run. */
  batchSize?: number;
  intraOpThreads?: number;
  provider?: ExecutionProvider;
}

/** Re-ranking looks at a short candidate list (top 20-50), so a few pairs per run keeps padding low. */
export const DEFAULT_RERANK_BATCH_SIZE = 8;
export const DEFAULT_RERANK_MAX_TOKENS = 512;

export class OnnxCrossEncoderReranker implements Reranker {
  private constructor(
    private readonly session: ort.InferenceSession,
    private readonly tokenizer: BertTokenizer,
    private readonly maxTokens: number,
    private readonly batchSize: number,
  ) {}

  static async create(opts: CrossEncoderOptions): Promise<OnnxCrossEncoderReranker> {
    const { model, tokenizer } = crossEncoderFiles(opts.modelDir);
    const tok = BertTokenizer.fromFile(tokenizer);
    const session = await ort.InferenceSession.create(model, {
      executionProviders: [opts.provider ?? 'cpu'],
      intraOpNumThreads: opts.intraOpThreads ?? 1,
      interOpNumThreads: 1,
      graphOptimizationLevel: 'all',
    });
    return new OnnxCrossEncoderReranker(session, tok, opts.maxTokens ?? DEFAULT_RERANK_MAX_TOKENS, opts.batchSize ?? DEFAULT_RERANK_BATCH_SIZE);
  }

  async rerank(query: string, docs: string[]): Promise<number[]> {
    const scores: number[] = [];
    for (let i = 0; i < docs.length; i += this.batchSize) {
      const pairs = docs.slice(i, i + this.batchSize).map((d) => this.tokenizer.encodePair(query, d, this.maxTokens));
      const packed = this.tokenizer.pack(pairs.map((p) => p.ids), pairs.map((p) => p.typeIds));
      const shape = [packed.rows, packed.seqLen];
      const feeds: Record<string, ort.Tensor> = {
        input_ids: new ort.Tensor('int64', packed.inputIds, shape),
        attention_mask: new ort.Tensor('int64', packed.attentionMask, shape),
      };
      if (this.session.inputNames.includes('token_type_ids')) {
        feeds.token_type_ids = new ort.Tensor('int64', packed.tokenTypeIds, shape);
      }
      const out = await this.session.run(feeds);
      const logits = out[this.session.outputNames[0]];
      scores.push(...relevanceFromLogits(logits.data as Float32Array, logits.dims));
      for (const t of Object.values(out)) t.dispose();
    }
    return scores;
  }

  async close(): Promise<void> {
    await this.session.release();
  }
}

/**
 * Relevance per row from classifier logits: [n] or [n,1] is the score itself (ms-marco, bge-reranker);
 * [n,2] is (not relevant, relevant), whose difference ranks identically to softmax's relevant share.
 */
export function relevanceFromLogits(data: Float32Array, dims: readonly number[]): number[] {
  const n = dims[0];
  const width = dims.length === 1 ? 1 : dims[1];
  if (dims.length > 2 || (width !== 1 && width !== 2) || data.length !== n * width) {
    throw new Error(`cross-encoder output [${dims.join(',')}] is not classifier logits [n,1] or [n,2]`);
  }
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(width === 1 ? data[i] : data[2 * i + 1] - data[2 * i]);
  return out;
}

function crossEncoderFiles(modelDir: string): { model: string; tokenizer: string } {
  const model = join(modelDir, 'model.onnx');
  const tokenizer = join(modelDir, 'tokenizer.json');
  const missing = [model, tokenizer].filter((f) => !existsSync(f));
  if (missing.length > 0) throw new Error(`cross-encoder files missing: ${missing.join(', ')}`);
  return { model, tokenizer };
}

/** Reorder docs by score, best first, keeping the original index; ties keep input order. */
export function orderByScore<T>(items: T[], scores: number[]): Array<{ item: T; score: number; index: number }> {
  if (items.length !== scores.length) throw new Error(`${items.length} items but ${scores.length} scores`);
  return items
    .map((item, index) => ({ item, score: scores[index], index }))
    .sort((a, b) => b.score - a.score || a.index - b.index);
}

export interface RerankConfig extends Partial<CrossEncoderOptions> {
  /** Off by default: there is no provisionable model. */
  enabled?: boolean;
}

/**
 * The re-rank stage, or null when it is off. Logs exactly one line saying which, and why.
 * A configured but broken model is an error, not a silent fallback.
 */
export async function createReranker(config: RerankConfig, log: (message: string) => void): Promise<Reranker | null> {
  if (!config.enabled) {
    log('rerank: off (no cross-encoder model is available from the reachable package registries; set rerank.enabled and rerank.modelDir to a directory with model.onnx + tokenizer.json to turn it on)');
    return null;
  }
  if (!config.modelDir) throw new Error('rerank.enabled is set but rerank.modelDir is not');
  const reranker = await OnnxCrossEncoderReranker.create({ ...config, modelDir: config.modelDir });
  log(`rerank: on, cross-encoder from ${config.modelDir}`);
  return reranker;
}
