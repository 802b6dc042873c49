// End-to-end test harness: a real crm-server on a free 127.0.0.1 port serving the real web/ and
// wasm build, a real headless Chromium driven by playwright-core, and helpers that act like a
// person on the canvas (mouse clicks at the rectangles the app reports for named widgets, real
// keyboard events). Everything started here stops when the test ends, even when it fails.
'use strict';

const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '../..');
const { chromium } = require(path.join(root, 'third_party/node_modules/playwright-core'));

const serverBin = process.env.CRM_SERVER_BIN || path.join(root, 'build/sync_server/crm-server');
const wasmDir = process.env.CRM_WASM_DIR || path.join(root, 'build-wasm/client');
const shotDir = process.env.CRM_SCREENSHOT_DIR || path.join(root, 'build-wasm/screenshots');

const cleanups = [];
function onCleanup(fn) { cleanups.push(fn); }
async function cleanup() {
  while (cleanups.length) {
    try { await cleanups.pop()(); } catch (e) { console.error('cleanup:', e.message); }
  }
}

function sleep(ms) { return new Promise((r) => setTimeout(r, ms)); }

// A crm-server with its own temporary data folder. restart() keeps the data and the port.
class Server {
  constructor() {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-e2e-'));
    this.data = path.join(this.dir, 'data');
    fs.mkdirSync(this.data);
    this.port = 0;
    this.proc = null;
    onCleanup(async () => { await this.stop(); fs.rmSync(this.dir, { recursive: true, force: true }); });
  }

  addUser(name, password, role = 'sales') {
    const r = spawnSync(serverBin, ['user', 'add', name, '--role', role, '--data', this.data], { input: password + '\n' });
    if (r.status !== 0) throw new Error('user add failed: ' + r.stderr);
  }

  // Runs an admin subcommand (e.g. ['device', 'list']) on this server's data; returns its output.
  admin(args) {
    const r = spawnSync(serverBin, [...args, '--data', this.data], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`crm-server ${args.join(' ')} failed: ${r.stderr}`);
    return r.stdout;
  }

  async start() {
    const portFile = path.join(this.dir, 'port');
    fs.rmSync(portFile, { force: true });
    const args = ['serve', '--host', '127.0.0.1', '--port', String(this.port), '--port-file', portFile,
      '--data', this.data, '--static', path.join(root, 'web'), '--static', wasmDir];
    this.proc = spawn(serverBin, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    const proc = this.proc;
    for (let i = 0; i < 200; i++) {
      if (fs.existsSync(portFile) && fs.readFileSync(portFile, 'utf8').trim()) {
        this.port = Number(fs.readFileSync(portFile, 'utf8').trim());
        return this;
      }
      if (proc.exitCode !== null) throw new Error('crm-server exited with ' + proc.exitCode);
      await sleep(50);
    }
    throw new Error('crm-server did not start');
  }

  async stop() {
    if (!this.proc || this.proc.exitCode !== null) return;
    const proc = this.proc;
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGTERM');
    const timer = setTimeout(() => proc.kill('SIGKILL'), 10000);
    await exited;
    clearTimeout(timer);
  }

  get url() { return `http://127.0.0.1:${this.port}/`; }
}

const browserOptions = {
  executablePath: process.env.CRM_CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
};

const deviceOptions = (options = {}) => ({
  viewport: options.viewport || { width: 1100, height: 720 },
  permissions: ['geolocation', 'clipboard-read', 'clipboard-write'],
  geolocation: options.geolocation || { latitude: 0, longitude: 0, accuracy: 20 },
  locale: options.locale || 'en-US',
  hasTouch: !!options.touch,
  isMobile: !!options.mobile,
  deviceScaleFactor: options.scale || 1,
  colorScheme: options.colorScheme || 'light',
  timezoneId: options.timezone || 'UTC',
});

// A phone (390x844 CSS px, touch, three device pixels per CSS pixel) and a laptop.
const PHONE = { viewport: { width: 390, height: 844 }, touch: true, mobile: true, scale: 3 };
const LAPTOP = { viewport: { width: 1366, height: 768 } };

async function launchBrowser() {
  const browser = await chromium.launch(browserOptions);
  onCleanup(() => browser.close());
  return browser;
}

// A whole browser with a profile on disk (one device that can be quit and started again).
async function launchProfile(profileDir, server, name, options = {}) {
  const context = await chromium.launchPersistentContext(profileDir, { ...browserOptions, ...deviceOptions(options) });
  onCleanup(() => context.close());
  const d = new Device(context, name, server);
  d.page = context.pages()[0];
  await d.load();
  return d;
}

// One device: a browser context (its own IndexedDB, service worker, cookies) with one page.
class Device {
  static async open(browser, server, name, options = {}) {
    const context = await browser.newContext(deviceOptions(options));
    const d = new Device(context, name, server);
    await d.load();
    return d;
  }

  constructor(context, name, server) {
    this.context = context;
    this.name = name;
    this.server = server;
    this.logs = [];
  }

  async load() {
    this.page = this.page || await this.context.newPage();
    this.page.on('pageerror', (e) => this.logs.push('pageerror: ' + e.message));
    this.page.on('console', (m) => this.logs.push(m.text()));
    await this.page.goto(this.server.url);
    await this.waitReady();
  }

  async waitReady() {
    await this.page.waitForFunction(() => window.crmTest && window.crmTest.ready, null, { timeout: 30000 });
    await this.frames(3);
  }

  async reload() {
    await this.page.reload();
    await this.waitReady();
  }

  snapshot() { return this.page.evaluate(() => window.crmTest.snapshot()); }

  // Waits until predicate(snapshot) is true; fails with the last snapshot.
  async waitFor(what, predicate, timeout = 20000) {
    const end = Date.now() + timeout;
    let s;
    while (Date.now() < end) {
      s = await this.snapshot();
      if (predicate(s)) return s;
      await sleep(50);
    }
    const { widgets, ...rest } = s || {};
    throw new Error(`${this.name}: timed out waiting for ${what}; state ${JSON.stringify(rest)}; widgets ${Object.keys(widgets || {}).join(' ')}; log ${this.logs.slice(-5).join(' | ')}`);
  }

  // Lets the app draw n frames.
  frames(n = 2) {
    return this.page.evaluate((k) => new Promise((resolve) => {
      const step = () => (k-- <= 0 ? resolve() : requestAnimationFrame(step));
      requestAnimationFrame(step);
    }), n);
  }

  async widget(name) {
    let s = await this.snapshot();
    // Not on screen: scroll the content with the mouse wheel, as a person would, down then up.
    for (let i = 0; i < 40 && !s.widgets[name]; i++) {
      const vp = this.page.viewportSize();
      // Three quarters across: the record's side when a list stands beside it.
      await this.page.mouse.move(vp.width * 0.75, vp.height / 2);
      await this.page.mouse.wheel(0, i < 20 ? 150 : -150);
      await this.frames(3);
      s = await this.snapshot();
    }
    s = await this.waitFor(`widget ${name}`, (x) => x.widgets[name]);
    return s.widgets[name];
  }

  // A real mouse click at the middle of a named widget, a frame apart for each event.
  async click(name) {
    const r = await this.widget(name);
    const x = r.x + Math.min(r.width / 2, 40), y = r.y + r.height / 2;
    await this.page.mouse.move(x, y);
    await this.frames(2);
    await this.page.mouse.down();
    await this.frames(2);
    await this.page.mouse.up();
    await this.frames(3);
  }

  // A finger drag from (x0, y0) to (x1, y1) in CSS px, `steps` moves a frame apart, lifted at once.
  // A flick: the finger comes down, moves half way in one frame and the rest in the next, and
  // lifts while moving (touch events made in the page: CDP's round trips take longer than a frame
  // on a loaded machine, which would make any gesture a slow one).
  async flick(x0, y0, x1, y1) {
    await this.page.evaluate(async ([x0, y0, x1, y1]) => {
      const canvas = document.getElementById('canvas');
      const frame = () => new Promise((r) => requestAnimationFrame(r));
      const touch = (x, y) => new Touch({ identifier: 7, target: canvas, clientX: x, clientY: y, radiusX: 4, radiusY: 4, force: 1 });
      const send = (type, t) => canvas.dispatchEvent(new TouchEvent(type, {
        touches: type === 'touchend' ? [] : [t], targetTouches: type === 'touchend' ? [] : [t], changedTouches: [t],
        bubbles: true, cancelable: true }));
      send('touchstart', touch(x0, y0));
      await frame();
      await frame();
      send('touchmove', touch((x0 + x1) / 2, (y0 + y1) / 2));
      await frame();
      const end = touch(x1, y1);
      send('touchmove', end);
      send('touchend', end);
    }, [x0, y0, x1, y1]);
  }

  async drag(x0, y0, x1, y1, steps = 12) {
    const cdp = await this.context.newCDPSession(this.page);
    const point = (x, y) => [{ x, y, id: 1, radiusX: 4, radiusY: 4, force: 1 }];
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: point(x0, y0) });
    await this.frames(1);
    // The finger lifts while still moving, as in a flick.
    for (let i = 1; i <= steps; i++) {
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: point(x0 + (x1 - x0) * i / steps, y0 + (y1 - y0) * i / steps) });
      if (i < steps) await this.frames(1);
    }
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await cdp.detach();
  }

  // Chromium's accessibility tree: [{role, name}] of the nodes that are not ignored.
  async axTree() {
    const cdp = await this.context.newCDPSession(this.page);
    const { nodes } = await cdp.send('Accessibility.getFullAXTree');
    await cdp.detach();
    return nodes.filter((n) => !n.ignored).map((n) => ({ role: n.role && n.role.value, name: n.name && n.name.value }));
  }

  // Puts text on the system clipboard and pastes it with Ctrl+V into the focused field.
  async paste(name, text) {
    await this.focusField(name);
    await this.page.evaluate((t) => navigator.clipboard.writeText(t), text);
    await this.press('v', 'Control');
    await this.frames(3);
  }

  // A finger tap on a named widget (the context must be opened with { touch: true }).
  async tap(name) {
    const r = await this.widget(name);
    await this.page.touchscreen.tap(r.x + Math.min(r.width / 2, 40), r.y + r.height / 2);
    await this.frames(4);
  }

  // Clicks a text field and waits until the page's text input has the focus (the app moves it
  // there on the next frame).
  async focusField(name) {
    await this.click(name);
    await this.page.waitForFunction(() => document.activeElement && document.activeElement.id === 'ime', null, { timeout: 5000 });
  }

  // Clicks a text field and types with real key events (Chinese goes through the page's text
  // input as an input method's committed text would).
  async type(name, text) {
    await this.focusField(name);
    await this.page.keyboard.type(text, { delay: 15 });
    await this.frames(3);
  }

  // Types through an input method, as Chinese users do: a composition of Latin letters (pinyin)
  // that turns into the chosen characters (Chromium's Input.imeSetComposition, then the commit).
  // Only the committed text may reach the field.
  async typeWithInputMethod(name, composing, committed) {
    await this.focusField(name);
    await this.page.evaluate(() => {
      window.compositionUpdates = 0;
      document.getElementById('ime').addEventListener('compositionupdate', () => window.compositionUpdates++);
    });
    const cdp = await this.context.newCDPSession(this.page);
    for (let i = 1; i <= composing.length; i++) {
      const text = composing.slice(0, i);
      await cdp.send('Input.imeSetComposition', { text, selectionStart: text.length, selectionEnd: text.length });
      await this.frames(1);
    }
    await cdp.send('Input.imeSetComposition', { text: committed, selectionStart: committed.length, selectionEnd: committed.length });
    await this.frames(2);
    await cdp.send('Input.insertText', { text: committed });
    await this.frames(3);
    await cdp.detach();
    return this.page.evaluate(() => window.compositionUpdates);
  }

  // A key held for a couple of frames, as a person presses it (ImGui 1.86 reads key state once
  // per frame, so a press and release between two frames would go unseen).
  async press(key, modifier) {
    if (modifier) await this.page.keyboard.down(modifier);
    await this.page.keyboard.down(key);
    await this.frames(2);
    await this.page.keyboard.up(key);
    if (modifier) await this.page.keyboard.up(modifier);
    await this.frames(2);
  }

  async clearField(name) {
    await this.focusField(name);
    await this.press('a', 'Control');
    await this.press('Backspace');
  }

  async signIn(user, password) {
    await this.type('signin.user', user);
    await this.type('signin.password', password);
    await this.click('signin.submit');
    await this.waitFor('signed in', (s) => s.signed_in && s.screen === 1);
  }

  async waitSynced(after = 0) {
    return this.waitFor('a complete sync', (s) => !s.sync_running && s.last_sync_ms > after && s.unsynced === 0 && !s.sync_error, 30000);
  }

  async waitDurable() {
    return this.waitFor('durable local commits', (s) => s.persist.pending === 0);
  }

  async screenshot(name) {
    fs.mkdirSync(shotDir, { recursive: true });
    await this.frames(2);
    await this.page.screenshot({ path: path.join(shotDir, name + '.png') });
  }
}

function assert(cond, message) {
  if (!cond) throw new Error('assertion failed: ' + message);
}

const INTERACTIVE = new Set(['button', 'textbox', 'checkbox', 'combobox', 'row', 'tab', 'link']);

// Every interactive widget on screen is at least 44x44 CSS px.
function checkTargets(s, where) {
  const small = s.semantics.filter((w) => INTERACTIVE.has(w.role) && !w.disabled)
    .map((w) => ({ name: w.name, w: w.size[0] / s.layout.dpr, h: w.size[1] / s.layout.dpr }))
    .filter((w) => w.w < 44 - 0.5 || w.h < 44 - 0.5);
  assert(small.length === 0, `${where}: targets under 44x44 CSS px: ${JSON.stringify(small)}`);
}

// Nothing drawn past the right edge of a window that cannot scroll sideways.
function checkFits(s, where) {
  assert(s.overflow.length === 0, `${where}: content past the right edge in ${JSON.stringify(s.overflow)}`);
}

// The English texts of the catalogue (tests/client/catalog_keys.txt), longer than 3 characters.
function catalogueKeys() {
  return new Set(fs.readFileSync(path.join(root, 'tests/client/catalog_keys.txt'), 'utf8').split('\n').filter((k) => k.length > 3));
}

// No English catalogue text and no raw code on screen in another language.
function checkTranslated(s, keys, where) {
  if (s.language === 'en') return;
  const english = s.semantics.flatMap((w) => [w.label, w.value]).filter((t) => t && keys.has(t));
  assert(english.length === 0, `${where} (${s.language}): untranslated ${JSON.stringify(english)}`);
}

// Runs one test body with a fresh server and browser; exits non-zero on failure.
function run(name, body, seconds = 240) {
  const timer = setTimeout(() => { console.error(`${name}: timed out after ${seconds} s`); process.exit(1); }, seconds * 1000);
  (async () => {
    const started = Date.now();
    try {
      await body();
      console.log(`${name}: passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      process.exitCode = 0;
    } catch (e) {
      console.error(`${name}: FAILED: ${e.stack || e}`);
      process.exitCode = 1;
    } finally {
      await cleanup();
      clearTimeout(timer);
    }
  })();
}

module.exports = { Server, Device, launchBrowser, launchProfile, run, assert, checkTargets, checkFits, checkTranslated, catalogueKeys,
  sleep, shotDir, PHONE, LAPTOP };
