// The debugger's logic: verify with kassa's verifiers (`check`, `canonicalString`), then, when a
// notification does not verify, try the usual ways it gets damaged on its way to the handler and say
// which one turns it valid again. Pure functions of their inputs (kassa is passed in); no DOM, no
// network.

const HASHES = ['sha512', 'sha256', 'sha1'];

/** The parameters as written in `input` (URL, query string, form body or JSON), duplicates kept. */
export function parseParams(input) {
  const text = input.trim();
  if (text.startsWith('{')) {
    try {
      return Object.entries(JSON.parse(text)).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]);
    } catch {
      return [];
    }
  }
  const query = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text.slice(text.indexOf('?') + 1 || text.length) : text.replace(/^\?/, '');
  return query.split('&').filter(Boolean).map((pair) => {
    const [name, value = ''] = pair.split(/=(.*)/s);
    const decode = (s) => { try { return decodeURIComponent(s.replace(/\+/g, ' ')); } catch { return s; } };
    return [decode(name), decode(value)];
  });
}

const toQuery = (pairs) => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');

function rbsVerifier(kassa, key) {
  return new kassa.RbsCallbackVerifier(key.hmacKey !== undefined
    ? { hmacKey: key.hmacKey }
    : { publicKeys: [{ key: key.publicKey, hash: key.hash ?? 'sha512' }] });
}

/** What is wrong with an RBS callback; see the page for how each field is shown. */
export function diagnoseRbs(kassa, input, key) {
  const out = { params: parseParams(input), findings: [], notes: [] };
  let verifier;
  try {
    verifier = rbsVerifier(kassa, key);
  } catch (err) {
    return { ...out, valid: false, code: err.code, reason: `The key: ${err.message}` };
  }
  const result = verifier.check(input);
  Object.assign(out, { valid: result.valid, code: result.code, reason: result.reason });
  try { out.canonical = verifier.canonicalString(input); } catch { /* the reason says why */ }
  out.received = out.params.find(([n]) => n === 'checksum')?.[1];
  if (key.hmacKey !== undefined && out.canonical !== undefined) out.expected = kassa.hmacSha256Hex(key.hmacKey, out.canonical);
  if (out.valid) {
    if (/[a-f]/.test(out.received ?? '')) {
      out.notes.push('The checksum is lower-case hex. RBS sends upper case. kassa compares hex case-insensitively (in constant time), but a plain `===` against an upper-case HMAC fails: if your own code says "mismatch", that is why.');
    }
    return out;
  }
  if (result.code !== 'SIGNATURE_MISMATCH') return out;
  const signed = out.params.filter(([n]) => n !== 'checksum' && n !== 'sign_alias');
  const tail = out.params.filter(([n]) => n === 'checksum' || n === 'sign_alias');
  const validWith = (pairs, v = verifier) => v.check(toQuery([...pairs, ...tail])).valid;

  const twice = signed.filter(([, v]) => /%[0-9a-f]{2}/i.test(v));
  if (twice.length && validWith(signed.map(([n, v]) => [n, twice.some(([t]) => t === n) ? decodeURIComponent(v) : v]))) {
    out.findings.push(`Re-encoded: the value of ${twice.map(([n]) => `\`${n}\``).join(', ')} was percent-encoded twice on the way (it still holds %XX after decoding). Decoded once more, the checksum matches. Hand the verifier the URL or body exactly as received, not a string you encoded again.`);
  }
  const raw = input.trim();
  if (!raw.startsWith('{') && raw.includes('+') && verifier.check(raw.replace(/\+/g, '%2B')).valid) {
    out.findings.push('A `+` was read as a space: the sender signed a literal plus sign but did not percent-encode it (%2B). Ask the sender to encode the value, or pass a parsed object with the plus restored.');
  }
  for (const [name] of signed) {
    if (validWith(signed.filter(([n]) => n !== name))) {
      out.findings.push(`A parameter the sender did not sign: \`${name}\`. Without it the checksum matches, so it was added after signing — by a proxy, by your framework (a route or tracking parameter), or by hand. The reference signs every parameter, so kassa includes it; find out who adds it.`);
    }
  }
  if (key.publicKey !== undefined) {
    for (const hash of HASHES.filter((h) => h !== (key.hash ?? 'sha512'))) {
      let other;
      try { other = rbsVerifier(kassa, { ...key, hash }); } catch { continue; }
      if (other.check(input).valid) out.findings.push(`Wrong hash: the callback was signed with RSA and ${hash.toUpperCase()}, not ${(key.hash ?? 'sha512').toUpperCase()}. Pass \`{ key, hash: '${hash}' }\` in publicKeys.`);
    }
  }
  if (key.hmacKey !== undefined && typeof key.hmacKey === 'string' && key.hmacKey !== key.hmacKey.trim()
      && rbsVerifier(kassa, { hmacKey: key.hmacKey.trim() }).check(input).valid) {
    out.findings.push('The key has spaces or a line break at its start or end (copied from a console or a .env file). Without them the checksum matches.');
  }
  if (key.hmacKey !== undefined && out.received) {
    const unsorted = signed.map(([n, v]) => `${n};${v};`).join('');
    if (kassa.hmacSha256Hex(key.hmacKey, unsorted).toLowerCase() === out.received.toLowerCase()) {
      out.findings.push('The sender did not sort the parameters by name: its checksum is over the parameters in the order they were sent. The reference sorts them ascending by name.');
    }
  }
  if (!out.findings.length) {
    out.findings.push(key.hmacKey !== undefined
      ? 'Tampered or a different key: the checksum over these parameters with this key is the "expected" one below, and the sender\'s differs. Either a value was changed after signing, or the sender used another key. Compare the canonical string with what the sender signed.'
      : 'Tampered or a different key: the RSA signature does not verify with this public key over this canonical string (only the sender\'s private key can make an expected value). Either a value was changed after signing, or the callback was signed with another key — check `sign_alias` and the certificate the bank gave you.');
  }
  return out;
}

/** Variants of a body as it gets changed between the gateway and a handler. */
function bodyVariants(body) {
  const variants = [];
  const add = (text, why) => { if (text !== body && !variants.some((v) => v.text === text)) variants.push({ text, why }); };
  add(body.replace(/\r?\n$/, ''), 'a line break was added at its end');
  add(`${body}\n`, 'its final line break was removed');
  add(body.replace(/\r\n/g, '\n'), 'its line endings were changed from CRLF to LF');
  add(body.replace(/\n/g, '\r\n'), 'its line endings were changed from LF to CRLF');
  try {
    const parsed = JSON.parse(body);
    add(JSON.stringify(parsed), 'it was parsed and re-serialised (JSON.stringify)');
    add(JSON.stringify(parsed, null, 2), 'it was parsed and re-serialised (pretty-printed)');
    add(JSON.stringify(parsed, null, 4), 'it was parsed and re-serialised (pretty-printed)');
  } catch { /* not JSON: only the byte-level variants */ }
  return variants;
}

/** What is wrong with a Mobile Cashier webhook (body + payment-sign). */
export function diagnoseCashier(kassa, body, sign, publicKey) {
  const out = { findings: [], notes: [] };
  let verifier;
  try {
    verifier = new kassa.CashierWebhookVerifier(publicKey ? { publicKey } : {});
  } catch (err) {
    return { ...out, valid: false, code: err.code, reason: `The key: ${err.message}` };
  }
  try { out.params = Object.entries(JSON.parse(body)).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]); } catch { out.params = []; }
  const result = verifier.check(body, sign);
  Object.assign(out, { valid: result.valid, code: result.code, reason: result.reason, received: sign });
  if (result.valid || !['SIGNATURE_MISMATCH', 'MALFORMED_SIGNATURE'].includes(result.code)) return out;
  const repaired = [
    [sign.replace(/ /g, '+'), 'The payment-sign lost its `+` characters (it went through URL or form decoding, which turns + into spaces).'],
    [sign.replace(/\s+/g, ''), 'The payment-sign has spaces or line breaks in it (wrapped when it was copied).'],
    [sign.replace(/-/g, '+').replace(/_/g, '/'), 'The payment-sign is base64url; the gateway sends standard base64 (+ and /).'],
  ];
  for (const [s, why] of repaired) if (s !== sign && verifier.check(body, s).valid) out.findings.push(why);
  if (out.findings.length || result.code !== 'SIGNATURE_MISMATCH') return out;
  for (const v of bodyVariants(body)) {
    if (verifier.check(v.text, sign).valid) {
      out.findings.push(`Re-encoded body: the signature matches a different rendering of this body — ${v.why} after it was signed. Verify the raw request body exactly as received (await request.text() before any JSON parsing).`);
    }
  }
  if (!out.findings.length) {
    out.findings.push(publicKey
      ? 'Tampered or a different key: the signature does not verify over these exact bytes with this public key. Either the body was changed, or it was signed by another key.'
      : 'Tampered or a different key: the signature does not verify with the key printed in the reference (the default). The emulator and test environments sign with their own key: paste it above.');
  }
  return out;
}

/** What is wrong with a Koshelek Pay postback (Authorization header + body). */
export function diagnoseKoshelek(kassa, authorization, body, login, password) {
  const out = { findings: [], notes: [] };
  try { out.params = Object.entries(JSON.parse(body)).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]); } catch { out.params = []; }
  let verifier;
  try {
    verifier = new kassa.KoshelekPostbackVerifier({ login, password });
  } catch (err) {
    return { ...out, valid: false, code: err.code, reason: err.message };
  }
  const result = verifier.check(authorization, body);
  Object.assign(out, { valid: result.valid, code: result.code, reason: result.reason });
  if (result.valid || result.code !== 'UNAUTHORIZED') return out;
  const m = /^\s*basic\s+(\S*)\s*$/i.exec(authorization ?? '');
  if (!m) {
    out.findings.push('The Authorization header is not `Basic <base64 of login:password>`.');
    return out;
  }
  let decoded;
  try {
    decoded = new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(atob(m[1]), (c) => c.charCodeAt(0)));
  } catch {
    out.findings.push('The part after `Basic ` is not valid base64 of UTF-8 text.');
    return out;
  }
  const colon = decoded.indexOf(':');
  if (colon < 0) {
    out.findings.push('The decoded credentials have no `:` between the login and the password.');
    return out;
  }
  const [gotLogin, gotPassword] = [decoded.slice(0, colon), decoded.slice(colon + 1)];
  if (gotLogin !== login) out.findings.push(gotLogin.trim() === login.trim() ? 'The login differs only by spaces at its start or end.' : 'The login in the header is not your partnerLogin.');
  if (gotPassword !== password) out.findings.push(gotPassword.trim() === password.trim() ? 'The password differs only by spaces at its start or end.' : `The password in the header is not your partnerPassword${gotLogin === login ? ' (the login matches)' : ''}.`);
  return out;
}
