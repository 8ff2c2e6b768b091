// A tiny W3C WebDriver client over `fetch`, for driving the real Segue studio through
// tauri-driver + WebKitWebDriver. No dependencies: Node 20's fetch, fs and timers only.
//
// Every wait polls the DOM (never screenshots: a screenshot taken right after a change can show
// the previous frame) and every timeout says what was awaited and the last value seen.

import { writeFile, mkdir } from "node:fs/promises";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

/** The W3C key of a web element reference. */
export const ELEMENT_KEY = "element-6066-11e4-a52e-4f735466cecf";

/** An error answered by the remote end: `error` is the W3C error code ("no such element"…). */
export class WebDriverError extends Error {
  constructor(method, url, status, value) {
    const code = value?.error ?? `http ${status}`;
    super(`WebDriver ${method} ${url} -> ${code}: ${value?.message ?? JSON.stringify(value)}`);
    this.name = "WebDriverError";
    this.error = code;
    this.status = status;
    this.data = value;
  }
}

/** A timed-out wait, with what was awaited and the last value (or error) seen. */
export class WaitTimeoutError extends Error {
  constructor(message) {
    super(message);
    this.name = "WaitTimeoutError";
  }
}

/** Short, readable rendering of any value for messages. */
export function show(value, max = 400) {
  let s;
  if (value instanceof Error) s = `${value.name}: ${value.message}`;
  else if (value instanceof Element) s = `<element ${value.id}>`;
  else if (typeof value === "string") s = JSON.stringify(value);
  else {
    try {
      s = JSON.stringify(value, (_k, v) => (v instanceof Element ? `<element ${v.id}>` : v));
    } catch {
      s = String(value);
    }
    if (s === undefined) s = String(value);
  }
  return s.length > max ? `${s.slice(0, max)}… (${s.length} chars)` : s;
}

/**
 * Polls `fn` until it returns a truthy value, and returns that value. Errors thrown by `fn`
 * (a stale or missing element, a failed expectation) count as "not yet" and are remembered.
 * On timeout, throws with `what` (a string, or a function of the last value) and the last value
 * or error seen.
 */
export async function waitFor(fn, { timeout = 10_000, interval = 100, what = "condition" } = {}) {
  const started = Date.now();
  let last = undefined;
  let lastError = undefined;
  let tries = 0;
  for (;;) {
    tries += 1;
    try {
      last = await fn();
      lastError = undefined;
      if (last) return last;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() - started >= timeout) {
      const label = typeof what === "function" ? what(last) : what;
      const seen = lastError ? `last error: ${show(lastError)}` : `last value: ${show(last)}`;
      throw new WaitTimeoutError(`timed out after ${timeout} ms (${tries} tries) waiting for ${label}; ${seen}`);
    }
    await sleep(interval);
  }
}

/**
 * Polls `read` until `accept(value)` holds; returns the value. The timeout message names what
 * was awaited and the last value (or error) read.
 */
export async function waitForValue(read, accept, { timeout = 10_000, interval = 100, what = "value" } = {}) {
  const started = Date.now();
  let last = undefined;
  let lastError = undefined;
  let tries = 0;
  for (;;) {
    tries += 1;
    try {
      last = await read();
      lastError = undefined;
      if (accept(last)) return last;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() - started >= timeout) {
      const label = typeof what === "function" ? what(last) : what;
      const seen = lastError ? `last error: ${show(lastError)}` : `last value: ${show(last)}`;
      throw new WaitTimeoutError(`timed out after ${timeout} ms (${tries} tries) waiting for ${label}; ${seen}`);
    }
    await sleep(interval);
  }
}

/** `[data-testid="…"]` */
export const tid = (id) => `[data-testid="${id}"]`;

/** A CSS selector for an element with test id `id` and attribute `attr` equal to `value`. */
export const tidAttr = (id, attr, value) => `[data-testid="${id}"][${attr}="${String(value).replace(/"/g, '\\"')}"]`;

/** A web element of a session. */
export class Element {
  constructor(session, id) {
    this.session = session;
    this.id = id;
  }
  /** The W3C JSON form, to pass elements as script arguments. */
  toJSON() {
    return { [ELEMENT_KEY]: this.id };
  }
  #cmd(method, suffix, body) {
    return this.session.cmd(method, `/element/${this.id}${suffix}`, body);
  }
  /**
   * Clicks the element. WebKitWebDriver judges some visible elements "not interactable" (its
   * displayedness check trips over overflow-clipped, ellipsised boxes): then the click is made
   * with real mouse input at the element's centre instead. When something covers it (a list's
   * sticky header over a row the list auto-scrolled under it during a drag), it is scrolled to
   * the middle of its scroll container and clicked again, as an editor would scroll to it.
   */
  async click() {
    try {
      return await this.#cmd("POST", "/click", {});
    } catch (e) {
      if (e instanceof WebDriverError && e.error === "element not interactable") return this.session.clickAt(this);
      if (e instanceof WebDriverError && e.error === "element click intercepted") {
        await this.session.execute("arguments[0].scrollIntoView({ block: 'center', inline: 'nearest' });", this);
        return await this.#cmd("POST", "/click", {});
      }
      throw e;
    }
  }
  /** Types `text` (WebDriver key codes such as Keys.ENTER allowed). */
  sendKeys(text) {
    return this.#cmd("POST", "/value", { text: String(text) });
  }
  clear() {
    return this.#cmd("POST", "/clear", {});
  }
  /**
   * The element's rendered text (`innerText`). Not WebDriver's Get Element Text: WebKitWebDriver
   * answers "" for elements its displayedness check wrongly deems hidden (ellipsised names, the
   * cells of a row), so it cannot be trusted for assertions.
   */
  text() {
    return this.session.execute(`return arguments[0].innerText;`, this);
  }
  /** WebDriver's own Get Element Text (see `text` for why the tests do not use it). */
  webdriverText() {
    return this.#cmd("GET", "/text");
  }
  attr(name) {
    return this.#cmd("GET", `/attribute/${encodeURIComponent(name)}`);
  }
  prop(name) {
    return this.#cmd("GET", `/property/${encodeURIComponent(name)}`);
  }
  rect() {
    return this.#cmd("GET", "/rect");
  }
  enabled() {
    return this.#cmd("GET", "/enabled");
  }
  displayed() {
    return this.#cmd("GET", "/displayed");
  }
  async find(css) {
    return this.session._element(await this.#cmd("POST", "/element", { using: "css selector", value: css }));
  }
  async findAll(css) {
    const list = await this.#cmd("POST", "/elements", { using: "css selector", value: css });
    return list.map((v) => this.session._element(v));
  }
}

/** WebDriver key codes (the ones the tests use). */
export const Keys = {
  NULL: "\uE000",
  BACKSPACE: "\uE003",
  TAB: "\uE004",
  ENTER: "\uE007",
  SHIFT: "\uE008",
  CONTROL: "\uE009",
  ESCAPE: "\uE00C",
  DELETE: "\uE017",
};

/** One WebDriver session. */
export class Session {
  constructor(baseUrl, id, capabilities) {
    this.baseUrl = baseUrl.replace(/\/$/, "");
    this.id = id;
    this.capabilities = capabilities;
    this.deleted = false;
  }

  /** Sends a command of this session; returns the answer's `value`. */
  cmd(method, suffix, body) {
    return request(this.baseUrl, method, `/session/${this.id}${suffix}`, body);
  }

  _element(value) {
    const id = value?.[ELEMENT_KEY] ?? value?.ELEMENT;
    if (!id) throw new Error(`not an element reference: ${show(value)}`);
    return new Element(this, id);
  }

  /** The first element matching `css`; throws WebDriverError "no such element" if none. */
  async find(css) {
    return this._element(await this.cmd("POST", "/element", { using: "css selector", value: css }));
  }

  /** Every element matching `css` (possibly none). */
  async findAll(css) {
    const list = await this.cmd("POST", "/elements", { using: "css selector", value: css });
    return list.map((v) => this._element(v));
  }

  /** The first element matching `css`, or null. */
  async maybeFind(css) {
    const list = await this.findAll(css);
    return list[0] ?? null;
  }

  /** Waits for an element matching `css` and returns it. */
  waitForElement(css, { timeout = 15_000, what } = {}) {
    return waitFor(() => this.maybeFind(css), { timeout, what: what ?? `an element matching ${css}` });
  }

  /** Waits until nothing matches `css`. */
  waitForNoElement(css, { timeout = 15_000, what } = {}) {
    return waitFor(async () => (await this.findAll(css)).length === 0, {
      timeout,
      what: what ?? `no element matching ${css}`,
    });
  }

  /** Synchronous script; `args` may contain Elements. Returned elements come back as Elements. */
  async execute(script, ...args) {
    const value = await this.cmd("POST", "/execute/sync", { script, args });
    return this._revive(value);
  }

  /** Asynchronous script: the last argument is the callback to call with the result. */
  async executeAsync(script, ...args) {
    const value = await this.cmd("POST", "/execute/async", { script, args });
    return this._revive(value);
  }

  _revive(value) {
    if (Array.isArray(value)) return value.map((v) => this._revive(v));
    if (value && typeof value === "object") {
      if (value[ELEMENT_KEY]) return new Element(this, value[ELEMENT_KEY]);
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this._revive(v)]));
    }
    return value;
  }

  /** Performs W3C actions (an array of input sources). */
  performActions(actions) {
    return this.cmd("POST", "/actions", { actions });
  }

  /** Releases all pressed keys and buttons. */
  releaseActions() {
    return this.cmd("DELETE", "/actions");
  }

  /** Navigates the current browsing context. */
  navigate(url) {
    return this.cmd("POST", "/url", { url });
  }

  /** The current page's URL. */
  url() {
    return this.cmd("GET", "/url");
  }

  title() {
    return this.cmd("GET", "/title");
  }

  source() {
    return this.cmd("GET", "/source");
  }

  setTimeouts(t) {
    return this.cmd("POST", "/timeouts", t);
  }

  /** Saves a PNG screenshot to `file` (for debugging only: never assert on it). */
  async screenshot(file) {
    const b64 = await this.cmd("GET", "/screenshot");
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, Buffer.from(b64, "base64"));
    return file;
  }

  /** Ends the session (the app quits). Safe to call twice. */
  async delete() {
    if (this.deleted) return;
    this.deleted = true;
    await request(this.baseUrl, "DELETE", `/session/${this.id}`);
  }

  // ---- conveniences over test ids -------------------------------------------------------

  /** The element's client rect after scrolling it to the middle of its scroll container. */
  async clientRect(el, { scroll = true } = {}) {
    return this.execute(
      `const el = arguments[0];
       if (arguments[1]) el.scrollIntoView({ block: "center", inline: "nearest" });
       const r = el.getBoundingClientRect();
       return { x: r.x, y: r.y, width: r.width, height: r.height };`,
      el,
      scroll,
    );
  }

  /** Clicks with real mouse input at the centre of `el` (scrolled into view first). */
  async clickAt(el) {
    const r = await this.clientRect(el);
    const p = { x: Math.round(r.x + r.width / 2), y: Math.round(r.y + r.height / 2) };
    await this.performActions([
      {
        type: "pointer",
        id: "mouse",
        parameters: { pointerType: "mouse" },
        actions: [
          { type: "pointerMove", origin: "viewport", x: p.x, y: p.y, duration: 0 },
          { type: "pointerDown", button: 0 },
          { type: "pause", duration: 30 },
          { type: "pointerUp", button: 0 },
        ],
      },
    ]);
    await this.releaseActions().catch(() => {});
    return null;
  }

  /**
   * Replaces an input's text as a user would: focus, select all, delete, type. (WebDriver
   * "clear" alone does not reach React's onChange.)
   */
  async fill(el, text) {
    await el.click();
    await el.clear().catch(() => {});
    const left = await el.prop("value");
    if (left) {
      await el.sendKeys(Keys.CONTROL + "a" + Keys.NULL + Keys.BACKSPACE);
    }
    if (text !== "") await el.sendKeys(text);
  }

  /**
   * Drags with the mouse the way @dnd-kit's PointerSensor expects it: press on the source's
   * centre, move 5 px to pass the 4 px activation distance, then travel in ~30 px steps of
   * ~50 ms to the target point, pause, release.
   *
   * `target` is an Element (its centre, shifted by `dx`/`dy`, measured before the drag starts)
   * or a `{x, y}` viewport point. `targetFn`, if given, replaces `target`: it is called before
   * the drag and again just before the release, to aim at a point of the live layout.
   */
  async dragAndDrop(source, target, { dx = 0, dy = 0, stepPx = 30, stepMs = 50, pauseMs = 250, targetFn } = {}) {
    const src = await this.clientRect(source);
    const from = { x: Math.round(src.x + src.width / 2), y: Math.round(src.y + src.height / 2) };
    let fixed = null;
    if (!targetFn) {
      if (target instanceof Element) {
        const r = await this.clientRect(target, { scroll: false });
        fixed = { x: Math.round(r.x + r.width / 2 + dx), y: Math.round(r.y + r.height / 2 + dy) };
      } else {
        fixed = { x: Math.round(target.x), y: Math.round(target.y) };
      }
    }
    const point = async () => {
      if (!targetFn) return fixed;
      const p = await targetFn();
      return { x: Math.round(p.x), y: Math.round(p.y) };
    };
    const to = await point();
    const mouse = (actions) => [{ type: "pointer", id: "mouse", parameters: { pointerType: "mouse" }, actions }];
    const moveTo = (p, duration) => ({ type: "pointerMove", origin: "viewport", x: p.x, y: p.y, duration });

    // Press and start the drag.
    const start = { x: from.x + 5, y: from.y + 5 };
    await this.performActions(
      mouse([
        moveTo(from, 0),
        { type: "pause", duration: 50 },
        { type: "pointerDown", button: 0 },
        { type: "pause", duration: 50 },
        moveTo({ x: from.x + 2, y: from.y + 2 }, 30),
        moveTo(start, 30),
        { type: "pause", duration: 100 },
      ]),
    );
    // Travel in small steps so that collision detection sees every row we cross.
    const travel = (a, b) => {
      const dist = Math.hypot(b.x - a.x, b.y - a.y);
      const n = Math.max(1, Math.ceil(dist / stepPx));
      const steps = [];
      for (let i = 1; i <= n; i++) {
        steps.push(moveTo({ x: Math.round(a.x + ((b.x - a.x) * i) / n), y: Math.round(a.y + ((b.y - a.y) * i) / n) }, stepMs));
      }
      return steps;
    };
    await this.performActions(mouse([...travel(start, to), { type: "pause", duration: pauseMs }]));
    // With targetFn, the layout may have moved under the pointer (rows making room): aim again.
    const again = await point();
    await this.performActions(
      mouse([
        ...travel(to, again),
        moveTo({ x: again.x, y: again.y + 1 }, stepMs),
        moveTo(again, stepMs),
        { type: "pause", duration: pauseMs },
        { type: "pointerUp", button: 0 },
        { type: "pause", duration: 50 },
      ]),
    );
    await this.releaseActions().catch(() => {});
    return { from, to: again };
  }
}

/** One HTTP request to the remote end; returns the answer's `value` or throws WebDriverError. */
export async function request(baseUrl, method, urlPath, body, { timeout = 120_000 } = {}) {
  const url = `${baseUrl.replace(/\/$/, "")}${urlPath}`;
  const init = { method, headers: {}, signal: AbortSignal.timeout(timeout) };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers["content-type"] = "application/json; charset=utf-8";
  }
  let res;
  try {
    res = await fetch(url, init);
  } catch (e) {
    if (e.name === "TimeoutError") throw new Error(`WebDriver ${method} ${url}: no answer within ${timeout} ms`);
    throw new Error(`WebDriver ${method} ${url} failed: ${e.cause?.message ?? e.message}`);
  }
  const raw = await res.text();
  let json;
  try {
    json = raw ? JSON.parse(raw) : {};
  } catch {
    throw new WebDriverError(method, url, res.status, { error: `http ${res.status}`, message: raw.slice(0, 500) });
  }
  const value = json?.value;
  if (!res.ok || (value && typeof value === "object" && typeof value.error === "string")) {
    throw new WebDriverError(method, url, res.status, value);
  }
  return value === undefined ? null : value;
}

/**
 * Starts the app through tauri-driver: `application` is the absolute path of the binary, `args`
 * its command-line arguments (tauri-driver maps them to webkitgtk:browserOptions).
 */
export async function newSession(baseUrl, { application, args = [] }, { retries = 2 } = {}) {
  const body = {
    capabilities: {
      alwaysMatch: { "tauri:options": { application, args } },
      firstMatch: [{}],
    },
  };
  let lastError;
  for (let attempt = 0; attempt <= retries; attempt++) {
    try {
      const value = await request(baseUrl, "POST", "/session", body, { timeout: 60_000 });
      return new Session(baseUrl, value.sessionId, value.capabilities);
    } catch (e) {
      lastError = e;
      await sleep(1000);
    }
  }
  throw new Error(`could not start a session for ${application} ${args.join(" ")}: ${lastError?.message}`);
}

/** PIDs of running processes whose command line contains every one of `needles`. */
export function processesWith(...needles) {
  const found = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    let cmdline;
    try {
      cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0").join(" ");
    } catch {
      continue;
    }
    if (needles.every((n) => cmdline.includes(n))) found.push({ pid: Number(entry), cmdline: cmdline.trim() });
  }
  return found;
}
