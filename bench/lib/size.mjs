// Size of the shipped .wasm files (raw, gzip -9, brotli) and their biggest contributors by `twiggy top`:
// the root's (the top-level fields, as before the entries existed) and, under `entries`, each entry's
// (kassa/verify, kassa/forms, kassa/client, kassa/testing) with its gzip target and `met` (issue 14).
// The shipped module has no name section (wasm-opt drops it), so the attribution is taken from a
// copy rebuilt the same way with names kept (wasm-bindgen + wasm-opt with the entry's flags and -g on
// the cargo output):
// per function and summed per crate. twiggy comes from crates.io (`cargo install twiggy`); only a
// full run installs it, quick mode skips the listing when it is missing.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { root } from './project.mjs';
import { ENTRIES, WASM_OPT_FEATURES } from '../../scripts/entries.mjs';

const cargoBin = path.join(os.homedir(), '.cargo/bin');

function findTwiggy() {
  for (const p of [...(process.env.PATH || '').split(':'), cargoBin]) {
    const f = path.join(p, 'twiggy');
    if (p && fs.existsSync(f)) return f;
  }
  return null;
}

/** Which crate an item belongs to, from its demangled name (the first crate path it names). */
const RUNTIME = new Set(['core', 'alloc', 'std', 'dlmalloc', 'compiler_builtins', '__rustc']);
function crateOf(name) {
  if (/^(custom section|data segment|data\[|table|elem|type\[|import|export|global|memory)/.test(name)) return '(data, tables, imports, exports)';
  const crates = [...name.matchAll(/(?:^|[<\s&(,*])([A-Za-z_][A-Za-z0-9_]*)(?:\[[0-9a-f]+\])?::/g)].map((m) => m[1]);
  const own = crates.find((c) => !RUNTIME.has(c));
  if (own) return own;
  if (crates.length) return 'Rust runtime (core, alloc, dlmalloc)';
  if (/shim|^__wbindgen|^__externref|^[a-z][A-Za-z0-9]*$/.test(name)) return 'wasm-bindgen exports and shims';
  return '(other)';
}

function namedCopy(dir, cargoWasm, label, opt) {
  if (!fs.existsSync(cargoWasm)) return null;
  const out = path.join(dir, 'named', label);
  fs.mkdirSync(out, { recursive: true });
  execFileSync('wasm-bindgen', ['--target', 'bundler', '--out-dir', out, '--out-name', 'kassa', cargoWasm], { stdio: 'ignore' });
  const wasm = path.join(out, 'kassa_bg.wasm');
  const named = path.join(out, 'kassa_bg.opt.wasm');
  execFileSync(path.join(root, 'node_modules/.bin/wasm-opt'), [wasm, ...opt, '-g', ...WASM_OPT_FEATURES, '-o', named], { stdio: 'ignore' });
  return named;
}

/** The entries other than the root, their files and their gzip targets (bytes), from scripts/entries.mjs. */
export const ENTRY_SIZES = ENTRIES.filter((e) => e.dir).map((e) => ({
  entry: e.name, file: `${e.dir}/${e.base}_bg.wasm`, cargo: `target/entries/${e.dir}.wasm`, target: e.target, opt: e.opt,
}));
const ROOT = ENTRIES.find((e) => !e.dir);
/** The root's target if it is its own module (it is: docs/ARCHITECTURE.md, "Entries"). */
export const ROOT_GZIP_TARGET = ROOT.target;

export async function sizeReport(project, { quick, log }) {
  const rootReport = await moduleSize(project, { quick, log, wasm: project.wasm, label: 'kassa', opt: ROOT.opt,
    cargoWasm: project.cargoWasm || (fs.existsSync(path.join(root, 'target/entries/kassa.wasm')) ? path.join(root, 'target/entries/kassa.wasm') : undefined) });
  rootReport.target = ROOT_GZIP_TARGET;
  rootReport.met = rootReport.gzipBytes <= ROOT_GZIP_TARGET;
  rootReport.entries = [];
  for (const e of ENTRY_SIZES) {
    const wasm = path.join(project.installed, e.file);
    if (!fs.existsSync(wasm)) {
      rootReport.entries.push({ entry: e.entry, error: `${e.file} is not in the package` });
      continue;
    }
    const r = await moduleSize(project, { quick, log, wasm, label: e.entry.replace('/', '-'), opt: e.opt, cargoWasm: path.join(root, e.cargo) });
    rootReport.entries.push({ entry: e.entry, file: e.file, target: e.target, met: e.target === null ? null : r.gzipBytes <= e.target, ...r });
  }
  return rootReport;
}

async function moduleSize(project, { quick, log, wasm: file, label, opt, cargoWasm: cargo }) {
  const bytes = fs.readFileSync(file);
  const result = {
    rawBytes: bytes.length,
    gzipBytes: gzipSync(bytes, { level: 9 }).length,
    brotliBytes: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
  log(`size ${label}: ${result.rawBytes} B raw, ${result.gzipBytes} B gzip -9, ${result.brotliBytes} B brotli`);
  let twiggy = findTwiggy();
  if (!twiggy && !quick) {
    log('size: installing twiggy from crates.io (cargo install twiggy --locked)');
    execFileSync('cargo', ['install', 'twiggy', '--locked'], { stdio: ['ignore', 'inherit', 'inherit'] });
    twiggy = findTwiggy();
  }
  if (!twiggy) {
    result.twiggy = { skipped: 'twiggy is not installed (quick mode does not install it; `make bench` does)' };
    return result;
  }
  result.twiggy = { version: execFileSync(twiggy, ['--version']).toString().trim() };
  const cargoWasm = cargo || path.join(root, 'target/wasm32-unknown-unknown/release/kassa.wasm');
  const list = (file) => JSON.parse(execFileSync(twiggy, ['top', '-n', '100000', '--format', 'json', file], { maxBuffer: 64 << 20 }).toString())
    .filter((i) => !/^custom section|"function names"|^"?name"? section|subsection/.test(i.name));
  const sum = (items) => items.reduce((a, i) => a + i.shallow_size, 0);
  let items;
  const named = namedCopy(project.dir, cargoWasm, label, opt);
  if (named) {
    items = list(named);
    // The names are only worth having if that build is the one in the tarball.
    if (Math.abs(sum(items) - bytes.length) > 0.05 * bytes.length) {
      log(`size ${label}: ${path.relative(root, cargoWasm)} does not match the tarball's .wasm; listing the shipped module without names`);
      items = null;
    }
  }
  result.twiggy.source = items ? `wasm-bindgen + wasm-opt ${opt.join(' ')} -g of ${path.relative(root, cargoWasm)} (the same build with names kept)` : 'the shipped .wasm (no names)';
  items ??= list(file);
  const total = sum(items);
  result.twiggy.top = items.slice(0, 15).map((i) => ({ name: i.name.replace(/::h[0-9a-f]{16}$/, '').replace(/\[[0-9a-f]{16}\]/g, ''), bytes: i.shallow_size }));
  const crates = {};
  for (const i of items) crates[crateOf(i.name)] = (crates[crateOf(i.name)] || 0) + i.shallow_size;
  result.twiggy.byCrate = Object.entries(crates).sort((a, b) => b[1] - a[1]).map(([crate, bytes]) => ({ crate, bytes, percent: +(100 * bytes / total).toFixed(1) }));
  result.twiggy.itemsBytes = total;
  return result;
}
