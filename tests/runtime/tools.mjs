// Paths of the npm tools the matrix uses (from the repository's own node_modules).
import * as path from 'node:path';

export const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
export const bin = (name) => path.join(repoRoot, 'node_modules/.bin', name);
export const nodeModules = path.join(repoRoot, 'node_modules');
