// The same RBS callback endpoint written with WebCrypto only (what a merchant writes without kassa).
// GET /hmac?<callback>, GET /rsa?<callback>: 200 for a genuine notification, 403 otherwise.
import { parseCallback, canonicalString, hexToBytes, pemToDer } from '../lib/rbs-js.mjs';

const enc = new TextEncoder();
let hmacKey;
let rsaKey;

async function verify(kind, env, url) {
  const { params, checksum } = parseCallback(url);
  const sig = hexToBytes(checksum);
  if (!sig) return false;
  const data = enc.encode(canonicalString(params));
  if (kind === 'hmac') {
    hmacKey ??= await crypto.subtle.importKey('raw', enc.encode(env.HMAC_KEY), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
    return crypto.subtle.verify('HMAC', hmacKey, sig, data);
  }
  rsaKey ??= await crypto.subtle.importKey('spki', pemToDer(env.RSA_PUBLIC_KEY), { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-512' }, false, ['verify']);
  return crypto.subtle.verify('RSASSA-PKCS1-v1_5', rsaKey, sig, data);
}

export default {
  async fetch(request, env) {
    const url = request.url;
    const path = new URL(url).pathname;
    if (path !== '/hmac' && path !== '/rsa') return new Response('not found', { status: 404 });
    let ok = false;
    try {
      ok = await verify(path.slice(1), env, url);
    } catch {
      ok = false;
    }
    return ok ? new Response('ok') : new Response('forbidden', { status: 403 });
  },
};
