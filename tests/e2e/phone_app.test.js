// The app as a field rep uses it on a phone (390x844, touch, 3 device pixels per CSS pixel) and at
// a laptop (1366x768), against one real server holding 200 customers: drag scrolling with
// momentum, finger-sized targets, nothing cut off at 320/390/1366 px, Back and reload inside the
// app, paste, a date picker, a tel: link, the right on-screen keyboard, Russian and Chinese with
// no untranslated text, the accessibility tree, and nearby customers by distance. Screenshots of
// the main screens in both themes and three languages go to build-wasm/screenshots/.
'use strict';

const { Server, Device, launchBrowser, run, assert, checkTargets, checkFits, checkTranslated, catalogueKeys, PHONE, LAPTOP } = require('./harness');

const HERE = { latitude: 31.2304, longitude: 121.4737 };  // Shanghai, People's Square
const SCREEN = { customers: 1, detail: 2, edit: 3, checkIn: 4, nearby: 9 };

function uuid(n) {
  const hex = n.toString(16).padStart(12, '0');
  return `019a0000-0000-7000-8000-${hex}`;
}

function distance(a, b) {
  const r = (d) => d * Math.PI / 180;
  const h = Math.sin(r(b.latitude - a.latitude) / 2) ** 2 +
    Math.cos(r(a.latitude)) * Math.cos(r(b.latitude)) * Math.sin(r(b.longitude - a.longitude) / 2) ** 2;
  return 2 * 6371008.8 * Math.asin(Math.sqrt(h));
}

// 200 customers of anna around HERE, and one contact, pushed as another client would (docs/sync-protocol.md).
async function seed(server) {
  const post = async (p, body, token) => {
    const r = await fetch(server.url + p.slice(1), {
      method: 'POST', headers: Object.assign({ 'Content-Type': 'application/json' }, token ? { Authorization: 'Bearer ' + token } : {}),
      body: JSON.stringify(body) });
    const json = await r.json();
    if (r.status !== 200) throw new Error(p + ': ' + JSON.stringify(json));
    return json;
  };
  const device = 'seed-device-1';
  const { token } = await post('/api/v1/login', { protocol: 1, username: 'anna', password: 'field-sales-1', device_id: device, device_name: 'seed' });
  const t = Date.now();
  const w = (v) => [{ c: 1, r: device, t, v }];
  const customers = [];
  const records = [];
  for (let i = 0; i < 200; i++) {
    // A spiral out from HERE: customer i lies roughly i * 40 m away, in every direction.
    const angle = i * 2.4, metres = 30 + i * 40;
    const c = { id: uuid(i + 1), name: `Shop ${String(i).padStart(3, '0')}`,
      latitude: HERE.latitude + (metres * Math.cos(angle)) / 111320,
      longitude: HERE.longitude + (metres * Math.sin(angle)) / (111320 * Math.cos(HERE.latitude * Math.PI / 180)) };
    customers.push(c);
    records.push({ entity: 'customer', id: c.id, vv: { [device]: 1 }, fields: {
      kind: w(i % 3 ? 'company' : 'individual'), name: w(c.name), phone: w(`+86 21 6100 ${String(i).padStart(4, '0')}`),
      city: w('Shanghai'), address: w(`${i + 1} Nanjing Road`), owner: w('anna'), status: w(i % 10 ? 'active' : 'prospect'),
      latitude: w(c.latitude), longitude: w(c.longitude) } });
  }
  records.push({ entity: 'contact', id: uuid(1000), vv: { [device]: 1 }, fields: {
    customer_id: w(customers[137].id), name: w('Wang Fang'), mobile: w('+86 138 0013 8000'), email: w('wang.fang@example.cn') } });
  await post('/api/v1/push', { protocol: 1, records }, token);
  return customers;
}

function firstRow(s, prefix) {
  const rows = Object.keys(s.widgets).filter((n) => n.startsWith(prefix)).map((n) => Number(n.slice(prefix.length)));
  return rows.length ? Math.min(...rows) : -1;
}

async function shoot(d, name) {
  const s = await d.snapshot();
  await d.screenshot(`${name}-${s.layout.dark ? 'dark' : 'light'}-${s.language}`);
}

run('phone_app', async () => {
  const server = await new Server().start();
  server.addUser('anna', 'field-sales-1', 'sales');
  const customers = await seed(server);
  const keys = catalogueKeys();
  const browser = await launchBrowser();
  const phone = await Device.open(browser, server, 'phone', { ...PHONE, geolocation: { ...HERE, accuracy: 15 } });

  // Sign-in, as a screen reader sees it.
  let s = await phone.waitFor('the sign-in screen', (x) => x.widgets['signin.submit']);
  let ax = await phone.axTree();
  for (const [role, name] of [['textbox', 'User name'], ['textbox', 'Password'], ['button', 'Sign in']])
    assert(ax.some((n) => n.role === role && n.name === name), `accessibility tree has ${role} "${name}": ${JSON.stringify(ax.slice(0, 40))}`);
  checkTargets(s, 'sign-in');
  checkFits(s, 'sign-in');
  await shoot(phone, 'phone-01-sign-in');
  // Operated through the semantics layer, as a screen reader does: its "Sign in" button presses
  // the one on the canvas.
  await phone.type('signin.user', 'anna');
  await phone.type('signin.password', 'field-sales-1');
  await phone.page.evaluate(() => document.querySelector('#semantics button[aria-label="Sign in"]').click());
  await phone.waitFor('signed in through the semantics layer', (x) => x.signed_in && x.screen === SCREEN.customers);
  s = await phone.waitFor('200 customers', (x) => x.customers === 200 && x.widgets['customers.row.0'], 30000);
  assert(s.layout.phone && s.layout.touch && s.layout.dpr === 3, 'phone layout: ' + JSON.stringify(s.layout));
  checkTargets(s, 'customer list');
  checkFits(s, 'customer list');
  await shoot(phone, 'phone-02-customers');
  ax = await phone.axTree();
  assert(ax.some((n) => n.role === 'listitem' && /^Shop 000/.test(n.name || '')), 'list rows are named in the accessibility tree');

  // Drag to scroll: the list follows a finger; a flick carries it on after the finger lifts; the
  // page itself neither scrolls nor reloads, and no row opens.
  const before = firstRow(s, 'customers.row.');
  await phone.drag(200, 700, 200, 250, 10);
  await phone.frames(20);
  const dragged = firstRow(await phone.snapshot(), 'customers.row.');
  // 450 CSS px are 7 rows of 64.
  assert(dragged >= before + 6 && dragged <= before + 8, `the list follows the finger: first row ${before} -> ${dragged}`);
  await phone.flick(200, 700, 200, 250);
  await phone.frames(30);
  s = await phone.snapshot();
  const flicked = firstRow(s, 'customers.row.');
  assert(flicked >= dragged + 8, `a flick carries the list beyond the finger's 7 rows: first row ${dragged} -> ${flicked}`);
  assert(s.screen === SCREEN.customers, 'a drag opens no customer');
  assert(await phone.page.evaluate(() => window.scrollY === 0 && document.scrollingElement.scrollTop === 0), 'the page did not scroll');
  await phone.drag(200, 250, 200, 800, 6);

  // A filter from the status choices: prospects only, then all again.
  await phone.tap('customers.filter.prospect');
  s = await phone.waitFor('prospects only', (x) => x.widgets['customers.row.0'] && x.semantics.some((w) => w.name === 'customers.row.0' && w.label === 'Shop 000'));
  const listed = s.semantics.filter((w) => w.role === 'row').map((w) => w.label);
  assert(listed.length >= 5 && listed.every((n) => /^Shop \d\d0$/.test(n)), 'only prospects are listed: ' + listed.join(', '));
  await shoot(phone, 'phone-02-prospects');
  await phone.tap('customers.filter.all');
  await phone.waitFor('all customers again', (x) => x.semantics.some((w) => w.name === 'customers.row.1' && w.label === 'Shop 001'));

  // Paste into search: a contact's mobile number finds its customer.
  await phone.paste('customers.search', '13800138000');
  s = await phone.waitFor('the search by a contact phone', (x) => x.widgets['customers.row.0'] && !x.widgets['customers.row.1']);
  assert(s.semantics.some((w) => w.name === 'customers.search' && w.value === '13800138000'), 'the pasted text is in the search field');
  await phone.tap('customers.row.0');
  s = await phone.waitFor('the customer found by its contact', (x) => x.screen === SCREEN.detail && x.customer);
  assert(s.customer.values.name === 'Shop 137', 'search by contact mobile found ' + s.customer.values.name);
  assert(s.address === '#/customer/' + customers[137].id, 'the address names the customer: ' + s.address);
  checkTargets(s, 'customer detail');
  checkFits(s, 'customer detail');
  ax = await phone.axTree();
  for (const [role, name] of [['heading', 'Shop 137'], ['button', 'Call'], ['button', 'Copy Phone'], ['button', 'Edit']])
    assert(ax.some((n) => n.role === role && (n.name || '').includes(name)), `the detail page has ${role} "${name}" for a screen reader`);
  await shoot(phone, 'phone-03-detail');

  // tel: from the phone number, and a copy of it.
  await phone.page.evaluate(() => {
    window.openedLinks = [];
    document.addEventListener('click', (e) => {
      const a = e.target.closest && e.target.closest('a');
      if (a && /^(tel|mailto|geo):/.test(a.href)) { window.openedLinks.push(a.href); e.preventDefault(); }
    }, true);
  });
  await phone.tap('detail.field.phone.link');
  const links = await phone.page.evaluate(() => window.openedLinks);
  assert(links.length === 1 && links[0] === 'tel:+862161000137', 'a tel: link was opened: ' + JSON.stringify(links));
  await phone.tap('detail.field.phone.copy');
  assert(await phone.page.evaluate(() => navigator.clipboard.readText()) === '+86 21 6100 0137', 'the phone number was copied');

  // Back leaves the customer for the list; a reload restores the screen.
  await phone.page.goBack();
  s = await phone.waitFor('the list after Back', (x) => x.screen === SCREEN.customers);
  await phone.page.goForward();
  s = await phone.waitFor('the customer after Forward', (x) => x.screen === SCREEN.detail && x.customer_id === customers[137].id);
  await phone.reload();
  s = await phone.waitFor('the customer after a reload', (x) => x.signed_in && x.screen === SCREEN.detail && x.customer_id === customers[137].id);
  await phone.page.goBack();
  s = await phone.waitFor('the list after Back from the reloaded page', (x) => x.screen === SCREEN.customers);
  await phone.page.goForward();
  await phone.waitFor('the customer again', (x) => x.screen === SCREEN.detail);

  // A contact form: paste, the keyboard per field, the date picker for a birthday.
  await phone.tap('detail.add_contact');
  s = await phone.waitFor('the contact form', (x) => x.screen === SCREEN.edit && x.widgets['form.name']);
  checkTargets(s, 'form');
  checkFits(s, 'form');
  ax = await phone.axTree();
  for (const [role, name] of [['textbox', 'Name'], ['textbox', 'Mobile'], ['textbox', 'Job title'], ['button', 'Save']])
    assert(ax.some((n) => n.role === role && (n.name || '').includes(name)), `the form has ${role} "${name}" for a screen reader`);
  await shoot(phone, 'phone-04-form');
  await phone.paste('form.name', 'Li Lei');
  await phone.focusField('form.mobile');
  assert(await phone.page.evaluate(() => document.getElementById('ime').inputMode) === 'tel', 'a phone field opens the phone keyboard');
  await phone.page.keyboard.type('+86 139 0000 0001', { delay: 10 });
  await phone.focusField('form.email');
  assert(await phone.page.evaluate(() => document.getElementById('ime').inputMode) === 'email', 'an e-mail field opens the e-mail keyboard');
  await phone.tap('form.birthday.pick');
  s = await phone.waitFor('the date picker', (x) => x.widgets['picker.day.15']);
  const shown = s.semantics.find((w) => w.name === 'picker.year').label;
  await phone.tap('picker.year.down');
  await phone.tap('picker.day.15');
  checkTargets(await phone.snapshot(), 'date picker');
  await shoot(phone, 'phone-05-date-picker');
  await phone.tap('picker.done');
  s = await phone.waitFor('the picked date', (x) => x.form_text && /^\d{4}-\d{2}-15$/.test(x.form_text.birthday || ''));
  assert(s.form_text.birthday.startsWith(String(Number(shown) - 1)), `the year stepped back: ${shown} -> ${s.form_text.birthday}`);
  assert(s.form_text.name === 'Li Lei', 'pasted into the form: ' + s.form_text.name);
  const birthday = s.form_text.birthday;
  await phone.tap('form.save');
  s = await phone.waitFor('the saved contact', (x) => x.screen === SCREEN.detail && x.customer.contacts.some((c) => c.name === 'Li Lei'));
  const saved = s.customer.contacts.find((c) => c.name === 'Li Lei');
  assert(saved.birthday === birthday, 'a birthday is a calendar date, stored as picked: ' + saved.birthday);

  // Nearby customers, nearest first from the emulated position; one tap checks in.
  await phone.tap('nav.nearby');
  s = await phone.waitFor('nearby customers', (x) => x.screen === SCREEN.nearby && x.widgets['nearby.row.4']);
  const expected = customers.map((c) => ({ name: c.name, d: distance(HERE, c) })).sort((a, b) => a.d - b.d);
  const rows = s.semantics.filter((w) => w.name.startsWith('nearby.row.')).sort((a, b) => a.rect[1] - b.rect[1]);
  for (let i = 0; i < 5; i++) assert(rows[i].label === expected[i].name, `nearby row ${i}: ${rows[i].label} (expected ${expected[i].name})`);
  checkTargets(s, 'nearby');
  checkFits(s, 'nearby');
  await shoot(phone, 'phone-06-nearby');
  await phone.tap('nearby.checkin.0');
  s = await phone.waitFor('the check-in for the nearest', (x) => x.screen === SCREEN.checkIn && x.customer_id === customers[0].id);
  await phone.page.goBack();
  await phone.waitFor('nearby after Back', (x) => x.screen === SCREEN.nearby);

  // Visits and settings; then dark, then Russian and Chinese over the main screens.
  const tour = async (prefix) => {
    await phone.tap('nav.customers');
    s = await phone.waitFor('the list', (x) => x.screen === SCREEN.customers && x.widgets['customers.row.0']);
    checkFits(s, 'list'); checkTranslated(s, keys, 'list'); await shoot(phone, prefix + '-customers');
    await phone.tap('customers.row.0');
    s = await phone.waitFor('a customer', (x) => x.screen === SCREEN.detail && x.widgets['detail.name']);
    checkFits(s, 'detail'); checkTranslated(s, keys, 'detail'); checkTargets(s, 'detail'); await shoot(phone, prefix + '-detail');
    await phone.tap('detail.edit');
    s = await phone.waitFor('the form', (x) => x.screen === SCREEN.edit && x.widgets['form.name']);
    checkFits(s, 'form'); checkTranslated(s, keys, 'form'); await shoot(phone, prefix + '-form');
    await phone.tap('form.cancel');
    await phone.tap('nav.visits');
    s = await phone.waitFor('visits', (x) => x.widgets['visits.flagged_only']);
    checkFits(s, 'visits'); checkTranslated(s, keys, 'visits'); checkTargets(s, 'visits'); await shoot(phone, prefix + '-visits');
    await phone.tap('nav.settings');
    s = await phone.waitFor('settings', (x) => x.widgets['settings.language']);
    checkFits(s, 'settings'); checkTranslated(s, keys, 'settings'); checkTargets(s, 'settings'); await shoot(phone, prefix + '-settings');
  };
  assert((await phone.snapshot()).layout.contrast >= 4.5, 'light theme text contrast >= 4.5:1');
  await tour('phone-07');
  await phone.page.emulateMedia({ colorScheme: 'dark' });
  s = await phone.waitFor('the dark theme', (x) => x.layout.dark);
  assert(s.layout.contrast >= 4.5, 'dark theme text contrast >= 4.5:1: ' + s.layout.contrast);
  await tour('phone-08');
  for (const [lang, code] of [['ru', 'ru'], ['zh', 'zh-CN']]) {
    await phone.tap('nav.settings');
    await phone.tap('settings.language');
    await phone.tap('settings.language.' + lang);
    await phone.waitFor('the language ' + code, (x) => x.language === code);
    await tour('phone-09');
    await phone.page.emulateMedia({ colorScheme: 'light' });
    await phone.waitFor('the light theme', (x) => !x.layout.dark);
    await tour('phone-10');
    await phone.page.emulateMedia({ colorScheme: 'dark' });
  }

  // 320 px wide, and a zoom (pixel ratio 3 -> 2) without a reload.
  await phone.page.setViewportSize({ width: 320, height: 640 });
  await phone.waitFor('the 320 px layout', (x) => x.layout.width === 320 && x.widgets['nav.customers'].y < 640);
  await phone.frames(3);
  await phone.tap('nav.customers');
  s = await phone.waitFor('the list at 320 px', (x) => x.layout.width === 320 && x.widgets['customers.row.0']);
  checkFits(s, 'list at 320 px');
  await shoot(phone, 'phone-11-320px');
  await phone.tap('customers.row.0');
  s = await phone.waitFor('a customer at 320 px', (x) => x.screen === SCREEN.detail && x.widgets['detail.name']);
  checkFits(s, 'detail at 320 px');
  checkTargets(s, 'detail at 320 px');
  await shoot(phone, 'phone-12-320px-detail');
  const cdp = await phone.context.newCDPSession(phone.page);
  await cdp.send('Emulation.setDeviceMetricsOverride', { width: 390, height: 844, deviceScaleFactor: 2, mobile: true });
  s = await phone.waitFor('the new pixel ratio', (x) => x.layout.dpr === 2 && x.widgets['detail.name']);
  checkFits(s, 'detail after a zoom');
  checkTargets(s, 'detail after a zoom');
  await cdp.detach();

  // The laptop: side navigation, the list beside the customer.
  const laptop = await Device.open(browser, server, 'laptop', LAPTOP);
  await laptop.signIn('anna', 'field-sales-1');
  s = await laptop.waitFor('200 customers on the laptop', (x) => x.customers === 200 && x.widgets['customers.row.0'], 30000);
  assert(s.layout.wide && !s.layout.touch, 'laptop layout: ' + JSON.stringify(s.layout));
  checkFits(s, 'laptop list');
  await shoot(laptop, 'laptop-01-customers');
  await laptop.click('customers.row.2');
  s = await laptop.waitFor('list and customer side by side', (x) => x.screen === SCREEN.detail && x.widgets['detail.name'] && x.widgets['customers.row.0']);
  checkFits(s, 'laptop detail');
  await shoot(laptop, 'laptop-02-detail');
  await laptop.click('customers.row.3');
  s = await laptop.waitFor('another customer beside the list', (x) => x.screen === SCREEN.detail && x.customer.values.name === 'Shop 003');
  assert(s.depth === 2, 'choosing beside the list replaces the customer shown: depth ' + s.depth);
  await laptop.page.emulateMedia({ colorScheme: 'dark' });
  await laptop.waitFor('the dark theme', (x) => x.layout.dark);
  await shoot(laptop, 'laptop-03-detail');
  await laptop.click('nav.visits');
  s = await laptop.waitFor('visits on the laptop', (x) => x.widgets['visits.flagged_only']);
  checkFits(s, 'laptop visits');
  await shoot(laptop, 'laptop-04-visits');
}, 290);  // six tours of the main screens (two themes, three languages) take most of it
