// The browser side of the device's files (client/app/local_files.h, client/platform/
// browser_files.cpp): photos taken with the camera or picked from the device, resized (long side
// <= 1600 px, JPEG; in web/photo_worker.js where the browser allows), hashed with WebCrypto
// (SHA-256, their name) and kept in IndexedDB's `photos` store, beside the database's pages, not
// inside them. Also the thumbnails the app draws: a photo decoded and scaled down to RGBA pixels
// for a GL texture. Answers go back through the exported `_crm_*` functions. Loaded before
// crm_host.js, which opens the database and calls CrmFiles.start().
'use strict';

(function () {
  const STORE = 'photos';
  const LONG_SIDE = 1600;
  const QUALITY = 0.85;
  const names = new Set();  // what the store holds: has() answers at once
  let idb = null;

  function request(r) {
    return new Promise((resolve, reject) => {
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
  }
  function done(tx) {
    return new Promise((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onabort = tx.onerror = () => reject(tx.error || new Error('IndexedDB transaction failed'));
    });
  }

  async function hex(bytes) {
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
    return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
  }

  async function put(sha, bytes) {
    const tx = idb.transaction([STORE], 'readwrite', { durability: 'strict' });
    tx.objectStore(STORE).put(bytes, sha);
    await done(tx);
    names.add(sha);
  }

  async function get(sha) {
    const bytes = await request(idb.transaction([STORE], 'readonly').objectStore(STORE).get(sha));
    if (!bytes) throw Object.assign(new Error('no such file on this device'), { code: 'not_found' });
    return bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  }

  function canvasOf(w, h) {
    if (typeof OffscreenCanvas !== 'undefined') return new OffscreenCanvas(w, h);
    const c = document.createElement('canvas');
    c.width = w;
    c.height = h;
    return c;
  }

  function toJpeg(canvas) {
    if (canvas.convertToBlob) return canvas.convertToBlob({ type: 'image/jpeg', quality: QUALITY });
    return new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', QUALITY));
  }

  // A picked file as the app keeps it: decoded (EXIF orientation applied), scaled so its long side
  // is at most 1600 px, encoded as JPEG.
  async function resize(file) {
    let bitmap;
    try {
      bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
    } catch (e) {
      throw Object.assign(new Error('not an image this browser can read'), { code: 'unsupported_type' });
    }
    const scale = Math.min(1, LONG_SIDE / Math.max(bitmap.width, bitmap.height));
    const w = Math.max(1, Math.round(bitmap.width * scale)), h = Math.max(1, Math.round(bitmap.height * scale));
    const canvas = canvasOf(w, h);
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#fff';  // a transparent PNG becomes white, not black, as JPEG
    ctx.fillRect(0, 0, w, h);
    ctx.drawImage(bitmap, 0, 0, w, h);
    bitmap.close();
    const blob = await toJpeg(canvas);
    return { bytes: new Uint8Array(await blob.arrayBuffer()), width: w, height: h };
  }

  // The resize in a worker where the browser can (OffscreenCanvas): the main thread keeps drawing.
  let worker = null, nextJob = 1;
  const jobs = new Map();
  function resizeElsewhere(file) {
    if (typeof OffscreenCanvas === 'undefined' || typeof Worker === 'undefined' || worker === false) return null;
    if (!worker) {
      try {
        worker = new Worker('photo_worker.js');
      } catch (e) {
        return null;
      }
      // A worker that cannot start (a policy, an old browser): the main thread resizes instead.
      worker.onerror = (e) => {
        if (e && e.preventDefault) e.preventDefault();
        for (const job of jobs.values()) job.reject(Object.assign(new Error('the photo worker failed'), { code: 'worker_failed' }));
        jobs.clear();
        worker = false;
      };
      worker.onmessage = (e) => {
        const job = jobs.get(e.data.id);
        jobs.delete(e.data.id);
        if (!job) return;
        if (e.data.ok) job.resolve(e.data);
        else job.reject(Object.assign(new Error(e.data.message), { code: e.data.code }));
      };
    }
    const id = nextJob++;
    return new Promise((resolve, reject) => {
      jobs.set(id, { resolve, reject });
      worker.postMessage({ id, file, longSide: LONG_SIDE, quality: QUALITY });
    });
  }

  function alloc(text) {
    const n = lengthBytesUTF8(text) + 1;
    const p = Module._malloc(n);
    stringToUTF8(text, p, n);
    return p;
  }
  function withStrings(strings, fn) {
    const ptrs = strings.map(alloc);
    try { fn(...ptrs); } finally { ptrs.forEach((p) => Module._free(p)); }
  }
  function withBytes(bytes, fn) {
    const p = Module._malloc(Math.max(1, bytes.length));
    HEAPU8.set(bytes, p);
    try { fn(p); } finally { Module._free(p); }
  }
  const codeOf = (e) => (e && e.code) || 'storage_failed';

  // Timings of the last photo stored (benchmarks and tests).
  const stats = { lastPickMs: 0, lastBytes: 0, lastWidth: 0, lastHeight: 0, thumbnails: 0 };

  const files = {
    stats,
    async start(db) {
      idb = db;
      for (const k of await request(idb.transaction([STORE], 'readonly').objectStore(STORE).getAllKeys())) names.add(k);
    },
    has(sha) { return names.has(sha); },

    // The camera on phones (capture), the file picker elsewhere. The input stays in the page so
    // tests can hand it a file (Playwright's setInputFiles on #photo-input).
    pickPhoto(id) {
      let input = document.getElementById('photo-input');
      if (input) input.remove();
      input = document.createElement('input');
      input.id = 'photo-input';
      input.type = 'file';
      input.accept = 'image/*';
      input.setAttribute('capture', 'environment');
      input.style.display = 'none';
      document.body.appendChild(input);
      const answer = (ok, sha, size, name, w, h, code) => {
        CrmHost.activity++;
        withStrings([sha, name, code], (s, n, c) => Module._crm_photo_picked(id, ok ? 1 : 0, s, size, n, w, h, c));
      };
      input.addEventListener('cancel', () => { answer(false, '', 0, '', 0, 0, 'cancelled'); input.remove(); });
      input.addEventListener('change', async () => {
        const file = input.files && input.files[0];
        input.remove();
        if (!file) return answer(false, '', 0, '', 0, 0, 'cancelled');
        try {
          const started = performance.now();
          const elsewhere = resizeElsewhere(file);
          const photo = elsewhere ? await elsewhere.catch((e) => {
            if (e.code === 'worker_failed') return resize(file);
            throw e;
          }) : await resize(file);
          const resized = performance.now();
          const sha = photo.sha || await hex(photo.bytes);
          const hashed = performance.now();
          await put(sha, photo.bytes);
          const now = performance.now();
          Object.assign(stats, { lastPickMs: now - started, lastResizeMs: resized - started, lastHashMs: hashed - resized,
            lastPutMs: now - hashed, lastBytes: photo.bytes.length, lastWidth: photo.width, lastHeight: photo.height });
          answer(true, sha, photo.bytes.length, file.name || '', photo.width, photo.height, '');
        } catch (e) {
          console.warn('photo: ' + (e && e.message || e));
          answer(false, '', 0, '', 0, 0, codeOf(e));
        }
      });
      input.click();
    },

    read(id, sha) {
      get(sha).then((bytes) => withBytes(bytes, (p) => Module._crm_file_read(id, 1, p, bytes.length, 0)))
        .catch((e) => withStrings([codeOf(e)], (c) => Module._crm_file_read(id, 0, 0, 0, c)));
    },

    // Bytes downloaded by the app, kept only when they hash to their name.
    write(id, sha, ptr, length) {
      const bytes = HEAPU8.slice(ptr, ptr + length);
      (async () => {
        if (await hex(bytes) !== sha) throw Object.assign(new Error('hash mismatch'), { code: 'hash_mismatch' });
        await put(sha, bytes);
      })().then(() => withStrings([''], (c) => Module._crm_file_written(id, c)),
        (e) => withStrings([codeOf(e)], (c) => Module._crm_file_written(id, c)));
    },

    clear() {
      names.clear();
      if (idb) idb.transaction([STORE], 'readwrite').objectStore(STORE).clear();
    },

    // A photo scaled to fit `px` x `px`, as RGBA rows for a texture; 0 x 0 when it cannot be decoded.
    thumbnail(id, sha, px) {
      (async () => {
        const bitmap = await createImageBitmap(new Blob([await get(sha)], { type: 'image/jpeg' }));
        const scale = Math.min(1, px / Math.max(bitmap.width, bitmap.height));
        const w = Math.max(1, Math.round(bitmap.width * scale)), h = Math.max(1, Math.round(bitmap.height * scale));
        const ctx = canvasOf(w, h).getContext('2d');
        ctx.drawImage(bitmap, 0, 0, w, h);
        bitmap.close();
        return { w, h, rgba: new Uint8Array(ctx.getImageData(0, 0, w, h).data.buffer) };
      })().then(({ w, h, rgba }) => {
        stats.thumbnails++;
        CrmHost.activity++;
        withBytes(rgba, (p) => Module._crm_thumbnail_done(id, w, h, p));
      }, (e) => {
        console.warn('thumbnail: ' + (e && e.message || e));
        Module._crm_thumbnail_done(id, 0, 0, 0);
      });
    },
  };
  window.CrmFiles = files;
})();
