// Products and price lists on the generic screens, from their schemas alone: an administrator at
// a laptop creates a product (money price, tax rate) and a price list (validity dates, customer
// grades) with an item (a product picked from a searchable list, a price in the list's
// currency); a sales person's phone, a second browser context, shows them offline after its sync
// and cannot change them: the page and the form say why. Screenshots of the generic list, page
// and form for products and price lists, phone and laptop, in English, Chinese and Russian, go to
// build-wasm/screenshots/.
'use strict';

const { Server, Device, launchBrowser, run, assert, checkTargets, checkFits, checkTranslated, catalogueKeys, PHONE, LAPTOP } = require('./harness');

const SCREEN = { customers: 1, edit: 3, list: 10, record: 11, more: 12 };

async function setLanguage(d, lang, code) {
  await d.click('nav.settings');
  await d.click('settings.language');
  await d.click('settings.language.' + lang);
  await d.waitFor('the language ' + code, (x) => x.language === code);
}

async function go(d, address, what, predicate) {
  await d.page.evaluate((a) => { location.hash = a; }, address);
  return d.waitFor(what, predicate);
}

run('catalogue', async () => {
  const server = new Server();
  server.addUser('root', 'catalogue-admin-7', 'admin');
  server.addUser('anna', 'field-sales-1', 'sales');
  await server.start();
  const keys = catalogueKeys();
  const browser = await launchBrowser();

  // The administrator's laptop: the registry's entities are in the side navigation.
  const admin = await Device.open(browser, server, 'admin', LAPTOP);
  await admin.signIn('root', 'catalogue-admin-7');
  await admin.click('nav.product');
  let s = await admin.waitFor('the product list', (x) => x.screen === SCREEN.list && x.entity === 'product' && x.widgets['list.new']);
  await admin.click('list.new');
  s = await admin.waitFor('the product form', (x) => x.screen === SCREEN.edit && x.widgets['form.code']);
  assert(s.form_text.unit === 'piece' && s.form_text.active === 'true', 'the schema defaults fill a new form: ' + JSON.stringify(s.form_text));
  assert(!s.widgets['form.read_only'], 'an administrator may write products');
  await admin.type('form.code', 'P-100');
  await admin.type('form.name', 'Water pump');
  await admin.click('form.unit');
  await admin.click('form.unit.choice.set');
  await admin.type('form.list_price', '1299.5');
  await admin.type('form.list_price.currency', 'cny');
  await admin.type('form.tax_rate', '13.555');  // more decimals than the field's scale of 2
  await admin.click('form.save');
  s = await admin.waitFor('the inline error', (x) => x.form_errors && x.form_errors.tax_rate);
  assert(s.form_errors.tax_rate === 'too_precise', 'the schema rule is shown on its field: ' + JSON.stringify(s.form_errors));
  assert(s.widgets['form.error.tax_rate'], 'the error is drawn under the field');
  await admin.screenshot('catalogue-01-inline-error-laptop');
  await admin.clearField('form.tax_rate');
  await admin.type('form.tax_rate', '13');
  await admin.click('form.save');
  s = await admin.waitFor('the product page', (x) => x.screen === SCREEN.record && x.record && x.record.values.code === 'P-100');
  const product = s.record.id;
  assert(s.record.values.list_price.minor === 129950 && s.record.values.list_price.currency === 'CNY',
    'money in exact minor units: ' + JSON.stringify(s.record.values.list_price));
  assert(s.record.values.unit === 'set' && s.record.values.tax_rate === '13', 'choice and fixed decimal: ' + JSON.stringify(s.record.values));
  assert(s.widgets['record.edit'] && !s.widgets['record.read_only'], 'the administrator may edit it');
  assert(s.semantics.some((w) => w.name === 'record.field.list_price' && w.value === '1299.50 CNY'), 'money shown with its currency');

  // A price list with an item: the product picked by searching.
  await admin.click('nav.price_list');
  await admin.waitFor('the price lists', (x) => x.screen === SCREEN.list && x.entity === 'price_list');
  await admin.click('list.new');
  s = await admin.waitFor('the price list form', (x) => x.screen === SCREEN.edit && x.widgets['form.name']);
  assert(s.form_text.currency === 'CNY', 'the currency default: ' + s.form_text.currency);
  await admin.type('form.name', 'Winter 2026');
  await admin.type('form.valid_from', '2026-12-01');
  await admin.type('form.valid_to', '2027-02-28');
  await admin.click('form.grades.tag.A');
  await admin.click('form.grades.tag.B');
  await admin.click('form.save');
  s = await admin.waitFor('the price list page', (x) => x.screen === SCREEN.record && x.record && x.record.values.name === 'Winter 2026');
  const priceList = s.record.id;
  assert(JSON.stringify(s.record.values.grades) === '["A","B"]' && s.record.values.valid_to === '2027-02-28',
    'tags and calendar dates: ' + JSON.stringify(s.record.values));
  await admin.click('record.price_list_item.add');
  s = await admin.waitFor('the item form', (x) => x.screen === SCREEN.edit && x.entity === 'price_list_item' && x.widgets['form.product_id']);
  assert(s.form_text['price.currency'] === 'CNY', "an item's price starts in its list's currency");
  assert(!s.widgets['form.price_list_id'], 'the parent is not typed');
  await admin.click('form.product_id');
  await admin.type('form.product_id.search', 'pump');
  s = await admin.waitFor('the product in the picker', (x) => x.widgets['form.product_id.option.0']);
  assert(s.semantics.find((w) => w.name === 'form.product_id.option.0').label === 'P-100', 'the picker shows the product by its summary');
  await admin.screenshot('catalogue-02-reference-picker-laptop');
  await admin.click('form.product_id.option.0');
  await admin.type('form.price', '1199');
  await admin.type('form.min_quantity', '10');
  await admin.screenshot('laptop-catalogue-form-price_list_item-en');
  await admin.click('form.save');
  s = await admin.waitFor('the item under its list', (x) => x.screen === SCREEN.record && x.record && x.record.id === priceList &&
    (x.record.children.price_list_item || []).length === 1);
  const item = s.record.children.price_list_item[0];
  assert(item.product_id === product && item.price.minor === 119900 && item.price.currency === 'CNY' && item.min_quantity === '10',
    'the item: ' + JSON.stringify(item));
  assert(s.semantics.some((w) => w.name === 'record.price_list_item.0' && w.label === 'P-100'), 'the item row names its product');
  await admin.waitSynced();

  // A second product; the columns order the list; a saved filter stays after a reload.
  await admin.click('nav.product');
  await admin.click('list.new');
  await admin.waitFor('the product form', (x) => x.screen === SCREEN.edit && x.widgets['form.code']);
  await admin.type('form.code', 'A-7');
  await admin.type('form.name', 'Hose');
  await admin.type('form.list_price', '25');
  await admin.type('form.list_price.currency', 'CNY');
  await admin.click('form.active');  // not sold any more
  await admin.click('form.save');
  await admin.waitFor('the second product', (x) => x.screen === SCREEN.record && x.record && x.record.values.code === 'A-7');
  await admin.click('nav.product');
  const order = async () => (await admin.snapshot()).semantics.filter((w) => w.name.startsWith('list.row.')).sort((a, b) => a.rect[1] - b.rect[1]).map((w) => w.label);
  await admin.waitFor('both products', (x) => x.widgets['list.row.1']);
  assert(JSON.stringify(await order()) === '["A-7","P-100"]', 'by code: ' + JSON.stringify(await order()));
  await admin.click('list.column.list_price');
  await admin.click('list.column.list_price');  // again: the other way
  await admin.frames(3);
  assert(JSON.stringify(await order()) === '["P-100","A-7"]', 'by price, dearest first: ' + JSON.stringify(await order()));
  await admin.click('list.filters');
  await admin.click('list.filter.active.true');
  s = await admin.waitFor('active products only', (x) => x.widgets['list.row.0'] && !x.widgets['list.row.1']);
  await admin.type('list.filter_name', 'On sale');
  await admin.click('list.save_filter');
  await admin.click('list.filter.active.true');
  await admin.waitFor('both again', (x) => x.widgets['list.row.1']);
  await admin.screenshot('catalogue-04-filters-laptop');
  await admin.reload();
  await admin.click('list.saved.0');
  s = await admin.waitFor('the saved filter applied after a reload', (x) => x.widgets['list.row.0'] && !x.widgets['list.row.1']);
  assert(s.semantics.find((w) => w.name === 'list.saved.0').label.includes('On sale'), 'the saved filter keeps its name');
  await admin.click('list.saved.0');  // the chip is on: the rows stay filtered, no toggle
  await admin.click('nav.customers');

  // Laptop screenshots in three languages: the lists, a page and a form of each.
  const laptopTour = async (lang) => {
    await admin.click('nav.product');
    s = await admin.waitFor('products', (x) => x.screen === SCREEN.list && x.widgets['list.row.0']);
    checkFits(s, 'laptop product list'); checkTranslated(s, keys, 'laptop product list');
    await admin.screenshot(`laptop-catalogue-product-list-${lang}`);
    await admin.click('list.row.0');
    s = await admin.waitFor('the product beside the list', (x) => x.screen === SCREEN.record && x.widgets['record.title'] && x.widgets['list.row.0']);
    checkFits(s, 'laptop product page'); checkTranslated(s, keys, 'laptop product page');
    await admin.screenshot(`laptop-catalogue-product-page-${lang}`);
    await admin.click('record.edit');
    s = await admin.waitFor('the product form', (x) => x.screen === SCREEN.edit && x.widgets['form.code']);
    checkFits(s, 'laptop product form'); checkTranslated(s, keys, 'laptop product form');
    await admin.screenshot(`laptop-catalogue-product-form-${lang}`);
    await admin.click('form.cancel');
    await admin.click('nav.price_list');
    s = await admin.waitFor('price lists', (x) => x.screen === SCREEN.list && x.widgets['list.row.0']);
    checkTranslated(s, keys, 'laptop price lists');
    await admin.screenshot(`laptop-catalogue-price_list-list-${lang}`);
    await admin.click('list.row.0');
    s = await admin.waitFor('the price list page', (x) => x.screen === SCREEN.record && x.widgets['record.price_list_item.0']);
    checkFits(s, 'laptop price list page'); checkTranslated(s, keys, 'laptop price list page');
    await admin.screenshot(`laptop-catalogue-price_list-page-${lang}`);
    await admin.click('record.edit');
    s = await admin.waitFor('the price list form', (x) => x.screen === SCREEN.edit && x.widgets['form.valid_from']);
    checkFits(s, 'laptop price list form'); checkTranslated(s, keys, 'laptop price list form');
    await admin.screenshot(`laptop-catalogue-price_list-form-${lang}`);
    await admin.click('form.cancel');
  };
  await laptopTour('en');

  // The sales person's phone: the catalogue arrives with the first sync and stays offline.
  const phone = await Device.open(browser, server, 'phone', PHONE);
  await phone.signIn('anna', 'field-sales-1');
  await phone.waitSynced();
  await phone.context.setOffline(true);
  await phone.reload();
  await phone.tap('nav.more');
  s = await phone.waitFor('the More tab', (x) => x.screen === SCREEN.more && x.widgets['more.product'] && x.widgets['more.price_list']);
  await phone.tap('more.product');
  s = await phone.waitFor('the products offline', (x) => x.screen === SCREEN.list && x.widgets['list.row.0']);
  assert(s.list_size === 2 && !s.widgets['list.new'], 'both products, and no "New" for a sales person');
  await phone.type('list.search', 'pump');
  await phone.waitFor('the product found', (x) => x.widgets['list.row.0'] && !x.widgets['list.row.1']);
  await phone.tap('list.row.0');
  s = await phone.waitFor('the product page offline', (x) => x.screen === SCREEN.record && x.record && x.record.id === product);
  assert(!s.widgets['record.edit'] && s.widgets['record.read_only'], 'a sales person sees no Edit on a product');
  assert(/manager or administrator/.test(s.semantics.find((w) => w.name === 'record.read_only').label), 'the page says who may change it');
  assert(s.semantics.some((w) => w.name === 'record.price_list_item.product_id.0'), "the product's page lists the price-list items that name it");
  // Even a form opened by its address stays read-only and says why.
  s = await go(phone, '#/edit/product/' + product, 'the read-only form', (x) => x.screen === SCREEN.edit && x.widgets['form.read_only']);
  assert(!s.widgets['form.save'], 'a read-only form has no Save');
  assert(s.semantics.some((w) => w.name === 'form.list_price' && w.value === '1299.50 CNY' && w.disabled), 'values shown locked');
  await phone.screenshot('catalogue-03-read-only-form-phone');
  s = await go(phone, '#/record/price_list/' + priceList, 'the price list offline', (x) => x.screen === SCREEN.record && x.widgets['record.price_list_item.0']);
  assert(!s.widgets['record.price_list_item.add'], 'a sales person cannot add items');

  const phoneTour = async (lang) => {
    for (const entity of ['product', 'price_list']) {
      await phone.tap('nav.more');
      await phone.tap('more.' + entity);
      s = await phone.waitFor(entity + ' list', (x) => x.screen === SCREEN.list && x.widgets['list.row.0']);
      checkFits(s, entity + ' list'); checkTranslated(s, keys, entity + ' list'); checkTargets(s, entity + ' list');
      await phone.screenshot(`phone-catalogue-${entity}-list-${lang}`);
      await phone.tap('list.row.0');
      s = await phone.waitFor(entity + ' page', (x) => x.screen === SCREEN.record && x.widgets['record.title']);
      checkFits(s, entity + ' page'); checkTranslated(s, keys, entity + ' page'); checkTargets(s, entity + ' page');
      await phone.screenshot(`phone-catalogue-${entity}-page-${lang}`);
      s = await go(phone, `#/edit/${entity}/${s.record.id}`, entity + ' form', (x) => x.screen === SCREEN.edit && x.widgets['form.read_only']);
      checkFits(s, entity + ' form'); checkTranslated(s, keys, entity + ' form');
      await phone.screenshot(`phone-catalogue-${entity}-form-${lang}`);
    }
  };
  await phoneTour('en');
  for (const [lang, code] of [['zh', 'zh-CN'], ['ru', 'ru']]) {
    await setLanguage(phone, lang, code);
    await phoneTour(lang);
    await setLanguage(admin, lang, code);
    await laptopTour(lang);
  }
  // Nothing the sales person did went anywhere.
  s = await phone.snapshot();
  assert(s.unsynced === 0 && s.attention.length === 0, 'no refused change waits on the phone');
}, 290);
