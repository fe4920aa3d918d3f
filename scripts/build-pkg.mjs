// Assembles pkg/ (the npm package) from the wasm32 builds, wasm-bindgen's glue and pkg-template/,
// then packs pkg/kassa-<version>.tgz and prints the size of every .wasm. Run by `make pkg`
// (scripts/build-pkg.sh) after one `cargo build --release --target wasm32-unknown-unknown` per entry,
// whose outputs it reads from target/entries/<entry>.wasm.
//
// The package has five entries, each with its own .wasm and its own loader per runtime:
//   kassa          pkg/            kassa_bg.wasm          the whole API (default features)
//   kassa/verify   pkg/verify/     kassa_verify_bg.wasm   the three verifiers, predicates, primitives
//   kassa/forms    pkg/forms/      kassa_forms_bg.wasm    the form builders
//   kassa/client   pkg/client/     kassa_client_bg.wasm   the three clients, predicates, primitives
//   kassa/testing  pkg/testing/    kassa_testing_bg.wasm  signRbsCallback, signCashierWebhook
// Each .wasm file has its own name because bundlers for workerd and the edge runtime name a wasm
// module after its file. KassaError is one file, pkg/kassa_error.js, imported by every ESM glue; it
// brands its instances with a `Symbol.for` key, so an error from any entry (ESM or CommonJS, or a
// bundled copy) is `instanceof` every entry's KassaError (src/wasm/kassa_error.js says how).
//
// wasm-opt: Debian's binaryen (wasm-opt 108) produces modules that fail to load, so this uses the
// npm `binaryen` package's wasm-opt (132, pinned in package.json) and checks that its output still
// validates; if it does not, the unoptimised module ships and the build says so.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { guardGlue } from './glue-guard.mjs';
import { fastStrings } from './glue-strings.mjs';
import { COMPILE_HINT, ENTRIES, WASM_OPT_FEATURES } from './entries.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const pkg = path.join(root, 'pkg');
const run = (cmd, args, opts = {}) => execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'], ...opts }).toString();

const version = /^version\s*=\s*"([^"]+)"/m.exec(fs.readFileSync(path.join(root, 'Cargo.toml'), 'utf8'))[1];
const wasmOpt = path.join(root, 'node_modules/.bin/wasm-opt');
const typesDir = path.join(root, 'src/wasm/types');
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;

/** Runs wasm-opt with the entry's flags (`opt`) in place; keeps the result only if it validates. Returns what was done. */
function optimise(wasmPath, opt) {
  if (process.env.KASSA_WASM_OPT === '0' || !fs.existsSync(wasmOpt)) return 'none';
  const out = wasmPath + '.opt';
  run(wasmOpt, [wasmPath, ...opt, ...WASM_OPT_FEATURES, '-o', out]);
  if (WebAssembly.validate(fs.readFileSync(out))) {
    fs.renameSync(out, wasmPath);
    return run(wasmOpt, ['--version']).trim() + ` (npm binaryen) ${opt.join(' ')}`;
  }
  fs.rmSync(out);
  return 'none (wasm-opt output did not validate; shipped unoptimised)';
}

/** Removes `dir` and its subfolders where they hold no file. */
function removeEmptyDirs(dir) {
  if (!fs.existsSync(dir)) return;
  for (const d of fs.readdirSync(dir, { withFileTypes: true })) if (d.isDirectory()) removeEmptyDirs(path.join(dir, d.name));
  if (fs.readdirSync(dir).length === 0) fs.rmdirSync(dir);
}

/** One `export ...` declaration (with its doc comment) out of a .d.ts source. */
function pickDeclaration(source, name, file) {
  const m = new RegExp(`(?:/\\*\\*(?:[^*]|\\*(?!/))*\\*/\\n)?export (?:type ${name}\\b[\\s\\S]*?;\\n|interface ${name}\\b[^{]*\\{[^}]*\\}\\n)`).exec(source);
  if (!m) throw new Error(`build-pkg: src/wasm/types/${file}.d.ts has no declaration of ${name}`);
  return m[0];
}

/** The hand-written declarations of one entry, in file order. */
function writtenTypes(entry) {
  const files = fs.readdirSync(typesDir).filter((f) => f.endsWith('.d.ts')).sort()
    .filter((f) => entry.types === 'all' || entry.types.includes(f.replace(/\.d\.ts$/, '')));
  if (entry.types !== 'all' && files.length !== entry.types.length) throw new Error(`build-pkg: ${entry.name}: missing declarations among ${entry.types}`);
  const parts = files.map((f) => `// ---- src/wasm/types/${f}\n` + fs.readFileSync(path.join(typesDir, f), 'utf8'));
  for (const [file, names] of Object.entries(entry.pick || {})) {
    const source = fs.readFileSync(path.join(typesDir, `${file}.d.ts`), 'utf8');
    parts.push(`// ---- from src/wasm/types/${file}.d.ts\n` + names.map((n) => pickDeclaration(source, n, file)).join('\n'));
  }
  return parts.join('\n');
}

/** Builds one entry into pkg/<dir>; returns its size line. */
async function buildEntry(entry) {
  const input = path.join(root, 'target/entries', `${entry.dir || 'kassa'}.wasm`);
  if (!fs.existsSync(input)) throw new Error(`missing ${input}: run scripts/build-pkg.sh (one cargo build per entry)`);
  const out = path.join(pkg, entry.dir);
  const up = entry.dir ? '../' : './';
  const bg = `${entry.base}_bg`;
  fs.mkdirSync(out, { recursive: true });
  run('wasm-bindgen', ['--target', 'bundler', '--out-dir', out, '--out-name', entry.base, input]);
  fs.rmSync(path.join(out, `${entry.base}.js`)); // replaced by the per-runtime loaders

  // The glue imports the one shared KassaError. Then: a method called on a freed object or a wrong
  // `this` becomes a KassaError (INVALID_ARGUMENT), never a raw Error or a foreign pointer handed to
  // Rust (scripts/glue-guard.mjs says why and how). Done before the CommonJS and browser copies are
  // made from this file, so every loader gets it.
  const gluePath = path.join(out, `${bg}.js`);
  let glue = fs.readFileSync(gluePath, 'utf8');
  const snippet = /^import \{ KassaError \} from '(\.\/snippets\/[^']+\/kassa_error\.js)';$/m.exec(glue);
  if (!snippet) throw new Error(`${bg}.js does not import kassa_error.js: the KassaError class is missing`);
  glue = glue.replace(snippet[0], `import { KassaError } from '${up}kassa_error.js';`);
  fs.rmSync(path.join(out, snippet[1]));
  removeEmptyDirs(path.join(out, 'snippets'));
  const guarded = guardGlue(glue);
  const { report } = guarded;
  // Long string arguments are copied with one encodeInto where that is fast (scripts/glue-strings.mjs).
  const code = fastStrings(guarded.code);
  fs.writeFileSync(gluePath, code);
  const guard = `${report.guarded} methods and getters of ${Object.keys(report.classes).length} classes guarded`;

  const wasmPath = path.join(out, `${bg}.wasm`);
  const rawBefore = fs.statSync(wasmPath).size;
  const optimiser = optimise(wasmPath, entry.opt);

  // The public API: the names wasm-bindgen's own entry re-exported, KassaError, and (verify, testing,
  // the root) the constants wasm-bindgen cannot export (it exports functions and classes only).
  const names = [...code.matchAll(/^export (?:function|class|const) ([A-Za-z_$][\w$]*)/gm)]
    .map((m) => m[1]).filter((n) => !n.startsWith('__wbg') && !n.startsWith('__wbindgen'));
  // An entry without the primitives (src/wasm/primitives.rs) still answers version(), from Cargo.toml.
  const ownVersion = !names.includes('version');
  const reexports = `export { KassaError } from '${up}kassa_error.js';\n` + (entry.constants ? `export * from '${up}constants.mjs';\n` : '') +
    (ownVersion ? `/** The version of kassa (Cargo.toml), as the root's version(). */\nexport function version() {\n  return ${JSON.stringify(version)};\n}\n` : '');
  fs.writeFileSync(path.join(out, 'api.mjs'),
    `// Generated by scripts/build-pkg.mjs: the public API of ${entry.name}, re-exported by every ESM loader.\n` +
    `export { ${names.join(', ')} } from './${bg}.js';\n` + reexports);

  // CommonJS copy of the glue for require() (same code, converted by esbuild; KassaError is bundled
  // in, and its brand makes it the same class as the ESM one for instanceof).
  const cjsEntry = path.join(out, 'cjs-entry.mjs');
  fs.writeFileSync(cjsEntry, `export * from './${bg}.js';\n` + reexports);
  await esbuild.build({ entryPoints: [cjsEntry], bundle: true, format: 'cjs', platform: 'neutral',
    outfile: path.join(out, `${bg}.cjs`), logLevel: 'error' });
  fs.rmSync(cjsEntry);

  // The loaders: pkg-template/ with this entry's file names.
  for (const f of fs.readdirSync(path.join(root, 'pkg-template'))) {
    if (f === 'package.json') continue;
    const text = fs.readFileSync(path.join(root, 'pkg-template', f), 'utf8').replaceAll('kassa_bg', bg)
      .replaceAll('${KASSA_COMPILE_HINT}', () => (entry.compileHint ?? COMPILE_HINT).replaceAll('`', '\\`'));
    fs.writeFileSync(path.join(out, f), text);
  }

  // The browser and Node ESM loaders are flattened. A page would otherwise fetch browser.mjs,
  // init.mjs, the glue, api.mjs and kassa_error.js one after another before the .wasm request even
  // starts (measured by bench/: Chromium cold start 269 -> 149 ms): browser.mjs is one module, with
  // its own copy of KassaError (whose brand makes it the same class for instanceof,
  // src/wasm/kassa_error.js). Node's ESM loader resolves, reads and links each module in turn
  // (measured: `import` of kassa/verify's node.mjs 9.7 -> 6.9 ms, median of 3 interleaved pairs):
  // node.mjs is the loader, glue and API in one module that still imports the one kassa_error.js, so
  // in Node every ESM entry keeps the identical KassaError class. Each loader's top comment is kept
  // as the banner; `new URL('./<base>_bg.wasm', import.meta.url)` stays as written (bundlers
  // recognise it; Node reads the file next to the loader).
  for (const [file, platform, external] of [['browser.mjs', 'browser', []], ['node.mjs', 'node', ['*kassa_error.js']]]) {
    const source = fs.readFileSync(path.join(out, file), 'utf8');
    const comment = source.match(/^(\/\/.*\n)+/)[0];
    const what = external.length ? 'this loader and the wasm-bindgen glue in one module (KassaError: the one kassa_error.js)'
      : 'this loader, the wasm-bindgen glue and KassaError in one module';
    const flat = await esbuild.build({ entryPoints: [path.join(out, file)], bundle: true, write: false,
      format: 'esm', platform, target: 'es2022', logLevel: 'error', external,
      banner: { js: `${comment}//\n// Built by scripts/build-pkg.mjs: ${what}.` } });
    fs.writeFileSync(path.join(out, file), flat.outputFiles[0].text);
  }

  // wasm-bindgen declares `[Symbol.dispose]()` on every class; that only type-checks with TypeScript's
  // `esnext.disposable` lib, which most projects' `lib` settings lack. The declarations are dropped so
  // the types compile under any ES2020+ lib (the method still exists at run time; `free()` is typed).
  const generated = fs.readFileSync(path.join(out, `${entry.base}.d.ts`), 'utf8').replace(/^\s*\[Symbol\.dispose\]\(\): void;\n/gm, '');
  // The hand-written declarations (src/wasm/types/*.d.ts: option objects, answers, the interfaces
  // merged into the classes, KassaErrorCode) go right after wasm-bindgen's header, where its
  // typescript_custom_section strings used to land; the names in `unchecked_param_type` and
  // `unchecked_return_type` resolve against them.
  const header = /^(\/\* tslint:disable \*\/\n\/\* eslint-disable \*\/\n)/.exec(generated)?.[1] ?? '';
  const versionType = ownVersion ? '/** The version of kassa (as in Cargo.toml and package.json). */\nexport function version(): string;\n' : '';
  const dts = header + '\n' + writtenTypes(entry) + '\n' + versionType + generated.slice(header.length);
  fs.writeFileSync(path.join(out, `${entry.base}.d.ts`), dts);
  fs.writeFileSync(path.join(out, `${entry.base}.d.cts`), dts);
  fs.rmSync(path.join(out, `${bg}.wasm.d.ts`), { force: true });
  if (entry.dir) {
    // For resolvers that do not read `exports` (TypeScript's `node10`, older bundlers).
    fs.writeFileSync(path.join(out, 'package.json'), JSON.stringify({
      name: entry.name, private: true, type: 'module', main: './node.cjs', module: './browser.mjs', types: `./${entry.base}.d.ts`,
    }, null, 2) + '\n');
  }

  const wasm = fs.readFileSync(wasmPath);
  return { entry: entry.name, file: path.relative(pkg, wasmPath), raw: wasm.length, rawBefore,
    gzip: gzipSync(wasm, { level: 9 }).length, target: entry.target, optimiser, guard, exports: names.length };
}

fs.rmSync(pkg, { recursive: true, force: true });
fs.mkdirSync(pkg);
fs.copyFileSync(path.join(root, 'src/wasm/kassa_error.js'), path.join(pkg, 'kassa_error.js'));
// The constants wasm-bindgen cannot export (it exports functions and classes only), written from
// the files the Rust constants include, so both are one text.
const cashierKey = fs.readFileSync(path.join(root, 'src/cashier/reference-public-key.pem'), 'utf8');
fs.writeFileSync(path.join(pkg, 'constants.mjs'), `// Written by scripts/build-pkg.mjs from src/cashier/reference-public-key.pem.
/** The Mobile Cashier webhook public key printed in the reference ("Notification Service"), RSA 4096. */
export const CASHIER_PUBLIC_KEY = ${JSON.stringify(cashierKey)};
`);
const sizes = [];
for (const entry of ENTRIES) sizes.push(await buildEntry(entry));

const manifest = JSON.parse(fs.readFileSync(path.join(root, 'pkg-template/package.json'), 'utf8'));
manifest.version = version;
fs.writeFileSync(path.join(pkg, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');

const tarball = run('npm', ['pack', '--silent', '--pack-destination', pkg], { cwd: pkg }).trim().split('\n').pop();
console.log(`kassa ${version}: wasm-opt: ${sizes[0].optimiser}`);
for (const s of sizes) {
  const target = s.target ? `target ≤ ${s.target.toLocaleString('en')} B: ${s.gzip <= s.target ? 'met' : 'NOT MET'}` : 'no target';
  console.log(`${s.entry.padEnd(14)} ${s.file.padEnd(30)} ${String(s.gzip).padStart(7)} B gzip -9 (${kb(s.raw)} raw, ${kb(s.rawBefore)} before wasm-opt); ${target}; ${s.exports} exports, ${s.guard}`);
}
// Read by bench/lib/size.mjs (not in the tarball: `files` in package.json does not list it).
fs.writeFileSync(path.join(pkg, 'sizes.json'), JSON.stringify(sizes, null, 2) + '\n');
console.log(`tarball: pkg/${tarball}`);
