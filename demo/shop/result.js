// The return pages: the shop's own verdict on the order (GET /orders/<traceId>, which the
// shop's server verifies with MixPay) next to the button's result element, which shows the
// buyer what MixPay says. Only the first is a reason to ship. Every value goes in with
// textContent, never as HTML.
'use strict';

(function () {
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  const MAX_CHECKS = 30;
  const CHECK_INTERVAL_MS = 2000;
  const VERDICTS = {
    paid: 'paid (verified by the shop)',
    unpaid: 'not paid yet',
    confirming: 'paid, waiting for confirmations (not paid yet)',
    paid_less: 'partly paid (not paid yet)',
    pending: 'paid, being processed (not paid yet)',
    auditing: 'under review (not paid yet)',
    failed: 'failed',
    mismatch: 'does not match the order',
    unknown: 'could not be checked yet',
  };
  const FINAL = ['paid', 'failed', 'mismatch'];

  const show = (id, text) => {
    document.getElementById(id).textContent = text === undefined || text === '' ? '\u2014' : String(text);
  };
  const badge = document.getElementById('order-status');
  const note = document.getElementById('order-note');

  // This purchase is over: the shop's next button press starts a new one.
  try {
    window.sessionStorage.removeItem('northwind-basket');
  } catch (error) {
    // no storage, no basket to forget
  }

  fetch('/config.json', { cache: 'no-store' })
    .then((response) => response.json())
    .then((config) => {
      document.getElementById('mixpay-result').setAttribute('data-api-base', config.apiBase);
      const script = document.createElement('script');
      script.src = '/dist/mixpay-checkout.js';
      document.head.appendChild(script);
    })
    .catch(() => {
      document.getElementById('mixpay-result').textContent = 'MixPay could not be asked from this page.';
    });

  const traceId = new URLSearchParams(window.location.search).get('traceId') || '';
  if (!UUID.test(traceId)) {
    badge.textContent = 'no order';
    note.textContent = 'This page needs the traceId of an order in its address.';
    return;
  }
  show('order-trace', traceId);

  function render(order) {
    const status = String(order.status);
    const known = Object.prototype.hasOwnProperty.call(VERDICTS, status);
    badge.textContent = known ? VERDICTS[status] : status;
    badge.className = 'badge ' + (known ? status : '');
    if (status === 'mismatch') {
      note.textContent = 'A payment was made under this order, but not as the shop asked (' +
        [].concat(order.mismatches || []).join(', ') + '). The order is not paid.';
    }
    show('order-id', order.orderId);
    show('order-product', order.product);
    show('order-amount', String(order.amount) + ' ' + String(order.asset).toUpperCase());
  }

  async function check(attempt) {
    let response;
    let order;
    try {
      response = await fetch('/orders/' + encodeURIComponent(traceId), {
        cache: 'no-store',
        signal: AbortSignal.timeout(10000),
      });
      order = await response.json();
    } catch (error) {
      badge.textContent = VERDICTS.unknown;
      note.textContent = 'The shop could not be asked: ' + String(error.message || error);
      return;
    }
    if (response.status === 404) {
      badge.textContent = 'no such order at this shop';
      badge.className = 'badge';
      note.textContent = 'The shop did not create this payment (it was made in the page, in direct mode), so it never counts it as paid.';
      return;
    }
    if (!response.ok || !order || typeof order.status !== 'string') {
      badge.textContent = VERDICTS.unknown;
      note.textContent = 'The shop answered: ' + String((order && order.message) || response.status);
      return;
    }
    render(order);
    if (FINAL.indexOf(order.status) < 0 && attempt < MAX_CHECKS) {
      setTimeout(() => check(attempt + 1), CHECK_INTERVAL_MS);
    }
  }

  check(1);
})();
