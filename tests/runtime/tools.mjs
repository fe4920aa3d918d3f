// Paths of the npm tools the matrix uses (from the repository's own node_modules).
import * as path from 'node:path';

export const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
export const bin = (name) => path.join(repoRoot, 'node_modules/.bin', name);
export const nodeModules = path.join(repoRoot, 'node_modules');

/** The entries every target imports beside the root (tests/runtime/cases/entries.mjs). */
export const ENTRY_NAMES = ['verify', 'forms', 'client', 'testing'];

/** ESM source: `import * as kassa from 'kassa'`, each entry, and `const entries = { ... }`. */
export const esmImports = () => `import * as kassa from 'kassa';
${ENTRY_NAMES.map((n) => `import * as entry_${n} from 'kassa/${n}';`).join('\n')}
const entries = { ${ENTRY_NAMES.map((n) => `${n}: entry_${n}`).join(', ')} };`;
