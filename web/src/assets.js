// Where the .wasm and the translations are fetched from: the folder that
// configure({assetsUrl}) names (relative to the page), else the folder of the script or
// module itself, else the page's. Their published hashes, not this address, decide whether
// a file is used.
import { URLClass } from './guards.js';

export function assetsBase(assetsUrl, ownUrl, pageUrl) {
  if (assetsUrl === undefined) return new URLClass('.', ownUrl || pageUrl).href;
  const url = new URLClass(String(assetsUrl), pageUrl);
  if (!/^https?:$/.test(url.protocol)) {
    throw new TypeError('mixpay-checkout: assetsUrl is not an http(s) URL: ' + assetsUrl);
  }
  // A folder: "…/dist" means "…/dist/".
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  url.search = '';
  url.hash = '';
  return url.href;
}
