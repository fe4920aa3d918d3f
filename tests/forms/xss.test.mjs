// An XSS corpus (tests/forms/xss-payloads.mjs) in every field and option of every redirect form
// never executes. Each payload goes into field names and values, the order id, the URLs (where a
// URL is accepted at all) and the render options; the forms are rendered by the server (toHtml,
// served under a strict CSP) and built in the page (toElement, and toHtml through
// insertAdjacentHTML). Then: the sentinel `window.kassaPwned` is unset, no dialog opened, no /pwned
// request reached the site, no CSP report was sent, the page holds nothing but the forms' own
// form/input/button elements, and every form's FormData is exactly its fields.
//
//   node --test tests/forms/   (needs pkg/ built)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium } from '../lib/chromium.mjs';
import { loadKassa, startEmulator, startSite, strictCsp, received, watch } from './harness.mjs';
import { PAYLOADS, attempt, buildForms, renderings } from './xss-payloads.mjs';

const NONCE = 'eHNzLXRlc3Qtbm9uY2U';
let kassa, site, browser, emu;

before(async () => {
  kassa = await loadKassa();
  site = await startSite();
  emu = await startEmulator();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await site?.close();
  await emu?.stop();
});

/** In the page: nothing but form/input/button/noscript (and `allowed`) under `root`; fields exact. */
async function inspect(page, rootSelector, expected) {
  return page.evaluate(([sel, exp]) => {
    const root = document.querySelector(sel);
    const stray = [...root.querySelectorAll('*')].map((e) => e.tagName.toLowerCase()).filter((t) => !['form', 'input', 'button', 'noscript'].includes(t));
    const forms = [...root.querySelectorAll('form')];
    const data = forms.map((f) => [f.getAttribute('action'), [...new FormData(f)]]);
    const attrs = [...root.querySelectorAll('*')].flatMap((e) => e.getAttributeNames()).filter((a) => !['action', 'method', 'enctype', 'accept-charset', 'target', 'rel', 'type', 'name', 'value'].includes(a));
    return { pwned: window.kassaPwned, stray, attrs, data, matches: JSON.stringify(data) === JSON.stringify(exp) };
  }, [rootSelector, expected]);
}

test(`${PAYLOADS.length} XSS payloads in server-rendered forms (toHtml) under a strict CSP never execute`, async () => {
  const refusals = [];
  let html = '';
  const expected = [];
  for (const p of PAYLOADS) {
    for (const form of buildForms(kassa, p, refusals)) {
      for (const h of renderings(kassa, form, p, refusals)) {
        html += h;
        expected.push([form.action, form.fields]);
      }
    }
  }
  assert.ok(expected.length > PAYLOADS.length * 5, `only ${expected.length} forms rendered`);
  // The nonce-option payloads must all be refused (no payload is a valid nonce), and targets too.
  assert.ok(refusals.length > PAYLOADS.length * 3, `${refusals.length} refusals`);
  site.pages.set('/xss-rendered', { csp: strictCsp(NONCE, ["'self'"]), html: `<!doctype html><meta charset="utf-8"><title>x</title><body><div id="root">${html}</div>` });
  const page = await browser.newPage();
  const problems = watch(page);
  await page.goto(`${site.url}/xss-rendered`);
  await page.waitForTimeout(500);
  // Focus and hover everything, as a buyer would, to fire any injected handler.
  await page.keyboard.press('Tab');
  await page.mouse.move(10, 10);
  await page.mouse.move(200, 200);
  const r = await inspect(page, '#root', expected);
  assert.equal(r.pwned, undefined, 'sentinel set');
  assert.deepEqual(r.stray, []);
  assert.deepEqual(r.attrs, []);
  assert.ok(r.matches, 'every form parsed back to exactly its fields');
  assert.equal(await page.locator('script').count(), 0);
  assert.deepEqual(problems, []);
  assert.deepEqual(site.pwned, []);
  assert.deepEqual(site.reports, []);
  await page.close();
});

test(`${PAYLOADS.length} XSS payloads through toElement and toHtml in the page never execute`, async () => {
  site.pages.set('/xss-dom', {
    csp: strictCsp(NONCE, ["'self'"]),
    html: `<!doctype html><meta charset="utf-8"><title>x</title><body><div id="dom"></div><div id="html"></div>
<script type="module" nonce="${NONCE}">import * as kassa from '/pkg/browser.mjs'; window.kassa = kassa; document.body.dataset.ready = '1';</script>`,
  });
  const page = await browser.newPage();
  const problems = watch(page);
  await page.goto(`${site.url}/xss-dom`);
  await page.waitForSelector('body[data-ready="1"]', { state: 'attached', timeout: 15_000 });
  const expected = await page.evaluate(async () => {
    const { PAYLOADS: payloads, buildForms: build, renderings: render } = await import('/forms-lib/xss-payloads.mjs');
    const k = window.kassa;
    const refusals = [];
    const exp = { dom: [], html: [] };
    for (const p of payloads) {
      for (const form of build(k, p, refusals)) {
        document.getElementById('dom').append(form.toElement());
        exp.dom.push([form.action, form.fields]);
        for (const h of render(k, form, p, refusals)) {
          document.getElementById('html').insertAdjacentHTML('beforeend', h);
          exp.html.push([form.action, form.fields]);
        }
      }
    }
    return exp;
  });
  assert.ok(expected.dom.length > PAYLOADS.length * 3, `only ${expected.dom.length} forms built`);
  await page.waitForTimeout(500);
  await page.keyboard.press('Tab');
  await page.mouse.move(10, 10);
  await page.mouse.move(300, 300);
  for (const [sel, exp] of [['#dom', expected.dom], ['#html', expected.html]]) {
    const r = await inspect(page, sel, exp);
    assert.equal(r.pwned, undefined, `${sel}: sentinel set`);
    assert.deepEqual(r.stray, [], sel);
    assert.deepEqual(r.attrs, [], sel);
    assert.ok(r.matches, `${sel}: every form holds exactly its fields`);
  }
  assert.deepEqual(problems, []);
  assert.deepEqual(site.pwned, []);
  assert.deepEqual(site.reports, []);
  await page.close();
});

test('an autoSubmit form full of payloads posts them verbatim to the emulator, under a strict CSP', async () => {
  const base = emu.config.baseUrl;
  // Payloads that read as a javascript:/data: URL are refused as field values (INVALID_URL, the
  // script-URL rule of src/form/fields.rs); every other payload is posted verbatim.
  const refused = [];
  const usable = PAYLOADS.filter((p) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\r\n]/.test(p))
    .filter((p) => attempt(kassa, () => kassa.rbs3dsMethodForm({ threeDSMethodURL: `${base}/x`, threeDSMethodData: p, allowInsecureLocalhost: true }), refused));
  assert.deepEqual(refused, ['INVALID_URL', 'INVALID_URL', 'INVALID_URL', 'INVALID_URL']);
  assert.deepEqual(PAYLOADS.filter((p) => !usable.includes(p) && !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\r\n]/.test(p)),
    ['javascript:kassaPwned=1', 'JaVaScRiPt:kassaPwned=1', 'java\tscript:kassaPwned=1', 'data:text/html,<script>kassaPwned=1</script>']);
  const fields = usable.map((p, i) => [`${i}:${p}`, p]);
  const form = kassa.cashierPaymentForm({ domain: new URL(base).host, externalOrderId: 'echo', allowInsecureLocalhost: true, fields });
  const html = form.toHtml({ autoSubmit: true, nonce: NONCE, buttonLabel: PAYLOADS[0] });
  site.pages.set('/xss-autosubmit', { csp: strictCsp(NONCE, [base]), html: `<!doctype html><meta charset="utf-8"><title>x</title><body>${html}` });
  const page = await browser.newPage();
  const problems = watch(page);
  await Promise.all([page.waitForURL(`${base}/echo`, { timeout: 10_000 }), page.goto(`${site.url}/xss-autosubmit`)]);
  const got = await received(page);
  assert.deepEqual(got.fields, fields);
  assert.deepEqual(problems, []);
  assert.deepEqual(site.pwned, []);
  assert.deepEqual(site.reports, []);
  await page.close();
});
