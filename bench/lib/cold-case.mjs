// The first verification of a cold start (portable). Throws unless it succeeds.
export function coldCase(kassa, fx, which) {
  if (which === 'rsa4096') {
    if (typeof kassa.CashierWebhookVerifier !== 'function') throw new Error('CashierWebhookVerifier not in this build');
    const v = new kassa.CashierWebhookVerifier({ publicKey: fx.cashier.publicPem });
    if (!v.verify(fx.cashier.body, fx.cashier.sign)) throw new Error('cold start: verification failed');
    return 'CashierWebhookVerifier.verify';
  }
  if (typeof kassa.RbsCallbackVerifier === 'function') {
    const v = new kassa.RbsCallbackVerifier({ hmacKey: fx.hmac.key });
    if (!v.verify(fx.hmac.valid)) throw new Error('cold start: verification failed');
    return 'RbsCallbackVerifier.verify';
  }
  // Until the verify API is in the package: the HMAC primitive on the canonical string.
  const q = new URLSearchParams(fx.hmac.valid);
  const checksum = q.get('checksum');
  const canonical = [...q.keys()].filter((n) => n !== 'checksum' && n !== 'sign_alias').sort().map((n) => `${n};${q.get(n)};`).join('');
  if (kassa.hmacSha256Hex(fx.hmac.key, canonical) !== checksum) throw new Error('cold start: verification failed');
  return 'hmacSha256Hex';
}
