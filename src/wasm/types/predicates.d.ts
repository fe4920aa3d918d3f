// Status predicates (src/wasm/predicates.rs), merged into pkg/kassa.d.ts by scripts/build-pkg.mjs.

/** Whether a Mobile Cashier order status means paid: `CHARGED`, `IPS_ACCEPTED` (or `SBP_ACCEPTED`)
 * or, for payouts, `PAID`. `AUTHORIZED` is a hold, not paid. Unknown names are not paid. */
export function cashierOrderStatusIsPaid(status: CashierOrderStatus | (string & {})): boolean;
/** The Final flag of the Mobile Cashier reference's status table (unknown names: false). */
export function cashierOrderStatusIsFinal(status: CashierOrderStatus | (string & {})): boolean;
/** Whether a Mobile Cashier order ended without money: `DECLINED`, `EXPIRED` or `VOIDED`. */
export function cashierOrderStatusIsDeclined(status: CashierOrderStatus | (string & {})): boolean;
/** Whether a Koshelek Pay transaction status is final (not a pending word such as `NEW`,
 * `PENDING`, `PROCESSING`), as `waitForFinalStatus` decides. */
export function koshelekStatusIsFinal(status: string): boolean;
