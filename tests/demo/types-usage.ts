// Types of what the demo and the debugger use (checked by tests/types/check.mjs).
import {
  RbsCallbackVerifier, CashierWebhookVerifier, cashierOrderStatusIsPaid, cashierOrderStatusIsFinal,
  cashierOrderStatusIsDeclined, koshelekStatusIsFinal, type CheckHint, type CheckHintCode,
} from '../../pkg/kassa.js';

const paid: boolean = cashierOrderStatusIsPaid('CHARGED') && cashierOrderStatusIsFinal('NEW_THING') && cashierOrderStatusIsDeclined('VOIDED');
const final: boolean = koshelekStatusIsFinal('PAID');
// @ts-expect-error a status is a string
cashierOrderStatusIsPaid(2);

const r = new RbsCallbackVerifier({ hmacKey: 'k' }).check('a=1');
if (!r.valid) {
  const hints: CheckHint[] = r.hints ?? [];
  const codes: CheckHintCode[] = hints.map((h) => h.code);
  const named: (string | undefined)[] = hints.map((h) => h.parameter);
  const pairs: Array<[string, string]> = r.parameters ?? [];
  // @ts-expect-error hint codes are a closed union
  const wrong: CheckHintCode = 'SOMETHING_ELSE';
  void codes; void named; void pairs; void wrong;
}
const c = new CashierWebhookVerifier().check('{}', 'x');
if (!c.valid) {
  const messages: string[] = (c.hints ?? []).map((h) => h.message);
  void messages;
}
void paid; void final;
