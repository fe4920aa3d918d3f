// Test-only keys and signed notifications, made at run time (Node only): RSA keys with the openssl
// CLI in the run's temporary directory, signatures and HMACs with node:crypto — nothing here comes
// from kassa, so every implementation is checked against the same independent data.
import { execFileSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

function rsaKey(dir, bits) {
  const priv = path.join(dir, `rsa${bits}.pem`);
  execFileSync('openssl', ['genpkey', '-algorithm', 'RSA', '-pkeyopt', `rsa_keygen_bits:${bits}`, '-out', priv], { stdio: 'ignore' });
  const pub = execFileSync('openssl', ['pkey', '-in', priv, '-pubout']).toString();
  return { privatePem: fs.readFileSync(priv, 'utf8'), publicPem: pub };
}

/** Canonical string of the RBS callback algorithm (independent copy for making fixtures). */
function canonical(params) {
  return Object.keys(params).filter((n) => n !== 'checksum' && n !== 'sign_alias').sort()
    .map((n) => `${n};${params[n]};`).join('');
}

// A deposited-payment callback with the parameters a configured RBS merchant receives.
const callback = {
  mdOrder: '3ff6962a-7dcc-4283-ab50-a6d7dd3386fe',
  orderNumber: '10747',
  operation: 'deposited',
  status: '1',
  amount: '123456',
  approvedAmount: '123456',
  depositedAmount: '123456',
  currency: '643',
  cardholderName: 'IVAN PETROV',
  panMasked: '411111**1111',
  callbackCreationDate: 'Mon Jan 31 21:46:52 MSK 2022',
  description: 'Оплата заказа 10747',
};

const query = (params) => new URLSearchParams(params).toString();
const tamper = (q) => q.replace('amount=123456', 'amount=123457');

export function makeFixtures(dir) {
  const k2048 = rsaKey(dir, 2048);
  const k4096 = rsaKey(dir, 4096);

  const hmacKey = 'bench-shared-callback-key-0123456789';
  const hmacChecksum = crypto.createHmac('sha256', hmacKey).update(canonical(callback)).digest('hex').toUpperCase();
  const hmacQuery = query({ ...callback, checksum: hmacChecksum });

  const alias = 'bench-2048';
  const rsaParams = { ...callback, sign_alias: alias };
  const rsaChecksum = crypto.sign('sha512', Buffer.from(canonical(rsaParams)), k2048.privatePem).toString('hex').toUpperCase();
  const rsaQuery = query({ ...rsaParams, checksum: rsaChecksum });

  // A Mobile Cashier notification body: the order JSON, exactly as sent (raw bytes are signed).
  const body = JSON.stringify({
    id: 'a6c2e1f0-3b5d-4c7e-9f10-2b3c4d5e6f70', externalOrderId: 'ORD-2026-000123', tspCode: 'bench-shop',
    amount: 150000, currency: 'RUB', status: 'PAID', description: 'Заказ №123: книги',
    createdAt: '2026-11-22T18:00:00Z', updatedAt: '2026-11-22T18:01:30Z',
    card: { pan: '411111******1111', paymentSystem: 'VISA' }, metadata: { customer: 'c-981', channel: 'web' },
  });
  const sign = crypto.sign('sha1', Buffer.from(body), k4096.privatePem).toString('base64');

  const signParams = { ...callback };
  const signChecksum = crypto.sign('sha256', Buffer.from(canonical(signParams)), k2048.privatePem).toString('hex').toUpperCase();

  return {
    hmac: { key: hmacKey, valid: hmacQuery, tampered: tamper(hmacQuery) },
    rbsRsa: { ...k2048, alias, valid: rsaQuery, tampered: tamper(rsaQuery) },
    cashier: { ...k4096, body, sign, tamperedBody: body.replace('150000', '150001') },
    sign: { privatePem: k2048.privatePem, params: signParams, checksum: signChecksum },
  };
}
