// `tsc --noEmit` against the package's public types, as a user's project sees them: the tarball is
// installed into a fresh project and usage.ts (ESM, bundler resolution) and usage.cts (CommonJS,
// node16 resolution through the `require` condition) are type-checked in strict mode, together with
// every `tests/<area>/types-usage.ts` (their imports of '../../pkg/kassa.js' are pointed at 'kassa').
// The files contain `@ts-expect-error` lines, so types that are too loose (any) fail the check too.
// entries.ts and entries.cts check the entries' own declarations (`kassa/verify` etc., ESM and CJS).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { makeProject } from '../runtime/project.mjs';
import { run } from '../lib/proc.mjs';
import { repoRoot, bin } from '../runtime/tools.mjs';

const here = path.dirname(new URL(import.meta.url).pathname);
const version = JSON.parse(fs.readFileSync(path.join(repoRoot, 'pkg/package.json'), 'utf8')).version;
const dir = await makeProject(fs.mkdtempSync(path.join(os.tmpdir(), 'kassa-types-')), path.join(repoRoot, `pkg/kassa-${version}.tgz`));
const strict = { strict: true, noEmit: true, skipLibCheck: false, target: 'es2022', lib: ['es2022', 'dom'], types: [] };
const configs = {
  'tsconfig.esm.json': { compilerOptions: { ...strict, module: 'esnext', moduleResolution: 'bundler' }, files: ['usage.ts', 'entries.ts'] },
  'tsconfig.cjs.json': { compilerOptions: { ...strict, module: 'node16', moduleResolution: 'node16' }, files: ['usage.cts', 'entries.cts'] },
};
fs.copyFileSync(path.join(here, 'usage.ts'), path.join(dir, 'usage.ts'));
fs.copyFileSync(path.join(here, 'usage.cts'), path.join(dir, 'usage.cts'));
for (const f of ['entries.ts', 'entries.cts']) fs.copyFileSync(path.join(here, f), path.join(dir, f));
for (const area of fs.readdirSync(path.join(repoRoot, 'tests'))) {
  const file = path.join(repoRoot, 'tests', area, 'types-usage.ts');
  if (!fs.existsSync(file)) continue;
  const source = fs.readFileSync(file, 'utf8').replace(/from '(\.\.\/)+pkg\/kassa(\.js)?'/g, "from 'kassa'");
  fs.writeFileSync(path.join(dir, `usage-${area}.ts`), source);
  configs['tsconfig.esm.json'].files.push(`usage-${area}.ts`);
}
let failed = false;
for (const [file, config] of Object.entries(configs)) {
  fs.writeFileSync(path.join(dir, file), JSON.stringify(config, null, 2));
  const r = await run(bin('tsc'), ['-p', file], { cwd: dir });
  console.log(`tsc --noEmit -p ${file}: ${r.code === 0 ? 'ok' : 'FAILED'}`);
  if (r.code !== 0) {
    failed = true;
    console.log(r.stdout + r.stderr);
  }
}
fs.rmSync(dir, { recursive: true, force: true });
process.exitCode = failed ? 1 : 0;
