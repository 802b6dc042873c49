// A quote on a laptop: a sales person adds two products priced from the price list for the
// customer's grade (one below its minimum order quantity: a warning), gives one line a discount
// above the threshold and submits; the team's manager, on another laptop, approves; the sales
// person sends it, opens the printable page (a new tab) and records the customer's acceptance;
// on her phone (390 px) she sees the accepted quote and prints it. Screenshots of the quote and
// its printable page on the laptop and on the phone.
'use strict';

const { spawnSync } = require('child_process');
const path = require('path');
const { Server, Device, launchBrowser, run, assert, checkFits, shotDir, PHONE, LAPTOP } = require('./harness');

const root = path.resolve(__dirname, '../..');
const cliBin = process.env.CRM_CLI_BIN || path.join(root, 'build/client/crm-cli');
const SCREEN = { edit: 3, record: 11 };

function cli(server, db, args, password) {
  const r = spawnSync(cliBin, ['--db', path.join(server.dir, db + '.db'), ...args],
    { encoding: 'utf8', env: { ...process.env, CRM_PASSWORD: password } });
  if (r.status !== 0) throw new Error(`crm-cli ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout.trim();
}

function semantic(s, name) { return s.semantics.find((w) => w.name === name); }
function value(s, name) { const w = semantic(s, name); return w ? w.value : undefined; }

async function go(d, address, what, predicate) {
  await d.page.evaluate((a) => { location.hash = a; }, address);
  return d.waitFor(what, predicate);
}

run('quote walk', async () => {
  const server = new Server();
  server.admin(['team', 'add', 'north']);
  server.addUser('anna', 'field-sales-1', 'sales');
  server.addUser('mia', 'team-lead-22', 'manager');
  server.admin(['user', 'set', 'anna', '--team', 'north']);
  server.admin(['user', 'set', 'mia', '--team', 'north']);
  await server.start();
  const url = server.url.replace(/\/$/, '');
  const today = new Date().toISOString().slice(0, 10);

  // The manager keeps the products and the grade-A price list.
  cli(server, 'mia', ['login', url, 'mia'], 'team-lead-22');
  const lathe = cli(server, 'mia', ['add', 'product', 'code=L-200', 'name=CNC lathe L-200', 'unit=set',
    'list_price=100000.00 CNY', 'tax_rate=13', 'lead_time_days=20'], 'team-lead-22');
  const oil = cli(server, 'mia', ['add', 'product', 'code=O-5', 'name=Cutting oil 5 l', 'unit=litre',
    'list_price=50.00 CNY', 'tax_rate=13', 'lead_time_days=3', 'min_order_qty=10'], 'team-lead-22');
  const list = cli(server, 'mia', ['add', 'price_list', 'name=Key accounts', 'currency=CNY', 'grades=A'], 'team-lead-22');
  cli(server, 'mia', ['add', 'price_list_item', `price_list_id=${list}`, `product_id=${lathe}`,
    'price=92000.00 CNY'], 'team-lead-22');
  cli(server, 'mia', ['sync'], 'team-lead-22');
  // The sales person's customer and a draft quote for it.
  cli(server, 'anna', ['login', url, 'anna'], 'field-sales-1');
  const customer = cli(server, 'anna', ['add', 'customer', 'kind=company', 'name=Hangzhou Lathe Works', 'owner=anna',
    'grade=A'], 'field-sales-1');
  const quote = cli(server, 'anna', ['add', 'quote', `customer_id=${customer}`, 'title=Two lathes with oil',
    'currency=CNY', 'status=draft', 'revision=1', `quoted_on=${today}`, 'valid_until=2099-12-31',
    'terms=30% on order, 70% on delivery.\nDelivery ex works Hangzhou.'], 'field-sales-1');
  cli(server, 'anna', ['sync'], 'field-sales-1');

  const browser = await launchBrowser();
  const anna = await Device.open(browser, server, 'anna', LAPTOP);
  await anna.signIn('anna', 'field-sales-1');
  await anna.waitSynced();
  let s = await go(anna, `#/record/quote/${quote}`, 'the quote', (x) => x.screen === SCREEN.record && x.widgets['quote.status']);
  assert(value(s, 'quote.status') === 'draft', 'a draft: ' + value(s, 'quote.status'));

  async function addProduct(code, quantity) {
    await anna.click('quote.add.product');
    const row = await anna.waitFor('the product list', (x) => x.semantics.some((w) =>
      w.name.startsWith('quote.add.product.') && w.label.startsWith(code)));
    await anna.click(row.semantics.find((w) => w.name.startsWith('quote.add.product.') && w.label.startsWith(code)).name);
    await anna.clearField('quote.add.quantity');
    await anna.type('quote.add.quantity', quantity);
    await anna.click('quote.add.go');
  }
  await addProduct('L-200', '2');
  s = await anna.waitFor('the lathe line', (x) => x.widgets['quote.line.0']);
  await addProduct('O-5', '4');
  s = await anna.waitFor('the oil line and its warning', (x) => x.widgets['quote.line.1'] && x.widgets['quote.line.1.minimum']);
  assert(value(s, 'quote.line.0').includes('92000.00 CNY'), 'grade A price: ' + value(s, 'quote.line.0'));
  assert(value(s, 'quote.total.gross') === (2 * 92000 * 1.13 + 4 * 50 * 1.13).toFixed(2) + ' CNY',
    'totals: ' + value(s, 'quote.total.gross'));

  // 15% off the lathes: above the 10% threshold.
  await anna.click('quote.line.0');
  await anna.waitFor('the line', (x) => x.screen === SCREEN.record && x.widgets['record.edit']);
  await anna.click('record.edit');
  await anna.waitFor('the line form', (x) => x.screen === SCREEN.edit && x.widgets['form.discount']);
  await anna.type('form.discount', '15');
  await anna.click('form.save');
  s = await go(anna, `#/record/quote/${quote}`, 'the quote needing approval',
    (x) => x.widgets['quote.move.submitted'] && value(x, 'quote.approval') === 'needed');
  assert(!s.widgets['quote.move.sent'], 'no Send before approval');
  await anna.click('quote.move.submitted');
  s = await anna.waitFor('submitted', (x) => value(x, 'quote.status') === 'submitted');
  await anna.screenshot('quote-01-submitted-laptop');
  await anna.waitSynced();

  // The manager approves on her own laptop.
  const mia = await Device.open(browser, server, 'mia', LAPTOP);
  await mia.signIn('mia', 'team-lead-22');
  await mia.waitSynced();
  await go(mia, `#/record/quote/${quote}`, 'the quote to decide', (x) => x.widgets['quote.move.approved']);
  await mia.type('quote.comment', 'Key account: ok');
  await mia.click('quote.move.approved');
  s = await mia.waitFor('approved', (x) => value(x, 'quote.status') === 'approved');
  await mia.screenshot('quote-02-approved-manager-laptop');
  await mia.waitSynced();

  // Back on the sales person's laptop: approved after sync; send it and print it.
  await anna.click('status.sync_now');
  s = await anna.waitFor('the approval', (x) => value(x, 'quote.status') === 'approved' && x.widgets['quote.move.sent'], 30000);
  assert(value(s, 'quote.decision.0') === 'current', 'the decision counts');
  await anna.click('quote.move.sent');
  s = await anna.waitFor('sent', (x) => value(x, 'quote.status') === 'sent');
  await anna.screenshot('quote-03-sent-laptop');
  const [printed] = await Promise.all([anna.context.waitForEvent('page'), anna.click('quote.print')]);
  await printed.waitForLoadState();
  const html = await printed.content();
  assert(html.includes('Hangzhou Lathe Works'), 'the customer on the page');
  assert(html.includes('@media print'), 'print CSS');
  assert(html.includes('CNC lathe L-200'), 'the lines');
  await printed.setViewportSize({ width: 900, height: 1100 });
  await printed.screenshot({ path: path.join(shotDir, 'quote-04-printable.png'), fullPage: true });
  await printed.emulateMedia({ media: 'print' });
  await printed.screenshot({ path: path.join(shotDir, 'quote-05-printable-print-media.png'), fullPage: true });

  // The customer accepts: the sales person records it.
  await anna.click('quote.move.accepted');
  s = await anna.waitFor('accepted', (x) => value(x, 'quote.status') === 'accepted');
  assert(!s.widgets['quote.move.sent'] && !s.widgets['quote.add.go'], 'an accepted quote is final');
  await anna.screenshot('quote-06-accepted-laptop');
  await anna.waitSynced();

  // The same quote on her phone: the lines, totals and status fit 390 px; printing works there too.
  const phone = await Device.open(browser, server, 'anna-phone', PHONE);
  await phone.signIn('anna', 'field-sales-1');
  await phone.waitSynced();
  s = await go(phone, `#/record/quote/${quote}`, 'the accepted quote on the phone',
    (x) => x.screen === SCREEN.record && value(x, 'quote.status') === 'accepted' && x.widgets['quote.line.1']);
  checkFits(s, 'the quote on a phone');
  assert(value(s, 'quote.total.gross') === (2 * 92000 * 1.13 * 0.85 + 4 * 50 * 1.13).toFixed(2) + ' CNY',
    'phone totals: ' + value(s, 'quote.total.gross'));
  await phone.screenshot('quote-07-accepted-phone');
  await phone.widget('quote.total.gross');
  await phone.screenshot('quote-08-accepted-phone-totals');
  const [onPhone] = await Promise.all([phone.context.waitForEvent('page'), phone.click('quote.print')]);
  await onPhone.waitForLoadState();
  assert((await onPhone.content()).includes('Hangzhou Lathe Works'), 'the printable page on the phone');
  await onPhone.screenshot({ path: path.join(shotDir, 'quote-09-printable-phone.png'), fullPage: true });
});
