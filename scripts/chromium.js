// Debian's chromium for the browser tests, headless, through playwright-core (which never
// downloads a browser of its own). The flags keep it off the network: without
// --disable-background-networking it keeps trying Google's hosts, which this machine
// refuses; as root it needs --no-sandbox.
'use strict';
const { chromium } = require('playwright-core');

/**
 * The browser; `timeout` bounds the launch, in milliseconds. `trustedSpki`, when given, is the
 * base64 SHA-256 of a certificate's public key that Chromium then trusts, as a test CA.
 */
function launchChromium(timeout, trustedSpki) {
  const trust = trustedSpki ? [`--ignore-certificate-errors-spki-list=${trustedSpki}`] : [];
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu',
      '--disable-component-update', '--disable-sync', '--no-first-run', ...trust],
    headless: true,
    timeout,
  });
}

/** Prints one result line, as the Java tests read them (WsClientScript). */
function report(result) {
  process.stdout.write(JSON.stringify(result) + '\n');
}

/**
 * Runs `scenario(browser)`, then prints {"case":"done"}, or {"case":"failure","message":...}
 * and exits 1 when it throws or when `boundMs` pass; the browser is closed either way.
 */
function runInChromium(launchTimeoutMs, boundMs, scenario) {
  let browser = null;
  async function finish(code, line) {
    report(line);
    if (browser) {
      await Promise.race([browser.close().catch(() => {}),
        new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
    }
    process.exit(code);
  }
  setTimeout(() => finish(1, { case: 'failure', message: `timed out after ${boundMs} ms` }),
    boundMs).unref();
  launchChromium(launchTimeoutMs)
    .then((b) => { browser = b; return scenario(b); })
    .then(() => finish(0, { case: 'done' }),
      (e) => finish(1, { case: 'failure', message: String((e && e.stack) || e) }));
}

/**
 * A new page of `browser` at `url`, once the page has defined `window[functionName]`; each
 * step bounded by `timeoutMs`, and the page's errors on stderr.
 */
async function openPageWith(browser, url, functionName, timeoutMs) {
  const page = await browser.newPage();
  page.setDefaultTimeout(timeoutMs);
  page.on('pageerror', (e) => process.stderr.write(`page error: ${e.message}\n`));
  await page.goto(url);
  await page.waitForFunction((name) => typeof window[name] === 'function', functionName);
  return page;
}

module.exports = { launchChromium, openPageWith, report, runInChromium };
