// The debugger's diagnosis (www/diagnose.js: kassa's check() and hints, shown) in Node against the built package, with notifications
// made by node:crypto (independent of kassa) and damaged the ways they get damaged in the field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { diagnoseRbs, diagnoseCashier, diagnoseKoshelek } from '../../www/diagnose.js';
import * as signed from './notifications.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const kassa = await import(path.join(root, 'pkg/node.mjs'));
const skip = typeof kassa.RbsCallbackVerifier === 'function' ? false : 'the package has no verifiers yet';
const KEY = 'демо-ключ 0123';
const rsaPub = fs.readFileSync(path.join(root, 'sandbox/keys/rbs-callback-2048.pub.pem'), 'utf8');
const cashierPub = fs.readFileSync(path.join(root, 'sandbox/keys/cashier-webhook-4096.pub.pem'), 'utf8');
const findings = (out) => out.findings.join('\n');

// The page's own parser (parseParams) is gone: the parameters are kassa's, from check().
test('the parameters table is kassa\'s parse, in the order received; duplicates are kassa\'s error', { skip }, () => {
  const v = new kassa.RbsCallbackVerifier({ hmacKey: KEY });
  assert.deepEqual(v.check('https://x.test/cb?a=1&b=%D0%AF+z&c=2').parameters, [['a', '1'], ['b', 'Я z'], ['c', '2']]);
  assert.deepEqual(diagnoseRbs(kassa, 'https://x.test/cb?a=1&b=%D0%AF+z&c=2', { hmacKey: KEY }).params, [['a', '1'], ['b', 'Я z'], ['c', '2']]);
  assert.deepEqual(v.check('?amount=5').parameters, [['amount', '5']]);
  assert.deepEqual(v.check('{"amount": 5, "status": "1"}').parameters, [['amount', '5'], ['status', '1']]);
  const dup = diagnoseRbs(kassa, 'https://x.test/cb?a=1&b=%D0%AF+z&a=2', { hmacKey: KEY });
  assert.equal(dup.code, 'DUPLICATE_PARAMETER');
  assert.deepEqual(dup.params, []);
});

test('genuine HMAC callback: valid, canonical string and checksums as node:crypto computes them', { skip }, () => {
  const cb = signed.rbsHmac(KEY, { description: 'Заказ 7' });
  for (const input of [cb.url, cb.url.slice(cb.url.indexOf('?')), cb.url.slice(cb.url.indexOf('?') + 1)]) {
    const out = diagnoseRbs(kassa, input, { hmacKey: KEY });
    assert.equal(out.valid, true, input);
    assert.equal(out.canonical, cb.canonical);
    assert.equal(out.expected, cb.checksum);
    assert.deepEqual(out.findings, []);
  }
});

test('a JSON body callback verifies like the query string', { skip }, () => {
  const cb = signed.rbsHmac(KEY);
  const json = JSON.stringify(Object.fromEntries(new URL(cb.url).searchParams));
  const out = diagnoseRbs(kassa, json, { hmacKey: KEY });
  assert.equal(out.valid, true);
  assert.equal(out.canonical, cb.canonical);
});

test('tampered value: mismatch, expected is the HMAC over the tampered parameters', { skip }, () => {
  const cb = signed.rbsHmac(KEY);
  const out = diagnoseRbs(kassa, cb.url.replace('amount=149000', 'amount=149001'), { hmacKey: KEY });
  assert.equal(out.code, 'SIGNATURE_MISMATCH');
  assert.equal(out.expected, signed.hmacHex(KEY, cb.canonical.replace('149000', '149001')));
  assert.match(findings(out), /^Tampered or a different key/);
});

test('lower-case hex: valid, with the note about strict comparisons', { skip }, () => {
  const cb = signed.rbsHmac(KEY);
  const out = diagnoseRbs(kassa, cb.url.replace(cb.checksum, cb.checksum.toLowerCase()), { hmacKey: KEY });
  assert.equal(out.valid, true);
  assert.match(out.notes.join('\n'), /lower-case hex/);
});

test('re-encoded value, added parameter, whitespace in the key, unsorted sender', { skip }, () => {
  const cb = signed.rbsHmac(KEY, { description: 'Заказ №7 · чай' });
  const twice = cb.url.replace(/description=[^&]*/, `description=${encodeURIComponent(encodeURIComponent('Заказ №7 · чай'))}`);
  assert.match(findings(diagnoseRbs(kassa, twice, { hmacKey: KEY })), /Re-encoded: the value of `description`/);
  assert.match(findings(diagnoseRbs(kassa, `${cb.url}&utm_source=mail`, { hmacKey: KEY })), /did not sign: `utm_source`/);
  assert.match(findings(diagnoseRbs(kassa, cb.url, { hmacKey: ` ${KEY}\n` })), /spaces or a line break/);
  const params = { status: '1', amount: '5', mdOrder: 'x' };
  const unsorted = Object.entries(params).map(([k, v]) => `${k};${v};`).join('');
  const url = `?${new URLSearchParams(params)}&checksum=${signed.hmacHex(KEY, unsorted)}`;
  assert.match(findings(diagnoseRbs(kassa, url, { hmacKey: KEY })), /did not sort the parameters/);
});

test('a literal + the sender did not encode', { skip }, () => {
  const params = { amount: '5', description: 'a+b', mdOrder: 'x', status: '1' };
  const url = `?amount=5&description=a+b&mdOrder=x&status=1&checksum=${signed.hmacHex(KEY, signed.canonical(params))}`;
  assert.match(findings(diagnoseRbs(kassa, url, { hmacKey: KEY })), /`\+` was read as a space/);
});

test('RSA: SHA-512 valid; SHA-256 named; a bad key is said in words', { skip }, () => {
  assert.equal(diagnoseRbs(kassa, signed.rbsRsa('sha512').url, { publicKey: rsaPub }).valid, true);
  const out = diagnoseRbs(kassa, signed.rbsRsa('sha256').url, { publicKey: rsaPub });
  assert.equal(out.code, 'SIGNATURE_MISMATCH');
  assert.match(findings(out), /Wrong hash: .*SHA256, not SHA512/);
  const bad = diagnoseRbs(kassa, signed.rbsRsa('sha512').url, { publicKey: 'not a key' });
  assert.equal(bad.valid, false);
  assert.match(bad.reason, /^The key: /);
});

test('missing and duplicate parameters keep kassa\'s codes', { skip }, () => {
  const cb = signed.rbsHmac(KEY);
  assert.equal(diagnoseRbs(kassa, cb.url.replace(/&checksum=.*/, ''), { hmacKey: KEY }).code, 'MISSING_SIGNATURE');
  assert.equal(diagnoseRbs(kassa, `${cb.url}&amount=1`, { hmacKey: KEY }).code, 'DUPLICATE_PARAMETER');
});

test('Mobile Cashier: genuine valid; re-serialised body, CRLF, trailing newline, lost + named', { skip }, () => {
  const wh = signed.cashier();
  assert.equal(diagnoseCashier(kassa, wh.body, wh.sign, cashierPub).valid, true);
  const pretty = diagnoseCashier(kassa, JSON.stringify(JSON.parse(wh.body), null, 2), wh.sign, cashierPub);
  assert.match(findings(pretty), /Re-encoded body: .*re-serialised/);
  assert.match(findings(diagnoseCashier(kassa, `${wh.body}\n`, wh.sign, cashierPub)), /line break was added at its end/);
  assert.match(findings(diagnoseCashier(kassa, wh.body, wh.sign.replace(/\+/g, ' '), cashierPub)), /lost its `\+`/);
  const tampered = diagnoseCashier(kassa, wh.body.replace('CHARGED', 'REFUNDED'), wh.sign, cashierPub);
  assert.equal(tampered.code, 'SIGNATURE_MISMATCH');
  assert.match(findings(tampered), /^Tampered or a different key/);
});

test('Koshelek: genuine valid; which of login and password is wrong', { skip }, () => {
  const body = '{"transactionId":"t","status":"PAID"}';
  assert.equal(diagnoseKoshelek(kassa, signed.basic('shop', 'pw'), body, 'shop', 'pw').valid, true);
  assert.match(findings(diagnoseKoshelek(kassa, signed.basic('shop', 'nope'), body, 'shop', 'pw')), /password .* \(the login matches\)/);
  assert.match(findings(diagnoseKoshelek(kassa, signed.basic('shop ', 'pw'), body, 'shop', 'pw')), /login differs only by spaces/);
  assert.match(findings(diagnoseKoshelek(kassa, 'Bearer x', body, 'shop', 'pw')), /not `Basic/);
});

test('the references\' own callbacks (tests/vectors: RBS HMAC Java, RSA Java certificate, RSA PHP key) are valid', { skip }, () => {
  const vector = (file) => Object.fromEntries(fs.readFileSync(path.join(root, 'tests/vectors', file), 'utf8').split('\n')
    .filter((l) => l && !l.startsWith('#')).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]));
  const keyFile = (v) => fs.readFileSync(path.join(root, 'tests/vectors', v['key-file']), 'utf8').trim();
  const hmac = vector('rbs-hmac-java.txt');
  let out = diagnoseRbs(kassa, hmac.query, { hmacKey: hmac.key });
  assert.equal(out.valid, true);
  assert.equal(out.canonical, hmac.canonical);
  assert.equal(out.expected, hmac.checksum);
  for (const file of ['rbs-rsa-java.txt', 'rbs-rsa-php.txt']) {
    const v = vector(file);
    out = diagnoseRbs(kassa, v.query, { publicKey: keyFile(v) });
    assert.equal(out.valid, true, file);
    assert.equal(out.canonical, v.canonical, file);
  }
});

test('a Mobile Cashier webhook signed with the openssl CLI (tests/vectors) is valid, and re-serialised is named', { skip }, () => {
  const read = (f) => fs.readFileSync(path.join(root, 'tests/vectors', f), 'utf8');
  const body = read('cashier-webhook-body.json');
  const sign = read('cashier-webhook-body.sig').trim();
  const key = read('test-key-2048.pub.pem');
  assert.equal(diagnoseCashier(kassa, body, sign, key).valid, true);
  assert.match(findings(diagnoseCashier(kassa, JSON.stringify(JSON.parse(body), null, 2), sign, key)), /Re-encoded body/);
});
