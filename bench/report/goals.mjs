// The goals the figures are read against, in one place, and the PASS/FAIL lines printed
// under the table (check(): the line, and the row's note says ok or MISSED).
export const GOALS = {
  buttonPageBytes: 30000, // gzip, the script and the .wasm, English
  translatedPageBytes: 31000, // the same with the largest translation
  returnPageBytes: 5000, // mixpay-result.js alone
  usableMs: 50, // the script's start → the first button drawn, labelled, focusable, clickable
  readyOverLinkMs: 120, // mixpay:ready − the plain link page's DOMContentLoaded
  clickRatio: 1.1, // click → navigation, vs a hand-written fetch
  longTaskMs: 50, // no task of the widget this long, with 20 or 100 buttons
  lighthouse: {
    lcpMs: { max: 50, text: 'LCP delta ≤ +50 ms' },
    tbtMs: { max: 0, text: 'TBT delta 0' },
    cls: { absolute: 0, text: 'CLS 0' },
  },
};

export function goalChecks() {
  const checks = [];
  const check = (ok, text) => {
    checks.push(`${ok ? 'PASS' : 'FAIL'}  ${text}`);
    return ok ? 'ok' : 'MISSED';
  };
  return { check, checks };
}
