// End-to-end in workerd: requests per second of the RBS callback worker written with kassa against
// the same worker written with WebCrypto only, driven from 127.0.0.1 by loadgen.mjs.
import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { root } from './project.mjs';
import { openClients, drive, requestBytes, status } from './loadgen.mjs';
import { median } from './measure.mjs';

const workerdBin = path.join(root, 'node_modules/.bin/workerd');
const CONNECTIONS = 4;

// Keep `.wasm` imports as separate modules (what wrangler does), named as in config.capnp.
const wasmModules = {
  name: 'wasm-modules',
  setup(build) {
    build.onResolve({ filter: /\.wasm$/ }, () => ({ path: './kassa_bg.wasm', external: true }));
  },
};

async function bundle(dir, name) {
  await esbuild.build({
    entryPoints: [path.join(dir, `${name}.mjs`)], bundle: true, format: 'esm', platform: 'neutral',
    conditions: ['workerd', 'worker', 'browser'], mainFields: ['module', 'main'],
    outfile: path.join(dir, `${name}.bundle.mjs`), plugins: [wasmModules], logLevel: 'error',
    nodePaths: [path.join(dir, '..', 'node_modules')],
  });
}

const freePort = () => new Promise((resolve) => {
  const s = net.createServer();
  s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
});

async function waitListening(port, child, ms = 20_000) {
  const t0 = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`workerd exited with ${child.exitCode}`);
    try {
      await status(port, '/');
      return;
    } catch {
      if (Date.now() - t0 > ms) throw new Error(`workerd did not listen on ${port} within ${ms} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

export async function runWorkerd(project, { quick, log }) {
  const dir = path.join(project.dir, 'workerd');
  const fx = project.fx;
  await bundle(dir, 'kassa-worker');
  await bundle(dir, 'webcrypto-worker');
  // The worker imports kassa/verify; its .wasm is the module named kassa_bg.wasm in config.capnp.
  fs.copyFileSync(project.verifyWasm, path.join(dir, 'kassa_bg.wasm'));
  fs.writeFileSync(path.join(dir, 'hmac.key'), fx.hmac.key);
  fs.writeFileSync(path.join(dir, 'rsa2048.pub.pem'), fx.rbsRsa.publicPem);
  fs.writeFileSync(path.join(dir, 'rsa.alias'), fx.rbsRsa.alias);
  const ports = { kassa: await freePort(), webcrypto: await freePort() };
  fs.writeFileSync(path.join(dir, 'config.capnp'), fs.readFileSync(path.join(dir, 'config.capnp.tmpl'), 'utf8')
    .replace('@KASSA_PORT@', ports.kassa).replace('@WEBCRYPTO_PORT@', ports.webcrypto));

  const version = execFileSync(workerdBin, ['--version']).toString().trim();
  const child = spawn(workerdBin, ['serve', 'config.capnp'], { cwd: dir, stdio: ['ignore', 'inherit', 'inherit'] });
  try {
    await waitListening(ports.kassa, child);
    await waitListening(ports.webcrypto, child);
    const q = (s) => `?${s}`;
    const hasRsa = /\bRbsCallbackVerifier\b/.test(fs.readFileSync(path.join(project.installed, 'api.mjs'), 'utf8'));
    const groups = [
      { id: 'hmac', title: 'RBS HMAC callbacks', impls: [
        { impl: 'kassa', port: ports.kassa, path: '/hmac' },
        { impl: 'WebCrypto', port: ports.webcrypto, path: '/hmac' },
        { impl: 'no verification (ceiling)', port: ports.kassa, path: '/noop', noTamperCheck: true }], valid: fx.hmac.valid, tampered: fx.hmac.tampered },
    ];
    if (hasRsa) {
      groups.push({ id: 'rsa2048', title: 'RBS RSA-2048/SHA-512 callbacks', impls: [
        { impl: 'kassa', port: ports.kassa, path: '/rsa' },
        { impl: 'kassa verifyAsync', port: ports.kassa, path: '/rsa-async' },
        { impl: 'WebCrypto', port: ports.webcrypto, path: '/rsa' }], valid: fx.rbsRsa.valid, tampered: fx.rbsRsa.tampered });
    }
    const problems = [];
    const warmMs = quick ? 100 : 1000;
    const batchMs = quick ? 100 : 1000;
    const batches = 5;
    const out = [];
    for (const g of groups) {
      for (const i of g.impls) {
        const good = await status(i.port, i.path + q(g.valid));
        const bad = await status(i.port, i.path + q(g.tampered));
        if (good !== 200) problems.push(`${g.id}/${i.impl}: genuine callback answered ${good}`);
        if (bad !== 403 && !i.noTamperCheck) problems.push(`${g.id}/${i.impl}: tampered callback answered ${bad}`);
        i.clients = await openClients(i.port, CONNECTIONS);
        i.bytes = requestBytes(i.port, i.path + q(g.valid));
        await drive(i.clients, i.bytes, { durationMs: warmMs });
        i.rates = [];
        i.errors = 0;
      }
      log(`  workerd: ${g.id} (${g.impls.map((i) => i.impl).join(', ')})`);
      for (let b = 0; b < batches; b++) {
        for (const i of g.impls) {
          const r = await drive(i.clients, i.bytes, { durationMs: batchMs, maxRequests: 500_000 });
          i.rates.push(r.rps);
          i.errors += r.errors;
        }
      }
      for (const i of g.impls) {
        i.clients.forEach((c) => c.close());
        if (i.errors) problems.push(`${g.id}/${i.impl}: ${i.errors} responses were not 200 under load`);
      }
      out.push({ id: g.id, title: g.title, results: g.impls.map((i) => ({ impl: i.impl, rps: median(i.rates), batches: i.rates.map(Math.round) })) });
    }
    return { version, connections: CONNECTIONS, groups: out, problems };
  } finally {
    child.kill('SIGTERM');
  }
}
