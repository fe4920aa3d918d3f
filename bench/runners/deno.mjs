// Deno runner: like node.mjs, from the same temporary project; Deno resolves `kassa` through
// node_modules with the `deno` export condition. argv: <fixtures.json> <out.json> [--quick]
import * as kassa from 'kassa';
import jsrsasign from 'jsrsasign';
import forge from 'node-forge';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { runSuite } from './lib/suite.mjs';

const [fixtures, outFile, ...flags] = Deno.args;
const fx = JSON.parse(Deno.readTextFileSync(fixtures));
const baseline = await import('kassa-baseline').catch(() => null);
const ctx = { runtime: 'deno', kassa, baseline, libs: { jsrsasign, forge, noble: { hmac, sha256 } }, nodeCrypto: null, fx };
const result = await runSuite(ctx, { quick: flags.includes('--quick'), log: (m) => console.error(m) });
Deno.writeTextFileSync(outFile, JSON.stringify(result));
