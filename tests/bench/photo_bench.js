// Photo benchmark (scripts/bench.sh, not a test), in headless Chromium on the phone context with
// the real wasm build and a real crm-server on 127.0.0.1:
//  - storing a 3 MB camera photo (4000x3000 JPEG): decode, resize to 1600 px, JPEG, SHA-256,
//    IndexedDB (web/crm_files.js), against the reference of the decode, resize and JPEG alone,
//    measured on the same file in the same run;
//  - uploading it after the sync (status + 256 KiB Content-Range pieces, client/app/
//    attachment_transfer.*), against one plain whole-file PUT of the same bytes from the same page.
// Usage: node tests/bench/photo_bench.js [runs]
'use strict';

const { Server, Device, launchBrowser, run, PHONE } = require('../e2e/harness');

const RUNS = Number(process.argv[2] || 3);

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function seedCustomer(server) {
  const device = 'photo-bench-seed';
  const login = await fetch(server.url + 'api/v1/login', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ protocol: 1, username: 'anna', password: 'bench-password', device_id: device, device_name: 'seed' }) });
  const { token } = await login.json();
  const w = (v) => [{ c: 1, r: device, t: Date.now(), v }];
  const r = await fetch(server.url + 'api/v1/push', { method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + token },
    body: JSON.stringify({ protocol: 1, records: [{ entity: 'customer', id: '019a0000-0000-7000-8000-0000000b0001',
      vv: { [device]: 1 }, fields: { kind: w('company'), name: w('Bench Shop'), owner: w('anna') } }] }) });
  if (r.status !== 200) throw new Error('seed: ' + await r.text());
}

run('photo bench', async () => {
  const server = new Server();
  server.addUser('anna', 'bench-password');
  await server.start();
  await seedCustomer(server);
  const browser = await launchBrowser();
  const d = await Device.open(browser, server, 'phone', PHONE);
  await d.signIn('anna', 'bench-password');
  await d.waitFor('the customer', (x) => x.customers === 1 && x.widgets['customers.row.0']);
  await d.tap('customers.row.0');

  const stores = [], resizes = [], uploads = [], plain = [], parts = [];
  let jpegBytes = 0, storedBytes = 0;
  for (let i = 0; i < RUNS; i++) {
    // A camera-sized JPEG of about 3 MB (4000x3000, texture and noise so it does not shrink to
    // nothing), made in the page; each run a different one (a new SHA-256).
    const b64 = await d.page.evaluate(async (seed) => {
      const c = new OffscreenCanvas(4000, 3000);
      const ctx = c.getContext('2d');
      const img = ctx.createImageData(4000, 3000);
      let x = seed * 2654435761 >>> 0;
      for (let p = 0; p < img.data.length; p += 4) {
        x = (x * 1664525 + 1013904223) >>> 0;
        const n = (x >>> 28);
        const px = (p >> 2) % 4000, py = Math.floor((p >> 2) / 4000);
        img.data[p] = ((px >> 5) * 37 + n) & 255;
        img.data[p + 1] = ((py >> 5) * 53 + n) & 255;
        img.data[p + 2] = (((px + py) >> 6) * 29 + n) & 255;
        img.data[p + 3] = 255;
      }
      ctx.putImageData(img, 0, 0);
      const blob = await c.convertToBlob({ type: 'image/jpeg', quality: 0.75 });
      const bytes = new Uint8Array(await blob.arrayBuffer());
      let s = '';
      for (let k = 0; k < bytes.length; k += 0x8000) s += String.fromCharCode.apply(null, bytes.subarray(k, k + 0x8000));
      return btoa(s);
    }, i + 1);
    const file = Buffer.from(b64, 'base64');
    jpegBytes = file.length;

    // The reference: decode, resize and JPEG-encode the same file, nothing else.
    resizes.push(await d.page.evaluate(async (b64) => {
      const bytes = Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));
      const t0 = performance.now();
      const bm = await createImageBitmap(new Blob([bytes], { type: 'image/jpeg' }), { imageOrientation: 'from-image' });
      const c = new OffscreenCanvas(1600, 1200);
      c.getContext('2d').drawImage(bm, 0, 0, 1600, 1200);
      bm.close();
      await c.convertToBlob({ type: 'image/jpeg', quality: 0.85 });
      return performance.now() - t0;
    }, b64));

    // The app: the picker gets the file; stored (resize, hash, IndexedDB) and attached.
    const before = (await d.snapshot()).photos.length;
    const chooser = d.page.waitForEvent('filechooser');
    await d.tap('record.photos.add');
    await (await chooser).setFiles({ name: `bench-${i}.jpg`, mimeType: 'image/jpeg', buffer: file });
    const s = await d.waitFor('the photo stored', (x) => x.photos.length === before + 1, 60000);
    const stats = await d.page.evaluate(() => Object.assign({}, CrmFiles.stats));
    stores.push(stats.lastPickMs);
    parts.push([stats.lastResizeMs, stats.lastHashMs, stats.lastPutMs]);
    storedBytes = stats.lastBytes;
    const sha = s.photos.find((p) => p.values.file_name === `bench-${i}.jpg`).values.sha256;

    // Its upload after the next sync, as the app does it.
    await d.page.evaluate(() => Module._crm_on_online());
    const up = await d.waitFor('the photo uploaded', (x) => x.uploads_waiting === 0 && x.unsynced === 0 &&
      x.photos.every((p) => p.state === 0), 60000);
    uploads.push(up.last_upload.ms);

    // The reference: the same bytes in one plain PUT from the same page.
    plain.push(await d.page.evaluate(async ([sha, id]) => {
      const login = await fetch('/api/v1/login', { method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ protocol: 1, username: 'anna', password: 'bench-password', device_id: 'bench-plain-' + sha.slice(0, 8), device_name: 'bench' }) });
      const { token } = await login.json();
      const db = await new Promise((ok, ko) => { const r = indexedDB.open('crm'); r.onsuccess = () => ok(r.result); r.onerror = ko; });
      const bytes = await new Promise((ok) => { const r = db.transaction('photos').objectStore('photos').get(sha); r.onsuccess = () => ok(r.result); });
      db.close();
      const t0 = performance.now();
      const r = await fetch(`/api/v1/attachments/${sha}?entity=customer&id=${id}`, { method: 'PUT',
        headers: { Authorization: 'Bearer ' + token, 'Content-Type': 'application/octet-stream' }, body: bytes });
      await r.json();
      return performance.now() - t0;
    }, [sha, '019a0000-0000-7000-8000-0000000b0001']));
  }
  const st = median(stores), rs = median(resizes), up = median(uploads), pl = median(plain);
  console.log(`photo: ${(jpegBytes / 1048576).toFixed(2)} MB 4000x3000 JPEG picked, stored as ${(storedBytes / 1024).toFixed(0)} KiB 1600x1200 JPEG (median of ${RUNS})`);
  console.log(`store (decode, resize, JPEG, SHA-256, IndexedDB): ${st.toFixed(0)} ms; reference decode+resize+JPEG alone ${rs.toFixed(0)} ms; ratio ${(st / rs).toFixed(2)}`);
  console.log(`  of which resize ${median(parts.map((p) => p[0])).toFixed(0)} ms, SHA-256 ${median(parts.map((p) => p[1])).toFixed(0)} ms, IndexedDB ${median(parts.map((p) => p[2])).toFixed(0)} ms`);
  console.log(`upload after sync (status + ${Math.ceil(storedBytes / 262144)} pieces of 256 KiB): ${up.toFixed(0)} ms; reference one whole PUT ${pl.toFixed(1)} ms; ratio ${(up / Math.max(pl, 1)).toFixed(2)}`);
  await d.screenshot('bench-phone-photos');
}, 600);
