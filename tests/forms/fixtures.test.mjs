// The hand-written expected HTML of tests/fixtures/forms/ (compared byte for byte by
// tests/forms_render.rs), parsed by Chromium: each file must give exactly the form its name says —
// action, method, enctype, hidden fields in order with exact values (CR, LF, tab, quotes, markup,
// Cyrillic, emoji), the button label, and a script only in the autoSubmit file, carrying the nonce.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { launchChromium } from '../lib/chromium.mjs';
import { root } from './harness.mjs';

const dir = path.join(root, 'tests/fixtures/forms');
const EXPECTED = {
  'cashier_basic.html': {
    action: 'https://payment.example.com/ord-42', target: null, button: 'Continue', script: null,
    fields: [['successUrl', 'https://shop.example/ord-42/success'], ['failUrl', 'https://shop.example/ord-42/fail']],
  },
  'cashier_escaped.html': {
    action: 'https://payment.pay.example.ru/%D0%B7%D0%B0%D0%BA%D0%B0%D0%B7%2F1%20%23%3F', target: '_blank', button: 'Оплатить <сейчас>', script: null,
    fields: [
      ['successUrl', 'https://shop.example/done?a=1&b="2"'],
      ['comment', "Оплата заказа 💳 <b>&'`"],
      ['"><img src=x onerror=alert(1)>', 'line1\r\nline2\tend'],
    ],
  },
  'rbs_3ds1_autosubmit.html': {
    action: 'https://theacsserver.com/acs/auth/start.do', target: null, button: 'Continue', script: 'r4nd0m+N0nce/==',
    fields: [['PaReq', 'eJxVUu9vgjAQ/...4BaHYvAI='], ['MD', '01491d0b-c848-7dd6-a20d-e96900a7d8c0'], ['TermUrl', 'https://vtb.rbsuat.com/payment/rest/finish3ds.do?lang=en']],
  },
  'rbs_3ds2_challenge.html': {
    action: 'https://example.com/acs2/acs/creq', target: null, button: 'Продолжить', script: null,
    fields: [['creq', 'eyJ0aHJlZURTU2VydmVyVHJhbnNJRCI6IjU4MDI3NDZlLTMzOTMtNDBjMy05MjlhLWRjOTY2ZWJmMDhjNiIsIm1lc3NhZ2VUeXBlIjoiQ1JlcSIsIm1lc3NhZ2VWZXJzaW9uIjoiMi4xLjAiLCJhY3NUcmFuc0lEIjoiODFmZTU1ODUtZmZhOS00Y2NkLTljMjAtY2QzYWFiZDQwNTllIiwiY2hhbGxlbmdlV2luZG93U2l6ZSI6IjA1In0'], ['threeDSSessionData', 'MDE0OTFkMGItYzg0OC03ZGQ2']],
  },
  'rbs_3ds_method.html': {
    action: 'https://example.com/acs2/acs/3dsMethod', target: 'threeDSMethodFrame', button: 'Continue', script: null,
    fields: [['threeDSMethodData', 'eyJ0aHJlZURTTWV0aG9kTm90aWZpY2F0aW9uVVJMIjoiaHR0cHM6Ly9hY3F1aXJlci5jb20vM2Rzc2VydmVyL2FwaS92MS9hY3Mvbm90aWZpY2F0aW9uP3RocmVlRFNTZXJ2ZXJUcmFuc0lEPTNhZmMxNjhhLTk0YjQtNGViMy04ZTJlLTgwZjZjMTg2NjY5ZCIsInRocmVlRFNTZXJ2ZXJUcmFuc0lEIjoiM2FmYzE2OGEtOTRiNC00ZWIzLThlMmUtODBmNmMxODY2NjlkIn0=']],
  },
};

let browser;
before(async () => { browser = await launchChromium(); });
after(async () => { await browser?.close(); });

test('every fixture file has an expectation here', () => {
  assert.deepEqual(fs.readdirSync(dir).filter((f) => f.endsWith('.html')).sort(), Object.keys(EXPECTED).sort());
});

for (const [file, want] of Object.entries(EXPECTED)) {
  test(`Chromium parses ${file} into exactly the expected form`, async () => {
    const page = await browser.newPage({ javaScriptEnabled: false });
    await page.setContent(`<!doctype html><meta charset="utf-8"><body>${fs.readFileSync(path.join(dir, file), 'utf8')}`);
    const got = await page.evaluate(() => {
      const f = document.querySelector('form');
      const s = document.querySelector('script');
      return {
        forms: document.forms.length,
        tags: [...document.body.querySelectorAll('*')].map((e) => e.tagName.toLowerCase()),
        action: f.getAttribute('action'), method: f.method, enctype: f.enctype, charset: f.acceptCharset, target: f.getAttribute('target'),
        fields: [...f.querySelectorAll('input')].map((i) => [i.type, i.name, i.value]),
        button: (f.querySelector('button') || {}).textContent ?? null,
        script: s ? s.getAttribute('nonce') : null,
        scriptFollowsForm: s ? s.previousElementSibling === f : null,
      };
    });
    assert.equal(got.forms, 1);
    assert.equal(got.action, want.action);
    assert.equal(got.method, 'post');
    assert.equal(got.enctype, 'application/x-www-form-urlencoded');
    assert.equal(got.charset, 'UTF-8');
    assert.equal(got.target, want.target);
    assert.deepEqual(got.fields, want.fields.map(([n, v]) => ['hidden', n, v]));
    assert.equal(got.button, want.button);
    assert.equal(got.script, want.script);
    // With JavaScript disabled, <noscript> content is parsed as elements.
    const tags = ['form', ...want.fields.map(() => 'input'), ...(want.script ? ['noscript', 'button', 'script'] : ['button'])];
    assert.deepEqual(got.tags, tags);
    if (want.script) assert.equal(got.scriptFollowsForm, true);
    await page.close();
  });
}
