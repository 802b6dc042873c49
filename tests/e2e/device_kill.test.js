// Killing the device loses nothing shown as saved and pushes nothing twice in effect.
//
// 1. The page dies between a local save (SQLite commit, status bar "Saving…") and its IndexedDB
//    persistence ("Saved on this device"): the renderer is crashed (CDP Page.crash) with the
//    persistence held back, at random moments right after the save, and right after "Saved on
//    this device" showed; the tab is closed at random moments; once the whole browser is killed
//    (SIGKILL) right after "Saved on this device". After every restart
//    the stored database passes SQLite's integrity check and holds every customer that was shown
//    as saved, in order; at most the one being saved is missing.
// 2. The page dies between a push and its acknowledgement: the push reaches the server, which
//    stores it, and the answer is held back until the page has crashed. After the restart the
//    device pushes the record again and shows it synced; the server holds it once, with the same
//    version vector, no new change sequence number and no new change counted for the device.
'use strict';

const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { Server, launchProfile, run, assert, sleep } = require('./harness');

const SCREEN = { customers: 1, detail: 2 };
const USER = 'kai', PASSWORD = 'silver-comet-2026';

// ---- Killing ---------------------------------------------------------------------------------

// The page's renderer crashes, as a tab does when it runs out of memory. The CDP session is opened
// beforehand, so the crash is one message away when the moment comes.
async function crashPage(d, cdp) {
  const crashed = new Promise((resolve) => d.page.once('crash', resolve));
  cdp.send('Page.crash').catch(() => {});  // never answered: the page is gone
  await crashed;
  await d.page.close().catch(() => {});
}

// Opens the app again in a new tab of the same browser (same profile, same IndexedDB).
async function reopenTab(d) {
  d.page = null;
  await d.load();
  return d;
}

// The main process of the Chromium running `profile` (the only one with that user data folder).
function browserPid(profile) {
  for (const pid of fs.readdirSync('/proc').filter((x) => /^\d+$/.test(x))) {
    let args;
    try { args = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0'); } catch (e) { continue; }
    if (args.includes(`--user-data-dir=${profile}`) && !args.some((a) => a.startsWith('--type='))) return Number(pid);
  }
  throw new Error('no browser process for ' + profile);
}

// ---- What is stored --------------------------------------------------------------------------

// The database file as IndexedDB holds it (what the next start will load), read the way
// web/crm_host.js reads it, then checked and queried with the sqlite3 command-line tool.
async function storedDatabase(d) {
  const bytes = await d.page.evaluate(async () => {
    const req = (r) => new Promise((ok, fail) => { r.onsuccess = () => ok(r.result); r.onerror = () => fail(r.error); });
    const idb = await req(indexedDB.open('crm'));
    const tx = idb.transaction(['chunks', 'files'], 'readonly');
    const file = '/data/crm.db';
    const size = await req(tx.objectStore('files').get(file));
    const range = IDBKeyRange.bound([file, 0], [file, Infinity]);
    const [keys, values] = await Promise.all([req(tx.objectStore('chunks').getAllKeys(range)),
      req(tx.objectStore('chunks').getAll(range))]);
    idb.close();
    const out = new Uint8Array(size);
    for (let i = 0; i < keys.length; i++) {
      const at = keys[i][1] * 4096;
      if (at < size) out.set(values[i].subarray(0, Math.min(4096, size - at)), at);
    }
    return Array.from(out);
  });
  const file = path.join(d.server.dir, 'stored.db');
  fs.writeFileSync(file, Buffer.from(bytes));
  const sql = (q) => {
    const r = spawnSync('sqlite3', ['-readonly', file, q], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error('sqlite3: ' + r.stderr);
    return r.stdout.trim();
  };
  const integrity = sql('PRAGMA integrity_check;');
  const names = sql("SELECT json_extract(fields, '$.name[0].v') FROM records WHERE entity = 'customer' AND deleted = 0 ORDER BY id;");
  const outbox = Number(sql('SELECT COUNT(*) FROM outbox;'));
  fs.rmSync(file);
  return { integrity, names: names ? names.split('\n') : [], outbox };
}

// ---- Saving ----------------------------------------------------------------------------------

// Opens a new customer form and types a name; returns the centre of the save button. The click
// itself is left to the caller, which decides what happens around it.
async function fillCustomer(d, name) {
  if ((await d.snapshot()).screen !== SCREEN.customers) await d.click('nav.customers');
  await d.click('customers.new');
  await d.type('form.name', name);
  const r = await d.widget('form.save');
  return { x: r.x + Math.min(r.width / 2, 40), y: r.y + r.height / 2 };
}

// Holds every IndexedDB commit back from now on: the status bar says "Saving…" and stays so.
function holdPersistence(d) {
  return d.page.evaluate(() => {
    const persist = window.CrmHost.persistStatus();
    window.CrmHost.persistCommit = () => { persist.pending++; };
  });
}

// ---- The server's view -----------------------------------------------------------------------

// Everything the server holds, as a separate admin device sees it through the protocol, and the
// change count the server keeps per device.
async function serverView(server, probeToken) {
  const records = [];
  let cursor = 0, latest = 0;
  for (;;) {
    const r = await fetch(server.url + 'api/v1/pull', {
      method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + probeToken },
      body: JSON.stringify({ protocol: 1, cursor, limit: 1000 }),
    });
    assert(r.status === 200, 'probe pull: HTTP ' + r.status);
    const page = await r.json();
    records.push(...page.records);
    cursor = page.next_cursor;
    latest = Math.max(latest, page.latest_cursor || page.next_cursor);
    if (!page.has_more) break;
  }
  const [header, ...rows] = server.admin(['device', 'list']).trim().split('\n').map((l) => l.split('\t'));
  const changes = {};
  for (const row of rows) changes[row[header.indexOf('device')]] = Number(row[header.indexOf('changes')]);
  return { records, latest, changes };
}

async function signInProbe(server) {
  const r = await fetch(server.url + 'api/v1/login', {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ protocol: 1, username: USER, password: PASSWORD, device_id: 'e2e-probe', device_name: 'probe' }),
  });
  assert(r.status === 200, 'probe sign-in: HTTP ' + r.status);
  return (await r.json()).token;
}

run('device kill', async () => {
  const server = new Server();
  server.addUser(USER, PASSWORD, 'admin');
  await server.start();
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-profile-'));
  let d;
  try {
    d = await launchProfile(profile, server, 'tablet');
    await d.signIn(USER, PASSWORD);
    await d.waitSynced();
    await d.page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20000 });

    // ---- 1. Killed between a local save and its persistence (offline: nothing comes back from
    // the server to hide a loss).
    await server.stop();
    let saved = [];  // customers shown as "Saved on this device", in order
    const outcomes = [];
    const KILL_WORDS = ['Amber', 'Birch', 'Cedar', 'Dahlia', 'Elm', 'Fern', 'Ginkgo', 'Hazel', 'Iris', 'Juniper', 'Kumquat'];
    const kinds = ['held', 'random', 'after-saved', 'random', 'tab-close', 'held', 'random', 'after-saved', 'random',
      'tab-close', 'browser-kill'];
    for (let i = 0; i < kinds.length; i++) {
      const kind = kinds[i];
      // Names unlike each other: similar ones would stop at the duplicate warning instead of saving.
      const name = `Kill ${KILL_WORDS[i]} ${kind}`;
      const at = await fillCustomer(d, name);
      const commitsBefore = (await d.snapshot()).persist.commits;
      const cdp = await d.context.newCDPSession(d.page);
      if (kind === 'held') await holdPersistence(d);
      await d.page.mouse.move(at.x, at.y);
      await d.frames(2);
      await d.page.mouse.down();
      await d.frames(2);
      await d.page.mouse.up();
      let delay = 0;
      if (kind === 'held') {
        const s = await d.waitFor('"Saving…" with the customer on screen',
          (x) => x.screen === SCREEN.detail && x.customer && x.customer.values.name === name && x.persist.pending > 0);
        assert(s.unsynced === saved.length + 1, 'the save is committed locally: ' + s.unsynced);
        if (i === 0) await d.screenshot('kill-01-saving-held');
      } else if (kind === 'random' || kind === 'tab-close') {
        // Around the frame that handles the release and the IndexedDB commit after it (with
        // software WebGL a frame here takes tens of milliseconds).
        delay = Math.floor(Math.random() * 250);
        await sleep(delay);
      } else {
        await d.waitFor('"Saved on this device"', (x) => x.persist.pending === 0 && x.persist.commits > commitsBefore &&
          x.customer && x.customer.values.name === name, 10000);
        saved.push(name);
      }
      if (kind === 'browser-kill') {
        const closed = new Promise((resolve) => d.context.once('close', resolve));
        process.kill(browserPid(profile), 'SIGKILL');
        await closed;
        d = await launchProfile(profile, server, 'tablet again');
      } else if (kind === 'tab-close') {
        await d.page.close();  // the tab is closed (its pagehide handler runs)
        await reopenTab(d);
      } else {
        await crashPage(d, cdp);
        await reopenTab(d);
      }
      const s = await d.waitFor('the app after the kill', (x) => x.signed_in && x.screen === SCREEN.customers);
      assert(!s.fatal && s.persist.error === '', 'opens cleanly: ' + JSON.stringify({ fatal: s.fatal, error: s.persist.error }));
      const stored = await storedDatabase(d);
      assert(stored.integrity === 'ok', 'stored database integrity: ' + stored.integrity);
      // Every customer shown as saved is there, in order; the one in flight is there or not.
      const kept = stored.names.includes(name);
      const expected = kept && !saved.includes(name) ? [...saved, name] : saved;
      assert(JSON.stringify(stored.names) === JSON.stringify(expected),
        `after ${kind}: stored ${JSON.stringify(stored.names)}, expected ${JSON.stringify(expected)}`);
      assert(s.customers === expected.length, `the app lists ${s.customers} customers, expected ${expected.length}`);
      assert(stored.outbox === expected.length, `outbox ${stored.outbox}, expected ${expected.length}`);
      if (kind === 'held') assert(!kept, 'a save whose persistence never ran cannot be stored');
      saved = expected;
      outcomes.push(`${kind}${delay ? ' +' + delay + ' ms' : ''}: ${kept ? 'kept' : 'lost (never shown as saved)'}`);
    }
    await d.screenshot('kill-02-after-kills');
    console.log('local save kills: ' + outcomes.join('; '));

    // ---- 2. Killed between a push and its acknowledgement.
    await server.start();
    const probe = await signInProbe(server);
    await d.click('status.sync_now');
    await d.waitFor('the offline saves synced', (x) => x.unsynced === 0 && !x.sync_running && !x.sync_error, 60000);
    let view = await serverView(server, probe);
    const deviceId = Object.keys(view.changes).find((id) => id !== 'e2e-probe');
    assert(view.records.length === saved.length, `server holds ${view.records.length} records, expected ${saved.length}`);
    assert(view.changes[deviceId] === saved.length, `one change per saved customer: ${view.changes[deviceId]}`);

    let answered;
    const pushAnswered = new Promise((resolve) => { answered = resolve; });
    await d.page.route('**/api/v1/push', async (route) => {
      const response = await route.fetch();  // the server receives and stores the push
      answered({ status: response.status(), body: await response.json() });
      // ...and the page never gets the answer.
    });
    const name = 'Held push';
    const at = await fillCustomer(d, name);
    const cdp = await d.context.newCDPSession(d.page);
    await d.page.mouse.move(at.x, at.y);
    await d.frames(2);
    await d.page.mouse.down();
    await d.frames(2);
    await d.page.mouse.up();
    await d.waitFor('saved on the device', (x) => x.customer && x.customer.values.name === name && x.persist.pending === 0);
    const push = await pushAnswered;
    assert(push.status === 200 && push.body.results.length === 1, 'the server accepted the push: ' + JSON.stringify(push));
    const pushed = push.body.results[0];
    await d.screenshot('kill-03-push-in-flight');
    const before = await serverView(server, probe);
    const held = before.records.filter((r) => r.id === pushed.id);
    assert(held.length === 1, 'the server stored the held push');
    assert(before.changes[deviceId] === saved.length + 1, 'one change for it: ' + before.changes[deviceId]);

    await crashPage(d, cdp);
    const restarted = Date.now();
    await reopenTab(d);
    let s = await d.waitFor('the app after the kill', (x) => x.signed_in);
    const stored = await storedDatabase(d);
    assert(stored.integrity === 'ok', 'stored database integrity: ' + stored.integrity);
    assert(stored.names.includes(name), 'the held-push customer was saved on the device');
    // The app syncs on start: the push goes again and is acknowledged this time.
    s = await d.waitFor('the retried push acknowledged', (x) => x.unsynced === 0 && !x.sync_running && !x.sync_error &&
      x.last_sync_ms > restarted, 60000);
    assert(s.customers === saved.length + 1, `the device lists the customer once: ${s.customers} customers`);
    const after = await serverView(server, probe);
    const again = after.records.filter((r) => r.id === pushed.id);
    assert(again.length === 1, 'the server holds the record once');
    assert(JSON.stringify(again[0].vv) === JSON.stringify(held[0].vv) &&
      JSON.stringify(again[0].fields) === JSON.stringify(held[0].fields), 'the same version: ' + JSON.stringify([held[0].vv, again[0].vv]));
    assert(after.latest === before.latest, `no new change sequence number: ${before.latest} -> ${after.latest}`);
    assert(after.changes[deviceId] === before.changes[deviceId],
      `no change counted for the retry: ${before.changes[deviceId]} -> ${after.changes[deviceId]}`);
    assert(after.records.length === saved.length + 1, 'nothing else appeared on the server');
    await d.screenshot('kill-04-synced-after-restart');
    console.log(`push kill: server seq ${before.latest} -> ${after.latest}, vv ${JSON.stringify(again[0].vv)}, ` +
      `device changes ${before.changes[deviceId]} -> ${after.changes[deviceId]}`);
  } finally {
    if (d) await d.context.close().catch(() => {});  // the browser stops writing to its profile first
    fs.rmSync(profile, { recursive: true, force: true });
  }
});
