// Visit photos as a field rep takes them: on a phone (390x844, touch) with no network, a photo
// picked at check-in is resized on the device (long side 1600 px, JPEG), hashed, kept in
// IndexedDB and attached to the visit as a record; back online, the visit and the photo's record
// sync and the bytes upload in the background. The rep's laptop shows the photo (fetched on
// demand, then kept), and a device of another sales person, outside the customer's scope, gets 403
// for its bytes. (Also: a generic list's date range picked on a calendar.) Screenshots: build-wasm/screenshots/visit-photos-*.png.
'use strict';

const zlib = require('zlib');
const crypto = require('crypto');
const { Server, Device, launchBrowser, run, assert, checkTargets, checkFits, PHONE, LAPTOP } = require('./harness');

const HERE = { latitude: 31.2304, longitude: 121.4737 };
const SCREEN = { detail: 2, checkIn: 4, record: 11 };
const KIND = { local: 0, waiting: 1, uploading: 2, remote: 3, downloading: 4, failed: 5 };

// A camera-sized picture (2400x1800 RGB PNG: a shelf of coloured boxes), made here so the test
// needs no image file.
function photoPng(width = 2400, height = 1800) {
  const row = 1 + width * 3;
  const raw = Buffer.alloc(row * height);
  for (let y = 0; y < height; y++) {
    raw[y * row] = 0;
    for (let x = 0; x < width; x++) {
      const shelf = Math.floor(y / 300), box = Math.floor(x / 200);
      const edge = y % 300 < 12 || x % 200 < 6;
      const o = y * row + 1 + x * 3;
      raw[o] = edge ? 90 : (box * 53 + shelf * 97) % 256;
      raw[o + 1] = edge ? 60 : (box * 29 + shelf * 61 + (x >> 4)) % 256;
      raw[o + 2] = edge ? 30 : (box * 71 + shelf * 13 + (y >> 4)) % 256;
    }
  }
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32 ? zlib.crc32(td) : crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;  // bit depth
  ihdr[9] = 2;  // RGB
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 1 })), chunk('IEND', Buffer.alloc(0))]);
}

function crc32(buf) {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return (~c) >>> 0;
}

// One customer of anna at HERE, pushed as another client would (docs/sync-protocol.md).
async function seed(server) {
  const login = await fetch(server.url + 'api/v1/login', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ protocol: 1, username: 'anna', password: 'field-sales-1', device_id: 'seed-device-1', device_name: 'seed' }) });
  const { token } = await login.json();
  const t = Date.now();
  const w = (v) => [{ c: 1, r: 'seed-device-1', t, v }];
  const id = '019a0000-0000-7000-8000-00000000a001';
  const r = await fetch(server.url + 'api/v1/push', { method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + token },
    body: JSON.stringify({ protocol: 1, records: [{ entity: 'customer', id, vv: { 'seed-device-1': 1 }, fields: {
      kind: w('company'), name: w('Corner Shop 7'), owner: w('anna'), city: w('Shanghai'),
      latitude: w(HERE.latitude), longitude: w(HERE.longitude) } }] }) });
  if (r.status !== 200) throw new Error('seed push: ' + await r.text());
  return id;
}

// The photo the picker opened for: the app asks for a file, the test hands one over.
async function pickPhoto(d, button, file) {
  const chooser = d.page.waitForEvent('filechooser', { timeout: 10000 });
  await d.tap(button);
  const fc = await chooser;
  assert(await fc.element().evaluate((e) => e.accept === 'image/*' && e.getAttribute('capture') === 'environment'),
    'the picker asks for an image from the camera');
  await fc.setFiles(file);
}

run('visit_photos', async () => {
  const server = await new Server().start();
  server.addUser('anna', 'field-sales-1', 'sales');
  server.addUser('rex', 'green-anchor-123', 'sales');
  const customerId = await seed(server);
  const browser = await launchBrowser();
  const phone = await Device.open(browser, server, 'phone', { ...PHONE, geolocation: { ...HERE, accuracy: 12 } });
  await phone.signIn('anna', 'field-sales-1');
  await phone.waitFor('the customer synced', (x) => x.customers === 1 && x.widgets['customers.row.0']);

  // Offline at the shop: check in, then take a photo of the shelf.
  await phone.context.setOffline(true);
  await phone.tap('customers.row.0');
  await phone.waitFor('the customer page', (x) => x.screen === SCREEN.detail);
  await phone.tap('detail.checkin');
  await phone.tap('checkin.go');
  let s = await phone.waitFor('checked in', (x) => x.screen === SCREEN.checkIn && x.check_in.visit_id && x.widgets['checkin.photos.add']);
  const visitId = s.check_in.visit_id;
  const png = photoPng();
  await pickPhoto(phone, 'checkin.photos.add', { name: 'shelf.png', mimeType: 'image/png', buffer: png });
  s = await phone.waitFor('the photo attached to the visit', (x) => x.photos && x.photos.length === 1, 30000);
  const photo = s.photos[0];
  assert(photo.state === KIND.waiting, 'offline, the photo waits for the next sync: ' + JSON.stringify(photo));
  assert(photo.values.record_entity === 'visit' && photo.values.record_id === visitId, 'attached to the visit');
  assert(photo.values.mime === 'image/jpeg' && photo.values.file_name === 'shelf.png', 'stored as JPEG: ' + JSON.stringify(photo.values));
  const sha = photo.values.sha256;
  const stats = await phone.page.evaluate(() => Object.assign({}, CrmFiles.stats));
  assert(stats.lastWidth === 1600 && stats.lastHeight === 1200, 'resized to a long side of 1600 px: ' + JSON.stringify(stats));
  assert(photo.values.size === stats.lastBytes && stats.lastBytes < png.length, 'the JPEG is smaller than what was picked');
  // The bytes live in IndexedDB's photos store (not in the database's pages) under their SHA-256.
  const kept = await phone.page.evaluate(async (sha) => {
    const db = await new Promise((ok, ko) => { const r = indexedDB.open('crm'); r.onsuccess = () => ok(r.result); r.onerror = ko; });
    const bytes = await new Promise((ok) => { const r = db.transaction('photos').objectStore('photos').get(sha); r.onsuccess = () => ok(r.result); });
    db.close();
    if (!bytes) return null;
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
    return { size: bytes.length, sha: Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join(''), jpeg: bytes[0] === 0xff && bytes[1] === 0xd8 };
  }, sha);
  assert(kept && kept.sha === sha && kept.jpeg && kept.size === photo.values.size, 'the photo is in IndexedDB under its hash: ' + JSON.stringify(kept));
  await phone.page.waitForFunction(() => CrmFiles.stats.thumbnails >= 1, null, { timeout: 10000 });
  s = await phone.snapshot();
  checkTargets(s, 'check-in with a photo');
  checkFits(s, 'check-in with a photo');
  await phone.screenshot('visit-photos-phone-offline');

  // Back online: the visit and the photo's record sync, then the bytes go up.
  await phone.context.setOffline(false);
  await phone.page.evaluate(() => window.dispatchEvent(new Event('online')));
  s = await phone.waitFor('the photo uploaded', (x) => x.photos[0].state === KIND.local && x.uploads_waiting === 0 && x.unsynced === 0, 30000);
  assert(s.last_upload.bytes === photo.values.size, 'the whole photo went up: ' + JSON.stringify(s.last_upload));
  await phone.screenshot('visit-photos-phone-uploaded');

  // The rep's laptop: the visit's page shows the photo, fetched from the server and then kept.
  const laptop = await Device.open(browser, server, 'laptop', LAPTOP);
  await laptop.signIn('anna', 'field-sales-1');
  await laptop.waitFor('the visit synced', (x) => x.customers === 1 && x.last_sync_ms > 0 && !x.sync_running);
  await laptop.page.evaluate((id) => { location.hash = '#/record/visit/' + id; }, visitId);
  s = await laptop.waitFor('the photo on the visit page', (x) => x.screen === SCREEN.record && x.photos && x.photos.length === 1 &&
    x.photos[0].state === KIND.local, 30000);
  assert(await laptop.page.evaluate((sha) => CrmFiles.has(sha), sha), 'the downloaded photo is kept on the laptop');
  await laptop.page.waitForFunction(() => CrmFiles.stats.thumbnails >= 1, null, { timeout: 10000 });
  await laptop.widget('record.photos.0');
  await laptop.screenshot('visit-photos-laptop');

  // While here: a date range of a generic list is picked on a calendar too (price lists by validity).
  await laptop.page.evaluate(() => { location.hash = '#/list/price_list'; });
  await laptop.waitFor('the price lists', (x) => x.screen === 10 && x.widgets['list.filters']);
  await laptop.click('list.filters');
  await laptop.click('list.range.valid_from.from.pick');
  await laptop.click('picker.day.15');
  await laptop.click('picker.done');
  s = await laptop.waitFor('the picked start of the range', (x) => x.semantics.some((w) => w.name === 'list.range.valid_from.from' && /^\d{4}-\d{2}-15$/.test(w.value)));
  await laptop.screenshot('visit-photos-laptop-range-picked');

  // Another sales person's device: the visit is outside rex's scope, so are its bytes.
  const other = await Device.open(browser, server, 'rex', PHONE);
  await other.signIn('rex', 'green-anchor-123');
  const status = await other.page.evaluate(async ([sha, visitId]) => {
    const login = await fetch('/api/v1/login', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ protocol: 1, username: 'rex', password: 'green-anchor-123', device_id: 'rex-browser-2', device_name: 'probe' }) });
    const { token } = await login.json();
    const r = await fetch(`/api/v1/attachments/${sha}?entity=visit&id=${visitId}`, { headers: { Authorization: 'Bearer ' + token } });
    return { status: r.status, body: await r.json() };
  }, [sha, visitId]);
  assert(status.status === 403 && status.body.code === 'forbidden', 'outside the scope: 403 ' + JSON.stringify(status));
  // And the bytes are what the phone stored (the server checked them against their name).
  const fromServer = await laptop.page.evaluate(async (sha) => {
    const db = await new Promise((ok, ko) => { const r = indexedDB.open('crm'); r.onsuccess = () => ok(r.result); r.onerror = ko; });
    const bytes = await new Promise((ok) => { const r = db.transaction('photos').objectStore('photos').get(sha); r.onsuccess = () => ok(r.result); });
    db.close();
    return bytes ? bytes.length : 0;
  }, sha);
  assert(fromServer === photo.values.size, 'the laptop holds the same bytes');
  assert(crypto.createHash('sha256').update(png).digest('hex') !== sha, 'the stored photo is the resized one, not the picked file');
  await browser.close();
  void customerId;
}, 240);
