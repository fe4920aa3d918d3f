// Payment form types, merged into pkg/kassa.d.ts by scripts/build-pkg.mjs.

/**
 * The hidden fields of a form, in sending order: pairs (order kept exactly), any other iterable of
 * pairs (`Map`, `URLSearchParams`, a generator; iteration order) or a plain object (JavaScript's
 * key order, which puts integer-like keys such as `"10"` first).
 *
 * Every field goes through one check, whatever builder or option it came from:
 * - at most 1000 fields (`TOO_MANY_PARAMETERS`) and 1 MiB of names and values (`PAYLOAD_TOO_LARGE`);
 * - names non-empty and unique (`DUPLICATE_PARAMETER`), no control characters (`INVALID_ARGUMENT`);
 * - a field whose name ends in `url` or `uri` (any case, trailing `[]`/`_` ignored: `successUrl`,
 *   `TermUrl`, `backUrl`, `threeDSMethodNotificationURL`, `redirect_uri`) must be an absolute
 *   `https://` URL like a named URL option (`INVALID_URL` / `INSECURE_URL`);
 * - no value may read as a `javascript:`, `data:` or `vbscript:` URL, even spaced out, with
 *   controls, in any case, percent-encoded or as character references (`INVALID_URL`); so a
 *   free-text value starting with `Data:` is refused too.
 */
export type PaymentFormFields =
  | ReadonlyArray<readonly [string, string]>
  | Iterable<readonly [string, string]>
  | Readonly<Record<string, string>>;

/** Options of {@link cashierPaymentForm} (Mobile Cashier "Payment Form"). */
export interface CashierPaymentFormOptions {
  /** The Mobile Cashier domain as a bare hostname, e.g. `"example.com"`: the form posts to `https://payment.{domain}/{externalOrderId}`. */
  domain: string;
  /** The `externalOrderId` the order-creation call returned (sent as one percent-encoded path segment). */
  externalOrderId: string;
  /** Absolute https URL the buyer returns to after a successful payment (hidden field `successUrl`); no user name or password, at most 16 KiB. */
  successUrl?: string;
  /** Absolute https URL the buyer returns to after a failed payment (hidden field `failUrl`). */
  failUrl?: string;
  /** More hidden fields, sent after successUrl and failUrl (see {@link PaymentFormFields} for the rules: a `successUrl` here is checked like the option). */
  fields?: PaymentFormFields;
  /** Accept a loopback host as the domain — `localhost[:PORT]`, `*.localhost[:PORT]` (posting to `payment.` that host) or `127.x.y.z[:PORT]` (posting to it directly) — and http URLs to loopback hosts (localhost, *.localhost, 127.0.0.0/8, [::1]) (a local emulator). Default false. */
  allowInsecureLocalhost?: boolean;
}

/** Options of {@link rbs3dsForm}: paymentorder.do's 3-D Secure 1 answer. */
export interface Rbs3dsFormOptions {
  /** `acsUrl` from paymentorder.do. */
  acsUrl: string;
  /** `paReq` from paymentorder.do (sent as `PaReq`). */
  paReq: string;
  /** Merchant data the ACS echoes back, usually the order id (sent as `MD`). */
  md: string;
  /** `termUrl` from paymentorder.do (sent as `TermUrl`). */
  termUrl: string;
  /** Accept http URLs to loopback hosts: localhost, *.localhost, 127.0.0.0/8 (dotted quad), [::1] (a local emulator). Default false. */
  allowInsecureLocalhost?: boolean;
}

/** Options of {@link rbs3ds2ChallengeForm}: paymentorder.do's 3-D Secure 2 challenge answer. */
export interface Rbs3ds2ChallengeFormOptions {
  /** `acsUrl` from paymentorder.do. */
  acsUrl: string;
  /** `packedCReq` from paymentorder.do (sent as `creq`). */
  creq: string;
  /** Optional session data the ACS returns with the result (sent as `threeDSSessionData`). */
  threeDSSessionData?: string;
  /** Accept http URLs to loopback hosts: localhost, *.localhost, 127.0.0.0/8 (dotted quad), [::1] (a local emulator). Default false. */
  allowInsecureLocalhost?: boolean;
}

/** Options of {@link rbs3dsMethodForm}: paymentorder.do's first 3-D Secure 2 answer. */
export interface Rbs3dsMethodFormOptions {
  /** `threeDSMethodURL` from paymentorder.do. */
  threeDSMethodURL: string;
  /** `threeDSMethodDataPacked` from paymentorder.do (sent as `threeDSMethodData`). */
  threeDSMethodData: string;
  /** Accept http URLs to loopback hosts: localhost, *.localhost, 127.0.0.0/8 (dotted quad), [::1] (a local emulator). Default false. */
  allowInsecureLocalhost?: boolean;
}

/** Options of {@link rbsAcsRedirectUrl}: a gateway (by base URL or environment) and the order id. */
export type RbsAcsRedirectUrlOptions =
  | {
      /** The gateway's API URL (`https://host/payment/rest/`) or payment root (`https://host/payment/`). */
      baseUrl: string;
      environment?: never;
      /** The orderId register.do returned. */
      orderId: string;
      /** Accept an http baseUrl to loopback hosts: localhost, *.localhost, 127.0.0.0/8 (dotted quad), [::1] (a local emulator). Default false. */
      allowInsecureLocalhost?: boolean;
    }
  | {
      /** VTB's test (`https://vtb.rbsuat.com`) or production (`https://platezh.vtb24.ru`) gateway. */
      environment: 'test' | 'production';
      baseUrl?: never;
      /** The orderId register.do returned. */
      orderId: string;
      allowInsecureLocalhost?: boolean;
    };

/** Options of {@link PaymentForm.toHtml}. */
export interface PaymentFormHtmlOptions {
  /** Add an inline script that submits the form at once; needs `nonce`. The button then sits in `<noscript>`. */
  autoSubmit?: boolean;
  /** The page's CSP nonce (`script-src 'nonce-...'`) for the autoSubmit script. */
  nonce?: string;
  /** The submit button's text. Default "Continue". */
  buttonLabel?: string;
  /** The form's target: `_self`, `_blank`, `_parent`, `_top` or a frame name. */
  target?: string;
}

/** Options of {@link PaymentForm.submit}. */
export interface PaymentFormSubmitOptions {
  /** Where to navigate: `_self` (default), `_blank`, `_parent`, `_top` or a frame name (e.g. a hidden 3DS Method iframe). */
  target?: string;
}

/** The methods of `PaymentForm` (merged into the class wasm-bindgen declares, with its getters). */
export interface PaymentForm {
  /** The form as an HTML fragment; every attribute and text escaped; no script unless
   * `autoSubmit` with the page's CSP `nonce`. */
  toHtml(options?: PaymentFormHtmlOptions): string;
  /** The form as an `HTMLFormElement` of `document` (default: the global `document`), with its
   * hidden inputs and no button; not attached to the page. */
  toElement(document?: Document): HTMLFormElement;
  /** Builds the form in the global `document`, appends it (hidden) to the body and submits it:
   * a real navigation of `target` (default the current page). */
  submit(options?: PaymentFormSubmitOptions): void;
}
