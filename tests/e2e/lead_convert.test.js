// A sales person, offline on a phone, types a lead whose phone a customer already has: Save shows
// the duplicate warning with the match; "Convert into this customer" saves the lead and converts
// it into that customer, whose page opens with the lead's person as a contact. Then a second lead
// is converted from its own page with "Convert" (a new customer and an opportunity).
'use strict';

const { Server, Device, launchBrowser, run, assert } = require('./harness');

const SCREEN = { detail: 2, edit: 3, record: 11 };

async function go(d, address, what, predicate) {
  await d.page.evaluate((a) => { location.hash = a; }, address);
  return d.waitFor(what, predicate);
}

run('lead conversion', async () => {
  const server = new Server();
  server.addUser('anna', 'field-sales-1', 'sales');
  await server.start();
  const browser = await launchBrowser();
  const d = await Device.open(browser, server, 'phone', { touch: true });
  await d.signIn('anna', 'field-sales-1');
  await d.context.setOffline(true);

  await d.click('customers.new');
  await d.type('form.name', 'Suzhou Optics Co., Ltd.');
  await d.type('form.phone', '0512 6666 0101');
  await d.click('form.save');
  await d.waitFor('the new customer', (s) => s.screen === SCREEN.detail);

  await go(d, '#/new/lead', 'the lead form', (s) => s.screen === SCREEN.edit && s.widgets['form.person_name']);
  await d.type('form.person_name', 'Li Wei');
  await d.type('form.phone', '+86 512 66660101');
  await d.click('form.save');
  let s = await d.waitFor('the duplicate warning', (x) => x.screen === SCREEN.edit && x.widgets['form.duplicate.0']);
  assert(!s.widgets['form.duplicate.1'], 'one match');
  await d.screenshot('20-duplicate-warning');
  await d.click('form.duplicate.0.convert');
  s = await d.waitFor('the customer the lead became', (x) => x.screen === SCREEN.detail && x.customer &&
                      x.customer.contacts.length === 1);
  assert(s.customer.values.name === 'Suzhou Optics Co., Ltd.', 'the existing customer: ' + s.customer.values.name);
  assert(s.customer.contacts[0].name === 'Li Wei', 'the lead person is its contact');
  await d.screenshot('21-converted-into-customer');

  // A lead with nothing alike: saved at once; converted from its page with an opportunity.
  await go(d, '#/new/lead', 'the lead form', (x) => x.screen === SCREEN.edit && x.widgets['form.company']);
  await d.type('form.company', 'Ромашка');
  await d.type('form.person_name', 'Olga');
  await d.click('form.save');
  s = await d.waitFor('the lead page', (x) => x.screen === SCREEN.record && x.widgets['lead.convert']);
  await d.click('lead.convert');
  await d.waitFor('the convert panel', (x) => x.widgets['lead.convert.go']);
  await d.click('lead.convert.opportunity');
  await d.type('lead.convert.amount', '5000 CNY');
  await d.screenshot('22-convert-panel');
  await d.click('lead.convert.go');
  s = await d.waitFor('the new customer', (x) => x.screen === SCREEN.detail && x.customer &&
                      x.customer.values.name === 'Ромашка');
  assert(s.customer.values.status === 'prospect', 'a prospect');
  assert(s.customer.contacts.length === 1 && s.customer.contacts[0].name === 'Olga', 'with its contact');

  await d.context.setOffline(false);
  await d.waitSynced();
});
