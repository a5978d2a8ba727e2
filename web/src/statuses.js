// What a payments_result answer says, for the buyer's eyes: the status and the few fields
// the result element shows, read as own data properties.
import { ObjectCreate, own } from './guards.js';

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
