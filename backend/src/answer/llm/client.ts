// Streaming chat against Ollama through the official `ollama` client, with the limits a request
// path needs: first-token and total timeouts, a circuit breaker so a dead or wedged Ollama costs
// one fast failure instead of a timeout per question, and cancellation from the caller.
import { Ollama } from 'ollama';
import { BrokenCircuitError, CircuitState, ConsecutiveBreaker, circuitBreaker, handleWhen, type CircuitBreakerPolicy } from 'cockatiel';
import type { ChatMessage, FallbackReason } from './types.js';

export interface OllamaClientOptions {
  /** Ollama base URL. */
  url: string;
  /** Model name as in `ollama list`; `name` alone means `name:latest`. */
  model: string;
  /** No content token by then -> give up. Covers a cold model load, so not tiny. */
  firstTokenTimeoutMs: number;
  /** Whole generation limit. */
  totalTimeoutMs: number;
  /** Sent as options.num_ctx. */
  contextTokens: number;
  /** Sent as options.num_predict. */
  maxAnswerTokens: number;
  temperature: number;
  /** With temperature 0 gives reproducible answers (eval runs). */
  seed?: number;
  /** Sent as keep_alive so the model stays loaded between questions. */
  keepAlive: string;
  /** Consecutive failures that open the breaker. */
  breakerFailures: number;
  /** How long the breaker stays open before letting one trial request through. */
  breakerHalfOpenAfterMs: number;
  /** Readiness probe (`/api/tags`) limit. */
  readyTimeoutMs: number;
  /** fetch implementation; default global fetch. */
  fetch?: typeof fetch;
}

export const DEFAULT_OLLAMA_CLIENT_OPTIONS: OllamaClientOptions = {
  url: 'http://127.0.0.1:11434',
  model: 'llama3.2',
  // A 3B Q4 model loads in a few seconds from page cache; 30 s allows a cold disk load on CPU.
  firstTokenTimeoutMs: 30_000,
  // ~512 tokens at a slow CPU rate of ~8 tokens/s plus prefill of a 4K prompt.
  totalTimeoutMs: 120_000,
  contextTokens: 4096,
  maxAnswerTokens: 512,
  // Low but non-zero: grounded summarising, not creative writing.
  temperature: 0.1,
  keepAlive: '10m',
  breakerFailures: 3,
  breakerHalfOpenAfterMs: 30_000,
  readyTimeoutMs: 3_000,
};

/** A failed LLM call, classified into the fallback reason the answer reports. */
export class LlmError extends Error {
  constructor(
    readonly reason: FallbackReason,
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'LlmError';
  }
}

export interface ChatStreamResult {
  text: string;
  firstTokenMs: number | null;
  totalMs: number;
  promptEvalCount?: number;
  /** Ollama's own timings (reported in ns, kept in ms): what prefill and a cold load really cost. */
  promptEvalMs?: number;
  loadMs?: number;
  evalCount?: number;
  evalMs?: number;
  doneReason?: string;
  model: string;
  /** num_ctx sent with the request. */
  numCtx: number;
}

export interface ChatArgs {
  messages: ChatMessage[];
  signal?: AbortSignal;
  onToken?: (t: string) => void;
  /** num_ctx for this request; default the configured contextTokens. */
  numCtx?: number;
  /** num_predict for this request; default the configured maxAnswerTokens. */
  numPredict?: number;
}

function nsToMs(ns: number | undefined): number | undefined {
  return typeof ns === 'number' && Number.isFinite(ns) && ns >= 0 ? ns / 1e6 : undefined;
}

export type Readiness =
  | { ok: true; model: string; models: string[] }
  | { ok: false; reason: 'ollama_down' | 'model_missing'; detail: string; models?: string[] };

export function normaliseModelName(name: string): string {
  return name.includes(':') ? name : `${name}:latest`;
}

/** The caller gave up (HTTP client went away): not Ollama's fault, so not a breaker failure. */
class CallerAbort extends Error {
  constructor(readonly reason: unknown) {
    super('aborted by caller');
    this.name = 'AbortError';
  }
}

/** onToken threw (e.g. the SSE write failed): the consumer's problem, surfaced to the caller as is. */
export class ConsumerError extends Error {
  constructor(readonly original: unknown) {
    super(`onToken failed: ${original instanceof Error ? original.message : String(original)}`, { cause: original });
    this.name = 'ConsumerError';
  }
}

function isAbortLike(err: unknown): boolean {
  return err instanceof CallerAbort || err instanceof ConsumerError;
}

/** Causes (Node / undici error codes) that mean no Ollama answered: 'ollama_down', not 'error'. */
const OLLAMA_UNREACHABLE: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'ECONNRESET',
  'EPIPE',
  'UND_ERR_SOCKET',
]);

/** Map anything the ollama client / fetch can throw to a reason. */
export function classifyError(err: unknown): LlmError {
  if (err instanceof LlmError) return err;
  if (err instanceof BrokenCircuitError) return new LlmError('circuit_open', 'circuit breaker open: recent Ollama failures', undefined, { cause: err });
  const e = err as { name?: string; status_code?: number; message?: string; cause?: { code?: string } };
  if (e?.name === 'ResponseError') {
    const status = e.status_code;
    if (status === 404) return new LlmError('model_missing', e.message ?? 'model not found', status, { cause: err });
    if (status === 503 || status === 502) return new LlmError('ollama_down', e.message ?? 'unavailable', status, { cause: err });
    return new LlmError('error', e.message ?? `status ${status}`, status, { cause: err });
  }
  const code = e?.cause?.code;
  // A reset or closed socket counts as down too: after Ollama dies, the next request may go out on
  // a pooled keep-alive connection and fail with "other side closed" before a connect is tried.
  // (A stream that breaks after Ollama answered is an 'error': chatStream tells the two apart.)
  if (code && OLLAMA_UNREACHABLE.has(code)) {
    return new LlmError('ollama_down', `${code}: Ollama not reachable`, undefined, { cause: err });
  }
  return new LlmError('error', e?.message ?? String(err), undefined, { cause: err });
}

export class OllamaLlmClient {
  readonly options: OllamaClientOptions;
  private readonly breaker: CircuitBreakerPolicy;

  constructor(options: Partial<OllamaClientOptions> = {}) {
    // An explicit `undefined` (an unset config key) must not erase a default.
    const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
    this.options = { ...DEFAULT_OLLAMA_CLIENT_OPTIONS, ...given };
    // Counted as failures: Ollama unreachable, 5xx, timeouts, broken streams. Not counted:
    // the caller hanging up, and a missing model (a config fault that a breaker cannot fix and
    // whose 404 is already fast; reporting it as circuit_open would hide the real cause).
    this.breaker = circuitBreaker(
      handleWhen((err) => {
        if (isAbortLike(err)) return false;
        const c = classifyError(err);
        return c.reason !== 'model_missing';
      }),
      { halfOpenAfter: this.options.breakerHalfOpenAfterMs, breaker: new ConsecutiveBreaker(this.options.breakerFailures) },
    );
  }

  get breakerState(): 'closed' | 'open' | 'half_open' | 'isolated' {
    return (['closed', 'open', 'half_open', 'isolated'] as const)[this.breaker.state as CircuitState];
  }

  /** One client per request so aborting it cannot touch another request's stream (ollama-js README). */
  private clientFor(signal: AbortSignal): Ollama {
    const baseFetch = this.options.fetch ?? fetch;
    const boundFetch: typeof fetch = (input, init) =>
      baseFetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, signal]) : signal });
    return new Ollama({ host: this.options.url, fetch: boundFetch });
  }

  /** Readiness: Ollama answers /api/tags and lists the configured model. Not routed through the breaker. */
  async readiness(signal?: AbortSignal): Promise<Readiness> {
    const timeout = AbortSignal.timeout(this.options.readyTimeoutMs);
    const sig = signal ? AbortSignal.any([signal, timeout]) : timeout;
    try {
      const list = await this.clientFor(sig).list();
      const models = list.models.map((m) => m.name);
      const want = normaliseModelName(this.options.model);
      if (!models.map(normaliseModelName).includes(want)) {
        return { ok: false, reason: 'model_missing', detail: `model '${want}' not in Ollama's list; run: ollama pull ${this.options.model}`, models };
      }
      return { ok: true, model: want, models };
    } catch (err) {
      const detail = timeout.aborted ? `no answer from ${this.options.url} within ${this.options.readyTimeoutMs} ms` : classifyError(err).message;
      return { ok: false, reason: 'ollama_down', detail };
    }
  }

  /**
   * Loads the model and measures its prefill and writing rates: one short generate of `prompt`.
   * Outside the breaker: a failed warm-up is not a user's failed answer.
   */
  async probe(
    prompt: string,
    numCtx: number,
    numPredict: number,
    signal?: AbortSignal,
  ): Promise<{ promptEvalCount?: number; promptEvalMs?: number; loadMs?: number; evalCount?: number; evalMs?: number }> {
    const timeout = AbortSignal.timeout(this.options.totalTimeoutMs);
    const sig = signal ? AbortSignal.any([signal, timeout]) : timeout;
    try {
      const r = await this.clientFor(sig).generate({
        model: this.options.model,
        prompt,
        stream: false,
        keep_alive: this.options.keepAlive,
        options: { num_ctx: numCtx, num_predict: numPredict, temperature: 0 },
      });
      return {
        promptEvalCount: r.prompt_eval_count,
        promptEvalMs: nsToMs(r.prompt_eval_duration),
        loadMs: nsToMs(r.load_duration),
        evalCount: r.eval_count,
        evalMs: nsToMs(r.eval_duration),
      };
    } catch (err) {
      throw classifyError(err);
    }
  }

  /**
   * Stream a chat completion. Resolves with the full text; `onToken` sees each piece in order.
   * Rejects with LlmError (reason set), or with the caller's abort reason when `signal` fires.
   */
  async chatStream(args: ChatArgs): Promise<ChatStreamResult> {
    const { signal } = args;
    signal?.throwIfAborted();
    try {
      return await this.breaker.execute(() => this.runChat(args), signal);
    } catch (err) {
      if (signal?.aborted) throw signal.reason;
      if (err instanceof ConsumerError) throw err.original;
      throw classifyError(err);
    }
  }

  private async runChat(args: ChatArgs): Promise<ChatStreamResult> {
    const o = this.options;
    const t0 = performance.now();
    const ac = new AbortController();
    const onCallerAbort = () => ac.abort(args.signal!.reason);
    args.signal?.addEventListener('abort', onCallerAbort, { once: true });
    const firstTimer = setTimeout(
      () => ac.abort(new LlmError('timeout_first_token', `no token within ${o.firstTokenTimeoutMs} ms`)),
      o.firstTokenTimeoutMs,
    );
    const totalTimer = setTimeout(
      () => ac.abort(new LlmError('timeout_total', `answer not complete within ${o.totalTimeoutMs} ms`)),
      o.totalTimeoutMs,
    );
    let text = '';
    let firstTokenMs: number | null = null;
    let responded = false;
    const numCtx = args.numCtx ?? o.contextTokens;
    try {
      const stream = await this.clientFor(ac.signal).chat({
        model: o.model,
        messages: args.messages,
        stream: true,
        keep_alive: o.keepAlive,
        options: {
          num_ctx: numCtx,
          num_predict: args.numPredict ?? o.maxAnswerTokens,
          temperature: o.temperature,
          ...(o.seed !== undefined ? { seed: o.seed } : {}),
        },
      });
      responded = true;
      // The fetch signal already cancels the body read; abort() also drops it from the client's list.
      ac.signal.addEventListener('abort', () => stream.abort(), { once: true });
      for await (const part of stream) {
        const piece = part.message?.content ?? '';
        if (piece) {
          if (firstTokenMs === null) {
            firstTokenMs = performance.now() - t0;
            clearTimeout(firstTimer);
          }
          text += piece;
          try {
            args.onToken?.(piece);
          } catch (consumerErr) {
            const e = new ConsumerError(consumerErr);
            ac.abort(e);
            throw e;
          }
        }
        if (part.done) {
          return {
            text,
            firstTokenMs,
            totalMs: performance.now() - t0,
            promptEvalCount: part.prompt_eval_count,
            promptEvalMs: nsToMs(part.prompt_eval_duration),
            loadMs: nsToMs(part.load_duration),
            evalCount: part.eval_count,
            evalMs: nsToMs(part.eval_duration),
            doneReason: part.done_reason,
            model: part.model,
            numCtx,
          };
        }
      }
      throw new LlmError('error', 'stream ended without done');
    } catch (err) {
      // Our own timers abort with an LlmError reason; the caller's abort passes through as is
      // (an AbortError, which the breaker ignores).
      if (args.signal?.aborted) throw new CallerAbort(args.signal.reason);
      if (ac.signal.aborted) throw ac.signal.reason;
      // Ollama answered, then the stream broke: an error of this answer. A socket closed or reset
      // before any answer is ollama_down (classifyError), and so is the next request's failure.
      if (responded && !(err instanceof LlmError)) {
        throw new LlmError('error', `stream broken: ${err instanceof Error ? err.message : String(err)}`, undefined, { cause: err });
      }
      throw err;
    } finally {
      clearTimeout(firstTimer);
      clearTimeout(totalTimer);
      args.signal?.removeEventListener('abort', onCallerAbort);
    }
  }
}
