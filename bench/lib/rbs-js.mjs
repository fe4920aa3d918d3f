// The RBS callback and Mobile Cashier webhook algorithms written in plain JavaScript, as a user who
// does not use kassa would write them: the comparison implementations share this parsing code and
// differ only in their crypto backend. Web-standard APIs only (URLSearchParams, TextEncoder, atob).

/** Parses a callback (query string with or without `?`, or a full URL) into its parameters. */
export function parseCallback(input) {
  const q = input.indexOf('?');
  const query = q >= 0 ? input.slice(q + 1) : input;
  const params = new Map();
  for (const [name, value] of new URLSearchParams(query)) {
    if (params.has(name)) throw new Error(`duplicate parameter ${name}`);
    params.set(name, value);
  }
  const checksum = params.get('checksum');
  if (!checksum) throw new Error('missing checksum');
  return { params, checksum, alias: params.get('sign_alias') };
}

/** `name;value;` for every parameter except checksum and sign_alias, sorted by name. */
export function canonicalString(params) {
  const names = [...params.keys()].filter((n) => n !== 'checksum' && n !== 'sign_alias').sort();
  let s = '';
  for (const n of names) s += `${n};${params.get(n)};`;
  return s;
}

/** Hex (either case) to bytes; null when malformed. */
export function hexToBytes(hex) {
  if (hex.length % 2) return null;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) {
    const b = parseInt(hex.substr(i * 2, 2), 16);
    if (Number.isNaN(b)) return null;
    out[i] = b;
  }
  return out;
}

export function bytesToHex(bytes) {
  let s = '';
  for (const b of bytes) s += (b < 16 ? '0' : '') + b.toString(16);
  return s;
}

export function base64ToBytes(b64) {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function bytesToBase64(bytes) {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

/** Constant-time equality of two byte arrays of the same length. */
export function ctEqual(a, b) {
  if (!a || !b || a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i] ^ b[i];
  return d === 0;
}

/** The SPKI DER bytes of a `PUBLIC KEY` PEM (for WebCrypto's importKey). */
export function pemToDer(pem) {
  return base64ToBytes(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''));
}
