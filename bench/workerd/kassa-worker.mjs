// The RBS callback endpoint a merchant deploys on Cloudflare Workers, written with kassa/verify.
// GET /hmac?<callback>  HMAC-SHA256 callbacks        (RbsCallbackVerifier.verify)
// GET /rsa?<callback>   RSA-2048/SHA-512 callbacks   (RbsCallbackVerifier.verify, synchronous)
// GET /rsa-async?...    the same with verifyAsync
// GET /noop?...         answers 200 without verifying (the ceiling of this setup)
// 200 for a genuine notification, 403 otherwise. Keys come from the environment (text bindings).
import * as kassa from 'kassa/verify';
import { parseCallback, canonicalString } from '../lib/rbs-js.mjs';

let hmacVerifier;
let rsaVerifier;

function hmacOk(env, url) {
  if (typeof kassa.RbsCallbackVerifier !== 'function') {
    // Until the verify API is in the package: kassa's HMAC primitive under the JS parser.
    const { params, checksum } = parseCallback(url);
    return kassa.hmacSha256Hex(env.HMAC_KEY, canonicalString(params)) === checksum.toUpperCase();
  }
  hmacVerifier ??= new kassa.RbsCallbackVerifier({ hmacKey: env.HMAC_KEY });
  return !!hmacVerifier.check(url).valid;
}

function rsa(env) {
  rsaVerifier ??= new kassa.RbsCallbackVerifier({ publicKeys: [{ key: env.RSA_PUBLIC_KEY, alias: env.RSA_ALIAS, hash: 'sha512' }] });
  return rsaVerifier;
}

export default {
  async fetch(request, env) {
    const url = request.url;
    const path = new URL(url).pathname;
    let ok = false;
    try {
      if (path === '/noop') return new Response('ok');
      if (path === '/hmac') ok = hmacOk(env, url);
      else if (path === '/rsa') ok = !!rsa(env).check(url).valid;
      else if (path === '/rsa-async') ok = !!(await rsa(env).verifyAsync(url));
      else return new Response('not found', { status: 404 });
    } catch (e) {
      if (!e || e.code !== 'SIGNATURE_MISMATCH') return new Response(`error: ${e && e.message}`, { status: 500 });
    }
    return ok ? new Response('ok') : new Response('forbidden', { status: 403 });
  },
};
