// Inside the glue's factory: its Fetch API makes its requests with the XMLHttpRequest the
// script captured when it loaded (web/src/guards.js), not with whatever the page's global
// is by the time a button is clicked.
var XMLHttpRequest = Module['xhr'];
