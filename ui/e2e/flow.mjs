// A headless-Chromium journey through the UI against the in-browser mock back end
// (src/ipc/devMock.ts): search, select, drag into a playlist at a position, reorder from the
// keyboard, pin and undo, a catalogue import with its mapping; then the segments view (cards,
// map, rename, fits), signal imports, the personalization pane (variants per segment, the
// strength, reasons, pins, rules, the pool, the evaluation job and the strength curve), and
// playlist packages (export, verify, import). `npm run test:e2e`.
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

  // ---- personalization -------------------------------------------------------------------
  const columns = page.getByTestId('preview-column');
  const seedColumn = page.getByTestId('preview-seed-column');
  /** Each segment column as "id:status,…", so a change of any track or marker shows. */
  const columnText = () => columns.evaluateAll((cols) => cols.map((c) => [...c.querySelectorAll('[data-testid=preview-track]')].map((t) => `${t.dataset.trackId}:${t.dataset.status}`).join(',')));
  const columnIds = (i) => columns.nth(i).getByTestId('preview-track').evaluateAll((els) => els.map((e) => e.dataset.trackId));

  await step('the preview shows the seed, then one column per segment with markers, metrics and a rule report', async () => {
    await page.getByTestId('preview-panel').waitFor();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=preview-column]').length === 6);
    assert.deepEqual(await columns.evaluateAll((els) => els.map((e) => e.dataset.segment)), ['0', '1', '2', '3', '4', '5']);
    assert.deepEqual(await seedColumn.getByTestId('preview-track').evaluateAll((els) => els.map((e) => e.dataset.trackId)), await ids(seedRows));
    const statuses = await columns.getByTestId('preview-track').evaluateAll((els) => [...new Set(els.map((e) => e.dataset.status))]);
    assert.ok(statuses.every((x) => ['kept', 'moved', 'added'].includes(x)), `markers: ${statuses}`);
    assert.equal(await page.locator('[data-testid=preview-column] [data-testid=preview-metrics]').count(), 6);
    assert.equal(await page.locator('[data-testid=preview-column] [data-testid=preview-violations]').count(), 6);
    assert.match(await columns.first().getByTestId('preview-metrics').textContent(), /Lift.*Overlap.*Diversity.*Artists.*Popularity.*Novelty.*Duration.*Violations/);
  });

  await step('moving the strength slider to 1 updates every column, the seed editor staying usable', async () => {
    const before = await columnText();
    await page.getByTestId('preview-strength').focus();
    await page.keyboard.press('End');
    assert.equal(await page.getByTestId('preview-strength-value').textContent(), '1.00');
    await page.waitForFunction((b) => {
      const now = [...document.querySelectorAll('[data-testid=preview-column]')].map((c) => [...c.querySelectorAll('[data-testid=preview-track]')].map((t) => `${t.dataset.trackId}:${t.dataset.status}`).join(','));
      return now.length === 6 && now.every((c, i) => c !== b[i]);
    }, before);
    assert.ok((await columns.locator('[data-status=added]').count()) > 0, 'full strength brings tracks from outside the seed');
    assert.equal(await page.getByTestId('preview-updating').getAttribute('data-updating'), 'false');
    await seedRows.nth(2).click();
    assert.equal(await seedRows.nth(2).getAttribute('aria-selected'), 'true');
  });

  await step('a track shows its reasons on hover and from the keyboard; B bans it from every variant', async () => {
    const added = columns.first().locator('[data-testid=preview-track][data-status=added]').first();
    await added.hover();
    await page.getByTestId('preview-reasons').waitFor();
    assert.match(await page.getByTestId('preview-reasons').textContent(), /Score.*Affinity.*Seed fit.*Closest seed track/);
    await page.mouse.move(700, 880);
    await page.getByTestId('preview-reasons').waitFor({ state: 'detached' });
    const list = columns.first().getByRole('listbox');
    await list.focus();
    await page.keyboard.press('Home');
    const target = await added.getAttribute('data-track-id');
    const at = (await columnIds(0)).indexOf(target);
    for (let i = 0; i < at; i++) await page.keyboard.press('ArrowDown');
    assert.match(await page.getByTestId('preview-reasons').textContent(), /Added, not in the seed/);
    assert.equal(await list.getAttribute('aria-describedby'), 'pv-tip');
    await page.keyboard.press('b');
    await page.waitForFunction((id) => !document.querySelector(`[data-testid=preview-column] [data-track-id="${id}"]`), target);
    assert.equal(await page.getByTestId('preview-tab-rules').textContent(), 'Rules1');
  });

  await step('a pinned seed track keeps its place in every column', async () => {
    const row = seedRows.nth(4);
    const id = await row.getAttribute('data-track-id');
    assert.equal(await row.getAttribute('data-pinned'), 'false');
    await row.getByTestId('seed-pin').click();
    await page.waitForFunction((tid) => {
      const cols = [...document.querySelectorAll('[data-testid=preview-column]')];
      return cols.length === 6 && cols.every((c) => c.querySelectorAll('[data-testid=preview-track]')[4]?.dataset.trackId === tid);
    }, id);
    assert.equal(await seedColumn.getByTestId('preview-track').nth(4).getAttribute('data-pinned'), 'true');
  });

  await step('a library track dragged into the seed joins the seed column', async () => {
    const dragged = await rows.nth(8).getAttribute('data-track-id');
    await rows.nth(8).click();
    const from = await rows.nth(8).boundingBox();
    const to = await seedRows.nth(1).boundingBox();
    await page.mouse.move(from.x + 40, from.y + 10);
    await page.mouse.down();
    await page.mouse.move(from.x + 60, from.y + 20, { steps: 4 });
    await page.mouse.move(to.x + 100, to.y + 6, { steps: 10 });
    await page.mouse.up();
    await page.waitForFunction((id) => document.querySelectorAll('[data-testid=preview-seed-column] [data-testid=preview-track]')[1]?.dataset.trackId === id, dragged);
  });

  await step('tracks join the pool by a drop on the Pool tab and from the keyboard, and leave it', async () => {
    const first = await rows.nth(10).getAttribute('data-track-id');
    await rows.nth(10).click();
    const from = await rows.nth(10).boundingBox();
    const tab = await page.getByTestId('preview-tab-pool').boundingBox();
    await page.mouse.move(from.x + 40, from.y + 10);
    await page.mouse.down();
    await page.mouse.move(from.x + 60, from.y + 20, { steps: 4 });
    await page.mouse.move(tab.x + tab.width / 2, tab.y + tab.height / 2, { steps: 12 });
    // A small target: let the drag layer see the pointer over it before the release.
    await page.mouse.move(tab.x + tab.width / 2 + 1, tab.y + tab.height / 2);
    await page.waitForTimeout(100);
    await page.mouse.up();
    await page.waitForFunction(() => document.querySelector('[data-testid=preview-tab-pool]').textContent === 'Pool1');
    await page.getByTestId('preview-tab-pool').click();
    await page.getByTestId('pool-drop').waitFor();
    const second = await rows.nth(11).getAttribute('data-track-id');
    await rows.nth(11).click();
    await page.getByTestId('pool-add-selection').focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=pool-track]').length === 2);
    assert.deepEqual(await page.getByTestId('pool-track').evaluateAll((els) => els.map((e) => e.dataset.trackId)), [first, second]);
    await page.getByTestId('pool-track').first().getByTestId('pool-remove').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=pool-track]').length === 1);
  });

  await step('a rule switched on is saved and its violations reach the rule report', async () => {
    await page.getByTestId('preview-tab-rules').click();
    await page.getByTestId('preview-rules').waitFor();
    assert.equal(await page.getByTestId('rule-bannedTracks-item').count(), 1);
    await page.getByTestId('rule-artistSeparation-on').check();
    await page.getByTestId('rule-artistSeparation-value').fill('8');
    await page.getByTestId('preview-tab-variants').click();
    await page.waitForFunction(() => document.querySelector('[data-testid=preview-column] [data-testid=preview-violations] [data-rule=artistSeparation]') !== null);
    assert.ok(Number(await columns.first().getByTestId('preview-violations').getAttribute('data-count')) > 0);
  });

  await step('the evaluation runs as a job: progress in the dialog and in the jobs menu, hidden and reopened', async () => {
    await page.getByTestId('preview-evaluate').click();
    await page.getByTestId('evaluation-running').waitFor();
    await page.getByTestId('evaluation-progress').waitFor();
    // Hidden, it goes on in the background; the jobs menu tracks it like any other job.
    await page.getByTestId('evaluation-dismiss').click();
    await page.getByTestId('evaluation-dialog').waitFor({ state: 'detached' });
    assert.match(await page.getByTestId('job-indicator').getAttribute('class'), /is-running/);
    await page.getByTestId('job-indicator').click();
    await page.locator('.job-row', { hasText: 'Evaluate “' }).waitFor();
    await page.getByTestId('job-indicator').click();
    // Reopened while it runs: the same run, not a second one.
    await page.getByTestId('preview-evaluate').click();
    await page.getByTestId('evaluation-result').waitFor({ timeout: 10_000 });
  });

  await step('the evaluation says what the intervals say, charts hit share per segment and tabulates every list', async () => {
    await page.locator('[data-testid=evaluation-chart] canvas').waitFor();
    const rows = page.locator('[data-testid=evaluation-table] tbody tr');
    assert.deepEqual(await rows.evaluateAll((els) => els.map((e) => e.dataset.list)), ['variant', 'seed', 'popular', 'segmentMostPlayed', 'themeBaseline']);
    assert.equal(await page.getByTestId('evaluation-table').getAttribute('data-scope'), 'all');
    // Shares as "mean [low–high]" percentages, NDCG with three decimals.
    const cells = await rows.first().locator('td').allTextContents();
    assert.match(cells[1], /^\d+\.\d% \[\d+\.\d–\d+\.\d\]$/);
    assert.match(cells[4], /^0\.\d{3} \[0\.\d{3}–0\.\d{3}\]$/);
    assert.equal(await page.locator('[data-testid=evaluation-segments] tbody tr').count(), 6);
    const summary = await page.getByTestId('evaluation-summary').textContent();
    assert.match(summary, /^Against the theme baseline, the variant (finds more held-out plays in \d of 6 segments, fewer in \d|cannot be told apart)/);
    // The counts are the outcomes the overview shows (interval-backed), never the means.
    const better = await page.locator('[data-testid=evaluation-segments] tbody tr td:nth-child(4)[data-outcome=better]').count();
    if (/finds more/.test(summary)) assert.match(summary, new RegExp(`in ${better} of 6 segments`));
    await page.getByTestId('evaluation-scope').selectOption('2');
    assert.equal(await page.getByTestId('evaluation-table').getAttribute('data-scope'), '2');
    await page.locator('[data-testid=evaluation-segments] tbody tr[data-segment="4"] button').click();
    assert.equal(await page.getByTestId('evaluation-table').getAttribute('data-scope'), '4');
    await page.getByTestId('evaluation-close').click();
    await page.getByTestId('evaluation-dialog').waitFor({ state: 'detached' });
  });

  await step('reopened, the evaluation shows the last result; a new run can be cancelled, the last staying', async () => {
    await page.getByTestId('preview-evaluate').click();
    await page.getByTestId('evaluation-result').waitFor();
    assert.equal(await page.getByTestId('evaluation-running').count(), 0, 'the last evaluation still fits: no new run');
    await page.getByTestId('evaluation-rerun').click();
    await page.getByTestId('evaluation-cancel').click();
    await page.getByTestId('evaluation-cancelled').waitFor({ timeout: 10_000 });
    await page.getByTestId('evaluation-result').waitFor();
    await page.getByTestId('evaluation-close').click();
    await page.getByTestId('evaluation-dialog').waitFor({ state: 'detached' });
  });

  await step('the strength curve tab draws the last evaluation, the current strength ringed when it was evaluated', async () => {
    await page.getByTestId('preview-tab-curve').click();
    await page.locator('[data-testid=strength-curve-chart] canvas').waitFor();
    assert.equal(await page.getByTestId('strength-curve-unmarked').count(), 0);
    assert.equal(await page.getByTestId('strength-curve-stale').count(), 0);
    // 0.95 was not evaluated: the curve says so rather than guess.
    await page.getByTestId('preview-strength').focus();
    await page.keyboard.press('ArrowLeft');
    assert.equal(await page.getByTestId('preview-strength-value').textContent(), '0.95');
    assert.match(await page.getByTestId('preview-strength-text').textContent(), /keeps at least 5% of the seed/);
    await page.getByTestId('strength-curve-unmarked').waitFor();
    await page.keyboard.press('End');
    await page.getByTestId('strength-curve-unmarked').waitFor({ state: 'detached' });
    await page.getByTestId('preview-tab-variants').click();
  });

  // ---- playlist packages -------------------------------------------------------------------
  let exported = null;

  await step('the seed exports as a package: segments and formats, a chosen destination, progress, the result verified', async () => {
    const name = await page.getByTestId('seed-name').inputValue();
    await page.getByTestId('export-open').click();
    await page.getByTestId('export-dialog').waitFor();
    assert.equal(await page.locator('[data-testid^=export-segment-]').count(), 6);
    assert.equal(await page.locator('[data-testid^=export-segment-]:checked').count(), 6);
    for (const f of ['jspf', 'xspf', 'm3u8', 'csv']) assert.equal(await page.getByTestId(`export-format-${f}`).isChecked(), true);
    assert.equal(await page.getByTestId('export-path').inputValue(), `/home/editor/Workspaces/${name}.zip`);
    // At least one format: none ticked cannot start.
    for (const f of ['jspf', 'xspf', 'm3u8', 'csv']) await page.getByTestId(`export-format-${f}`).uncheck();
    assert.match(await page.getByTestId('export-invalid').textContent(), /at least one file format/);
    assert.equal(await page.getByTestId('export-start').isDisabled(), true);
    for (const f of ['jspf', 'xspf', 'm3u8', 'csv']) await page.getByTestId(`export-format-${f}`).check();
    // At least one segment: "Clear all" unticks them, "Select all" brings them back.
    await page.getByTestId('export-segments-all').click();
    assert.equal(await page.locator('[data-testid^=export-segment-]:checked').count(), 0);
    assert.match(await page.getByTestId('export-invalid').textContent(), /at least one segment/);
    assert.equal(await page.getByTestId('export-start').isDisabled(), true);
    await page.getByTestId('export-segments-all').press('Enter');
    assert.equal(await page.locator('[data-testid^=export-segment-]:checked').count(), 6);
    // The native save dialog (mocked) answers without .zip; the dialog appends it.
    await page.getByTestId('export-choose').click();
    await page.waitForFunction((n) => document.querySelector('[data-testid=export-path]').value === `/home/editor/Exports/${n}.zip`, name);
    await page.getByTestId('export-start').click();
    await page.getByTestId('export-progress').waitFor();
    await page.getByTestId('export-result').waitFor({ timeout: 10_000 });
    exported = await page.getByTestId('export-result-path').textContent();
    assert.equal(exported, `/home/editor/Exports/${name}.zip`);
    assert.match(await page.getByTestId('export-result-sha256').textContent(), /^[0-9a-f]{64}$/);
    assert.ok(Number(await page.getByTestId('export-result-bytes').getAttribute('data-bytes')) > 0);
    assert.match(await page.getByTestId('export-result-bytes').textContent(), /^\d+(\.\d+)? (B|kB|MB)$/);
    await page.getByTestId('export-verify').click();
    await page.getByTestId('export-verify-result').waitFor();
    assert.match(await page.getByTestId('export-verify-result').textContent(), /^Verified: 29 files, 6 variants/);
    assert.equal(await page.getByTestId('export-verify-result').getAttribute('data-ok'), 'true');
  });

  await step('a destination without .zip is refused in the dialog, in words', async () => {
    await page.getByTestId('export-path').fill('/home/editor/Exports/mix');
    await page.getByTestId('export-path').press('Enter');
    await page.getByTestId('export-error').waitFor({ timeout: 10_000 });
    assert.match(await page.getByTestId('export-error').textContent(), /mix: a package is a zip file; choose a name ending in \.zip/);
    assert.equal(await page.getByTestId('export-result').count(), 0);
    await page.keyboard.press('Escape');
    await page.getByTestId('export-dialog').waitFor({ state: 'detached' });
  });

  await step('Ctrl+E opens the export dialog from the keyboard', async () => {
    await page.getByTestId('export-open').focus();
    await page.keyboard.press('Control+e');
    await page.getByTestId('export-dialog').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('export-dialog').waitFor({ state: 'detached' });
  });

  await step('the package imports through the wizard as the seed and six variant playlists', async () => {
    await page.getByTestId('import-open').click();
    await page.getByTestId('import-kind-package').check();
    await page.getByRole('button', { name: 'Browse…' }).click();
    await page.waitForFunction((p) => document.querySelector('[data-testid=import-path]').value === p, exported);
    await page.getByTestId('import-next').click();
    await page.getByTestId('import-result').waitFor({ timeout: 10_000 });
    const report = page.getByTestId('import-package-report');
    assert.match(await report.textContent(), /the seed and 6 variants/);
    const ids = [await report.getAttribute('data-seed-playlist'), ...(await report.getAttribute('data-variant-playlists')).split(',')];
    assert.equal(ids.length, 7);
    await page.getByTestId('import-open-seed').click();
    await page.getByTestId('import-result').waitFor({ state: 'detached' });
    for (const id of ids) await page.locator(`[data-testid=playlist-item][data-playlist-id="${id}"]`).waitFor();
    await page.waitForFunction((id) => document.querySelector('[data-testid=seed-name]').value && document.querySelector(`[data-testid=playlist-item][data-playlist-id="${id}"]`), ids[0]);
  });

  await step('a package that cannot be read is refused in words; nothing is imported', async () => {
    await page.getByTestId('import-open').click();
    await page.getByTestId('import-kind-package').check();
    await page.getByTestId('import-path').fill('/home/editor/Downloads/tampered.zip');
    await page.getByTestId('import-next').click();
    await page.getByTestId('import-error').waitFor({ timeout: 10_000 });
    assert.match(await page.getByTestId('import-error').textContent(), /No such file or directory.*nothing was imported/);
    await page.getByTestId('import-close').click();
  });

  await step('the pane folds to a rail and unfolds', async () => {
    await page.getByTestId('preview-fold').click();
    await page.getByTestId('preview-panel').waitFor({ state: 'detached' });
    await page.getByTestId('preview-unfold').click();
    await page.getByTestId('preview-tab-variants').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=preview-column]').length === 6);
  });

  await step('without a segment model the preview and the export point at the Segments view', async () => {
    const bare = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    bare.on('pageerror', (e) => errors.push(String(e)));
    await bare.goto(`${url}?noModel&freeze`);
    await bare.locator('[data-testid=playlist-item]', { hasText: 'Pop Remix' }).click();
    await bare.getByTestId('preview-empty').waitFor();
    // No evaluation has run: the strength curve offers one, and the failed job says why in full.
    await bare.getByTestId('preview-tab-curve').click();
    await bare.getByTestId('strength-curve-empty').waitFor();
    await bare.getByTestId('strength-curve-run').click();
    await bare.getByTestId('strength-curve-error').waitFor({ timeout: 10_000 });
    assert.match(await bare.getByTestId('strength-curve-error').textContent(), /no segment model is active/);
    await bare.getByTestId('preview-tab-variants').click();
    await bare.getByTestId('preview-empty').waitFor();
    // The export says why it cannot run, and leads to the same place.
    await bare.getByTestId('export-open').click();
    await bare.getByTestId('export-no-model').waitFor();
    assert.equal(await bare.getByTestId('export-start').isDisabled(), true);
    assert.match(await bare.getByTestId('export-invalid').textContent(), /No segment model is active/);
    await bare.keyboard.press('Escape');
    await bare.getByTestId('export-dialog').waitFor({ state: 'detached' });
    await bare.getByTestId('preview-empty').getByRole('button', { name: 'Open Segments' }).click();
    await bare.getByTestId('segments-empty').waitFor();
    await bare.close();
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
