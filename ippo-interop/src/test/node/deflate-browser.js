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
const { openPageWith, report, runInChromium } = require('../../../../scripts/chromium');
const { payload } = require('./deflate-payloads');

const [pageUrl, wsUrl, name] = process.argv.slice(2);
const TIMEOUT_MS = 20_000;

runInChromium(TIMEOUT_MS, 60_000, async (browser) => {
  const page = await openPageWith(browser, pageUrl, 'roundTrip', TIMEOUT_MS);
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
});
