// Journey 4: an editor opens a seed playlist of the demo (20,000 simulated listeners, an active
// six-segment model) and sees it personalized: the seed column and one column per segment. A
// library track dragged into the seed reaches the preview; at full strength the variants move
// away from the seed, and a pinned track keeps its position in every column. The offline
// evaluation then runs as a job and, once done, tabulates every list for all listeners and per
// segment, sums up what the intervals say, and fills the strength curve beside the slider.

import { test } from "node:test";
import assert from "node:assert/strict";
import { tid, tidAttr, waitFor, waitForValue } from "./webdriver.mjs";
import {
  env,
  launch,
  makeDemoWorkspace,
  openSeedPlaylist,
  playlistIdByName,
  previewColumns,
  quit,
  searchLibrary,
  seedListEndPoint,
  seedRows,
  step,
  tempDir,
  waitForSeedOrder,
} from "./helpers.mjs";

const DEMO_TRACKS = 28356;
const SEGMENTS = 6;
// A demo seed playlist of 20 tracks whose variants differ from it at full strength.
const PLAYLIST = "Locker Room";
// A track no playlist of the demo holds under that name (see studio.test.mjs).
const DRAGGED = { query: "Wrecking Ball", title: "Wrecking Ball", id: "2vwlzO0Qp8kfEtzTsCXfyE" };
const PIN_AT = 3;
const END_KEY = "\uE010";

/** Seed and columns joined into one string, to see any change of track or marker. */
const fingerprint = (p) => p.columns.map((c) => c.tracks.map((t) => `${t.trackId}:${t.status}`).join(",")).join("|");

test("preview: six segment columns beside the seed; a dragged track and a pin reach every column", { timeout: 600_000 }, async (t) => {
  const e = env();
  const tmp = await tempDir("preview");
  t.after(tmp.cleanup);
  const workspace = await makeDemoWorkspace(e.cli, tmp.dir);
  const playlistId = await playlistIdByName(e.cli, workspace, PLAYLIST);

  const session = await launch(e, workspace);
  t.after(() => session.delete().catch(() => {}));

  await step(session, "open the seed playlist", (s) => openSeedPlaylist(s, playlistId, PLAYLIST, DEMO_TRACKS));

  let seed = [];
  await step(session, "the preview shows the seed and one column per segment", async (s) => {
    seed = (await waitForValue(() => seedRows(s), (rows) => rows.length === 20, { what: "20 seed rows" })).map((r) => r.trackId);
    const shown = await waitForValue(
      () => previewColumns(s),
      (p) => p.columns.length === SEGMENTS && JSON.stringify(p.seed) === JSON.stringify(seed),
      { timeout: 60_000, what: `preview-seed-column holding the seed and ${SEGMENTS} preview-column elements` },
    );
    assert.deepEqual(shown.columns.map((c) => c.segment), ["0", "1", "2", "3", "4", "5"]);
    for (const c of shown.columns) {
      assert.ok(c.tracks.length > 0, `segment ${c.segment} has tracks`);
      assert.ok(c.tracks.every((x) => ["kept", "moved", "added"].includes(x.status)), `markers of segment ${c.segment}: ${c.tracks.map((x) => x.status)}`);
    }
    const heads = await s.execute(`return document.querySelectorAll('[data-testid="preview-column"] [data-testid="preview-metrics"]').length;`);
    assert.equal(heads, SEGMENTS, "every column has its metrics");
    const reports = await s.execute(`return document.querySelectorAll('[data-testid="preview-column"] [data-testid="preview-violations"]').length;`);
    assert.equal(reports, SEGMENTS, "every column has its rule report");
  });

  await step(session, "drag a library track into the seed: the preview gains it", async (s) => {
    const found = await searchLibrary(s, DRAGGED.query, DRAGGED.title, DEMO_TRACKS);
    assert.equal(found.trackId, DRAGGED.id, `the first row for ${DRAGGED.query}: ${found.text}`);
    // Grab the title cell: its centre is on screen however narrow the library is.
    const cell = await s.find(`${tidAttr("library-row", "data-track-id", DRAGGED.id)} [role="gridcell"]`);
    await s.dragAndDrop(cell, null, { targetFn: () => seedListEndPoint(s) });
    seed = [...seed, DRAGGED.id];
    await waitForSeedOrder(s, seed, { what: `${DRAGGED.id} appended to the seed rows` });
    await waitForValue(
      () => previewColumns(s),
      (p) => JSON.stringify(p.seed) === JSON.stringify(seed) && p.columns.length === SEGMENTS,
      { timeout: 30_000, what: `preview-seed-column to end with ${DRAGGED.id}` },
    );
  });

  await step(session, "full strength: the variants move away from the seed", async (s) => {
    const before = fingerprint(await previewColumns(s));
    const slider = await s.find(tid("preview-strength"));
    await s.execute(`arguments[0].focus();`, slider);
    await s.performActions([{ type: "key", id: "keyboard", actions: [{ type: "keyDown", value: END_KEY }, { type: "keyUp", value: END_KEY }] }]);
    await s.releaseActions().catch(() => {});
    await waitForValue(async () => (await s.find(tid("preview-strength-value"))).text(), (v) => v.trim() === "1.00", { what: "preview-strength-value to read 1.00 after End" });
    const after = await waitForValue(
      () => previewColumns(s),
      (p) => p.columns.length === SEGMENTS && fingerprint(p) !== before && p.columns.some((c) => c.tracks.some((x) => x.status !== "kept")),
      { timeout: 30_000, what: "the segment columns to change after the strength went to 1" },
    );
    t.diagnostic(`at full strength: ${after.columns.map((c) => `${c.segment}: ${c.tracks.filter((x) => x.status === "added").length} added`).join(", ")}`);
  });

  await step(session, "pin a seed track: it keeps its position in every column", async (s) => {
    const id = seed[PIN_AT];
    const moved = (await previewColumns(s)).columns.filter((c) => c.tracks[PIN_AT]?.trackId !== id).length;
    t.diagnostic(`before the pin, ${moved} of ${SEGMENTS} columns had another track at #${PIN_AT + 1}`);
    const row = await s.find(tidAttr("seed-row", "data-track-id", id));
    // Centred in the list, clear of its sticky header.
    await s.clickAt(await row.find(tid("seed-pin")));
    await waitForValue(() => seedRows(s), (rows) => rows[PIN_AT]?.pinned === "true", { what: `seed row ${PIN_AT + 1} pinned` });
    const p = await waitForValue(
      () => previewColumns(s),
      (v) => v.columns.length === SEGMENTS && v.columns.every((c) => c.tracks[PIN_AT]?.trackId === id),
      { timeout: 30_000, what: `${id} at position ${PIN_AT + 1} of every preview-column` },
    );
    assert.ok(p.columns.every((c) => c.tracks[PIN_AT].pinned === "true"), "the pinned track is marked pinned in every column");
  });

  await step(session, "the evaluation job finishes; its tables, summary, chart and the strength curve show", async (s) => {
    await (await s.find(tid("preview-evaluate"))).click();
    // A job: progress and a cancel button while it runs (it rebuilds the engine for every split).
    await waitFor(() => s.maybeFind(`${tid("evaluation-running")}, ${tid("evaluation-result")}, ${tid("evaluation-error")}`), { timeout: 30_000, what: "the evaluation to start (evaluation-running)" });
    const ended = await waitFor(() => s.maybeFind(`${tid("evaluation-result")}, ${tid("evaluation-error")}`), {
      timeout: 360_000,
      interval: 1000,
      what: "the evaluation job to finish (evaluation-result or evaluation-error)",
    });
    assert.equal(await ended.attr("data-testid"), "evaluation-result", `the evaluation failed: ${await ended.text()}`);
    const lists = await s.execute(`return Array.from(document.querySelectorAll('[data-testid="evaluation-table"] tbody tr')).map((r) => r.dataset.list);`);
    assert.deepEqual(lists, ["variant", "seed", "popular", "segmentMostPlayed", "themeBaseline"], "the all-listeners table has every list");
    const variant = await s.execute(`return Array.from(document.querySelectorAll('[data-testid="evaluation-table"] tbody tr[data-list="variant"] td')).map((td) => td.textContent);`);
    t.diagnostic(`variant, all listeners: ${variant.join(" | ")}`);
    assert.match(variant[1], /^\d+\.\d% \[\d+\.\d–\d+\.\d\]$/, "hit share as mean [low–high]");
    assert.match(variant[4], /^\d\.\d{3} \[\d\.\d{3}–\d\.\d{3}\]$/, "NDCG with three decimals");
    const segments = await s.execute(`return document.querySelectorAll('[data-testid="evaluation-segments"] tbody tr').length;`);
    assert.equal(segments, SEGMENTS, "one overview row per segment");
    const summary = (await (await s.find(tid("evaluation-summary"))).text()).trim();
    t.diagnostic(summary);
    assert.match(summary, new RegExp(`^Against the theme baseline, the variant (finds more held-out plays in \\d of ${SEGMENTS} segments, fewer in \\d|cannot be told apart from it in any of the ${SEGMENTS} segments)`));
    // Only interval-backed wins count: the summary's number is the overview's "better" cells.
    const better = await s.execute(`return document.querySelectorAll('[data-testid="evaluation-segments"] tbody tr td:nth-child(4)[data-outcome="better"]').length;`);
    if (/finds more/.test(summary)) assert.match(summary, new RegExp(`in ${better} of ${SEGMENTS} segments`));
    const canvas = await waitFor(() => s.maybeFind(`${tid("evaluation-chart")} canvas`), { timeout: 15_000, what: "the evaluation chart" });
    const rect = await canvas.rect();
    assert.ok(rect.width > 200 && rect.height > 150, `the chart has a size: ${JSON.stringify(rect)}`);
    await (await s.find(tid("evaluation-close"))).click();
    await waitFor(async () => (await s.maybeFind(tid("evaluation-dialog"))) === null, { what: "the evaluation dialog to close" });

    // The strength curve, a tab beside the slider, from the same evaluation.
    await (await s.find(tid("preview-tab-curve"))).click();
    const curve = await waitFor(() => s.maybeFind(`${tid("strength-curve-chart")} canvas`), { timeout: 15_000, what: "the strength curve chart" });
    const box = await curve.rect();
    assert.ok(box.width > 200 && box.height > 150, `the curve has a size: ${JSON.stringify(box)}`);
    assert.equal(await s.maybeFind(tid("strength-curve-unmarked")), null, "the current strength (1.00) was evaluated: its point is ringed");
    assert.equal(await s.maybeFind(tid("strength-curve-stale")), null, "the curve is of the playlist as it is");
    await (await s.find(tid("preview-tab-variants"))).click();
  });

  await quit(session, e, workspace);
});
