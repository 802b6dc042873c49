// What the browser benchmarks share (browser_bench.js, pipeline_bench.js): ids as devices make
// them, a seeding device that pushes records to a real crm-server (protocol v1,
// docs/sync-protocol.md) and fails on any record the server refuses, and the first sync of a
// fresh device measured against the raw insert reference in the same run.
'use strict';

const crypto = require('crypto');

// UUIDv7 in creation order: `ms + i` as the time, so record i sorts after record i - 1.
function uuidv7(ms, i) {
  const b = crypto.randomBytes(16);
  b.writeUIntBE(ms + i, 0, 6);
  b[6] = 0x70 | (b[6] & 0x0f);
  b[8] = 0x80 | (b[8] & 0x3f);
  b.writeUInt16BE(i & 0xffff, 14);
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

// A device of `username` that pushes records. A refused record throws: a benchmark that waits
// for records the server never took would wait for ever.
async function seeder(server, username, password, device = 'bench-seeder') {
  const login = await fetch(server.url + 'api/v1/login', {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ protocol: 1, username, password, device_id: device, device_name: 'bench' }),
  }).then((r) => r.json());
  if (!login.token) throw new Error('seeder sign-in failed: ' + JSON.stringify(login));
  return {
    device,
    async push(records) {
      const r = await fetch(server.url + 'api/v1/push', {
        method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + login.token },
        body: JSON.stringify({ protocol: 1, records }),
      });
      if (r.status !== 200) throw new Error('seed push failed: ' + r.status + ' ' + await r.text());
      const refused = (await r.json()).results.filter((x) => x.rejected);
      if (refused.length) throw new Error(`seed push: ${refused.length} records refused, first: ${JSON.stringify(refused[0])}`);
    },
  };
}

// Signs `d` in and waits for its first sync of `total` records (`customers` of them customers),
// running `during()` (if given) while it syncs; then the raw insert of the same rows into the same wasm SQLite, three times (median: one run
// varies with garbage collection). Returns {syncMs, rawMs, syncRate, rawRate, ratio}.
async function measureFirstSync(d, { username, password, customers, total, timeoutMs, during }) {
  await d.signIn(username, password);
  if (during) await during();
  const s = await d.waitFor('the first full sync',
    (x) => x.customers === customers && !x.sync_running && x.last_sync.pulled >= total, timeoutMs);
  const syncMs = s.last_sync.finished_ms - s.last_sync.started_ms;
  await d.waitDurable();
  const raws = [];
  for (let i = 0; i < 3; i++) raws.push(await d.page.evaluate(() => Module._crm_bench_raw_insert()));
  const rawMs = raws.sort((x, y) => x - y)[1];
  const syncRate = total / (syncMs / 1000), rawRate = total / (rawMs / 1000);
  return { syncMs, rawMs, raws, syncRate, rawRate, ratio: syncRate / rawRate };
}

module.exports = { uuidv7, seeder, measureFirstSync };
