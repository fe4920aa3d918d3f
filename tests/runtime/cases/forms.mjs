// Runtime-matrix cases for the payment redirects (issue 6): the form builders, toHtml and the
// errors, in every runtime; toElement only where a `document` exists (elsewhere it must throw
// UNSUPPORTED_RUNTIME). Expected HTML is tests/fixtures/forms/cashier_basic.html and
// rbs_3ds1_autosubmit.html (hand-written; see the README beside them).
import { deepEqual, equal, ok, throwsKassa } from './assert.mjs';

const CASHIER_BASIC_HTML =
  '<form action="https://payment.example.com/ord-42" method="POST" enctype="application/x-www-form-urlencoded" accept-charset="UTF-8">\n' +
  '<input type="hidden" name="successUrl" value="https://shop.example/ord-42/success">\n' +
  '<input type="hidden" name="failUrl" value="https://shop.example/ord-42/fail">\n' +
  '<button type="submit">Continue</button>\n' +
  '</form>\n';

// paymentorder.do's 3-D Secure 1 sample answer (rbs-payment-gateway-api.txt).
const THREE_DS = {
  acsUrl: 'https://theacsserver.com/acs/auth/start.do',
  paReq: 'eJxVUu9vgjAQ/...4BaHYvAI=',
  md: '01491d0b-c848-7dd6-a20d-e96900a7d8c0',
  termUrl: 'https://vtb.rbsuat.com/payment/rest/finish3ds.do?lang=en',
};

export default [
  {
    name: 'forms: cashierPaymentForm action, method, enctype, fields in order; toHtml matches the fixture',
    run(kassa) {
      const form = kassa.cashierPaymentForm({
        domain: 'example.com', externalOrderId: 'ord-42',
        successUrl: 'https://shop.example/ord-42/success', failUrl: 'https://shop.example/ord-42/fail',
      });
      ok(form instanceof kassa.PaymentForm, 'a PaymentForm');
      equal(form.action, 'https://payment.example.com/ord-42');
      equal(form.method, 'POST');
      equal(form.enctype, 'application/x-www-form-urlencoded');
      deepEqual(form.fields, [['successUrl', 'https://shop.example/ord-42/success'], ['failUrl', 'https://shop.example/ord-42/fail']]);
      equal(form.toHtml(), CASHIER_BASIC_HTML);
      equal(form.toHtml({}), CASHIER_BASIC_HTML);
      form.fields.push(['x', 'y']);
      equal(form.fields.length, 2, 'fields is a fresh copy');
    },
  },
  {
    name: 'forms: cashier extra fields (pairs and object), Cyrillic and emoji, order id as one segment',
    run(kassa) {
      const pairs = kassa.cashierPaymentForm({
        domain: 'pay.example.ru', externalOrderId: 'заказ/1 ?#',
        fields: [['comment', 'Оплата 💳'], ['b', '2'], ['a', '1']],
      });
      equal(pairs.action, 'https://payment.pay.example.ru/%D0%B7%D0%B0%D0%BA%D0%B0%D0%B7%2F1%20%3F%23');
      deepEqual(pairs.fields, [['comment', 'Оплата 💳'], ['b', '2'], ['a', '1']]);
      const record = kassa.cashierPaymentForm({
        domain: 'example.com', externalOrderId: '1', failUrl: 'https://s.example/f', fields: { z: 'последний', y: '😀' },
      });
      deepEqual(record.fields, [['failUrl', 'https://s.example/f'], ['z', 'последний'], ['y', '😀']]);
      const html = pairs.toHtml({ buttonLabel: '<img src=x onerror=alert(1)>', target: '_blank' });
      ok(html.includes('<button type="submit">&lt;img src=x onerror=alert(1)&gt;</button>'), html);
      ok(html.includes(' target="_blank" rel="noopener"'), html);
      ok(!html.includes('<script'), 'no script without autoSubmit');
    },
  },
  {
    name: 'forms: rbs3dsForm (PaReq, MD, TermUrl) and autoSubmit only with a nonce',
    run(kassa) {
      const form = kassa.rbs3dsForm(THREE_DS);
      equal(form.action, THREE_DS.acsUrl);
      deepEqual(form.fields, [['PaReq', THREE_DS.paReq], ['MD', THREE_DS.md], ['TermUrl', THREE_DS.termUrl]]);
      const err = throwsKassa(kassa, () => form.toHtml({ autoSubmit: true }), 'INVALID_ARGUMENT');
      ok(/nonce/.test(err.message), err.message);
      throwsKassa(kassa, () => form.toHtml({ autoSubmit: true, nonce: 'x" onload="y' }), 'INVALID_ARGUMENT');
      const html = form.toHtml({ autoSubmit: true, nonce: 'r4nd0m+N0nce/==' });
      ok(html.includes('<noscript><button type="submit">Continue</button></noscript>\n</form>\n<script nonce="r4nd0m+N0nce/==">'), html);
    },
  },
  {
    name: 'forms: rbs3ds2ChallengeForm and rbs3dsMethodForm fields',
    run(kassa) {
      const challenge = kassa.rbs3ds2ChallengeForm({ acsUrl: 'https://example.com/acs2/acs/creq', creq: 'eyJ0aHJl', threeDSSessionData: 'c2Vzcw' });
      deepEqual(challenge.fields, [['creq', 'eyJ0aHJl'], ['threeDSSessionData', 'c2Vzcw']]);
      deepEqual(kassa.rbs3ds2ChallengeForm({ acsUrl: 'https://example.com/acs2/acs/creq', creq: 'eyJ0aHJl' }).fields, [['creq', 'eyJ0aHJl']]);
      const method = kassa.rbs3dsMethodForm({ threeDSMethodURL: 'https://example.com/acs2/acs/3dsMethod', threeDSMethodData: 'eyJ0aHJlZURT' });
      equal(method.action, 'https://example.com/acs2/acs/3dsMethod');
      deepEqual(method.fields, [['threeDSMethodData', 'eyJ0aHJlZURT']]);
      ok(method.toHtml({ target: 'threeDSMethodFrame' }).includes(' target="threeDSMethodFrame">'));
    },
  },
  {
    name: 'forms: rbsAcsRedirectUrl by environment and baseUrl',
    run(kassa) {
      // The reference's own example ("Redirect to ACS (simplified)").
      equal(kassa.rbsAcsRedirectUrl({ environment: 'test', orderId: '85eb9a84-2a47-7cca-b0ae-662c000016d1' }),
        'https://vtb.rbsuat.com/payment/acsRedirect.do?orderId=85eb9a84-2a47-7cca-b0ae-662c000016d1');
      equal(kassa.rbsAcsRedirectUrl({ environment: 'production', orderId: 'a&b' }),
        'https://platezh.vtb24.ru/payment/acsRedirect.do?orderId=a%26b');
      equal(kassa.rbsAcsRedirectUrl({ baseUrl: 'https://gw.example/payment/rest/', orderId: '1' }),
        'https://gw.example/payment/acsRedirect.do?orderId=1');
      equal(kassa.rbsAcsRedirectUrl({ baseUrl: 'http://127.0.0.1:8080/payment/rest/', orderId: '1', allowInsecureLocalhost: true }),
        'http://127.0.0.1:8080/payment/acsRedirect.do?orderId=1');
      throwsKassa(kassa, () => kassa.rbsAcsRedirectUrl({ orderId: '1' }), 'INVALID_ARGUMENT', 'neither');
      throwsKassa(kassa, () => kassa.rbsAcsRedirectUrl({ environment: 'test', baseUrl: 'https://gw.example/', orderId: '1' }), 'INVALID_ARGUMENT', 'both');
      throwsKassa(kassa, () => kassa.rbsAcsRedirectUrl({ environment: 'prod', orderId: '1' }), 'INVALID_ARGUMENT', 'bad environment');
      throwsKassa(kassa, () => kassa.rbsAcsRedirectUrl({ baseUrl: 'http://gw.example/', orderId: '1' }), 'INSECURE_URL');
    },
  },
  {
    name: 'forms: every bad input is a KassaError with its code',
    run(kassa) {
      const cashier = (o) => () => kassa.cashierPaymentForm({ domain: 'example.com', externalOrderId: '1', ...o });
      for (const domain of ['https://example.com', 'example.com/x', 'example.com:443', 'u@example.com', 'exa mple.com', 'localhost:8080', '']) {
        throwsKassa(kassa, cashier({ domain }), 'INVALID_DOMAIN', `domain ${JSON.stringify(domain)}`);
      }
      throwsKassa(kassa, cashier({ successUrl: 'javascript:alert(1)' }), 'INVALID_URL');
      throwsKassa(kassa, cashier({ successUrl: '/ok' }), 'INVALID_URL');
      throwsKassa(kassa, cashier({ failUrl: 'https://user@shop.example/' }), 'INVALID_URL');
      throwsKassa(kassa, cashier({ failUrl: 'http://shop.example/' }), 'INSECURE_URL');
      throwsKassa(kassa, cashier({ fields: [['a', '1'], ['a', '2']] }), 'DUPLICATE_PARAMETER');
      throwsKassa(kassa, cashier({ externalOrderId: '..' }), 'INVALID_ARGUMENT');
      throwsKassa(kassa, cashier({ successURL: 'https://x.example/' }), 'INVALID_ARGUMENT', 'unknown option');
      throwsKassa(kassa, cashier({ fields: [['a', 1]] }), 'INVALID_ARGUMENT', 'non-string value');
      throwsKassa(kassa, cashier({ allowInsecureLocalhost: 'yes' }), 'INVALID_ARGUMENT', 'non-boolean flag');
      throwsKassa(kassa, () => kassa.cashierPaymentForm({ domain: 'example.com' }), 'INVALID_ARGUMENT', 'missing id');
      throwsKassa(kassa, () => kassa.cashierPaymentForm('example.com'), 'INVALID_ARGUMENT', 'not an object');
      throwsKassa(kassa, () => kassa.rbs3dsForm({ ...THREE_DS, acsUrl: 'data:text/html,x' }), 'INVALID_URL');
      throwsKassa(kassa, () => kassa.rbs3dsForm({ ...THREE_DS, termUrl: 'http://gw.example/' }), 'INSECURE_URL');
      throwsKassa(kassa, () => kassa.rbs3dsForm({ ...THREE_DS, paReq: '' }), 'INVALID_ARGUMENT');
      throwsKassa(kassa, () => kassa.rbs3ds2ChallengeForm({ acsUrl: 'https://a.example@b.example/', creq: 'x' }), 'INVALID_URL');
      throwsKassa(kassa, () => kassa.rbs3dsMethodForm({ threeDSMethodURL: 'http://localhost:1/', threeDSMethodData: 'x' }), 'INSECURE_URL');
      const form = kassa.rbs3dsForm(THREE_DS);
      throwsKassa(kassa, () => form.toHtml({ target: 'a b' }), 'INVALID_ARGUMENT');
      throwsKassa(kassa, () => form.toHtml({ buttonLabel: '' }), 'INVALID_ARGUMENT');
      throwsKassa(kassa, () => form.submit({ target: 'javascript:alert(1)' }), 'INVALID_ARGUMENT');
    },
  },
  {
    name: 'forms: URL fields and script URLs are checked wherever they are given (issue 11)',
    run(kassa) {
      const cashier = (o) => () => kassa.cashierPaymentForm({ domain: 'example.com', externalOrderId: '1', ...o });
      // The reproducer: the named option was checked, the same name in fields was not.
      const err = throwsKassa(kassa, cashier({ fields: [['successUrl', 'javascript:alert(1)']] }), 'INVALID_URL');
      ok(/^form field "successUrl"/.test(err.message), err.message);
      throwsKassa(kassa, cashier({ fields: { TermUrl: 'http://gw.example/' } }), 'INSECURE_URL');
      throwsKassa(kassa, cashier({ fields: new Map([['backUrl', '//evil.example/']]) }), 'INVALID_URL');
      throwsKassa(kassa, cashier({ fields: [['returnUrl', 'https://user:pw@shop.example/']] }), 'INVALID_URL');
      for (const v of ['javascript:alert(1)', ' JAVA\tSCRIPT:x', '%6Aavascript:x', '&#106;avascript:x', 'data:text/html,x', 'vbscript:x']) {
        throwsKassa(kassa, cashier({ fields: [['comment', v]] }), 'INVALID_URL', JSON.stringify(v));
        throwsKassa(kassa, () => kassa.rbs3dsForm({ ...THREE_DS, md: v }), 'INVALID_URL', `md ${JSON.stringify(v)}`);
      }
      const form = kassa.cashierPaymentForm({ domain: 'example.com', externalOrderId: '1', fields: new Map([['comment', 'see https://shop.example/?a=javascript:x'], ['successUrl', 'https://shop.example/ok']]) });
      deepEqual(form.fields, [['comment', 'see https://shop.example/?a=javascript:x'], ['successUrl', 'https://shop.example/ok']]);
      const e2 = throwsKassa(kassa, cashier({ failUrl: 'https://admin:hunter2@shop.example/' }), 'INVALID_URL');
      ok(!/hunter2|admin/.test(e2.message), e2.message);
    },
  },
  {
    name: 'forms: limits (1000 fields, 1 MiB, 16 KiB URLs) and hostile option objects give codes',
    run(kassa) {
      const cashier = (o) => () => kassa.cashierPaymentForm({ domain: 'example.com', externalOrderId: '1', ...o });
      equal(kassa.cashierPaymentForm({ domain: 'example.com', externalOrderId: '1', fields: Array.from({ length: 1000 }, (_, i) => [`f${i}`, 'v']) }).fields.length, 1000);
      throwsKassa(kassa, cashier({ fields: Array.from({ length: 1001 }, (_, i) => [`f${i}`, 'v']) }), 'TOO_MANY_PARAMETERS');
      throwsKassa(kassa, cashier({ fields: { *[Symbol.iterator]() { for (let i = 0; ; i++) yield [`f${i}`, 'v']; } } }), 'TOO_MANY_PARAMETERS', 'endless iterable');
      throwsKassa(kassa, cashier({ fields: [['a', 'x'.repeat(1024 * 1024)]] }), 'PAYLOAD_TOO_LARGE');
      throwsKassa(kassa, cashier({ successUrl: `https://shop.example/${'p'.repeat(16 * 1024)}` }), 'PAYLOAD_TOO_LARGE');
      const boom = () => { throw new Error('hostile'); };
      throwsKassa(kassa, () => kassa.cashierPaymentForm({ get domain() { return boom(); }, externalOrderId: '1' }), 'INVALID_ARGUMENT', 'getter');
      throwsKassa(kassa, () => kassa.rbs3dsForm(new Proxy({}, { ownKeys: boom })), 'INVALID_ARGUMENT', 'ownKeys trap');
      const r = Proxy.revocable({}, {}); r.revoke();
      throwsKassa(kassa, () => kassa.rbs3dsMethodForm(r.proxy), 'INVALID_ARGUMENT', 'revoked Proxy');
      throwsKassa(kassa, cashier({ fields: [['a', Symbol('v')]] }), 'INVALID_ARGUMENT', 'Symbol');
      throwsKassa(kassa, cashier({ fields: [[1n, 'v']] }), 'INVALID_ARGUMENT', 'BigInt');
      throwsKassa(kassa, cashier({ fields: [['a', 'x\ud800']] }), 'INVALID_ARGUMENT', 'lone surrogate');
      const form = kassa.rbs3dsForm(THREE_DS);
      throwsKassa(kassa, () => form.toHtml({ get nonce() { return boom(); } }), 'INVALID_ARGUMENT', 'toHtml getter');
      throwsKassa(kassa, () => form.toElement(5), 'INVALID_ARGUMENT', 'toElement(5)');
      throwsKassa(kassa, () => form.toElement({ createElement: boom }), 'DOM_ERROR', 'hostile document');
      equal(kassa.version().length > 0, true);
    },
  },
  {
    name: 'forms: local emulator addresses need allowInsecureLocalhost',
    run(kassa) {
      const form = kassa.cashierPaymentForm({ domain: 'localhost:8123', externalOrderId: 'abc', allowInsecureLocalhost: true, successUrl: 'http://127.0.0.1:8123/ok' });
      equal(form.action, 'http://payment.localhost:8123/abc');
      const acs = kassa.rbs3dsForm({ ...THREE_DS, acsUrl: 'http://127.0.0.1:8123/acs', allowInsecureLocalhost: true });
      equal(acs.action, 'http://127.0.0.1:8123/acs');
      // Loopback is all of 127.0.0.0/8 (dotted quad), [::1], localhost and *.localhost.
      equal(kassa.rbs3dsForm({ ...THREE_DS, acsUrl: 'http://127.1.2.3:8123/acs', termUrl: 'http://[::1]:9/t', allowInsecureLocalhost: true }).action, 'http://127.1.2.3:8123/acs');
      throwsKassa(kassa, () => kassa.rbs3dsForm({ ...THREE_DS, acsUrl: 'http://127.1:8123/acs', allowInsecureLocalhost: true }), 'INVALID_URL');
      throwsKassa(kassa, () => kassa.rbs3dsForm({ ...THREE_DS, acsUrl: 'http://0.0.0.0:8123/acs', allowInsecureLocalhost: true }), 'INSECURE_URL');
    },
  },
  {
    name: 'forms: toElement builds the form where a document exists, else UNSUPPORTED_RUNTIME',
    run(kassa) {
      const form = kassa.cashierPaymentForm({ domain: 'example.com', externalOrderId: '1', fields: [['x"><b>', 'Оплата 💳']] });
      if (typeof document === 'undefined') {
        throwsKassa(kassa, () => form.toElement(), 'UNSUPPORTED_RUNTIME');
        return;
      }
      const el = form.toElement();
      equal(el.tagName, 'FORM');
      equal(el.getAttribute('action'), 'https://payment.example.com/1');
      equal(el.method, 'post');
      equal(el.enctype, 'application/x-www-form-urlencoded');
      equal(el.isConnected, false);
      deepEqual([...new FormData(el)], [['x"><b>', 'Оплата 💳']]);
      const other = document.implementation.createHTMLDocument('');
      equal(form.toElement(other).ownerDocument, other);
    },
  },
];
