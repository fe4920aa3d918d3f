// Near-valid inputs, built with the package's own signing helpers and the test keys in
// tests/vectors: a valid RBS callback / webhook body / Authorization header / PEM key / URL / form
// options with one mutation. Also the argument templates of the exports the harness knows; an export
// it does not know still gets fuzzed (every position, generic values), only without near-valid inputs.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { anyValue, stringValue, hostileValue, EDGE_STRINGS, throwingGetters, neverEndingIterable, throwingProxy } from './values.mjs';
import { pickBehaviour, fakeFetch } from './fakes.mjs';

/** Secrets the harness configures: no error message may contain one. */
export const SECRETS = ['Fz-hmac-S3cret-9Q', 'Fz-rbs-Pw-7Xk', 'Fz-cashier-Pw-4Lm', 'Fz-koshelek-Pw-2Hd', 'Fz-rbs-token-8Vb', 'Fz-koshelek-Tk-5Rw'];
const [HMAC, RBS_PW, CASHIER_PW, KOSHELEK_PW, RBS_TOKEN, KOSHELEK_TOKEN] = SECRETS;
const KOSHELEK_LOGIN = 'fz-partner';

const v = (kind, desc, value) => ({ kind, desc, value });
const ok = (desc, value) => ({ kind: 'valid', desc, value });

/** Everything the generators need, built once per worker. */
export function makeContext(kassa, repoRoot) {
  const vec = (f) => fs.readFileSync(path.join(repoRoot, 'tests/vectors', f), 'utf8');
  const ctx = {
    kassa,
    pub: vec('test-key-2048.pub.pem'),
    pkcs1Pub: vec('test-key-2048.pkcs1-pub.pem'),
    cert: vec('test-key-2048.cert.pem'),
    priv: vec('test-key-2048.pkcs8.pem'),
    privPkcs1: vec('test-key-2048.pkcs1.pem'),
    encrypted: vec('test-key-2048.encrypted.pem'),
    ec: vec('test-ec-p256.pub.pem'),
    cashierBody: vec('cashier-webhook-body.json'),
    cashierSig: vec('cashier-webhook-body.sig').trim(),
    requests: [], // every fake-fetch request of the run
  };
  const params = (i) => ({ mdOrder: `ord-${i}`, orderNumber: `F-${i}`, operation: i % 2 ? 'deposited' : 'approved', status: String(i % 2), amount: String(100 * i) });
  ctx.hmacCallbacks = Array.from({ length: 16 }, (_, i) => kassa.signRbsCallback(params(i), { hmacKey: HMAC }));
  // RSA signing in wasm takes milliseconds: a few, once.
  ctx.rsaCallbacks = [
    kassa.signRbsCallback(params(1), { privateKey: ctx.priv }),
    kassa.signRbsCallback(params(2), { privateKey: ctx.priv, hash: 'sha256', alias: 'fz-alias' }),
  ];
  ctx.cashierBodies = [ctx.cashierBody, JSON.stringify({ success: true, order: { id: 7, status: 'DECLINED', paymentAmount: 5 } })];
  ctx.cashierSigs = [ctx.cashierSig, kassa.signCashierWebhook(ctx.cashierBodies[1], ctx.priv)];
  ctx.koshelekAuth = `Basic ${Buffer.from(`${KOSHELEK_LOGIN}:${KOSHELEK_PW}`).toString('base64')}`;
  ctx.koshelekBody = JSON.stringify({ transactionId: 't-1', status: 'PAID', amount: 100 });
  ctx.verifierOptions = {
    rbsHmac: { hmacKey: HMAC },
    rbsRsa: { publicKeys: [ctx.pub, { key: ctx.pub, alias: 'fz-alias', hash: 'sha256' }] },
    cashier: { publicKey: ctx.pub },
    koshelek: { login: KOSHELEK_LOGIN, password: KOSHELEK_PW },
  };
  // Long-lived genuine instances: receivers of method calls (never freed by the fuzz).
  ctx.verifiers = {
    RbsCallbackVerifier: [new kassa.RbsCallbackVerifier(ctx.verifierOptions.rbsHmac), new kassa.RbsCallbackVerifier(ctx.verifierOptions.rbsRsa)],
    CashierWebhookVerifier: [new kassa.CashierWebhookVerifier(ctx.verifierOptions.cashier), new kassa.CashierWebhookVerifier()],
    KoshelekPostbackVerifier: [new kassa.KoshelekPostbackVerifier(ctx.verifierOptions.koshelek)],
  };
  ctx.formOptions = {
    cashierPaymentForm: () => ({ domain: 'cashier.fuzz.example', externalOrderId: 'ext-1', successUrl: 'https://shop.example/ok', failUrl: 'https://shop.example/fail', fields: [['comment', 'Заказ №1']] }),
    rbs3dsForm: () => ({ acsUrl: 'https://acs.fuzz.example/3ds', paReq: 'eJzVWNmO', md: 'ord-1', termUrl: 'https://rbs.fuzz.example/payment/term' }),
    rbs3ds2ChallengeForm: () => ({ acsUrl: 'https://acs.fuzz.example/3ds2', creq: 'eyJ0aHJlZURT', threeDSSessionData: 'c2Vzcw' }),
    rbs3dsMethodForm: () => ({ threeDSMethodURL: 'https://acs.fuzz.example/method', threeDSMethodData: 'eyJ0aHJlZURTTWV0aG9k' }),
    rbsAcsRedirectUrl: () => ({ baseUrl: 'https://rbs.fuzz.example/payment/rest/', orderId: 'ord-1' }),
  };
  ctx.forms = () => kassa.cashierPaymentForm(ctx.formOptions.cashierPaymentForm());
  ctx.formPool = [ctx.forms(), kassa.rbs3dsForm(ctx.formOptions.rbs3dsForm()), kassa.rbs3ds2ChallengeForm(ctx.formOptions.rbs3ds2ChallengeForm())];
  return ctx;
}

// ---- clients ---------------------------------------------------------------------------------

const CLIENTS = {
  RbsClient: { gateway: 'rbs', host: 'rbs.fuzz.example', options: () => ({ baseUrl: 'https://rbs.fuzz.example/payment/rest/', userName: 'fz-api', password: RBS_PW }) },
  CashierClient: { gateway: 'cashier', host: 'cashier.fuzz.example', options: () => ({ baseUrl: 'https://cashier.fuzz.example/api/', login: 'fz@shop.example', password: CASHIER_PW }) },
  KoshelekClient: { gateway: 'koshelek', host: 'koshelek.fuzz.example', options: () => ({ baseUrl: 'https://koshelek.fuzz.example/fz-partner/', login: 'fz-login', password: KOSHELEK_PW, storeId: '1001', terminalId: 'POS-1', token: KOSHELEK_TOKEN }) },
};

/** A fetch plan: mostly one behaviour, sometimes several (a lost answer, then the status query). */
function fetchPlan(rng) {
  const n = rng.chance(0.7) ? 1 : 1 + rng.int(3);
  return Array.from({ length: n }, () => pickBehaviour(rng));
}

/** Options of a fresh client with its own fake fetch and small timeouts. */
export function clientOptions(ctx, rng, cls) {
  const c = CLIENTS[cls];
  const plan = fetchPlan(rng);
  const o = { ...c.options(), fetch: fakeFetch(c.gateway, plan, c.host, ctx.requests), timeoutMs: rng.pick([5, 20, 50]), maxRetries: rng.pick([0, 0, 1]) };
  if (cls === 'RbsClient' && rng.chance(0.1)) { delete o.userName; delete o.password; o.token = RBS_TOKEN; }
  return { options: o, plan: plan.map(([n]) => n).join('>') };
}

export function isClient(cls) {
  return cls in CLIENTS;
}

// ---- near-valid mutations -------------------------------------------------------------------

function mutateString(rng, s) {
  if (s.length === 0) return { s: 'x', m: 'empty→x' };
  const i = rng.int(s.length);
  switch (rng.int(7)) {
    case 0: return { s: s.slice(0, i) + String.fromCharCode(s.charCodeAt(i) ^ 1) + s.slice(i + 1), m: `flip char ${i}` };
    case 1: return { s: s.slice(0, i) + s.slice(i + 1), m: `delete char ${i}` };
    case 2: { const [k, e] = rng.pick(EDGE_STRINGS); return { s: s.slice(0, i) + e + s.slice(i), m: `insert ${k} at ${i}` }; }
    case 3: return { s: s.slice(0, i), m: `truncate at ${i}` };
    case 4: return { s: s + s, m: 'doubled' };
    case 5: return { s: s.toLowerCase(), m: 'lower-cased' };
    default: return { s: ` ${s}\n`, m: 'whitespace around' };
  }
}

const CALLBACK_MUTATIONS = [
  ['as-is', (q) => q],
  ['as-url', (q) => `https://shop.example/rbs/callback?${q}`],
  ['as-url-object', (q) => new URL(`https://shop.example/cb?${q}`)],
  ['with-question-mark', (q) => `?${q}`],
  ['as-urlsearchparams', (q) => new URLSearchParams(q)],
  ['as-object', (q) => Object.fromEntries(new URLSearchParams(q))],
  ['as-json-body', (q) => JSON.stringify(Object.fromEntries(new URLSearchParams(q)))],
  ['as-pairs', (q) => [...new URLSearchParams(q)]],
  ['as-map', (q) => new Map(new URLSearchParams(q))],
  ['as-generator', (q) => { const p = [...new URLSearchParams(q)]; return { *[Symbol.iterator]() { yield* p; } }; }],
  ['object-number-amount', (q) => ({ ...Object.fromEntries(new URLSearchParams(q)), amount: 100 })],
  ['object-number-status', (q) => ({ ...Object.fromEntries(new URLSearchParams(q)), status: 1 })],
  ['object-bool-null-values', (q) => ({ ...Object.fromEntries(new URLSearchParams(q)), extra: true, other: null, und: undefined })],
  ['object-nested-value', (q) => ({ ...Object.fromEntries(new URLSearchParams(q)), orderNumber: { a: [1] } })],
  ['object-bigint-value', (q) => ({ ...Object.fromEntries(new URLSearchParams(q)), amount: 100n })],
  ['object-NaN-value', (q) => ({ ...Object.fromEntries(new URLSearchParams(q)), amount: NaN })],
  ['object-symbol-value', (q) => ({ ...Object.fromEntries(new URLSearchParams(q)), amount: Symbol('x') })],
  ['object-throwing-getter', (q) => Object.defineProperty(Object.fromEntries(new URLSearchParams(q)), 'checksum', { enumerable: true, get() { throw new Error('fuzz: getter checksum'); } })],
  ['json-number-values', (q) => JSON.stringify({ ...Object.fromEntries(new URLSearchParams(q)), amount: 100, status: 1, ok: true, n: null, deep: { a: [1.5e300] } })],
  ['json-with-bom', (q) => '\uFEFF' + JSON.stringify(Object.fromEntries(new URLSearchParams(q)))],
  ['pairs-with-numbers', (q) => [...new URLSearchParams(q)].map(([k, val], i) => (i === 0 ? [k, 1] : [k, val]))],
  ['pairs-bad-shape', (q) => [...new URLSearchParams(q), ['only-name'], 'str', null]],
  ['pairs-never-ending', () => neverEndingIterable(['a', 'b'])],
  ['checksum-dropped', (q) => q.replace(/(^|&)checksum=[^&]*/, '')],
  ['checksum-lower', (q) => q.replace(/checksum=([^&]*)/, (_, c) => `checksum=${c.toLowerCase()}`)],
  ['checksum-flipped', (q) => q.replace(/checksum=(.)/, (_, c) => `checksum=${c === 'A' ? 'B' : 'A'}`)],
  ['checksum-empty', (q) => q.replace(/checksum=[^&]*/, 'checksum=')],
  ['checksum-huge', (q) => q.replace(/checksum=[^&]*/, `checksum=${'A'.repeat(100_000)}`)],
  ['checksum-non-hex', (q) => q.replace(/checksum=[^&]*/, `checksum=${'Z'.repeat(64)}`)],
  ['checksum-twice', (q) => `${q}&checksum=00`],
  ['param-duplicated', (q) => `${q}&status=1`],
  ['param-added', (q) => `${q}&extra=1`],
  ['param-empty-name', (q) => `${q}&=x`],
  ['param-no-value', (q) => `${q}&flag`],
  ['ampersands', (q) => `&&${q.replaceAll('&', '&&')}&`],
  ['semicolon-in-value', (q) => q.replace(/orderNumber=[^&]*/, 'orderNumber=F-1%3Bstatus%3B1')],
  ['semicolon-raw', (q) => q.replace(/orderNumber=[^&]*/, 'orderNumber=F;1')],
  ['double-encoded', (q) => q.replace(/=([^&]*)/g, (_, x) => `=${encodeURIComponent(x)}`)],
  ['plus-for-space', (q) => q.replace('orderNumber=F-', 'orderNumber=F+')],
  ['percent-broken', (q) => `${q}&x=%E0%A4%A`],
  ['percent-nul', (q) => `${q}&x=%00`],
  ['sign-alias-unknown', (q) => `${q}&sign_alias=nope`],
  ['sign-alias-huge', (q) => `${q}&sign_alias=${'a'.repeat(70_000)}`],
  ['300-params', (q) => q + Array.from({ length: 300 }, (_, i) => `&p${i}=${i}`).join('')],
  ['5000-params', (q) => q + '&a=1'.repeat(5000)],
  ['value-2MB', (q) => `${q}&big=${'v'.repeat(2 << 20)}`],
  ['body-3MB-ampersands', () => 'a&'.repeat(1_500_000)],
  ['body-1MiB+1', (q) => q + '&pad=' + 'x'.repeat((1 << 20) + 1 - q.length - 5)],
  ['mutated-string', null],
];

export function nearCallback(ctx, rng) {
  const rsa = rng.chance(0.15);
  const q = rsa ? rng.pick(ctx.rsaCallbacks) : rng.pick(ctx.hmacCallbacks);
  const [name, f] = rng.pick(CALLBACK_MUTATIONS);
  if (!f) {
    const { s, m } = mutateString(rng, q);
    return v('near-valid-callback:mutated-string', `${rsa ? 'RSA' : 'HMAC'} callback, ${m}`, s);
  }
  return v(`near-valid-callback:${name}`, `${rsa ? 'RSA' : 'HMAC'} callback ${name}`, f(q));
}

const BODY_FORMS = [
  ['string', (s) => s], ['uint8array', (s) => new TextEncoder().encode(s)], ['arraybuffer', (s) => new TextEncoder().encode(s).buffer],
  ['buffer', (s) => Buffer.from(s)], ['dataview', (s) => new DataView(new TextEncoder().encode(s).buffer)],
  ['uint16array', (s) => { const b = new TextEncoder().encode(s); const p = new Uint8Array(b.length + (b.length % 2)); p.set(b); return new Uint16Array(p.buffer); }],
  ['offset-view', (s) => { const b = new TextEncoder().encode(`xxxx${s}yyyy`); return b.subarray(4, b.length - 4); }],
];

const SIG_MUTATIONS = [
  ['as-is', (s) => s], ['plus-as-space', (s) => s.replaceAll('+', ' ')], ['no-padding', (s) => s.replace(/=+$/, '')],
  ['base64url', (s) => s.replaceAll('+', '-').replaceAll('/', '_')], ['truncated', (s) => s.slice(0, 40)],
  ['empty', () => ''], ['null', () => null], ['undefined', () => undefined], ['huge', (s) => s.repeat(2000)],
  ['prefixed', (s) => `sha1=${s}`], ['whitespace', (s) => ` ${s}\n`], ['flipped', (s) => (s[0] === 'A' ? 'B' : 'A') + s.slice(1)],
  ['non-base64', () => '!!!!'], ['number', () => 42], ['array', (s) => [s]],
];
const WEBHOOK_BODY_MUTATIONS = [
  ['as-is', (b) => b], ['reserialised', (b) => JSON.stringify(JSON.parse(b), null, 2)], ['trailing-newline', (b) => `${b}\n`],
  ['crlf', (b) => b.replaceAll('\n', '\r\n') + '\r\n'], ['bom', (b) => `\uFEFF${b}`], ['flipped-byte', (b) => b.replace('1', '2')],
  ['not-json', () => 'order=1'], ['json-array', () => '[1,2]'], ['json-deep', () => '['.repeat(50_000)],
  ['empty', () => ''], ['huge-2MB', (b) => b + ' '.repeat(2 << 20)], ['body-1MiB+1', () => '{"a":"' + 'x'.repeat(1 << 20) + '"}'],
  ['lone-surrogate', () => '{"order":{"id":"\uD800","status":"PAID"}}'], ['numbers', () => '{"order":{"id":1e400,"status":1}}'],
];

export function nearWebhook(ctx, rng) {
  const i = rng.int(2);
  const [bn, bm] = rng.pick(WEBHOOK_BODY_MUTATIONS);
  const [fn, form] = rng.pick(BODY_FORMS);
  const [sn, sm] = rng.pick(SIG_MUTATIONS);
  const body = form(bm(ctx.cashierBodies[i]));
  return { body: v(`near-valid-webhook-body:${bn}/${fn}`, `webhook body ${bn} as ${fn}`, body), sig: v(`near-valid-payment-sign:${sn}`, `payment-sign ${sn}`, sm(ctx.cashierSigs[i])) };
}

const AUTH_MUTATIONS = [
  ['as-is', (a) => a], ['lower-scheme', (a) => a.replace('Basic', 'basic')], ['bearer', (a) => a.replace('Basic', 'Bearer')],
  ['no-space', (a) => a.replace(' ', '')], ['spaces', (a) => a.replace(' ', '   ') + '  '], ['no-scheme', (a) => a.split(' ')[1]],
  ['wrong-password', () => `Basic ${Buffer.from('fz-partner:wrong').toString('base64')}`], ['no-colon', () => `Basic ${Buffer.from('fz-partner').toString('base64')}`],
  ['non-utf8', () => `Basic ${Buffer.from([0xff, 0xfe, 0x3a, 0xc3]).toString('base64')}`], ['non-base64', () => 'Basic !!!!'],
  ['huge', (a) => a + 'A'.repeat(100_000)], ['empty', () => ''], ['null', () => null], ['number', () => 1],
  ['unicode-creds', () => `Basic ${Buffer.from('логин:пароль😀').toString('base64')}`], ['nul', () => 'Basic\0x'],
];
const POSTBACK_BODY_MUTATIONS = [
  ['as-is', (b) => b], ['not-json', () => 'x=1'], ['array', () => '[]'], ['number-id', () => '{"transactionId":1e400,"status":1}'],
  ['deep', () => '{"a":' + '['.repeat(50_000)], ['bom', (b) => `\uFEFF${b}`], ['duplicate-keys', () => '{"status":"PAID","status":"FAILED"}'],
  ['trailing-comma', () => '{"status":"PAID",}'], ['empty', () => ''], ['huge', (b) => b + ' '.repeat(2 << 20)], ['null', () => 'null'],
];

export function nearPostback(ctx, rng) {
  const [an, am] = rng.pick(AUTH_MUTATIONS);
  const [bn, bm] = rng.pick(POSTBACK_BODY_MUTATIONS);
  const [fn, form] = rng.pick(BODY_FORMS);
  return { auth: v(`near-valid-authorization:${an}`, `Authorization ${an}`, am(ctx.koshelekAuth)), body: v(`near-valid-postback-body:${bn}/${fn}`, `postback body ${bn} as ${fn}`, form(bm(ctx.koshelekBody))) };
}

function nearPem(ctx, rng) {
  const pem = rng.pick([ctx.pub, ctx.pkcs1Pub, ctx.cert]);
  const muts = [
    ['as-is', () => pem], ['bare-base64', () => pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '')],
    ['escaped-newlines', () => pem.replaceAll('\n', '\\n')], ['crlf', () => pem.replaceAll('\n', '\r\n')],
    ['line-dropped', () => pem.split('\n').filter((_, i) => i !== 3).join('\n')], ['label-changed', () => pem.replaceAll('PUBLIC KEY', 'PRIVATE KEY')],
    ['end-missing', () => pem.split('-----END')[0]], ['char-flipped', () => pem.replace(/([A-Za-z0-9+/]{20})[A-Za-z]/, '$1!')],
    ['two-blocks', () => pem + pem], ['private-key', () => ctx.priv], ['ec-key', () => ctx.ec], ['encrypted-private', () => ctx.encrypted],
    ['padded-64KiB+1', () => pem + ' '.repeat(65_537)], ['garbage-base64', () => 'A'.repeat(400)],
    ['mutated', () => mutateString(rng, pem).s],
  ];
  const [n, f] = rng.pick(muts);
  return v(`near-valid-pem:${n}`, `PEM ${n}`, f());
}

const URL_EDGES = ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', ' javascript:x', 'java\tscript:x', 'data:text/html,<b>x', 'vbscript:x',
  'http://shop.example/ok', 'https://u:p@shop.example/', 'https://shop.example@evil.example/', 'https:\\\\evil.example/', '//evil.example/',
  'https:evil.example', 'https://exa mple.com/', 'https://shop.example/\n', 'https://0x7f000001/', 'https://017700000001/', 'https://[::1]/',
  'http://localhost/', 'http://127.0.0.1.nip.io/', 'https://shop.example:99999/', 'https://例え.テスト/', 'https://xn--e1afmkfd.xn--p1ai/',
  'file:///etc/passwd', 'https://', '', 'ftp://shop.example/', 'https://shop.example/' + 'a'.repeat(100_000), 'https://shop.example/%00'];

function nearFormOptions(ctx, rng, name) {
  const o = ctx.formOptions[name]();
  const urlKeys = Object.keys(o).filter((k) => /url/i.test(k) && k !== 'allowInsecureLocalhost');
  const r = rng.int(7);
  if (r === 0 && urlKeys.length) { const k = rng.pick(urlKeys); const u = rng.pick(URL_EDGES); o[k] = u; return v(`near-valid-form:url-${k}`, `${k} = ${JSON.stringify(u.slice(0, 50))}`, o); }
  if (r === 1) { const u = rng.pick(URL_EDGES); const k = rng.pick(['successUrl', 'failUrl', 'returnUrl', 'TermUrl', 'termUrl', 'SuccessURL', 'backUrl']); o.fields = [[k, u]]; return v(`near-valid-form:fields-url-${k}`, `fields [[${k}, ${JSON.stringify(u.slice(0, 40))}]]`, o); }
  if (r === 2) { const n = rng.pick([2, 10_000, 100_000]); o.fields = Array.from({ length: n }, (_, i) => [`f${i}`, 'v']); return v(`near-valid-form:fields-${n}`, `${n} fields`, o); }
  if (r === 3) { o.fields = rng.pick([[['a', 'x'], ['a', 'y']], { a: 'x', 10: 'y' }, new Map([['a', 'b']]), neverEndingIterable(['a', 'b']), [['a', 'x'.repeat(2 << 20)]], [['\0', 'x']], [[1, 2]], throwingProxy([])]); return v('near-valid-form:fields-odd', 'odd fields', o); }
  if (r === 4) { const k = rng.pick(Object.keys(o)); const h = anyValue(rng); o[k] = h.value; return v(`near-valid-form:${k}=${h.kind}`, `${k} = ${h.desc}`, o); }
  if (r === 5) { o[rng.pick(['successURL', 'allowInsecureLocalhost', 'unknown', '__proto__', 'constructor'])] = rng.pick([true, 'x', {}]); return v('near-valid-form:extra-option', 'extra option', o); }
  return v('near-valid-form:valid', 'valid form options', o);
}

// ---- templates: the argument lists the harness knows ----------------------------------------

const rbsRequest = () => ({ orderNumber: 'F-1', amount: 100, returnUrl: 'https://shop.example/ok', orderId: 'ord-1', bindingId: 'bind-1', mdOrder: 'ord-1', qrId: 'qr-1', clientId: 'c-1', language: 'ru' });
const cashierBody = () => ({ amount: 100, OrderId: 'ext-1', phone: '79990000000', merchantOrderId: 'F-1', paymentAmount: 100, orderCurrency: 'RUB', tspId: 1 });
const deadline = () => ({ deadline: Date.now() + 30 });

/**
 * `templates[target]` = (ctx, rng) => { args: [{kind, desc, value}], near?: () => {pos, ...value} }.
 * Targets are named `fn`, `new Class`, `Class#method`, `Class#get name`.
 */
export function template(ctx, rng, target) {
  const [cls, member] = target.split('#');
  if (target.startsWith('new ')) return constructorTemplate(ctx, rng, target.slice(4));
  if (!member) return functionTemplate(ctx, rng, target);
  if (cls === 'RbsCallbackVerifier') {
    if (member === 'verifyRequest') return { args: [ok('GET Request', new Request(`https://shop.example/cb?${rng.pick(ctx.hmacCallbacks)}`))], near: () => ({ pos: 0, ...nearRequest(ctx, rng, 'rbs') }) };
    return { args: [ok('HMAC callback', rng.pick(ctx.hmacCallbacks))], near: () => ({ pos: 0, ...nearCallback(ctx, rng) }) };
  }
  if (cls === 'CashierWebhookVerifier') {
    if (member === 'verifyRequest') return { args: [ok('webhook Request', webhookRequest(ctx.cashierBodies[1], ctx.cashierSigs[1]))], near: () => ({ pos: 0, ...nearRequest(ctx, rng, 'cashier') }) };
    return { args: [ok('webhook body', ctx.cashierBodies[1]), ok('payment-sign', ctx.cashierSigs[1])], near: () => { const w = nearWebhook(ctx, rng); return rng.chance(0.5) ? { pos: 0, ...w.body, also: [1, w.sig] } : { pos: 1, ...w.sig, also: [0, w.body] }; } };
  }
  if (cls === 'KoshelekPostbackVerifier') {
    if (member === 'verifyRequest') return { args: [ok('postback Request', postbackRequest(ctx.koshelekAuth, ctx.koshelekBody))], near: () => ({ pos: 0, ...nearRequest(ctx, rng, 'koshelek') }) };
    return { args: [ok('Authorization', ctx.koshelekAuth), ok('postback body', ctx.koshelekBody)], near: () => { const p = nearPostback(ctx, rng); return rng.chance(0.5) ? { pos: 0, ...p.auth, also: [1, p.body] } : { pos: 1, ...p.body, also: [0, p.auth] }; } };
  }
  if (cls === 'PaymentForm') {
    if (member === 'toHtml') return { args: [ok('toHtml options', rng.pick([undefined, { autoSubmit: true, nonce: 'R4nd0mN0nce', buttonLabel: 'Оплатить', target: '_self' }, { target: 'frame1' }]))], near: () => ({ pos: 0, ...nearHtmlOptions(rng) }) };
    if (member === 'submit') return { args: [ok('submit options', { target: '_self' })] };
    if (member === 'toElement') return { args: [ok('no document', undefined)], near: () => ({ pos: 0, ...fakeDocument(rng) }) };
    return { args: [] };
  }
  if (cls === 'RbsClient') {
    if (member === 'waitForFinalStatus') return { args: [ok('orderId', 'ord-1'), ok('deadline', deadline())] };
    if (member === 'acsRedirectUrl') return { args: [ok('orderId', 'ord-1')] };
    return { args: [ok('request', rbsRequest())], near: () => ({ pos: 0, ...nearRequestObject(rng, rbsRequest()) }) };
  }
  if (cls === 'CashierClient') {
    if (member === 'waitForFinalStatus') return { args: [ok('id', 1), ok('deadline', deadline())] };
    if (['login', 'banks'].includes(member)) return { args: [] };
    if (member === 'listOrders') return { args: [ok('query', { page: 1, size: 10 })] };
    if (['createOrder', 'authorize', 'charge', 'void'].includes(member)) return { args: [ok('body', cashierBody()), ok('options', { requestId: 'req-1' })], near: () => ({ pos: 0, ...nearRequestObject(rng, cashierBody()) }) };
    if (member === 'paymentFormOrder') return { args: [ok('id', 1), ok('tspCode', 'tsp-1'), ok('options', { requestId: 'req-1' })] };
    if (['getOrder', 'orderStatus'].includes(member)) return { args: [ok('id', 1)] };
    if (member === 'qrcData') return { args: [ok('id', 1), ok('options', { requestId: 'req-1' })] };
    return { args: [ok('id', 1), ok('body', cashierBody()), ok('options', { requestId: 'req-1' })] };
  }
  if (cls === 'KoshelekClient') {
    if (member === 'waitForFinalStatus') return { args: [ok('transactionId', 't-1'), ok('deadline', deadline())] };
    const req = koshelekRequests()[member];
    if (req) {
      const args = [ok('request', req)];
      if (member === 'availabilityInfo') args.push(ok('options', deadline()));
      return { args, near: () => ({ pos: 0, ...nearRequestObject(rng, req) }) };
    }
    if (member === 'request') return { args: [ok('method', 'POST'), ok('path', 'checkout'), ok('body', { amount: 100, orderId: 'F-1' })], near: () => ({ pos: rng.int(3), ...rng.pick([v('near-valid:method', 'method get', 'get'), v('near-valid:path-traversal', 'path ../../x', '../../admin'), v('near-valid:path-absolute', 'absolute path', 'https://evil.example/x'), v('near-valid:path-query', 'path with query', 'x?storeId=2'), v('near-valid:amount-float', 'amount 1.5', { amount: 1.5 })]) }) };
  }
  return { args: [] };
}

function nearRequest(ctx, rng, gateway) {
  const r = rng.int(6);
  if (gateway === 'rbs') {
    const q = rng.pick(ctx.hmacCallbacks);
    if (r === 0) return v('near-valid-request:post-form', 'POST form Request', new Request('https://shop.example/cb', { method: 'POST', body: q, headers: { 'content-type': 'application/x-www-form-urlencoded' } }));
    if (r === 1) return v('near-valid-request:post-json', 'POST JSON Request', new Request('https://shop.example/cb', { method: 'POST', body: JSON.stringify(Object.fromEntries(new URLSearchParams(q))), headers: { 'content-type': 'application/json' } }));
    if (r === 2) return v('near-valid-request:body-used', 'Request whose body was read', (() => { const x = new Request('https://shop.example/cb', { method: 'POST', body: q }); x.text(); return x; })());
  }
  if (gateway === 'cashier' && r < 3) {
    const w = nearWebhook(ctx, rng);
    const body = typeof w.body.value === 'string' || w.body.value instanceof Uint8Array ? w.body.value : 'x';
    const sig = typeof w.sig.value === 'string' ? w.sig.value.replace(/[\r\n\0]/g, '') : undefined;
    try { return v(`near-valid-request:${w.body.kind}`, `webhook Request ${w.body.desc}, ${w.sig.desc}`, webhookRequest(body, sig)); } catch { /* header the Request refuses */ }
  }
  if (gateway === 'koshelek' && r < 3) {
    const p = nearPostback(ctx, rng);
    const auth = typeof p.auth.value === 'string' ? p.auth.value.replace(/[\r\n\0]/g, '') : undefined;
    const body = typeof p.body.value === 'string' || p.body.value instanceof Uint8Array ? p.body.value : 'x';
    try { return v(`near-valid-request:${p.auth.kind}`, `postback Request ${p.auth.desc}, ${p.body.desc}`, postbackRequest(auth, body)); } catch { /* refused header */ }
  }
  if (r === 3) return v('near-valid-request:huge-body-stream', 'Request with a 3 MB streamed body', new Request('https://shop.example/cb', { method: 'POST', body: 'a&'.repeat(1_500_000) }));
  if (r === 4) return v('near-valid-request:erroring-stream', 'Request whose body stream errors', new Request('https://shop.example/cb', { method: 'POST', duplex: 'half', body: new ReadableStream({ pull(c) { c.error(new Error('fuzz: stream')); } }) }));
  return v('near-valid-request:request-like', 'Request-like object with throwing members', throwingGetters(['url', 'method', 'headers', 'clone', 'text', 'arrayBuffer', 'body']));
}

function webhookRequest(body, sig) {
  return new Request('https://shop.example/cashier', { method: 'POST', body, headers: sig == null ? {} : { 'payment-sign': sig, 'content-type': 'application/json' } });
}
function postbackRequest(auth, body) {
  return new Request('https://shop.example/koshelek', { method: 'POST', body, headers: auth == null ? {} : { authorization: auth, 'content-type': 'application/json' } });
}

/** A valid request of each typed KoshelekClient method (the shapes of client-koshelek.d.ts). */
function koshelekRequests() {
  const item = { name: 'Чай', price: 10000, quantity: 1, totalAmount: 10000 };
  const invoice = { orderId: 'F-1', totalAmount: 10000, currency: 'RUB', items: [item] };
  const user = { loyaltyId: 'L-1' };
  return {
    availabilityInfo: { cardSession: 'CS-1', checkoutInvoice: invoice, user },
    checkout: { cardSession: 'CS-1', checkoutInvoice: invoice, user, paymentMethods: [{ type: 'SBP' }], requestId: 'req-1' },
    transactionStatus: { transactionId: 't-1' },
    receipt: { transactionId: 't-1', invoice: { orderId: 'F-1', receiptId: 'r-1', merchantName: 'Shop', merchantAddress: 'Moscow', inn: '7700000000', dateTime: '2026-12-01T10:00:00+03:00', shift: '1', cashier: 'Anna' } },
    cancel: { transactionId: 't-1', requestId: 'req-2' },
    refund: { transactionId: 't-1', refundAmount: 10000, items: [item], requestId: 'req-3' },
  };
}

function nearRequestObject(rng, base) {
  const k = rng.pick(Object.keys(base));
  const r = rng.int(5);
  if (r === 0) { base.amount = rng.pick([-1, 1.5, NaN, Infinity, 2 ** 53, '100', 1e21, -0, 100n]); return v('near-valid-request:amount', `amount = ${String(base.amount)}`, base); }
  if (r === 1) { base.returnUrl = rng.pick(URL_EDGES); return v('near-valid-request:returnUrl', `returnUrl = ${base.returnUrl.slice(0, 40)}`, base); }
  if (r === 2) { base.jsonParams = rng.pick([{ a: { b: [1] } }, 'x', [1], { toJSON() { throw new Error('fuzz: toJSON'); } }]); return v('near-valid-request:jsonParams', 'jsonParams odd', base); }
  const h = anyValue(rng, [k]);
  base[k] = h.value;
  return v(`near-valid-request:${k}=${h.kind}`, `${k} = ${h.desc}`, base);
}

function nearHtmlOptions(rng) {
  const o = rng.pick([{ autoSubmit: true }, { autoSubmit: true, nonce: '"><script>' }, { nonce: 'a'.repeat(100_000) }, { buttonLabel: '<img src=x onerror=alert(1)>' },
    { target: 'javascript:x' }, { target: '_blank"' }, { autoSubmit: 'yes', nonce: 1 }, { buttonLabel: '\uD800' }, throwingGetters(['autoSubmit', 'nonce'])]);
  return v('near-valid-html-options', 'odd toHtml options', o);
}

function fakeDocument(rng) {
  const d = rng.pick([throwingGetters(['createElement', 'body', 'documentElement']), { createElement: () => ({}) }, { createElement: () => { throw new Error('fuzz: createElement'); } }, throwingProxy({})]);
  return v('fake-document', 'fake document', d);
}

function constructorTemplate(ctx, rng, cls) {
  if (isClient(cls)) {
    const { options, plan } = clientOptions(ctx, rng, cls);
    return { args: [ok(`options (fetch ${plan})`, options)], near: () => ({ pos: 0, ...nearClientOptions(rng, options) }) };
  }
  if (cls === 'RbsCallbackVerifier') {
    return { args: [ok('hmac options', { hmacKey: HMAC })], near: () => {
      const r = rng.int(6);
      if (r === 0) return { pos: 0, ...v('near-valid-verifier:17-keys', '17 public keys', { publicKeys: Array(17).fill(ctx.pub) }) };
      if (r === 1) return { pos: 0, ...v('near-valid-verifier:hmac-huge', '70 KB hmacKey', { hmacKey: 'k'.repeat(70_000) }) };
      if (r === 2) return { pos: 0, ...v('near-valid-verifier:both', 'hmacKey and publicKeys', { hmacKey: HMAC, publicKeys: [ctx.pub] }) };
      if (r === 3) return { pos: 0, ...v('near-valid-verifier:key-option', 'odd key option', { publicKeys: [rng.pick([{ key: ctx.pub, hash: 'md5' }, { key: ctx.pub, alias: '' }, { key: 1 }, { key: ctx.pub, hash: anyValue(rng).value }, {}])] }) };
      const p = nearPem(ctx, rng);
      return { pos: 0, ...p, value: { publicKeys: [p.value] } };
    } };
  }
  if (cls === 'CashierWebhookVerifier') return { args: [ok('options', { publicKey: ctx.pub })], near: () => { const p = nearPem(ctx, rng); return { pos: 0, ...p, value: { publicKey: p.value } }; } };
  if (cls === 'KoshelekPostbackVerifier') return { args: [ok('options', { login: KOSHELEK_LOGIN, password: KOSHELEK_PW })], near: () => ({ pos: 0, ...v('near-valid-verifier:creds', 'odd credentials', rng.pick([{ login: '', password: '' }, { login: 'a:b', password: 'c' }, { login: 'x'.repeat(70_000), password: 'p' }, { login: '\uD800', password: '\0' }])) }) };
  if (cls === 'KassaError') return { args: [ok('code', 'INVALID_ARGUMENT'), ok('message', 'fuzz'), ok('details', { gateway: 'rbs', httpStatus: 200 })] };
  return { args: [] };
}

function nearClientOptions(rng, options) {
  const o = { ...options };
  const r = rng.int(6);
  if (r === 0) { o.baseUrl = rng.pick(URL_EDGES); return v('near-valid-client:baseUrl', `baseUrl ${JSON.stringify(o.baseUrl.slice(0, 40))}`, o); }
  if (r === 1) { o.timeoutMs = rng.pick([0, -1, NaN, Infinity, 1e12, '10', 2 ** 53]); return v('near-valid-client:timeoutMs', `timeoutMs ${String(o.timeoutMs)}`, o); }
  if (r === 2) { o.maxRetries = rng.pick([-1, 1.5, NaN, 1e9, '3', 2 ** 32]); return v('near-valid-client:maxRetries', `maxRetries ${String(o.maxRetries)}`, o); }
  if (r === 3) { o.fetch = hostileValue(rng).value; return v('near-valid-client:fetch', 'hostile fetch option', o); }
  if (r === 4) { o.signer = rng.pick([{ privateKey: 'x' }, { privateKey: 1 }, {}, 'x', throwingGetters(['privateKey'])]); return v('near-valid-client:signer', 'odd signer', o); }
  const k = rng.pick(Object.keys(o));
  const h = anyValue(rng, [k]);
  o[k] = h.value;
  return v(`near-valid-client:${k}=${h.kind}`, `${k} = ${h.desc}`, o);
}

function functionTemplate(ctx, rng, name) {
  const k = ctx.kassa;
  switch (name) {
    case 'signRbsCallback': return { args: [ok('params', { mdOrder: 'ord-1', orderNumber: 'F-1', operation: 'deposited', status: '1' }), ok('hmac key', { hmacKey: HMAC })],
      near: () => (rng.chance(0.5) ? { pos: 0, ...nearCallback(ctx, rng) } : { pos: 1, ...v('near-valid-signing-key', 'odd signing key', rng.pick([{ hmacKey: '' }, { hmacKey: new Uint8Array(0) }, { privateKey: ctx.pub }, { privateKey: ctx.encrypted }, { privateKey: ctx.encrypted, passphrase: 'wrong' }, { privateKey: ctx.ec }, { privateKey: ctx.priv, hash: 'md5' }, { hmacKey: HMAC, privateKey: ctx.priv }, {}])) }) };
    case 'signCashierWebhook': return { args: [ok('body', ctx.cashierBody), ok('private key', ctx.privPkcs1)],
      near: () => (rng.chance(0.5) ? { pos: 0, ...nearWebhook(ctx, rng).body } : { pos: 1, ...nearPem(ctx, rng) }) };
    case 'hmacSha256Hex': return { args: [ok('key', HMAC), ok('message', 'mdOrder;1;')], near: () => { const s = stringValue(rng); return { pos: rng.int(2), ...s }; } };
    case 'sha256Base64': return { args: [ok('data', 'abc')] };
    case 'rbsOrderStatusName': case 'rbsOrderStatusIsPaid': case 'rbsOrderStatusIsFinal':
      return { args: [ok('status', rng.int(8))], near: () => ({ pos: 0, ...v('near-valid-status', 'odd status', rng.pick([-1, 7, 2.5, 2 ** 31, -(2 ** 31) - 1, '2', NaN, 2n])) }) };
    case 'version': return { args: [] };
    default:
      if (name in ctx.formOptions) return { args: [ok('options', ctx.formOptions[name]())], near: () => ({ pos: 0, ...nearFormOptions(ctx, rng, name) }) };
      void k;
      return { args: [] };
  }
}
