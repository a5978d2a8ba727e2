// Headless Chromium's command line for every suite that starts it (the browser tests, the
// sandbox's origin test, the browser benchmarks and Lighthouse): without the background
// networking flags it floods the closed network with connections that are refused. A plain
// module with no imports, so each npm package can import it by its path.
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
