// The comparison libraries for the browser page, bundled by run.mjs with esbuild (they ship as
// CommonJS). kassa itself is NOT in this bundle: the page imports the installed package's own
// browser entry through an import map.
export { default as jsrsasign } from 'jsrsasign';
export { default as forge } from 'node-forge';
export { hmac } from '@noble/hashes/hmac.js';
export { sha256 } from '@noble/hashes/sha2.js';
