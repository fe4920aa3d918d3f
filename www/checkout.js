// The checkout page: creates an order through the shop backend, sends the buyer to the gateway's
// hosted page (a redirect to the RBS formUrl, or the Mobile Cashier form POST built by kassa), and
// when the buyer is back shows the order's timeline until its final status; refunds from here.
import { $, el, showError, describe, parseRubles, formatRubles, loadConfig, api, loadKassa } from './common.js';

const POLL_MS = 1000;
const MAX_POLLS = 600; // ten minutes, then the page asks for a reload

let kassa;
let config;
let current;

function fillCards(cards) {
  $('cards').tBodies[0].replaceChildren(...cards.map((c) =>
    el('tr', {}, el('td', {}, el('code', {}, c.pan.replace(/(\d{4})(?=\d)/g, '$1 '))), el('td', {}, c.expiry), el('td', {}, c.cvc), el('td', {}, c.result))));
}

/** Sends the buyer to the gateway: the page builds the redirect itself, with kassa where it is a form. */
function redirect(target) {
  if (target.type === 'cashierForm') {
    kassa.cashierPaymentForm({
      domain: target.domain, externalOrderId: target.externalOrderId,
      successUrl: target.successUrl, failUrl: target.failUrl, allowInsecureLocalhost: true,
    }).submit();
    return;
  }
  const url = new URL(target.url);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && ['127.0.0.1', 'localhost'].includes(url.hostname))) {
    throw new Error(`the gateway answered with a payment page URL that is not https: ${url.href}`);
  }
  location.assign(url.href);
}

async function pay(event) {
  event.preventDefault();
  showError('pay-error', '');
  const button = $('pay');
  button.disabled = true;
  button.textContent = 'Creating the order…';
  try {
    const amount = parseRubles($('amount').value);
    const gateway = new FormData($('pay-form')).get('gateway');
    const buyer = new FormData($('pay-form')).get('buyer');
    const order = await api(config, '/api/orders', { method: 'POST', body: { gateway, amount, buyer } });
    if (!order.redirect) {
      history.pushState(null, '', `?order=${encodeURIComponent(order.id)}`);
      render(order);
      return;
    }
    if (order.redirect.type === 'app') {
      // Koshelek Pay: the buyer confirms in the wallet app (in the emulator the test cardSession
      // decides) while the cash desk waits for the final status ("returned" runs
      // waitForFinalStatus) and the postback.
      sessionStorage.setItem(`kassa-demo:${order.id}`, 'redirected');
      history.pushState(null, '', `?order=${encodeURIComponent(order.id)}`);
      follow(order.id);
      return;
    }
    sessionStorage.setItem(`kassa-demo:${order.id}`, 'redirected');
    if (gateway.startsWith('rbs') && new FormData($('pay-form')).get('entry') === 'page') {
      current = order;
      $('checkout').hidden = true;
      $('card').hidden = false;
      $('card-pan').focus();
      return;
    }
    button.textContent = 'Opening the payment page…';
    redirect(order.redirect);
  } catch (err) {
    showError('pay-error', describe(err));
  } finally {
    button.disabled = false;
    button.textContent = 'Pay';
  }
}

function detailText(detail) {
  return typeof detail === 'string' ? detail : JSON.stringify(detail, null, 2);
}

function render(order) {
  current = order;
  $('checkout').hidden = true;
  $('order').hidden = false;
  $('order-id').textContent = order.id;
  $('order-gateway').textContent = order.gatewayLabel;
  $('order-amount').textContent = order.refunded
    ? `${formatRubles(order.amount)}, refunded ${formatRubles(order.refunded)}` : formatRubles(order.amount);
  const badge = $('order-status');
  badge.textContent = order.status;
  badge.className = `badge ${order.status.replace(/\s+/g, '-')}`;
  $('order-waiting').hidden = order.final;
  $('refund-form').hidden = !order.refundable;
  $('app-box').hidden = !(order.redirect?.type === 'app' && order.status === 'pending');
  if (order.refundable && document.activeElement !== $('refund-amount')) {
    $('refund-amount').placeholder = formatRubles(order.refundable);
  }
  $('timeline').replaceChildren(...order.timeline.map((e) => el('li', { class: `ev ev-${e.kind} ${e.ok === true ? 'ok' : e.ok === false ? 'bad' : ''}` },
    el('time', { datetime: e.at }, new Date(e.at).toLocaleTimeString()),
    el('span', { class: 'kind' }, e.kind),
    el('strong', {}, e.title, e.ok === true ? ' ✓' : e.ok === false ? ' ✗' : ''),
    e.detail?.verified ? el('p', { class: 'verified' }, `Verified: ${e.detail.verified}`) : null,
    e.detail === null ? null
      : e.ok === false && typeof e.detail === 'string' ? el('p', { class: 'why' }, e.detail)
        : el('details', { open: e.ok === false ? '' : undefined }, el('summary', {}, e.ok === false ? 'why' : 'details'), el('pre', {}, detailText(e.detail))),
    e.debug ? el('a', { class: 'debug-link', href: `./debugger.html#${encodeURIComponent(JSON.stringify(e.debug))}`, target: '_blank', rel: 'noopener' }, 'Open in the debugger') : null)));
}

/** The shop's own card form: paymentorder.do through the backend, then 3-D Secure 1 with rbs3dsForm. */
async function payWithCard(event) {
  event.preventDefault();
  showError('card-error', '');
  const expiry = $('card-expiry').value.trim();
  if (!/^\d{2}\/\d{2}$/.test(expiry)) return showError('card-error', 'The expiry must be MM/YY, for example 12/30.');
  $('card-pay').disabled = true;
  try {
    const { next } = await api(config, `/api/orders/${encodeURIComponent(current.id)}/card`, {
      method: 'POST', body: { pan: $('card-pan').value, expiry, cvc: $('card-cvc').value },
    });
    if (next.type === 'acs') {
      kassa.rbs3dsForm({ acsUrl: next.acsUrl, paReq: next.paReq, md: next.md, termUrl: next.termUrl, allowInsecureLocalhost: true }).submit();
    } else {
      redirect(next);
    }
  } catch (err) {
    showError('card-error', describe(err));
    $('card-pay').disabled = false;
  }
}

async function refund(amount) {
  showError('refund-error', '');
  try {
    render(await api(config, `/api/orders/${encodeURIComponent(current.id)}/refund`, { method: 'POST', body: { amount } }));
    $('refund-amount').value = '';
  } catch (err) {
    showError('refund-error', describe(err));
  }
}

async function follow(id) {
  $('checkout').hidden = true;
  $('order').hidden = false;
  $('order-id').textContent = id;
  const key = `kassa-demo:${id}`;
  let order;
  if (sessionStorage.getItem(key) === 'redirected') {
    sessionStorage.setItem(key, 'returned');
    order = await api(config, `/api/orders/${encodeURIComponent(id)}/returned`, { method: 'POST', body: {} });
  } else {
    order = await api(config, `/api/orders/${encodeURIComponent(id)}`);
  }
  render(order);
  for (let i = 0; i < MAX_POLLS; i++) {
    await new Promise((r) => setTimeout(r, POLL_MS));
    try {
      render(await api(config, `/api/orders/${encodeURIComponent(id)}`));
      showError('poll-error', '');
    } catch (err) {
      showError('poll-error', `Could not refresh the order: ${describe(err)}`);
    }
  }
  $('order-waiting').textContent = 'Stopped refreshing after ten minutes: reload the page to see newer events.';
}

async function main() {
  kassa = await loadKassa();
  config = await loadConfig();
  fillCards(config.testCards);
  $('pay-form').addEventListener('submit', pay);
  $('card-form').addEventListener('submit', payWithCard);
  const showEntry = () => {
    const gateway = new FormData($('pay-form')).get('gateway');
    $('entry').hidden = !gateway.startsWith('rbs');
    $('koshelek-buyer').hidden = gateway !== 'koshelek';
  };
  for (const input of document.querySelectorAll('input[name="gateway"]')) input.addEventListener('change', showEntry);
  showEntry();
  $('pay').disabled = false;
  document.body.dataset.ready = 'true';
  $('refund-form').addEventListener('submit', (e) => {
    e.preventDefault();
    try {
      refund(parseRubles($('refund-amount').value));
    } catch (err) {
      showError('refund-error', describe(err));
    }
  });
  $('refund-full').addEventListener('click', () => refund(current.refundable));
  const id = new URLSearchParams(location.search).get('order');
  if (id) await follow(id);
}

main().catch((err) => {
  const status = $('status');
  status.textContent = describe(err);
  status.classList.remove('ok');
  status.classList.add('bad');
});
