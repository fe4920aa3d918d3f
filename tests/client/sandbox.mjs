// Starts kassa-sandbox on a free port for the client tests (sandbox/start.mjs) and wraps its admin API.
import * as path from 'node:path';
import { startSandbox as start } from '../../sandbox/start.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
export const kassa = await import(path.join(root, 'pkg/node.mjs'));

export async function startSandbox(args = []) {
  const sb = await start({ args: ['--callback-interval-ms', '100', '--settle-ms', '100', ...args], stdio: 'inherit' });
  const config = sb.info;
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
