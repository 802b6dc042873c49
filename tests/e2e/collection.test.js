// Contracts and payment collection in the browser: a contract seeded by another device arrives
// numbered by the server (C-000001); on a laptop, offline, the sales person splits its amount
// into 3 equal instalments (the remainder on the last), activates it, and records a receipt
// against the first instalment, warned first when the amount typed exceeds what is outstanding.
// The contract's payment plan then shows the first instalment paid and the second (due about ten
// days ago) overdue; the collection screen lists it. Back online it syncs. The contract's
// status reads 生效 in Chinese (its own word, not the customer's 活跃客户). Screenshots of the
// payment plan and the collection screen, in English and Chinese, on a laptop; then a phone of the
// same sales person, after sync, shows the receipt counted (screenshots at 390 px).
'use strict';

const { spawnSync } = require('child_process');
const path = require('path');
const { Server, Device, launchBrowser, run, assert, checkFits, PHONE, LAPTOP } = require('./harness');

const root = path.resolve(__dirname, '../..');
const cliBin = process.env.CRM_CLI_BIN || path.join(root, 'build/client/crm-cli');
const SCREEN = { edit: 3, record: 11, collection: 20 };

function cli(server, db, args, password) {
  const r = spawnSync(cliBin, ['--db', path.join(server.dir, db + '.db'), ...args],
    { encoding: 'utf8', env: { ...process.env, CRM_PASSWORD: password } });
  if (r.status !== 0) throw new Error(`crm-cli ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout.trim();
}

function day(offset) {
  const d = new Date(Date.now() + offset * 86400000);
  return d.toISOString().slice(0, 10);
}

function semantic(s, name) { return s.semantics.find((w) => w.name === name); }

async function go(d, address, what, predicate) {
  await d.page.evaluate((a) => { location.hash = a; }, address);
  return d.waitFor(what, predicate);
}

run('contracts and collection', async () => {
  const server = new Server();
  server.addUser('anna', 'field-sales-1', 'sales');
  await server.start();

  cli(server, 'seed', ['login', server.url.replace(/\/$/, ''), 'anna'], 'field-sales-1');
  const customer = cli(server, 'seed', ['add', 'customer', 'kind=company', 'name=Hangzhou Lathe Works', 'owner=anna',
    'status=active'], 'field-sales-1');
  const contract = cli(server, 'seed', ['add', 'contract', `customer_id=${customer}`, 'title=CNC lathes, 3 units',
    'amount=1000.00 CNY', 'status=draft', `starts_on=${day(-60)}`, `ends_on=${day(20)}`], 'field-sales-1');
  cli(server, 'seed', ['sync'], 'field-sales-1');

  const browser = await launchBrowser();
  const laptop = await Device.open(browser, server, 'laptop', LAPTOP);
  await laptop.signIn('anna', 'field-sales-1');
  await laptop.waitSynced();
  await laptop.context.setOffline(true);

  let s = await go(laptop, '#/record/contract/' + contract, 'the contract page',
    (x) => x.screen === SCREEN.record && x.widgets['contract.number']);
  assert(semantic(s, 'contract.number').value === 'C-000001', 'numbered by the server: ' + JSON.stringify(semantic(s, 'contract.number')));

  // Split into 3, the first due 40 days ago: one overdue, one due in 20 days, one in 50.
  await laptop.clearField('contract.split.first_due');
  await laptop.type('contract.split.first_due', day(-40));
  await laptop.click('contract.split');
  s = await laptop.waitFor('the payment plan', (x) => x.widgets['contract.plan.2']);
  const plan = [0, 1, 2].map((i) => semantic(s, 'contract.plan.' + i).value.split('|'));
  assert(plan[0][0] === '333.33 CNY' && plan[1][0] === '333.33 CNY' && plan[2][0] === '333.34 CNY',
    'equal instalments, the remainder on the last: ' + JSON.stringify(plan));
  assert(semantic(s, 'contract.plan.check').value === 'ok', 'the plan adds up');
  await laptop.click('contract.activate');
  s = await laptop.waitFor('the contract active', (x) => x.record && x.record.values.status === 'active');
  // Active and ending in 20 days: within the 30 days' reminder.
  s = await laptop.waitFor('the expiry reminder', (x) => x.widgets['contract.expiry']);
  assert(semantic(s, 'contract.expiry').value === '20', 'ends in 20 days: ' + semantic(s, 'contract.expiry').value);

  // A receipt against the first instalment: more than outstanding is a warning, then corrected.
  await laptop.click('contract.plan.0');
  s = await laptop.waitFor('the instalment page', (x) => x.screen === SCREEN.record && x.widgets['instalment.record_receipt']);
  assert(semantic(s, 'instalment.collection').value.startsWith('0.00 CNY|333.33 CNY|333.33 CNY'), 'overdue before the receipt');
  await laptop.click('instalment.record_receipt');
  s = await laptop.waitFor('the receipt form', (x) => x.screen === SCREEN.edit && x.widgets['form.amount']);
  await laptop.type('form.received_on', day(0));
  await laptop.type('form.amount', '400');
  // The receipt's currency starts as its instalment's.
  assert(semantic(s, 'form.amount.currency').value === 'CNY', 'currency from the instalment: ' + semantic(s, 'form.amount.currency').value);
  s = await laptop.waitFor('the overpayment warning', (x) => x.widgets['receipt.over_outstanding']);
  assert(semantic(s, 'receipt.over_outstanding').value === '66.67 CNY', 'by how much: ' + semantic(s, 'receipt.over_outstanding').value);
  await laptop.clearField('form.amount');
  await laptop.type('form.amount', '333.33');
  await laptop.type('form.reference', 'TX-2026-001');
  s = await laptop.waitFor('no warning for the exact amount', (x) => !x.widgets['receipt.over_outstanding']);
  await laptop.click('form.save');
  // Saved, back on the instalment's page: paid.
  s = await laptop.waitFor('the receipt saved', (x) => x.screen === SCREEN.record && x.entity === 'instalment' &&
    x.widgets['record.receipt.0']);
  assert(semantic(s, 'instalment.collection').value === '333.33 CNY|0.00 CNY|0.00 CNY|0.00 CNY', 'the instalment paid');

  s = await go(laptop, '#/record/contract/' + contract, 'the contract page again', (x) => x.widgets['contract.plan.0']);
  const paid = semantic(s, 'contract.plan.0').value.split('|');
  assert(paid[1] === '333.33 CNY' && paid[2] === '0.00 CNY', 'the first instalment is paid: ' + paid.join(' '));
  await laptop.screenshot('contracts-01-payment-plan-laptop');

  await laptop.click('nav.collection');
  s = await laptop.waitFor('the collection screen', (x) => x.screen === SCREEN.collection && x.widgets['collection.overdue.0']);
  assert(!s.widgets['collection.overdue.1'], 'one instalment overdue');
  assert(semantic(s, 'collection.totals.CNY.Received amount').value === '333.33 CNY', 'received');
  assert(semantic(s, 'collection.totals.CNY.Outstanding').value === '666.67 CNY', 'outstanding');
  assert(semantic(s, 'collection.totals.CNY.Overdue').value === '333.33 CNY', 'the second instalment, due about 10 days ago, is overdue');
  await laptop.screenshot('contracts-02-collection-laptop');

  // Online: everything syncs.
  await laptop.context.setOffline(false);
  await laptop.click('nav.settings');
  await laptop.click('settings.language');
  await laptop.click('settings.language.zh');
  await laptop.waitFor('Chinese', (x) => x.language === 'zh-CN');
  s = await go(laptop, '#/record/contract/' + contract, 'the contract page in Chinese', (x) => x.widgets['record.field.status']);
  assert(semantic(s, 'record.field.status').value === '生效', 'a contract in force reads 生效: ' + semantic(s, 'record.field.status').value);
  await laptop.screenshot('contracts-03-payment-plan-zh-laptop');
  await laptop.click('nav.collection');
  await laptop.waitFor('the collection screen', (x) => x.screen === SCREEN.collection);
  await laptop.screenshot('contracts-04-collection-zh-laptop');
  await laptop.waitSynced();

  // A phone of the same sales person, after sync: the receipt recorded offline on the laptop
  // counts, the contract is numbered, and both screens fit 390 px.
  const phone = await Device.open(browser, server, 'phone', PHONE);
  await phone.signIn('anna', 'field-sales-1');
  await phone.waitSynced();
  s = await go(phone, '#/record/contract/' + contract, 'the contract page on the phone',
    (x) => x.screen === SCREEN.record && x.widgets['contract.plan.2']);
  assert(semantic(s, 'contract.number').value === 'C-000001', 'the number on the phone');
  const synced = semantic(s, 'contract.plan.0').value.split('|');
  assert(synced[1] === '333.33 CNY' && synced[2] === '0.00 CNY', 'the laptop\'s receipt after sync: ' + synced.join(' '));
  checkFits(s, 'the contract page on a phone');
  await phone.screenshot('contracts-05-payment-plan-phone');
  s = await go(phone, '#/collection', 'collection on the phone',
    (x) => x.screen === SCREEN.collection && x.widgets['collection.overdue.0']);
  assert(semantic(s, 'collection.totals.CNY.Outstanding').value === '666.67 CNY', 'outstanding after sync on the phone');
  assert(semantic(s, 'collection.totals.CNY.Overdue').value === '333.33 CNY', 'overdue after sync on the phone');
  checkFits(s, 'collection on a phone');
  await phone.screenshot('contracts-06-collection-phone');
}, 280);
