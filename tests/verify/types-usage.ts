// Compiled with `tsc --noEmit` against the built package's .d.ts (tests/types/check.mjs): the
// verifiers' types must accept every documented input and reject obvious mistakes (@ts-expect-error).
import {
  RbsCallbackVerifier, CashierWebhookVerifier, KoshelekPostbackVerifier, signRbsCallback, signCashierWebhook,
  CASHIER_PUBLIC_KEY, KassaError,
  type RbsCallback, type RbsCallbackCheck, type CashierNotification, type KoshelekPostback, type KassaErrorCode,
  type CashierOrderStatus, type RbsCallbackOperation,
} from '../../pkg/kassa.js';

const rbs = new RbsCallbackVerifier({ hmacKey: 'k', publicKeys: ['pem', { key: 'pem', alias: 'a', hash: 'sha256' }] });
const cb: RbsCallback = rbs.verify('?mdOrder=1');
const op: RbsCallbackOperation | undefined = cb.operation;
const paid: boolean = cb.isPaymentSuccess;
const amount: number | undefined = cb.amount;
const md: string | undefined = cb.params['mdOrder'];
const dedupe: string = cb.dedupeKey;
rbs.verify(new URLSearchParams('a=1'));
rbs.verify(new URL('https://shop.example/cb?a=1'));
rbs.verify({ mdOrder: '1', status: 1, enabled: true });
rbs.verify([['a', '1']]);
const c: RbsCallbackCheck = rbs.check('a=1');
if (c.valid) {
  const ok: RbsCallback = c.callback;
  const canonical: string = c.canonical;
} else {
  const code: KassaErrorCode = c.code;
  const reason: string = c.reason;
}
const canonical: string = rbs.canonicalString('a=1');

async function handlers(req: Request): Promise<void> {
  const a: RbsCallback = await rbs.verifyAsync('a=1');
  const b: RbsCallback = await rbs.verifyRequest(req);
  const cashier = new CashierWebhookVerifier({ publicKey: CASHIER_PUBLIC_KEY });
  const n: CashierNotification = await cashier.verifyRequest(req);
  const status: CashierOrderStatus | string | undefined = n.status;
  const flags: boolean[] = [n.isFinal, n.isPaid, n.isKnownStatus];
  const id: number | string | undefined = n.order.id;
  const n2: CashierNotification = cashier.verify(new Uint8Array(await req.arrayBuffer()), req.headers.get('payment-sign'));
  const n3: CashierNotification = await cashier.verifyAsync(await req.text(), req.headers.get('payment-sign'));
  const checked = cashier.check('{}', null);
  if (checked.valid) checked.notification.dedupeKey.toUpperCase();
  else checked.code.toLowerCase();
  const koshelek = new KoshelekPostbackVerifier({ login: 'l', password: 'p' });
  const p: KoshelekPostback = koshelek.verify(req.headers.get('authorization'), await req.arrayBuffer());
  const p2: KoshelekPostback = await koshelek.verifyRequest(req);
  const kc = koshelek.check(null, '{}');
  if (!kc.valid && kc.code === 'UNAUTHORIZED') return;
  try {
    rbs.verify('a=1');
  } catch (err) {
    if (err instanceof KassaError && err.code === 'SIGNATURE_MISMATCH') return;
  }
}
new CashierWebhookVerifier();
new CashierWebhookVerifier({ maxPayloadBytes: 64 * 1024 });
new KoshelekPostbackVerifier({ login: 'l', password: 'p', maxPayloadBytes: 4096 });
new RbsCallbackVerifier({ hmacKey: 'k', maxPayloadBytes: 1 << 20, maxParameters: 64, allowSemicolons: true });
rbs.verify({ mdOrder: '1', big: 10n, none: null });
const q1: string = signRbsCallback({ mdOrder: '1' }, { hmacKey: 'k' });
const q2: string = signRbsCallback(new URLSearchParams('a=1'), { privateKey: 'pem', hash: 'sha512', alias: 'k1' });
const sig: string = signCashierWebhook('{}', 'pem');

// @ts-expect-error the hash must be sha512, sha256 or sha1
new RbsCallbackVerifier({ publicKeys: [{ key: 'x', hash: 'md5' }] });
// @ts-expect-error the Koshelek verifier needs its credentials
new KoshelekPostbackVerifier();
// @ts-expect-error a number is not a body
new CashierWebhookVerifier().verify(42, 'sig');
// @ts-expect-error allowSemicolons is a boolean
new RbsCallbackVerifier({ hmacKey: 'k', allowSemicolons: 'yes' });
// @ts-expect-error maxPayloadBytes is a number
new CashierWebhookVerifier({ maxPayloadBytes: '1MB' });
// @ts-expect-error nested objects are not callback parameters
rbs.verify({ a: { b: 1 } });
// @ts-expect-error check() results are not callbacks
const wrong: RbsCallback = rbs.check('a=1');
// @ts-expect-error a signing key is { hmacKey } or { privateKey }
signRbsCallback({ a: '1' }, { secret: 'k' });
