// Test-only page helper, loaded before the widget (a plain script, no inline code, so it
// also runs under the strict Content-Security-Policy). It listens on `document`, in the
// bubbling phase, so every recorded event also proves that the event bubbled. Events named
// in <html data-cancel="..."> are canceled with preventDefault().
(function () {
  'use strict';
  var types = ['mixpay:ready', 'mixpay:invalid', 'mixpay:request', 'mixpay:created', 'mixpay:error', 'mixpay:result'];
  var events = [];
  window.__events = events;
  window.__violations = [];

  function plain(value) {
    try {
      return value === undefined ? null : JSON.parse(JSON.stringify(value));
    } catch (e) {
      return { unserializable: String(e) };
    }
  }

  types.forEach(function (type) {
    document.addEventListener(type, function (event) {
      var cancel = (document.documentElement.getAttribute('data-cancel') || '').split(/\s+/);
      var canceled = false;
      if (cancel.indexOf(type) !== -1) {
        event.preventDefault();
        canceled = event.defaultPrevented;
      }
      var target = event.target;
      events.push({
        type: type,
        target: target && target.id ? target.id : null,
        isCustomEvent: event instanceof CustomEvent,
        bubbles: event.bubbles,
        cancelable: event.cancelable,
        canceled: canceled,
        detail: plain(event.detail),
        time: Date.now()
      });
    });
  });

  document.addEventListener('securitypolicyviolation', function (event) {
    var v = {
      directive: event.violatedDirective,
      blockedURI: event.blockedURI,
      sourceFile: event.sourceFile,
      line: event.lineNumber
    };
    window.__violations.push(v);
    console.error('CSP violation: ' + JSON.stringify(v));
  });
})();
