// Why a target is not met, and what was tried: hand-written from the measurements and the
// experiments below, keyed by target id (an exact id first, else the longest key it starts with).
// bench/lib/doc.mjs quotes the note of every target a run does not meet in README.md's Performance section.
//
// The experiments were run on the bench machine on 2026-11-22 while other builds were running
// (load average 8-14 on 2 cores), always as interleaved side-by-side batches in one process, so
// the ratios hold even where the absolute times are inflated.
export const notes = {
  'hmac-node-native':
    'Why: kassa does more per call than the JS versions and pays the wasm boundary per field. `verify` returns the typed'
    + ' `RbsCallback` (every parameter copied into a JS object, operation, amount, isPaymentSuccess, and a `dedupeKey` that'
    + ' costs a second SHA-256 over the canonical string), and that object is built with one boundary crossing per field'
    + ' (`Reflect.set`, `Array.of` per parameter, a UTF-8 decode per string): a CPU profile of `verify` in Node (names kept)'
    + ' puts about half the time in that conversion (wasm-bindgen glue 17%, `Array.of` 10%, string decoding 17%), SHA-256'
    + ' compression 11%, parsing and the canonical string under 10%. node:crypto\'s HMAC is native OpenSSL. Tried: building'
    + ' the result as one JSON string in Rust and a single `JSON.parse` in JS made `verify` 28% faster (58 → 42 µs in the'
    + ' same run); applied (the result is one JSON text now). Still open: keep the keyed HMAC state'
    + ' in the verifier (saves 2 of the ~10 SHA-256 blocks per call), compute `dedupeKey` lazily (saves ~5 blocks), and'
    + ' check for duplicate parameters once per call instead of three times (`rbs_params`, `verify_params` and `prepare`'
    + ' each sort the names).',
  'hmac-webcrypto':
    'Why: the same per-call costs as above (the typed result and its field-by-field conversion). WebCrypto\'s HMAC is'
    + ' native and its promise costs only a few microseconds in V8, so 3x needs kassa\'s whole path well under 10 µs:'
    + ' that takes the one-`JSON.parse` result (or a lazily converted result object) plus a cached HMAC key state.',
  'rsa-sync':
    'Why: the RSA arithmetic. kassa uses RustCrypto `rsa` 0.10 (crypto-bigint `BoxedUint`, 32-bit limbs on wasm32, a'
    + ' constant-time windowed exponentiation even for the public exponent 65537). Across four full runs it was 0.9-2.7x'
    + ' the faster pure-JS library (node-forge in Chromium was once faster at 2048 bits), not 3x. Tried: opt-level "s"/"z" for everything except the crypto crates (no'
    + ' change in speed), wasm-opt -O3/-Os/-Oz (no change). What would help: a public-key-only exponentiation for e = 65537'
    + ' (16 squarings and one multiplication, instead of the windowed ladder) on fixed-size `crypto_bigint::Uint<N>`'
    + ' Montgomery forms without heap allocation per operation — a change in (or around) the `rsa` crate.',
  'rsa-async':
    'Why: `verifyAsync` adds to WebCrypto\'s own verify the parse in wasm, a wasm-bindgen-futures task, a fresh algorithm'
    + ' object and `globalThis.crypto.subtle` looked up per call, and the same field-by-field result conversion as the'
    + ' HMAC path (tens of µs). The key is imported once and cached (good). What would help: the one-`JSON.parse` result'
    + ' conversion, caching the `subtle` object and the algorithm object in the verifier, and returning the WebCrypto'
    + ' promise chained with a small JS `then` instead of a Rust future.',
  'workerd-hmac':
    'Why: the per-request work of the worker is dominated by workerd\'s HTTP handling (see the "no verification" ceiling'
    + ' row); the rest is the HMAC path above.',
  'workerd-rsa2048':
    'Expected: the synchronous RSA in wasm is several times slower than workerd\'s native BoringSSL behind WebCrypto.'
    + ' In workerd, use `verifyAsync` for RSA callbacks; `verify` remains for places where async is not possible.',
  'workerd-rsa2048-async':
    'Why: the `verifyAsync` overhead described above, on top of the same native WebCrypto call.',
  'size-gzip':
    'Why: one module holds all three jobs (verify, forms, the three API clients) and both RSA directions. twiggy (per'
    + ' crate, above): kassa\'s own code (client request/response models, forms, verifiers), crypto-bigint (RSA private-key'
    + ' arithmetic for the signing helpers and the client\'s X-Signature: modular inversion, CRT, constant-time division),'
    + ' the Rust formatting/sorting runtime (f64 Display alone 14 KB; a quicksort inlined into der\'s decoder for the SET OF'
    + ' fields of X.509 certificates, 21.5 KB; another in `check_unique`, 9 KB), one wasm-bindgen shim per exported method,'
    + ' der/x509-cert key parsing, serde_json, and long error messages in the data section. The module grew from 14 KB'
    + ' (foundation) to 216 KB (verify API) to 288 KiB gzipped (with the clients and forms). Tried, on the verify-only code'
    + ' before signing was exported (185 KB gzipped): opt-level "s" for every crate except rsa/crypto-bigint/sha1/sha2 →'
    + ' 163 KB (-11%) with no measurable loss of speed; opt-level "z" → 161 KB; wasm-opt -Oz instead of -O3 → <1%. To'
    + ' Applied: opt-level "s" for every crate except the arithmetic and hash crates, and 64-bit crypto-bigint limbs on wasm32'
    + ' (294 → 257 KiB gzipped for the whole package, no loss of speed); the encrypted-key support for the client\'s signer then added 13 KiB (the pkcs5 parameter decoders). To'
    + ' reach 150 KB an edge worker needs a verify-only build: a separate entry (e.g. `kassa/verify`) with its own .wasm'
    + ' holding the verifiers only (signing helpers, clients and forms elsewhere), opt-level "s" as above, and no f64'
    + ' formatting or generic sorts on the verification path.',
  'cold-node':
    'Why: the package loader compiles the whole module synchronously (`new WebAssembly.Module`, several ms at this size),'
    + ' instantiates it and loads the glue modules; the first RSA verification then runs in V8\'s baseline (Liftoff) code'
    + ' before the optimizing tier takes over, which makes the first RSA-4096 verification several times slower than'
    + ' the steady state. Smaller modules (see size) compile proportionally faster.',
  'cold-chromium':
    'Why: a module waterfall. The page imports browser.mjs, which imports init.mjs and api.mjs, which import the glue'
    + ' and the KassaError snippet, and only then is the .wasm fetched: five sequential round trips before compilation'
    + ' starts. Tried: the same loader flattened into one module with esbuild (one JS request, then the .wasm) cut the'
    + ' median cold start by about half (136 → 64 ms with the foundation package, 269 → 149 ms with the verify API, each'
    + ' in one interleaved run). Applied: scripts/build-pkg.mjs now ships browser.mjs flattened into one module. What'
    + ' remains is fetching and compiling a 257 KiB (gzipped) module: the size reduction above.',
};

// Findings without a target, listed under the targets in README.md's Performance section.
export const findings = [
  'RSA signing is slow in wasm: `signRbsCallback` with an RSA-2048 key takes tens of milliseconds per signature'
  + ' (see the signing rows: 20-30x node:crypto and about 10x WebCrypto in the same run), because crypto-bigint\'s'
  + ' private-key arithmetic is constant-time and generic. kassa exports no stand-alone X-Signature function, so this group'
  + ' measures `signRbsCallback` (canonical string, SHA256withRSA, hex) against node:crypto and WebCrypto doing the same'
  + ' job. Since main\'s 87587bb the RBS client\'s X-Signature is signed by the platform\'s WebCrypto instead; the'
  + ' signing helpers (`signRbsCallback`, `signCashierWebhook`: test tooling) still use the wasm arithmetic.',
  'The workerd "no verification" row is the ceiling of this setup (workerd\'s HTTP handling and the load generator on'
  + ' a 2-core machine): a verification path costs (1/rate - 1/ceiling) per request.',
];
