// Quitting the browser loses nothing that was shown as saved: a customer saved on the device
// (and not yet synced) is there after the whole browser is quit and started again, with the
// server down, the app coming from the service worker and the data from IndexedDB. A second tab
// of the same app is told the CRM is open elsewhere instead of opening the database twice.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { Server, launchProfile, run, assert } = require('./harness');

const SCREEN = { detail: 2 };

run('browser restart', async () => {
  const server = new Server();
  server.addUser('li', 'quiet-harbor-2026');
  await server.start();
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-profile-'));
  try {
    let d = await launchProfile(profile, server, 'laptop', { timezone: 'Asia/Shanghai' });
    await d.signIn('li', 'quiet-harbor-2026');
    await d.waitSynced();
    await d.page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20000 });

    // A second tab waits: one copy of the database per browser.
    const tab = await d.context.newPage();
    await tab.goto(server.url);
    await tab.waitForFunction(() => document.getElementById('message').textContent.includes('another tab'), null, { timeout: 10000 });
    await tab.close();

    await server.stop();
    await d.click('customers.new');
    await d.type('form.name', '李四五金店');
    await d.click('form.save');
    let s = await d.waitFor('the saved customer', (x) => x.screen === SCREEN.detail && x.customer.values.name === '李四五金店');
    assert(s.unsynced === 1, 'saved on the device only');
    // Browser storage fails once (as when the disk quota is reached): the app says so, and the
    // next commit stores the whole file, so what is stored is again one commit's file.
    await d.page.evaluate(() => {
      const put = IDBObjectStore.prototype.put;
      IDBObjectStore.prototype.put = function (...args) {
        IDBObjectStore.prototype.put = put;
        throw new DOMException('simulated: quota exceeded', 'QuotaExceededError');
      };
    });
    await d.click('detail.add_activity');
    await d.type('form.subject', '上门拜访');
    await d.click('form.save');
    s = await d.waitFor('the storage failure reported', (x) => x.persist.error.includes('quota') && x.widgets['status.saved']);
    await d.screenshot('12-storage-failure');

    // A follow-up typed in local time (Shanghai, UTC+8) is stored in UTC.
    await d.click('detail.add_activity');
    await d.type('form.subject', '电话回访');
    await d.type('form.next_follow_up', '2026-12-01 09:00');
    await d.click('form.save');
    s = await d.waitFor('the activity', (x) => x.screen === SCREEN.detail && x.customer.activities.length === 2);
    const followUp = s.customer.activities.find((a) => a.subject === '电话回访');
    assert(followUp.next_follow_up === '2026-12-01T01:00:00.000Z', 'follow-up in UTC: ' + followUp.next_follow_up);
    assert(followUp.kind === 'call', 'kind defaults to call');
    s = await d.waitFor('storage working again', (x) => x.persist.error === '' && x.persist.pending === 0);
    await d.waitFor('"Saved on this device"', (x) => x.persist.pending === 0);
    await d.context.close();

    // The browser starts again; the server is still down.
    d = await launchProfile(profile, server, 'laptop again', { timezone: 'Asia/Shanghai' });
    s = await d.waitFor('the customer after a browser restart', (x) => x.signed_in && x.customers === 1 && x.unsynced === 3);
    await d.click('customers.row.0');
    s = await d.waitFor('its details', (x) => x.screen === SCREEN.detail);
    assert(s.customer.values.name === '李四五金店', 'name kept: ' + s.customer.values.name);
    assert(s.customer.activities.length === 2, 'both activities kept, also the one whose own save failed');
    await d.screenshot('13-after-browser-restart');

    // The server returns: the change made before the restart syncs by itself.
    await server.start();
    await d.waitFor('the change synced', (x) => x.unsynced === 0 && x.last_sync_ms > 0 && !x.sync_error, 120000);
  } finally {
    fs.rmSync(profile, { recursive: true, force: true });
  }
});
