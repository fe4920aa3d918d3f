// Node ESM (`import 'kassa'`) and Node CJS (`require('kassa')`), each in a fresh project.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeProject, parseResults } from '../project.mjs';
import { run } from '../../lib/proc.mjs';
import { esmImports, ENTRY_NAMES } from '../tools.mjs';

const ESM = `${esmImports()}
import { runAll } from './cases/index.mjs';
const env = JSON.parse(process.env.KASSA_ENV);
console.log('KASSA_RESULTS ' + JSON.stringify(await runAll(kassa, { ...env, runtime: 'node-esm' }, entries)));
`;

// Synchronous use right after require() proves the CJS loader needs no await.
const CJS = `const kassa = require('kassa');
const entries = { ${ENTRY_NAMES.map((n) => `${n}: require('kassa/${n}')`).join(', ')} };
const ready = [kassa, ...Object.values(entries)].every((m) => m.version() === kassa.version()) && kassa.version();
const env = JSON.parse(process.env.KASSA_ENV);
import('./cases/index.mjs').then(async ({ runAll }) => {
  const results = await runAll(kassa, { ...env, runtime: 'node-cjs' }, entries);
  results.unshift({ name: 'require() returns a ready module', ok: ready === env.version,
    error: ready === env.version ? undefined : 'version() right after require: ' + ready });
  console.log('KASSA_RESULTS ' + JSON.stringify(results));
});
`;

async function runNode(dir, tarball, env, { type, file, source }) {
  await makeProject(dir, tarball, { type });
  fs.writeFileSync(path.join(dir, file), source);
  const r = await run(process.execPath, [file], { cwd: dir, env: { KASSA_ENV: JSON.stringify(env) } });
  return parseResults(r.stdout, r.stderr);
}

export const nodeEsm = (dir, tarball, env) => runNode(dir, tarball, env, { type: 'module', file: 'main.mjs', source: ESM });
export const nodeCjs = (dir, tarball, env) => runNode(dir, tarball, env, { type: 'commonjs', file: 'main.cjs', source: CJS });
