// The notification debugger page: reads the fields, runs diagnose.js, shows the verdict, the
// reasons, the checksums (differences marked), the canonical string and the parameters.
import { $, el, describe, loadKassa } from './common.js';
import { diagnoseRbs, diagnoseCashier, diagnoseKoshelek } from './diagnose.js';

let kassa;
let presets;
const kind = () => document.querySelector('input[name="kind"]:checked').value;
const rbsKeyKind = () => document.querySelector('input[name="rbs-key"]:checked').value;

function showPanels() {
  for (const k of ['rbs', 'cashier', 'koshelek']) $(`panel-${k}`).hidden = k !== kind();
  const rsa = rbsKeyKind() === 'rsa';
  $('rbs-hmac-label').hidden = rsa;
  $('rbs-rsa-fields').hidden = !rsa;
  $('result').hidden = true;
}

/** The canonical string with its `;` separators greyed, so empty values and spaces are visible. */
function canonicalNodes(text) {
  return text.split(/(;)/).map((part) => (part === ';' ? el('span', { class: 'sep' }, ';') : part.replace(/ /g, '␠')));
}

/** `text` with the characters that differ from `other` (case-insensitively) marked. */
function hexNodes(text, other) {
  return [...text].map((c, i) => (other && c.toLowerCase() !== (other[i] ?? '').toLowerCase() ? el('mark', {}, c) : c));
}

const VERIFIERS = { rbs: 'RbsCallbackVerifier', cashier: 'CashierWebhookVerifier', koshelek: 'KoshelekPostbackVerifier' };

function run() {
  let out;
  try {
    if (typeof kassa[VERIFIERS[kind()]] !== 'function') {
      throw new Error(`This build of the kassa package has no ${VERIFIERS[kind()]} yet: rebuild it (make demo) once the verifiers are merged.`);
    }
    if (kind() === 'rbs') {
      const input = $('rbs-input').value;
      if (!input.trim()) throw new Error('Paste a callback first: its URL, query string, form body or JSON body.');
      const key = rbsKeyKind() === 'hmac' ? { hmacKey: $('rbs-hmac').value } : { publicKey: $('rbs-pem').value, hash: $('rbs-hash').value };
      if (key.hmacKey === '' || key.publicKey?.trim() === '') throw new Error('Paste the key too: the HMAC key, or the public key or certificate for RSA.');
      out = diagnoseRbs(kassa, input, key);
    } else if (kind() === 'cashier') {
      if (!$('cashier-body').value) throw new Error('Paste the raw body of the webhook first.');
      out = diagnoseCashier(kassa, $('cashier-body').value, $('cashier-sign').value, $('cashier-key').value.trim() || undefined);
    } else {
      out = diagnoseKoshelek(kassa, $('koshelek-auth').value, $('koshelek-body').value, $('koshelek-login').value, $('koshelek-password').value);
    }
  } catch (err) {
    out = { valid: false, reason: describe(err), findings: [], notes: [], params: [] };
  }
  render(out);
}

function render(out) {
  $('result').hidden = false;
  const verdict = $('verdict');
  verdict.className = `verdict ${out.valid ? 'ok' : 'bad'}`;
  verdict.textContent = out.valid ? 'Valid — genuine: the signature matches.' : `Not valid${out.code ? ` (${out.code})` : ''}: ${out.reason}`;
  $('findings').replaceChildren(...out.findings.map((f) => el('li', {}, f)), ...out.notes.map((n) => el('li', { class: 'note' }, n)));
  $('checksums').hidden = !out.received && !out.expected;
  $('received').replaceChildren(...hexNodes(out.received ?? '(none)', out.expected));
  $('expected-row').hidden = !out.expected;
  $('expected').replaceChildren(...hexNodes(out.expected ?? '', out.received));
  $('canonical-box').hidden = out.canonical === undefined;
  $('canonical').replaceChildren(...canonicalNodes(out.canonical ?? ''));
  $('params-box').hidden = !out.params?.length;
  $('params').tBodies[0].replaceChildren(...(out.params ?? []).map(([n, v]) => el('tr', {}, el('td', {}, el('code', {}, n)), el('td', {}, v === '' ? el('em', {}, '(empty)') : v))));
}

/** A genuine notification signed in this page with kassa (and the emulator's keys when known). */
function example() {
  const hmacKey = presets?.rbsHmacKey ?? 'yourSecretToken';
  if (kind() === 'rbs') {
    document.querySelector('input[name="rbs-key"][value="hmac"]').checked = true;
    showPanels();
    const qs = kassa.signRbsCallback({ mdOrder: '3ff6962a-7dcc-4283-ab50-a6d7dd3386fe', orderNumber: '10747', operation: 'deposited', status: '1', amount: '149000' }, { hmacKey });
    $('rbs-input').value = `https://shop.example/payments/callback?${qs}`;
    $('rbs-hmac').value = hmacKey;
  } else if (kind() === 'koshelek') {
    const login = presets?.koshelek.login ?? 'partner';
    const password = presets?.koshelek.password ?? 'secret';
    $('koshelek-login').value = login;
    $('koshelek-password').value = password;
    $('koshelek-auth').value = `Basic ${btoa(String.fromCharCode(...new TextEncoder().encode(`${login}:${password}`)))}`;
    $('koshelek-body').value = JSON.stringify({ transactionId: 'tx-10747', status: 'PAID', amount: 149000 });
  } else {
    $('result').hidden = false;
    render({ valid: false, reason: 'A Mobile Cashier example needs the gateway\'s private key, which no page has: pay with Mobile Cashier on the checkout page and copy the webhook from the timeline, or paste one your server logged.', findings: [], notes: [] });
    return;
  }
  run();
}

function usePresets() {
  if (!presets) return;
  $('rbs-hmac').value = presets.rbsHmacKey;
  $('rbs-pem').value = presets.rbsPublicKeys[0]?.pem ?? '';
  $('cashier-key').value = presets.cashierPublicKey;
  $('koshelek-login').value = presets.koshelek.login;
  $('koshelek-password').value = presets.koshelek.password;
  if (!$('result').hidden) run();
}

async function main() {
  kassa = await loadKassa();
  try {
    const res = await fetch('/config/demo.json', { cache: 'no-store' });
    if (res.ok) presets = (await res.json()).presets;
  } catch { /* the debugger works without the demo's presets */ }
  $('presets').hidden = !presets;
  for (const input of document.querySelectorAll('input[name="kind"], input[name="rbs-key"]')) input.addEventListener('change', showPanels);
  $('check').addEventListener('click', run);
  $('example').addEventListener('click', example);
  $('presets').addEventListener('click', usePresets);
  showPanels();
  $('check').disabled = false;
  document.body.dataset.ready = 'true';
  if (location.hash.length > 1) replay(location.hash.slice(1));
}

/** A notification handed over by the checkout page's timeline (`debugger.html#<JSON>`), checked with
 * the emulator's keys. */
function replay(hash) {
  let n;
  try {
    n = JSON.parse(decodeURIComponent(hash));
  } catch {
    return;
  }
  usePresets();
  document.querySelector(`input[name="kind"][value="${n.kind}"]`).checked = true;
  if (n.kind === 'rbs') {
    document.querySelector(`input[name="rbs-key"][value="${n.key === 'rsa' ? 'rsa' : 'hmac'}"]`).checked = true;
    $('rbs-input').value = n.input;
  } else if (n.kind === 'cashier') {
    $('cashier-body').value = n.body;
    $('cashier-sign').value = n.sign ?? '';
  } else {
    // The demo's backend does not keep a postback's Authorization header: it carries the password.
    $('koshelek-body').value = n.body;
    showPanels();
    $('koshelek-auth').placeholder = 'Basic … — paste the header your server received (the demo does not keep it: it holds the password)';
    $('koshelek-auth').focus();
    return;
  }
  showPanels();
  run();
}

main().catch((err) => {
  $('status').textContent = describe(err);
  $('status').classList.add('bad');
});
