// The comparisons, built for one runtime. Each group is one operation done by several
// implementations; every implementation is checked on a genuine and on a tampered input before it is
// timed (a benchmark of a function that fails fast would be worthless).
//
// `kassa` is the npm package as the runtime loaded it; `libs` = { jsrsasign, forge, noble: { hmac,
// sha256 } }; `nodeCrypto` is node:crypto in Node, else null; `fx` comes from fixtures.mjs.
import { parseCallback, canonicalString, hexToBytes, bytesToHex, base64ToBytes, bytesToBase64, ctEqual, pemToDer } from './rbs-js.mjs';

const enc = new TextEncoder();
const subtle = globalThis.crypto.subtle;

/** kassa throws KassaError on a bad signature; the checks want a boolean. */
const kassaBool = (f) => async (...args) => {
  try {
    return !!(await f(...args));
  } catch (e) {
    if (e && e.code === 'SIGNATURE_MISMATCH') return false;
    throw e;
  }
};

/** The package builds to measure: `kassa`, and with `--baseline` also `kassa-baseline` (rows "... (baseline)"). */
const builds = ({ kassa, baseline }) => [[kassa, ''], ...(baseline ? [[baseline, ' (baseline)']] : [])];

function hmacGroup(ctx) {
  const { kassa, libs, nodeCrypto, fx } = ctx;
  const { key, valid, tampered } = fx.hmac;
  const keyBytes = enc.encode(key);
  const impls = [];
  if (typeof kassa.RbsCallbackVerifier === 'function') {
    for (const [k, tag] of builds(ctx)) {
      const v = new k.RbsCallbackVerifier({ hmacKey: key });
      impls.push({ impl: `kassa${tag}`, run: (q) => v.verify(q), check: kassaBool((q) => v.verify(q)) });
      impls.push({ impl: `kassa check${tag}`, run: (q) => v.check(q), check: (q) => v.check(q).valid === true });
    }
  } else {
    // Until the verify API is in the package: kassa's HMAC primitive under the JS parsing code.
    impls.push({
      impl: 'kassa',
      note: 'RbsCallbackVerifier not in this build: kassa.hmacSha256Hex under the JS parser',
      run: (q) => {
        const { params, checksum } = parseCallback(q);
        const mac = kassa.hmacSha256Hex(keyBytes, canonicalString(params));
        return ctEqual(enc.encode(mac), enc.encode(checksum.toUpperCase()));
      },
    });
  }
  if (nodeCrypto) {
    impls.push({
      impl: 'node:crypto',
      run: (q) => {
        const { params, checksum } = parseCallback(q);
        const mac = nodeCrypto.createHmac('sha256', keyBytes).update(canonicalString(params)).digest();
        const given = Buffer.from(checksum, 'hex');
        return given.length === mac.length && nodeCrypto.timingSafeEqual(mac, given);
      },
    });
  }
  let cryptoKey;
  impls.push({
    impl: 'WebCrypto',
    setup: async () => {
      cryptoKey = await subtle.importKey('raw', keyBytes, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
    },
    run: async (q) => {
      const { params, checksum } = parseCallback(q);
      const sig = hexToBytes(checksum);
      return !!sig && subtle.verify('HMAC', cryptoKey, sig, enc.encode(canonicalString(params)));
    },
  });
  const { hmac, sha256 } = libs.noble;
  impls.push({
    impl: '@noble/hashes',
    run: (q) => {
      const { params, checksum } = parseCallback(q);
      return ctEqual(hmac(sha256, keyBytes, enc.encode(canonicalString(params))), hexToBytes(checksum));
    },
  });
  return { id: 'hmac', title: 'RBS callback, HMAC-SHA256 (parse, canonical string, HMAC, compare)', impls, valid, tampered };
}

/** Shared by the RBS RSA-2048/SHA-512 callback and the Mobile Cashier RSA-4096/SHA-1 webhook. */
function rsaGroup(ctx, which) {
  const { libs, nodeCrypto, fx } = ctx;
  const rbs = which === 'rbs';
  const f = rbs ? fx.rbsRsa : fx.cashier;
  const hashName = rbs ? 'sha512' : 'sha1';
  const webHash = rbs ? 'SHA-512' : 'SHA-1';
  // What each JS implementation does before the RSA step: parse and build the signed bytes.
  const prep = rbs
    ? (input) => { const { params, checksum } = parseCallback(input); return { msg: canonicalString(params), sigHex: checksum, result: params }; }
    : (input) => ({ msg: input.body, sigB64: input.sign, get result() { return JSON.parse(input.body); } });
  const impls = [];
  for (const [kassa, tag] of builds(ctx)) {
    if (rbs && typeof kassa.RbsCallbackVerifier === 'function') {
      const v = new kassa.RbsCallbackVerifier({ publicKeys: [{ key: f.publicPem, alias: f.alias, hash: 'sha512' }] });
      impls.push({ impl: `kassa${tag}`, run: (q) => v.verify(q), check: kassaBool((q) => v.verify(q)) });
      impls.push({ impl: `kassa verifyAsync${tag}`, run: (q) => v.verifyAsync(q), check: kassaBool((q) => v.verifyAsync(q)) });
    }
    if (!rbs && typeof kassa.CashierWebhookVerifier === 'function') {
      const v = new kassa.CashierWebhookVerifier({ publicKey: f.publicPem });
      impls.push({ impl: `kassa${tag}`, run: (i) => v.verify(i.body, i.sign), check: kassaBool((i) => v.verify(i.body, i.sign)) });
      impls.push({ impl: `kassa verifyAsync${tag}`, run: (i) => v.verifyAsync(i.body, i.sign), check: kassaBool((i) => v.verifyAsync(i.body, i.sign)) });
    }
  }
  const sigBytes = (p) => (rbs ? hexToBytes(p.sigHex) : base64ToBytes(p.sigB64));
  if (nodeCrypto) {
    const keyObject = nodeCrypto.createPublicKey(f.publicPem);
    impls.push({
      impl: 'node:crypto',
      run: (input) => {
        const p = prep(input);
        const sig = rbs ? Buffer.from(p.sigHex, 'hex') : Buffer.from(p.sigB64, 'base64');
        return nodeCrypto.verify(hashName, Buffer.from(p.msg), keyObject, sig) && p.result;
      },
    });
  }
  let cryptoKey;
  impls.push({
    impl: 'WebCrypto',
    setup: async () => {
      cryptoKey = await subtle.importKey('spki', pemToDer(f.publicPem), { name: 'RSASSA-PKCS1-v1_5', hash: webHash }, false, ['verify']);
    },
    run: async (input) => {
      const p = prep(input);
      const sig = sigBytes(p);
      return !!sig && (await subtle.verify('RSASSA-PKCS1-v1_5', cryptoKey, sig, enc.encode(p.msg))) && p.result;
    },
  });
  const { KEYUTIL, KJUR } = libs.jsrsasign;
  const jsKey = KEYUTIL.getKey(f.publicPem);
  const jsAlg = rbs ? 'SHA512withRSA' : 'SHA1withRSA';
  impls.push({
    impl: 'jsrsasign',
    run: (input) => {
      const p = prep(input);
      const s = new KJUR.crypto.Signature({ alg: jsAlg });
      s.init(jsKey);
      s.updateString(p.msg);
      const hex = rbs ? p.sigHex.toLowerCase() : bytesToHex(base64ToBytes(p.sigB64));
      return s.verify(hex) && p.result;
    },
  });
  const { forge } = libs;
  const forgeKey = forge.pki.publicKeyFromPem(f.publicPem);
  impls.push({
    impl: 'node-forge',
    run: (input) => {
      const p = prep(input);
      const md = forge.md[hashName].create();
      md.update(p.msg, 'utf8');
      const sig = rbs ? forge.util.hexToBytes(p.sigHex) : forge.util.decode64(p.sigB64);
      try {
        return forgeKey.verify(md.digest().bytes(), sig) && p.result;
      } catch {
        return false;
      }
    },
  });
  return rbs
    ? { id: 'rsa2048', title: 'RBS callback, RSA-2048 / SHA-512 (parse, canonical string, verify)', impls, valid: f.valid, tampered: f.tampered }
    : { id: 'rsa4096', title: 'Mobile Cashier webhook, RSA-4096 / SHA-1 (verify raw body, parse JSON)', impls,
        valid: { body: f.body, sign: f.sign }, tampered: { body: f.tamperedBody, sign: f.sign } };
}

/**
 * RBS request signing, RSA-2048 SHA256withRSA. The X-Signature is an RSA signature over the SHA-256
 * hash bytes of the body (the reference's Java example). Until kassa exports its X-Signature helper,
 * the group measures `signRbsCallback` with an RSA key and SHA-256 (canonical string + sign + hex),
 * and the other implementations do that same job.
 */
function signGroup({ kassa, nodeCrypto, fx }) {
  const f = fx.sign;
  const impls = [];
  const params = f.params;
  const names = Object.keys(params);
  const jsCanonical = () => { const m = new Map(names.map((n) => [n, params[n]])); return canonicalString(m); };
  const toQuery = (hex) => new URLSearchParams({ ...params, checksum: hex }).toString();
  if (typeof kassa.signRbsCallback === 'function') {
    const key = { privateKey: f.privatePem, hash: 'sha256' };
    impls.push({ impl: 'kassa', note: 'signRbsCallback with an RSA key (no X-Signature export yet)', run: () => kassa.signRbsCallback(params, key) });
  }
  if (nodeCrypto) {
    const keyObject = nodeCrypto.createPrivateKey(f.privatePem);
    impls.push({
      impl: 'node:crypto',
      run: () => toQuery(nodeCrypto.sign('sha256', Buffer.from(jsCanonical()), keyObject).toString('hex').toUpperCase()),
    });
  }
  let cryptoKey;
  impls.push({
    impl: 'WebCrypto',
    setup: async () => {
      cryptoKey = await subtle.importKey('pkcs8', pemToDer(f.privatePem), { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign']);
    },
    run: async () => toQuery(bytesToHex(new Uint8Array(await subtle.sign('RSASSA-PKCS1-v1_5', cryptoKey, enc.encode(jsCanonical())))).toUpperCase()),
  });
  return { id: 'sign', title: 'RBS signing, RSA-2048 SHA256withRSA (signRbsCallback: canonical string, sign, hex)', impls, expect: f.checksum };
}

/** Every group for this runtime, with each implementation set up and checked. */
export async function buildGroups(ctx) {
  const groups = [hmacGroup(ctx), rsaGroup(ctx, 'rbs'), rsaGroup(ctx, 'cashier'), signGroup(ctx)];
  const problems = [];
  for (const g of groups) {
    for (const i of g.impls) {
      if (i.setup) await i.setup();
      const check = i.check || (async (x) => { try { return !!(await i.run(x)); } catch { return false; } });
      try {
        if (g.expect) {
          const out = String(await i.run());
          if (!out.toUpperCase().includes(g.expect.toUpperCase())) problems.push(`${g.id}/${i.impl}: signature differs from openssl's`);
        } else {
          if (!(await check(g.valid))) problems.push(`${g.id}/${i.impl}: rejected the genuine input`);
          if (await check(g.tampered)) problems.push(`${g.id}/${i.impl}: accepted the tampered input`);
        }
      } catch (e) {
        problems.push(`${g.id}/${i.impl}: threw ${e && e.stack || e}`);
      }
      const input = g.valid;
      i.fn = g.expect ? () => i.run() : () => i.run(input);
    }
  }
  return { groups, problems };
}
