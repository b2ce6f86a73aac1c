// Browser test of the answer's picture (issue 14) against a live demo sidecar: the panel built in
// dist/, loaded by the Grafana stand-in page in Debian's Chromium, asks the demo question through
// the plugin-proxy stand-in. Everything checked is read back from the page (the frame the chart
// drew, marker positions, the legend, links), compared with the sidecar's own answer event.
//   LOGLENS_SIDECAR_URL + LOGLENS_API_KEY: a running demo sidecar (scripts/test.sh starts one);
//   without them this file starts `loglens demo --serve` itself (BM25 only, a minute at most).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'node:net';
import { chromium } from 'playwright-core';
import { startHarness, ROOT } from './harness/server.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ARTIFACTS = join(HERE, 'artifacts');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const QUESTION = 'why did checkout start failing at 14:05?';
const EXACT_QUESTION = 'how many payment authorizations failed in checkout?';
const EXPLORE_DS = 'loki-harness';
/** The demo incident's day: the panel's time range covers it (13:00-14:30 UTC). */
const FROM = Date.parse('2026-11-24T13:00:00Z');
const TO = Date.parse('2026-11-24T14:30:00Z');
/** Bounds a failure only: a busy 2-core machine can take long to start the demo or answer. */
const WAIT_MS = 180_000;
const MAX_DRAWN = 10;
/** A wide panel, and a 6 x 8 grid-unit one (6/24 of a 1920 px dashboard, 8 rows of 30 px + gaps). */
const SIZES = { wide: { width: 1100, height: 760 }, small: { width: 460, height: 296 } };

let browser;
let sidecar;

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitHealthy(url, child) {
  const deadline = Date.now() + WAIT_MS;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) {
      throw new Error(`the demo sidecar exited with ${child.exitCode}`);
    }
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) {
        return;
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('the demo sidecar did not come up');
}

/** The demo sidecar: the one given, or one started here on the demo store. */
async function demoSidecar() {
  if (process.env.LOGLENS_SIDECAR_URL && process.env.LOGLENS_API_KEY) {
    return { url: process.env.LOGLENS_SIDECAR_URL, apiKey: process.env.LOGLENS_API_KEY, close: async () => undefined };
  }
  const dir = mkdtempSync(join(tmpdir(), 'loglens-picture-'));
  const port = await freePort();
  const apiKey = `picture-browser-${process.pid}-0123456789`;
  const log = [];
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'demo', '--serve'], {
    cwd: join(ROOT, 'backend'),
    env: {
      ...process.env,
      LOGLENS_DATA_DIR: dir,
      LOGLENS_PORT: String(port),
      LOGLENS_API_KEYS: apiKey,
      LOGLENS_LOG_LEVEL: 'warn',
      LOGLENS_EMBEDDING_ENABLED: 'false',
      LOGLENS_OLLAMA_URL: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d) => log.push(String(d)));
  child.stderr.on('data', (d) => log.push(String(d)));
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitHealthy(url, child);
  } catch (e) {
    child.kill('SIGTERM');
    throw new Error(`${e.message}\n${log.join('').slice(-4000)}`);
  }
  return {
    url,
    apiKey,
    close: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

before(async () => {
  assert.ok(existsSync(join(ROOT, 'dist', 'panels', 'askLogs', 'module.js')), 'dist/ is not built: run npm run build');
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} missing: apt-get install -y chromium`);
  mkdirSync(ARTIFACTS, { recursive: true });
  sidecar = await demoSidecar();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
});

after(async () => {
  await browser?.close();
  await sidecar?.close();
});

async function openPanel(harness, { theme, size }) {
  const { width, height } = SIZES[size];
  const context = await browser.newContext({ viewport: { width: width + 40, height: height + 40 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const qs = new URLSearchParams({
    theme,
    from: String(FROM),
    to: String(TO),
    width: String(width),
    height: String(height),
    tz: 'utc',
    options: JSON.stringify({ datasourceUid: EXPLORE_DS }),
    vars: '[]',
  });
  await page.goto(`${harness.url}/?${qs}`);
  await page.waitForFunction(() => window.__harness?.ready || window.__harness?.error, null, { timeout: 60_000 });
  const harnessError = await page.evaluate(() => window.__harness?.error);
  assert.equal(harnessError, undefined, `harness failed: ${harnessError}`);
  return { page, context, errors };
}

async function ask(page, harness, question) {
  const before = harness.answers.length;
  const input = page.getByTestId('loglens-question');
  await input.fill(question);
  await input.press('Enter');
  await Promise.race([
    page.getByTestId('loglens-mode').waitFor({ timeout: WAIT_MS }),
    page
      .getByTestId('loglens-error')
      .waitFor({ timeout: WAIT_MS })
      .then(async () => assert.fail(`panel shows an error: ${await page.getByTestId('loglens-error').innerText()}`)),
  ]);
  assert.ok(harness.answers.length > before, 'the proxy stand-in saw the final answer event');
  return harness.answers.at(-1);
}

/** Explore link → its one pane (schemaVersion 1). */
function paneOf(href) {
  const url = new URL(href, 'http://grafana.invalid');
  assert.equal(url.pathname, '/explore');
  assert.equal(url.searchParams.get('schemaVersion'), '1');
  const panes = JSON.parse(url.searchParams.get('panes'));
  assert.equal(Object.keys(panes).length, 1);
  return Object.values(panes)[0];
}

test('the answer as a picture: series drawn, cause before symptom on screen, legend filters citations, Explore carries the metric query', async () => {
  const harness = await startHarness({ sidecarUrl: sidecar.url, apiKey: sidecar.apiKey });
  try {
    const { page, context, errors } = await openPanel(harness, { theme: 'dark', size: 'wide' });
    const answer = await ask(page, harness, QUESTION);
    const series = answer.series;
    assert.ok(series?.window && series.items.length >= 2, 'the sidecar sent series for the demo question');
    const expected = Math.min(series.items.length, MAX_DRAWN);

    // The chart code is a lazy chunk, fetched from the app's folder as Grafana serves it.
    await page.getByTestId('loglens-chart').waitFor({ timeout: 60_000 });
    assert.ok(
      harness.appAssets.some((p) => /answer-picture\.js/.test(p)),
      `chunk loaded: ${harness.appAssets.join(', ')}`
    );
    // The frame the plot drew: one field per drawn series.
    const frame = page.getByTestId('loglens-chart-frame');
    assert.equal(Number(await frame.getAttribute('data-series')), expected);
    const drawnIds = JSON.parse(await frame.getAttribute('data-ids'));
    assert.equal(drawnIds.length, expected);
    for (const id of drawnIds.filter((x) => x !== '__others__')) {
      assert.ok(
        series.items.some((i) => i.id === id),
        `drawn ${id} is a series of the answer`
      );
    }
    // uPlot drew onto a canvas of the requested size.
    const canvas = page.locator('[data-testid="loglens-chart"] canvas').first();
    assert.ok((await canvas.boundingBox()).width > 500);

    // Onsets as placed on screen: the cause candidate's marker left of the symptom's.
    const markers = page.getByTestId('loglens-onset-marker');
    await markers.first().waitFor({ timeout: 30_000 });
    const placed = [];
    for (let i = 0; i < (await markers.count()); i++) {
      const m = markers.nth(i);
      placed.push({
        id: await m.getAttribute('data-series-id'),
        role: await m.getAttribute('data-role'),
        x: (await m.boundingBox()).x,
      });
    }
    const causes = placed.filter((m) => m.role === 'cause');
    const symptoms = placed.filter((m) => m.role === 'symptom');
    assert.ok(causes.length > 0 && symptoms.length > 0, `markers: ${JSON.stringify(placed)}`);
    const cause = causes.reduce((a, b) => (b.x < a.x ? b : a));
    const symptom = symptoms.reduce((a, b) => (b.x < a.x ? b : a));
    assert.ok(cause.x < symptom.x, `cause marker at x=${cause.x} before the symptom's at x=${symptom.x}`);
    // The root cause (payment-db's lock wait) is among the cause candidates.
    const causeItems = causes.map((c) => series.items.find((i) => i.id === c.id));
    assert.ok(
      causeItems.some((i) => i?.labels.job === 'payment-db'),
      `cause candidates: ${causeItems.map((i) => i?.name).join('; ')}`
    );

    // Hovering the chart moves the dashboard's shared crosshair (DataHoverEvent on its event bus).
    const box = await canvas.boundingBox();
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.5);
    await page.waitForFunction(() => (window.__harness?.hovers?.length ?? 0) > 0, null, { timeout: 10_000 });
    const hovered = await page.evaluate(() => window.__harness.hovers.at(-1));
    assert.ok(hovered >= Date.parse(series.window.start) && hovered <= Date.parse(series.window.end));

    // Each drawn series' Explore link parses and runs its metric query over the window, as a graph.
    const items = page.getByTestId('loglens-series-item');
    assert.equal(await items.count(), expected);
    for (let i = 0; i < expected; i++) {
      const id = await items.nth(i).getAttribute('data-series-id');
      const link = items.nth(i).getByTestId('loglens-series-explore');
      if (id === '__others__') {
        assert.equal(await link.count(), 0);
        continue;
      }
      const item = series.items.find((x) => x.id === id);
      const pane = paneOf(await link.getAttribute('href'));
      assert.equal(pane.datasource, EXPLORE_DS);
      assert.deepEqual(pane.queries[0].datasource, { type: 'loki', uid: EXPLORE_DS });
      assert.equal(pane.queries[0].expr, item.logql);
      assert.equal(pane.queries[0].queryType, 'range');
      assert.match(pane.queries[0].expr, /^sum by \([a-z_, ]+\) \(count_over_time\(\{.+\}.* \[\$__interval\]\)\)$/);
      assert.equal(Number(pane.range.from), Date.parse(series.window.start));
      assert.equal(Number(pane.range.to), Date.parse(series.window.end));
    }

    // Clicking the symptom's legend entry filters the evidence to its citations; again shows all.
    const blocks = page.getByTestId('loglens-citation-block');
    const allBlocks = new Set(answer.citations.map((c) => c.n)).size;
    assert.equal(await blocks.count(), allBlocks);
    const symptomItem = series.items.find((i) => i.id === symptom.id);
    const toggle = page.locator(
      `[data-testid="loglens-series-item"][data-series-id="${symptom.id}"] [data-testid="loglens-series-toggle"]`
    );
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
    await page.getByTestId('loglens-citation-filter').waitFor();
    const shown = [];
    for (let i = 0; i < (await blocks.count()); i++) {
      shown.push(
        Number((await blocks.nth(i).getByTestId('loglens-citation-marker').innerText()).replace(/[[\]]/g, ''))
      );
    }
    assert.deepEqual(shown, symptomItem.citations);
    assert.ok(shown.length < allBlocks, 'the filter hides the other blocks');
    await page.screenshot({ path: join(ARTIFACTS, 'picture-dark-wide-filtered.png'), fullPage: true });
    // Keyboard: the toggle is a focusable button; Enter clears the filter again.
    await toggle.focus();
    await page.keyboard.press('Enter');
    assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
    assert.equal(await blocks.count(), allBlocks);

    // Clicking a line on the chart itself picks that series: scan down the plot at 75% of its
    // width until a click lands on a line, then the evidence shows exactly that series' blocks.
    const over = await page.locator('[data-testid="loglens-chart"] .u-over').boundingBox();
    const x = over.x + over.width * 0.75;
    let picked;
    for (let y = over.y + 2; y < over.y + over.height - 2 && !picked; y += 5) {
      await page.mouse.click(x, y);
      const pressed = page.locator('[data-testid="loglens-series-item"]:has([aria-pressed="true"])');
      if ((await pressed.count()) > 0) {
        picked = { id: await pressed.first().getAttribute('data-series-id'), y };
      }
    }
    assert.ok(picked, 'a click on the plot picked a line');
    const pickedItem = series.items.find((i) => i.id === picked.id);
    const pickedShown = [];
    for (let i = 0; i < (await blocks.count()); i++) {
      pickedShown.push(
        Number((await blocks.nth(i).getByTestId('loglens-citation-marker').innerText()).replace(/[[\]]/g, ''))
      );
    }
    assert.deepEqual(pickedShown, pickedItem.citations, `clicked ${pickedItem.name}`);
    // The same line again clears the pick.
    await page.mouse.click(x, picked.y);
    assert.equal(await blocks.count(), allBlocks);
    assert.equal(await page.getByText('Could not draw the timeline').count(), 0);
    assert.deepEqual(errors, []);
    await context.close();
  } finally {
    await harness.close();
  }
});

test('screenshots: light and dark, wide and 6x8 panels; an exact answer as a stat with its timeline', async () => {
  const harness = await startHarness({ sidecarUrl: sidecar.url, apiKey: sidecar.apiKey });
  try {
    for (const theme of ['dark', 'light']) {
      for (const size of ['wide', 'small']) {
        const { page, context, errors } = await openPanel(harness, { theme, size });
        const answer = await ask(page, harness, QUESTION);
        await page.getByTestId('loglens-chart').waitFor({ timeout: 60_000 });
        await page.getByTestId('loglens-onset-marker').first().waitFor({ timeout: 30_000 });
        const expected = Math.min(answer.series.items.length, MAX_DRAWN);
        assert.equal(Number(await page.getByTestId('loglens-chart-frame').getAttribute('data-series')), expected);
        // The chart fits the panel: no wider than it.
        const chartBox = await page.getByTestId('loglens-chart').boundingBox();
        assert.ok(chartBox.width <= SIZES[size].width, `chart ${chartBox.width}px in a ${SIZES[size].width}px panel`);
        if (size === 'small') {
          // The legend folds away; the chart stays. Scroll the panel body to the chart for the shot.
          assert.equal(await page.getByTestId('loglens-series-legend').count(), 0);
          await page.getByTestId('loglens-chart').scrollIntoViewIfNeeded();
          await page.locator('#panel').screenshot({ path: join(ARTIFACTS, `picture-${theme}-small.png`) });
          await page.getByRole('button', { name: new RegExp(`${expected} series`) }).click();
          await page.getByTestId('loglens-series-legend').waitFor();
          await page.getByTestId('loglens-series-legend').scrollIntoViewIfNeeded();
          await page.locator('#panel').screenshot({ path: join(ARTIFACTS, `picture-${theme}-small-legend.png`) });
        } else {
          await page.locator('#panel').screenshot({ path: join(ARTIFACTS, `picture-${theme}-wide.png`) });
        }
        if (theme === 'light' && size === 'wide') {
          const exact = await ask(page, harness, EXACT_QUESTION);
          const stat = page.getByTestId('loglens-result-stat');
          await stat.waitFor({ timeout: 60_000 });
          assert.equal(Number(await stat.getAttribute('data-value')), exact.result.value);
          assert.equal(
            Number(await page.getByTestId('loglens-chart-frame').getAttribute('data-series')),
            exact.series.items.length
          );
          await page.locator('#panel').screenshot({ path: join(ARTIFACTS, 'picture-light-wide-exact.png') });
        }
        assert.equal(await page.getByText('Could not draw the timeline').count(), 0);
        assert.deepEqual(errors, []);
        await context.close();
      }
    }
  } finally {
    await harness.close();
  }
});
