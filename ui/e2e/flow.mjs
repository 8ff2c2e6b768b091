// A headless-Chromium journey through the UI against the in-browser mock back end
// (src/ipc/devMock.ts): search, select, drag into a playlist at a position, reorder from the
// keyboard, pin and undo, a catalogue import with its mapping; then the segments view (cards,
// map, rename, fits), and signal imports. `npm run test:e2e`.
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

  const cards = page.getByTestId('segment-card');
  const cardCount = (n) => page.waitForFunction((k) => document.querySelectorAll('[data-testid=segment-card]').length === k, n, { timeout: 10_000 });

  await step('the Segments view shows six segment cards, the map and the simulated label', async () => {
    await page.getByTestId('view-segments').click();
    await cardCount(6);
    assert.equal(await page.getByTestId('view-segments').getAttribute('aria-selected'), 'true');
    assert.deepEqual(await cards.evaluateAll((els) => els.map((e) => e.dataset.segment)), ['0', '1', '2', '3', '4', '5']);
    await page.locator('[data-testid=segments-map] canvas').first().waitFor();
    assert.match(await page.getByTestId('segments-simulated').textContent(), /Simulated listeners/);
    assert.ok((await cards.first().locator('.chip').count()) > 0, 'a card has descriptor chips');
    assert.equal(await page.locator('.profile-chart canvas').count() >= 6, true, 'every card has a profile chart');
    assert.equal(await page.getByTestId('library-row').count(), 0, 'the curation panes are hidden');
  });

  await step('a segment is renamed inline: Enter saves, Escape cancels, empty restores the automatic name', async () => {
    const name = cards.nth(1).getByTestId('segment-name');
    const auto = await name.getAttribute('placeholder');
    await name.fill('Morning movers');
    await name.press('Enter');
    // The card's label comes from the back end: it has the new name once saved and refetched.
    await page.waitForFunction(() => document.querySelector('[data-testid=segment-card][data-segment="1"]').getAttribute('aria-label') === 'Segment 2: Morning movers');
    assert.equal(await name.inputValue(), 'Morning movers');
    await name.fill('Not this');
    await name.press('Escape');
    assert.equal(await name.inputValue(), 'Morning movers');
    await name.fill('');
    await name.press('Enter');
    await page.waitForFunction(([a]) => document.querySelectorAll('[data-testid=segment-name]')[1].value === a, [auto]);
  });

  await step('a fit with a fixed k runs in the background to a new active model', async () => {
    await page.getByTestId('segments-fit-open').click();
    await page.getByTestId('segments-fit-fixed').check();
    await page.getByTestId('segments-fit-k').fill('5');
    await page.getByTestId('segments-fit-start').click();
    await page.getByTestId('segments-fit-progress').waitFor();
    assert.equal(await page.getByTestId('segments-fit-start').isDisabled(), true);
    await page.getByTestId('segments-fit-close').click();
    await page.getByTestId('segments-fit-progress').waitFor({ state: 'detached' });
    // The studio stays usable while the fit runs; the job indicator tracks it.
    assert.match(await page.getByTestId('job-indicator').getAttribute('class'), /is-running/);
    await cards.first().getByTestId('segment-name').click();
    await cardCount(5);
    assert.match(await page.locator('[data-testid=segments-model-select] option:checked').textContent(), /^#2 .*k = 5.*active$/);
    assert.match(await page.getByTestId('segments-k').textContent(), /^5 fixed$/);
  });

  await step('another model can be put on view and made active again', async () => {
    await page.getByTestId('segments-model-select').selectOption('1');
    await cardCount(6);
    await page.getByTestId('segments-activate').click();
    await page.waitForFunction(() => /#1 .*active$/.test(document.querySelector('[data-testid=segments-model-select] option:checked').textContent));
    assert.equal(await page.getByTestId('segments-activate').count(), 0);
  });

  await step('a failing fit shows its error in the dialog, and the form can be corrected', async () => {
    await page.getByTestId('segments-fit-open').click();
    await page.getByTestId('segments-fit-fixed').check();
    await page.getByTestId('segments-fit-k').fill('1');
    await page.getByTestId('segments-fit-invalid').waitFor();
    assert.equal(await page.getByTestId('segments-fit-start').isDisabled(), true);
    await page.getByTestId('segments-fit-k').fill('31');
    await page.getByTestId('segments-fit-k').press('Enter');
    await page.getByTestId('segments-fit-error').waitFor({ timeout: 10_000 });
    assert.match(await page.getByTestId('segments-fit-error').textContent(), /k = 31 needs at least/);
    await page.keyboard.press('Escape');
    await page.getByTestId('segments-fit-error').waitFor({ state: 'detached' });
    await cardCount(6);
  });

  await step('listener signals: a strict import names file, line and field; a lenient one reports what it skipped', async () => {
    await page.getByTestId('import-open').click();
    await page.getByTestId('import-kind-signals').check();
    await page.getByTestId('import-signals-kind').selectOption('aggregates');
    await page.getByTestId('import-signals-strict').check();
    await page.getByTestId('import-path').fill('/data/plays.csv');
    await page.getByTestId('import-next').click();
    await page.getByTestId('import-error').waitFor({ timeout: 10_000 });
    assert.match(await page.getByTestId('import-error').textContent(), /plays\.csv, line 14, column "track_id"/);
    await page.getByTestId('import-close').click();
    await page.getByTestId('import-open').click();
    await page.getByTestId('import-kind-signals').check();
    await page.getByTestId('import-path').fill('/data/events.csv');
    await page.getByTestId('import-next').click();
    await page.getByTestId('import-progress').waitFor();
    await page.getByTestId('import-result').waitFor({ timeout: 10_000 });
    assert.match(await page.getByTestId('import-signals-report').textContent(), /Accepted24,271.*Skipped41/);
    assert.equal(await page.locator('[data-testid=import-examples] tbody tr').count(), 20);
    await page.getByTestId('import-close').click();
    await page.waitForFunction(() => document.querySelector('[data-testid=segments-listeners]').textContent.startsWith('2,580'));
    // The new listeners are not in the vectors yet: the panel says so, and rebuilds them.
    assert.equal(await page.getByTestId('segments-stale').textContent(), '180 listeners not in it');
    await page.getByTestId('segments-stale-rebuild').click();
    await page.getByTestId('segments-stale').waitFor({ state: 'detached', timeout: 10_000 });
  });

  await step('the arrow keys switch back to the curation panes', async () => {
    await page.getByTestId('view-segments').focus();
    await page.keyboard.press('ArrowLeft');
    await rows.first().waitFor();
    assert.equal(await page.getByTestId('view-curate').getAttribute('aria-selected'), 'true');
    assert.equal(await cards.count(), 0);
  });

  await step('from no model: simulate listeners, then fit the first model from the empty state', async () => {
    const fresh = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    fresh.on('pageerror', (e) => errors.push(String(e)));
    await fresh.goto(`${url}?noModel&freeze`);
    await fresh.getByTestId('view-segments').click();
    await fresh.getByTestId('segments-empty').waitFor();
    assert.equal(await fresh.getByTestId('segments-simulated').count(), 0);
    await fresh.getByTestId('segments-menu').click();
    await fresh.getByTestId('segments-simulate-open').click();
    await fresh.getByTestId('segments-simulate-listeners').fill('1,500');
    await fresh.getByTestId('segments-simulate-start').click();
    await fresh.getByTestId('segments-simulate-progress').waitFor();
    await fresh.getByTestId('segments-simulated').waitFor({ timeout: 10_000 });
    assert.equal(await fresh.getByTestId('segments-listeners').evaluate((e) => e.firstChild.textContent), '1,500');
    // The simulation asked for a vector rebuild; then the first fit, from the empty state's button.
    await fresh.waitForFunction(() => /^#1 /.test(document.querySelector('[data-testid=segments-build]').textContent), null, { timeout: 10_000 });
    await fresh.getByTestId('segments-fit-open').click();
    await fresh.getByTestId('segments-fit-start').click();
    await fresh.waitForFunction(() => document.querySelectorAll('[data-testid=segment-card]').length === 6, null, { timeout: 10_000 });
    assert.match(await fresh.getByTestId('segments-k').textContent(), /^6 by silhouette$/);
    await fresh.close();
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
