// The demo merchant's order book: in memory, one per worker. Each order keeps a timeline of what
// happened to it — the requests the backend made, the notifications it received (with their
// verification result) — which the page shows as it is.

export const GATEWAYS = {
  'rbs-hmac': 'RBS payment gateway (HMAC-SHA256 callbacks)',
  'rbs-rsa': 'RBS payment gateway (RSA-SHA512 callbacks)',
  cashier: 'Mobile Cashier',
  koshelek: 'Koshelek Pay',
};

/** Final statuses: the page stops waiting when an order reaches one. */
const FINAL = new Set(['paid', 'declined', 'refunded', 'partially refunded', 'failed']);

export class OrderBook {
  #orders = new Map();
  #seq = 0;

  /** A new order for `gateway` of `amount` kopecks; its id doubles as the gateway's orderNumber. */
  create(gateway, amount) {
    const id = `demo-${Date.now().toString(36)}-${(++this.#seq).toString(36)}`;
    const order = {
      id, gateway, gatewayLabel: GATEWAYS[gateway], amount, refunded: 0,
      status: 'created', final: false, gatewayOrderId: null, redirect: null,
      seenNotifications: [], timeline: [],
    };
    this.#orders.set(id, order);
    return order;
  }

  get(id) {
    return this.#orders.get(id);
  }

  /** The order whose own id or gateway id is one of `ids`. */
  find(...ids) {
    for (const id of ids.filter(Boolean)) {
      if (this.#orders.has(id)) return this.#orders.get(id);
      for (const order of this.#orders.values()) if (order.gatewayOrderId === id) return order;
    }
    return undefined;
  }
}

/** Appends an event: `kind` is request | notification | status | error. `debug` is what the page's
 * notification debugger needs to replay a notification (never a secret). */
export function record(order, kind, title, { ok = null, detail = null, debug, at = new Date() } = {}) {
  order.timeline.push({ at: at.toISOString(), kind, title, ok, detail, debug });
}

/** Moves the order to `status` (and records it) unless it is already there. */
export function setStatus(order, status, why) {
  if (order.status === status) return;
  // A late or retried payment notification must not undo a refund already made.
  if (order.refunded > 0 && (status === 'paid' || status === 'declined')) return;
  order.status = status;
  order.final = FINAL.has(status);
  record(order, 'status', `Status: ${status}`, { ok: status !== 'declined' && status !== 'failed', detail: why });
}

/** After a refund of `amount` kopecks. */
export function addRefund(order, amount) {
  order.refunded = Math.min(order.amount, order.refunded + amount);
  setStatus(order, order.refunded >= order.amount ? 'refunded' : 'partially refunded', `${order.refunded} of ${order.amount} kopecks refunded`);
}

/** The order as the page sees it. */
export function view(order) {
  const { seenNotifications, timeline, ...rest } = order;
  // A request is recorded when its answer arrives but listed when it was sent, before what it caused.
  const sorted = timeline.map((e, i) => [e, i]).sort(([a, i], [b, j]) => a.at.localeCompare(b.at) || i - j).map(([e]) => e);
  return { ...rest, timeline: sorted, refundable: ['paid', 'partially refunded'].includes(order.status) ? order.amount - order.refunded : 0 };
}
