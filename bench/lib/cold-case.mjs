// The first job of a cold start (portable). Throws unless it succeeds. `which`: 'hmac' (RBS HMAC
// callback), 'rsa4096' (Mobile Cashier webhook), 'forms' (a Mobile Cashier payment form to HTML) or
// 'none' (the `floor` module: nothing to do).
export function coldCase(kassa, fx, which) {
  if (which === 'none') {
    if (!(kassa.bytes > 0)) throw new Error('cold start: the floor module fetched nothing');
    return 'nothing (the harness floor)';
  }
  if (which === 'forms') {
    const html = kassa.cashierPaymentForm({ domain: 'example.com', externalOrderId: 'ord-42',
      successUrl: 'https://shop.example/ord-42/success', failUrl: 'https://shop.example/ord-42/fail' }).toHtml();
    if (!html.startsWith('<form action="https://payment.example.com/ord-42"')) throw new Error('cold start: unexpected form HTML');
    return 'cashierPaymentForm().toHtml';
  }
  if (which === 'rsa4096') {
    if (typeof kassa.CashierWebhookVerifier !== 'function') throw new Error('CashierWebhookVerifier not in this build');
    const v = new kassa.CashierWebhookVerifier({ publicKey: fx.cashier.publicPem });
    if (!v.verify(fx.cashier.body, fx.cashier.sign)) throw new Error('cold start: verification failed');
    return 'CashierWebhookVerifier.verify';
  }
  const v = new kassa.RbsCallbackVerifier({ hmacKey: fx.hmac.key });
  if (!v.verify(fx.hmac.valid)) throw new Error('cold start: verification failed');
  return 'RbsCallbackVerifier.verify';
}

/** Each entry's .wasm in the installed package, by specifier ('reexport': all four entries). */
export const COLD_WASM = {
  kassa: ['kassa_bg.wasm'],
  'kassa/verify': ['verify/kassa_verify_bg.wasm'],
  'kassa/forms': ['forms/kassa_forms_bg.wasm'],
  'kassa/client': ['client/kassa_client_bg.wasm'],
  'kassa/testing': ['testing/kassa_testing_bg.wasm'],
};
COLD_WASM.reexport = ['kassa/verify', 'kassa/forms', 'kassa/client', 'kassa/testing'].flatMap((e) => COLD_WASM[e]);

/**
 * Imports `spec` ('kassa', 'kassa/verify', 'kassa/forms', ...) with literal specifiers (bundler- and
 * Deno-friendly). 'reexport' imports the four entries at once: what a root that re-exported the
 * entries would load instead of its own module.
 */
export async function loadKassa(spec) {
  switch (spec) {
    case 'kassa': return import('kassa');
    case 'kassa/verify': return import('kassa/verify');
    case 'kassa/forms': return import('kassa/forms');
    // Chromium only: a module that fetches kassa/verify's .wasm and compiles nothing (the harness floor).
    case 'floor': return import('../floor.mjs');
    case 'reexport': {
      const [verify, forms, client, testing] = await Promise.all([import('kassa/verify'), import('kassa/forms'), import('kassa/client'), import('kassa/testing')]);
      return { ...testing, ...client, ...forms, ...verify };
    }
    default: throw new Error(`cold start: unknown entry ${spec}`);
  }
}
