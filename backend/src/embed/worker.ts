// Piscina worker: holds one ONNX session per thread and embeds the texts of one task.
// The session lives as long as the worker thread; it is this thread's own state, not shared.
import { OnnxEmbeddingModel, type OnnxModelOptions } from './onnx-model.js';

export interface EmbedTask {
  model: OnnxModelOptions;
  runBatchSize: number;
  texts: string[];
}

let loading: { key: string; model: Promise<OnnxEmbeddingModel> } | undefined;

function modelFor(opts: OnnxModelOptions): Promise<OnnxEmbeddingModel> {
  const key = JSON.stringify(opts);
  if (loading?.key !== key) loading = { key, model: OnnxEmbeddingModel.load(opts) };
  return loading.model;
}

export interface EmbedTaskResult {
  /** Vectors of all texts back to back (texts.length x dim). */
  data: Float32Array;
  /** How many of the texts lost their tail to the token budget. */
  truncated: number;
  /** How many were embedded as several windows. */
  windowed: number;
}

export default async function embedTask(task: EmbedTask): Promise<EmbedTaskResult> {
  const model = await modelFor(task.model);
  const { vectors, truncated, windowed } = await model.embed(task.texts, task.runBatchSize);
  const data = new Float32Array(vectors.length * model.dim);
  vectors.forEach((v, i) => data.set(v, i * model.dim));
  // Structured clone copies ~1.5 kB per text: noise next to the ~15 ms the model spent on it.
  return { data, truncated, windowed };
}
