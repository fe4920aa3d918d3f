// Small helpers shared by the demo's pages.

export const $ = (id) => document.getElementById(id);

/** `el('li', { class: 'x' }, 'text', child)`: an element with attributes and children (text is escaped). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) node.setAttribute(k, v);
  for (const c of children.flat()) if (c !== undefined && c !== null) node.append(c instanceof Node ? c : String(c));
  return node;
}

/** Shows `message` in the `<p class="error">` with id `id` (or hides it when empty). */
export function showError(id, message) {
  $(id).hidden = !message;
  $(id).textContent = message ?? '';
}

/** A caught error in words: KassaError as "CODE: message", the rest by their message. */
export function describe(err) {
  return err?.code ? `${err.code}: ${err.message}` : String(err?.message ?? err);
}

/** "1 490,50" / "1490.5" → 149050 kopecks; throws an Error in words for anything else. */
export function parseRubles(text) {
  const clean = String(text).replace(/[\s\u00a0₽]/g, '').replace(',', '.');
  if (!/^\d+(\.\d{1,2})?$/.test(clean)) throw new Error(`“${text}” is not an amount in rubles (for example 1490.00)`);
  const kopecks = Math.round(Number(clean) * 100);
  if (kopecks <= 0) throw new Error('the amount must be more than zero');
  if (!Number.isSafeInteger(kopecks)) throw new Error('the amount is too large');
  return kopecks;
}

/** 149050 → "1 490.50 ₽". */
export function formatRubles(kopecks) {
  const rub = Math.floor(kopecks / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '\u2009');
  return `${rub}.${String(kopecks % 100).padStart(2, '0')} ₽`;
}

/** The demo's settings, written by scripts/demo.mjs when it starts (API URL, test cards, presets). */
export async function loadConfig() {
  let res;
  try {
    res = await fetch('/config/demo.json', { cache: 'no-store' });
  } catch {
    throw new Error('the demo server does not answer: is `make demo` still running?');
  }
  if (!res.ok) throw new Error('this page was not started by `make demo` (no /config/demo.json): run `make demo` and open the URL it prints');
  return res.json();
}

/** Calls the demo backend; resolves to its JSON or throws an Error with the backend's words. */
export async function api(config, path, { method = 'GET', body } = {}) {
  let res;
  try {
    res = await fetch(config.api + path, {
      method, body: body === undefined ? undefined : JSON.stringify(body),
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      signal: AbortSignal.timeout(30_000),
    });
  } catch (err) {
    throw new Error(err?.name === 'TimeoutError' ? 'the shop backend did not answer within 30 s' : 'the shop backend (workerd) is not reachable: is `make demo` still running?');
  }
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(data.error ?? `the shop backend answered HTTP ${res.status}`);
  return data;
}

/** Loads kassa and fills the status pill and footer; resolves to the module. */
export async function loadKassa() {
  const status = $('status');
  try {
    const kassa = await import('kassa');
    $('version').textContent = kassa.version();
    status.textContent = `kassa ${kassa.version()} loaded in this page`;
    status.classList.add('ok');
    return kassa;
  } catch (err) {
    status.textContent = `The kassa package did not load: ${describe(err)}. Run \`make demo\` again (it builds the package).`;
    status.classList.add('bad');
    throw err;
  }
}
