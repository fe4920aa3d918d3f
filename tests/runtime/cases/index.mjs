// Every runtime-matrix case, in one list. Each case file exports an array of
// `{ name, run(kassa, env), runtimes? }`; `env` is `{ runtime, version, emulator? }`. A case with
// `runtimes` runs only there. Cases use only web-standard APIs so they run in every runtime.
import foundation from './foundation.mjs';
import client from './client.mjs';
import forms from './forms.mjs';
import verify from './verify.mjs';

export const cases = [...foundation, ...verify, ...client, ...forms];

/** Runs every case against `kassa`; resolves to `[{ name, ok, error? }]`. Never rejects. */
export async function runAll(kassa, env) {
  const results = [];
  for (const c of cases) {
    if (c.runtimes && !c.runtimes.includes(env.runtime)) continue;
    try {
      await c.run(kassa, env);
      results.push({ name: c.name, ok: true });
    } catch (err) {
      results.push({ name: c.name, ok: false, error: String((err && err.stack) || err) });
    }
  }
  return results;
}
