// The emulator's buyer-facing pages in headless Chromium: an RBS payment on the hosted page with
// a 3-D Secure challenge, and a Mobile Cashier form POST to payment.localhost:PORT (Chromium
// resolves *.localhost to loopback) that ends on successUrl.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSandbox } from '../../sandbox/start.mjs';
import { launchChromium } from '../lib/chromium.mjs';

let sb;
let browser;
before(async () => {
  sb = await startSandbox({ args: ['--callback-interval-ms', '100'] });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await sb?.stop();
});

async function rbs(endpoint, params) {
  const m = sb.info.rbs.merchants.find((x) => x.name === 'hmac');
  const body = new URLSearchParams({ userName: m.userName, password: m.password, ...params });
  const r = await fetch(`${sb.info.rbs.baseUrl}${endpoint}`, { method: 'POST', body });
  return r.json();
}

test('RBS: hosted page, 3-D Secure 1 on the ACS, back on returnUrl, order deposited', async () => {
  const back = `${sb.baseUrl}/echo/shop-return`;
  const reg = await rbs('register.do', { orderNumber: 'br-1', amount: '4990', returnUrl: back, failUrl: `${sb.baseUrl}/echo/shop-fail` });
  const page = await browser.newPage();
  try {
    await page.goto(reg.formUrl);
    assert.match(await page.textContent('#kassa-amount'), /49\.90/);
    await page.fill('#pan', '5555 5555 5555 5599');
    await page.fill('#expiry', '12/30');
    await page.fill('#cvc', '123');
    await Promise.all([page.waitForURL(/\/acs\/auth\/start\.do/), page.click('#kassa-submit')]);
    const received = JSON.parse(await page.textContent('#kassa-received'));
    assert.deepEqual(received.fields.map(([k]) => k), ['PaReq', 'MD', 'TermUrl']);
    await page.fill('#password', '12345678');
    await Promise.all([page.waitForURL(/\/echo\/shop-return/), page.click('#kassa-acs-submit')]);
    const landed = JSON.parse(await page.textContent('#kassa-received'));
    assert.deepEqual(landed.fields, [['orderId', reg.orderId], ['lang', 'ru']]);
  } finally {
    await page.close();
  }
  const status = await rbs('getOrderStatusExtended.do', { orderId: reg.orderId });
  assert.equal(status.orderStatus, 2);
});

test('Mobile Cashier: the form POST reaches payment.localhost and ends on successUrl', async () => {
  const c = sb.info.cashier;
  const login = await (await fetch(`${c.baseUrl}public/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: c.login, password: c.password }) })).json();
  const auth = { authorization: `Bearer ${login.accessToken}`, 'content-type': 'application/json' };
  const created = await (await fetch(`${c.baseUrl}order`, { method: 'POST', headers: auth, body: JSON.stringify({ orderAmount: 1500, orderCurrency: 'RUB', tspId: 1 }) })).json();
  const form = await (await fetch(`${c.baseUrl}order/${created.order.id}/form/${c.tspCode}`, { method: 'POST', headers: auth, body: '{}' })).json();
  const page = await browser.newPage();
  try {
    // A merchant page on another origin posting the form, as cashierPaymentForm() builds it.
    await page.goto(`${sb.baseUrl}/echo/merchant`);
    await page.setContent(`<form id="f" method="POST" enctype="application/x-www-form-urlencoded"
        action="http://payment.${c.paymentDomain}/${form.externalOrderId}">
        <input type="hidden" name="successUrl" value="${sb.baseUrl}/echo/ok">
        <input type="hidden" name="failUrl" value="${sb.baseUrl}/echo/fail">
        <input type="hidden" name="note" value="Привет 🙂"></form>`);
    await Promise.all([page.waitForURL(/payment\.localhost/), page.evaluate(() => document.getElementById('f').submit())]);
    const received = JSON.parse(await page.textContent('#kassa-received'));
    assert.equal(received.host, `payment.${c.paymentDomain}`);
    assert.deepEqual(received.fields, [['successUrl', `${sb.baseUrl}/echo/ok`], ['failUrl', `${sb.baseUrl}/echo/fail`], ['note', 'Привет 🙂']]);
    await page.fill('#pan', '4111111111111111');
    await page.fill('#expiry', '12/30');
    await page.fill('#cvc', '123');
    await Promise.all([page.waitForURL(/\/echo\/ok/), page.click('#kassa-submit')]);
  } finally {
    await page.close();
  }
  const status = await (await fetch(`${c.baseUrl}order/${created.order.id}/status`)).json();
  assert.equal(status.order.status, 'CHARGED');
});

test('CORS: a page on another origin calls the APIs with preflighted requests', async () => {
  const page = await browser.newPage();
  try {
    // localhost:PORT and 127.0.0.1:PORT are different origins.
    await page.goto(`${sb.baseUrl.replace('127.0.0.1', 'localhost')}/echo/page`);
    const c = sb.info.cashier;
    const result = await page.evaluate(async ({ base, login, password }) => {
      const r = await fetch(`${base}public/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-req-id': 'cors-1' },
        body: JSON.stringify({ login, password }),
      });
      return { status: r.status, body: await r.json(), replay: r.headers.get('x-idempotent-replay') };
    }, { base: c.baseUrl, login: c.login, password: c.password });
    assert.equal(result.status, 200);
    assert.equal(result.body.success, true);
    const log = await (await fetch(`${sb.info.admin}/requests?path=/cashier/public/login`)).json();
    assert.ok(log.requests.some((r) => r.method === 'OPTIONS'), 'the browser sent a preflight');
  } finally {
    await page.close();
  }
});
