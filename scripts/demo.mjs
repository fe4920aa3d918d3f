// make demo: the emulator (kassa-sandbox), the merchant backend (demo/worker.mjs in workerd, importing
// the freshly built package) and the demo page (www/ with the package under /pkg/), all on 127.0.0.1.
// Prints exactly one URL line, `kassa demo: http://127.0.0.1:PORT/`. Ctrl-C stops everything it
// started; if one part fails to start, the parts already started are stopped and it exits with 1.
// PORT=... chooses the page's port (default 8787, or a free one when taken; PORT=0: a free one).
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { serveStatic } from '../tests/lib/static-server.mjs';
import { run, freePort } from '../tests/lib/proc.mjs';
import { startDemoWorker } from '../demo/build.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const pkgDir = path.join(root, 'pkg');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kassa-demo-'));
const logFile = path.join(tmp, 'demo.log');
const log = fs.createWriteStream(logFile);
const cleanups = [];
let stopping = false;

function stopAll(code) {
  if (stopping) return;
  stopping = true;
  for (const fn of cleanups.reverse()) {
    try { fn(); } catch { /* keep stopping the rest */ }
  }
  fs.rmSync(tmp, { recursive: true, force: true });
  process.exit(code);
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));
process.on('SIGHUP', () => stopAll(0));

function fail(message) {
  console.error(`kassa demo: ${message}`);
  stopAll(1);
}

/** Builds kassa-sandbox with cargo (a no-op when it is up to date) and returns the binary's path. */
async function buildSandbox() {
  console.error('kassa demo: building the emulator (cargo build -p kassa-sandbox; the first time takes a few minutes)…');
  const res = await run('cargo', ['build', '-q', '-p', 'kassa-sandbox'], { cwd: root, timeoutMs: 900_000 });
  if (res.code !== 0) throw new Error(`cargo build -p kassa-sandbox failed:\n${res.stderr.slice(-3000)}`);
  return path.join(root, 'target/debug/kassa-sandbox');
}

/** Starts the emulator; resolves to its startup JSON (the first line on stdout). */
function startSandbox(binary, args) {
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  cleanups.push(() => child.kill('SIGKILL'));
  child.stderr.pipe(log, { end: false });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('kassa-sandbox printed no startup line within 30 s')), 30_000);
    child.on('error', (err) => { clearTimeout(timer); reject(err); });
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (!stopping) fail(`kassa-sandbox exited with ${code}; its log: ${logFile}`);
      reject(new Error(`kassa-sandbox exited with ${code}`));
    });
    child.stdout.on('data', (d) => {
      out += d;
      const nl = out.indexOf('\n');
      if (nl < 0) return;
      clearTimeout(timer);
      try {
        resolve(JSON.parse(out.slice(0, nl)));
      } catch (err) {
        reject(new Error(`kassa-sandbox's first line is not JSON: ${err.message}`));
      }
      child.stdout.pipe(log, { end: false });
    });
  });
}

/** What the worker needs from the emulator: base URLs and credentials (kept out of the page). */
function workerConfig(sandbox, workerUrl, pageUrl) {
  const merchant = (mode) => sandbox.rbs.merchants.find((m) => m.callbacks === mode && m.name === mode)
    ?? sandbox.rbs.merchants.find((m) => m.callbacks === mode);
  return {
    workerUrl, pageUrl,
    rbs: {
      baseUrl: sandbox.rbs.baseUrl,
      hmac: merchant('hmac'), rsa: merchant('rsa'),
      hmacKey: sandbox.rbs.hmacKey, publicKeys: sandbox.rbs.publicKeys,
    },
    cashier: sandbox.cashier,
    koshelek: sandbox.koshelek,
  };
}

/** What the page may know: where the API is, the test cards, and the emulator's public keys and test
 * HMAC key as presets for the debugger (sandbox test keys, not a real merchant's). */
function pageConfig(sandbox, workerUrl) {
  return {
    api: workerUrl,
    emulator: sandbox.baseUrl,
    cashierDomain: sandbox.cashier.paymentDomain,
    testCards: sandbox.rbs.testCards ?? [],
    presets: {
      rbsHmacKey: sandbox.rbs.hmacKey,
      rbsPublicKeys: sandbox.rbs.publicKeys,
      cashierPublicKey: sandbox.cashier.publicKey,
      koshelek: { login: sandbox.koshelek.partnerLogin, password: sandbox.koshelek.partnerPassword },
    },
  };
}

async function listen() {
  const wanted = Number(process.env.PORT ?? 8787);
  const mounts = { '/pkg/': pkgDir, '/config/': path.join(tmp, 'page') };
  try {
    return await serveStatic(path.join(root, 'www'), { port: wanted, mounts });
  } catch {
    return serveStatic(path.join(root, 'www'), { port: 0, mounts });
  }
}

try {
  if (!fs.existsSync(path.join(pkgDir, 'workerd.mjs'))) throw new Error('pkg/ is not built: run `make demo` (or `make pkg` first)');
  const binary = await buildSandbox();
  const page = await listen();
  cleanups.push(() => page.server.close());
  const workerPort = await freePort();
  const workerUrl = `http://127.0.0.1:${workerPort}`;
  const sandbox = await startSandbox(binary, [
    '--port', '0', '--callback-attempts', '3', '--callback-interval-ms', '2000', '--webhook-attempts', '5',
    '--merchant-callback-url', `${workerUrl}/notify`,
  ]);
  fs.mkdirSync(path.join(tmp, 'page'));
  fs.writeFileSync(path.join(tmp, 'page/demo.json'), JSON.stringify(pageConfig(sandbox, workerUrl)));
  const worker = await startDemoWorker({
    dir: path.join(tmp, 'worker'), port: workerPort, pkgDir,
    config: workerConfig(sandbox, workerUrl, `${page.url}/`),
  });
  cleanups.push(() => { log.write(worker.output()); worker.stop(); });
  console.log(`kassa demo: ${page.url}/`);
  console.log(`(Ctrl-C stops the emulator, the merchant worker and this page; their log: ${logFile})`);
} catch (err) {
  fail(err.message);
}
