// Pipeline benchmark (scripts/bench.sh, not a test), in headless Chromium with the real wasm
// build: N customers and 2N opportunities synced to one device, then
//  - first sync of all of it, as records/s and as a ratio to a raw SQL insert of the same rows
//    into the same wasm SQLite, measured in the same run;
//  - the board, funnel and forecast after one edit (median, p95 ms; aim < 16 ms), against the
//    reference of recomputing them from every held opportunity in the same run.
// Usage: node tests/bench/pipeline_bench.js [customers]
'use strict';

const crypto = require('crypto');
const { Server, Device, launchBrowser, run } = require('../e2e/harness');

const N = Number(process.argv[2] || 100000);
const STAGES = ['initial_contact', 'needs_analysis', 'proposal', 'negotiation', 'won', 'lost'];

function uuidv7(ms, i) {
  const b = crypto.randomBytes(16);
  b.writeUIntBE(ms + i, 0, 6);
  b[6] = 0x70 | (b[6] & 0x0f);
  b[8] = 0x80 | (b[8] & 0x3f);
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

// Pushes N customers of anna's and two opportunities each, by an admin's device (protocol v1).
async function seed(server) {
  const device = 'bench-seeder';
  const login = await fetch(server.url + 'api/v1/login', {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ protocol: 1, username: 'seeder', password: 'seed-password', device_id: device, device_name: 'bench' }),
  }).then((r) => r.json());
  const now = Date.now() - 3 * N;
  let counter = 0;
  const push = async (records) => {
    const r = await fetch(server.url + 'api/v1/push', {
      method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + login.token },
      body: JSON.stringify({ protocol: 1, records }),
    });
    if (r.status !== 200) throw new Error('seed push failed: ' + r.status + ' ' + await r.text());
  };
  for (let start = 0; start < N; start += 300) {
    const records = [];
    for (let i = start; i < Math.min(N, start + 300); i++) {
      const c = ++counter;
      const w = (v, k = c) => [{ v, r: device, c: k, t: now, l: k }];
      const customer = uuidv7(now, 3 * i);
      records.push({ entity: 'customer', id: customer, vv: { [device]: c },
        fields: { kind: w('company'), name: w(`Customer ${i}`), owner: w('anna'), status: w('prospect') } });
      for (let k = 1; k <= 2; k++) {
        const o = ++counter, stage = STAGES[(i * 2 + k) % 6];
        const fields = { customer_id: w(customer, o), name: w(`Deal ${i}-${k}`, o), stage: w(stage, o),
          amount: w({ minor: 100000 + (i % 1000) * 100, currency: i % 7 ? 'CNY' : 'EUR' }, o),
          expected_close: w(`2027-${String(1 + (i % 12)).padStart(2, '0')}-15`, o) };
        if (stage === 'won' || stage === 'lost') fields.closed_on = w('2026-11-20', o);
        if (stage === 'lost') fields.lost_reason = w('price', o);
        records.push({ entity: 'opportunity', id: uuidv7(now, 3 * i + k), vv: { [device]: o }, fields });
      }
    }
    await push(records);
  }
}

run('pipeline bench', async () => {
  const server = new Server();
  server.addUser('seeder', 'seed-password', 'admin');
  server.addUser('anna', 'bench-password');
  await server.start();
  const seedStart = Date.now();
  await seed(server);
  console.log(`seeded ${N} customers and ${2 * N} opportunities in ${((Date.now() - seedStart) / 1000).toFixed(1)} s`);
  const browser = await launchBrowser();
  const d = await Device.open(browser, server, 'bench device');
  await d.signIn('anna', 'bench-password');
  const total = 3 * N;
  const s = await d.waitFor('the first full sync', (x) => x.customers === N && !x.sync_running && x.last_sync.pulled >= total, 1200000);
  const syncMs = s.last_sync.finished_ms - s.last_sync.started_ms;
  await d.waitDurable();
  const raws = [];
  for (let i = 0; i < 3; i++) raws.push(await d.page.evaluate(() => Module._crm_bench_raw_insert()));
  const rawMs = raws.sort((x, y) => x - y)[1];
  const syncRate = total / (syncMs / 1000), rawRate = total / (rawMs / 1000);
  console.log(`first sync: ${total} records in ${(syncMs / 1000).toFixed(2)} s = ${Math.round(syncRate)} records/s`);
  console.log(`raw insert of the same rows (same wasm SQLite, one transaction): ${Math.round(rawRate)} rows/s; ratio ${(syncRate / rawRate).toFixed(2)}`);

  await d.click('nav.pipeline');
  await d.waitFor('the board', (x) => x.widgets['pipeline.card.initial_contact.0']);
  const r = JSON.parse(await d.page.evaluate(() => UTF8ToString(Module._crm_bench_pipeline(200))));
  console.log(`pipeline after one edit (${r.opportunities} opportunities, ${r.edits} edits): ` +
    `edit + board + funnel + forecast median ${r.edit[0].toFixed(2)} ms, p95 ${r.edit[1].toFixed(2)} ms (aim < 16 ms); ` +
    `answers alone median ${r.answers[0].toFixed(3)} ms, p95 ${r.answers[1].toFixed(3)} ms`);
  console.log(`reference, recomputed from every opportunity: median ${r.full[0].toFixed(1)} ms; ` +
    `incremental / full ratio ${(r.edit[0] / r.full[0]).toFixed(3)}`);
  await d.screenshot('bench-pipeline-board');
}, 1800);
