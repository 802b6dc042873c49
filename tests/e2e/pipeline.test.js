// The sales walk on a phone, offline: a lead typed in, then an opportunity on a customer carried
// across the pipeline board by dragging its card to "won" (the amount asked for and typed). Back
// online it syncs, and the team's manager, on a laptop, sees the won amount in the funnel and in
// the forecast of this month. Screenshots of the board and the funnel.
'use strict';

const { spawnSync } = require('child_process');
const path = require('path');
const { Server, Device, launchBrowser, run, assert, PHONE, LAPTOP } = require('./harness');

const root = path.resolve(__dirname, '../..');
const cliBin = process.env.CRM_CLI_BIN || path.join(root, 'build/client/crm-cli');
const SCREEN = { edit: 3, list: 10, record: 11, pipeline: 13, funnel: 14 };

// crm-cli on its own replica file: how the customer and the opportunity are seeded.
function cli(server, db, args, password) {
  const r = spawnSync(cliBin, ['--db', path.join(server.dir, db + '.db'), ...args],
    { encoding: 'utf8', env: { ...process.env, CRM_PASSWORD: password } });
  if (r.status !== 0) throw new Error(`crm-cli ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout.trim();
}

function semantic(s, name) { return s.semantics.find((w) => w.name === name); }

// A finger carries a widget to a target that appears only once the carrying has begun (touch
// events made in the page, a frame apart, as harness.flick() does).
async function touch(d, type, x, y) {
  await d.page.evaluate(([type, x, y]) => {
    const canvas = document.getElementById('canvas');
    const t = new Touch({ identifier: 9, target: canvas, clientX: x, clientY: y, radiusX: 4, radiusY: 4, force: 1 });
    canvas.dispatchEvent(new TouchEvent(type, { touches: type === 'touchend' ? [] : [t], targetTouches: type === 'touchend' ? [] : [t],
      changedTouches: [t], bubbles: true, cancelable: true }));
  }, [type, x, y]);
  await d.frames(2);
}

async function carry(d, from, to) {
  const r = await d.widget(from);
  const x0 = r.x + r.width / 2, y0 = r.y + r.height / 2;
  await touch(d, 'touchstart', x0, y0);
  for (let i = 1; i <= 3; i++) await touch(d, 'touchmove', x0, y0 + i * 6);
  const s = await d.waitFor('drop targets while carrying', (x) => x.widgets[to]);
  const t = s.widgets[to];
  const x1 = t.x + t.width / 2, y1 = t.y + t.height / 2;
  for (let i = 1; i <= 6; i++) await touch(d, 'touchmove', x0 + (x1 - x0) * i / 6, y0 + 18 + (y1 - y0 - 18) * i / 6);
  await d.screenshot('pipeline-02-carrying-phone');
  await touch(d, 'touchend', x1, y1);
  await d.frames(4);
}

run('pipeline walk', async () => {
  const server = new Server();
  server.admin(['team', 'add', 'north']);
  server.addUser('anna', 'field-sales-1', 'sales');
  server.addUser('mia', 'team-lead-22', 'manager');
  server.admin(['user', 'set', 'anna', '--team', 'north']);
  server.admin(['user', 'set', 'mia', '--team', 'north']);
  await server.start();

  // A prospect of Anna's with an open deal in negotiation, without an amount yet.
  const month = new Date().toISOString().slice(0, 7);
  cli(server, 'seed', ['login', server.url.replace(/\/$/, ''), 'anna'], 'field-sales-1');
  const customer = cli(server, 'seed', ['add', 'customer', 'kind=company', 'name=Hangzhou Lathe Works', 'owner=anna',
    'status=prospect'], 'field-sales-1');
  cli(server, 'seed', ['add', 'opportunity', `customer_id=${customer}`, 'name=CNC lathes', 'stage=negotiation',
    `expected_close=${month}-28`], 'field-sales-1');
  cli(server, 'seed', ['sync'], 'field-sales-1');

  const browser = await launchBrowser();
  const phone = await Device.open(browser, server, 'phone', PHONE);
  await phone.signIn('anna', 'field-sales-1');
  await phone.waitSynced();
  await phone.context.setOffline(true);
  await phone.waitFor('offline status', (s) => s.widgets['status.online']);

  // A lead, offline. (The duplicate warning before saving comes from the leads work, on another
  // branch: its assertion belongs there.)
  await phone.tap('nav.more');
  await phone.tap('more.lead');
  await phone.waitFor('the leads list', (s) => s.screen === SCREEN.list);
  await phone.tap('list.new');
  await phone.waitFor('the lead form', (s) => s.screen === SCREEN.edit);
  await phone.type('form.person_name', 'Li Wei');
  await phone.type('form.company', 'Ningbo Gears');
  await phone.click('form.save');
  await phone.waitFor('the saved lead', (s) => s.screen === SCREEN.record);

  // The board: one column at a time; the deal waits in negotiation.
  await phone.tap('nav.pipeline');
  await phone.waitFor('the board', (s) => s.screen === SCREEN.pipeline && s.widgets['pipeline.stage']);
  for (let i = 0; i < 5 && !semantic(await phone.snapshot(), 'pipeline.stage').value.startsWith('Negotiation'); i++)
    await phone.tap('pipeline.stage.next');
  await phone.waitFor('the card', (s) => s.widgets['pipeline.grip.negotiation.0']);
  await phone.screenshot('pipeline-01-board-phone');
  await carry(phone, 'pipeline.grip.negotiation.0', 'pipeline.drop.won');
  // Won needs its amount: the board asks for it.
  await phone.waitFor('the amount question', (s) => s.widgets['pipeline.move.amount']);
  await phone.click('pipeline.move.confirm');
  await phone.waitFor('amount_required', (s) => s.widgets['error.amount_required']);
  await phone.type('pipeline.move.amount', '12500 CNY');
  await phone.screenshot('pipeline-03-won-amount-phone');
  await phone.click('pipeline.move.confirm');
  await phone.waitFor('the board again', (s) => s.widgets['pipeline.stage.next']);
  await phone.tap('pipeline.stage.next');
  let s = await phone.waitFor('the won column', (x) => x.widgets['pipeline.card.won.0']);
  assert(semantic(s, 'pipeline.column.won.total').value === '12500.00 CNY', 'the won column totals the amount: ' +
    JSON.stringify(semantic(s, 'pipeline.column.won.total')));
  assert(semantic(s, 'pipeline.card.won.0').value.includes('Hangzhou Lathe Works'), 'the card names its customer');
  await phone.screenshot('pipeline-04-won-phone');

  // Online again: everything syncs by itself.
  await phone.context.setOffline(false);
  await phone.waitSynced();

  // The manager's laptop: the funnel and this month's forecast show the won deal.
  const laptop = await Device.open(browser, server, 'laptop', LAPTOP);
  await laptop.signIn('mia', 'team-lead-22');
  await laptop.waitSynced();
  await laptop.click('nav.funnel');
  s = await laptop.waitFor('the won amount in the forecast', (x) => x.screen === SCREEN.funnel &&
    semantic(x, `forecast.${month}.won`) && semantic(x, `forecast.${month}.won`).value === '12500.00 CNY');
  assert(semantic(s, 'funnel.step.won').value === '1|12500.00 CNY', 'the funnel counts the won deal: ' +
    semantic(s, 'funnel.step.won').value);
  assert(semantic(s, 'funnel.step.negotiation').value.startsWith('1|'), 'it went through negotiation');
  await laptop.screenshot('pipeline-05-funnel-laptop');
  await laptop.click('nav.pipeline');
  await laptop.waitFor('the board', (x) => x.widgets['pipeline.card.won.0']);
  await laptop.screenshot('pipeline-06-board-laptop');
});
