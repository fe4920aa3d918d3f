// The URL bypass corpus (tests/fixtures/forms/url-bypass.json, shared with tests/forms_url_bypass.rs)
// through the built package: every named URL option of every builder, the same names and other
// `*Url` names in `fields` given as pairs, as an object and as a Map, and the free-text positions
// (fields, paReq, md, creq, threeDSSessionData, threeDSMethodData). Then, as a cross-check against
// the WHATWG URL parser Node ships (the one browsers implement): every URL kassa accepts parses to
// https (or local http) with no user name or password and the same host, and no value kassa lets
// into a field resolves to a javascript:, data: or vbscript: URL. JS-only cases: lone surrogates.
//
//   node --test tests/forms/url-bypass.test.mjs   (needs pkg/ built: bash scripts/build-pkg.sh)
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadKassa, root } from './harness.mjs';

const { cases } = JSON.parse(fs.readFileSync(path.join(root, 'tests/fixtures/forms/url-bypass.json'), 'utf8'));
let kassa;

before(async () => {
  kassa = await loadKassa();
});

function outcome(fn) {
  try {
    fn();
    return 'ok';
  } catch (err) {
    if (!(err instanceof kassa.KassaError)) throw new Error(`not a KassaError: ${err}`);
    return err.code;
  }
}

const cashier = (o) => () => kassa.cashierPaymentForm({ domain: 'example.com', externalOrderId: '1', ...o });
const THREE_DS = { acsUrl: 'https://acs.example/a', paReq: 'eJx=', md: '1', termUrl: 'https://gw.example/term' };
const URL_FIELDS = ['successUrl', 'failUrl', 'returnUrl', 'TermUrl', 'termUrl', 'backUrl', 'notificationUrl',
  'threeDSMethodNotificationURL', 'dynamicCallbackUrl', 'SUCCESSURL', 'redirect_uri', 'successUrl[]'];

/** Every position where `u` is a URL, as [name, thunk]. */
function urlPositions(u, local) {
  const L = { allowInsecureLocalhost: local };
  const out = [
    ['cashier successUrl', cashier({ successUrl: u, ...L })],
    ['cashier failUrl', cashier({ failUrl: u, ...L })],
    ['rbs3ds acsUrl', () => kassa.rbs3dsForm({ ...THREE_DS, acsUrl: u, ...L })],
    ['rbs3ds termUrl', () => kassa.rbs3dsForm({ ...THREE_DS, termUrl: u, ...L })],
    ['rbs3ds2Challenge acsUrl', () => kassa.rbs3ds2ChallengeForm({ acsUrl: u, creq: 'eyJ9', ...L })],
    ['rbs3dsMethod threeDSMethodURL', () => kassa.rbs3dsMethodForm({ threeDSMethodURL: u, threeDSMethodData: 'eyJ9', ...L })],
  ];
  for (const name of URL_FIELDS) {
    out.push([`fields pairs ${name}`, cashier({ fields: [[name, u]], ...L })]);
    out.push([`fields object ${name}`, cashier({ fields: { [name]: u }, ...L })]);
    out.push([`fields Map ${name}`, cashier({ fields: new Map([[name, u]]), ...L })]);
  }
  return out;
}

/** Every position where `v` is free text. */
function valuePositions(v) {
  return [
    ['fields comment', cashier({ fields: [['comment', v]] })],
    ['fields object description', cashier({ fields: { description: v } })],
    ['fields URLSearchParams', cashier({ fields: new URLSearchParams([['note', v]]) })],
    ['rbs3ds paReq', () => kassa.rbs3dsForm({ ...THREE_DS, paReq: v })],
    ['rbs3ds md', () => kassa.rbs3dsForm({ ...THREE_DS, md: v })],
    ['rbs3ds2Challenge creq', () => kassa.rbs3ds2ChallengeForm({ acsUrl: 'https://acs.example/c', creq: v, threeDSSessionData: v })],
    ['rbs3dsMethod threeDSMethodData', () => kassa.rbs3dsMethodForm({ threeDSMethodURL: 'https://acs.example/m', threeDSMethodData: v })],
  ];
}

test(`${cases.length} bypass attempts are decided the same in every position`, () => {
  const failures = [];
  let checked = 0;
  for (const c of cases) {
    for (const [local, expected] of [[false, c.url], [true, c.local]]) {
      for (const [where, fn] of urlPositions(c.input, local)) {
        checked++;
        const got = outcome(fn);
        if (got !== expected) failures.push(`${JSON.stringify(c.input)} (${c.note}) as ${where}, local=${local}: ${got}, expected ${expected}`);
      }
      // rbsAcsRedirectUrl's baseUrl: the same, except that a base URL has no query or fragment.
      const base = outcome(() => kassa.rbsAcsRedirectUrl({ baseUrl: c.input, orderId: '1', allowInsecureLocalhost: local }));
      const want = expected === 'ok' && /[?#]/.test(c.input) ? 'INVALID_URL' : expected;
      checked++;
      if (base !== want) failures.push(`${JSON.stringify(c.input)} as baseUrl, local=${local}: ${base}, expected ${want}`);
    }
    for (const [where, fn] of valuePositions(c.input)) {
      checked++;
      const got = outcome(fn);
      if (got !== c.value) failures.push(`${JSON.stringify(c.input)} (${c.note}) as ${where}: ${got}, expected ${c.value}`);
    }
  }
  assert.deepEqual(failures, []);
  assert.ok(checked > 9000, `${checked}`);
});

test('what kassa accepts, the WHATWG URL parser reads the same way', () => {
  for (const c of cases) {
    for (const [local, decision] of [[false, c.url], [true, c.local]]) {
      if (decision !== 'ok') continue;
      const form = kassa.rbs3dsMethodForm({ threeDSMethodURL: c.input, threeDSMethodData: 'x', allowInsecureLocalhost: local });
      assert.equal(form.action, c.input, 'the action is the input, unchanged');
      const u = new URL(c.input);
      assert.ok(u.protocol === 'https:' || (local && u.protocol === 'http:'), `${c.input}: ${u.protocol}`);
      assert.equal(u.username, '');
      assert.equal(u.password, '');
      const host = /^[a-z]+:\/\/([^/?#]*)/i.exec(c.input)[1].replace(/:\d+$/, '').toLowerCase();
      if (!host.startsWith('[')) assert.equal(u.hostname, host, c.input);
    }
    // A value kassa lets into a free field never resolves to a script URL, absolute or relative.
    // (A value that does not parse at all cannot be navigated to.)
    if (c.value === 'ok' && URL.canParse(c.input, 'https://gateway.example/return/')) {
      const resolved = new URL(c.input, 'https://gateway.example/return/');
      assert.ok(!['javascript:', 'data:', 'vbscript:'].includes(resolved.protocol), `${JSON.stringify(c.input)} -> ${resolved.href}`);
    }
    // And whatever the WHATWG parser takes for a script URL, kassa refuses everywhere.
    let parsed = null;
    try { parsed = new URL(c.input); } catch { /* not absolute */ }
    if (parsed && ['javascript:', 'data:', 'vbscript:'].includes(parsed.protocol)) {
      assert.notEqual(c.url, 'ok');
      assert.notEqual(c.value, 'ok', c.input);
    }
  }
});

test('lone surrogates are refused in every string position (a form would send U+FFFD instead)', () => {
  for (const s of ['https://shop.example/\ud800', 'https://shop.example/\udfff?a', '\ud83d', 'x\udc00y']) {
    // (URLSearchParams holds USVStrings: it has already replaced lone surrogates with U+FFFD.)
    const values = valuePositions(s).filter(([where]) => !where.includes('URLSearchParams'));
    for (const [where, fn] of [...urlPositions(s, false), ...values,
      ['field name', cashier({ fields: [[s, 'v']] })],
      ['object key', cashier({ fields: { [s]: 'v' } })],
      ['externalOrderId', cashier({ externalOrderId: s })],
      ['domain', cashier({ domain: s })],
      ['orderId', () => kassa.rbsAcsRedirectUrl({ environment: 'test', orderId: s })]]) {
      assert.equal(outcome(fn), 'INVALID_ARGUMENT', `${JSON.stringify(s)} as ${where}`);
    }
  }
  // A well-formed pair and a real U+FFFD are fine.
  assert.equal(outcome(cashier({ fields: [['c', '💳 \ufffd']] })), 'ok');
});

test('the issue\'s reproducer: successUrl in fields is checked like the named option', () => {
  const err = (() => { try { cashier({ fields: [['successUrl', 'javascript:alert(document.domain)']] })(); } catch (e) { return e; } })();
  assert.ok(err instanceof kassa.KassaError);
  assert.equal(err.code, 'INVALID_URL');
  assert.match(err.message, /^form field "successUrl"/);
  assert.equal(outcome(cashier({ fields: [['successUrl', 'https://shop.example/ok']] })), 'ok');
  // Messages never carry userinfo.
  const e2 = (() => { try { cashier({ fields: [['backUrl', 'https://admin:hunter2@shop.example/']] })(); } catch (e) { return e; } })();
  assert.equal(e2.code, 'INVALID_URL');
  assert.ok(!/hunter2|admin/.test(e2.message), e2.message);
});

test('base URLs follow the clients\' base-URL rule: 2,048 bytes at most, loopback http only when allowed', () => {
  const long = `https://gw.example/${'p'.repeat(2048)}/`;
  assert.equal(outcome(() => kassa.rbsAcsRedirectUrl({ baseUrl: long, orderId: '1' })), 'INVALID_URL');
  assert.equal(outcome(() => new kassa.RbsClient({ baseUrl: long, token: 't' })), 'INVALID_URL');
  assert.equal(outcome(() => kassa.rbsAcsRedirectUrl({ baseUrl: 'http://127.0.0.1:9/payment/rest/', orderId: '1' })), 'INSECURE_URL');
  assert.equal(outcome(() => kassa.rbsAcsRedirectUrl({ baseUrl: 'http://127.0.0.1:9/payment/rest/', orderId: '1', allowInsecureLocalhost: true })), 'ok');
  assert.equal(outcome(cashier({ domain: `${'a'.repeat(300)}.example` })), 'INVALID_DOMAIN');
  // A form URL (not a base URL) keeps the 16 KiB limit.
  assert.equal(outcome(() => kassa.rbs3dsMethodForm({ threeDSMethodURL: long, threeDSMethodData: 'x' })), 'ok');
});
