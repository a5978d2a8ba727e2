// Types of mixpay-checkout 0.1.0: the window.MixPayCheckout API (also the ES module's
// named export), its parameters, the events fired on [data-mixpay-checkout] and
// [data-mixpay-result] elements and the elements' data attributes. Every type is exported
// by name (`import type { MixPayCreatedDetail } from 'mixpay-checkout'`). Importing the
// package, or `/// <reference types="mixpay-checkout" />` on a page with the script tag,
// also types `window.MixPayCheckout` and the mixpay:* events of addEventListener.

/** The ES module entry's export (`import { MixPayCheckout } from 'mixpay-checkout'`): the
 * same object as window.MixPayCheckout, or undefined where there is no window (Node,
 * server-side rendering), where importing the module does nothing. */
export declare const MixPayCheckout: MixPayCheckoutApi | undefined;

/** The parameters of POST /v1/one_time_payment plus the widget options, for validate()
 * and create(): the rows of the core's parameter table (the module gives the script the
 * same names; a key that is in no row is ignored). Values are sent unchanged as text;
 * numbers and booleans are converted with String(). */
export interface MixPayCheckoutParams {
  /** Required. A UUID, or a 32-hex-digit account id. */
  payeeId?: string;
  /** Required. A positive decimal as text ("10", "0.5", "10.50"): no sign, no exponent. */
  quoteAmount?: string | number;
  /** Required. A UUID or a fiat code such as "usd". */
  quoteAssetId?: string;
  /** Required. A UUID. */
  settlementAssetId?: string;
  /** true / false / 1 / 0; defaults to true; sent as 1 / 0. */
  isTemp?: string | boolean | number;
  /** A UUID. */
  paymentAssetId?: string;
  /** At most 50 characters. */
  remark?: string;
  /** An integer 1–31536000. */
  expireSeconds?: string | number;
  /** A UUID. When absent, a random UUID v4 is generated for each attempt and reused
   * by every retry of that attempt; a button remembers it for its configuration (see
   * the README, "Attempts"). */
  traceId?: string;
  /** 6–36 of A-Z a-z 0-9 _ -. Optional for the widget (a traceId is always sent). */
  orderId?: string;
  /** At most 200 characters. */
  settlementMemo?: string;
  /** An absolute http(s) URL; {traceId} and {orderId} are replaced, URL-encoded. */
  returnTo?: string;
  /** An absolute http(s) URL; {traceId} and {orderId} are replaced, URL-encoded. The
   * page goes there when an attempt fails, unless mixpay:error is canceled. */
  failedReturnTo?: string;
  /** An absolute https URL. */
  callbackUrl?: string;
  /** A Unix time more than 10 s and less than 240 min ahead. */
  expiredTimestamp?: string | number;
  /** Where one_time_payment is posted. Default "https://api.mixpay.me/v1". */
  apiBase?: string;
  /** The buyer is sent to `<payBase>/code/<code>`. Default "https://mixpay.me". */
  payBase?: string;
  /** The button's text. Default "Pay with crypto". */
  label?: string;
  /** Milliseconds one request may take, 1000–120000. Default 15000. */
  timeout?: string | number;
  /** Retries of a transient failure, 0–5, with jittered backoff. Default 3. */
  retries?: string | number;
  /** Server-created payments: the merchant's endpoint that creates the payment from
   * traceId, orderId and codeFields and answers {code}. The payment parameters are then
   * not read. */
  codeEndpoint?: string;
  /** With codeEndpoint: further fields to send, by name. */
  codeFields?: Record<string, string>;
}

/** The data attributes of a checkout element, by dataset key (`data-quote-amount` ->
 * `quoteAmount`); every value is a string. The element's other data-* attributes are
 * sent to a code endpoint only when data-code-params names them. data-mixpay-state is
 * the widget's own (read it with MixPayCheckout.state()). */
export interface MixPayCheckoutDataset {
  /** `data-mixpay-checkout`, the marker (its value is not read). */
  mixpayCheckout?: string;
  payeeId?: string;
  quoteAmount?: string;
  quoteAssetId?: string;
  settlementAssetId?: string;
  isTemp?: string;
  paymentAssetId?: string;
  remark?: string;
  expireSeconds?: string;
  traceId?: string;
  orderId?: string;
  settlementMemo?: string;
  returnTo?: string;
  failedReturnTo?: string;
  callbackUrl?: string;
  expiredTimestamp?: string;
  apiBase?: string;
  payBase?: string;
  label?: string;
  timeout?: string;
  retries?: string;
  codeEndpoint?: string;
  /** With codeEndpoint: the names of the element's other data-* attributes to send
   * (`"product-id quantity"`), at most 16. */
  codeParams?: string;
  /** The language of the button's text ("en", "es", "ja", "ru", "zh"). */
  locale?: string;
  theme?: 'light' | 'dark' | 'auto';
  /** Present (and not "false"): configuration errors and failures shown in full. */
  debug?: string;
}

/** A button's state, also on its element as `data-mixpay-state`: `loading` (drawn and
 * clickable; a click waits for the module), `ready`, `invalid` (the reason is shown),
 * `busy` (an attempt runs, or a click waits), `error` (the last attempt failed; the
 * reason is shown and the button can be clicked again), `unavailable` (the module
 * cannot start). */
export type MixPayCheckoutState = 'loading' | 'ready' | 'invalid' | 'busy' | 'error' | 'unavailable';

/** One configuration error; `field` is the parameter or option name. */
export interface MixPayFieldError {
  field: string;
  message: string;
}

/** Why an attempt failed (after its retries). */
export type MixPayFailureKind = 'network' | 'timeout' | 'http' | 'api' | 'response';

export interface MixPayInvalidDetail {
  errors: MixPayFieldError[];
}

export interface MixPayRequestDetail {
  traceId: string;
  orderId: string | null;
}

export interface MixPayCreatedDetail {
  /** The payment code, a lowercase UUID. */
  code: string;
  /** `<payBase>/code/<code>`, where the page goes unless the event is canceled. */
  url: string;
  traceId: string;
  orderId: string | null;
}

export interface MixPayErrorDetail {
  kind: MixPayFailureKind;
  /** The HTTP status, 0 when there was no HTTP answer. */
  status: number;
  /** The API's error code for kind "api", else 0. */
  code: number;
  /** A plain-language reason, safe to show as text. */
  message: string;
}

/** What the result element ([data-mixpay-result]) read, each time it asked. */
export interface MixPayResultDetail {
  /** MixPay's documented statuses; only success and failed are final, and only success
   * means paid (which only the merchant's server may conclude, by verifying). */
  status: 'unpaid' | 'pending' | 'success' | 'failed' | 'auditing' | 'confirming' | 'paid_less';
  traceId: string;
  orderId: string;
  quoteAmount: string;
  quoteSymbol: string;
  failureCode: string;
  failureReason: string;
}

export interface MixPayCreateResult {
  code: string;
  url: string;
  traceId: string;
}

/** The rejection of create(): an attempt failure, or invalid parameters. */
export type MixPayCreateError =
  | (Error & { kind: MixPayFailureKind; status: number; code: number })
  | (Error & { kind: 'invalid'; errors: MixPayFieldError[] });

/** Page-wide settings, for configure(): the same as the script tag's attributes, and
 * like them the page's word over any element's. */
export interface MixPayCheckoutOptions {
  /** The folder the .wasm, the translations and (on a page with a [data-mixpay-result]
   * element) mixpay-result.js are fetched from (absolute, or relative to the page), e.g.
   * "/assets/mixpay/" or "https://cdn.example/mixpay-checkout/0.1.0/". Default: beside
   * the script or the ES module itself. The integrity hashes built into the script still
   * decide whether a file is used. */
  assetsUrl?: string;
  /** Pins, the page's own word over any element's (as the script tag's data-payee-ids,
   * data-api-base and data-pay-base): the only payees a button may pay (a list, or one
   * space-separated string); an element with another payeeId is invalid. */
  payeeIds?: string | readonly string[];
  /** The only API base a button may post to: it fills an element that sets none, and an
   * element that sets another is invalid. With payeeIds or apiBase pinned, a
   * data-code-endpoint must be on the page's own origin. */
  apiBase?: string;
  /** The only payment page base a button may send the buyer to, pinned like apiBase. */
  payBase?: string;
}

/** The events fired on checkout and result elements; they bubble. */
export interface MixPayEventMap {
  'mixpay:ready': CustomEvent<null>;
  'mixpay:invalid': CustomEvent<MixPayInvalidDetail>;
  /** Cancelable: preventDefault() stops the attempt before anything is sent. */
  'mixpay:request': CustomEvent<MixPayRequestDetail>;
  /** Cancelable: preventDefault() keeps the page. */
  'mixpay:created': CustomEvent<MixPayCreatedDetail>;
  /** Cancelable: preventDefault() stops the navigation to failedReturnTo. */
  'mixpay:error': CustomEvent<MixPayErrorDetail>;
  /** On a [data-mixpay-result] element: the payment's status, for the buyer's eyes only. */
  'mixpay:result': CustomEvent<MixPayResultDetail>;
}

export interface MixPayCheckoutApi {
  /** Resolves when the WebAssembly module is loaded; rejects when it cannot start,
   * with an Error whose `reason` is the sentence the buttons show (WebAssembly turned
   * off or blocked by the page's Content-Security-Policy, a file missing or not
   * matching its published integrity hash). */
  readonly ready: Promise<void>;
  /** Every configuration error at once; empty when valid. Throws before `ready`. */
  validate(params: MixPayCheckoutParams): MixPayFieldError[];
  /** Creates the payment (with retries) without navigating. Rejects with a
   * MixPayCreateError. */
  create(params: MixPayCheckoutParams): Promise<MixPayCreateResult>;
  /** Renders a button into `element` now (once per element), configured by its
   * data-* attributes. */
  mount(element: Element): void;
  /** Page-wide settings. Call it before the first button is drawn: in the code that
   * imports the module, right after the import (it throws afterwards, and for an
   * option this version does not know). */
  configure(options: MixPayCheckoutOptions): void;
  /** Where the element's button stands (its `data-mixpay-state`); null for an element
   * without a button (yet). */
  state(element: Element): MixPayCheckoutState | null;
  readonly version: string;
}

declare global {
  interface Window {
    /** There once the script (or the ES module) has run, in a browser. */
    MixPayCheckout: MixPayCheckoutApi | undefined;
  }
  /** There once the script (or the ES module) has run, in a browser. */
  var MixPayCheckout: MixPayCheckoutApi | undefined;

  // All events are CustomEvents on the [data-mixpay-checkout] (or [data-mixpay-result])
  // element; they bubble to the document and the window. ElementEventMap is what
  // querySelector()'s Element uses; HTMLElementEventMap extends it.
  interface ElementEventMap extends MixPayEventMap {}
  interface HTMLElementEventMap extends MixPayEventMap {}
  interface DocumentEventMap extends MixPayEventMap {}
  interface WindowEventMap extends MixPayEventMap {}
}
