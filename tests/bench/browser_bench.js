// Browser benchmark (scripts/bench.sh, not a test), in headless Chromium with the real wasm build:
//  - first sync of N customers from a real crm-server, as records/s and as a ratio to a raw
//    SQL insert of the same rows into the same wasm SQLite, measured in the same run;
//  - search latency over the N customers (median, p95);
//  - CPU time per frame of the customer list while it scrolls;
//  - size of crm_app.wasm and crm_app.js, raw and gzip.
// Usage: node tests/bench/browser_bench.js [customers]
'use strict';

const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const { Server, Device, launchBrowser, run, sleep } = require('../e2e/harness');
const { uuidv7, seeder, measureFirstSync } = require('./bench_seed');

const N = Number(process.argv[2] || 100000);
const root = path.resolve(__dirname, '../..');
const CITIES = ['Shanghai', 'Beijing', 'Shenzhen', 'Hangzhou', 'Chengdu', 'Wuhan', "Xi'an", 'Nanjing', 'Suzhou', 'Tianjin'];
const NAMES = ['Trading', 'Logistics', 'Foods', 'Textiles', 'Machinery', 'Pharma', 'Electronics', 'Retail', 'Media', 'Energy'];

// Seeds the server with N customers pushed by a device of their own.
async function seed(server) {
  const seed = await seeder(server, 'seeder', 'seed-password');
  const now = Date.now() - N;
  let counter = 0;
  for (let start = 0; start < N; start += 1000) {
    const records = [];
    for (let i = start; i < Math.min(N, start + 1000); i++) {
      const c = ++counter;
      const w = (v) => [{ v, r: seed.device, c, t: now, l: c }];
      records.push({
        entity: 'customer', id: uuidv7(now, i), vv: { [seed.device]: c },
        fields: {
          kind: w('company'), name: w(`${NAMES[i % 10]} ${CITIES[(i >> 3) % 10]} ${i}`),
          phone: w(`+86 ${10 + (i % 90)} ${String(1000000 + i).slice(-7)}`), city: w(CITIES[i % 10]),
        },
      });
    }
    await seed.push(records);
  }
}

function quantile(sorted, q) { return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]; }

run('browser bench', async () => {
  const server = new Server();
  server.addUser('seeder', 'seed-password');
  server.addUser('anna', 'bench-password');
  await server.start();
  await seed(server);
  const browser = await launchBrowser();
  const d = await Device.open(browser, server, 'bench device');
  const m = await measureFirstSync(d, {
    username: 'anna', password: 'bench-password', customers: N, total: N, timeoutMs: 600000,
    during: async () => {
      await d.waitFor('the first-sync progress bar', (x) => x.widgets['status.progress'], 60000);
      await d.screenshot('bench-first-sync-progress');
    },
  });
  const { syncMs, raws, syncRate, rawRate } = m;
  console.log(`first sync: ${N} customers in ${(syncMs / 1000).toFixed(2)} s = ${Math.round(syncRate)} records/s`);
  console.log(`raw insert of the same rows (same wasm SQLite, one transaction, median of ${raws.map((x) => (x / 1000).toFixed(2)).join(', ')} s): ${Math.round(rawRate)} rows/s`);
  console.log(`first sync / raw insert ratio: ${(syncRate / rawRate).toFixed(2)} (aim >= 0.3)`);
  await d.waitDurable();
  const persisted = (await d.snapshot()).persist;
  console.log(`persisted to IndexedDB: ${(persisted.totalBytes / 1048576).toFixed(1)} MiB in ${persisted.commits} commits, slowest commit ${persisted.maxMs.toFixed(0)} ms`);

  // Search: terms a user types (name fragments, phone digits, cities), each a fresh query.
  const queries = [];
  for (let i = 0; i < 60; i++) {
    queries.push([NAMES[i % 10].slice(0, 3 + (i % 4)), String(1000000 + i * 1234).slice(-4), CITIES[i % 10].toLowerCase(),
      `${NAMES[i % 10]} ${i * 997 % N}`][i % 4]);
  }
  const times = await d.page.evaluate((qs) => qs.map((q) => {
    const n = lengthBytesUTF8(q) + 1, p = Module._malloc(n);
    stringToUTF8(q, p, n);
    const ms = Module._crm_bench_search(p);
    Module._free(p);
    return ms;
  }), queries);
  times.sort((x, y) => x - y);
  console.log(`search over ${N} customers: median ${quantile(times, 0.5).toFixed(2)} ms, p95 ${quantile(times, 0.95).toFixed(2)} ms (aim p95 < 30 ms)`);

  // Frame CPU time while the full list scrolls.
  await d.click('nav.customers');
  await d.page.evaluate(() => Module._crm_bench_frames());
  const vp = d.page.viewportSize();
  await d.page.mouse.move(vp.width / 2, vp.height / 2);
  for (let i = 0; i < 60; i++) {
    await d.page.mouse.wheel(0, i < 40 ? 900 : -2000);
    await sleep(30);
  }
  const [median, p95, frames] = JSON.parse(await d.page.evaluate(() => UTF8ToString(Module._crm_bench_frames())));
  console.log(`customer list frame CPU time (${N} rows, scrolling, ${frames} frames): median ${median.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms (aim < 4 ms)`);
  await d.screenshot('bench-customer-list');


  // One edit at N customers: what it writes to IndexedDB, and how long until it is durable.
  const edits = [];
  for (let i = 0; i < 5; i++) {
    // Found by its phone number, as a user would.
    await d.clearField('customers.search');
    // The whole number's digits: a part of it may also run across other numbers' separators.
    const j = Math.floor(N / 2) + i;
    await d.type('customers.search', `86${10 + (j % 90)}${String(1000000 + j).slice(-7)}`);
    await d.waitFor('one search result', (x) => x.widgets['customers.row.0'] && !x.widgets['customers.row.1']);
    await d.click('customers.row.0');
    await d.click('detail.edit');
    await d.clearField('form.city');
    await d.type('form.city', 'Ningbo ' + i);
    const before = (await d.snapshot()).persist.commits;
    await d.click('form.save');
    const after = await d.waitFor('the edit durable', (x) => x.persist.pending === 0 && x.persist.commits > before);
    edits.push([after.persist.lastBytes, after.persist.lastMs, after.persist.commits - before]);
    await d.click('nav.customers');
  }
  const kib = edits.map((e) => (e[0] / 1024).toFixed(0)).join(', ');
  const ms = edits.map((e) => e[1].toFixed(0)).join(', ');
  console.log(`one edit at ${N} customers writes ${kib} KiB to IndexedDB (5 edits), durable ${ms} ms after the SQLite commit`);

  const wasmDir = process.env.CRM_WASM_DIR || path.join(root, 'build-wasm/client');
  for (const f of ['crm_app.wasm', 'crm_app.js']) {
    const bytes = fs.readFileSync(path.join(wasmDir, f));
    console.log(`${f}: ${(bytes.length / 1024).toFixed(0)} KiB raw, ${(zlib.gzipSync(bytes, { level: 9 }).length / 1024).toFixed(0)} KiB gzip`);
  }
  const font = fs.statSync(path.join(wasmDir, 'fonts/ui.ttc')).size;
  console.log(`font (not counted above): ${(font / 1048576).toFixed(1)} MiB`);

  // Last (it leaves the page emulating a phone): the whole list on a phone (390x844, touch, 3
  // device pixels per CSS pixel), scrolled by flicks.
  {
    await d.clearField('customers.search');
    const cdp = await d.context.newCDPSession(d.page);
    await cdp.send('Emulation.setDeviceMetricsOverride', { width: 390, height: 844, deviceScaleFactor: 3, mobile: true });
    await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: true, maxTouchPoints: 5 });
    await d.waitFor('the phone layout', (x) => x.layout.phone && x.widgets['customers.row.0']);
    await d.page.evaluate(() => Module._crm_bench_frames());
    for (let i = 0; i < 12; i++) {
      await (i % 4 === 3 ? d.flick(200, 250, 200, 700) : d.flick(200, 700, 200, 250));
      await d.frames(20);
    }
    const [pm, pp, pf] = JSON.parse(await d.page.evaluate(() => UTF8ToString(Module._crm_bench_frames())));
    console.log(`phone customer list frame CPU time (${N} rows, flick scrolling, ${pf} frames): median ${pm.toFixed(2)} ms, p95 ${pp.toFixed(2)} ms (aim p95 < 8 ms)`);
    await d.screenshot('bench-phone-customer-list');
    await cdp.detach();
  }
});
