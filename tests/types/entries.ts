// The entries' own declarations (ESM, bundler resolution), type-checked by tests/types/check.mjs.
// Each entry types exactly its share of the API: the `@ts-expect-error` lines prove that another
// entry's export is not there (an entry that typed everything would fail the check).
import { RbsCallbackVerifier, CashierWebhookVerifier, CASHIER_PUBLIC_KEY, cashierOrderStatusIsPaid, hmacSha256Hex,
  KassaError as VerifyError, type RbsCallback, type KassaErrorCode } from 'kassa/verify';
import { cashierPaymentForm, PaymentForm, KassaError as FormsError, version as formsVersion } from 'kassa/forms';
import { RbsClient, RbsOrderStatus, rbsOrderStatusIsPaid, KassaError as ClientError, type RbsRegisterRequest } from 'kassa/client';
import { signRbsCallback, signCashierWebhook, KassaError as TestingError } from 'kassa/testing';
import { KassaError } from 'kassa';
// @ts-expect-error: the signing helpers live only in kassa/testing
import { signRbsCallback as notInVerify } from 'kassa/verify';
// @ts-expect-error: the clients are not in kassa/forms
import { RbsClient as notInForms } from 'kassa/forms';
// @ts-expect-error: the form builders are not in kassa/client
import { cashierPaymentForm as notInClient } from 'kassa/client';

const verifier = new RbsCallbackVerifier({ hmacKey: 'k' });
const cb: RbsCallback = verifier.verify('mdOrder=1&checksum=00');
const cashier = new CashierWebhookVerifier({ publicKey: CASHIER_PUBLIC_KEY });
const paid: boolean = cashierOrderStatusIsPaid('CHARGED');
const mac: string = hmacSha256Hex('k', 'm');
const form: PaymentForm = cashierPaymentForm({ domain: 'example.com', externalOrderId: '1', successUrl: 'https://a.example/s', failUrl: 'https://a.example/f' });
const html: string = form.toHtml();
const v: string = formsVersion();
const req: RbsRegisterRequest = { orderNumber: '1', amount: 100, returnUrl: 'https://a.example/r' };
const client = new RbsClient({ baseUrl: 'https://x.example/payment/rest/', userName: 'u', password: 'p' });
const deposited: boolean = rbsOrderStatusIsPaid(RbsOrderStatus.Deposited);
const sig: string = signCashierWebhook('{}', 'pem');
const signed: string = signRbsCallback({ mdOrder: '1' }, { hmacKey: 'k' });

function code(err: unknown): KassaErrorCode | null {
  // Every entry's KassaError is the same class for instanceof (and for the types).
  if (err instanceof VerifyError || err instanceof FormsError || err instanceof ClientError || err instanceof TestingError) return err.code;
  return err instanceof KassaError ? err.code : null;
}
console.log(cb, cashier, paid, mac, html, v, req, client, deposited, sig, signed, code(null), notInVerify, notInForms, notInClient);
