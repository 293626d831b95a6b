// Headless Chromium, driven by playwright-core, sends a text through a page and gets it
// back: the browser's own permessage-deflate (it offers
// `permessage-deflate; client_max_window_bits`) against an Ippo server.
//
// Usage: node deflate-browser.js <page url> <ws url> <message name>
// Loads the page, which defines roundTrip(url, text), sends the named text (see
// deflate-payloads.js) through it and prints, as WsClientScript reads them:
//   {"case":"echo","extensions":...,"length":...,"sha256":...}   the browser's view
//   {"case":"done"}
// or {"case":"failure","message":...} and exit 1; the whole run is bounded to 60 s.
'use strict';
const crypto = require('crypto');
const { launchChromium } = require('../../../../scripts/chromium');
const { payload } = require('./deflate-payloads');

const [pageUrl, wsUrl, name] = process.argv.slice(2);
const TIMEOUT_MS = 20_000;
let browser = null;

function report(result) {
  process.stdout.write(JSON.stringify(result) + '\n');
}

async function finish(code, line) {
  if (line) report(line);
  if (browser) {
    await Promise.race([browser.close().catch(() => {}),
      new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
  }
  process.exit(code);
}

async function main() {
  browser = await launchChromium(TIMEOUT_MS);
  const page = await browser.newPage();
  page.setDefaultTimeout(TIMEOUT_MS);
  page.on('pageerror', (e) => process.stderr.write(`page error: ${e.message}\n`));
  await page.goto(pageUrl);
  await page.waitForFunction(() => typeof window.roundTrip === 'function');
  const text = payload(name).data.toString('latin1');
  const { extensions, echo } =
      await page.evaluate(([url, t]) => window.roundTrip(url, t), [wsUrl, text]);
  const bytes = Buffer.from(echo, 'utf8');
  report({
    case: 'echo',
    extensions,
    length: bytes.length,
    sha256: crypto.createHash('sha256').update(bytes).digest('hex'),
  });
}

setTimeout(() => finish(1, { case: 'failure', message: 'timed out after 60 s' }), 60_000).unref();
main().then(
  () => finish(0, { case: 'done' }),
  (e) => finish(1, { case: 'failure', message: String((e && e.stack) || e) }));
