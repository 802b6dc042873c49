// Payment collection benchmark (scripts/bench.sh, not a test), in headless Chromium with the real
// wasm build: C contracts (3C instalments) and R receipts stored on one device, then the
// collection totals and the overdue list after one more receipt (median, p95 ms; aim < 16 ms),
// against the reference of recomputing them from every held instalment and receipt in the same run.
// Usage: node tests/bench/collection_bench.js [contracts] [receipts]
'use strict';

const { Server, Device, launchBrowser, run } = require('../e2e/harness');

const C = Number(process.argv[2] || 50000);
const R = Number(process.argv[3] || 100000);

run('collection bench', async () => {
  const server = new Server();
  server.addUser('anna', 'bench-password');
  await server.start();
  const browser = await launchBrowser();
  const d = await Device.open(browser, server, 'bench device');
  await d.signIn('anna', 'bench-password');
  const r = JSON.parse(await d.page.evaluate(([c, n]) => UTF8ToString(Module._crm_bench_collection(c, n, 200)), [C, R]));
  if (r.error) throw new Error(r.error);
  console.log(`collection: ${r.contracts} contracts, ${r.instalments} instalments, ${r.receipts} receipts ` +
    `(seeded in ${(r.seed_ms / 1000).toFixed(1)} s, view loaded from the store in ${r.load_ms.toFixed(0)} ms)`);
  console.log(`after one receipt (${r.samples} samples): write + view + totals + overdue list median ` +
    `${r.receipt[0].toFixed(2)} ms, p95 ${r.receipt[1].toFixed(2)} ms (aim < 16 ms); answers alone median ` +
    `${r.answers[0].toFixed(3)} ms, p95 ${r.answers[1].toFixed(3)} ms`);
  console.log(`reference, recomputed from everything held: median ${r.full[0].toFixed(1)} ms; ` +
    `incremental / full ratio ${(r.receipt[0] / r.full[0]).toFixed(3)}`);
}, 1800);
