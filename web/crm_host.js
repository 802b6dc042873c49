// The browser side of the app's platform layer (client/platform/). The C++ app reaches the
// browser only through the functions of `CrmHost` below, and the browser reaches the app only
// through the exported `_crm_*` functions. Here: start-up (one tab at a time, loading the
// database from IndexedDB, the font), incremental persistence of SQLite commits to IndexedDB,
// fetch, geolocation, connectivity and page lifecycle, the text input relay for IMEs and the
// clipboard, browser history, links out (tel:, mailto:, maps), the display's media queries, the
// semantics layer (semantics.js), the device's photos (crm_files.js), and the hooks end-to-end tests use (window.crmTest).
'use strict';

(function () {
  const DB_FILE = '/data/crm.db';
  const FONT_FILE = '/fonts/ui.ttc';
  const ICON_FILE = '/fonts/icons.ttf';
  const CHUNK = 4096;
  const IDB_NAME = 'crm';
  const messageEl = document.getElementById('message');
  const canvas = document.getElementById('canvas');
  const ime = document.getElementById('ime');
  // Here, not as an inline handler in index.html: the server's Content-Security-Policy allows no
  // inline scripts.
  canvas.addEventListener('contextmenu', (e) => e.preventDefault());
  let idb = null;

  function showMessage(text) {
    messageEl.textContent = text;
    messageEl.style.display = text ? 'flex' : 'none';
  }

  function request(r) {
    return new Promise((resolve, reject) => {
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
  }

  function openIdb() {
    const r = indexedDB.open(IDB_NAME, 2);
    r.onupgradeneeded = () => {
      // chunks: [file path, chunk index] -> bytes; files: path -> size in bytes (version 1);
      // photos: SHA-256 -> a photo's bytes (version 2, web/crm_files.js).
      const have = r.result.objectStoreNames;
      for (const name of ['chunks', 'files', 'photos']) if (!have.contains(name)) r.result.createObjectStore(name);
    };
    return request(r);
  }

  // The database file as the last durable commit left it, or null if there is none yet.
  async function loadFile(path) {
    const tx = idb.transaction(['chunks', 'files'], 'readonly');
    const size = await request(tx.objectStore('files').get(path));
    if (size === undefined) return null;
    const range = IDBKeyRange.bound([path, 0], [path, Infinity]);
    const [keys, values] = await Promise.all([
      request(tx.objectStore('chunks').getAllKeys(range)),
      request(tx.objectStore('chunks').getAll(range))]);
    const bytes = new Uint8Array(size);
    for (let i = 0; i < keys.length; i++) {
      const offset = keys[i][1] * CHUNK;
      if (offset < size) bytes.set(values[i].subarray(0, Math.min(CHUNK, size - offset)), offset);
    }
    return bytes;
  }

  // Persistence statistics, read by the app for its status bar and by tests.
  const persist = { pending: 0, commits: 0, lastBytes: 0, lastMs: 0, maxMs: 0, totalBytes: 0, error: '', needFull: false };

  const host = {
    // One SQLite commit: the chunks it changed and the file's new size, in one IndexedDB
    // transaction, so the stored file is always some commit's file, never a mix. Transactions on
    // the same stores complete in the order they were created, so commits land in order.
    persistCommit(path, size, chunks) {
      const started = performance.now();
      let bytes = 0;
      // After a failed commit (quota, a browser error) the stored chunks no longer make up one
      // commit's file: the next commit stores the whole file instead of its own chunks.
      const full = persist.needFull;
      if (full) {
        const all = FS.readFile(path);
        chunks = [];
        for (let i = 0; i * CHUNK < all.length; i++) chunks.push([i, all.slice(i * CHUNK, Math.min(all.length, (i + 1) * CHUNK))]);
        persist.needFull = false;
      }
      persist.pending++;
      let tx;
      try {
        tx = idb.transaction(['chunks', 'files'], 'readwrite', { durability: 'strict' });
        const store = tx.objectStore('chunks');
        for (const [index, data] of chunks) {
          store.put(data, [path, index]);
          bytes += data.length;
        }
        store.delete(IDBKeyRange.bound([path, Math.ceil(size / CHUNK)], [path, Infinity]));
        tx.objectStore('files').put(size, path);
      } catch (err) {
        // Nothing may be thrown into SQLite's commit: record the failure like an abort.
        try { if (tx) tx.abort(); } catch (e) { /* already finished */ }
        persist.pending--;
        persist.needFull = true;
        persist.error = String(err && err.message || err);
        return;
      }
      tx.oncomplete = () => {
        const ms = performance.now() - started;
        persist.pending--;
        persist.commits++;
        persist.lastBytes = bytes;
        persist.totalBytes += bytes;
        persist.lastMs = ms;
        persist.maxMs = Math.max(persist.maxMs, ms);
        if (full) persist.error = '';
      };
      tx.onabort = () => {
        persist.pending--;
        persist.needFull = true;
        persist.error = String(tx.error || 'IndexedDB transaction aborted');
      };
    },
    persistStatus() { return persist; },

    // `body` is the request's bytes as they are (JSON, or an attachment piece).
    fetch(id, method, url, body, token, contentType, contentRange) {
      const headers = { 'Content-Type': contentType || 'application/json' };
      if (token) headers.Authorization = 'Bearer ' + token;
      if (contentRange) headers['Content-Range'] = contentRange;
      fetch(url, { method, headers, body: method === 'GET' || method === 'HEAD' ? undefined : body, cache: 'no-store' })
        .then(async (response) => deliverBytes(id, response.status, new Uint8Array(await response.arrayBuffer())))
        .catch((err) => deliver(id, 0, String(err && err.message || err)));
    },

    locate(id) {
      if (!navigator.geolocation) {
        Module._crm_location_done(id, 0, 0, 0, 0, 0, 2);
        return;
      }
      navigator.geolocation.getCurrentPosition(
        (p) => Module._crm_location_done(id, 1, p.coords.latitude, p.coords.longitude, p.coords.accuracy, p.timestamp, 0),
        (e) => Module._crm_location_done(id, 0, 0, 0, 0, 0, e.code || 2),
        { enableHighAccuracy: true, maximumAge: 0, timeout: 30000 });
    },

    online() { return navigator.onLine; },
    origin() { return location.origin; },
    deviceName() {
      const ua = navigator.userAgent;
      const os = /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iOS' : /Windows/.test(ua) ? 'Windows'
        : /Mac OS/.test(ua) ? 'macOS' : /Linux/.test(ua) ? 'Linux' : 'browser';
      const browser = /Edg\//.test(ua) ? 'Edge' : /Chrom/.test(ua) ? 'Chrome' : /Firefox/.test(ua) ? 'Firefox'
        : /Safari/.test(ua) ? 'Safari' : 'Browser';
      return browser + ' on ' + os;
    },

    // The canvas's size in device pixels, and the ratio to CSS pixels.
    canvasSize() {
      const dpr = window.devicePixelRatio || 1;
      return [Math.max(1, Math.round(window.innerWidth * dpr)), Math.max(1, Math.round(window.innerHeight * dpr)), dpr];
    },

    // Text input: while ImGui edits a text field, the hidden input has the focus and lies over
    // the field (so an IME's candidate window opens there, and a long press or right click there
    // offers the browser's Paste); what it receives goes to ImGui. `kind` picks the on-screen
    // keyboard (client/ui/probe.h InputKind).
    imeFocus(x, y, w, h, kind) {
      const dpr = window.devicePixelRatio || 1;
      ime.style.left = (x / dpr) + 'px';
      ime.style.top = (y / dpr) + 'px';
      ime.style.width = Math.max(2, w / dpr) + 'px';
      ime.style.height = Math.max(16, h / dpr) + 'px';
      setInputKind(kind);
      if (document.activeElement !== ime) ime.focus({ preventScroll: true });
    },
    // Bit 0: a finger is the primary pointer; bit 1: the system asks for a dark theme.
    displayFlags() { return (coarse.matches ? 1 : 0) | (dark.matches ? 2 : 0); },
    // Browser history, in the order the app asked (app/router.h HistoryOp: 0 push, 1 replace,
    // 2 back). A back is asynchronous: later changes wait for its popstate.
    history(kind, address) {
      historyOps.push([kind, address]);
      runHistory();
    },
    openUrl(url) {
      if (/^(tel|mailto|geo|sms):/.test(url)) {
        const a = document.createElement('a');
        a.href = url;
        a.rel = 'noopener';
        document.body.appendChild(a);
        a.click();
        a.remove();
      } else if (/^https:/.test(url)) {
        window.open(url, '_blank', 'noopener');
      }
    },
    // A document the app made (a quote's printable page) in a new tab, from a blob URL; the last
    // one is kept for tests.
    openDocument(html) {
      const url = URL.createObjectURL(new Blob([html], { type: 'text/html;charset=utf-8' }));
      host.lastDocument = html;
      window.open(url, '_blank');
      setTimeout(() => URL.revokeObjectURL(url), 60000);
    },
    lastDocument: '',
    copyText(text) {
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).catch(() => copyFallback(text));
      } else {
        copyFallback(text);
      }
      host.lastCopied = text;
    },
    lastCopied: '',
    files: window.CrmFiles,
    semantics(json) { if (window.CrmSemantics) window.CrmSemantics.update(json); },
    imeBlur() {
      if (document.activeElement === ime) ime.blur();
      ime.value = '';
    },

    // Counts input events: the app redraws at full rate only after input (see should_draw() in
    // client/browser_main.cpp), so an idle or syncing app leaves the main thread free.
    activity: 0,
  };
  window.CrmHost = host;

  const coarse = window.matchMedia('(pointer: coarse)');
  const dark = window.matchMedia('(prefers-color-scheme: dark)');
  for (const q of [coarse, dark]) q.addEventListener('change', () => { host.activity++; });
  // A move to a screen with another pixel ratio fires no resize: watch the ratio itself.
  (function watchRatio() {
    const q = window.matchMedia(`(resolution: ${window.devicePixelRatio || 1}dppx)`);
    q.addEventListener('change', () => { host.activity++; watchRatio(); }, { once: true });
  })();

  function setInputKind(kind) {
    // 1 text, 2 phone, 3 e-mail, 4 decimal, 5 password, 6 search.
    const type = kind === 5 ? 'password' : 'text';
    const mode = ['text', 'text', 'tel', 'email', 'decimal', 'text', 'search'][kind] || 'text';
    if (ime.type !== type) ime.type = type;
    if (ime.getAttribute('inputmode') !== mode) ime.setAttribute('inputmode', mode);
    ime.setAttribute('enterkeyhint', kind === 6 ? 'search' : 'done');
  }

  function copyFallback(text) {
    // Pages served over plain http (not localhost) have no async clipboard.
    const t = document.createElement('textarea');
    t.value = text;
    t.style.position = 'fixed';
    t.style.opacity = '0';
    document.body.appendChild(t);
    t.select();
    try { document.execCommand('copy'); } catch (e) { /* nothing more to try */ }
    t.remove();
    ime.focus({ preventScroll: true });
  }

  const historyOps = [];
  let awaitingPop = 0;
  function runHistory() {
    while (historyOps.length && !awaitingPop) {
      const [kind, address] = historyOps.shift();
      if (kind === 2) {
        let n = 1;
        while (historyOps.length && historyOps[0][0] === 2) { historyOps.shift(); n++; }
        awaitingPop = 1;
        history.go(-n);
        // No popstate comes when there was nothing to go back to: do not wait forever.
        setTimeout(() => { if (awaitingPop) { awaitingPop = 0; runHistory(); } }, 1000);
      } else if (kind === 0) {
        history.pushState(null, '', address);
      } else {
        history.replaceState(null, '', address);
      }
    }
  }
  window.addEventListener('popstate', () => {
    host.activity++;
    if (awaitingPop) {  // the app's own Back arriving
      awaitingPop = 0;
      runHistory();
      return;
    }
    if (!Module._crm_nav_address) return;
    const ptr = allocString(location.hash || '');
    Module._crm_nav_address(ptr);
    Module._free(ptr);
  });
  for (const type of ['mousemove', 'mousedown', 'mouseup', 'wheel', 'keydown', 'keyup', 'input', 'compositionupdate',
    'compositionend', 'resize', 'focus', 'blur', 'touchstart', 'touchmove', 'touchend', 'visibilitychange'])
    window.addEventListener(type, () => { host.activity++; }, true);

  // A JS string as a NUL-terminated UTF-8 copy in wasm memory; the caller frees it.
  function allocString(text) {
    const n = lengthBytesUTF8(text) + 1;
    const ptr = Module._malloc(n);
    stringToUTF8(text, ptr, n);
    return ptr;
  }

  function deliver(id, status, text) {
    const ptr = allocString(text);
    Module._crm_http_done(id, status, ptr, lengthBytesUTF8(text));
    Module._free(ptr);
  }

  // A response body as it came (UTF-8 JSON), copied into wasm memory without decoding it to a
  // JavaScript string and encoding it back (a 400 KB pull page cost ~4 ms both ways).
  function deliverBytes(id, status, bytes) {
    const ptr = Module._malloc(bytes.length + 1);
    HEAPU8.set(bytes, ptr);
    HEAPU8[ptr + bytes.length] = 0;
    Module._crm_http_done(id, status, ptr, bytes.length);
    Module._free(ptr);
  }

  function relayText() {
    const text = ime.value;
    ime.value = '';
    if (!text) return;
    const ptr = allocString(text);
    Module._crm_text_input(ptr);
    Module._free(ptr);
  }
  ime.addEventListener('compositionend', relayText);
  // Paste (Ctrl+V, the context menu, a long press): the clipboard's text goes in as typed text.
  ime.addEventListener('paste', (e) => {
    const text = e.clipboardData ? e.clipboardData.getData('text/plain') : '';
    e.preventDefault();
    if (!text) return;
    host.activity++;
    const ptr = allocString(text.replace(/\r\n?/g, '\n'));
    Module._crm_paste_text(ptr);
    Module._free(ptr);
  });
  // The input lies over the field being edited: mouse presses on it belong to the field on the
  // canvas (placing the cursor, selecting), except the right button, which opens the browser's
  // menu with Paste.
  for (const type of ['mousedown', 'mouseup', 'mousemove', 'wheel']) {
    ime.addEventListener(type, (e) => {
      if (e.button === 2) return;
      const Ctor = type === 'wheel' ? WheelEvent : MouseEvent;
      canvas.dispatchEvent(new Ctor(type, e));
      if (type === 'mousedown') e.preventDefault();  // keep the focus where it is
    });
  }
  // The mouse wheel goes to the app directly (see crm_wheel() in client/browser_main.cpp).
  canvas.addEventListener('wheel', (e) => {
    e.stopImmediatePropagation();
    e.preventDefault();
    if (!Module._crm_wheel) return;
    const unit = e.deltaMode === 1 ? 1 / 3 : e.deltaMode === 2 ? 8 : 1 / 100;
    Module._crm_wheel(-e.deltaX * unit, -e.deltaY * unit);
  }, { capture: true, passive: false });
  // Moving from the canvas onto the input is not leaving the app's surface.
  canvas.addEventListener('mouseleave', (e) => { if (e.relatedTarget === ime) e.stopImmediatePropagation(); }, true);
  ime.addEventListener('input', (e) => { if (!e.isComposing) relayText(); });
  // Keys ImGui handles itself (Backspace, arrows, Enter...) reach it through GLFW's window-level
  // listeners; keep the hidden input from acting on them too.
  ime.addEventListener('keydown', (e) => {
    if (!e.isComposing && (e.key === 'Enter' || e.key === 'Tab')) e.preventDefault();
  });

  // Touch screens: Emscripten 3.1.6's GLFW presses the button for a touch but never moves the
  // pointer there (it looks for an SDL-only event field). Move it first, with a mouse move at the
  // touch point; GLFW's own touch listeners, registered after this one, then press and release.
  for (const type of ['touchstart', 'touchmove', 'touchend']) {
    canvas.addEventListener(type, (e) => {
      const t = e.changedTouches[0];
      if (!t) return;
      canvas.dispatchEvent(new MouseEvent('mousemove', { clientX: t.clientX, clientY: t.clientY, bubbles: true }));
      e.preventDefault();  // no emulated mouse events, no page scroll or zoom
      if (type === 'touchend' && Module._crm_text_field_at) {
        // Phones raise the on-screen keyboard only for a focus made while handling the tap, and
        // pick the keyboard by the input's mode at that moment.
        const box = canvas.getBoundingClientRect();
        const x = (t.clientX - box.left) * (canvas.width / box.width), y = (t.clientY - box.top) * (canvas.height / box.height);
        const kind = Module._crm_text_field_at(x, y);
        if (kind) {
          setInputKind(kind);
          ime.focus({ preventScroll: true });
        }
      }
    }, { capture: true, passive: false });
  }

  window.crmTest = {
    // The app's state and the screen rectangles (CSS pixels) of named widgets.
    snapshot() {
      const s = JSON.parse(UTF8ToString(Module._crm_test_snapshot()));
      const dpr = window.devicePixelRatio || 1;
      const box = canvas.getBoundingClientRect();
      const widgets = {};
      for (const [name, [x, y, w, h]] of Object.entries(s.widgets || {}))
        widgets[name] = { x: box.left + x / dpr, y: box.top + y / dpr, width: w / dpr, height: h / dpr };
      s.widgets = widgets;
      s.persist = Object.assign({}, persist);
      return s;
    },
    ready: false,
  };

  async function start() {
    if (!window.WebAssembly || !window.indexedDB) {
      showMessage('This browser cannot run the CRM: it needs WebAssembly and IndexedDB.');
      return;
    }
    if ('serviceWorker' in navigator) navigator.serviceWorker.register('sw.js').catch(() => {});
    // One tab at a time: two copies of the database in memory would overwrite each other's commits.
    if (navigator.locks) {
      const waiting = setTimeout(() => showMessage('The CRM is open in another tab or window. Close it to continue here.'), 1500);
      await new Promise((granted) => {
        navigator.locks.request('crm-database', () => { clearTimeout(waiting); granted(); return new Promise(() => {}); });
      });
    }
    showMessage('Loading…');
    let dbBytes, fontBytes, iconBytes;
    try {
      idb = await openIdb();
      await CrmFiles.start(idb);
      const font = (url) => fetch(url).then((r) => r.ok ? r.arrayBuffer() : null).catch(() => null);
      [dbBytes, fontBytes, iconBytes] = await Promise.all([loadFile(DB_FILE), font('fonts/ui.ttc'), font('fonts/icons.ttf')]);
    } catch (err) {
      showMessage('The local database could not be opened: ' + err);
      return;
    }
    window.Module = {
      canvas,
      preRun: [() => {
        FS.mkdir('/data');
        if (dbBytes) FS.writeFile(DB_FILE, dbBytes);
        FS.mkdir('/fonts');
        if (fontBytes) FS.writeFile(FONT_FILE, new Uint8Array(fontBytes));
        if (iconBytes) FS.writeFile(ICON_FILE, new Uint8Array(iconBytes));
      }],
      onRuntimeInitialized() {
        showMessage('');
        window.crmTest.ready = true;
      },
      print: (t) => console.log(t),
      printErr: (t) => console.warn(t),
      onAbort: (what) => showMessage('The app stopped: ' + what + '. Reload the page; your saved data is kept.'),
    };
    window.addEventListener('online', () => Module._crm_on_online && Module._crm_on_online());
    const hidden = () => Module._crm_on_hidden && Module._crm_on_hidden();
    document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'hidden') hidden(); });
    window.addEventListener('pagehide', hidden);
    const script = document.createElement('script');
    script.src = 'crm_app.js';
    script.onerror = () => showMessage('The app could not be loaded. Connect to the network once to install it.');
    document.body.appendChild(script);
  }

  start();
})();
