// The npm entries of the package (issue 14), read by scripts/build-pkg.mjs, which builds them, and
// by bench/lib/size.mjs, which measures them: one list, so the bench's size targets and its
// attribution build are the package's own.

/**
 * The entries: `dir` inside pkg/, `base` of its file names, which hand-written declarations of
 * src/wasm/types/ it gets (`types`; `pick` copies single declarations out of another file), whether
 * it re-exports the JS constants, the size target of its gzipped .wasm (issue 14), and its wasm-opt
 * flags (`opt`: `-O3` for the entries with speed targets; kassa/forms and kassa/client, which have
 * none, `-Oz --converge`: measured gzip -9 client 163,424 -> 161,543 B, forms 62,498 -> 62,463 B;
 * ONE_CALLER below for the root, client and testing), and
 * `compileHint`, the sentence its browser loader adds when the engine cannot compile the module (the
 * default, COMPILE_HINT, names the WebAssembly features every entry uses).
 */
// The client declarations a verifier's result names (order and payment statuses, Koshelek's slip).
const NOTIFICATION_TYPES = {
  'client-cashier': ['CashierOrderStatus', 'CashierOrder'],
  'client-koshelek': ['KoshelekKopecks', 'KoshelekPaymentStatus', 'KoshelekFinalPaymentStatus', 'KoshelekRefStatus',
    'KoshelekFinalRefStatus', 'KoshelekRejectionCode', 'KoshelekPaymentType', 'KoshelekSlip'],
};

// wasm-opt inlines every function with one caller by default, whatever its size; capped at 20 (its
// other inlining limits unchanged), gzip -9 (2026-12-05): root 329,071 -> 314,850 B, client 140,864 ->
// 134,325 B, testing 142,003 -> 136,829 B, speed the same (root, interleaved). Not on kassa/verify
// (HMAC 1-2% slower for -2.9 KB) nor kassa/forms (cold start 0.1-4.3 ms slower in Chromium for
// -1.5 KB): docs/ARCHITECTURE.md has the figures.
const ONE_CALLER = '--one-caller-inline-max-function-size=20';

export const ENTRIES = [
  { name: 'kassa', dir: '', base: 'kassa', types: 'all', constants: true, target: 200_000, opt: ['-O3', ONE_CALLER] },
  { name: 'kassa/verify', dir: 'verify', base: 'kassa_verify', types: ['error', 'verify', 'verifiers', 'predicates'],
    pick: NOTIFICATION_TYPES, constants: true, target: 60_000, opt: ['-O3'],
    // The one module built with SIMD (scripts/build-pkg.sh); the root exports the same verifiers without it.
    // SIMD came in Chrome 91, Firefox 89, Safari 16.4; with COMPILE_HINT's features that is the versions named.
    compileHint: "kassa/verify's module needs WebAssembly SIMD and reference types (Chrome 96, Firefox 89, Safari 16.4"
      + ' and later); the root `kassa` module exports the same verifiers without SIMD.' },
  { name: 'kassa/forms', dir: 'forms', base: 'kassa_forms', types: ['error', 'forms'], constants: false, target: 30_000,
    opt: ['-Oz', '--converge'] },
  { name: 'kassa/client', dir: 'client', base: 'kassa_client',
    types: ['error', 'client-common', 'client-rbs', 'client-cashier', 'client-koshelek', 'predicates'], constants: false, target: 150_000,
    opt: ['-Oz', '--converge', ONE_CALLER] },
  { name: 'kassa/testing', dir: 'testing', base: 'kassa_testing', types: ['error', 'verify'],
    pick: NOTIFICATION_TYPES, constants: true, target: null, opt: ['-O3', ONE_CALLER] },
];

/**
 * What a browser loader says when its module does not compile, for an entry without its own
 * `compileHint`: the features of WASM_OPT_FEATURES, which these engines have (reference types being
 * the newest: Chrome 96, Firefox 79, Safari 15).
 */
export const COMPILE_HINT = 'kassa needs WebAssembly with reference types, multi-value, bulk memory, sign extension and'
  + ' non-trapping float-to-int conversions (Chrome 96, Firefox 79, Safari 15 and later).';

/** The wasm features wasm-opt is told the module uses (every entry, and the bench's named copies). */
export const WASM_OPT_FEATURES = ['--enable-reference-types', '--enable-multivalue', '--enable-bulk-memory',
  '--enable-nontrapping-float-to-int', '--enable-sign-ext', '--enable-mutable-globals'];
