// Two devices edit the same field of the same customer while offline. After both sync they show
// the same winner, and the losing value appears on the conflicts screen of both; resolving it on
// one device (typing the final value) converges both.
'use strict';

const { Server, Device, launchBrowser, run, assert } = require('./harness');

const SCREEN = { customers: 1, detail: 2, edit: 3, conflicts: 5 };

async function openFirstCustomer(d) {
  await d.click('nav.customers');
  await d.click('customers.row.0');
  return d.waitFor('the customer', (s) => s.screen === SCREEN.detail && s.customer && s.customer.values.name);
}

async function editCity(d, city) {
  await d.click('detail.edit');
  await d.waitFor('the edit form', (s) => s.screen === SCREEN.edit);
  await d.clearField('form.city');
  await d.type('form.city', city);
  await d.click('form.save');
  return d.waitFor('the saved edit', (s) => s.screen === SCREEN.detail && s.customer.values.city === city);
}

async function syncNow(d) {
  const before = (await d.snapshot()).last_sync_ms;
  await d.click('status.sync_now');
  return d.waitSynced(before);
}

run('concurrent edit', async () => {
  const server = new Server();
  server.addUser('anna', 'amber-orchid-1');
  await server.start();
  const browser = await launchBrowser();
  const a = await Device.open(browser, server, 'device A');
  const b = await Device.open(browser, server, 'device B (touch screen)', { touch: true });
  await a.signIn('anna', 'amber-orchid-1');
  await a.click('customers.new');
  await a.type('form.name', 'Acme Trading');
  await a.type('form.city', 'Paris');
  await a.click('form.save');
  await a.waitFor('the new customer', (s) => s.screen === SCREEN.detail);
  await syncNow(a);
  await b.signIn('anna', 'amber-orchid-1');
  await b.waitFor('the customer on B', (s) => s.customers === 1 && !s.sync_running && s.last_sync_ms > 0);

  await a.context.setOffline(true);
  await b.context.setOffline(true);
  await openFirstCustomer(a);
  await openFirstCustomer(b);
  await editCity(a, 'Rome');
  await editCity(b, 'Berlin');

  await a.context.setOffline(false);
  await a.waitSynced();
  await b.context.setOffline(false);
  await b.waitSynced();
  await syncNow(a);
  const sa = await a.waitFor('a conflict on A', (s) => s.conflicts === 1);
  const sb = await b.waitFor('a conflict on B', (s) => s.conflicts === 1);
  assert(sa.customer.values.city === sb.customer.values.city, `same winner: ${sa.customer.values.city} / ${sb.customer.values.city}`);
  assert(['Rome', 'Berlin'].includes(sa.customer.values.city), 'the winner is one of the edits');

  await b.click('nav.conflicts');
  await b.waitFor('the conflicts screen', (s) => s.screen === SCREEN.conflicts && s.widgets['conflict.0.keep']);
  await b.screenshot('10-conflicts');
  await a.click('nav.conflicts');
  await a.type('conflict.0.custom', 'Madrid');
  await a.click('conflict.0.save');
  await a.waitFor('the conflict resolved on A', (s) => s.conflicts === 0);
  await syncNow(a);
  await syncNow(b);
  await b.waitFor('the conflict resolved on B', (s) => s.conflicts === 0);
  const fa = await openFirstCustomer(a);
  const fb = await openFirstCustomer(b);
  assert(fa.customer.values.city === 'Madrid' && fb.customer.values.city === 'Madrid',
         `both show the resolution: ${fa.customer.values.city} / ${fb.customer.values.city}`);

  // The interface in Simplified Chinese, chosen in the settings with finger taps; the choice
  // survives a reload.
  await b.tap('nav.settings');
  await b.waitFor('the settings screen', (s) => s.screen === 7);
  await b.tap('settings.language');
  await b.tap('settings.language.zh');
  await b.waitFor('the Chinese interface', (s) => s.language === 'zh-CN');
  await b.waitDurable();
  await b.reload();
  await b.waitFor('the Chinese interface after reload', (s) => s.language === 'zh-CN');
  // Search with the on-screen keyboard: the tap itself focuses the text input (phones show their
  // keyboard only for a focus made during the tap).
  await b.tap('nav.customers');
  await b.tap('customers.search');
  await b.page.keyboard.type('acme', { delay: 15 });
  await b.waitFor('one search result', (s) => s.widgets['customers.row.0'] && !s.widgets['customers.row.1']);
  await b.tap('customers.row.0');
  await b.waitFor('the customer', (s) => s.screen === SCREEN.detail);
  await b.screenshot('11-chinese-interface');
});
