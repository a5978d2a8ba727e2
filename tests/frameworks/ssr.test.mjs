// Each app's server render under Node: the package imported where there is no window does
// nothing and throws nothing, MixPayCheckout is undefined (the app's configure() call is
// skipped by its `?.`), and the HTML carries the element with its attributes, for the
// widget to find once the page is in a browser. Each render runs in a Node process of its
// own that must exit by itself.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import { FRAMEWORKS, buildServer, makeProject } from './project.mjs';

let project;
before(() => {
  project = makeProject('mixpay-frameworks-ssr-');
});
after(() => project && project.remove());

for (const framework of FRAMEWORKS) {
  test(`${framework}: the server render imports the package under Node and draws the element`, { timeout: 30_000 }, async () => {
    const file = await buildServer(project, framework);
    const child = spawnSync(process.execPath, [file], { cwd: project.dir, encoding: 'utf8', timeout: 10_000 });
    assert.equal(child.signal, null, `exited by itself: ${child.stderr}`);
    assert.equal(child.status, 0, child.stderr);
    assert.equal(child.stderr, '', 'nothing on stderr (no warning, no unhandled rejection)');
    const { html, imported } = JSON.parse(child.stdout);
    assert.equal(imported, 'undefined');
    const [element] = /<div\b[^>]*\bid="checkout-mug-0"[^>]*>/.exec(html) || [html];
    assert.match(element, /\sdata-mixpay-checkout(=""|\s|>)/);
    for (const attribute of ['data-quote-amount="10.50"', 'data-order-id="order_mug"', 'data-payee-id="a0d7791408776b47eb1dd3f94ed15d6a"']) {
      assert.ok(element.includes(` ${attribute}`), `${attribute} in ${element}`);
    }
    assert.ok(!/data-mixpay-state/.test(html), 'the state is the widget\'s, drawn in the browser');
  });
}
