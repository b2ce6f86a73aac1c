import type { Embedder } from './embedder.js';

/**
 * An embedder created on first use: the composition root stays synchronous, and a process that
 * never embeds (a CLI `config`, an API that only serves BM25) never loads the model. A creation
 * failure (model not provisioned) fails each embed() with that reason, and the caller degrades.
 */
export class LazyEmbedder implements Embedder {
  private made: Promise<Embedder> | undefined;

  constructor(
    readonly dim: number,
    readonly modelId: string,
    private readonly create: () => Promise<Embedder>,
  ) {}

  private get(): Promise<Embedder> {
    this.made ??= this.create();
    return this.made;
  }

  async embed(texts: string[]): Promise<Float32Array[]> {
    return (await this.get()).embed(texts);
  }

  async embedQuery(texts: string[]): Promise<Float32Array[]> {
    const e = await this.get();
    return e.embedQuery ? e.embedQuery(texts) : e.embed(texts);
  }

  async close(): Promise<void> {
    if (!this.made) return;
    const made = this.made;
    try {
      await (await made).close();
    } catch {
      /* creation failed: nothing to close */
    }
  }
}
