// `npx kassa-sandbox [flags]`: the emulator on 127.0.0.1 with Node's HTTP server, as the native
// binary serves it — the same flags (parsed by the binary's own parser, in the .wasm), the same
// first line on stdout, a log line per request on stderr, Ctrl-C / SIGTERM to stop.
import * as fs from 'node:fs';
import * as http from 'node:http';
import { parseArgs, startCore } from './node.mjs';

function readFile(path) {
  try {
    if (fs.statSync(path).isDirectory()) return 'dir';
    return fs.readFileSync(path);
  } catch {
    return null;
  }
}

/** Runs the server until a signal; `argv` without the program name. */
export async function main(argv) {
  const parsed = JSON.parse(parseArgs(argv));
  if (parsed.error !== undefined) {
    process.stderr.write(parsed.error + '\n');
    process.exit(parsed.exitCode);
  }
  const server = http.createServer();
  try {
    await new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(parsed.port, '127.0.0.1', resolve);
    });
  } catch (err) {
    process.stderr.write(`kassa-sandbox: cannot bind 127.0.0.1:${parsed.port}: ${err.message}\n`);
    process.exit(1);
  }
  const port = server.address().port;
  const outside = globalThis.fetch.bind(globalThis);
  const { core, close } = startCore({
    args: argv, port, deliver: (request) => outside(request), log: (line) => process.stderr.write(line + '\n'), readFile,
  });
  server.on('request', async (req, res) => {
    const chunks = [];
    try {
      for await (const chunk of req) chunks.push(chunk);
    } catch {
      return;
    }
    let answer;
    try {
      answer = await core.handle(req.method, req.url, req.rawHeaders, Buffer.concat(chunks));
    } catch (err) {
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`kassa-sandbox: ${err?.message ?? err}`);
      return;
    }
    if (answer.closed) {
      req.socket.destroy();
      return;
    }
    res.writeHead(answer.status, answer.headers);
    res.end(req.method === 'HEAD' ? undefined : answer.body);
  });
  process.stdout.write(core.config() + '\n');
  const stop = () => {
    close();
    server.close();
    server.closeAllConnections?.();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
