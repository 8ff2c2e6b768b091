// Journey 5: an editor exports a demo seed playlist with its six segment variants as a playlist
// package. A destination without .zip is refused in words; the package written shows its path,
// size and SHA-256 and verifies in the studio and with `segue verify`, which computes the same
// SHA-256. Imported back through the import wizard, it becomes seven playlists in the sidebar:
// the seed and one per segment.

import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { tid, waitFor, waitForValue } from "./webdriver.mjs";
import { cli, clickWhenEnabled, env, launch, makeDemoWorkspace, openSeedPlaylist, playlistIdByName, quit, step, tempDir } from "./helpers.mjs";

const DEMO_TRACKS = 28356;
const SEGMENTS = 6;
const FORMATS = ["jspf", "xspf", "m3u8", "csv"];
const PLAYLIST = "Locker Room";

/** The trimmed text of the element with test id `id`. */
async function textOf(session, id) {
  return (await (await session.find(tid(id))).text()).trim();
}

test("export: a seed and its six variants as a package that verifies and imports back", { timeout: 600_000 }, async (t) => {
  const e = env();
  const tmp = await tempDir("export");
  t.after(tmp.cleanup);
  const workspace = await makeDemoWorkspace(e.cli, tmp.dir);
  const playlistId = await playlistIdByName(e.cli, workspace, PLAYLIST);
  const before = JSON.parse(await cli(e.cli, ["playlists", "list", "--workspace", workspace, "--json"])).playlists.length;
  // Typed, not the suggested default (which is beside the workspace, named after the playlist).
  const out = path.join(tmp.dir, "Locker Room for serving.zip");
  const noZip = path.join(tmp.dir, "locker-room");

  const session = await launch(e, workspace);
  t.after(() => session.delete().catch(() => {}));

  await step(session, "open the seed playlist", (s) => openSeedPlaylist(s, playlistId, PLAYLIST, DEMO_TRACKS));

  await step(session, "the export dialog offers every segment and format", async (s) => {
    await (await s.find(tid("export-open"))).click();
    await s.waitForElement(tid("export-dialog"), { what: "export-dialog after export-open" });
    const boxes = await waitForValue(
      () => s.execute(`
        const state = (el) => ({ id: el.getAttribute("data-testid"), checked: el.checked });
        return {
          segments: Array.from(document.querySelectorAll('[data-testid^="export-segment-"]')).map(state),
          formats: Array.from(document.querySelectorAll('[data-testid^="export-format-"]')).map(state),
        };`),
      (b) => b.segments.length === SEGMENTS,
      { timeout: 30_000, what: `${SEGMENTS} export-segment-<index> checkboxes` },
    );
    assert.deepEqual(boxes.segments.map((b) => b.id), [...Array(SEGMENTS).keys()].map((i) => `export-segment-${i}`));
    assert.ok(boxes.segments.every((b) => b.checked), "every segment is ticked by default");
    assert.deepEqual(boxes.formats, FORMATS.map((f) => ({ id: `export-format-${f}`, checked: true })));
    // The default destination: beside the workspace, named after the playlist.
    const suggested = await (await s.find(tid("export-path"))).prop("value");
    assert.equal(suggested, path.join(tmp.dir, `${PLAYLIST}.zip`));
  });

  await step(session, "a destination without .zip is refused in words, and nothing is written", async (s) => {
    await s.fill(await s.find(tid("export-path")), noZip);
    await clickWhenEnabled(s, tid("export-start"));
    const err = await s.waitForElement(tid("export-error"), { timeout: 60_000, what: "export-error for a destination without .zip" });
    const text = await waitForValue(() => err.text(), (v) => v.trim().length > 0, { what: "export-error to have text" });
    t.diagnostic(`export-error: ${text}`);
    assert.match(text, /\.zip/, "the error asks for a .zip name");
    assert.ok(text.includes(noZip), `the error names the path; it reads ${JSON.stringify(text)}`);
    assert.equal(existsSync(noZip), false, "nothing was written");
  });

  let shown;
  await step(session, "export to a .zip under the test's folder: path, size and SHA-256", async (s) => {
    await s.fill(await s.find(tid("export-path")), out);
    await waitForValue(async () => (await s.find(tid("export-path"))).prop("value"), (v) => v === out, { what: `export-path to hold ${out}` });
    await clickWhenEnabled(s, tid("export-start"));
    await s.waitForElement(tid("export-result"), { timeout: 180_000, what: "export-result after export-start" });
    shown = {
      path: await textOf(s, "export-result-path"),
      bytes: Number(await (await s.find(tid("export-result-bytes"))).attr("data-bytes")),
      size: await textOf(s, "export-result-bytes"),
      sha256: await textOf(s, "export-result-sha256"),
    };
    t.diagnostic(`exported ${JSON.stringify(shown)}`);
    assert.equal(shown.path, out);
    assert.ok(shown.bytes > 0, "a size above zero");
    assert.match(shown.size, /^\d+(\.\d+)? (B|kB|MB)$/, "the size is human readable");
    assert.match(shown.sha256, /^[0-9a-f]{64}$/);
    assert.ok(existsSync(out), `${out} exists`);
    assert.equal(statSync(out).size, shown.bytes, "the size shown is the file's");
  });

  await step(session, "Verify in the studio: verified", async (s) => {
    await (await s.find(tid("export-verify"))).click();
    const result = await s.waitForElement(tid("export-verify-result"), { timeout: 60_000, what: "export-verify-result after export-verify" });
    const text = (await result.text()).trim();
    t.diagnostic(`export-verify-result: ${text}`);
    assert.equal(await result.attr("data-ok"), "true", text);
    assert.match(text, new RegExp(`^Verified: \\d+ files, ${SEGMENTS} variants`));
  });

  await step(session, "segue verify agrees: ok, six variants, the same SHA-256", async () => {
    const report = JSON.parse(await cli(e.cli, ["verify", out, "--json"]));
    assert.equal(report.ok, true, JSON.stringify(report.problems));
    assert.equal(report.variants, SEGMENTS);
    assert.equal(report.sha256, shown.sha256);
    assert.deepEqual(report.problems, []);
  });

  await step(session, "close the dialog", async (s) => {
    await (await s.find(tid("export-close"))).click();
    await s.waitForNoElement(tid("export-dialog"), { what: "the export dialog to close" });
  });

  let ids;
  await step(session, "import the package through the wizard's package kind", async (s) => {
    await (await s.find(tid("import-open"))).click();
    const kind = await s.waitForElement(tid("import-kind-package"), { what: "import-kind-package after import-open" });
    await kind.click();
    const input = await s.find(tid("import-path"));
    await s.fill(input, out);
    await waitForValue(() => input.prop("value"), (v) => v === out, { what: `import-path to hold ${out}` });
    await clickWhenEnabled(s, tid("import-next"));
    await waitFor(async () => (await s.maybeFind(tid("import-result"))) ?? (await s.maybeFind(tid("import-error"))), {
      timeout: 120_000,
      what: "import-result (or import-error) after importing the package",
    });
    const failed = await s.maybeFind(tid("import-error"));
    assert.equal(failed, null, failed ? `the import failed: ${await failed.text()}` : "");
    const report = await s.find(tid("import-package-report"));
    t.diagnostic(`import-package-report: ${(await report.text()).replace(/\s+/g, " ")}`);
    const seed = await report.attr("data-seed-playlist");
    const variants = (await report.attr("data-variant-playlists")).split(",").filter(Boolean);
    assert.equal(variants.length, SEGMENTS, `${SEGMENTS} variant playlists`);
    ids = [seed, ...variants];
    assert.equal(new Set(ids).size, SEGMENTS + 1);
    assert.ok(!ids.includes(playlistId), "the import makes new playlists, the original seed stays as it was");
    await (await s.find(tid("import-close"))).click();
    await s.waitForNoElement(tid("import-result"), { what: "the import wizard to close" });
  });

  await step(session, "the sidebar shows the seed and its six variants", async (s) => {
    const names = await waitForValue(
      () => s.execute(
        `return arguments[0].map((id) => {
           const el = document.querySelector('[data-testid="playlist-item"][data-playlist-id="' + id + '"]');
           return el ? el.textContent.trim() : null;
         });`,
        ids,
      ),
      (n) => n.every((x) => x !== null),
      { timeout: 30_000, what: `playlist-item elements for the imported playlists ${ids.join(", ")}` },
    );
    t.diagnostic(`imported: ${names.join(" | ")}`);
    assert.equal(names[0], PLAYLIST);
    for (const name of names.slice(1)) assert.ok(name.startsWith(`${PLAYLIST} · `), `a variant is named after the seed: ${name}`);
  });

  await quit(session, e, workspace);

  const after = JSON.parse(await cli(e.cli, ["playlists", "list", "--workspace", workspace, "--json"])).playlists.length;
  assert.equal(after, before + SEGMENTS + 1, "the workspace gained seven playlists");
});
