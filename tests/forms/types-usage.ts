// Type-checked by tests/types/check.mjs (tsc --noEmit, strict) against the installed package: the
// payment-redirect builders and PaymentForm (issue 6). Each `@ts-expect-error` proves a type is precise.
import {
  cashierPaymentForm, rbs3dsForm, rbs3ds2ChallengeForm, rbs3dsMethodForm, rbsAcsRedirectUrl, PaymentForm,
  type CashierPaymentFormOptions, type PaymentFormHtmlOptions, type PaymentFormFields,
} from '../../pkg/kassa.js';

const cashier: PaymentForm = cashierPaymentForm({ domain: 'example.com', externalOrderId: '42', successUrl: 'https://s.example/ok', fields: [['a', 'б']] });
const viaRecord = cashierPaymentForm({ domain: 'example.com', externalOrderId: '42', fields: { comment: 'заказ' } });
// Any iterable of pairs: a Map, a generator, URLSearchParams (typed iterable with lib dom.iterable,
// which this check leaves out) (issue 11).
const viaMap = cashierPaymentForm({ domain: 'example.com', externalOrderId: '42', fields: new Map([['comment', 'заказ']]) });
function* pairs(): Generator<[string, string]> { yield ['a', 'b']; }
const viaParams = cashierPaymentForm({ domain: 'example.com', externalOrderId: '42', fields: pairs() });
const readonlyPairs: PaymentFormFields = [['a', 'b']] as const;
const enc: 'application/x-www-form-urlencoded' = viaMap.enctype;
const otherDoc: HTMLFormElement = viaParams.toElement(document.implementation.createHTMLDocument(''));
console.log(readonlyPairs, enc, otherDoc);
const post: 'POST' = cashier.method;
const fields: Array<[string, string]> = viaRecord.fields;
const action: string = cashier.action;
const html: string = cashier.toHtml() + cashier.toHtml({ autoSubmit: true, nonce: 'abc', buttonLabel: 'Pay', target: '_top' });
const el: HTMLFormElement = rbs3dsForm({ acsUrl: 'https://acs.example', paReq: 'p', md: 'm', termUrl: 'https://t.example' }).toElement();
rbs3ds2ChallengeForm({ acsUrl: 'https://acs.example', creq: 'c' }).submit();
rbs3dsMethodForm({ threeDSMethodURL: 'https://acs.example/m', threeDSMethodData: 'd' }).submit({ target: 'frame' });
const url: string = rbsAcsRedirectUrl({ environment: 'test', orderId: 'o' }) + rbsAcsRedirectUrl({ baseUrl: 'https://gw.example/payment/rest/', orderId: 'o' });
const opts: CashierPaymentFormOptions = { domain: 'd', externalOrderId: 'e' };
const ho: PaymentFormHtmlOptions = {};
console.log(post, fields, action, html, el, url, opts, ho);

// @ts-expect-error: externalOrderId is required
cashierPaymentForm({ domain: 'example.com' });
// @ts-expect-error: options are named exactly (successURL is a typo)
cashierPaymentForm({ domain: 'example.com', externalOrderId: '1', successURL: 'https://x.example' });
// @ts-expect-error: fields are string pairs
cashierPaymentForm({ domain: 'example.com', externalOrderId: '1', fields: [['a', 1]] });
// @ts-expect-error: environment is 'test' | 'production'
rbsAcsRedirectUrl({ environment: 'prod', orderId: 'o' });
// @ts-expect-error: baseUrl and environment exclude each other
rbsAcsRedirectUrl({ environment: 'test', baseUrl: 'https://gw.example/', orderId: 'o' });
// @ts-expect-error: md is required for 3-D Secure 1
rbs3dsForm({ acsUrl: 'https://acs.example', paReq: 'p', termUrl: 'https://t.example' });
// @ts-expect-error: method is the literal 'POST'
const notGet: 'GET' = cashier.method;
// @ts-expect-error: autoSubmit is a boolean
cashier.toHtml({ autoSubmit: 'yes' });
// @ts-expect-error: a Map of numbers is not fields
cashierPaymentForm({ domain: 'example.com', externalOrderId: '1', fields: new Map([['a', 1]]) });
// @ts-expect-error: toElement takes a Document
cashier.toElement('document');
