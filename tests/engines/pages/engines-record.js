// Test-only page helper of the Firefox and WebKit suite, loaded after record.js and before
// the widget (a plain script, so it also runs under the strict Content-Security-Policy).
// WebDriver gives these engines no console log to read, so console.error calls are kept in
// window.__consoleErrors. CSP violations are also kept in sessionStorage, which outlives the
// navigation to the code page: the test reads them back from another page of this origin.
(function () {
  'use strict';
  var KEY = 'mixpay-test-violations';
  var errors = [];
  window.__consoleErrors = errors;
  var original = console.error;
  console.error = function () {
    errors.push(Array.prototype.map.call(arguments, String).join(' '));
    return original.apply(console, arguments);
  };

  // One tab serves many tests in WebKit: start each page with an empty list.
  sessionStorage.setItem(KEY, '[]');
  document.addEventListener('securitypolicyviolation', function (event) {
    var list = JSON.parse(sessionStorage.getItem(KEY) || '[]');
    list.push({ directive: event.violatedDirective, blockedURI: event.blockedURI });
    sessionStorage.setItem(KEY, JSON.stringify(list));
  });
})();
