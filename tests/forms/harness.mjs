// Shared pieces of the payment-redirect browser tests: the emulator (kassa-sandbox, started with
// --port 0, its first stdout line read as JSON), a small site server for the merchant pages (CSP
// headers, a CSP report endpoint, a /pwned hit counter, the built pkg/ under /pkg/), kassa for
// Node (pkg/node.mjs) and headless Chromium. Every wait is bounded.
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { MIME } from '../lib/static-server.mjs';
import { startSandbox } from '../../sandbox/start.mjs';

export const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

/** kassa as a Node user gets it: the built package. */
export async function loadKassa() {
  const entry = path.join(root, 'pkg/node.mjs');
  if (!fs.existsSync(entry)) throw new Error('pkg/ is missing: run `make pkg` (cargo build --release --target wasm32-unknown-unknown && node scripts/build-pkg.mjs)');
  return import(entry);
}

/** Starts the emulator on a free port (sandbox/start.mjs, which builds it once if missing);
 * resolves to `{ config, stop() }` where config is the startup JSON line. */
export async function startEmulator() {
  const sb = await startSandbox();
  return { config: sb.info, stop: sb.stop };
}

/** The merchant site: `pages` maps a path to `{ html, csp }`; /pkg/* serves pkg/; /csp-report
 * collects violation reports; /forms-lib/* serves tests/forms/ (shared test modules); any path starting with /pwned is counted as a hit. */
export function startSite() {
  const pages = new Map();
  const reports = [];
  const pwned = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    if (url.pathname.startsWith('/pwned')) {
      pwned.push(req.url);
      res.writeHead(204).end();
      return;
    }
    if (url.pathname === '/csp-report') {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => { reports.push(body); res.writeHead(204).end(); });
      return;
    }
    const mount = ['/pkg/', '/forms-lib/'].find((m) => url.pathname.startsWith(m));
    if (mount) {
      const base = path.join(root, mount === '/pkg/' ? 'pkg' : 'tests/forms');
      const file = path.join(base, decodeURIComponent(url.pathname.slice(mount.length)));
      if (!file.startsWith(base + path.sep) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': MIME[path.extname(file)] || 'application/octet-stream', 'cache-control': 'no-store' });
      fs.createReadStream(file).pipe(res);
      return;
    }
    const page = pages.get(url.pathname);
    if (!page) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      ...(page.csp ? { 'content-security-policy': page.csp } : {}),
    });
    res.end(page.html);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({
        url: `http://127.0.0.1:${port}`,
        pages,
        reports,
        pwned,
        close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(r); }),
      });
    });
  });
}

/** A strict merchant-page CSP: scripts only from 'self' or with `nonce`, wasm compilation,
 * fetch only to 'self', forms and frames only to `targets`, nothing else; reports to /csp-report. */
export function strictCsp(nonce, targets) {
  return [
    "default-src 'none'",
    `script-src 'self' 'nonce-${nonce}' 'wasm-unsafe-eval'`,
    "connect-src 'self'",
    `form-action ${targets.join(' ')}`,
    `frame-src ${targets.join(' ')}`,
    "base-uri 'none'",
    'report-uri /csp-report',
  ].join('; ');
}

/** The `<pre id="kassa-received">` JSON of an emulator page the browser landed on. */
export async function received(frameOrPage) {
  await frameOrPage.waitForSelector('#kassa-received', { state: 'attached', timeout: 10_000 });
  return JSON.parse(await frameOrPage.textContent('#kassa-received'));
}

/** What went wrong in `page` while a test ran: page errors, dialogs (an XSS `alert`), CSP refusals. */
export function watch(page) {
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e}`));
  page.on('dialog', (d) => { problems.push(`dialog: ${d.message()}`); d.dismiss().catch(() => {}); });
  page.on('console', (m) => { if (/Content Security Policy|Refused to/i.test(m.text())) problems.push(`console: ${m.text()}`); });
  return problems;
}
