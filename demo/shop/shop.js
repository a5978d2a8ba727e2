// Fills in what depends on where the demo runs (the sandbox's port can change), then loads
// the checkout button. Until the button is built, each product keeps its plain payment
// link, which this script completes with the same return addresses.
'use strict';

(function () {
  const origin = window.location.origin;
  const returnTo = origin + '/thanks.html?traceId={traceId}';
  const failedReturnTo = origin + '/failed.html?traceId={traceId}';

  function randomHex(bytes) {
    const values = new Uint8Array(bytes);
    window.crypto.getRandomValues(values);
    return Array.from(values, (b) => b.toString(16).padStart(2, '0')).join('');
  }

  for (const element of document.querySelectorAll('[data-mixpay-checkout]')) {
    element.dataset.apiBase = origin + '/v1';
    element.dataset.payBase = origin;
    element.dataset.returnTo = returnTo;
    element.dataset.failedReturnTo = failedReturnTo;
    // payeeId + orderId name one payment, so each visit gets its own order number.
    if (element.dataset.orderId) {
      element.dataset.orderId = 'order-' + element.dataset.orderId + '-' + randomHex(4);
    }
    const link = element.querySelector('a.fallback');
    if (link) {
      const url = new URL(link.getAttribute('href'), origin);
      url.searchParams.set('returnTo', returnTo);
      url.searchParams.set('failedReturnTo', failedReturnTo);
      if (element.dataset.orderId) url.searchParams.set('orderId', element.dataset.orderId);
      link.href = url.href;
    }
  }

  const status = document.getElementById('checkout-status');
  document.addEventListener('mixpay:created', () => {
    status.textContent = 'Payment created, opening the payment page…';
  });
  document.addEventListener('mixpay:error', (event) => {
    const detail = event.detail || {};
    status.textContent = 'The payment could not be created: ' + String(detail.message || detail.kind || 'unknown error');
  });

  const script = document.createElement('script');
  script.src = '/dist/mixpay-checkout.js';
  script.addEventListener('error', () => {
    status.textContent = 'The checkout button is not built yet; the products use the plain payment link.';
  });
  document.head.appendChild(script);
})();
