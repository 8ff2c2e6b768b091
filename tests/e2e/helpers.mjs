// Shared set-up for the end-to-end journeys: environment, fresh demo workspaces made with the
// CLI, launching the studio on one, failure artefacts, and the UI contract's test ids.

import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { newSession, processesWith, tid, tidAttr, waitFor, waitForValue } from "./webdriver.mjs";

const run = promisify(execFile);

/** The environment scripts/e2e.sh passes: SEGUE_APP, SEGUE_CLI, WEBDRIVER_URL. */
export function env() {
  const app = process.env.SEGUE_APP;
  const cli = process.env.SEGUE_CLI;
  const webdriver = process.env.WEBDRIVER_URL;
  const missing = [];
  if (!app) missing.push("SEGUE_APP");
  if (!cli) missing.push("SEGUE_CLI");
  if (!webdriver) missing.push("WEBDRIVER_URL");
  if (missing.length) {
    throw new Error(`${missing.join(", ")} not set: run the journeys through scripts/e2e.sh`);
  }
  for (const [name, file] of [["SEGUE_APP", app], ["SEGUE_CLI", cli]]) {
    if (!path.isAbsolute(file) || !existsSync(file)) throw new Error(`${name}=${file}: not an existing absolute path`);
  }
  return { app, cli, webdriver };
}

/** Where failure screenshots and page sources go. */
export const ARTIFACTS = process.env.E2E_ARTIFACTS || path.join(os.tmpdir(), "segue-e2e-artifacts");

/** A fresh temporary directory, removed by the returned `cleanup` (unless E2E_KEEP=1). */
export async function tempDir(prefix) {
  const dir = await mkdtemp(path.join(os.tmpdir(), `segue-e2e-${prefix}-`));
  return {
    dir,
    cleanup: async () => {
      if (process.env.E2E_KEEP === "1") return;
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Runs the `segue` CLI; returns stdout (throws with stderr on a non-zero exit). */
export async function cli(cliPath, args, { timeout = 120_000 } = {}) {
  try {
    const { stdout } = await run(cliPath, args, { timeout, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (e) {
    throw new Error(`segue ${args.join(" ")} failed (exit ${e.code}): ${e.stderr || e.message}`);
  }
}

/** `segue init <dir>/demo.segue --demo`: a fresh copy of the bundled demo workspace. */
export async function makeDemoWorkspace(cliPath, dir) {
  const file = path.join(dir, "demo.segue");
  await cli(cliPath, ["init", file, "--demo"]);
  if (!existsSync(file)) throw new Error(`segue init did not create ${file}`);
  return file;
}

/**
 * `segue simulate --listeners N --seed S --workspace W --json`: adds simulated listeners (with
 * known tastes) to a workspace; returns the simulation report.
 */
export async function simulateListeners(cliPath, workspace, { listeners, seed }, { timeout = 300_000 } = {}) {
  const out = await cli(
    cliPath,
    ["simulate", "--listeners", String(listeners), "--seed", String(seed), "--workspace", workspace, "--json"],
    { timeout },
  );
  return JSON.parse(out);
}

/**
 * Starts the studio on `workspace` through tauri-driver and waits until `workspace-name` shows
 * `expectName`.
 */
export async function launch({ app, webdriver }, workspace, { expectName = "demo", timeout = 30_000 } = {}) {
  const session = await newSession(webdriver, { application: app, args: ["--workspace", workspace] });
  try {
    await waitForValue(
      async () => (await (await session.find(tid("workspace-name"))).text()).trim(),
      (t) => t === expectName,
      { timeout, what: `[data-testid=workspace-name] to read ${JSON.stringify(expectName)} after launching on ${workspace}` },
    );
  } catch (e) {
    await saveArtifacts(session, "launch");
    const page = await pageState(session).catch((err) => `(page state unavailable: ${err.message})`);
    e.message += `; page: ${page}`;
    await session.delete().catch(() => {});
    throw e;
  }
  return session;
}

/** A one-line description of the page, for launch failures (an empty #root means the UI crashed). */
export async function pageState(session) {
  const st = await session.execute(`
    const root = document.getElementById("root");
    return {
      url: location.href,
      readyState: document.readyState,
      rootChildren: root ? root.childElementCount : null,
      text: (document.body ? document.body.innerText : "").replace(/\\s+/g, " ").trim().slice(0, 300),
    };`);
  const crashed = st.rootChildren === 0 ? " (#root is empty: the UI did not render or crashed at start)" : "";
  return `${JSON.stringify(st)}${crashed}`;
}

/**
 * Ends the session and waits until the app process launched on `workspace` has exited, so that
 * the next launch is a real restart.
 */
export async function quit(session, { app }, workspace, { timeout = 20_000 } = {}) {
  await session.delete();
  await waitFor(() => processesWith(app, workspace).length === 0, {
    timeout,
    what: `the studio on ${workspace} to exit after the WebDriver session ended (still running: ${
      processesWith(app, workspace).map((p) => p.pid).join(", ") || "none"
    })`,
  });
}

/** Saves a screenshot and the page source of `session` under ARTIFACTS (best effort). */
export async function saveArtifacts(session, name) {
  const stamp = `${name.replace(/[^\w.-]+/g, "_")}-${Date.now()}`;
  const saved = [];
  try {
    saved.push(await session.screenshot(path.join(ARTIFACTS, `${stamp}.png`)));
  } catch (e) {
    saved.push(`(no screenshot: ${e.message})`);
  }
  try {
    const { writeFile, mkdir } = await import("node:fs/promises");
    await mkdir(ARTIFACTS, { recursive: true });
    const file = path.join(ARTIFACTS, `${stamp}.html`);
    await writeFile(file, await session.source());
    saved.push(file);
  } catch (e) {
    saved.push(`(no page source: ${e.message})`);
  }
  console.error(`e2e artefacts for ${name}: ${saved.join(", ")}`);
  return saved;
}

/**
 * Runs `fn(session)`; if it throws, saves artefacts first (named `name`) and rethrows.
 */
export async function step(session, name, fn) {
  try {
    return await fn(session);
  } catch (e) {
    await saveArtifacts(session, name);
    e.message = `[${name}] ${e.message}`;
    throw e;
  }
}

/**
 * The first whole number in `text`, with thousands separators ("28,356", "28 356", "28.356")
 * understood; NaN when there is none.
 */
export function firstNumber(text) {
  const m = String(text).match(/\d{1,3}(?:[,.'\u00a0\u202f\u2009 ]\d{3})+(?!\d)|\d+/);
  return m ? Number(m[0].replace(/\D/g, "")) : NaN;
}

/** The number `library-total` shows. */
export async function libraryTotal(session) {
  const text = await (await session.find(tid("library-total"))).text();
  const n = firstNumber(text);
  if (Number.isNaN(n)) throw new Error(`library-total has no number in ${JSON.stringify(text)}`);
  return n;
}

/** Waits until `library-total` shows exactly `n`; returns it. */
export function waitForLibraryTotal(session, n, { timeout = 15_000 } = {}) {
  return waitForValue(
    () => libraryTotal(session),
    (v) => v === n,
    { timeout, what: `[data-testid=library-total] to show ${n}` },
  );
}

/**
 * Types `query` into `library-search` and waits until `library-total` falls below `before` and
 * the first `library-row` contains `expectText` (case-insensitive). Returns that row's
 * `data-track-id` and the new total.
 */
export async function searchLibrary(session, query, expectText, before, { timeout = 15_000 } = {}) {
  const input = await session.find(tid("library-search"));
  await session.fill(input, query);
  const want = expectText.toLowerCase();
  const seen = await waitForValue(
    async () => {
      const total = await libraryTotal(session);
      const first = await session.maybeFind(tid("library-row"));
      const text = first ? (await first.text()).replace(/\s+/g, " ").trim() : null;
      const trackId = first ? await first.attr("data-track-id") : null;
      return { total, text, trackId };
    },
    (s) => s.total < before && s.text !== null && s.text.toLowerCase().includes(want),
    {
      timeout,
      what: `after searching ${JSON.stringify(query)}: library-total below ${before} and the first library-row containing ${JSON.stringify(expectText)}`,
    },
  );
  return seen;
}

/** The seed rows of the open playlist, in DOM order: track id, position, pinned. */
export async function seedRows(session) {
  return session.execute(`
    return Array.from(document.querySelectorAll('[data-testid="seed-row"]')).map((r) => ({
      trackId: r.getAttribute("data-track-id"),
      position: r.getAttribute("data-position"),
      pinned: r.getAttribute("data-pinned"),
    }));`);
}

/** Waits until the seed rows' track ids are exactly `ids` (in order); returns the rows. */
export function waitForSeedOrder(session, ids, { timeout = 15_000, what } = {}) {
  return waitForValue(
    () => seedRows(session),
    (rows) => rows.length === ids.length && rows.every((r, i) => r.trackId === ids[i]),
    { timeout, what: what ?? `seed rows to be exactly ${JSON.stringify(ids)}` },
  );
}

/**
 * A viewport point on the empty part of `seed-list`, below its last row (or its centre when
 * it has none); falls back to the lower quarter of the last row when the list has no room
 * left below its rows (which drops after that row, per the contract).
 */
export async function seedListAppendPoint(session) {
  const list = await session.find(tid("seed-list"));
  await session.execute(`arguments[0].scrollIntoView({ block: "nearest" });`, list);
  return session.execute(
    `const list = arguments[0];
     const rows = list.querySelectorAll('[data-testid="seed-row"]');
     const lr = list.getBoundingClientRect();
     const vw = window.innerWidth, vh = window.innerHeight;
     const top = Math.max(lr.top, 0), bottom = Math.min(lr.bottom, vh);
     const x = Math.min(Math.max(lr.left + lr.width / 2, 1), vw - 1);
     if (rows.length === 0) return { x, y: (top + bottom) / 2, where: "centre of the empty list" };
     const last = rows[rows.length - 1].getBoundingClientRect();
     if (bottom - last.bottom > 24) return { x, y: (last.bottom + bottom) / 2, where: "empty part below the last row" };
     return { x, y: last.top + last.height * 0.75, where: "lower half of the last row" };`,
    list,
  );
}

/** Waits until the element matching `css` exists and is enabled, then clicks it. */
export async function clickWhenEnabled(session, css, { timeout = 10_000, what } = {}) {
  const el = await waitFor(
    async () => {
      const found = await session.maybeFind(css);
      return found && (await found.enabled()) ? found : null;
    },
    { timeout, what: what ?? `${css} to be present and enabled` },
  );
  await el.click();
  return el;
}

/**
 * The personalization preview as the DOM shows it: the seed column's track ids and, per segment
 * column, its segment and its tracks (id, status, pinned) in order.
 */
export async function previewColumns(session) {
  return session.execute(`
    const tracks = (col) => Array.from(col.querySelectorAll('[data-testid="preview-track"]')).map((t) => ({
      trackId: t.getAttribute("data-track-id"),
      status: t.getAttribute("data-status"),
      pinned: t.getAttribute("data-pinned"),
    }));
    const seed = document.querySelector('[data-testid="preview-seed-column"]');
    return {
      seed: seed ? tracks(seed).map((t) => t.trackId) : null,
      columns: Array.from(document.querySelectorAll('[data-testid="preview-column"]')).map((c) => ({
        segment: c.getAttribute("data-segment"),
        tracks: tracks(c),
      })),
    };`);
}

/**
 * Opens seed playlist `playlistId` (named `name`) from the sidebar once the library holds
 * `libraryTotal` tracks, and waits for the seed editor to show it.
 */
export async function openSeedPlaylist(s, playlistId, name, libraryTotal) {
  await waitForLibraryTotal(s, libraryTotal, { timeout: 30_000 });
  const item = await s.waitForElement(tidAttr("playlist-item", "data-playlist-id", playlistId), { what: `playlist-item ${playlistId} (${name})` });
  await item.click();
  await waitForValue(async () => (await s.find(tid("seed-name"))).prop("value"), (v) => v === name, { what: `seed-name to read ${name}` });
}

/** The id of the seed playlist named exactly `name`, from `segue playlists list --json`. */
export async function playlistIdByName(cliPath, workspace, name) {
  const list = JSON.parse(await cli(cliPath, ["playlists", "list", "--workspace", workspace, "--json"]));
  const found = (Array.isArray(list) ? list : list.playlists ?? []).find((p) => p.name === name);
  if (!found) throw new Error(`no playlist named ${JSON.stringify(name)} in ${workspace}`);
  return String(found.id);
}

/**
 * A viewport point that appends to a seed list of any length: the list scrolled to its end,
 * then the empty tail below the last row (or the lower quarter of the last row).
 */
export async function seedListEndPoint(session) {
  return session.execute(`
    const list = document.querySelector('[data-testid="seed-list"]');
    list.scrollIntoView({ block: "nearest" });
    list.scrollTop = list.scrollHeight;
    const rows = list.querySelectorAll('[data-testid="seed-row"]');
    const lr = list.getBoundingClientRect();
    const x = lr.left + lr.width / 2;
    const bottom = Math.min(lr.bottom, window.innerHeight);
    if (rows.length === 0) return { x, y: (Math.max(lr.top, 0) + bottom) / 2 };
    const last = rows[rows.length - 1].getBoundingClientRect();
    if (bottom - last.bottom > 24) return { x, y: (last.bottom + bottom) / 2 };
    return { x, y: last.top + last.height * 0.75 };`);
}
