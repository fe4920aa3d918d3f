// Fresh projects for the kassa-sandbox package tests: a temp dir with both tarballs installed by
// npm (as a user installs them), the portable scenario, and a PATH with no Rust toolchain on it.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { run } from '../lib/proc.mjs';
import { repoRoot } from '../runtime/tools.mjs';

const here = path.dirname(new URL(import.meta.url).pathname);
const version = (file) => /^version\s*=\s*"([^"]+)"/m.exec(fs.readFileSync(path.join(repoRoot, file), 'utf8'))[1];

/** The two tarballs `make pkg` builds. */
export const tarballs = {
  kassa: path.join(repoRoot, `pkg/kassa-${version('Cargo.toml')}.tgz`),
  sandbox: path.join(repoRoot, `pkg/kassa-sandbox-${version('sandbox/Cargo.toml')}.tgz`),
};

/** PATH without any directory holding cargo, rustc or rustup (node's own directory stays). */
export function rustFreePath() {
  const has = (dir, name) => fs.existsSync(path.join(dir, name));
  const keep = (process.env.PATH ?? '').split(path.delimiter)
    .filter((dir) => dir && !['cargo', 'rustc', 'rustup'].some((n) => has(dir, n)));
  const nodeDir = path.dirname(process.execPath);
  if (!keep.includes(nodeDir)) keep.unshift(nodeDir);
  return keep.join(path.delimiter);
}

/** The environment of every command in the project: no Rust, no cargo home. */
export function projectEnv(dir) {
  return { PATH: rustFreePath(), CARGO_HOME: path.join(dir, 'no-cargo'), RUSTUP_HOME: path.join(dir, 'no-rustup'), NO_COLOR: '1' };
}

/** A new temp project with both tarballs installed and the scenario copied in. */
export async function freshProject(name) {
  for (const t of Object.values(tarballs)) {
    if (!fs.existsSync(t)) throw new Error(`missing ${t}: run make pkg (scripts/build-pkg.sh, scripts/build-sandbox-pkg.sh)`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `kassa-sandbox-${name}-`));
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: `fresh-${name}`, private: true, type: 'module' }, null, 2));
  const r = await run('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error', tarballs.kassa, tarballs.sandbox],
    { cwd: dir, env: projectEnv(dir), timeoutMs: 180_000 });
  if (r.code !== 0) throw new Error(`npm install failed:\n${r.stderr}`);
  fs.copyFileSync(path.join(here, 'scenario.mjs'), path.join(dir, 'scenario.mjs'));
  return dir;
}

/** The JSON a project script printed on its `RESULTS ` line. */
export function results(r) {
  const line = r.stdout.split('\n').reverse().find((l) => l.startsWith('RESULTS '));
  if (!line) throw new Error(`no RESULTS line (exit ${r.code})\nstdout:\n${r.stdout.slice(-3000)}\nstderr:\n${r.stderr.slice(-3000)}`);
  return JSON.parse(line.slice('RESULTS '.length));
}

/** The script of an in-process run (Node and Deno run the same file). */
export const IN_PROCESS = `import * as kassa from 'kassa';
import { createSandbox } from 'kassa-sandbox';
import { receiver, runPayments } from './scenario.mjs';

let received;
const sandbox = await createSandbox({ deliver: (request) => received.handle(request) });
received = receiver(kassa, sandbox.config);
const got = await runPayments(kassa, { fetch: sandbox.fetch, config: sandbox.config, callbackBase: 'http://127.0.0.1:9/notify', received });
const notifications = (await sandbox.notifications()).length;
sandbox.close();
console.log('RESULTS ' + JSON.stringify({ got, rejected: received.rejected, notifications }));
`;

/** The script of a run over HTTP: a notification receiver on node:http, kassa's clients on the global fetch. */
export const OVER_HTTP = `import * as http from 'node:http';
import * as kassa from 'kassa';
import { receiver, runPayments } from './scenario.mjs';

const config = JSON.parse(process.argv[2]);
const received = receiver(kassa, config);
const server = http.createServer(async (req, res) => {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const request = new Request('http://127.0.0.1' + req.url, { method: req.method, headers: req.headers,
    body: req.method === 'GET' ? undefined : Buffer.concat(chunks) });
  const response = await received.handle(request);
  res.writeHead(response.status).end(await response.text());
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const got = await runPayments(kassa, { fetch: globalThis.fetch, config, received,
  callbackBase: 'http://127.0.0.1:' + server.address().port + '/notify' });
server.close();
console.log('RESULTS ' + JSON.stringify({ got, rejected: received.rejected }));
`;
