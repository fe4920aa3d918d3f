// make demo: serves www/ with the freshly built package under /pkg/ on 127.0.0.1 and prints the URL.
// Ctrl-C stops everything it started. PORT=... chooses the port (default 8787, or a free one).
import * as path from 'node:path';
import { serveStatic } from '../tests/lib/static-server.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const wanted = Number(process.env.PORT ?? 8787);
const options = { mounts: { '/pkg/': path.join(root, 'pkg') } };
let server;
try {
  server = await serveStatic(path.join(root, 'www'), { ...options, port: wanted });
} catch {
  server = await serveStatic(path.join(root, 'www'), options);
}
console.log(`\nkassa demo: ${server.url}/\n(Ctrl-C to stop)`);
const stop = () => server.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
