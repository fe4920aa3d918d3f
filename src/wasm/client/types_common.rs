//! TypeScript declarations shared by the three clients.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const COMMON_TS: &'static str = r#"
/** Any JSON value (object parameters such as jsonParams and orderBundle, gateway answers). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
/** A JSON object. */
export type JsonObject = { [key: string]: JsonValue };

/** A fetch-compatible function (the runtime's global fetch by default). */
export type FetchLike = (input: string, init: {
  method: string; headers: [string, string][]; body?: Uint8Array; signal: AbortSignal;
}) => Promise<Response>;

/** Options every client accepts. */
export interface ClientTransportOptions {
  /** Used instead of globalThis.fetch (edge platforms with bindings, tests, proxies). */
  fetch?: FetchLike;
  /** Per-request timeout in milliseconds (AbortController). Default 30000. */
  timeoutMs?: number;
  /** How often a request may be repeated where repeating is safe. Default 3. */
  maxRetries?: number;
  /** Allow constructing a client that holds secrets in a browser page. Default false: such a
   *  construction throws SECRETS_IN_BROWSER, because every visitor could read the credentials. */
  dangerouslyAllowBrowser?: boolean;
}

/** Options of waitForFinalStatus. */
export interface WaitOptions {
  /** When to give up (rejects with TIMEOUT): a Date or epoch milliseconds. */
  deadline: Date | number;
}
"#;
