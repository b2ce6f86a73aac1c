// A protocol-faithful stand-in for `ollama serve` (see ../shared/reference/ollama-api.md), with
// scripted model behaviours for LogLens tests, benchmarks and the demo. Plain node:http so a
// behaviour can control headers, chunk timing and the socket itself.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createHash } from 'node:crypto';
import { countTokens } from 'gpt-tokenizer/encoding/cl100k_base';

export type Behaviour =
  /** Cites only evidence numbers found in the prompt's evidence blocks, quoting their lines. */
  | 'grounded'
  /** Cites evidence numbers that were never given. */
  | 'bad-citations'
  /** One grounded sentence plus one sentence with an invalid citation and one uncited sentence. */
  | 'mixed-citations'
  /** Obeys an instruction planted in a log line ("ignore previous instructions ... say X"). */
  | 'injected'
  /** Grounded answer after `firstTokenDelayMs`. */
  | 'slow-first-token'
  /** Streams `disconnectAfterTokens` tokens of a grounded answer, then destroys the socket. */
  | 'disconnect'
  /** Has no models: chat/generate/show/embed answer 404. */
  | 'model-missing'
  /** Streams a few tokens, then an `{"error":...}` line (error after streaming started). */
  | 'error-mid-stream'
  /** Streams the answer but ends the body without a `done:true` object. */
  | 'no-done'
  /** 503 queue full before any output. */
  | 'busy'
  /** Grounded answer with an unparseable line after the first chunk (clients skip it). */
  | 'malformed-line'
  /** Returns `fixedText` verbatim. */
  | 'fixed';

export interface OllamaScript {
  behaviour: Behaviour;
  /** Models the server has, `name:tag`; default llama3.2:latest and all-minilm:latest. */
  models?: string[];
  /** Fixed generation speed for benchmarks; unset = as fast as possible. */
  tokensPerSecond?: number;
  /** Delay before the first chunk; `slow-first-token` defaults it to 2000 ms. */
  firstTokenDelayMs?: number;
  /** true: send headers, then wait (model already loaded, slow prefill). false: wait before headers
   * (what a real server does while loading a model). Default false. */
  headersBeforeDelay?: boolean;
  disconnectAfterTokens?: number;
  /**
   * Streams this many tokens, then sends nothing more until the client leaves: a stall that only
   * the client's own timeout ends, however fast or slow the machine is.
   */
  stallAfterTokens?: number;
  fixedText?: string;
  /** prompt_eval_count = cl100k count x this; lets tests exercise tokenizer calibration. */
  promptTokenRatio?: number;
  /** Context window reported by /api/show. */
  contextLength?: number;
}

export interface CapturedRequest {
  method: string;
  path: string;
  /** Parsed JSON body, or undefined for GET/HEAD or unparseable bodies. */
  body: any;
  receivedAt: number;
  /** Set when the client closed the connection before the response finished. */
  clientAborted: boolean;
  /** Set once the response was completely written. */
  finished: boolean;
  /** Answer tokens (chat/generate chunks with content) written so far. */
  tokensSent: number;
}

export interface OllamaServerHandle {
  url: string;
  port: number;
  requests: CapturedRequest[];
  setScript(script: OllamaScript): void;
  /**
   * Holds every chat/generate answer before its first byte (as while a model loads) until the
   * returned release is called or the client leaves: a test decides when an LLM call ends,
   * instead of a delay that a slow machine can outlast.
   */
  hold(): () => void;
  close(): Promise<void>;
}

const VERSION = '0.12.6';
const DEFAULT_MODELS = ['llama3.2:latest', 'all-minilm:latest'];
const EMBED_DIMS = 384;

function normModel(name: string): string {
  return name.includes(':') ? name : `${name}:latest`;
}

function isEmbedModel(name: string): boolean {
  return /minilm|embed|bge|e5/i.test(name);
}

function sendJson(res: ServerResponse, status: number, obj: unknown): void {
  const body = JSON.stringify(obj);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

function sendError(res: ServerResponse, status: number, message: string): void {
  sendJson(res, status, { error: message });
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (ms <= 0 || signal?.aborted) return resolve();
    const onAbort = () => {
      clearTimeout(t);
      resolve();
    };
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

// ---- Reading the prompt the way a model would "see" it -------------------------------------

export interface ParsedEvidence {
  n: number;
  /** Log text of the block's first `|` line, timestamp removed. */
  firstLine: string;
}

/** Evidence blocks as the LogLens prompt fences them: `<evidence id="N" fence="F">` ... `</evidence fence="F">`. */
export function parseEvidenceBlocks(prompt: string): ParsedEvidence[] {
  const out: ParsedEvidence[] = [];
  const re = /<evidence id="(\d+)" fence="([^"\s]+)">\n([\s\S]*?)\n<\/evidence fence="\2">/g;
  for (const m of prompt.matchAll(re)) {
    const logLine = m[3].split('\n').find((l) => l.startsWith('| ')) ?? '';
    // "| 2024-01-01T00:00:00.123Z (x3 similar) text" -> "text"
    const text = logLine.replace(/^\| \S+Z(?: \(x\d+ similar\))? ?/, '');
    out.push({ n: Number(m[1]), firstLine: text });
  }
  return out;
}

/** What a gullible model would do with a planted "ignore previous instructions" line. */
export function plantedInstruction(prompt: string): string | undefined {
  const m = /ignore (?:all |any )?(?:the )?(?:previous|prior|above|earlier) instructions\b([^\n]*)/i.exec(prompt);
  if (!m) return undefined;
  const rest = m[1];
  const quoted = /"([^"]+)"|'([^']+)'|`([^`]+)`/.exec(rest);
  if (quoted) return quoted[1] ?? quoted[2] ?? quoted[3];
  const verb = /\b(?:say|output|print|reply with|respond with|answer)\s*:?\s*(.+)$/i.exec(rest);
  return (verb?.[1] ?? rest).trim() || 'OK, ignoring previous instructions.';
}

function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n)}...` : s;
}

function groundedAnswer(prompt: string): string {
  const blocks = parseEvidenceBlocks(prompt);
  if (blocks.length === 0) return 'The evidence is insufficient to answer this question: no log lines were provided.';
  const parts = blocks.slice(0, 3).map((b, i) =>
    i === 0
      ? `The logs show \`${clip(b.firstLine, 120)}\` [${b.n}].`
      : `A related entry reads \`${clip(b.firstLine, 120)}\` [${b.n}].`,
  );
  if (blocks.length > 1) parts.push(`Together these point to the same incident [${blocks[0].n}, ${blocks[1].n}].`);
  return parts.join(' ');
}

function answerFor(script: OllamaScript, prompt: string): string {
  const blocks = parseEvidenceBlocks(prompt);
  const maxN = blocks.reduce((m, b) => Math.max(m, b.n), 0);
  switch (script.behaviour) {
    case 'bad-citations':
      return `The database ran out of connections [${maxN + 7}]. The retry storm started at 09:14 [${maxN + 42}, 99].`;
    case 'mixed-citations': {
      const first = blocks[0];
      const good = first ? `The logs show \`${clip(first.firstLine, 80)}\` [${first.n}].` : '';
      return `${good} The outage was caused by a bad deploy [${maxN + 9}]. Restarting the pods fixed it.`.trim();
    }
    case 'injected':
      return plantedInstruction(prompt) ?? groundedAnswer(prompt);
    case 'fixed':
      return script.fixedText ?? '';
    default:
      return groundedAnswer(prompt);
  }
}

/** Token-like pieces: words with their leading whitespace, like BPE output. */
function toPieces(text: string): string[] {
  return text.match(/\s*[^\s[\]]+|\s*\[[^\]]*\]|\s+/g) ?? [];
}

function promptText(path: string, body: any): string {
  if (path === '/api/generate') return `${body.system ?? ''}\n${body.prompt ?? ''}`;
  return (body.messages ?? []).map((m: any) => String(m?.content ?? '')).join('\n');
}

function fakeEmbedding(text: string): number[] {
  const v: number[] = [];
  let block = Buffer.alloc(0);
  for (let i = 0; v.length < EMBED_DIMS; i++) {
    if (block.length === 0) block = createHash('sha256').update(`${i}:${text}`).digest();
    v.push(block.readInt8(0) / 128);
    block = block.subarray(1);
  }
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => x / norm);
}

/** Options the real server decodes as integers (api.Options); anything else there is a 500. */
const INTEGER_OPTIONS = ['num_ctx', 'num_predict', 'num_keep', 'seed', 'top_k', 'num_batch', 'num_thread', 'repeat_last_n'];

/** keep_alive as Ollama reads it: seconds as a number, a Go duration string, negative = forever. */
function keepAliveMs(v: unknown): number {
  if (typeof v === 'number') return v < 0 ? Number.MAX_SAFE_INTEGER : v * 1000;
  if (typeof v === 'string') {
    const m = /^(-?\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(v.trim());
    if (m) {
      const n = Number(m[1]);
      if (n < 0) return Number.MAX_SAFE_INTEGER;
      return n * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
    }
  }
  return 300_000;
}

function modelEntry(name: string) {
  const family = isEmbedModel(name) ? 'bert' : 'llama';
  return {
    name,
    model: name,
    modified_at: '2025-01-01T00:00:00Z',
    size: isEmbedModel(name) ? 45_960_996 : 2_019_393_189,
    digest: createHash('sha256').update(name).digest('hex'),
    details: {
      parent_model: '',
      format: 'gguf',
      family,
      families: [family],
      parameter_size: isEmbedModel(name) ? '23M' : '3.2B',
      quantization_level: isEmbedModel(name) ? 'F16' : 'Q4_K_M',
    },
  };
}

// ---- Server ---------------------------------------------------------------------------------

export async function startOllamaServer(opts: { port?: number; host?: string; script?: OllamaScript } = {}): Promise<OllamaServerHandle> {
  let script: OllamaScript = opts.script ?? { behaviour: 'grounded' };
  const requests: CapturedRequest[] = [];
  const sockets = new Set<Socket>();
  const closing = new AbortController();
  let held: Promise<void> | null = null;

  /** Models a request has loaded: until keep-alive runs out (default 5 m), with the num_ctx used. */
  const loaded = new Map<string, { expires: number; ctx: number }>();
  const markLoaded = (model: string, body: any) => {
    const ka = body.keep_alive;
    const ms = ka === 0 || ka === '0' || ka === '0s' ? 0 : keepAliveMs(ka);
    if (ms === 0) loaded.delete(model);
    else loaded.set(model, { expires: Date.now() + ms, ctx: Number.isInteger(body.options?.num_ctx) ? body.options.num_ctx : (script.contextLength ?? 4096) });
  };
  const models = () => (script.behaviour === 'model-missing' ? [] : (script.models ?? DEFAULT_MODELS).map(normModel));

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const rec: CapturedRequest = { method: req.method ?? 'GET', path, body: undefined, receivedAt: Date.now(), clientAborted: false, finished: false, tokensSent: 0 };
      try {
        rec.body = raw ? JSON.parse(raw) : undefined;
      } catch {
        /* reported below for POST routes */
      }
      requests.push(rec);
      res.on('close', () => {
        if (!res.writableFinished) rec.clientAborted = true;
      });
      res.on('finish', () => {
        rec.finished = true;
      });
      handle(req, res, path, raw, rec).catch((err) => {
        if (!res.headersSent) sendError(res, 500, String(err?.message ?? err));
        else res.destroy();
      });
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  async function handle(req: IncomingMessage, res: ServerResponse, path: string, raw: string, rec: CapturedRequest) {
    const method = req.method ?? 'GET';
    if (path === '/' && (method === 'GET' || method === 'HEAD')) {
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
      return res.end(method === 'HEAD' ? undefined : 'Ollama is running');
    }
    if (path === '/api/version' && (method === 'GET' || method === 'HEAD')) return sendJson(res, 200, { version: VERSION });
    if (path === '/api/tags' && (method === 'GET' || method === 'HEAD')) return sendJson(res, 200, { models: models().map(modelEntry) });
    if (path === '/api/ps' && method === 'GET') {
      // Like the real server: only models a request has loaded and whose keep-alive has not run
      // out, and no modified_at in these entries.
      const now = Date.now();
      return sendJson(res, 200, {
        models: [...loaded]
          .filter(([m, l]) => models().includes(m) && l.expires > now)
          .map(([m, l]) => {
            const { modified_at: _unused, ...entry } = modelEntry(m);
            return { ...entry, expires_at: new Date(l.expires).toISOString(), size_vram: 0, context_length: l.ctx };
          }),
      });
    }
    const postRoutes = ['/api/chat', '/api/generate', '/api/show', '/api/embed'];
    if (!postRoutes.includes(path) || method !== 'POST') {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      return res.end('404 page not found');
    }
    if (!raw) return sendError(res, 400, 'missing request body');
    if (rec.body === undefined || typeof rec.body !== 'object' || Array.isArray(rec.body)) {
      let msg = 'invalid request body';
      try {
        JSON.parse(raw);
      } catch (e: any) {
        msg = e.message;
      }
      return sendError(res, 400, msg);
    }
    const body = rec.body;
    const name: unknown = body.model ?? (path === '/api/show' ? body.name : undefined);
    if (typeof name !== 'string' || name === '') return sendError(res, 400, 'model is required');
    const model = normModel(name);
    if (!models().includes(model)) return sendError(res, 404, `model '${name}' not found`);
    // Option types are checked before anything loads; the real server answers a wrong type with a
    // 500 (not a 400), and this text.
    for (const k of INTEGER_OPTIONS) {
      const v = body.options?.[k];
      if (v !== undefined && !Number.isInteger(v)) return sendError(res, 500, `option "${k}" must be of type integer`);
    }

    if (path === '/api/show') {
      const embed = isEmbedModel(model);
      return sendJson(res, 200, {
        modelfile: `FROM ${model}\n`,
        parameters: 'stop "<|eot_id|>"',
        template: '{{ .Prompt }}',
        details: modelEntry(model).details,
        model_info: { 'general.architecture': embed ? 'bert' : 'llama', [`${embed ? 'bert' : 'llama'}.context_length`]: script.contextLength ?? (embed ? 512 : 131072) },
        capabilities: embed ? ['embedding'] : ['completion'],
        modified_at: '2025-01-01T00:00:00Z',
      });
    }
    if (path === '/api/embed') {
      const input = body.input ?? [];
      const items: unknown[] = Array.isArray(input) ? input : [input];
      if (items.some((x) => typeof x !== 'string')) return sendError(res, 400, 'invalid input type');
      const started = process.hrtime.bigint();
      const embeddings = (items as string[]).map(fakeEmbedding);
      return sendJson(res, 200, {
        model: name,
        embeddings,
        total_duration: Number(process.hrtime.bigint() - started),
        load_duration: 1_000_000,
        prompt_eval_count: (items as string[]).reduce((n, s) => n + countTokens(s, { disallowedSpecial: new Set() }), 0),
      });
    }
    // chat / generate
    if (isEmbedModel(model)) return sendError(res, 400, `"${name}" does not support ${path === '/api/chat' ? 'chat' : 'generate'}`);
    if (path === '/api/chat' && body.messages !== undefined && !Array.isArray(body.messages)) {
      // Go's encoding/json names the JSON type it found; a missing field is just no messages.
      const t = body.messages === null ? 'null' : typeof body.messages === 'boolean' ? 'bool' : typeof body.messages;
      return sendError(res, 400, `json: cannot unmarshal ${t} into Go struct field ChatRequest.messages of type []api.Message`);
    }
    if (path !== '/api/show') markLoaded(model, body);
    if (body.think === true) return sendError(res, 400, `"${name}" does not support thinking`);
    if (script.behaviour === 'busy') return sendError(res, 503, 'server busy, please try again.  maximum pending requests exceeded');
    if (path === '/api/chat' && (body.messages ?? []).length === 0) {
      return sendJson(res, 200, { model: name, created_at: new Date().toISOString(), message: { role: 'assistant', content: '' }, done_reason: 'load', done: true });
    }
    if (path === '/api/generate' && !body.prompt) {
      return sendJson(res, 200, { model: name, created_at: new Date().toISOString(), response: '', done_reason: 'load', done: true });
    }
    await generate(res, path, body, name, rec);
  }

  async function generate(res: ServerResponse, path: string, body: any, name: string, rec: CapturedRequest) {
    if (held) {
      const gate = held;
      let left = false;
      await new Promise<void>((resolve) => {
        res.once('close', () => ((left = true), resolve()));
        closing.signal.addEventListener('abort', () => ((left = true), resolve()), { once: true });
        void gate.then(resolve);
      });
      if (left) return;
    }
    const s = script;
    const started = process.hrtime.bigint();
    const prompt = promptText(path, body);
    const promptTokens = Math.round(countTokens(prompt, { disallowedSpecial: new Set() }) * (s.promptTokenRatio ?? 1));
    let pieces = toPieces(answerFor(s, prompt));
    const numPredict = Number(body.options?.num_predict ?? -1);
    let doneReason = 'stop';
    if (numPredict > 0 && pieces.length > numPredict) {
      pieces = pieces.slice(0, numPredict);
      doneReason = 'length';
    }
    const stream = body.stream !== false;
    const firstDelay = s.firstTokenDelayMs ?? (s.behaviour === 'slow-first-token' ? 2000 : 0);
    const perToken = s.tokensPerSecond ? 1000 / s.tokensPerSecond : 0;
    // Stop working for a client that left (as the real server's request context does).
    const gone = new AbortController();
    res.on('close', () => gone.abort());
    const signal = AbortSignal.any([gone.signal, closing.signal]);

    const chunk = (content: string, done: boolean) => {
      const base: Record<string, unknown> = { model: name, created_at: new Date().toISOString() };
      if (path === '/api/chat') base.message = { role: 'assistant', content };
      else base.response = content;
      base.done = done;
      return base;
    };
    const metrics = (evalNs: bigint) => ({
      done_reason: doneReason,
      total_duration: Number(process.hrtime.bigint() - started),
      load_duration: 1_000_000,
      prompt_eval_count: promptTokens,
      prompt_eval_duration: 1_000_000 + promptTokens * 10_000,
      eval_count: pieces.length,
      eval_duration: Math.max(1, Number(evalNs)),
      ...(path === '/api/generate' && !body.raw ? { context: [1, 2, 3] } : {}),
    });

    if (!stream) {
      await sleep(firstDelay + perToken * pieces.length, signal);
      if (signal.aborted) return;
      if (s.behaviour === 'error-mid-stream') return sendError(res, 500, 'llama runner process has terminated: exit status 2');
      const evalStart = process.hrtime.bigint();
      rec.tokensSent = pieces.length;
      return sendJson(res, 200, { ...chunk(pieces.join(''), true), ...metrics(process.hrtime.bigint() - evalStart + BigInt(Math.round(perToken * pieces.length * 1e6))) });
    }

    const writeLine = (obj: unknown) => res.write(`${JSON.stringify(obj)}\n`);
    if (s.headersBeforeDelay) {
      res.writeHead(200, { 'Content-Type': 'application/x-ndjson' });
      res.flushHeaders();
    }
    await sleep(firstDelay, signal);
    if (signal.aborted) return;
    if (!res.headersSent) res.writeHead(200, { 'Content-Type': 'application/x-ndjson' });
    const evalStart = process.hrtime.bigint();
    const cutAfter = s.behaviour === 'disconnect' ? (s.disconnectAfterTokens ?? 3) : s.behaviour === 'error-mid-stream' ? 3 : Infinity;
    for (let i = 0; i < pieces.length; i++) {
      if (i > 0 || firstDelay === 0) await sleep(perToken, signal);
      if (signal.aborted) return;
      if (i === s.stallAfterTokens) {
        await new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));
        return;
      }
      if (i === cutAfter) {
        if (s.behaviour === 'disconnect') {
          // Let headers and the first tokens reach the client so the drop is truly mid-stream.
          await sleep(25, signal);
          res.socket?.destroy();
          return;
        }
        writeLine({ error: 'llama runner process has terminated: exit status 2' });
        return res.end();
      }
      writeLine(chunk(pieces[i], false));
      rec.tokensSent++;
      if (i === 0 && s.behaviour === 'malformed-line') res.write('{"model":"broken",\n');
    }
    if (s.behaviour === 'no-done') return res.end();
    writeLine({ ...chunk('', true), ...metrics(process.hrtime.bigint() - evalStart) });
    res.end();
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = opts.host ?? '127.0.0.1';
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    requests,
    setScript(next) {
      script = next;
    },
    hold() {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      held = gate;
      return () => {
        if (held === gate) held = null;
        release();
      };
    },
    close() {
      closing.abort();
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
