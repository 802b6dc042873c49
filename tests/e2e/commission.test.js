// Targets and commission in the browser: an admin's device (crm-cli) sets this month's targets,
// a commission rule (3 % up to the target, 5 % above) and records receipts on a sales person's
// contract. The sales person's phone, offline after one sync, shows her progress and commission
// with the receipts behind it; her manager's laptop shows the team and each person, and opens her
// receipts. Screenshots, phone and laptop, in English, Chinese and Russian, go to
// build-wasm/screenshots/commission-*.png.
'use strict';

const { spawnSync } = require('child_process');
const path = require('path');
const { Server, Device, launchBrowser, run, assert, checkFits, PHONE, LAPTOP } = require('./harness');

const root = path.resolve(__dirname, '../..');
const cliBin = process.env.CRM_CLI_BIN || path.join(root, 'build/client/crm-cli');
const SCREEN = { targets: 17 };

function cli(server, args) {
  const r = spawnSync(cliBin, ['--db', path.join(server.dir, 'seed.db'), ...args],
    { encoding: 'utf8', env: { ...process.env, CRM_PASSWORD: 'commission-admin-3' } });
  if (r.status !== 0) throw new Error(`crm-cli ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout.trim();
}

function semantic(s, name) { return s.semantics.find((w) => w.name === name); }

async function setLanguage(d, lang, code) {
  await d.click('nav.settings');
  await d.click('settings.language');
  await d.click('settings.language.' + lang);
  await d.waitFor('the language ' + code, (x) => x.language === code);
}

run('targets and commission', async () => {
  const server = new Server();
  server.admin(['team', 'add', 'east']);
  server.addUser('root', 'commission-admin-3', 'admin');
  server.addUser('anna', 'field-sales-1', 'sales');
  server.addUser('ben', 'field-sales-2', 'sales');
  server.addUser('mia', 'team-lead-22', 'manager');
  for (const u of ['anna', 'ben', 'mia']) server.admin(['user', 'set', u, '--team', 'east']);
  await server.start();

  // This month (UTC, as the browsers' time zone), its targets, the rule and the receipts.
  const month = new Date().toISOString().slice(0, 7);
  cli(server, ['login', server.url.replace(/\/$/, ''), 'root']);
  cli(server, ['add', 'sales_target', 'user=anna', 'team=east', 'period=month', `starts_on=${month}-01`,
    'basis=collected', 'amount=10000 CNY']);
  cli(server, ['add', 'sales_target', 'user=anna', 'team=east', 'period=month', `starts_on=${month}-01`,
    'basis=won', 'amount=20000 CNY']);
  cli(server, ['add', 'sales_target', 'user=ben', 'team=east', 'period=month', `starts_on=${month}-01`,
    'basis=collected', 'amount=8000 CNY']);
  cli(server, ['add', 'sales_target', 'team=east', 'period=month', `starts_on=${month}-01`,
    'basis=collected', 'amount=20000 CNY']);
  const rule = cli(server, ['add', 'commission_rule', 'name=Standard', 'basis=collected']);
  cli(server, ['add', 'commission_tier', `rule_id=${rule}`, 'from_percent=0', 'rate=3']);
  cli(server, ['add', 'commission_tier', `rule_id=${rule}`, 'from_percent=100', 'rate=5']);
  const deal = (owner, name, amount, receipts) => {
    const customer = cli(server, ['add', 'customer', 'kind=company', `name=${name}`, `owner=${owner}`, 'status=active']);
    const contract = cli(server, ['add', 'contract', `customer_id=${customer}`, `title=${name} supply`,
      `amount=${amount} CNY`, 'status=active']);
    const inst = cli(server, ['add', 'instalment', `contract_id=${contract}`, `due_on=${month}-28`, `amount=${amount} CNY`]);
    return receipts.map(([day, a]) => cli(server, ['add', 'receipt', `instalment_id=${inst}`,
      `received_on=${month}-${day}`, `amount=${a} CNY`, 'method=bank_transfer']));
  };
  const [r1, r2] = deal('anna', 'Hangzhou Lathe Works', 15000, [['01', 6000], ['02', 6000]]);
  deal('ben', 'Suzhou Pumps', 9000, [['01', 3000]]);
  cli(server, ['sync']);

  const browser = await launchBrowser();

  // Anna's phone: one sync, then offline; the numbers are the device's own.
  const phone = await Device.open(browser, server, 'phone', PHONE);
  await phone.signIn('anna', 'field-sales-1');
  await phone.waitSynced();
  await phone.context.setOffline(true);
  await phone.tap('nav.more');
  await phone.tap('more.targets');
  let s = await phone.waitFor('her commission', (x) => x.screen === SCREEN.targets &&
    x.widgets['targets.person.anna.commission'] && x.widgets['targets.line.' + r2]);
  // 6000 x 3 % + (4000 x 3 % + 2000 x 5 %) = 180 + 220 = 400.00 CNY.
  assert(semantic(s, 'targets.person.anna.commission').value === '400.00 CNY',
    'commission ' + JSON.stringify(semantic(s, 'targets.person.anna.commission')));
  assert(semantic(s, 'targets.person.anna.collected').value === '12000.00 CNY|10000.00 CNY|120.0%',
    'collected ' + JSON.stringify(semantic(s, 'targets.person.anna.collected')));
  assert(semantic(s, 'targets.line.' + r1).value === '180.00 CNY', 'first receipt');
  assert(semantic(s, 'targets.line.' + r2).value === '220.00 CNY', 'second receipt');
  assert(!s.widgets['targets.scope.team'], 'a sales person sees only her own');
  checkFits(s, 'phone targets');
  await phone.screenshot('commission-phone-en');

  // The previous month has none of it.
  await phone.tap('targets.prev');
  s = await phone.waitFor('last month', (x) => x.widgets['targets.person.anna.commission'] &&
    !x.widgets['targets.line.' + r1]);
  await phone.tap('targets.next');
  await phone.waitFor('this month again', (x) => x.widgets['targets.line.' + r1]);

  // Mia's laptop: the team and each person; Anna's receipts opened.
  const laptop = await Device.open(browser, server, 'laptop', LAPTOP);
  await laptop.signIn('mia', 'team-lead-22');
  await laptop.waitSynced();
  await laptop.click('nav.targets');
  s = await laptop.waitFor('the team', (x) => x.screen === SCREEN.targets && x.widgets['targets.team.east.collected'] &&
    x.widgets['targets.person.anna.commission']);
  assert(semantic(s, 'targets.team.east.collected').value === '15000.00 CNY|20000.00 CNY|75.0%',
    'team ' + JSON.stringify(semantic(s, 'targets.team.east.collected')));
  assert(semantic(s, 'targets.person.anna.commission').value === '400.00 CNY', 'anna on her manager\'s laptop');
  await laptop.click('targets.person.anna.toggle');
  // Below the fold on a laptop: widget() scrolls to it with the mouse wheel.
  await laptop.widget('targets.person.ben.commission');
  s = await laptop.snapshot();
  assert(semantic(s, 'targets.person.ben.commission').value === '90.00 CNY', 'ben 3000 x 3 %');
  await laptop.widget('targets.line.' + r2);
  s = await laptop.snapshot();
  assert(semantic(s, 'targets.line.' + r2).value === '220.00 CNY', 'her second receipt on the laptop');
  checkFits(s, 'laptop targets');
  await laptop.screenshot('commission-laptop-en');

  for (const [lang, code] of [['zh', 'zh-CN'], ['ru', 'ru']]) {
    await setLanguage(phone, lang, code);
    await phone.tap('nav.more');
    await phone.tap('more.targets');
    await phone.waitFor('targets in ' + code, (x) => x.screen === SCREEN.targets && x.widgets['targets.person.anna.commission']);
    await phone.widget('targets.line.' + r2);
    s = await phone.snapshot();
    checkFits(s, 'phone targets ' + lang);
    await phone.screenshot(`commission-phone-${lang}`);
    await setLanguage(laptop, lang, code);
    await laptop.click('nav.targets');
    await laptop.waitFor('targets in ' + code, (x) => x.screen === SCREEN.targets);
    await laptop.widget('targets.team.east.collected');  // the list may still be scrolled down
    await laptop.click('targets.person.anna.toggle');  // a tab opens the screen afresh: receipts closed
    await laptop.widget('targets.line.' + r2);
    s = await laptop.snapshot();
    checkFits(s, 'laptop targets ' + lang);
    await laptop.screenshot(`commission-laptop-${lang}`);
  }
});
