// A small static file server on 127.0.0.1 for browser tests and the demo: correct MIME types
// (application/wasm for .wasm, so streaming compilation is exercised), no directory listing, no path
// escape. `headers` adds response headers (e.g. a Content-Security-Policy for the XSS tests);
// `mounts` serves other folders under URL prefixes (e.g. `{ '/pkg/': 'pkg' }` for the demo).
import * as http from 'node:http';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const MIME = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.wasm': 'application/wasm', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.ico': 'image/x-icon', '.ts': 'text/plain; charset=utf-8', '.map': 'application/json',
};

/** Starts serving `root`; resolves to `{ url, close() }`. */
export function serveStatic(root, { port = 0, headers = {}, mounts = {} } = {}) {
  const server = http.createServer((req, res) => {
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      res.writeHead(400).end('bad path');
      return;
    }
    const prefix = Object.keys(mounts).find((m) => pathname.startsWith(m));
    const base = path.resolve(prefix ? mounts[prefix] : root);
    let file = path.join(base, prefix ? pathname.slice(prefix.length) : pathname);
    if (file !== base && !file.startsWith(base + path.sep)) {
      res.writeHead(403).end('forbidden');
      return;
    }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    fs.readFile(file, (err, data) => {
      if (err) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${pathname}`);
        return;
      }
      res.writeHead(200, {
        'content-type': MIME[path.extname(file)] || 'application/octet-stream',
        'cache-control': 'no-store',
        ...headers,
      });
      res.end(data);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const { port: p } = server.address();
      resolve({ url: `http://127.0.0.1:${p}`, server, close: () => new Promise((r) => server.close(r)) });
    });
  });
}
