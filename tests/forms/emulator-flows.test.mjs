// The redirect forms in the real flows of the emulated gateways (kassa-sandbox): the values come
// from the emulator's own API answers, kassa builds the form, Chromium submits it, and the
// emulator's payment / ACS page reports exactly the fields it received. Then the buyer finishes
// (card, ACS password/code) and lands back on the merchant's URL, which shows the gateway used the
// fields kassa sent.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium } from '../lib/chromium.mjs';
import { loadKassa, startEmulator, startSite, strictCsp, received } from './harness.mjs';

const NONCE = 'ZmxvdzEyMw';
let kassa, emu, site, browser, cfg, targets, merchant;

before(async () => {
  kassa = await loadKassa();
  emu = await startEmulator();
  site = await startSite();
  browser = await launchChromium();
  cfg = emu.config;
  merchant = cfg.rbs.merchants.find((m) => m.name === 'plain');
  targets = [cfg.baseUrl, new URL(cfg.cashier.paymentUrl).origin];
  site.pages.set('/done', { html: '<!doctype html><title>done</title><p id="done">success page</p>' });
  site.pages.set('/fail', { html: '<!doctype html><title>fail</title><p id="fail">fail page</p>' });
});

after(async () => {
  await browser?.close();
  await site?.close();
  await emu?.stop();
});

async function call(url, { form, json, token } = {}) {
  const headers = {};
  let body;
  if (form) { headers['content-type'] = 'application/x-www-form-urlencoded'; body = new URLSearchParams(form).toString(); }
  if (json) { headers['content-type'] = 'application/json'; body = JSON.stringify(json); }
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(10_000) });
  const text = await res.text();
  assert.ok(res.ok, `${url}: HTTP ${res.status} ${text}`);
  return JSON.parse(text);
}

let orderNo = 0;
async function rbsOrderWithCard(pan) {
  const auth = { userName: merchant.userName, password: merchant.password };
  const reg = await call(`${cfg.rbs.baseUrl}register.do`, { form: { ...auth, orderNumber: `forms-${process.pid}-${++orderNo}`, amount: '12345', returnUrl: `${site.url}/done`, failUrl: `${site.url}/fail` } });
  assert.ok(reg.orderId, JSON.stringify(reg));
  const pay = await call(`${cfg.rbs.baseUrl}paymentorder.do`, { form: { ...auth, MDORDER: reg.orderId, $PAN: pan, $CVC: '123', YYYY: '2030', MM: '12', TEXT: 'TEST CARDHOLDER', language: 'ru' } });
  return { orderId: reg.orderId, pay, auth };
}

let pageNo = 0;
async function kassaPage(body = '') {
  const p = `/flow-${++pageNo}`;
  site.pages.set(p, {
    csp: strictCsp(NONCE, targets),
    html: `<!doctype html><meta charset="utf-8"><title>merchant</title><body>${body}
<script type="module" nonce="${NONCE}">import * as kassa from '/pkg/browser.mjs'; window.kassa = kassa; document.body.dataset.ready = '1';</script>`,
  });
  const page = await browser.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e}`));
  page.on('dialog', (d) => { problems.push(`dialog: ${d.message()}`); d.dismiss().catch(() => {}); });
  await page.goto(site.url + p);
  await page.waitForSelector('body[data-ready="1"]', { state: 'attached', timeout: 15_000 });
  return { page, problems };
}

test('Mobile Cashier: order -> form -> cashierPaymentForm().submit() -> payment page got every field -> card -> successUrl', async () => {
  const login = await call(`${cfg.cashier.baseUrl}public/login`, { json: { login: cfg.cashier.login, password: cfg.cashier.password } });
  const created = await call(`${cfg.cashier.baseUrl}order`, { json: { orderAmount: 10000, orderCurrency: 'RUB', tspId: cfg.cashier.tspId, description: 'Заказ №42 💳' }, token: login.accessToken });
  const formOrder = await call(`${cfg.cashier.baseUrl}order/${created.order.id}/form/${cfg.cashier.tspCode}`);
  assert.ok(formOrder.externalOrderId, JSON.stringify(formOrder));
  const opts = {
    domain: cfg.cashier.paymentDomain,
    externalOrderId: formOrder.externalOrderId,
    successUrl: `${site.url}/done?order=42&msg=${encodeURIComponent('оплачено')}`,
    failUrl: `${site.url}/fail?order=42`,
    fields: [['comment', 'Комментарий 👍 & "кавычки"'], ['emoji🙂', 'значение=1&2']],
    allowInsecureLocalhost: true,
  };
  const form = kassa.cashierPaymentForm(opts);
  assert.equal(form.action, `${cfg.cashier.paymentUrl}${encodeURIComponent(formOrder.externalOrderId)}`);
  const { page, problems } = await kassaPage();
  await Promise.all([page.waitForURL(form.action, { timeout: 10_000 }), page.evaluate((o) => { window.kassa.cashierPaymentForm(o).submit(); }, opts)]);
  const got = await received(page);
  assert.equal(got.method, 'POST');
  assert.equal(got.host, new URL(cfg.cashier.paymentUrl).host);
  assert.match(got.contentType, /^application\/x-www-form-urlencoded/);
  assert.deepEqual(got.fields, [['successUrl', opts.successUrl], ['failUrl', opts.failUrl], ...opts.fields]);
  await page.fill('#pan', '4111 1111 1111 1111');
  await page.fill('#expiry', '12/30');
  await page.fill('#cvc', '123');
  await Promise.all([page.waitForURL(opts.successUrl, { timeout: 10_000 }), page.click('#kassa-submit')]);
  assert.equal(await page.textContent('#done'), 'success page');
  assert.deepEqual(problems, []);
  assert.deepEqual(site.reports, []);
  await page.close();
});

test('RBS 3-D Secure 1: paymentorder.do answer -> rbs3dsForm().submit() -> ACS page got PaReq, MD, TermUrl -> password -> returnUrl', async () => {
  const { orderId, pay } = await rbsOrderWithCard('5555555555555599');
  assert.ok(pay.acsUrl && pay.paReq && pay.termUrl, JSON.stringify(pay));
  const opts = { acsUrl: pay.acsUrl, paReq: pay.paReq, md: orderId, termUrl: pay.termUrl, allowInsecureLocalhost: true };
  const { page, problems } = await kassaPage();
  await Promise.all([page.waitForURL(pay.acsUrl, { timeout: 10_000 }), page.evaluate((o) => { window.kassa.rbs3dsForm(o).submit(); }, opts)]);
  const got = await received(page);
  assert.equal(got.path, new URL(pay.acsUrl).pathname);
  assert.deepEqual(got.fields, [['PaReq', pay.paReq], ['MD', orderId], ['TermUrl', pay.termUrl]]);
  await page.fill('input[type=password], input[name=password]', '12345678');
  await Promise.all([page.waitForURL((u) => u.href.startsWith(`${site.url}/done`), { timeout: 15_000 }), page.click('button[type=submit], input[type=submit]')]);
  assert.ok(page.url().includes(`orderId=${orderId}`), page.url());
  assert.deepEqual(problems, []);
  await page.close();
});

test('RBS 3-D Secure 2: 3DS Method into a hidden iframe, then the challenge form -> ACS page got creq', async () => {
  const { orderId, pay, auth } = await rbsOrderWithCard('4000001111111118');
  assert.ok(pay.threeDSMethodURL && pay.threeDSMethodDataPacked, JSON.stringify(pay));
  const { page, problems } = await kassaPage('<iframe name="threeDSMethodFrame" hidden></iframe>');
  const methodOpts = { threeDSMethodURL: pay.threeDSMethodURL, threeDSMethodData: pay.threeDSMethodDataPacked, allowInsecureLocalhost: true };
  await page.evaluate((o) => { window.kassa.rbs3dsMethodForm(o).submit({ target: 'threeDSMethodFrame' }); }, methodOpts);
  const frame = page.frame({ name: 'threeDSMethodFrame' });
  await frame.waitForURL(pay.threeDSMethodURL, { timeout: 10_000 });
  assert.deepEqual((await received(frame)).fields, [['threeDSMethodData', pay.threeDSMethodDataPacked]]);

  const again = await call(`${cfg.rbs.baseUrl}paymentorder.do`, { form: { ...auth, MDORDER: orderId, $PAN: '4000001111111118', $CVC: '123', YYYY: '2030', MM: '12', TEXT: 'TEST CARDHOLDER', language: 'ru', threeDSServerTransID: pay.threeDSServerTransId } });
  assert.ok(again.acsUrl && again.packedCReq, JSON.stringify(again));
  const challenge = { acsUrl: again.acsUrl, creq: again.packedCReq, threeDSSessionData: `сессия ${orderId} ✓`, allowInsecureLocalhost: true };
  await Promise.all([page.waitForURL(again.acsUrl, { timeout: 10_000 }), page.evaluate((o) => { window.kassa.rbs3ds2ChallengeForm(o).submit(); }, challenge)]);
  const got = await received(page);
  assert.deepEqual(got.fields, [['creq', again.packedCReq], ['threeDSSessionData', challenge.threeDSSessionData]]);
  assert.deepEqual(problems, []);
  await page.close();
});

test('RBS rbsAcsRedirectUrl({ baseUrl }) leads the browser to the emulated ACS', async () => {
  const { orderId, pay } = await rbsOrderWithCard('5555555555555599');
  const url = kassa.rbsAcsRedirectUrl({ baseUrl: cfg.rbs.baseUrl, orderId, allowInsecureLocalhost: true });
  assert.equal(url, `${cfg.rbs.paymentBaseUrl}acsRedirect.do?orderId=${encodeURIComponent(orderId)}`);
  const page = await browser.newPage();
  await Promise.all([page.waitForURL(pay.acsUrl, { timeout: 10_000 }), page.goto(url)]);
  const got = await received(page);
  assert.deepEqual(got.fields.map(([n]) => n), ['PaReq', 'MD', 'TermUrl']);
  assert.equal(got.fields[1][1], orderId);
  await page.close();
});
