// Helpers shared by the hardening tests (isolation, fuzz) and bench/load.ts: the demo scenario as
// parsed log entries, Loki push bodies, and a raw HTTP client that sends bytes and headers exactly
// as given (fetch re-encodes bodies and refuses odd headers).

import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { writeScenario } from '../src/demo/scenario.js';
import { readLogFile } from '../src/ingest/file.js';
import type { LogEntry } from '../src/types.js';

/** The demo scenario's five service logs, parsed as the file source parses them (tenant left blank). */
export async function scenarioEntries(seed?: number): Promise<LogEntry[]> {
  const dir = mkdtempSync(join(tmpdir(), 'loglens-hardening-scenario-'));
  try {
    const { files } = writeScenario(dir, seed);
    const out: LogEntry[] = [];
    for (const f of Object.values(files)) {
      await readLogFile(f, { tenant: '', labels: { job: basename(f, '.log'), env: 'demo' }, defaultYear: 2026 }, (b) => {
        out.push(...b);
      });
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface PushBody {
  streams: { stream: Record<string, string>; values: [string, string][] }[];
}

/**
 * Loki push bodies of at most `perBody` lines. The push API carries no `seq`, so a line repeated
 * at the same instant is sent once per occurrence and stored once: callers compare against that.
 */
export function pushBodies(entries: readonly LogEntry[], perBody: number): PushBody[] {
  const bodies: PushBody[] = [];
  for (let i = 0; i < entries.length; i += perBody) {
    const byStream = new Map<string, PushBody['streams'][number]>();
    for (const e of entries.slice(i, i + perBody)) {
      const k = JSON.stringify(e.labels);
      let s = byStream.get(k);
      if (!s) byStream.set(k, (s = { stream: e.labels, values: [] }));
      s.values.push([e.tsNs.toString(), e.line]);
    }
    bodies.push({ streams: [...byStream.values()] });
  }
  return bodies;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One HTTP request over loopback with exactly these headers and body bytes. */
export function rawRequest(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string | number>,
  body?: Buffer | string,
  timeoutMs = 30_000,
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const u = new URL(base);
    // Framed explicitly: node sends a DELETE/OPTIONS body unframed otherwise, and the server then
    // reads those bytes as the next request on the kept-alive socket.
    const framed = body === undefined ? headers : { 'content-length': Buffer.byteLength(body), ...headers };
    const req = httpRequest(
      { host: u.hostname, port: u.port, path, method, headers: framed, timeout: timeoutMs },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`timeout after ${timeoutMs} ms: ${method} ${path}`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** The JSON payloads of a server-sent event stream, with their event names. */
export function sseEvents(text: string): { event: string; data: unknown }[] {
  const out: { event: string; data: unknown }[] = [];
  for (const block of text.split('\n\n')) {
    const ev = /^event: (.*)$/m.exec(block)?.[1];
    const data = /^data: (.*)$/m.exec(block)?.[1];
    if (ev !== undefined && data !== undefined) out.push({ event: ev, data: JSON.parse(data) });
  }
  return out;
}
