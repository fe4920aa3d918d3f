// Deno runner: like node.mjs, from the same temporary project; Deno resolves `kassa` through
// node_modules with the `deno` export condition (verification through `kassa/verify`, signing through
// `kassa/testing`, as in node.mjs). argv: <fixtures.json> <out.json> [--quick]
import * as verify from 'kassa/verify';
import { signRbsCallback } from 'kassa/testing';
import jsrsasign from 'jsrsasign';
import forge from 'node-forge';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { runSuite } from './lib/suite.mjs';

const [fixtures, outFile, ...flags] = Deno.args;
const kassa = { ...verify, signRbsCallback };
const fx = JSON.parse(Deno.readTextFileSync(fixtures));
const baseline = await import('kassa-baseline').catch(() => null);
const ctx = { runtime: 'deno', kassa, baseline, libs: { jsrsasign, forge, noble: { hmac, sha256 } }, nodeCrypto: null, fx };
const result = await runSuite(ctx, { quick: flags.includes('--quick'), log: (m) => console.error(m) });
Deno.writeTextFileSync(outFile, JSON.stringify(result));
