// Takes the README's screenshot of the real studio on the demo workspace: a real playlist open in
// the seed editor beside the library and the preview of every segment's variant. Not a test (nothing is asserted on a picture); run it with
//   bash scripts/e2e.sh tests/e2e/screenshot.mjs      (writes docs/screenshot.png)

import path from "node:path";
import { fileURLToPath } from "node:url";
import { tid, waitFor } from "./webdriver.mjs";
import { env, launch, makeDemoWorkspace, quit, tempDir } from "./helpers.mjs";

const out = path.join(path.dirname(fileURLToPath(import.meta.url)), "../../docs/screenshot.png");
const e = env();
const { dir, cleanup } = await tempDir("screenshot");
const workspace = await makeDemoWorkspace(e.cli, dir);
const session = await launch(e, workspace);
try {
  await waitFor(async () => (await session.findAll(tid("playlist-item"))).length > 10, { timeout: 30_000, what: "the playlists" });
  await session.execute(`
    const want = arguments[0];
    const item = Array.from(document.querySelectorAll('[data-testid="playlist-item"]')).find((el) => el.textContent.includes(want));
    item.click();`, "Pop Hits 2000-2019");
  await waitFor(async () => (await session.findAll(tid("seed-row"))).length > 10, { timeout: 15_000, what: "the playlist's rows" });
  const search = await session.find(tid("library-search"));
  await search.sendKeys("love");
  await waitFor(async () => (await session.findAll(tid("library-row"))).length > 5, { timeout: 15_000, what: "search results" });
  // The preview pane beside the seed: one column per segment of the demo's model.
  await waitFor(async () => (await session.findAll(tid("preview-column"))).length >= 6, { timeout: 30_000, what: "the preview columns" });
  await new Promise((r) => setTimeout(r, 1500)); // let the charts finish their animation
  await session.screenshot(out);
  console.log(`wrote ${out}`);
} finally {
  await quit(session, e, workspace);
  await cleanup();
}
