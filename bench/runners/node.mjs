// Node runner: executed by run.mjs inside the temporary project where the packed kassa tarball is
// installed, so `import 'kassa/verify'` resolves through node_modules and the package's exports map.
// The verification cases measure `kassa/verify` (the entry issue 14 names); the signing case takes
// `signRbsCallback` from `kassa/testing`, the entry that has it.
// argv: <fixtures.json> <out.json> [--quick]
import * as fs from 'node:fs';
import * as nodeCrypto from 'node:crypto';
import * as verify from 'kassa/verify';
import { signRbsCallback } from 'kassa/testing';
import jsrsasign from 'jsrsasign';
import forge from 'node-forge';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { runSuite } from './lib/suite.mjs';

const [fixtures, outFile, ...flags] = process.argv.slice(2);
const kassa = { ...verify, signRbsCallback };
const fx = JSON.parse(fs.readFileSync(fixtures, 'utf8'));
const baseline = await import('kassa-baseline').catch(() => null);
const ctx = { runtime: 'node', kassa, baseline, libs: { jsrsasign, forge, noble: { hmac, sha256 } }, nodeCrypto, fx };
const result = await runSuite(ctx, { quick: flags.includes('--quick'), log: (m) => console.error(m) });
fs.writeFileSync(outFile, JSON.stringify(result));
