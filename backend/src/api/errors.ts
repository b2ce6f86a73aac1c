import type { ErrorRequestHandler } from 'express';
import { ZodError } from 'zod';
import type { Logger } from '../telemetry/logger.js';
import { storageProblem } from '../ingest/storage-health.js';

/** The one error envelope: { error: { code, message, field? } }. */
export class ApiError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    public readonly field?: string,
    public readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** zod path ["streams", 0, "values", 3, 0] -> "streams[0].values[3][0]" */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out || 'body';
}

export function fromZod(err: ZodError): ApiError {
  const issue = err.issues[0];
  const field = fieldPath(issue.path);
  return new ApiError(400, 'invalid_request', `${field}: ${issue.message}`, field);
}

/**
 * Seconds a client should wait after a write failed for want of space: freeing space (or retention)
 * takes minutes, not milliseconds, and every retry repeats the whole batch's work to fail again.
 */
export const STORAGE_FULL_RETRY_AFTER_S = 30;
/** ...and after another storage failure (an I/O error may be a passing hiccup of network storage). */
export const STORAGE_ERROR_RETRY_AFTER_S = 10;

/**
 * A write that failed because the disk is full: 507 Insufficient Storage (RFC 4918), which says why
 * and which Loki agents (Promtail, Alloy, Fluent Bit, Vector) retry like any 5xx; other storage
 * failures (I/O errors): 503. Both with Retry-After; nothing of the request was stored, so a retry
 * stores each line once. undefined for errors that are not about storage.
 */
export function storageApiError(err: unknown): ApiError | undefined {
  const problem = storageProblem(err);
  if (problem === 'full') {
    return new ApiError(
      507,
      'storage_full',
      "the sidecar's disk is full: nothing of this request was stored; retry after space is freed (lines stored before are not duplicated)",
      undefined,
      { 'Retry-After': String(STORAGE_FULL_RETRY_AFTER_S) },
    );
  }
  if (problem === 'io') {
    return new ApiError(
      503,
      'storage_unavailable',
      "writing to the sidecar's store failed (I/O error): nothing of this request was stored; retry later",
      undefined,
      { 'Retry-After': String(STORAGE_ERROR_RETRY_AFTER_S) },
    );
  }
  return undefined;
}

interface BodyParserError {
  type?: string;
  status?: number;
}

export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    let e: ApiError;
    const bp = err as BodyParserError;
    const storage = storageApiError(err);
    if (err instanceof ApiError) e = err;
    // Counted and logged (once a minute) where the write failed: not one error line per push.
    else if (storage) e = storage;
    else if (err instanceof ZodError) e = fromZod(err);
    else if (bp.type === 'entity.too.large') e = new ApiError(413, 'payload_too_large', 'request body too large', 'body');
    else if (bp.type === 'entity.parse.failed') e = new ApiError(400, 'invalid_json', 'request body is not valid JSON', 'body');
    else if (bp.type === 'encoding.unsupported' || bp.type === 'charset.unsupported')
      e = new ApiError(415, 'unsupported_encoding', 'request body encoding not supported', 'body');
    else if (bp.type === 'request.aborted') e = new ApiError(400, 'aborted', 'request aborted', 'body');
    else if (typeof bp.status === 'number' && bp.status >= 400 && bp.status < 500)
      e = new ApiError(bp.status, 'bad_request', 'bad request', 'body');
    else {
      // Internals stay in the log; the client gets an id to quote.
      const id = (req as { id?: string }).id ?? 'unknown';
      log.error({ err, reqId: id, path: req.path }, 'unhandled error');
      e = new ApiError(500, 'internal', `internal error (request ${id})`);
    }
    if (res.headersSent) {
      res.end();
      return;
    }
    for (const [k, v] of Object.entries(e.headers)) res.setHeader(k, v);
    res.status(e.status).json({ error: { code: e.code, message: e.message, ...(e.field ? { field: e.field } : {}) } });
  };
}
