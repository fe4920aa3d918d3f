// Every runtime-matrix case, in one list. Each case file exports an array of
// `{ name, run(kassa, env, entries), runtimes?, rootOnly? }`; `env` is `{ runtime, version, emulator? }`
// and `entries` the modules `kassa/verify`, `kassa/forms`, `kassa/client`, `kassa/testing` as the
// target imported them. A case with `runtimes` runs only there. Cases use only web-standard APIs so
// they run in every runtime.
//
// Every case runs twice: against the root `kassa`, and (named `[entries] …`) against the same API
// assembled from the four entries only, so each entry's .wasm does its whole job in every runtime
// and every `instanceof kassa.KassaError` there crosses entries. `rootOnly` cases (entries.mjs)
// check the entries themselves and run once.
import foundation from './foundation.mjs';
import client from './client.mjs';
import forms from './forms.mjs';
import verify from './verify.mjs';
import entryCases, { assemble } from './entries.mjs';

export const cases = [...foundation, ...verify, ...client, ...forms, ...entryCases];

/** The entries a target imports, by specifier: `{ verify: 'kassa/verify', ... }`. */
export const ENTRIES = { verify: 'kassa/verify', forms: 'kassa/forms', client: 'kassa/client', testing: 'kassa/testing' };

/** Runs every case against `kassa` and against the entries; resolves to `[{ name, ok, error? }]`. Never rejects. */
export async function runAll(kassa, env, entries) {
  const results = [];
  const views = [['', kassa]];
  if (entries) views.push(['[entries] ', assemble(entries)]);
  else results.push({ name: 'the target imported the entries', ok: false, error: 'runAll was called without the entries' });
  for (const [prefix, view] of views) {
    for (const c of cases) {
      if (c.runtimes && !c.runtimes.includes(env.runtime)) continue;
      if (c.rootOnly && prefix) continue;
      try {
        await c.run(view, env, entries);
        results.push({ name: prefix + c.name, ok: true });
      } catch (err) {
        results.push({ name: prefix + c.name, ok: false, error: String((err && err.stack) || err) });
      }
    }
  }
  return results;
}
