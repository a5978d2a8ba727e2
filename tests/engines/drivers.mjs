// One thin adapter per engine, so that flows.test.mjs runs the same steps in each:
//   Firefox: Debian's firefox-esr, driven by puppeteer-core over WebDriver BiDi (headless);
//   WebKit:  Debian's WebKitWebDriver starting MiniBrowser, driven by selenium-webdriver
//            (MiniBrowser has no headless mode: run under xvfb-run).
// Each engine starts with a fresh profile, reaches nothing but loopback (every other address
// goes to a proxy on a closed loopback port), and is ended with its whole process group.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import { Builder } from 'selenium-webdriver';
import { closedPort, sleep, waitFor } from '../browser/sandbox-pages.mjs';

const FIREFOX = '/usr/bin/firefox-esr';
const WEBKIT_DRIVER = '/usr/bin/WebKitWebDriver';
const MINIBROWSER = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

// Bounds for one driver command; the flows bound their own waits below these.
const LAUNCH_MS = 30_000;
const COMMAND_MS = 20_000;
const NAVIGATION_MS = 15_000;

// Rejects when `promise` does not settle within ms: a driver that stops answering must fail
// the test, not hang it until CTest's timeout.
function bounded(promise, ms, what) {
  let timer;
  const limit = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// Ends a process group started with `detached: true`: SIGTERM, then SIGKILL after graceMs.
async function endGroup(pgid, graceMs = 3_000) {
  if (!pgid || !alive(-pgid)) return;
  try {
    process.kill(-pgid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + graceMs;
  while (alive(-pgid) && Date.now() < deadline) await sleep(50);
  if (alive(-pgid)) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // already gone
    }
    await sleep(200);
  }
  if (alive(-pgid)) throw new Error(`process group ${pgid} survived SIGKILL`);
}

// Last resort when the test process ends without running the suite's `after` hooks (an
// uncaught error, Ctrl-C, a signal): kill what is still running and remove the temporary
// folders, synchronously. CTest's timeout kills the whole process tree by itself.
const leftovers = { groups: new Set(), pids: new Set(), dirs: new Set() };

function cleanUpNow() {
  const kill = (target) => {
    try {
      process.kill(target, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  for (const leader of leftovers.groups) kill(-leader);
  for (const pid of leftovers.pids) kill(pid);
  for (const dir of leftovers.dirs) fs.rmSync(dir, { recursive: true, force: true });
}
process.once('exit', cleanUpNow);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(signal, () => {
    cleanUpNow();
    process.exit(128 + os.constants.signals[signal]);
  });
}

// Registers a process (by pid), a process group (by its leader's pid) or a folder for
// cleanUpNow(); cleanedUp() takes it back once its owner ended or removed it.
export function cleanUpOnExit({ pid, group, dir }) {
  if (pid) leftovers.pids.add(pid);
  if (group) leftovers.groups.add(group);
  if (dir) leftovers.dirs.add(dir);
}

export function cleanedUp({ pid, group, dir }) {
  leftovers.pids.delete(pid);
  leftovers.groups.delete(group);
  leftovers.dirs.delete(dir);
}

// The source of `fn` called with JSON-serializable `args`, for drivers that take a string.
function callSource(fn) {
  return `return (${fn}).apply(null, arguments);`;
}

// Finds the checkout button in the element's open shadow root (runs in the page).
function findButton(id) {
  const el = document.getElementById(id);
  const b = el && el.shadowRoot && el.shadowRoot.querySelector('button');
  if (b) b.scrollIntoView({ block: 'center' });
  return b || null;
}

// Firefox ------------------------------------------------------------------------------------

// Preferences on top of puppeteer's own (which already point update, telemetry and blocklist
// services at a dummy host): every non-loopback request goes to a closed loopback port, and
// nothing is resolved, prefetched or probed on the side. Loopback never goes through the
// proxy (network.proxy.allow_hijacking_localhost stays false).
function firefoxPrefs(blockedPort) {
  return {
    'network.proxy.type': 1,
    'network.proxy.http': '127.0.0.1',
    'network.proxy.http_port': blockedPort,
    'network.proxy.ssl': '127.0.0.1',
    'network.proxy.ssl_port': blockedPort,
    'network.proxy.no_proxies_on': '',
    'network.proxy.allow_hijacking_localhost': false,
    'network.proxy.failover_direct': false,
    // Even so, Firefox's Remote Settings client looked up firefox.settings.services.mozilla.com
    // at the system resolver (a release build ignores services.settings.server): every name
    // resolves to loopback instead, so no query leaves the machine.
    'network.dns.forceResolve': '127.0.0.1',
    'network.trr.mode': 5,
    'network.dns.disablePrefetch': true,
    'network.prefetch-next': false,
    'network.http.speculative-parallel-limit': 0,
    'network.captive-portal-service.enabled': false,
    'network.connectivity-service.enabled': false,
    'browser.safebrowsing.malware.enabled': false,
    'browser.safebrowsing.phishing.enabled': false,
    'browser.safebrowsing.downloads.enabled': false,
    'datareporting.policy.dataSubmissionEnabled': false,
    'datareporting.healthreport.uploadEnabled': false,
    'toolkit.telemetry.enabled': false,
  };
}

export async function launchFirefox({ blockedPort }) {
  // A new, empty profile folder of our own (puppeteer-core fills it with its preferences),
  // so that it is removed even when the process ends without closing the browser.
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'mixpay-firefox-profile-'));
  cleanUpOnExit({ dir: profile });
  let browser;
  try {
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: FIREFOX,
      headless: true,
      userDataDir: profile,
      timeout: LAUNCH_MS,
      protocolTimeout: COMMAND_MS,
      extraPrefsFirefox: firefoxPrefs(blockedPort),
    });
  } catch (e) {
    fs.rmSync(profile, { recursive: true, force: true });
    cleanedUp({ dir: profile });
    throw e;
  }
  // puppeteer starts Firefox as the leader of its own process group.
  const pid = browser.process()?.pid;
  cleanUpOnExit({ group: pid });
  let context = null;
  let page = null;

  return {
    name: 'firefox',
    version: await browser.version(),

    // A fresh browser context (its own cookies and storage) and tab for each test.
    async newPage() {
      await this.closePage();
      context = await browser.createBrowserContext();
      page = await context.newPage();
      page.setDefaultTimeout(COMMAND_MS);
      page.setDefaultNavigationTimeout(NAVIGATION_MS);
    },

    async closePage() {
      const c = context;
      context = null;
      page = null;
      if (c) await bounded(c.close(), COMMAND_MS, 'close the browser context').catch(() => {});
    },

    async goto(url) {
      await page.goto(url, { waitUntil: 'load' });
    },

    evaluate(fn, ...args) {
      return page.evaluate(fn, ...args);
    },

    // Real pointer clicks (input.performActions) at the button's centre.
    async click(id, { count = 1 } = {}) {
      const handle = await page.evaluateHandle(findButton, id);
      const button = handle.asElement();
      if (!button) throw new Error(`#${id} has no button in its shadow root`);
      try {
        await button.click({ count });
      } finally {
        await handle.dispose().catch(() => {});
      }
    },

    async url() {
      return page.url();
    },

    async close() {
      await this.closePage();
      await bounded(browser.close(), COMMAND_MS, 'close Firefox').catch(() => {});
      await endGroup(pid);
      fs.rmSync(profile, { recursive: true, force: true });
      cleanedUp({ group: pid, dir: profile });
    },
  };
}

// WebKit -------------------------------------------------------------------------------------

async function startWebKitDriver() {
  const port = await closedPort();
  // HOME and the XDG folders point into a new folder: nothing of a user's WebKit data is read.
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'mixpay-webkit-'));
  const env = {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, 'config'),
    XDG_CACHE_HOME: path.join(home, 'cache'),
    XDG_DATA_HOME: path.join(home, 'data'),
  };
  const proc = spawn(WEBKIT_DRIVER, [`--port=${port}`, '--host=127.0.0.1'], {
    detached: true, // its own process group, which MiniBrowser and its processes join
    stdio: ['ignore', 'ignore', 'pipe'],
    env,
  });
  cleanUpOnExit({ group: proc.pid, dir: home });
  let log = '';
  proc.stderr.on('data', (d) => {
    log = (log + d).slice(-10_000);
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor(
      async () => {
        if (proc.exitCode !== null) throw new Error(`WebKitWebDriver exited with ${proc.exitCode}: ${log}`);
        const res = await fetch(`${url}/status`, { signal: AbortSignal.timeout(1_000) }).catch(() => null);
        return res && res.ok;
      },
      { timeoutMs: 10_000, what: 'WebKitWebDriver to listen' },
    );
  } catch (e) {
    await endGroup(proc.pid);
    fs.rmSync(home, { recursive: true, force: true });
    cleanedUp({ group: proc.pid, dir: home });
    throw e;
  }
  return { proc, url, home, log: () => log };
}

export async function launchWebKit({ blockedPort }) {
  const service = await startWebKitDriver();
  const capabilities = {
    browserName: 'MiniBrowser',
    'webkitgtk:browserOptions': {
      binary: MINIBROWSER,
      // --automation: an ephemeral (in-memory) profile. --ignore-host takes one host each.
      args: ['--automation', `--proxy=http://127.0.0.1:${blockedPort}`, '--ignore-host=127.0.0.1', '--ignore-host=localhost'],
    },
  };
  let driver = null;
  const run = (promise, what) => bounded(promise, COMMAND_MS, what);

  async function startSession() {
    const d = await bounded(
      new Builder().usingServer(service.url).withCapabilities(capabilities).build(),
      LAUNCH_MS,
      'start MiniBrowser',
    ).catch((e) => {
      throw new Error(`${e.message}\n${service.log()}`);
    });
    await run(d.manage().setTimeouts({ script: COMMAND_MS, pageLoad: NAVIGATION_MS, implicit: 0 }), 'set timeouts');
    return d;
  }

  async function stop() {
    await endGroup(service.proc.pid);
    fs.rmSync(service.home, { recursive: true, force: true });
    cleanedUp({ group: service.proc.pid, dir: service.home });
  }

  let version;
  try {
    driver = await startSession();
    const caps = await run(driver.getCapabilities(), 'read capabilities');
    version = `${caps.get('browserName')} ${caps.get('browserVersion')}`;
  } catch (e) {
    await stop();
    throw e;
  }

  return {
    name: 'webkit',
    version,

    // A new MiniBrowser session (a new ephemeral profile: the widget keeps attempts in the
    // origin's storage) for each test; one starts in under a second.
    async newPage() {
      await this.closePage();
      driver = await startSession();
    },

    async closePage() {
      const d = driver;
      driver = null;
      if (d) await run(d.quit(), 'quit MiniBrowser').catch(() => {});
    },

    async goto(url) {
      await bounded(driver.get(url), NAVIGATION_MS + 2_000, `open ${url}`);
    },

    evaluate(fn, ...args) {
      return run(driver.executeScript(callSource(fn), ...args), 'run a script');
    },

    // Real pointer clicks through WebDriver actions at the button's centre: a double click
    // is two presses at one point in quick succession, as a person's.
    async click(id, { count = 1 } = {}) {
      const button = await run(driver.executeScript(callSource(findButton), id), 'find the button');
      if (!button) throw new Error(`#${id} has no button in its shadow root`);
      const actions = driver.actions({ async: true }).move({ origin: button });
      for (let i = 0; i < count; i++) actions.press().release();
      await run(actions.perform(), 'click');
    },

    async url() {
      return run(driver.getCurrentUrl(), 'read the URL');
    },

    async close() {
      await this.closePage();
      await stop();
    },
  };
}

export const ENGINES = { firefox: launchFirefox, webkit: launchWebKit };
