// Starts kassa-sandbox for the client tests and wraps its admin API.
//
// Two ways, one interface: by default the native binary on a free port (sandbox/start.mjs);
// with KASSA_SANDBOX_IN_PROCESS=1 the npm package's in-process emulator (`createSandbox`, from
// KASSA_SANDBOX_PKG, default target/sandbox-npm/node.mjs as scripts/build-sandbox-pkg.sh leaves
// it). In process there is no port: this module routes the global `fetch` — which kassa's clients
// and the suites use — to `sandbox.fetch` for the sandbox's URLs, and to the network otherwise
// (so notifications still reach a suite's own HTTP receiver).
import * as path from 'node:path';
import { startSandbox as start } from '../../sandbox/start.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
export const kassa = await import(path.join(root, 'pkg/node.mjs'));

/** Whether the suites run against the in-process emulator. */
export const inProcess = process.env.KASSA_SANDBOX_IN_PROCESS === '1';
const FLAGS = ['--callback-interval-ms', '100', '--settle-ms', '100'];

const outsideFetch = globalThis.fetch.bind(globalThis);
const inProcessSandboxes = new Map(); // port -> sandbox
let nextPort = 18787;

function routedFetch(input, init) {
  let url;
  try {
    url = new URL(input instanceof Request ? input.url : String(input));
  } catch {
    return outsideFetch(input, init);
  }
  const sandbox = inProcessSandboxes.get(Number(url.port));
  const host = url.hostname;
  const local = host === '127.0.0.1' || host === 'localhost' || host.endsWith('.localhost');
  return sandbox && local ? sandbox.fetch(input, init) : outsideFetch(input, init);
}

async function startInProcess(args) {
  const { createSandbox } = await import(process.env.KASSA_SANDBOX_PKG ?? path.join(root, 'target/sandbox-npm/node.mjs'));
  const port = nextPort++;
  const sandbox = await createSandbox({ port, args: [...FLAGS, ...args], deliver: (request) => outsideFetch(request) });
  inProcessSandboxes.set(port, sandbox);
  globalThis.fetch = routedFetch;
  return {
    config: sandbox.config,
    stop: async () => {
      sandbox.close();
      inProcessSandboxes.delete(port);
      if (inProcessSandboxes.size === 0) globalThis.fetch = outsideFetch;
    },
  };
}

export async function startSandbox(args = []) {
  const sb = inProcess ? await startInProcess(args) : await startNative(args);
  const config = sb.config;
  const admin = async (method, p, body) => {
    const r = await fetch(config.admin + p, {
      method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined,
    });
    const text = await r.text();
    if (!r.ok) throw new Error(`admin ${method} ${p}: ${r.status} ${text}`);
    return text ? JSON.parse(text) : null;
  };
  return {
    config,
    admin,
    fault: (f) => admin('POST', '/faults', f),
    clearFaults: () => admin('DELETE', '/faults'),
    requests: async (query = '') => (await admin('GET', '/requests' + query)).requests,
    stop: () => sb.stop(),
  };
}

async function startNative(args) {
  const sb = await start({ args: [...FLAGS, ...args], stdio: 'inherit' });
  return { config: sb.info, stop: () => sb.stop() };
}

/** The merchant of the startup line named `name`. */
export function merchant(config, name) {
  return config.rbs.merchants.find((m) => m.name === name);
}

/** A unique order number. */
let seq = 0;
export function unique(prefix) {
  seq += 1;
  return `${prefix}-${Date.now().toString(36)}-${seq}`;
}

/** Awaits `p`; a gateway's business error (HTTP 200 for RBS) counts as "the endpoint answered". */
export async function answered(p) {
  try {
    return { value: await p };
  } catch (err) {
    if (!(err instanceof kassa.KassaError) || err.code !== 'GATEWAY_ERROR') throw err;
    return { error: err };
  }
}
