// Resizes a picked photo off the main thread (web/crm_files.js sends it here when the browser has
// OffscreenCanvas): decode with the EXIF orientation applied, scale to a long side of at most
// `longSide` px, JPEG, SHA-256. The app keeps drawing frames meanwhile.
'use strict';

self.onmessage = async (e) => {
  const { id, file, longSide, quality } = e.data;
  let bitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch (err) {
    self.postMessage({ id, ok: false, code: 'unsupported_type', message: String(err && err.message || err) });
    return;
  }
  try {
    const scale = Math.min(1, longSide / Math.max(bitmap.width, bitmap.height));
    const width = Math.max(1, Math.round(bitmap.width * scale)), height = Math.max(1, Math.round(bitmap.height * scale));
    const canvas = new OffscreenCanvas(width, height);
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#fff';  // a transparent PNG becomes white, not black, as JPEG
    ctx.fillRect(0, 0, width, height);
    ctx.drawImage(bitmap, 0, 0, width, height);
    bitmap.close();
    const bytes = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/jpeg', quality })).arrayBuffer());
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
    const sha = Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
    self.postMessage({ id, ok: true, bytes, width, height, sha }, [bytes.buffer]);
  } catch (err) {
    self.postMessage({ id, ok: false, code: 'storage_failed', message: String(err && err.message || err) });
  }
};
