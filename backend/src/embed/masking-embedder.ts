// Embeds log text with its variables masked, so repeats of one event share a single vector.
import { maskVariables } from './mask.js';
import type { Embedder } from './embedder.js';

export class MaskingEmbedder implements Embedder {
  readonly dim: number;
  readonly modelId: string;

  constructor(
    private readonly inner: Embedder,
    private readonly mask: (text: string) => string = maskVariables,
  ) {
    this.dim = inner.dim;
    // Vectors of masked text differ from those of the raw text: indexes must not mix the two.
    this.modelId = `${inner.modelId}+masked`;
  }

  embed(texts: string[]): Promise<Float32Array[]> {
    // The inner embedder's per-call dedup and cache turn equal masked texts into one model run.
    return this.inner.embed(texts.map(this.mask));
  }

  embedQuery(texts: string[]): Promise<Float32Array[]> {
    const masked = texts.map(this.mask);
    return this.inner.embedQuery ? this.inner.embedQuery(masked) : this.inner.embed(masked);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
