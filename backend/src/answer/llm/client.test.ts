import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { test } from 'node:test';
import { classifyError } from './client.js';

async function listen(server: Server): Promise<number> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as { port: number }).port;
}

/** What fetch (undici) really throws when the peer is gone, classified. */
async function failure(url: string): Promise<string> {
  try {
    await fetch(url, { method: 'POST', body: '{}', signal: AbortSignal.timeout(30_000) });
  } catch (err) {
    return classifyError(err).reason;
  }
  throw new Error('the request did not fail');
}

test('no Ollama on the other end is ollama_down: refused, and a socket closed or reset before an answer (a server killed under a pooled connection)', async () => {
  // Reads the request, then closes without a byte: undici reports "other side closed" (UND_ERR_SOCKET).
  const closing = createServer((s) => s.once('data', () => s.destroy()));
  // Accepts, reads the request, then resets the connection (ECONNRESET).
  const resetting = createServer((s) => s.once('data', () => s.resetAndDestroy()));
  const closedPort = await listen(closing);
  const resetPort = await listen(resetting);
  // A port that was just ours and is closed now: refused.
  const gone = createServer();
  const gonePort = await listen(gone);
  await new Promise((r) => gone.close(r));
  try {
    assert.equal(await failure(`http://127.0.0.1:${closedPort}/api/chat`), 'ollama_down');
    assert.equal(await failure(`http://127.0.0.1:${resetPort}/api/chat`), 'ollama_down');
    assert.equal(await failure(`http://127.0.0.1:${gonePort}/api/chat`), 'ollama_down');
  } finally {
    closing.close();
    resetting.close();
  }
});

test('anything else stays a plain error', () => {
  assert.equal(classifyError(new Error('unexpected token in JSON')).reason, 'error');
  assert.equal(classifyError(Object.assign(new Error('fetch failed'), { cause: { code: 'ERR_SOMETHING_ELSE' } })).reason, 'error');
});
