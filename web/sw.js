// Service worker: keeps the app shell (HTML, JS, wasm, font) so the app starts with no network.
// Network first, so a deployed update is picked up whenever the server is reachable; the cache
// answers when it is not. The sync API is never cached.
const CACHE = 'crm-shell-v3';
const SHELL = ['./', 'index.html', 'crm_host.js', 'crm_app.js', 'crm_app.wasm', 'fonts/ui.ttc', 'fonts/icons.ttf', 'semantics.js', 'crm_files.js', 'photo_worker.js',
               'manifest.webmanifest', 'icon.svg'];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin || url.pathname.includes('/api/')) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    try {
      const response = await fetch(event.request);
      if (response.ok) await cache.put(event.request, response.clone());
      return response;
    } catch (err) {
      const cached = await cache.match(event.request, { ignoreSearch: true });
      if (cached) return cached;
      throw err;
    }
  })());
});
