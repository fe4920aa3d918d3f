// The debugger's verdicts, all from kassa: the verifiers' `check()` says whether a notification is
// genuine, gives the canonical string and the parameters as kassa parsed them, and — when the
// check fails — the hints kassa's core found by repairing the notification until it verified
// (re-encoded values, an added parameter, the wrong hash, a re-serialised body, whitespace in the
// key, a mangled signature, which Koshelek credential differs). This file only turns those answers into what the page shows.
// Pure functions of their inputs (kassa is passed in); no DOM, no network.

/** The hints of a failed check as the page's findings (messages in kassa's words). */
const hintMessages = (result) => (result.hints ?? []).map((h) => h.message);

/** The body's members for the parameters table (display only: strings as they are, the rest as JSON). */
function members(json) {
  if (!json || typeof json !== 'object') return [];
  return Object.entries(json).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]);
}

function rbsVerifier(kassa, key) {
  return new kassa.RbsCallbackVerifier(key.hmacKey !== undefined
    ? { hmacKey: key.hmacKey }
    : { publicKeys: [{ key: key.publicKey, hash: key.hash ?? 'sha512' }] });
}

/** What is wrong with an RBS callback; see the page for how each field is shown. */
export function diagnoseRbs(kassa, input, key) {
  const out = { params: [], findings: [], notes: [] };
  let verifier;
  try {
    verifier = rbsVerifier(kassa, key);
  } catch (err) {
    return { ...out, valid: false, code: err.code, reason: `The key: ${err.message}` };
  }
  const result = verifier.check(input);
  Object.assign(out, { valid: result.valid, code: result.code, reason: result.reason, canonical: result.canonical });
  out.params = result.valid ? Object.entries(result.callback.params) : result.parameters ?? [];
  out.received = out.params.find(([n]) => n === 'checksum')?.[1];
  if (key.hmacKey !== undefined && out.canonical !== undefined) out.expected = kassa.hmacSha256Hex(key.hmacKey, out.canonical);
  if (out.valid) {
    if (/[a-f]/.test(out.received ?? '')) {
      out.notes.push('The checksum is lower-case hex. RBS sends upper case. kassa compares hex case-insensitively (in constant time), but a plain `===` against an upper-case HMAC fails: if your own code says "mismatch", that is why.');
    }
    return out;
  }
  out.findings = hintMessages(result);
  if (result.code === 'SIGNATURE_MISMATCH' && !out.findings.length) {
    out.findings.push(key.hmacKey !== undefined
      ? 'Tampered or a different key: the checksum over these parameters with this key is the "expected" one below, and the sender\'s differs. Either a value was changed after signing, or the sender used another key. Compare the canonical string with what the sender signed.'
      : 'Tampered or a different key: the RSA signature does not verify with this public key over this canonical string (only the sender\'s private key can make an expected value). Either a value was changed after signing, or the callback was signed with another key — check `sign_alias` and the certificate the bank gave you.');
  }
  return out;
}

/** What is wrong with a Mobile Cashier webhook (body + payment-sign). */
export function diagnoseCashier(kassa, body, sign, publicKey) {
  const out = { findings: [], notes: [], params: [] };
  let verifier;
  try {
    verifier = new kassa.CashierWebhookVerifier(publicKey ? { publicKey } : {});
  } catch (err) {
    return { ...out, valid: false, code: err.code, reason: `The key: ${err.message}` };
  }
  const result = verifier.check(body, sign);
  Object.assign(out, { valid: result.valid, code: result.code, reason: result.reason, received: sign });
  if (result.valid) {
    out.params = members(result.notification.body);
    return out;
  }
  try { out.params = members(JSON.parse(body)); } catch { /* not JSON: no table */ }
  out.findings = hintMessages(result);
  if (result.code === 'SIGNATURE_MISMATCH' && !out.findings.length) {
    out.findings.push(publicKey
      ? 'Tampered or a different key: the signature does not verify over these exact bytes with this public key. Either the body was changed, or it was signed by another key.'
      : 'Tampered or a different key: the signature does not verify with the key printed in the reference (the default). The emulator and test environments sign with their own key: paste it above.');
  }
  return out;
}

/** What is wrong with a Koshelek Pay postback (Authorization header + body). */
export function diagnoseKoshelek(kassa, authorization, body, login, password) {
  const out = { findings: [], notes: [], params: [] };
  let verifier;
  try {
    verifier = new kassa.KoshelekPostbackVerifier({ login, password });
  } catch (err) {
    return { ...out, valid: false, code: err.code, reason: err.message };
  }
  const result = verifier.check(authorization, body);
  Object.assign(out, { valid: result.valid, code: result.code, reason: result.reason });
  if (result.valid) {
    out.params = members(result.postback.body);
    return out;
  }
  try { out.params = members(JSON.parse(body)); } catch { /* not JSON: no table */ }
  out.findings = hintMessages(result);
  return out;
}
