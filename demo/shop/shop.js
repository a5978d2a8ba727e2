// Fills in where MixPay is (the shop's server says, in /config.json), then loads the
// checkout button. Until the button is ready, each product keeps its plain link to the
// shop's own checkout page, which works without JavaScript.
'use strict';

(function () {
  const status = document.getElementById('checkout-status');
  const origin = window.location.origin;
  const BASKET_KEY = 'northwind-basket';

  function randomHex(bytes) {
    const values = new Uint8Array(bytes);
    window.crypto.getRandomValues(values);
    return Array.from(values, (b) => b.toString(16).padStart(2, '0')).join('');
  }

  // The button resumes an attempt with the same fields for 30 minutes, so that a reload or
  // the Back button continues the same payment. A purchase that is over (the return pages
  // forget the basket) must not resume, so each basket gets its own reference, sent as the
  // orderId; the server numbers its orders itself.
  function basket() {
    try {
      let reference = window.sessionStorage.getItem(BASKET_KEY);
      if (!/^basket-[0-9a-f]{12}$/.test(reference || '')) {
        reference = 'basket-' + randomHex(6);
        window.sessionStorage.setItem(BASKET_KEY, reference);
      }
      return reference;
    } catch (error) {
      return 'basket-' + randomHex(6); // no storage: each visit is a basket
    }
  }

  function configure(config) {
    for (const element of document.querySelectorAll('[data-mixpay-checkout]')) {
      element.setAttribute('data-pay-base', config.payBase);
      if (element.hasAttribute('data-code-endpoint')) {
        element.setAttribute('data-order-id', basket());
      } else {
        // Direct mode: the page makes the payment at MixPay's API itself.
        element.setAttribute('data-api-base', config.apiBase);
        element.setAttribute('data-return-to', origin + '/thanks.html?traceId={traceId}');
        element.setAttribute('data-failed-return-to', origin + '/failed.html?traceId={traceId}');
        element.setAttribute('data-order-id', 'direct-' + randomHex(6));
      }
    }
  }

  document.addEventListener('mixpay:created', () => {
    status.textContent = 'Payment created, opening the payment page\u2026';
  });
  document.addEventListener('mixpay:error', (event) => {
    const detail = event.detail || {};
    status.textContent = 'The payment could not be created: ' + String(detail.message || detail.kind || 'unknown error');
  });

  fetch('/config.json', { cache: 'no-store' })
    .then((response) => (response.ok ? response.json() : Promise.reject(new Error('HTTP ' + response.status))))
    .then((config) => {
      configure(config);
      const script = document.createElement('script');
      script.src = '/dist/mixpay-checkout.js';
      script.addEventListener('error', () => {
        status.textContent = 'The checkout button is not built yet; the products use the plain checkout links.';
      });
      document.head.appendChild(script);
    })
    .catch((error) => {
      status.textContent = 'The shop could not load its settings (' + String(error.message) + '); the products use the plain checkout links.';
    });
})();
