// Deno (the npm `deno` binary), importing 'kassa' from node_modules with no permissions at all.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeProject, parseResults } from '../project.mjs';
import { run } from '../../lib/proc.mjs';
import { bin, esmImports } from '../tools.mjs';

const MAIN = `${esmImports()}
import { runAll } from './cases/index.mjs';
const env = JSON.parse(Deno.args[0]);
console.log('KASSA_RESULTS ' + JSON.stringify(await runAll(kassa, { ...env, runtime: 'deno' }, entries)));
`;

export async function deno(dir, tarball, env) {
  await makeProject(dir, tarball);
  fs.writeFileSync(path.join(dir, 'main.mjs'), MAIN);
  // --no-prompt: a permission request fails instead of hanging; none is granted on purpose.
  const r = await run(bin('deno'), ['run', '--no-prompt', 'main.mjs', JSON.stringify(env)], {
    cwd: dir, env: { DENO_DIR: path.join(dir, '.deno'), NO_COLOR: '1' },
  });
  return parseResults(r.stdout, r.stderr);
}
