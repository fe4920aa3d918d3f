// A small HTTP/1.1 load generator for 127.0.0.1: a few keep-alive connections, each sending one GET
// at a time (no pipelining) with pre-built request bytes, so that the generator costs far less CPU
// than the server it drives. Bounded in time and in request count.
import * as net from 'node:net';

/** One keep-alive connection; `send()` resolves to the status code of one response. */
function connection(port) {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port, noDelay: true });
    let buf = Buffer.alloc(0);
    let pending = null;
    socket.on('data', (chunk) => {
      buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
      if (!pending) return;
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = buf.subarray(0, end).toString('latin1');
      const m = /\r\ncontent-length:\s*(\d+)/i.exec(head);
      if (!m) { pending.reject(new Error(`response without content-length: ${head}`)); return; }
      const total = end + 4 + Number(m[1]);
      if (buf.length < total) return;
      buf = buf.subarray(total);
      const p = pending;
      pending = null;
      p.resolve(Number(head.slice(9, 12)));
    });
    socket.on('error', (e) => (pending ? pending.reject(e) : reject(e)));
    socket.on('connect', () => resolve({
      send(bytes) {
        return new Promise((res, rej) => { pending = { resolve: res, reject: rej }; socket.write(bytes); });
      },
      close() { socket.destroy(); },
    }));
  });
}

export function requestBytes(port, pathAndQuery) {
  return Buffer.from(`GET ${pathAndQuery} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: keep-alive\r\n\r\n`, 'latin1');
}

/** Opens `connections` sockets to `port`. */
export async function openClients(port, connections) {
  return Promise.all(Array.from({ length: connections }, () => connection(port)));
}

/**
 * Drives the clients for `durationMs` (or until `maxRequests`): returns { rps, requests, errors }.
 * Every response must be `expectStatus`; any other counts as an error.
 */
export async function drive(clients, bytes, { durationMs, maxRequests = 1e7, expectStatus = 200 }) {
  let requests = 0;
  let errors = 0;
  const t0 = performance.now();
  const deadline = t0 + durationMs;
  await Promise.all(clients.map(async (c) => {
    while (performance.now() < deadline && requests < maxRequests) {
      requests++;
      if ((await c.send(bytes)) !== expectStatus) errors++;
    }
  }));
  const elapsed = performance.now() - t0;
  return { rps: (requests * 1000) / elapsed, requests, errors };
}

/** One request on a fresh connection; resolves to the status. */
export async function status(port, pathAndQuery) {
  const [c] = await openClients(port, 1);
  try {
    return await c.send(requestBytes(port, pathAndQuery));
  } finally {
    c.close();
  }
}
