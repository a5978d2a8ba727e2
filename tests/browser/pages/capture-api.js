// Test-only: runs between two loads of the widget script and keeps the object the first
// load created, so the test can check the second load left it alone.
window.__firstApi = window.MixPayCheckout;
