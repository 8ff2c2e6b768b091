// Journey 3: an editor gives a demo workspace simulated listeners (with the CLI, as a pipeline
// would), opens it in the studio, fits a segment model with a fixed k = 6 from the Segments
// view, and sees six segment cards, the map and the simulated-listeners label.

import { test } from "node:test";
import assert from "node:assert/strict";
import { tid, waitFor, waitForValue } from "./webdriver.mjs";
import { cli, env, launch, makeDemoWorkspace, quit, simulateListeners, step, tempDir } from "./helpers.mjs";

const LISTENERS = 3000;
const K = 6;

/** The model picker's options: id, text and whether selected (none while there is no model). */
function modelOptions(session) {
  return session.execute(`
    const select = document.querySelector('[data-testid="segments-model-select"]');
    return select ? Array.from(select.options).map((o) => ({ id: o.value, text: o.textContent, selected: o.selected })) : [];`);
}

/** The visible text of the element with test id `id`, or null when there is none. */
async function textOf(session, id) {
  const el = await session.maybeFind(tid(id));
  return el ? (await el.text()).trim() : null;
}

test("segments: fit k = 6 on simulated listeners; six cards, the map and the simulated label", { timeout: 600_000 }, async (t) => {
  const e = env();
  const tmp = await tempDir("segments");
  t.after(tmp.cleanup);
  const workspace = await makeDemoWorkspace(e.cli, tmp.dir);
  const report = await simulateListeners(e.cli, workspace, { listeners: LISTENERS, seed: 7 });
  assert.equal(report.listeners, LISTENERS, "segue simulate drew the listeners asked for");

  const session = await launch(e, workspace);
  t.after(() => session.delete().catch(() => {}));

  let before = [];
  await step(session, "switch to the Segments view", async (s) => {
    await (await s.waitForElement(tid("view-segments"), { what: "the view-segments tab in the top bar" })).click();
    await waitForValue(
      () => textOf(s, "segments-simulated"),
      (v) => v !== null && /Simulated listeners/.test(v),
      { timeout: 20_000, what: "segments-simulated to label the simulated listeners" },
    );
    // The demo may come with a model of its own; the fit must add a new one.
    before = (await modelOptions(s)).map((o) => o.id);
    t.diagnostic(`models before the fit: ${JSON.stringify(before)}`);
  });

  await step(session, "open the fit dialog, choose a fixed k = 6 and start", async (s) => {
    const stale = await textOf(s, "segments-stale");
    await (await s.find(tid("segments-fit-open"))).click();
    await (await s.waitForElement(tid("segments-fit-fixed"), { what: "segments-fit-fixed in the fit dialog" })).click();
    const k = await s.waitForElement(tid("segments-fit-k"), { what: "segments-fit-k after choosing a fixed k" });
    await s.fill(k, String(K));
    await waitForValue(() => k.prop("value"), (v) => v === String(K), { what: `segments-fit-k to hold ${K}` });
    if (stale !== null) {
      // The CLI's listeners arrived after the demo's vector build: the dialog rebuilds first.
      t.diagnostic(`before the fit: ${stale}`);
      assert.equal(await (await s.find(tid("segments-fit-rebuild"))).prop("checked"), true, "segments-fit-rebuild is checked when listeners are not in the vectors");
    }
    const start = await s.find(tid("segments-fit-start"));
    await waitFor(() => start.enabled(), { what: "segments-fit-start to be enabled" });
    await start.click();
  });

  await step(session, "wait for the fit to finish and the new model to be active", async (s) => {
    // An error ends the wait at once (waitFor would take a throw for "not yet").
    const outcome = await waitFor(
      async () => {
        const error = await textOf(s, "segments-fit-error");
        if (error !== null) return { error };
        const selected = (await modelOptions(s)).find((o) => o.selected);
        const dialogOpen = (await s.maybeFind(tid("segments-fit-start"))) !== null;
        const done = !dialogOpen && selected && !before.includes(selected.id) && / active$/.test(selected.text);
        return done ? { model: selected } : null;
      },
      { timeout: 420_000, interval: 500, what: "the fit dialog to close on a new, active model in segments-model-select" },
    );
    assert.equal(outcome.error, undefined, `the fit failed: ${outcome.error}`);
    t.diagnostic(`new active model: ${outcome.model.text}`);
  });

  await step(session, "six segment cards, the map, the simulated label", async (s) => {
    const cards = await waitForValue(
      () => s.execute(`return Array.from(document.querySelectorAll('[data-testid="segment-card"]')).map((c) => c.getAttribute("data-segment"));`),
      (v) => v.length === K,
      { timeout: 20_000, what: `${K} segment-card elements` },
    );
    assert.deepEqual(cards, ["0", "1", "2", "3", "4", "5"], "one card per segment, in order");
    const names = await s.execute(`return Array.from(document.querySelectorAll('[data-testid="segment-name"]')).map((n) => n.value);`);
    assert.equal(names.length, K);
    assert.ok(names.every((n) => n.trim().length > 0), `every segment has a name: ${JSON.stringify(names)}`);
    const canvas = await waitFor(() => s.maybeFind(`${tid("segments-map")} canvas`), { what: "a canvas in segments-map" });
    const rect = await canvas.rect();
    assert.ok(rect.width > 100 && rect.height > 100, `the map canvas has a size: ${JSON.stringify(rect)}`);
    assert.match(await textOf(s, "segments-simulated"), /Simulated listeners/);
    assert.match(await textOf(s, "segments-k"), new RegExp(`^${K}\\s+fixed$`));
    assert.equal(await s.maybeFind(tid("segments-stale")), null, "the vectors cover every listener after the fit");
  });

  // The headless path sees the studio's model: active, k = 6, fitted with the CLI's listeners.
  const shown = JSON.parse(await cli(e.cli, ["segments", "show", "--workspace", workspace, "--json"]));
  assert.equal(shown.summary.k, K);
  assert.ok(!before.includes(String(shown.summary.id)), `segue segments show lists the new model (${shown.summary.id})`);
  const covered = shown.summary.metrics.fitted + shown.summary.metrics.assignedAfter;
  t.diagnostic(`model ${shown.summary.id}: ${covered} listeners, simulated share ${shown.simulatedShare}`);
  assert.ok(covered >= LISTENERS, `the model covers the simulated listeners (${covered})`);

  await quit(session, e, workspace);
});
