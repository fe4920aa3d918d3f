// Cold start in a fresh Node or Deno process. The .wasm bytes are read first (so the file is in
// memory, as "having the bytes" means), then the clock runs from `import('kassa')` (the package's
// own loader: compile + instantiate) through building a verifier to the first successful
// verification. argv: <fixtures.json> <hmac|rsa4096>. Prints one JSON line.
import { coldCase } from './lib/cold-case.mjs';

const isDeno = typeof Deno !== 'undefined';
const args = isDeno ? Deno.args : process.argv.slice(2);
const read = isDeno ? (p) => Deno.readFileSync(p) : (await import('node:fs')).readFileSync;
const fx = JSON.parse(new TextDecoder().decode(read(args[0])));
read(new URL('./node_modules/kassa/kassa_bg.wasm', import.meta.url));

const t0 = performance.now();
const kassa = await import('kassa');
const t1 = performance.now();
const used = coldCase(kassa, fx, args[1]);
const t2 = performance.now();
console.log(JSON.stringify({ totalMs: t2 - t0, importMs: t1 - t0, firstVerifyMs: t2 - t1, used }));
