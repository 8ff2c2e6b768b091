// Journey 2: a catalogue file with a bad value is refused with an error that names the file,
// the line and the field, and the workspace is left as it was.

import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import path from "node:path";
import { tid, waitFor, waitForValue } from "./webdriver.mjs";
import { env, launch, makeDemoWorkspace, quit, step, tempDir, waitForLibraryTotal } from "./helpers.mjs";

const DEMO_TRACKS = 28356;

const HEADER =
  "track_id,track_name,track_artist,track_popularity,track_album_id,track_album_name,track_album_release_date," +
  "playlist_name,playlist_id,playlist_genre,playlist_subgenre,danceability,energy,key,loudness,mode,speechiness," +
  "acousticness,instrumentalness,liveness,valence,tempo,duration_ms";

// Line 2 is a good row (new ids, so it would add a track if it were committed); line 3 has
// energy 1.7, outside [0, 1].
const BAD_CSV = [
  HEADER,
  "e2eGoodTrack000000000001,E2E Good Song,E2E Artist,50,e2eAlbum0000000000000001,E2E Album,2020-01-01," +
    "E2E List,e2eList00000000000000001,pop,dance pop,0.7,0.8,5,-5.0,1,0.05,0.1,0,0.1,0.5,120.0,200000",
  "e2eBadTrack0000000000002,E2E Bad Song,E2E Artist,40,e2eAlbum0000000000000001,E2E Album,2020-01-01," +
    "E2E List,e2eList00000000000000001,pop,dance pop,0.6,1.7,2,-6.0,0,0.04,0.2,0,0.1,0.4,110.0,180000",
].join("\n") + "\n";

test("import: a bad catalogue is refused naming file, line 3 and energy; the workspace is unchanged", { timeout: 240_000 }, async (t) => {
  const e = env();
  const tmp = await tempDir("import");
  t.after(tmp.cleanup);
  const workspace = await makeDemoWorkspace(e.cli, tmp.dir);
  const bad = path.join(tmp.dir, "bad-catalogue.csv");
  await writeFile(bad, BAD_CSV);

  // The headless path refuses the same file (exit 3, a bad input file), as a reference.
  const cliRun = await promisify(execFile)(e.cli, ["import", "catalog", bad, "--workspace", workspace]).then(
    () => ({ code: 0, stderr: "" }),
    (err) => ({ code: err.code, stderr: String(err.stderr) }),
  );
  assert.equal(cliRun.code, 3, `segue import catalog of the bad file should exit 3; stderr: ${cliRun.stderr}`);
  assert.match(cliRun.stderr, /line 3/, "the CLI's message names line 3");
  assert.match(cliRun.stderr, /energy/, "the CLI's message names the energy field");

  const session = await launch(e, workspace);
  t.after(() => session.delete().catch(() => {}));

  await step(session, "library shows the demo catalogue", (s) =>
    waitForLibraryTotal(s, DEMO_TRACKS, { timeout: 30_000 }),
  );

  await step(session, "open the import wizard and choose a catalogue", async (s) => {
    await (await s.find(tid("import-open"))).click();
    const kind = await s.waitForElement(tid("import-kind-catalog"), {
      what: "import-kind-catalog after clicking import-open",
    });
    await kind.click();
    const input = await s.waitForElement(tid("import-path"), {
      what: "import-path after choosing import-kind-catalog",
    });
    await s.fill(input, bad);
    await waitForValue(
      () => input.prop("value"),
      (v) => v === bad,
      { what: `import-path to hold ${bad}` },
    );
    await (await s.find(tid("import-next"))).click();
  });

  let errorText;
  await step(session, "start the import and wait for its error", async (s) => {
    // The preview step: import-start (or, if the preview already refuses the file, import-error).
    const next = await waitFor(
      async () => (await s.maybeFind(tid("import-start"))) ?? (await s.maybeFind(tid("import-error"))),
      { timeout: 20_000, what: "import-start (the preview/mapping step) after import-next" },
    );
    if ((await next.attr("data-testid")) === "import-start") {
      await waitFor(() => next.enabled(), { what: "import-start to be enabled" });
      await next.click();
    } else {
      t.diagnostic("the preview refused the file before import-start");
    }
    const err = await s.waitForElement(tid("import-error"), {
      timeout: 30_000,
      what: "import-error after import-start",
    });
    errorText = await waitForValue(
      () => err.text(),
      (v) => v.trim().length > 0,
      { what: "import-error to have text" },
    );
    t.diagnostic(`import-error: ${errorText}`);
  });

  assert.ok(
    errorText.includes(path.basename(bad)),
    `import-error should name the file ${path.basename(bad)}; it reads ${JSON.stringify(errorText)}`,
  );
  assert.match(errorText, /line 3\b/, `import-error should name line 3; it reads ${JSON.stringify(errorText)}`);
  assert.match(errorText, /energy/, `import-error should name the field energy; it reads ${JSON.stringify(errorText)}`);
  // Nothing of the file was kept: no progress left running, no result.
  assert.equal(await session.maybeFind(tid("import-result")), null, "no import-result after a failed import");

  await step(session, "close the wizard; the catalogue is unchanged", async (s) => {
    await (await s.find(tid("import-close"))).click();
    await s.waitForNoElement(tid("import-error"), { what: "the import wizard to close (import-error gone)" });
    await waitForLibraryTotal(s, DEMO_TRACKS);
    // The good row of line 2 was not committed either.
    const search = await s.find(tid("library-search"));
    await s.fill(search, "E2E Good Song");
    await waitForValue(
      async () => (await s.findAll(tid("library-row"))).length,
      (n) => n === 0,
      { what: "no library-row for the good row of the refused file (searching \"E2E Good Song\")" },
    );
  });

  await quit(session, e, workspace);
});
