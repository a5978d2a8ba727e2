// What a payments_result answer says, for the buyer's eyes: the status and the few fields
// the result element shows, read as own data properties; and the result element's words.
import { ObjectCreate, own } from './guards.js';
import { say } from './words.js';

// The result element's English, under every translation (which has these keys too): only
// mixpay-result.js carries it, not the button's script.
export const RESULT_ENGLISH = {
  'r.checking': 'Checking your payment\u2026',
  'r.unpaid': 'Waiting for your payment.',
  'r.pending': 'Payment received, being processed\u2026',
  'r.confirming': 'Waiting for network confirmations\u2026',
  'r.auditing': 'Payment received, under review\u2026',
  'r.paid_less': 'You paid less than the amount due.',
  'r.success': 'Payment received. Thank you!',
  'r.failed': 'The payment failed: {reason}',
  'r.unknown': 'This payment could not be found.',
  'r.error': 'The payment status could not be checked. Reload the page to try again.',
  'r.waiting': 'Still waiting for the payment. Reload the page to check again.',
};

// Every status MixPay documents; only success and failed are final.
export const STATUSES = ['unpaid', 'pending', 'success', 'failed', 'auditing', 'confirming', 'paid_less'];
export const isFinal = (status) => status === 'success' || status === 'failed';
const FIELDS = ['status', 'traceId', 'orderId', 'quoteAmount', 'quoteSymbol', 'failureCode', 'failureReason'];

const text = (value) => (typeof value === 'string' ? value : '');

// A payments_result answer (already parsed, at most 64 KiB) and its HTTP status: the
// fields the buyer may be shown, or a failure {kind, status, code, message}.
export function readResult(answer, httpStatus, ok) {
  const data = own(answer, 'data');
  if (own(answer, 'success') === true && data !== null && typeof data === 'object' &&
      STATUSES.indexOf(own(data, 'status')) >= 0) {
    const read = ObjectCreate(null);
    for (const key of FIELDS) read[key] = text(own(data, key));
    return read;
  }
  const code = own(answer, 'code');
  if (own(answer, 'success') === false && typeof code === 'number') {
    return { kind: 'api', status: httpStatus, code, message: text(own(answer, 'message')) };
  }
  return { kind: ok ? 'response' : 'http', status: httpStatus, code: 0, message: '' };
}

// The words of a result element: a translation's table (empty for English) over the English.
export const resultWords = (table) => Object.assign(ObjectCreate(null), RESULT_ENGLISH, table);

// What the result element says of a payment's status (read from payments_result).
export function resultText(state, status, failureCode, failureReason) {
  return say(state, 'r.' + status, { reason: state.words['f.' + failureCode] || failureReason });
}
