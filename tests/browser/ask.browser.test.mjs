// Browser test of the built Ask logs panel: real Chromium (Debian package) driven by playwright-core,
// the panel loaded from dist/ by the Grafana stand-in page, its requests going through the plugin-proxy
// stand-in to a sidecar. Run with `npm run test:browser` (builds dist/ first).
//  - "harness self-check" tests use fake-sidecar.mjs and always run: they verify the harness itself.
//  - the "real sidecar" test needs LOGLENS_SIDECAR_URL and LOGLENS_API_KEY and skips clearly without them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startHarness, ROOT } from './harness/server.mjs';
import { FAKE_ANSWER_TEXT, startFakeSidecar } from './fake-sidecar.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ARTIFACTS = join(HERE, 'artifacts');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const QUESTION = process.env.LOGLENS_ASK_QUESTION ?? 'why did checkout start failing at 14:05?';
const EXPLORE_DS = 'loki-harness';
const CONTEXT_MINUTES = 5;
/** Generous: a real sidecar may run a CPU-only LLM. */
const ANSWER_TIMEOUT_MS = Number(process.env.LOGLENS_ANSWER_TIMEOUT_MS ?? 180_000);

let browser;

before(async () => {
  assert.ok(existsSync(join(ROOT, 'dist', 'panels', 'askLogs', 'module.js')), 'dist/ is not built: run npm run build');
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} missing: apt-get install -y chromium`);
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
});

after(async () => {
  await browser?.close();
});

function toMs(v, dflt) {
  if (!v) {
    return dflt;
  }
  return /^\d+$/.test(v) ? Number(v) : Date.parse(v);
}

/** Parses `{a="x", b="y\"z"}` into labels (the inverse of the panel's selector builder). */
function parseSelector(expr) {
  assert.match(expr, /^\{.*\}$/s);
  const labels = {};
  const re = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;
  let m;
  while ((m = re.exec(expr))) {
    labels[m[1]] = JSON.parse(`"${m[2]}"`);
  }
  return labels;
}

async function openPanel(harness, { theme, from, to, vars }) {
  const context = await browser.newContext({ viewport: { width: 980, height: 760 } });
  const page = await context.newPage();
  const seen = [];
  page.on('request', async (req) => {
    seen.push({
      url: req.url(),
      headers: await req.allHeaders().catch(() => req.headers()),
      body: req.postData() ?? '',
    });
  });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const qs = new URLSearchParams({
    theme,
    from: String(from),
    to: String(to),
    options: JSON.stringify({ datasourceUid: EXPLORE_DS, exploreContextMinutes: CONTEXT_MINUTES }),
    vars: JSON.stringify(vars),
  });
  await page.goto(`${harness.url}/?${qs}`);
  await page.waitForFunction(() => window.__harness?.ready || window.__harness?.error, null, { timeout: 60_000 });
  const harnessError = await page.evaluate(() => window.__harness?.error);
  assert.equal(harnessError, undefined, `harness failed: ${harnessError}`);
  return { page, context, seen, errors };
}

async function ask(page, question) {
  const input = page.getByTestId('loglens-question');
  await input.fill(question);
  await input.press('Enter');
}

/** Citations in the panel's order: one block per number (first appearance), its lines under it. */
function byBlock(citations) {
  const blocks = new Map();
  for (const c of citations) {
    blocks.set(c.n, [...(blocks.get(c.n) ?? []), c]);
  }
  return [...blocks.entries()];
}

/** Every Explore link parses as a schemaVersion=1 panes URL for the cited stream around the cited line. */
async function checkCitations(page, answer) {
  const blocks = byBlock(answer.citations);
  const blockItems = page.getByTestId('loglens-citation-block');
  assert.equal(await blockItems.count(), blocks.length, 'one block per evidence number');
  for (let b = 0; b < blocks.length; b++) {
    const [n, lines] = blocks[b];
    assert.equal(await blockItems.nth(b).getByTestId('loglens-citation-marker').innerText(), `[${n}]`);
    assert.equal(await blockItems.nth(b).getByTestId('loglens-citation').count(), lines.length, `block [${n}] lines`);
  }
  const items = page.getByTestId('loglens-citation');
  const ordered = blocks.flatMap(([, lines]) => lines);
  assert.equal(await items.count(), ordered.length, 'one list item per cited line');
  for (let i = 0; i < ordered.length; i++) {
    const c = ordered[i];
    const item = items.nth(i);
    assert.ok((await item.innerText()).includes(c.line.slice(0, 40)), `citation ${c.n} shows its line`);
    const href = await item.getByTestId('loglens-explore-link').getAttribute('href');
    const url = new URL(href, 'http://grafana.invalid');
    assert.equal(url.pathname, '/explore');
    assert.equal(url.searchParams.get('schemaVersion'), '1');
    const panes = JSON.parse(url.searchParams.get('panes'));
    const [pane] = Object.values(panes);
    assert.equal(Object.keys(panes).length, 1);
    assert.equal(pane.datasource, EXPLORE_DS);
    assert.deepEqual(pane.queries[0].datasource, { type: 'loki', uid: EXPLORE_DS });
    const wanted = Object.fromEntries(
      Object.entries(c.labels).filter(
        ([k, v]) =>
          /^[a-zA-Z_][a-zA-Z0-9_]*$/.test(k) &&
          !k.startsWith('__') &&
          v !== '' &&
          !['tenant', 'level', 'detected_level'].includes(k)
      )
    );
    assert.deepEqual(parseSelector(pane.queries[0].expr), wanted, `citation ${c.n} selector`);
    const at = Number(BigInt(c.tsNs) / 1_000_000n);
    assert.equal(Number(pane.range.from), at - CONTEXT_MINUTES * 60_000);
    assert.equal(Number(pane.range.to), at + CONTEXT_MINUTES * 60_000);
  }
}

function assertKeyNeverFromPage(apiKey, seen, harness) {
  assert.ok(seen.length > 0);
  for (const r of seen) {
    const text = `${r.url}\n${JSON.stringify(r.headers)}\n${r.body}`;
    assert.ok(!text.includes(apiKey), `browser request ${r.url} carries the API key`);
  }
  for (const r of harness.requests) {
    assert.ok(!JSON.stringify(r).includes(apiKey), `request to the Grafana stand-in ${r.url} carries the API key`);
    assert.equal(r.headers.authorization, undefined, `${r.url} has an Authorization header from the page`);
  }
}

test('harness self-check: streamed answer, citations, Explore links, key stays server-side (fake sidecar)', async () => {
  const apiKey = 'harness-self-check-key-0123456789';
  const sidecar = await startFakeSidecar({ apiKey, holdAnswer: true });
  const harness = await startHarness({ sidecarUrl: sidecar.url, apiKey });
  try {
    for (const theme of ['dark', 'light']) {
      const { page, context, seen, errors } = await openPanel(harness, {
        theme,
        from: Date.parse('2024-05-14T13:00:00Z'),
        to: Date.parse('2024-05-14T15:00:00Z'),
        vars: [{ name: 'job', type: 'query', current: { value: 'checkout' } }],
      });
      await ask(page, QUESTION);
      // Mid-stream: the tokens are shown while the sidecar holds the final answer (no mode badge yet).
      await page.waitForFunction(
        (text) => document.querySelector('[data-testid="loglens-answer-text"]')?.textContent === text,
        FAKE_ANSWER_TEXT,
        { timeout: 30_000 }
      );
      assert.equal(await page.getByTestId('loglens-mode').count(), 0, 'no final answer before the sidecar sent it');
      sidecar.releaseAnswer();
      await page.getByTestId('loglens-mode').waitFor({ timeout: 30_000 });
      const answer = harness.answers.at(-1);
      assert.equal(await page.getByTestId('loglens-answer-text').innerText(), answer.answer.text);
      assert.match(await page.getByTestId('loglens-mode').innerText(), /LLM answer/);
      await checkCitations(page, answer);
      await page.screenshot({ path: join(ARTIFACTS, `self-check-${theme}.png`), fullPage: true });
      assertKeyNeverFromPage(apiKey, seen, harness);
      assert.deepEqual(errors, []);
      await context.close();
    }
    // What reached the sidecar: the proxy added the key; the page sent window and hints.
    const asks = sidecar.requests.filter((r) => r.url === '/api/v1/ask');
    assert.equal(asks.length, 2);
    for (const r of asks) {
      assert.equal(r.headers.authorization, `Bearer ${apiKey}`);
      assert.equal(r.headers.accept, 'text/event-stream');
      assert.equal(r.headers.cookie, undefined);
      assert.deepEqual(JSON.parse(r.body), {
        question: QUESTION,
        start: '2024-05-14T13:00:00.000Z',
        end: '2024-05-14T15:00:00.000Z',
        labels: { job: 'checkout' },
        limit: 8,
      });
    }
  } finally {
    await harness.close();
    await sidecar.close();
  }
});

test('harness self-check: sidecar down shows the down state', async () => {
  // Port 9 (discard) on loopback is closed on CI machines: connection refused, as for a stopped sidecar.
  const harness = await startHarness({ sidecarUrl: 'http://127.0.0.1:9', apiKey: 'unused-key-0123456789' });
  try {
    const { page, context } = await openPanel(harness, {
      theme: 'dark',
      // Any window will do; a fixed one keeps the request the same on every date.
      from: Date.parse('2024-05-14T13:00:00Z'),
      to: Date.parse('2024-05-14T15:00:00Z'),
      vars: [],
    });
    await ask(page, QUESTION);
    const alert = page.getByTestId('loglens-error');
    await alert.waitFor({ timeout: 20_000 });
    assert.match(await alert.innerText(), /LogLens sidecar is down[\s\S]*HTTP 502/);
    await page.screenshot({ path: join(ARTIFACTS, 'self-check-sidecar-down.png') });
    await context.close();
  } finally {
    await harness.close();
  }
});

const REAL_URL = process.env.LOGLENS_SIDECAR_URL;
const REAL_KEY = process.env.LOGLENS_API_KEY;

test(
  'real sidecar: asks through the proxy stand-in and checks the streamed, cited answer',
  {
    skip:
      REAL_URL && REAL_KEY ? false : 'LOGLENS_SIDECAR_URL and LOGLENS_API_KEY not set: no real sidecar to test against',
  },
  async () => {
    const harness = await startHarness({
      sidecarUrl: REAL_URL,
      apiKey: REAL_KEY,
      jsonData: { tenant: process.env.LOGLENS_TENANT ?? '' },
    });
    try {
      const to = toMs(process.env.LOGLENS_ASK_TO, Date.now());
      const from = toMs(process.env.LOGLENS_ASK_FROM, to - 24 * 3_600_000);
      const { page, context, seen, errors } = await openPanel(harness, { theme: 'dark', from, to, vars: [] });
      await ask(page, QUESTION);
      await Promise.race([
        page.getByTestId('loglens-mode').waitFor({ timeout: ANSWER_TIMEOUT_MS }),
        page
          .getByTestId('loglens-error')
          .waitFor({ timeout: ANSWER_TIMEOUT_MS })
          .then(async () =>
            assert.fail(`panel shows an error: ${await page.getByTestId('loglens-error').innerText()}`)
          ),
      ]);
      const answer = harness.answers.at(-1);
      assert.ok(answer, 'the proxy stand-in saw the final answer event');
      assert.ok(answer.answer.text.length > 0);
      assert.equal(await page.getByTestId('loglens-answer-text').innerText(), answer.answer.text);
      assert.ok(answer.citations.length > 0, 'the sidecar cited at least one line for the demo question');
      await checkCitations(page, answer);
      await page.screenshot({ path: join(ARTIFACTS, 'real-sidecar.png'), fullPage: true });
      assertKeyNeverFromPage(REAL_KEY, seen, harness);
      assert.deepEqual(errors, []);
      await context.close();
    } finally {
      await harness.close();
    }
  }
);
