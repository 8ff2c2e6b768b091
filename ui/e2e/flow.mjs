// A headless-Chromium journey through the UI against the in-browser mock back end
// (src/ipc/devMock.ts): search, select, drag into a playlist at a position, reorder from the
// keyboard, pin and undo, and a catalogue import with its mapping. `npm run test:e2e`.
// Needs Chromium at /usr/bin/chromium (or CHROMIUM=/path).

import assert from 'node:assert/strict';
import { createServer } from 'vite';
import { chromium } from 'playwright-core';

process.env.VITE_MOCK = '1';
const server = await createServer({ configFile: new URL('../vite.config.ts', import.meta.url).pathname, server: { port: 1431, strictPort: false }, logLevel: 'error' });
await server.listen();
const url = server.resolvedUrls.local[0];
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const errors = [];
let failed = false;
let passed = 0;
let failures = 0;
const step = async (name, f) => {
  try {
    await f();
    passed += 1;
    console.log(`ok   ${name}`);
  } catch (e) {
    failed = true;
    failures += 1;
    console.log(`FAIL ${name}\n${e.stack ?? e}`);
  }
};

try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${url}?freeze`);
  const rows = page.getByTestId('library-row');
  const seedRows = page.getByTestId('seed-row');
  const ids = (loc) => loc.evaluateAll((els) => els.map((e) => e.dataset.trackId));

  await step('launch opens the workspace', async () => {
    await rows.first().waitFor();
    assert.equal(await page.getByTestId('workspace-name').textContent(), 'Summer 2026');
    assert.match(await page.getByTestId('library-total').textContent(), /^640 tracks$/);
  });

  await step('search as you type narrows the library', async () => {
    await page.getByTestId('library-search').fill('golden hea');
    await page.waitForFunction(() => document.querySelector('[data-testid=library-total]').textContent === '7 tracks');
    assert.equal(await rows.count(), 7);
    await page.getByTestId('library-search').fill('');
    await page.waitForFunction(() => document.querySelector('[data-testid=library-total]').textContent === '640 tracks');
  });

  await step('dragging the selection inserts it at the drop position', async () => {
    await page.locator('[data-testid=playlist-item]', { hasText: 'Late Night R&B' }).click();
    await seedRows.first().waitFor();
    const before = await ids(seedRows);
    await rows.nth(1).click();
    await rows.nth(2).click({ modifiers: ['Shift'] });
    assert.equal(await page.locator('[data-testid=library-row][aria-selected=true]').count(), 2);
    const dragged = (await ids(rows)).slice(1, 3);
    const from = await rows.nth(2).boundingBox();
    const to = await seedRows.nth(2).boundingBox();
    await page.mouse.move(from.x + 40, from.y + 10);
    await page.mouse.down();
    await page.mouse.move(from.x + 60, from.y + 20, { steps: 4 });
    await page.mouse.move(to.x + 100, to.y + 6, { steps: 10 });
    await page.mouse.up();
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=seed-row]').length === n, before.length + 2);
    assert.deepEqual((await ids(seedRows)).slice(2, 4), dragged);
  });

  await step('Alt+ArrowUp moves a row, hopping over a pinned one', async () => {
    const pinnedAt = await seedRows.evaluateAll((els) => els.findIndex((e) => e.dataset.pinned === 'true' && Number(e.dataset.position) > 1));
    const row = seedRows.nth(pinnedAt + 1);
    const id = await row.getAttribute('data-track-id');
    await row.click();
    await page.keyboard.press('Alt+ArrowUp');
    await page.waitForFunction(([i, p]) => document.querySelectorAll('[data-testid=seed-row]')[p - 1]?.dataset.trackId === i, [id, pinnedAt]);
    assert.equal(await seedRows.nth(pinnedAt).getAttribute('data-pinned'), 'true');
  });

  await step('pin, then undo with Ctrl+Z', async () => {
    await seedRows.nth(3).getByTestId('seed-pin').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=seed-row]')[3].dataset.pinned === 'true');
    await page.waitForFunction(() => /Pin track/.test(document.querySelector('[data-testid=undo]').title));
    await page.locator('body').click({ position: { x: 700, y: 880 } });
    await page.keyboard.press('Control+z');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=seed-row]')[3].dataset.pinned === 'false');
  });

  await step('a catalogue import needs its required fields, then runs to a report', async () => {
    await page.getByTestId('import-open').click();
    await page.getByTestId('import-kind-catalog').check();
    await page.getByTestId('import-path').fill('/data/songs_nodur.csv');
    await page.getByTestId('import-next').click();
    await page.getByTestId('import-start').waitFor();
    assert.equal(await page.getByTestId('import-start').isDisabled(), true);
    await page.selectOption('select[data-field=durationMs]', 'duration_ms');
    await page.getByTestId('import-start').click();
    await page.getByTestId('import-progress').waitFor();
    await page.getByTestId('import-result').waitFor({ timeout: 10_000 });
    await page.getByTestId('import-close').click();
  });

  await step('a failed import shows the whole error', async () => {
    await page.getByTestId('import-open').click();
    await page.getByTestId('import-path').fill('/data/bad.csv');
    await page.getByTestId('import-next').click();
    await page.getByTestId('import-start').click();
    await page.getByTestId('import-error').waitFor({ timeout: 10_000 });
    assert.match(await page.getByTestId('import-error').textContent(), /bad\.csv, line 1843, column "tempo"/);
    await page.getByTestId('import-close').click();
  });

  await step('a million-track library stays virtualized from the top to the last row', async () => {
    const big = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    big.on('pageerror', (e) => errors.push(String(e)));
    await big.goto(`${url}?big&freeze`);
    const bigRows = big.getByTestId('library-row');
    await bigRows.first().waitFor();
    assert.match(await big.getByTestId('library-total').textContent(), /^1000000 tracks$/);
    assert.ok((await bigRows.count()) < 100, 'only the visible window of rows is in the DOM');
    await big.locator('.table-scroll').first().evaluate((el) => { el.scrollTop = el.scrollHeight; });
    await big.locator('[data-testid=library-row][data-track-id=big999999]').waitFor({ timeout: 10_000 });
    assert.ok((await bigRows.count()) < 100, 'still a window after scrolling to the end');
    await big.locator('.table-scroll').first().evaluate((el) => { el.scrollTop = el.scrollHeight / 2; });
    await big.locator('[data-testid=library-row][data-track-id=big500000]').waitFor({ timeout: 10_000 });
    await big.close();
  });

  await step('no uncaught errors', async () => assert.deepEqual(errors, []));
} finally {
  await browser.close();
  await server.close();
}
console.log(`browser: ${passed} passed, ${failures} failed`);
process.exit(failed ? 1 : 0);
