// Reads the payment's status back from payments_result and shows it. A real shop checks
// the result on its server (payeeId, quoteAmount, quoteAssetId); this page only displays it.
// Every value goes in with textContent, never as HTML.
'use strict';

(function () {
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  const MAX_CHECKS = 10;
  const CHECK_INTERVAL_MS = 1500;

  const show = (id, text) => {
    document.getElementById(id).textContent = text === undefined || text === '' ? '—' : String(text);
  };
  const message = (text) => {
    document.getElementById('result-message').textContent = text;
  };
  const LEADS = {
    success: 'Your payment was received. Thank you!',
    failed: 'The payment did not go through. Nothing was charged.',
    pending: 'Your payment is being confirmed.',
    unpaid: 'The payment has not been made yet.',
  };

  const traceId = new URLSearchParams(window.location.search).get('traceId') || '';
  if (!UUID.test(traceId)) {
    show('result-status', 'unknown');
    message('This page needs a traceId in its address.');
    return;
  }
  show('result-trace', traceId);

  async function check(attempt) {
    let answer;
    try {
      const response = await fetch('/v1/payments_result?traceId=' + encodeURIComponent(traceId), {
        signal: AbortSignal.timeout(5000),
      });
      answer = await response.json();
    } catch (error) {
      message('Could not read the payment status: ' + String(error.message || error));
      return;
    }
    if (!answer || answer.success !== true || typeof answer.data !== 'object' || answer.data === null) {
      show('result-status', 'unknown');
      message('MixPay answered: ' + String((answer && answer.message) || 'no result'));
      return;
    }
    const data = answer.data;
    const status = String(data.status);
    const badge = document.getElementById('result-status');
    badge.textContent = status;
    const known = Object.prototype.hasOwnProperty.call(LEADS, status);
    badge.className = 'badge ' + (known ? status : '');
    if (known) document.getElementById('result-lead').textContent = LEADS[status];
    show('result-amount', String(data.quoteAmount) + ' ' + String(data.quoteSymbol));
    show('result-order', data.orderId);
    show('result-date', typeof data.date === 'number' ? new Date(data.date * 1000).toLocaleString() : '');
    show('result-reason', data.failureReason);
    if ((status === 'unpaid' || status === 'pending') && attempt < MAX_CHECKS) {
      message('Waiting for the payment to be confirmed…');
      setTimeout(() => check(attempt + 1), CHECK_INTERVAL_MS);
    } else {
      message('');
    }
  }

  check(1);
})();
