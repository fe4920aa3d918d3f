// Notifications made with node:crypto, independently of kassa, for the debugger tests: an RBS
// callback signed with HMAC-SHA256 or RSA (the emulator's test key, sandbox/keys/), a Mobile
// Cashier webhook signed with RSA-SHA1 (the emulator's 4096-bit test key), a Basic auth header.
import { createHmac, createSign } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

const keys = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../sandbox/keys');
const BASE = { mdOrder: '3ff6962a-7dcc-4283-ab50-a6d7dd3386fe', orderNumber: '10747', operation: 'deposited', status: '1', amount: '149000' };

export const hmacHex = (key, text) => createHmac('sha256', key).update(text, 'utf8').digest('hex').toUpperCase();

function callback(params, checksum, extra = '') {
  const query = Object.entries(params).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  return `https://shop.example/payments/callback?${query}${extra}&checksum=${checksum}`;
}

/** The reference's canonical string: every parameter sorted by name, each `name;value;`. */
export function canonical(params) {
  return Object.keys(params).sort().map((k) => `${k};${params[k]};`).join('');
}

export function rbsHmac(key, extra = {}) {
  const params = { ...BASE, ...extra };
  const text = canonical(params);
  const checksum = hmacHex(key, text);
  return { url: callback(params, checksum), canonical: text, checksum };
}

export function rbsRsa(hash) {
  const text = canonical(BASE);
  const signer = createSign(hash === 'sha512' ? 'sha512' : 'sha256');
  signer.update(text, 'utf8');
  const checksum = signer.sign(fs.readFileSync(path.join(keys, 'rbs-callback-2048.key.pem'), 'utf8'), 'hex').toUpperCase();
  return { url: callback(BASE, checksum), canonical: text, checksum };
}

/** A webhook body whose signature contains a `+` (tried over a few order ids until one does). */
export function cashier() {
  const key = fs.readFileSync(path.join(keys, 'cashier-webhook-4096.key.pem'), 'utf8');
  for (let id = 1; id < 200; id++) {
    const body = JSON.stringify({ success: true, description: '', order: { id, merchantOrderId: `demo-${id}`, status: 'CHARGED', paymentAmount: 100000, description: 'Заказ' } });
    const sign = createSign('sha1').update(body, 'utf8').sign(key, 'base64');
    if (sign.includes('+')) return { body, sign };
  }
  throw new Error('no signature with a + in 200 tries');
}

export const basic = (login, password) => `Basic ${Buffer.from(`${login}:${password}`, 'utf8').toString('base64')}`;
