// Cold start in a fresh Node or Deno process. The .wasm bytes are read first (so the file is in
// memory, as "having the bytes" means), then the clock runs from the import (the package's own
// loader: compile + instantiate) through the first job to its success.
// argv: <fixtures.json> <hmac|rsa4096|forms> [kassa|kassa/verify|kassa/forms|reexport]. Prints one JSON line.
import { coldCase, loadKassa, COLD_WASM } from './lib/cold-case.mjs';

const isDeno = typeof Deno !== 'undefined';
const args = isDeno ? Deno.args : process.argv.slice(2);
const read = isDeno ? (p) => Deno.readFileSync(p) : (await import('node:fs')).readFileSync;
const fx = JSON.parse(new TextDecoder().decode(read(args[0])));
const spec = args[2] || 'kassa';
for (const f of COLD_WASM[spec]) read(new URL(`./node_modules/kassa/${f}`, import.meta.url));

const t0 = performance.now();
const kassa = await loadKassa(spec);
const t1 = performance.now();
const used = coldCase(kassa, fx, args[1]);
const t2 = performance.now();
console.log(JSON.stringify({ totalMs: t2 - t0, importMs: t1 - t0, firstVerifyMs: t2 - t1, used }));
