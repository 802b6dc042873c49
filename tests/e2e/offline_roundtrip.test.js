// A field sales person signs in once, then with no network at all creates a customer (typing a
// Chinese name), checks in a visit with GPS, and reloads the app: it starts from the service
// worker and the data is still there. When the network returns everything syncs by itself, and a
// second device of the same user sees the customer and the visit with its coordinates.
'use strict';

const { Server, Device, launchBrowser, run, assert } = require('./harness');

const SCREEN = { customers: 1, detail: 2, edit: 3, checkIn: 4 };
const CHECK_IN_DONE = 2;
const shop = { latitude: 31.2304, longitude: 121.4737 };  // the customer's address
const here = { latitude: 31.2310, longitude: 121.4741, accuracy: 12 };  // about 75 m away

run('offline round trip', async () => {
  const server = new Server();
  server.addUser('anna', 'field-sales-1');
  await server.start();
  const browser = await launchBrowser();

  const a = await Device.open(browser, server, 'device A', { geolocation: here });
  await a.screenshot('01-sign-in');
  await a.signIn('anna', 'field-sales-1');
  await a.waitSynced();
  // The service worker controls the page once it has cached the app shell.
  await a.page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20000 });

  // No network at all: the browser is offline and the server is down.
  await a.context.setOffline(true);
  await server.stop();
  await a.waitFor('offline status', (s) => s.widgets['status.online']);

  await a.click('customers.new');
  await a.waitFor('the customer form', (s) => s.screen === SCREEN.edit);
  await a.type('form.name', '张三贸易有限公司');
  await a.type('form.phone', '+86 21 6123 4567');
  const compositionSteps = await a.typeWithInputMethod('form.city', 'shanghai', '上海');
  assert(compositionSteps >= 8, 'the input method composed in the hidden input: ' + compositionSteps);
  // Standing at the shop: its coordinates come from the device's position, one tap.
  await a.context.setGeolocation({ ...shop, accuracy: 8 });
  await a.click('form.use_position');
  await a.waitFor('coordinates filled in', (x) => x.form_text.latitude === '31.230400' && x.form_text.longitude === '121.473700');
  await a.type('form.email', 'not-an-address');
  await a.click('form.save');
  let s = await a.waitFor('an inline e-mail error', (x) => x.form_errors.email === 'invalid_email' && x.widgets['form.error.email']);
  assert(s.screen === SCREEN.edit && s.customers === 0, 'nothing is saved while a field is invalid');
  await a.screenshot('02-inline-validation');
  await a.clearField('form.email');
  await a.type('form.email', 'zhang@example.cn');
  await a.click('form.save');
  s = await a.waitFor('the saved customer', (x) => x.screen === SCREEN.detail && x.customer && x.customer.values.name);
  assert(s.customer.values.name === '张三贸易有限公司', 'the Chinese name typed on the keyboard is stored: ' + s.customer.values.name);
  assert(s.customer.values.city === '上海', 'city stored');
  assert(s.unsynced >= 1, 'the new customer waits in the outbox');
  await a.screenshot('03-customer-detail');

  assert(s.customer.values.latitude === shop.latitude && s.customer.values.longitude === shop.longitude,
         'address coordinates from the position: ' + s.customer.values.latitude + ', ' + s.customer.values.longitude);

  // GPS check-in, offline, 75 m from the shop.
  await a.context.setGeolocation(here);
  await a.click('detail.checkin');
  await a.waitFor('the check-in screen', (x) => x.screen === SCREEN.checkIn);
  await a.type('checkin.purpose', 'Quarterly review');
  await a.click('checkin.go');
  s = await a.waitFor('a check-in', (x) => x.check_in.phase === CHECK_IN_DONE && x.widgets['checkin.distance']);
  await a.screenshot('04-check-in');
  const visit = s.customer.visits[0];
  assert(Math.abs(visit.latitude - here.latitude) < 1e-9 && Math.abs(visit.longitude - here.longitude) < 1e-9, 'visit position');
  assert(visit.accuracy_m === 12, 'reported accuracy kept');
  assert(visit.inside_geofence === true && visit.distance_m > 50 && visit.distance_m < 100, 'distance ' + visit.distance_m);
  assert(visit.purpose === 'Quarterly review', 'purpose typed');
  await a.click('checkin.close');
  await a.waitDurable();

  // Reload with no network: the app shell comes from the service worker, the data from IndexedDB.
  await a.reload();
  s = await a.waitFor('the app after an offline reload', (x) => x.signed_in && x.customers === 1);
  await a.click('customers.row.0');
  s = await a.waitFor('the customer after reload', (x) => x.screen === SCREEN.detail && x.customer.visits.length === 1);
  assert(s.customer.values.name === '张三贸易有限公司', 'customer survived the reload');
  assert(s.customer.visits[0].purpose === 'Quarterly review', 'visit survived the reload');
  assert(s.unsynced >= 2, 'unsynced changes survived the reload: ' + s.unsynced);
  await a.screenshot('05-after-offline-reload');

  // Check-out, still offline: duration and notes.
  await a.click('detail.checkin');
  await a.type('checkout.notes', 'Agreed on the spring order');
  await a.click('checkout.go');
  s = await a.waitFor('the check-out', (x) => x.screen === SCREEN.detail && x.customer.visits[0].checkout_at);
  assert(s.customer.visits[0].duration_s >= 0 && s.customer.visits[0].notes === 'Agreed on the spring order', 'check-out recorded');

  // The network returns: sync happens by itself (the online event), nobody presses anything.
  await server.start();
  const before = Date.now() - 60000;
  await a.context.setOffline(false);
  s = await a.waitSynced(before);
  // The first sync after the check-in measured the device clock and stamped it on the visit.
  s = await a.waitFor('the clock offset on the visit', (x) => x.customer.visits[0].clock_offset_ms !== undefined && x.unsynced === 0 && !x.sync_running, 30000);
  assert(Math.abs(s.customer.visits[0].clock_offset_ms) < 5000, 'clock offset measured: ' + s.customer.visits[0].clock_offset_ms);

  // A second device of the same user.
  const b = await Device.open(browser, server, 'device B', { geolocation: here });
  await b.signIn('anna', 'field-sales-1');
  await b.waitFor('the customer on device B', (x) => x.customers === 1, 30000);
  await b.click('customers.row.0');
  s = await b.waitFor('the visit on device B', (x) => x.screen === SCREEN.detail && x.customer.visits.length === 1);
  const seen = s.customer.visits[0];
  assert(seen.latitude === visit.latitude && seen.longitude === visit.longitude, 'device B sees the coordinates');
  assert(seen.checkin_at === visit.checkin_at, 'device B sees the check-in time');
  assert(seen.notes === 'Agreed on the spring order' && seen.duration_s >= 0, 'device B sees the check-out');
  assert(s.customer.values.name === '张三贸易有限公司', 'device B sees the name');
  await b.screenshot('06-second-device');

  // The manager's view of visits, with the trust signals.
  await b.click('nav.visits');
  await b.waitFor('the visits report', (x) => x.widgets['visits.row.0']);
  await b.screenshot('07-visits-report');
});
