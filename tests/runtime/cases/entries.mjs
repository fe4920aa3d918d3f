// Runtime-matrix cases for the package's entries (issue 14): `kassa/verify`, `kassa/forms`,
// `kassa/client` and `kassa/testing` each load beside the root in the same runtime, export exactly
// their share of the API, and throw the one KassaError: an error thrown by any entry is `instanceof`
// the KassaError of every entry and of the root. `entries` is `{ verify, forms, client, testing }`,
// the modules the target imported.
import { deepEqual, equal, ok } from './assert.mjs';

/** What each entry exports (sorted). The root exports the union. */
export const SURFACE = {
  verify: ['CASHIER_PUBLIC_KEY', 'CashierWebhookVerifier', 'KassaError', 'KoshelekPostbackVerifier', 'RbsCallbackVerifier',
    'cashierOrderStatusIsDeclined', 'cashierOrderStatusIsFinal', 'cashierOrderStatusIsPaid', 'hmacSha256Hex',
    'koshelekStatusIsFinal', 'sha256Base64', 'version'],
  forms: ['KassaError', 'PaymentForm', 'cashierPaymentForm', 'rbs3ds2ChallengeForm', 'rbs3dsForm', 'rbs3dsMethodForm',
    'rbsAcsRedirectUrl', 'version'],
  client: ['CashierClient', 'KassaError', 'KoshelekClient', 'RbsClient', 'RbsOrderStatus', 'cashierOrderStatusIsDeclined',
    'cashierOrderStatusIsFinal', 'cashierOrderStatusIsPaid', 'koshelekStatusIsFinal', 'rbsOrderStatusIsFinal',
    'rbsOrderStatusIsPaid', 'rbsOrderStatusName', 'version'],
  testing: ['CASHIER_PUBLIC_KEY', 'KassaError', 'signCashierWebhook', 'signRbsCallback', 'version'],
};

/** One throwing call per entry (and the root), each answered by a KassaError with `code`. */
const THROWERS = {
  verify: (m) => [() => new m.RbsCallbackVerifier({}), 'INVALID_ARGUMENT'],
  forms: (m) => [() => m.cashierPaymentForm({}), 'INVALID_ARGUMENT'],
  client: (m) => [() => m.rbsOrderStatusName({}), 'INVALID_ARGUMENT'],
  testing: (m) => [() => m.signCashierWebhook('{}', 'not a key'), 'MALFORMED_KEY'],
  root: (m) => [() => m.hmacSha256Hex(42, 'x'), 'INVALID_ARGUMENT'],
};

function thrown(fn) {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw, nothing was thrown');
}

export default [
  {
    name: 'entries: each of kassa/verify, kassa/forms, kassa/client, kassa/testing exports exactly its share; the root all of them',
    rootOnly: true,
    run(kassa, env, entries) {
      const union = new Set();
      for (const [name, surface] of Object.entries(SURFACE)) {
        deepEqual(Object.keys(entries[name]).filter((k) => k !== 'default').sort(), surface, `kassa/${name} exports`);
        for (const k of surface) union.add(k);
      }
      const rootKeys = new Set(Object.keys(kassa));
      for (const k of union) ok(rootKeys.has(k), `the root exports ${k}`);
      for (const name of Object.keys(SURFACE)) equal(entries[name].version(), env.version, `kassa/${name} version()`);
      ok(!('signRbsCallback' in entries.verify) && !('RbsClient' in entries.forms), 'no entry exports another entry\'s job');
    },
  },
  {
    name: 'entries: an error thrown by any entry is instanceof the KassaError of every entry and of the root',
    rootOnly: true,
    run(kassa, env, entries) {
      const modules = { root: kassa, ...entries };
      for (const [from, make] of Object.entries(THROWERS)) {
        const [fn, code] = make(modules[from]);
        const err = thrown(fn);
        equal(err.code, code, `the error from ${from}`);
        equal(err.name, 'KassaError', `the error from ${from}`);
        ok(err instanceof Error, `the error from ${from} is an Error`);
        for (const [to, m] of Object.entries(modules)) {
          ok(err instanceof m.KassaError, `an error from ${from === 'root' ? 'kassa' : 'kassa/' + from} is instanceof the KassaError of ${to === 'root' ? 'kassa' : 'kassa/' + to}`);
        }
      }
      for (const [to, m] of Object.entries(modules)) {
        ok(!(new Error('x') instanceof m.KassaError), `a plain Error is not a KassaError (${to})`);
        ok(!({ name: 'KassaError', code: 'INVALID_ARGUMENT' } instanceof m.KassaError), `a look-alike object is not a KassaError (${to})`);
        ok(!(null instanceof m.KassaError) && !('KassaError' instanceof m.KassaError), `primitives are not KassaErrors (${to})`);
      }
      // A subclass keeps the ordinary check for itself.
      class Mine extends entries.forms.KassaError {}
      ok(new Mine('INVALID_ARGUMENT', 'm') instanceof entries.verify.KassaError, 'a subclass instance is a KassaError of every entry');
      ok(!(thrown(THROWERS.verify(entries.verify)[0]) instanceof Mine), 'an entry\'s error is not an instance of a user subclass');
    },
  },
];

/** The whole API assembled from the entries only (each name from the entry that owns it). */
export function assemble(entries) {
  return Object.freeze(Object.assign({}, entries.testing, entries.client, entries.forms, entries.verify));
}
