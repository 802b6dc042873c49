// Data scope in the browser: a sales person's change the server refuses waits under "Needs
// attention" (nothing typed is lost) while the rest syncs; the team's manager sees the sales
// person's customers; a device an admin revoked wipes its data and says why.
'use strict';

const { Server, Device, launchBrowser, run, assert } = require('./harness');

const SCREEN = { signIn: 0, customers: 1, detail: 2, edit: 3, attention: 8 };

async function newCustomer(d, fields) {
  await d.click('nav.customers');
  await d.click('customers.new');
  await d.waitFor('the customer form', (s) => s.screen === SCREEN.edit);
  for (const [k, v] of Object.entries(fields)) await d.type('form.' + k, v);
  await d.click('form.save');
  return d.waitFor('the saved customer', (s) => s.screen === SCREEN.detail && s.customer.values.name === fields.name);
}

async function syncNow(d) {
  const before = (await d.snapshot()).last_sync_ms;
  await d.click('status.sync_now');
  return d.waitSynced(before);
}

run('access', async () => {
  const server = new Server();
  server.admin(['team', 'add', 'north']);
  server.addUser('sam', 'blue-kettle-123');
  server.addUser('mia', 'red-lantern-123', 'manager');
  server.admin(['user', 'set', 'sam', '--team', 'north']);
  server.admin(['user', 'set', 'mia', '--team', 'north']);
  server.addUser('rex', 'green-anchor-123');
  await server.start();
  const browser = await launchBrowser();

  const sam = await Device.open(browser, server, 'sam');
  await sam.signIn('sam', 'blue-kettle-123');
  let s = await newCustomer(sam, { name: 'Sam Hardware' });
  assert(s.customer.values.owner === 'sam', 'a new customer belongs to the sales person who made it');
  // Handing a customer to another sales person is not a sales person's move: refused.
  await newCustomer(sam, { name: 'Given to Rex', owner: 'rex' });
  await syncNow(sam);
  s = await sam.waitFor('the refused record under Needs attention', (x) => x.attention.length === 1 && x.unsynced === 0);
  assert(s.attention[0].code === 'forbidden', 'the reason is the data scope: ' + JSON.stringify(s.attention));
  assert(s.customers === 2, 'the refused customer is still on the device');
  s = await sam.waitFor('the refusal shown on the customer', (x) => x.screen === SCREEN.detail && x.widgets['detail.refused']);
  assert(s.semantics.find((w) => w.name === 'detail.refused').value === 'forbidden', 'the page names the refusal');
  await sam.click('nav.attention');
  await sam.waitFor('the attention screen', (x) => x.screen === SCREEN.attention && x.widgets['attention.0.discard']);
  await sam.screenshot('access-needs-attention');
  await sam.click('attention.0.discard');
  s = await sam.waitFor('the discarded record gone', (x) => x.attention.length === 0 && x.customers === 1);

  // The manager of the team sees the sales person's customer; another sales person does not.
  const mia = await Device.open(browser, server, 'mia');
  await mia.signIn('mia', 'red-lantern-123');
  await mia.waitFor("the team's customer on the manager's device", (x) => x.customers === 1 && x.last_sync_ms > 0);
  const rex = await Device.open(browser, server, 'rex');
  await rex.signIn('rex', 'green-anchor-123');
  s = await rex.waitFor('the first sync of another sales person', (x) => x.last_sync_ms > 0 && !x.sync_running);
  assert(s.customers === 0, "another sales person's device holds none of sam's customers");

  // Sam's laptop is lost: the admin revokes it; at its next contact it wipes itself.
  const line = server.admin(['device', 'list']).split('\n').find((l) => l.split('\t')[1] === 'sam');
  assert(line, 'sam has a device');
  server.admin(['device', 'revoke', line.split('\t')[0]]);
  await sam.click('status.sync_now');
  s = await sam.waitFor('the revoked device signed out', (x) => !x.signed_in && x.notice === 'device_revoked');
  assert(s.customers === 0, 'nothing of the company data stays on a revoked device');
  await sam.screenshot('access-device-revoked');
  await browser.close();
});
