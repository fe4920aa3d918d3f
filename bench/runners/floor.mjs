// The harness floor of a Chromium cold start (bench/lib/cold-start.mjs, the `floor` row): a module as
// small as a loader can be that fetches kassa/verify's .wasm and reads its bytes, compiling nothing.
// Imported by cold.html exactly as an entry is, so its time is what any module that fetches a .wasm
// costs in this harness (a fresh context, the module's request, the .wasm's request) before kassa
// does anything.
const url = new URL('./node_modules/kassa/verify/kassa_verify_bg.wasm', import.meta.url);
const response = await fetch(url);
if (!response.ok) throw new Error(`floor: ${url} answered HTTP ${response.status}`);
export const bytes = (await response.arrayBuffer()).byteLength;
