// Pipeline benchmark (scripts/bench.sh, not a test), in headless Chromium with the real wasm
// build: N customers and 2N opportunities synced to one device, then
//  - first sync of all of it, as records/s and as a ratio to a raw SQL insert of the same rows
//    into the same wasm SQLite, measured in the same run;
//  - the board, funnel and forecast after one edit (median, p95 ms; aim < 16 ms), against the
//    reference of recomputing them from every held opportunity in the same run.
// Usage: node tests/bench/pipeline_bench.js [customers]
'use strict';

const { Server, Device, launchBrowser, run } = require('../e2e/harness');
const { uuidv7, seeder, measureFirstSync } = require('./bench_seed');

const N = Number(process.argv[2] || 100000);
const STAGES = ['initial_contact', 'needs_analysis', 'proposal', 'negotiation', 'won', 'lost'];
const CITIES = ['Shanghai', 'Beijing', 'Shenzhen', 'Hangzhou', 'Chengdu', 'Wuhan', "Xi'an", 'Nanjing', 'Suzhou', 'Tianjin'];
const NAMES = ['Trading', 'Logistics', 'Foods', 'Textiles', 'Machinery', 'Pharma', 'Electronics', 'Retail', 'Media', 'Energy'];
const phoneOf = (i) => `+86 ${10 + (i % 90)} ${String(1000000 + i).slice(-7)}`;

// Pushes N customers of anna's (name, phone, e-mail) and two opportunities each, by an admin's
// device. A new opportunity starts in an open stage (the state machine): the won and lost ones
// are created in negotiation and moved in a second push, as a person would.
async function seed(server) {
  const seed = await seeder(server, 'seeder', 'seed-password');
  const dev = seed.device;
  const now = Date.now() - 3 * N;
  let counter = 0;
  const closed = [];
  const w = (v, k) => [{ v, r: dev, c: k, t: now, l: k }];
  const batches = async (items, make) => {
    for (let start = 0; start < items.length; start += 300) await seed.push(items.slice(start, start + 300).map(make));
  };
  for (let start = 0; start < N; start += 300) {
    const records = [];
    for (let i = start; i < Math.min(N, start + 300); i++) {
      const c = ++counter;
      const customer = uuidv7(now, 3 * i);
      records.push({ entity: 'customer', id: customer, vv: { [dev]: c },
        fields: { kind: w('company', c), name: w(`${NAMES[i % 10]} ${CITIES[(i >> 3) % 10]} ${i}`, c), phone: w(phoneOf(i), c),
          email: w(`buyer${i}@example.com`, c), owner: w('anna', c), status: w('prospect', c) } });
      for (let k = 1; k <= 2; k++) {
        const o = ++counter, stage = STAGES[(i * 2 + k) % 6];
        const open = stage !== 'won' && stage !== 'lost';
        const fields = { customer_id: w(customer, o), name: w(`Deal ${i}-${k}`, o), stage: w(open ? stage : 'negotiation', o),
          amount: w({ minor: 100000 + (i % 1000) * 100, currency: i % 7 ? 'CNY' : 'EUR' }, o),
          expected_close: w(`2027-${String(1 + (i % 12)).padStart(2, '0')}-15`, o) };
        const record = { entity: 'opportunity', id: uuidv7(now, 3 * i + k), vv: { [dev]: o }, fields };
        records.push(record);
        if (!open) closed.push([record, stage]);
      }
    }
    await seed.push(records);
  }
  await batches(closed, ([record, stage]) => {
    const o = ++counter;
    const fields = { ...record.fields, stage: w(stage, o), closed_on: w('2026-11-20', o) };
    if (stage === 'lost') fields.lost_reason = w('price', o);
    return { entity: 'opportunity', id: record.id, vv: { [dev]: o }, fields };
  });
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
  const total = 3 * N;
  const { syncMs, syncRate, rawRate } = await measureFirstSync(d, {
    username: 'anna', password: 'bench-password', customers: N, total, timeoutMs: 1200000 });
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
