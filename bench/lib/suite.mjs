// Runs every comparison group in one runtime and returns plain data (portable: Node, Deno, Chromium).
import { buildGroups } from './cases.mjs';
import { compare, timing } from './measure.mjs';

export async function runSuite(ctx, { quick = false, log = () => {} } = {}) {
  const { groups, problems } = await buildGroups(ctx);
  const out = [];
  for (const g of groups) {
    log(`  ${ctx.runtime}: ${g.id} (${g.impls.map((i) => i.impl).join(', ')})`);
    const results = await compare(g.impls, timing(quick));
    for (const r of results) {
      const note = g.impls.find((i) => i.impl === r.impl).note;
      if (note) r.note = note;
    }
    out.push({ id: g.id, title: g.title, results });
  }
  return { runtime: ctx.runtime, groups: out, problems };
}
