// Type declarations of the npm package `kassa-sandbox`.

/** A fetch-like function: what `globalThis.fetch`, Hono's `app.fetch` or a worker's handler are. */
export type FetchLike = (request: Request) => Response | Promise<Response>;

/** Options of {@link createSandbox}; the named ones are the native binary's flags. */
export interface SandboxOptions {
  /** The port its URLs name (`http://127.0.0.1:PORT`); no socket is opened. Default 8787. */
  port?: number;
  /** Attempts per RBS callback / Koshelek postback (`--callback-attempts`, default 3). */
  callbackAttempts?: number;
  /** Pause between attempts (`--callback-interval-ms`, default 30000). */
  callbackIntervalMs?: number;
  /** Mobile Cashier webhook attempts (`--webhook-attempts`, default 10). */
  webhookAttempts?: number;
  /** Callback URL of every RBS test merchant and the Koshelek postback URL (`--merchant-callback-url`). */
  merchantCallbackUrl?: string;
  /** How long `*_IN_PROGRESS` / `PROCESSING` states last (`--settle-ms`, default 200). */
  settleMs?: number;
  /** Mobile Cashier access-token lifetime (`--access-ttl-secs`, default 900). */
  accessTtlSecs?: number;
  /** No log line per request (default `true` in process; `false` sends them to `log`). */
  quiet?: boolean;
  /** More flags, exactly as the native binary takes them. */
  args?: string[];
  /**
   * Delivers notifications (RBS callbacks, Mobile Cashier webhooks, Koshelek postbacks): called
   * with a `Request`, its `Response` status counts (200 = delivered). Default: the runtime's
   * `fetch`. URLs of the sandbox itself are always answered in process. The sandbox only sends to
   * loopback URLs (127.0.0.1, localhost, *.localhost); others are recorded, not sent.
   */
  deliver?: FetchLike;
  /**
   * The clock (milliseconds since the epoch). Default `Date.now`, or with `timers: 'manual'` the
   * time of creation, standing still. `advance` adds to it.
   */
  now?: () => number;
  /**
   * `'real'` (default): timers (callback intervals, settling, expiry checks, `delay` faults) fire
   * by `setTimeout` (unref'd: they never keep a process alive) or earlier by `advance`.
   * `'manual'`: only `advance` fires them, and the default clock stands still between advances.
   */
  timers?: 'real' | 'manual';
  /** Where log lines go when `quiet` is false. Default `console.error`. */
  log?: (line: string) => void;
}

/** A test card of the startup object. */
export interface TestCard { pan: string; expiry: string; cvc: string; result: string }

/** An RBS test merchant of the startup object. */
export interface SandboxMerchant {
  name: string; userName: string; password: string; token: string;
  callbacks: 'none' | 'hmac' | 'rsa'; callbackMethod: 'GET' | 'POST'; callbackUrl: string | null;
  requiresSignature: boolean; requestSigningKey?: string; requestSigningCertificate?: string;
}

/** The startup object: what the native binary prints first and serves at `/__admin/config`. */
export interface SandboxConfig {
  kassaSandbox: string; kassa: string; baseUrl: string; port: number; admin: string; echo: string;
  www: string | null; pkg: string | null; callbackAttempts: number; callbackIntervalMs: number;
  rbs: {
    baseUrl: string; paymentBaseUrl: string; merchants: SandboxMerchant[]; hmacKey: string;
    publicKeys: { alias: string; pem: string; hash: string }[]; testCards: TestCard[];
  };
  cashier: {
    baseUrl: string; login: string; password: string; tspId: number; tspCode: string;
    paymentDomain: string; paymentUrl: string; publicKey: string;
  };
  koshelek: {
    baseUrl: string; partner: string; login: string; password: string; storeId: string; terminalId: string;
    partnerLogin: string; partnerPassword: string; postbackUrl: string | null; [more: string]: unknown;
  };
  [more: string]: unknown;
}

/** One notification the sandbox sent, with its delivery attempts (`/__admin/notifications`). */
export interface SandboxNotification {
  id: number; gateway: 'rbs' | 'cashier' | 'koshelek'; merchant: string; orderId: string;
  method: 'GET' | 'POST'; url: string; headers: [string, string][]; body: string; params: [string, string][];
  attempts: { time: number; status: number | null; error: string | null }[]; delivered: boolean;
}

/** One request the sandbox received (`/__admin/requests`). */
export interface SandboxRequest {
  id: number; time: number; method: string; path: string; query: string; host: string;
  headers: [string, string][]; body: string; status: number; fault: string | null;
}

/** A scripted fault (`POST /__admin/faults`). */
export interface SandboxFault {
  endpoint: string;
  kind: 'delay' | '429' | '500' | '502' | 'close_before' | 'close_after';
  count?: number; delayMs?: number; retryAfter?: number; method?: string;
}

/** A running in-process sandbox. */
export interface Sandbox {
  /** The startup object (base URLs, credentials, keys, test cards). */
  readonly config: SandboxConfig;
  /**
   * Answers like the HTTP server: every API route, hosted payment page, 3-D Secure page and admin
   * route. Takes what `fetch` takes (a path is taken relative to `config.baseUrl`); only URLs of
   * this sandbox (127.0.0.1 / localhost / *.localhost on its port). A `close_*` fault rejects
   * with a `TypeError`, as a dropped connection does.
   */
  fetch(input: Request | URL | string, init?: RequestInit): Promise<Response>;
  /** The shape kassa's clients call a `fetch` option with (its body typed `Uint8Array`). */
  fetch(input: string, init: {
    method: string; headers: [string, string][]; body?: Uint8Array; signal?: AbortSignal; redirect?: RequestRedirect;
  }): Promise<Response>;
  /** Every notification sent so far (optionally filtered). */
  notifications(query?: { since?: number; gateway?: 'rbs' | 'cashier' | 'koshelek'; orderId?: string }): Promise<SandboxNotification[]>;
  /** Every request received so far (optionally filtered). */
  requests(query?: { since?: number; path?: string }): Promise<SandboxRequest[]>;
  /** Scripted faults. */
  readonly faults: {
    add(fault: SandboxFault | SandboxFault[]): Promise<unknown>;
    list(): Promise<unknown[]>;
    clear(): Promise<unknown>;
  };
  /** Any admin route: `admin('POST', '/cashier/orders/ID/pay')` (JSON in, JSON out). */
  admin(method: string, path: string, body?: unknown): Promise<any>;
  /** Forgets orders, logs and faults (`POST /__admin/reset`). */
  reset(): Promise<unknown>;
  /** The sandbox's clock: `now()` plus everything advanced. */
  now(): number;
  /**
   * Moves the clock forward by `ms`, firing every timer that comes due on the way in order, and
   * lets what they start (deliveries through `deliver`, retries) run before resolving.
   */
  advance(ms: number): Promise<void>;
  /** Stops it: timers never fire, `fetch` rejects. */
  close(): void;
}

/** Starts an emulator in this process (Node, Deno, Cloudflare Workers, browsers). */
export function createSandbox(options?: SandboxOptions): Promise<Sandbox>;

/** The port an in-process sandbox's URLs name by default (8787). */
export const IN_PROCESS_PORT: number;
