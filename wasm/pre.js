// Inside the glue's factory: its Fetch API makes its requests with the XMLHttpRequest the
// script captured when it loaded (web/src/guards.js), not with whatever the page's global
// is by the time a button is clicked.
var XMLHttpRequest = Module['xhr'];
// A name Emscripten 3.1.6's minimal runtime uses with Embind but does not declare (the full
// runtime's preamble does): the table of i64 callers (no signature here needs one).
var dynCalls = {};
