// The demo as a user meets it: scripts/demo.mjs (what `make demo` runs after building the package)
// starts the emulator, the merchant worker in workerd and the page; headless Chromium pays in each
// gateway on the emulator's hosted pages, refunds, and uses the notification debugger with
// notifications made here by node:crypto (independent of kassa). Screenshots go to
// tests/artifacts/screenshots/. A gateway whose client or verifier the package does not have yet is
// skipped with that reason (the worker's /api/health says which are ready).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { launchChromium } from '../lib/chromium.mjs';
import { startDemo, stopDemo } from './start.mjs';
import * as signed from './notifications.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const shots = path.join(root, 'tests/artifacts/screenshots');
const WAIT = 30_000;
let demo;
let browser;
let config;
let health;
let kassa;
const external = [];

before(async () => {
  fs.mkdirSync(shots, { recursive: true });
  demo = await startDemo(root);
  browser = await launchChromium();
  config = await (await fetch(`${demo.url}config/demo.json`, { signal: AbortSignal.timeout(5000) })).json();
  health = await (await fetch(`${config.api}/api/health`, { signal: AbortSignal.timeout(5000) })).json();
  kassa = await import(path.join(root, 'pkg/node.mjs'));
}, { timeout: 900_000 });

after(async () => {
  await browser?.close();
  await stopDemo(demo);
});

async function newPage(viewport = { width: 1280, height: 860 }) {
  const page = await browser.newPage({ viewport });
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  page.requests = [];
  page.on('request', (r) => {
    page.requests.push(r.url());
    const { protocol, hostname } = new URL(r.url());
    if (!['data:', 'blob:'].includes(protocol) && !['127.0.0.1', 'localhost', 'payment.localhost'].includes(hostname)) external.push(r.url());
  });
  page.setDefaultTimeout(WAIT);
  return page;
}

const shot = (page, name) => page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });

test('the checkout page loads kassa, the backend and the test cards (laptop and phone)', async () => {
  assert.equal((demo.output().match(/https?:\/\//g) ?? []).length, 1, `exactly one URL printed:\n${demo.output()}`);
  for (const [name, viewport] of [['checkout-laptop', { width: 1280, height: 860 }], ['checkout-phone', { width: 390, height: 844 }]]) {
    const page = await newPage(viewport);
    await page.goto(demo.url);
    await page.waitForSelector('body[data-ready]');
    const version = JSON.parse(fs.readFileSync(path.join(root, 'pkg/package.json'), 'utf8')).version;
    assert.equal(await page.textContent('#version'), version);
    assert.equal(await page.locator('#cards tbody tr').count(), config.testCards.length);
    assert.ok(config.testCards.length >= 4);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= viewport.width, `no horizontal scrolling at ${viewport.width}px (page is ${width}px wide)`);
    await shot(page, name);
    assert.deepEqual(page.errors, []);
    await page.close();
  }
});

test('a wrong amount is refused in words before anything is sent', async () => {
  const page = await newPage();
  await page.goto(demo.url);
  await page.waitForSelector('body[data-ready]');
  await page.fill('#amount', '12,3,4');
  await page.click('#pay');
  assert.match(await page.textContent('#pay-error'), /is not an amount in rubles/);
  await page.close();
});

/** Starts a payment on the checkout page and waits until the browser is on the gateway's page. */
async function startPayment(page, gateway, amount) {
  await page.goto(demo.url);
  await page.waitForSelector('body[data-ready]');
  await page.click(`label.tile:has(input[value="${gateway}"])`);
  await page.fill('#amount', amount);
  await Promise.all([page.waitForURL((u) => !u.href.startsWith(demo.url)), page.click('#pay')]);
}

/** On the emulator's card page (RBS or Mobile Cashier): pays with `pan`, answering a 3-D Secure
 * challenge when one comes, until the buyer is back on the demo page. */
async function payWithCard(page, pan) {
  await page.fill('#pan', pan);
  await page.fill('#expiry', '12/30');
  await page.fill('#cvc', '123');
  await page.click('#kassa-submit');
  const back = (u) => u.href.startsWith(demo.url) && u.searchParams.has('order');
  const where = await Promise.race([
    page.waitForURL(back).then(() => 'back'),
    page.waitForSelector('#kassa-acs-submit').then(() => 'acs'),
  ]);
  if (where === 'acs') {
    await page.fill('#password, #code', '12345678');
    await page.click('#kassa-acs-submit');
    await page.waitForURL(back);
  }
}

/** Opens the first verified notification of the timeline in the debugger; resolves to its verdict. */
async function openInDebugger(page, name) {
  const [tab] = await Promise.all([page.context().waitForEvent('page'), page.locator('.ev-notification.ok .debug-link').first().click()]);
  await tab.waitForSelector('#result:not([hidden])');
  const verdict = await tab.textContent('#verdict');
  await shot(tab, name);
  await tab.close();
  return verdict;
}

const statusIs = (page, status) => page.waitForFunction((s) => document.getElementById('order-status')?.textContent === s, status, { timeout: WAIT });
const verifiedNotifications = (page) => page.locator('.ev-notification.ok').count();

for (const gateway of ['rbs-hmac', 'rbs-rsa']) {
  const skip = () => (health.ready[gateway] ? false : 'the package has no RbsClient/RbsCallbackVerifier yet');

  test(`${gateway}: success with a verified callback, then a partial and a full refund`, async (t) => {
    if (skip()) return t.skip(skip());
    const page = await newPage();
    await startPayment(page, gateway, '1 490.00');
    await payWithCard(page, '4111111111111111');
    await statusIs(page, 'paid');
    assert.ok(await verifiedNotifications(page) >= 1, 'a callback verified by the worker is on the timeline');
    assert.equal(await page.locator('.ev-notification.bad').count(), 0);
    await shot(page, `${gateway}-paid`);
    assert.match(await openInDebugger(page, `${gateway}-debugger`), /^Valid/, 'the emulator\'s own callback is valid in the debugger');
    await page.fill('#refund-amount', '5000');
    await page.click('#refund-partial');
    await page.waitForSelector('#refund-error:not([hidden])');
    assert.match(await page.textContent('#refund-error'), /more than the 149000 kopecks left to refund/);
    await page.fill('#refund-amount', '490');
    await page.click('#refund-partial');
    await statusIs(page, 'partially refunded');
    assert.match(await page.textContent('#order-amount'), /refunded 490\.00/);
    await page.click('#refund-full');
    await statusIs(page, 'refunded');
    assert.equal(await page.locator('#refund-form').isHidden(), true);
    await shot(page, `${gateway}-refunded`);
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  const [version, card] = gateway === 'rbs-hmac' ? ['1', '5555555555555599'] : ['2', '4000001111111118'];
  test(`${gateway}: 3-D Secure ${version} challenge on the emulated ACS, then paid`, async (t) => {
    if (skip()) return t.skip(skip());
    const page = await newPage();
    await startPayment(page, gateway, '250');
    await payWithCard(page, card);
    await statusIs(page, 'paid');
    assert.ok(await verifiedNotifications(page) >= 1);
    await page.close();
  });

  test(`${gateway}: a declined card ends declined`, async (t) => {
    if (skip()) return t.skip(skip());
    const page = await newPage();
    await startPayment(page, gateway, '99.90');
    await payWithCard(page, '4000000000000002');
    await statusIs(page, 'declined');
    assert.equal(await page.locator('#refund-form').isHidden(), true);
    await shot(page, `${gateway}-declined`);
    await page.close();
  });
}

test('rbs-hmac: card entered on the shop page, 3-D Secure 1 through the form kassa builds (rbs3dsForm), paid', async (t) => {
  if (!health.ready['rbs-hmac']) return t.skip('the package has no RbsClient/RbsCallbackVerifier yet');
  const page = await newPage();
  await page.goto(demo.url);
  await page.waitForSelector('body[data-ready]');
  await page.click('label:has(input[name="entry"][value="page"])');
  await page.fill('#amount', '700');
  await page.click('#pay');
  await page.waitForSelector('#card:not([hidden])');
  await page.fill('#card-pan', '5555 5555 5555 5599');
  await page.fill('#card-expiry', '12/30');
  await page.fill('#card-cvc', '123');
  await Promise.all([page.waitForURL((u) => u.pathname.startsWith('/acs/')), page.click('#card-pay')]);
  const received = JSON.parse(await page.textContent('#kassa-received'));
  assert.deepEqual(received.fields.map(([n]) => n), ['PaReq', 'MD', 'TermUrl'], 'the ACS got the 3-D Secure 1 form');
  await page.fill('#password', '12345678');
  await page.click('#kassa-acs-submit');
  await page.waitForURL((u) => u.href.startsWith(demo.url) && u.searchParams.has('order'));
  await statusIs(page, 'paid');
  assert.ok(await verifiedNotifications(page) >= 1);
  assert.match(await page.textContent('#timeline'), /paymentorder\.do \(card ••5599\)/);
  assert.doesNotMatch(await page.textContent('#timeline'), /5555555555555599|5555 5555/, 'the card number is not on the timeline');
  await page.close();
});

test('cashier: the form POST built by kassa reaches the payment page, paid with a verified webhook, refunded', async (t) => {
  if (!health.ready.cashier) return t.skip('the package has no CashierClient/CashierWebhookVerifier yet');
  const page = await newPage();
  await startPayment(page, 'cashier', '1 000');
  assert.match(page.url(), /^http:\/\/payment\.localhost:\d+\//);
  await payWithCard(page, '4111111111111111');
  await statusIs(page, 'paid');
  assert.ok(await verifiedNotifications(page) >= 1, 'a webhook verified by the worker is on the timeline');
  assert.match(await openInDebugger(page, 'cashier-debugger'), /^Valid/, 'the emulator\'s own webhook is valid in the debugger');
  await page.fill('#refund-amount', '100');
  await page.click('#refund-partial');
  await statusIs(page, 'partially refunded');
  await page.click('#refund-full');
  await statusIs(page, 'refunded');
  await shot(page, 'cashier-refunded');
  await page.close();
});

for (const [name, buyer, status] of [['paid', 'pays', 'paid'], ['declined', 'limit', 'declined']]) {
  test(`koshelek: the buyer's barcode ${name === 'paid' ? 'pays' : 'is over the limit'}: availability, checkout, status, the verified postback`, async (t) => {
    if (!health.ready.koshelek) return t.skip('the package has no KoshelekClient/KoshelekPostbackVerifier yet');
    const page = await newPage();
    await page.goto(demo.url);
    await page.waitForSelector('body[data-ready]');
    await page.click('label.tile:has(input[value="koshelek"])');
    await page.click(`#koshelek-buyer label:has(input[value="${buyer}"])`);
    await page.fill('#amount', '300');
    await page.click('#pay');
    await statusIs(page, status);
    assert.ok(await verifiedNotifications(page) >= 1, 'a postback verified by the worker is on the timeline');
    if (status === 'paid') {
      await page.fill('#refund-amount', '100');
      await page.click('#refund-partial');
      await statusIs(page, 'partially refunded');
      await page.click('#refund-full');
      await statusIs(page, 'refunded');
    }
    await shot(page, `koshelek-${name}`);
    await page.close();
  });
}

test('cashier: a declined card ends declined', async (t) => {
  if (!health.ready.cashier) return t.skip('the package has no CashierClient/CashierWebhookVerifier yet');
  const page = await newPage();
  await startPayment(page, 'cashier', '50');
  await payWithCard(page, '4000000000000002');
  await statusIs(page, 'declined');
  await page.close();
});

/** Opens the debugger on `kind` with `fields` filled, clicks Check, returns the verdict and findings. */
async function debug(kind, fields, { rsa = false, name, viewport } = {}) {
  const page = await newPage(viewport);
  await page.goto(`${demo.url}debugger.html`);
  await page.waitForSelector('body[data-ready]');
  await page.click(`label:has(input[name="kind"][value="${kind}"])`);
  if (rsa) await page.click('label:has(input[name="rbs-key"][value="rsa"])');
  for (const [selector, value] of Object.entries(fields)) {
    if (selector === '#rbs-hash') await page.selectOption(selector, value);
    else await page.fill(selector, value);
  }
  const before = page.requests.length;
  await page.click('#check');
  await page.waitForSelector('#result:not([hidden])');
  await page.waitForTimeout(100);
  assert.deepEqual(page.requests.slice(before), [], 'checking sends nothing anywhere');
  const out = {
    verdict: await page.textContent('#verdict'),
    findings: await page.locator('#findings li').allTextContents(),
    expected: await page.textContent('#expected'),
    received: await page.textContent('#received'),
    canonical: await page.textContent('#canonical'),
  };
  if (name) await shot(page, name);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= page.viewportSize().width, `no horizontal scrolling (page is ${width}px wide)`);
  assert.deepEqual(page.errors, []);
  await page.close();
  return out;
}

const verifiers = () => (typeof kassa.RbsCallbackVerifier === 'function' ? false : 'the package has no verifiers yet');

test('debugger: a genuine HMAC callback is valid; canonical string and checksum shown', async (t) => {
  if (verifiers()) return t.skip(verifiers());
  const cb = signed.rbsHmac(config.presets.rbsHmacKey);
  const out = await debug('rbs', { '#rbs-input': cb.url, '#rbs-hmac': config.presets.rbsHmacKey }, { name: 'debugger-valid' });
  assert.match(out.verdict, /^Valid/);
  const phone = await debug('rbs', { '#rbs-input': cb.url, '#rbs-hmac': config.presets.rbsHmacKey }, { name: 'debugger-phone', viewport: { width: 390, height: 844 } });
  assert.match(phone.verdict, /^Valid/);
  assert.equal(out.canonical.replace(/␠/g, ' '), cb.canonical);
  assert.equal(out.expected, cb.checksum);
  assert.equal(out.received, cb.checksum);
});

test('debugger: a tampered HMAC callback shows the mismatch and both checksums', async (t) => {
  if (verifiers()) return t.skip(verifiers());
  const cb = signed.rbsHmac(config.presets.rbsHmacKey);
  const out = await debug('rbs', { '#rbs-input': cb.url.replace('amount=149000', 'amount=1'), '#rbs-hmac': config.presets.rbsHmacKey }, { name: 'debugger-tampered' });
  assert.match(out.verdict, /SIGNATURE_MISMATCH/);
  assert.match(out.findings.join('\n'), /Tampered or a different key/);
  assert.equal(out.received, cb.checksum);
  assert.equal(out.expected, signed.hmacHex(config.presets.rbsHmacKey, cb.canonical.replace('amount;149000;', 'amount;1;')));
});

test('debugger: a lower-case checksum verifies, with the note that explains strict comparisons', async (t) => {
  if (verifiers()) return t.skip(verifiers());
  const cb = signed.rbsHmac(config.presets.rbsHmacKey);
  const out = await debug('rbs', { '#rbs-input': cb.url.replace(cb.checksum, cb.checksum.toLowerCase()), '#rbs-hmac': config.presets.rbsHmacKey });
  assert.match(out.verdict, /^Valid/);
  assert.match(out.findings.join('\n'), /lower-case hex/);
});

test('debugger: a re-encoded callback and an added parameter are named', async (t) => {
  if (verifiers()) return t.skip(verifiers());
  const key = config.presets.rbsHmacKey;
  const cb = signed.rbsHmac(key, { description: 'Заказ №7 · чай' });
  const twice = cb.url.replace(/description=[^&]*/, `description=${encodeURIComponent(encodeURIComponent('Заказ №7 · чай'))}`);
  let out = await debug('rbs', { '#rbs-input': twice, '#rbs-hmac': key }, { name: 'debugger-re-encoded' });
  assert.match(out.verdict, /SIGNATURE_MISMATCH/);
  assert.match(out.findings.join('\n'), /Re-encoded: the value of `description`/);
  out = await debug('rbs', { '#rbs-input': `${cb.url}&utm_source=mail`, '#rbs-hmac': key });
  assert.match(out.findings.join('\n'), /did not sign: `utm_source`/);
  out = await debug('rbs', { '#rbs-input': cb.url, '#rbs-hmac': `${key} ` });
  assert.match(out.findings.join('\n'), /spaces or a line break/);
});

test('debugger: RSA callbacks — genuine SHA-512 valid, SHA-256 named as the wrong hash', async (t) => {
  if (verifiers()) return t.skip(verifiers());
  const pem = config.presets.rbsPublicKeys[0].pem;
  let out = await debug('rbs', { '#rbs-input': signed.rbsRsa('sha512').url, '#rbs-pem': pem }, { rsa: true });
  assert.match(out.verdict, /^Valid/);
  out = await debug('rbs', { '#rbs-input': signed.rbsRsa('sha256').url, '#rbs-pem': pem }, { rsa: true, name: 'debugger-rsa-hash' });
  assert.match(out.verdict, /SIGNATURE_MISMATCH/);
  assert.match(out.findings.join('\n'), /Wrong hash: .*SHA256, not SHA512/);
});

test('debugger: Mobile Cashier — genuine valid, re-serialised body and a mangled payment-sign named', async (t) => {
  if (verifiers()) return t.skip(verifiers());
  const key = config.presets.cashierPublicKey;
  const wh = signed.cashier();
  let out = await debug('cashier', { '#cashier-body': wh.body, '#cashier-sign': wh.sign, '#cashier-key': key });
  assert.match(out.verdict, /^Valid/);
  out = await debug('cashier', { '#cashier-body': JSON.stringify(JSON.parse(wh.body), null, 2), '#cashier-sign': wh.sign, '#cashier-key': key }, { name: 'debugger-cashier-reencoded' });
  assert.match(out.verdict, /SIGNATURE_MISMATCH/);
  assert.match(out.findings.join('\n'), /Re-encoded body: .*re-serialised/);
  assert.ok(wh.sign.includes('+'), 'the test signature has a + to lose');
  out = await debug('cashier', { '#cashier-body': wh.body, '#cashier-sign': wh.sign.replace(/\+/g, ' '), '#cashier-key': key });
  assert.match(out.findings.join('\n'), /lost its `\+` characters/);
});

test('debugger: Koshelek — genuine Basic auth valid, a wrong password named', async (t) => {
  if (verifiers()) return t.skip(verifiers());
  const { login, password } = config.presets.koshelek;
  const body = '{"transactionId":"tx-1","status":"PAID"}';
  let out = await debug('koshelek', { '#koshelek-auth': signed.basic(login, password), '#koshelek-body': body, '#koshelek-login': login, '#koshelek-password': password });
  assert.match(out.verdict, /^Valid/);
  out = await debug('koshelek', { '#koshelek-auth': signed.basic(login, 'not-it'), '#koshelek-body': body, '#koshelek-login': login, '#koshelek-password': password });
  assert.match(out.verdict, /UNAUTHORIZED/);
  assert.match(out.findings.join('\n'), /password in the header is not your partnerPassword \(the login matches\)/);
});

test('no page loaded anything from outside 127.0.0.1 (no CDN, no web fonts)', () => {
  assert.deepEqual(external, []);
});

test('Ctrl-C stops the page, the worker and the emulator', async () => {
  const urls = [demo.url, `${config.api}/api/health`, `${config.emulator}/__admin/requests`];
  for (const u of urls) assert.ok((await fetch(u, { signal: AbortSignal.timeout(5000) })).status < 500, `${u} answers while running`);
  const code = await stopDemo(demo);
  assert.equal(code, 0, 'scripts/demo.mjs exits with 0 on SIGINT');
  for (const u of urls) {
    await assert.rejects(fetch(u, { signal: AbortSignal.timeout(3000) }), `${u} no longer answers`);
  }
});
