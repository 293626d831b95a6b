// Headless Chromium, driven by playwright-core, holds a WebSocket open and silent for a
// while, then sends "still here": a browser answers the server's pings by itself, so a
// server with a short heartbeat must keep it.
//
// Usage: node quiet-browser.js <page url> <ws url> <milliseconds>
// Loads the page, which defines quiet(url, ms), and prints, as WsClientScript reads them:
//   {"case":"quiet","echo":...}   the echo of "still here", after the silence
//   {"case":"done"}
// or {"case":"failure","message":...} (the socket closed early, say) and exit 1; the whole
// run is bounded to 60 s.
'use strict';
const { openPageWith, report, runInChromium } = require('../../../../scripts/chromium');

const [pageUrl, wsUrl, millis] = process.argv.slice(2);
const TIMEOUT_MS = 40_000;

runInChromium(TIMEOUT_MS, 60_000, async (browser) => {
  const page = await openPageWith(browser, pageUrl, 'quiet', TIMEOUT_MS);
  const echo = await page.evaluate(([url, ms]) => window.quiet(url, ms), [wsUrl, Number(millis)]);
  report({ case: 'quiet', echo });
});
