// Each payment-redirect form, built by kassa and submitted by a real browser (headless Chromium),
// lands on an emulator page that reports exactly the fields it received: names, Cyrillic and
// emoji values, order. Three ways to submit: PaymentForm.submit() in a page that loaded
// pkg/browser.mjs, a server-rendered toHtml({ autoSubmit, nonce }) page under a strict CSP, and a
// click on the rendered button. The merchant pages carry a strict CSP (the one docs/forms.md
// recommends) and must produce no CSP report.
//
//   node --test tests/forms/   (needs pkg/ built and target/debug/kassa-sandbox; builds the latter if missing)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import { launchChromium } from '../lib/chromium.mjs';
import { loadKassa, startEmulator, startSite, strictCsp, received } from './harness.mjs';

const NONCE = 'Zm9ybXMtdGVzdC1ub25jZQ';
const MD = 'заказ №42 — оплата 💳👨‍👩‍👧 & a=b+c%20"\'<>';
const SESSION = 'Сессия 🇷🇺 ✓ ключ=значение&x';
let kassa, emu, site, browser, base, paymentOrigin, targets;

before(async () => {
  kassa = await loadKassa();
  emu = await startEmulator();
  site = await startSite();
  browser = await launchChromium();
  base = emu.config.baseUrl;
  paymentOrigin = `http://payment.localhost:${new URL(base).port}`;
  targets = [base, paymentOrigin];
});

after(async () => {
  await browser?.close();
  await site?.close();
  await emu?.stop();
});

let pageNo = 0;
/** A merchant page (strict CSP) that loads kassa for the browser; resolves to a ready page. */
async function kassaPage(body = '') {
  const p = `/merchant-${++pageNo}`;
  site.pages.set(p, {
    csp: strictCsp(NONCE, targets),
    html: `<!doctype html><meta charset="utf-8"><title>merchant</title><body>${body}
<script type="module" nonce="${NONCE}">import * as kassa from '/pkg/browser.mjs'; window.kassa = kassa; document.body.dataset.ready = '1';</script>`,
  });
  const page = await browser.newPage();
  const problems = watch(page);
  await page.goto(site.url + p);
  await page.waitForSelector('body[data-ready="1"]', { state: 'attached', timeout: 15_000 });
  return { page, problems };
}

/** A server-rendered merchant page holding `formHtml` (strict CSP). */
async function htmlPage(formHtml) {
  const p = `/rendered-${++pageNo}`;
  site.pages.set(p, { csp: strictCsp(NONCE, targets), html: `<!doctype html><meta charset="utf-8"><title>pay</title><body>${formHtml}` });
  const page = await browser.newPage();
  const problems = watch(page);
  return { page, problems, url: site.url + p };
}

function watch(page) {
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e}`));
  page.on('dialog', (d) => { problems.push(`dialog: ${d.message()}`); d.dismiss().catch(() => {}); });
  page.on('console', (m) => { if (/Content Security Policy|Refused to/i.test(m.text())) problems.push(`console: ${m.text()}`); });
  return problems;
}

function assertLanded(got, form, path) {
  assert.equal(got.method, 'POST');
  assert.equal(got.path, path);
  assert.match(got.contentType, /^application\/x-www-form-urlencoded/);
  assert.deepEqual(got.fields, form.fields);
}

function assertClean(problems) {
  assert.deepEqual(problems, []);
  assert.deepEqual(site.reports, [], 'no CSP violation report');
}

const threeDs = () => ({ acsUrl: `${base}/echo/acs/3ds1`, paReq: 'eJxVUu9vgjAQ/...4BaHYvAI=', md: MD, termUrl: 'https://shop.example/3ds/term?order=42&lang=ru', allowInsecureLocalhost: true });
const challenge = () => ({ acsUrl: `${base}/echo/acs2/creq`, creq: 'eyJ0aHJlZURTU2VydmVyVHJhbnNJRCI6IjU4MDI3NDZlIn0', threeDSSessionData: SESSION, allowInsecureLocalhost: true });

test('rbs3dsForm().submit() navigates to the ACS with PaReq, MD, TermUrl exactly', async () => {
  const { page, problems } = await kassaPage();
  const opts = threeDs();
  const form = kassa.rbs3dsForm(opts);
  await Promise.all([
    page.waitForURL(`${base}/echo/acs/3ds1`, { timeout: 10_000 }),
    page.evaluate((o) => { window.kassa.rbs3dsForm(o).submit(); }, opts),
  ]);
  assertLanded(await received(page), form, '/echo/acs/3ds1');
  assert.deepEqual(form.fields, [['PaReq', opts.paReq], ['MD', MD], ['TermUrl', opts.termUrl]]);
  assertClean(problems);
  await page.close();
});

test('rbs3ds2ChallengeForm rendered with autoSubmit + nonce submits itself under a strict CSP', async () => {
  const form = kassa.rbs3ds2ChallengeForm(challenge());
  const { page, problems, url } = await htmlPage(form.toHtml({ autoSubmit: true, nonce: NONCE }));
  await Promise.all([page.waitForURL(`${base}/echo/acs2/creq`, { timeout: 10_000 }), page.goto(url)]);
  assertLanded(await received(page), form, '/echo/acs2/creq');
  assert.deepEqual(form.fields, [['creq', challenge().creq], ['threeDSSessionData', SESSION]]);
  assertClean(problems);
  await page.close();
});

test('rbs3dsForm rendered without script: the buyer clicks the button', async () => {
  const form = kassa.rbs3dsForm(threeDs());
  const { page, problems, url } = await htmlPage(form.toHtml({ buttonLabel: 'Подтвердить оплату 💳' }));
  await page.goto(url);
  assert.equal(await page.locator('script').count(), 0);
  await Promise.all([page.waitForURL(`${base}/echo/acs/3ds1`, { timeout: 10_000 }), page.click('button[type=submit]')]);
  assertLanded(await received(page), form, '/echo/acs/3ds1');
  assertClean(problems);
  await page.close();
});

test('rbs3dsMethodForm().submit({ target }) posts into a hidden iframe; the page stays', async () => {
  const { page, problems } = await kassaPage('<iframe name="threeDSMethodFrame" hidden></iframe>');
  const opts = { threeDSMethodURL: `${base}/echo/acs2/3dsMethod`, threeDSMethodData: 'eyJ0aHJlZURTTWV0aG9kTm90aWZpY2F0aW9uVVJMIjoi0J_RgNC40LLQtdGCIn0=', allowInsecureLocalhost: true };
  const before = page.url();
  await page.evaluate((o) => { window.kassa.rbs3dsMethodForm(o).submit({ target: 'threeDSMethodFrame' }); }, opts);
  const frame = page.frame({ name: 'threeDSMethodFrame' });
  await frame.waitForURL(`${base}/echo/acs2/3dsMethod`, { timeout: 10_000 });
  assertLanded(await received(frame), kassa.rbs3dsMethodForm(opts), '/echo/acs2/3dsMethod');
  assert.equal(page.url(), before, 'the merchant page did not navigate');
  assertClean(problems);
  await page.close();
});

test('cashierPaymentForm (domain 127.0.0.1:PORT) submitted lands with successUrl, failUrl and the extra fields in order', async () => {
  // With an IP address there is no payment. prefix: the action is http://127.0.0.1:PORT/echo,
  // the emulator's generic echo, so this runs whatever the emulator's payment page does.
  const { page, problems } = await kassaPage();
  const opts = {
    domain: new URL(base).host,
    externalOrderId: 'echo',
    successUrl: `${site.url}/done?order=42&status=ok`,
    failUrl: `${site.url}/fail?order=42`,
    fields: [['comment', MD], ['customerName', 'Иван Петров 👤'], ['empty', ''], ['emoji🙂', 'ключ']],
    allowInsecureLocalhost: true,
  };
  const form = kassa.cashierPaymentForm(opts);
  assert.equal(form.action, `${base}/echo`);
  assert.deepEqual(form.fields, [['successUrl', opts.successUrl], ['failUrl', opts.failUrl], ...opts.fields]);
  await Promise.all([
    page.waitForURL(`${base}/echo`, { timeout: 10_000 }),
    page.evaluate((o) => { window.kassa.cashierPaymentForm(o).submit(); }, opts),
  ]);
  assertLanded(await received(page), form, '/echo');
  assertClean(problems);
  await page.close();
});

/** Whether the emulator serves the Mobile Cashier payment page yet (sandbox branch). */
function paymentPageExists() {
  return new Promise((resolve) => {
    const port = Number(new URL(base).port);
    const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/probe-order', headers: { host: `payment.localhost:${port}`, 'content-type': 'application/x-www-form-urlencoded' }, timeout: 5000 }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve(body.includes('kassa-received')));
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => { req.destroy(); resolve(false); });
    req.end('successUrl=x');
  });
}

test('cashierPaymentForm().submit() lands on the emulated payment page (payment.localhost) with every field in order', async (t) => {
  if (!(await paymentPageExists())) {
    t.skip('the emulator has no Mobile Cashier payment page yet (sandbox branch): nothing to land on');
    return;
  }
  const { page, problems } = await kassaPage();
  const opts = {
    domain: emu.config.cashier.paymentDomain,
    externalOrderId: 'ord-42/заказ',
    successUrl: `${site.url}/done?order=42&status=ok`,
    failUrl: `${site.url}/fail?order=42`,
    fields: [['comment', MD], ['customerName', 'Иван Петров 👤'], ['a', ''], ['emoji🙂', 'ключ']],
    allowInsecureLocalhost: true,
  };
  const form = kassa.cashierPaymentForm(opts);
  assert.equal(form.action, `${paymentOrigin}/ord-42%2F%D0%B7%D0%B0%D0%BA%D0%B0%D0%B7`);
  await Promise.all([
    page.waitForURL(form.action, { timeout: 10_000 }),
    page.evaluate((o) => { window.kassa.cashierPaymentForm(o).submit(); }, opts),
  ]);
  const got = await received(page);
  assertLanded(got, form, '/ord-42%2F%D0%B7%D0%B0%D0%BA%D0%B0%D0%B7');
  assert.equal(got.host, new URL(paymentOrigin).host);
  assertClean(problems);
  await page.close();
});
