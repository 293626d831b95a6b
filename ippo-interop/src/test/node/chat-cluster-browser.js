// Two chat pages in headless Chromium, each on its own `ippo chat --redis` server, meet in
// one room: driven by playwright-core, as a person would use them.
//
// Usage: node chat-cluster-browser.js <page url of server 1> <page url of server 2>
// Prints, as WsClientScript reads them:
//   {"case":"users","alice":"alice,bob","bob":"alice,bob"}   each page's list of people
//   {"case":"rooms","alice":"games,lobby"}                   alice's list of rooms
//   {"case":"heard","alice":"...","bob":"..."}               the text each got from the other
//   {"case":"moved","bob":"lobby","alice":"alice"}           bob clicked the lobby: his room,
//                                                            and who is left in alice's
//   {"case":"done"}
// or {"case":"failure","message":...} and exit 1; the whole run is bounded to 60 s.
'use strict';
const { report, runInChromium } = require('../../../../scripts/chromium');

const [firstUrl, secondUrl] = process.argv.slice(2);
const TIMEOUT_MS = 20_000;
const ROOM = 'games';

/** A page of its own (its own browser context), joined as `name` in the room. */
async function joined(browser, url, name) {
  const page = await (await browser.newContext()).newPage();
  page.setDefaultTimeout(TIMEOUT_MS);
  page.on('pageerror', (e) => process.stderr.write(`page error: ${e.message}\n`));
  await page.goto(url);
  await page.waitForSelector('#state[data-state="OPEN"]');
  await page.fill('#name', name);
  await page.fill('#room', ROOM);
  await page.click('#join');
  await page.waitForSelector('#message-form:not([hidden])');
  return page;
}

function listOf(page, selector) {
  return page.$$eval(selector, (items) => items.map((li) => li.textContent).join(','));
}

async function say(page, text) {
  await page.fill('#message', text);
  await page.click('#send');
}

async function heard(page, from) {
  const item = page.locator('#messages li.message', { hasText: from }).last();
  await item.waitFor();
  return item.locator('.text').textContent();
}

runInChromium(TIMEOUT_MS, 60_000, async (browser) => {
  const alice = await joined(browser, firstUrl, 'alice');
  const bob = await joined(browser, secondUrl, 'bob');
  // The other server's roster comes through Redis: wait until each page lists both.
  for (const page of [alice, bob]) {
    await page.waitForFunction(() => document.querySelectorAll('#users li').length === 2);
  }
  report({ case: 'users', alice: await listOf(alice, '#users li'),
    bob: await listOf(bob, '#users li') });
  report({ case: 'rooms', alice: await listOf(alice, '#rooms li') });

  await say(alice, 'hello from server one');
  const bobHeard = await heard(bob, 'alice');
  await say(bob, 'hello back from server two');
  const aliceHeard = await heard(alice, 'bob');
  report({ case: 'heard', alice: aliceHeard, bob: bobHeard });

  await bob.click('#rooms li[data-room="lobby"] button');
  await bob.waitForSelector('#rooms li.current[data-room="lobby"]');
  await alice.waitForFunction(() => document.querySelectorAll('#users li').length === 1);
  report({ case: 'moved', bob: await bob.textContent('#room-name'),
    alice: await listOf(alice, '#users li') });
});
