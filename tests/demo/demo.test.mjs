// The demo as a user meets it: scripts/demo.mjs (what `make demo` runs after building) serves www/
// and the package; headless Chromium opens the printed URL and the page must load kassa and compute
// a checksum that node:crypto agrees with.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { launchChromium } from '../lib/chromium.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const shots = path.join(root, 'tests/artifacts/screenshots');

function startDemo() {
  const child = spawn(process.execPath, [path.join(root, 'scripts/demo.mjs')], { env: { ...process.env, PORT: '0' } });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { child.kill(); reject(new Error(`no URL printed:\n${out}`)); }, 30_000);
    const onData = (d) => {
      out += d;
      const m = /kassa demo: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m) { clearTimeout(timer); resolve({ url: m[1], child }); }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
  });
}

test('make demo serves a page that loads kassa and computes an RBS checksum', async () => {
  const { url, child } = await startDemo();
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1000, height: 760 } });
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(url);
    await page.waitForFunction(() => document.getElementById('status').classList.contains('ok'), null, { timeout: 20_000 });
    const version = JSON.parse(fs.readFileSync(path.join(root, 'pkg/package.json'), 'utf8')).version;
    assert.equal(await page.textContent('#version'), version);
    await page.fill('#key', 'секретный ключ');
    await page.fill('#canonical', 'amount;100;mdOrder;abc;operation;deposited;status;1;');
    const expected = createHmac('sha256', 'секретный ключ').update('amount;100;mdOrder;abc;operation;deposited;status;1;').digest('hex').toUpperCase();
    assert.equal(await page.textContent('#checksum'), expected);
    fs.mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: path.join(shots, 'demo.png') });
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    child.kill('SIGINT');
  }
});
