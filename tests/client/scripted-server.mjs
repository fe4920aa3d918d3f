// A scripted local HTTP server for the client fault tests: node:http on 127.0.0.1, port 0. It
// counts requests per path, keeps every request (method, path, headers, body), and answers each by
// a script: script(req) returns { status, body, headers } or one of
//   'drop'   read the request, then destroy the connection without an answer
//   'hang'   read the request, never answer (the client's timeout must fire)
//   { stream: n, chunk } a 200 of n chunks of `chunk` bytes without Content-Length
import * as http from 'node:http';

export async function scriptedServer(script) {
  const requests = [];
  const sockets = new Set();
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url, 'http://x');
      const entry = { method: req.method, path: url.pathname, query: url.search, headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8') };
      requests.push(entry);
      const nth = requests.filter((r) => r.path === entry.path).length;
      let action;
      try {
        action = script(entry, nth);
      } catch (e) {
        action = { status: 599, body: String(e) };
      }
      if (action === 'drop') {
        req.socket.destroy();
        return;
      }
      if (action === 'hang') return;
      if (action && action.stream) {
        res.writeHead(200, { 'content-type': 'application/json' });
        let sent = 0;
        const piece = Buffer.alloc(action.chunk, 'a');
        const more = () => {
          while (sent < action.stream) {
            sent += 1;
            if (!res.write(piece)) {
              res.once('drain', more);
              return;
            }
          }
          res.end();
        };
        res.on('error', () => {});
        more();
        return;
      }
      const body = typeof action.body === 'string' ? action.body : JSON.stringify(action.body ?? {});
      res.writeHead(action.status ?? 200, { 'content-type': 'application/json', ...(action.headers || {}) });
      res.end(body);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    requests,
    /** How many requests reached a path ending in `suffix`. */
    count: (suffix) => requests.filter((r) => r.path.endsWith(suffix)).length,
    close: () => new Promise((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}

/** The RBS answers the fault tests use. */
export const rbsAnswers = {
  notFound: { body: { errorCode: '6', errorMessage: 'Order not found' } },
  accessDenied: { body: { errorCode: '5', errorMessage: 'Access denied' } },
  systemError: { body: { errorCode: '7', errorMessage: 'System error' } },
  successFalse: { body: { success: false, error: { code: '6', message: 'x' } } },
  nonJson: { body: '<html><body>502 Bad Gateway (proxy)</body></html>', headers: { 'content-type': 'text/html' } },
  found: (orderStatus, id = 'md-1') => ({ body: { errorCode: '0', errorMessage: 'Success', orderNumber: 'A-1', orderStatus,
    amount: 1000, attributes: [{ name: 'mdOrder', value: id }] } }),
};
