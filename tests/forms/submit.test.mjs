// Each payment-redirect form, built by kassa and submitted by a real browser (headless Chromium),
// lands on an emulator page that reports exactly the fields it received: names, Cyrillic and
// emoji values, order. Three ways to submit: PaymentForm.submit() in a page that loaded
// pkg/browser.mjs, a server-rendered toHtml({ autoSubmit, nonce }) page under a strict CSP, and a
// click on the rendered button. The merchant pages carry a strict CSP (the one README.md's "Payment redirects"
// recommends) and must produce no CSP report.
//
//   node --test tests/forms/   (needs pkg/ built and target/debug/kassa-sandbox; builds the latter if missing)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium } from '../lib/chromium.mjs';
import { loadKassa, startEmulator, startSite, strictCsp, received, watch } from './harness.mjs';

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

// The Mobile Cashier payment page itself (payment.localhost, a real order) and the emulated ACS pages
// with the emulator's own 3-D Secure answers: tests/forms/emulator-flows.test.mjs.

test('the CSP advice holds: without the ACS in form-action the POST is blocked and reported', async () => {
  const form = kassa.rbs3dsForm(threeDs());
  const p = `/blocked-${++pageNo}`;
  // The strict CSP of the other tests, with form-action narrowed to 'self'.
  const csp = strictCsp(NONCE, targets).replace(/form-action [^;]+/, "form-action 'self'");
  site.pages.set(p, { csp, html: `<!doctype html><meta charset="utf-8"><title>blocked</title><body>${form.toHtml({ autoSubmit: true, nonce: NONCE })}` });
  const page = await browser.newPage();
  const problems = watch(page);
  await page.goto(site.url + p, { waitUntil: 'commit' });
  const deadline = Date.now() + 5000;
  const seen = () => site.reports.length > 0 && problems.some((m) => /form-action/.test(m));
  while (!seen() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  assert.equal(page.url(), site.url + p, 'the page did not navigate');
  assert.ok(site.reports.some((r) => r.includes('form-action')), `a form-action report: ${site.reports}`);
  assert.ok(problems.some((m) => /form-action/.test(m)), problems.join('\n'));
  site.reports.length = 0;
  await page.close();
});
