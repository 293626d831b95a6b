// Launches Debian's chromium, headless, for the browser tests (through playwright-core,
// which never downloads a browser of its own). The flags keep it off the network: without
// --disable-background-networking it keeps trying Google's hosts, which this machine
// refuses; as root it needs --no-sandbox.
'use strict';
const { chromium } = require('playwright-core');

/** The browser; `timeout` bounds the launch, in milliseconds. */
function launchChromium(timeout) {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
    headless: true,
    timeout,
  });
}

module.exports = { launchChromium };
