'use strict';
/*
 * End-to-end test of the chat page in headless Chromium, driven by playwright-core.
 *
 *   node chat.e2e.js <chat url> <screenshot folder> [<trusted SPKI>]
 *
 * With an https URL, the third argument is the base64 SHA-256 of the server certificate's
 * public key, which Chromium then trusts: the page comes over https, the chat over wss.
 *
 * ChatBrowserTest runs it against a chat it started in-process. The two talk in lines:
 * this script prints "ok <step>" when a step passes, or "fail <step> <why>" and exits 1;
 * where the Java side must act it prints a word ("restart-server") and waits for the
 * answer on stdin ("restarted"). Every wait is bounded, and a watchdog ends the script
 * within 90 s whatever happens; it also ends when stdin closes, so it never outlives the
 * test that started it. Diagnostics (page errors, console errors) go to stderr.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const readline = require('readline');
const zlib = require('zlib');
const { launchChromium } = require('../../../../scripts/chromium');

const STEP_TIMEOUT_MS = 10_000;
const RESTART_TIMEOUT_MS = 20_000;
const WHOLE_RUN_MS = 90_000;
const PICTURE_SIZE = 48;

const [chatUrl, shotDir, trustedSpki] = process.argv.slice(2);
if (!chatUrl || !shotDir) {
  console.error('usage: node chat.e2e.js <chat url> <screenshot folder> [<trusted SPKI>]');
  process.exit(2);
}
const origin = new URL(chatUrl).origin;

let browser = null;
let tmp = null; // the picture's folder
let currentStep = 'start';
let finishing = false;
const pageErrors = [];
const foreignRequests = [];

const watchdog = setTimeout(
  () => finish(1, `fail ${currentStep} the scenario did not end within ${WHOLE_RUN_MS / 1000} s`),
  WHOLE_RUN_MS);

/** Prints the last line, closes the browser (bounded) and exits. */
async function finish(code, line) {
  if (finishing) return;
  finishing = true;
  clearTimeout(watchdog);
  if (line) console.log(line);
  // Playwright kills the browser on process exit anyway; close() is the polite way first.
  if (browser) await Promise.race([browser.close().catch(() => {}), delay(5_000)]);
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  process.exit(code);
}

function delay(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** Lines from the Java side, taken one at a time by input.next(timeout). */
const input = (() => {
  const lines = [];
  const waiters = [];
  let closed = false;
  const rl = readline.createInterface({ input: process.stdin });
  rl.on('line', (line) => {
    const waiter = waiters.shift();
    if (waiter) waiter.resolve(line.trim()); else lines.push(line.trim());
  });
  rl.on('close', () => {
    closed = true;
    for (const waiter of waiters.splice(0)) waiter.reject(new Error('stdin closed'));
    // The test that started us is gone: nobody is left to read the result.
    finish(1, `fail ${currentStep} stdin closed before the scenario ended`);
  });
  return {
    next(timeoutMs) {
      if (lines.length) return Promise.resolve(lines.shift());
      if (closed) return Promise.reject(new Error('stdin closed'));
      return new Promise((resolve, reject) => {
        const waiter = { resolve, reject };
        waiters.push(waiter);
        delay(timeoutMs).then(() => {
          const i = waiters.indexOf(waiter);
          if (i >= 0) {
            waiters.splice(i, 1);
            reject(new Error(`no answer on stdin within ${timeoutMs / 1000} s`));
          }
        });
      });
    },
  };
})();

/** Runs one step: "ok <name>" when it passes; otherwise "fail <name> <why>" and exit 1. */
async function step(name, body) {
  currentStep = name;
  try {
    await body();
  } catch (e) {
    console.error(`step ${name} failed:`, e && e.stack ? e.stack : e);
    const why = String(e && e.message ? e.message : e).split('\n')[0];
    await finish(1, `fail ${name} ${why}`);
    await new Promise(() => {}); // finish exits; nothing after a failed step may run
  }
  console.log(`ok ${name}`);
}

/**
 * Waits until predicate(arg) is true in the page, polling; on timeout throws with
 * `expected` and what describe(arg) saw in the page, so a failure says what was there.
 * Either may be an in-page function or the body of one (see inPage).
 */
async function eventually(page, expected, predicate, describe, arg, timeoutMs = STEP_TIMEOUT_MS) {
  if (typeof predicate === 'string') predicate = inPage(predicate);
  if (typeof describe === 'string') describe = inPage(describe);
  try {
    await page.waitForFunction(predicate, arg, { timeout: timeoutMs, polling: 50 });
  } catch (e) {
    let seen = '(page gone)';
    try {
      seen = JSON.stringify(await page.evaluate(describe, arg));
    } catch (ignored) { /* the page may be closed; say so */ }
    throw new Error(`${expected} within ${timeoutMs / 1000} s; saw ${seen}`);
  }
}

// In-page readers, shared by the predicates and the failure descriptions.
function pageState() {
  const el = document.querySelector('#state');
  return el ? { data: el.getAttribute('data-state'), text: el.textContent.trim() } : null;
}
function pageUsers() {
  return Array.from(document.querySelectorAll('ul#users li'), (li) => li.textContent.trim());
}
function pageMessages() {
  return Array.from(document.querySelectorAll('ul#messages li.message'), (li) => ({
    name: li.querySelector('span.name') ? li.querySelector('span.name').textContent.trim() : null,
    text: li.querySelector('span.text') ? li.querySelector('span.text').textContent.trim() : null,
  }));
}
function pageImages() {
  return Array.from(document.querySelectorAll('ul#messages li.image'), (li) => {
    const img = li.querySelector('img');
    return {
      name: li.querySelector('span.name') ? li.querySelector('span.name').textContent.trim() : null,
      src: img ? img.getAttribute('src') : null,
      complete: img ? img.complete : null,
      naturalWidth: img ? img.naturalWidth : null,
    };
  });
}
function pageForms() {
  const visible = (sel) => {
    const el = document.querySelector(sel);
    return el !== null && el.getClientRects().length > 0
      && getComputedStyle(el).visibility !== 'hidden';
  };
  return { join: visible('form#join-form'), message: visible('form#message-form') };
}

const readers = `${pageState}\n${pageUsers}\n${pageMessages}\n${pageImages}\n${pageForms}\n`;

/** An in-page function built from the readers and a body that uses them. */
function inPage(body) {
  // eslint-disable-next-line no-new-func
  return new Function('arg', `${readers}\n${body}`);
}

const stateIs = inPage(
  'const s = pageState(); return s !== null && s.data === arg && s.text.includes(arg);');
const describeState = inPage('return pageState();');
const usersAre = inPage(
  'return JSON.stringify(pageUsers().sort()) === JSON.stringify(arg.slice().sort());');
const describeUsers = inPage('return pageUsers();');
const hasMessage = inPage(
  'return pageMessages().some((m) => m.name === arg.name && m.text === arg.text);');
const describeMessages = inPage('return pageMessages();');
const hasLoadedImage = inPage(
  'return pageImages().some((i) => i.name === arg.name && i.complete'
  + ' && i.naturalWidth === arg.width);');
const describeImages = inPage('return pageImages();');
const isJoined = inPage('const f = pageForms(); return f.message && !f.join;');
const describeForms = inPage('return pageForms();');

/** A user's page in its own browser context, so nothing is shared between users. */
async function openPage(user) {
  const context = await browser.newContext({ viewport: { width: 960, height: 600 } });
  const page = await context.newPage();
  page.on('pageerror', (e) => {
    pageErrors.push(`${user}: ${e.message}`);
    console.error(`[${user}] page error: ${e.stack || e.message}`);
  });
  page.on('console', (m) => {
    if (m.type() === 'error') console.error(`[${user}] console: ${m.text()}`);
  });
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:')) {
      foreignRequests.push(`${user}: ${u}`);
    }
  });
  await page.goto(chatUrl, { timeout: STEP_TIMEOUT_MS });
  await eventually(page, `${user}: #state to be OPEN (data-state and text)`,
    stateIs, describeState, 'OPEN');
  return page;
}

async function join(page, user) {
  await eventually(page, `${user}: form#join-form shown before joining`,
    inPage('return pageForms().join;'), describeForms);
  await page.fill('input#name', user, { timeout: STEP_TIMEOUT_MS });
  await page.click('button#join', { timeout: STEP_TIMEOUT_MS });
  await eventually(page, `${user}: form#message-form shown and form#join-form hidden after joining`,
    isJoined, describeForms);
}

async function say(page, text) {
  await page.fill('input#message', text, { timeout: STEP_TIMEOUT_MS });
  await page.click('button#send', { timeout: STEP_TIMEOUT_MS });
}

async function expectMessage(page, reader, name, text) {
  await eventually(page, `${reader}: li.message from ${name} saying "${text}"`,
    hasMessage, describeMessages, { name, text });
}

async function expectUsers(page, reader, users) {
  await eventually(page, `${reader}: ul#users to list exactly ${users.join(', ')}`,
    usersAre, describeUsers, users);
}

/** A small valid PNG: a PICTURE_SIZE square with a diagonal gradient. */
function writePicture(folder) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc32 = (buf) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const n = PICTURE_SIZE;
  const header = Buffer.alloc(13);
  header.writeUInt32BE(n, 0);
  header.writeUInt32BE(n, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: RGB
  const rows = Buffer.alloc(n * (1 + 3 * n));
  for (let y = 0; y < n; y++) {
    const row = y * (1 + 3 * n); // each row starts with filter type 0
    for (let x = 0; x < n; x++) {
      rows[row + 1 + 3 * x] = Math.round((255 * x) / n);
      rows[row + 2 + 3 * x] = Math.round((255 * y) / n);
      rows[row + 3 + 3 * x] = 200;
    }
  }
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
  const file = path.join(folder, 'picture.png');
  fs.writeFileSync(file, png);
  return file;
}

/** Records every value #state's data-state takes, so a short dip out of OPEN is not missed. */
function recordStates() {
  const read = () => {
    const el = document.querySelector('#state');
    return el ? el.getAttribute('data-state') : null;
  };
  window.__ippoStates = [read()];
  const note = () => {
    const s = read();
    if (s !== window.__ippoStates[window.__ippoStates.length - 1]) window.__ippoStates.push(s);
  };
  new MutationObserver(note).observe(document.documentElement,
    { attributes: true, childList: true, characterData: true, subtree: true });
}

async function main() {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ippo-chat-e2e-'));
  fs.mkdirSync(shotDir, { recursive: true });
  let alice;
  let bob;
  let carol;

  await step('launch', async () => {
    browser = await launchChromium(STEP_TIMEOUT_MS, trustedSpki);
  });

  await step('join-screen', async () => {
    alice = await openPage('alice');
    await eventually(alice,
      'alice: form#join-form shown and form#message-form hidden before joining',
      inPage('const f = pageForms(); return f.join && !f.message;'), describeForms);
    await alice.screenshot({ path: path.join(shotDir, 'join.png'), timeout: STEP_TIMEOUT_MS });
  });

  await step('join', async () => {
    await join(alice, 'alice');
    bob = await openPage('bob');
    await join(bob, 'bob');
  });

  await step('messages', async () => {
    await say(alice, 'hello from alice');
    await expectMessage(bob, 'bob', 'alice', 'hello from alice');
    await say(bob, 'hi alice, bob here');
    await expectMessage(alice, 'alice', 'bob', 'hi alice, bob here');
    await expectMessage(alice, 'alice', 'alice', 'hello from alice');
  });

  await step('picture', async () => {
    const file = writePicture(tmp);
    await bob.setInputFiles('input#picture', file, { timeout: STEP_TIMEOUT_MS });
    await eventually(alice, `alice: li.image from bob with a loaded ${PICTURE_SIZE}px img`,
      hasLoadedImage, describeImages, { name: 'bob', width: PICTURE_SIZE });
    await eventually(bob, `bob: his own picture as li.image with a loaded ${PICTURE_SIZE}px img`,
      hasLoadedImage, describeImages, { name: 'bob', width: PICTURE_SIZE });
  });

  await step('users', async () => {
    await expectUsers(alice, 'alice', ['alice', 'bob']);
  });

  await step('bob-leaves', async () => {
    await bob.context().close();
    await expectUsers(alice, 'alice', ['alice']);
  });

  await step('server-restarts', async () => {
    await alice.evaluate(recordStates);
    const answer = input.next(RESTART_TIMEOUT_MS);
    console.log('restart-server');
    const line = await answer;
    if (line !== 'restarted') throw new Error(`expected "restarted" on stdin, got "${line}"`);
  });

  await step('state-leaves-open', async () => {
    await eventually(alice, 'alice: #state to leave OPEN when the server goes away',
      "return window.__ippoStates.some((s) => s !== 'OPEN');", 'return window.__ippoStates;');
  });

  await step('state-back-open', async () => {
    await eventually(alice, 'alice: #state to come back to OPEN by itself',
      inPage("return pageState().data === 'OPEN' && pageState().text.includes('OPEN');"),
      inPage('return { now: pageState(), seen: window.__ippoStates };'), undefined,
      RESTART_TIMEOUT_MS);
  });

  await step('carol-joins', async () => {
    carol = await openPage('carol');
    await join(carol, 'carol');
  });

  await step('alice-rejoined', async () => {
    // Only joined clients get the user list, so this shows that alice joined again.
    await expectUsers(alice, 'alice', ['alice', 'carol']);
    await eventually(alice, 'alice: still joined (message form shown)', isJoined, describeForms);
  });

  await step('message-after-restart', async () => {
    await say(alice, 'back again after the restart');
    await expectMessage(carol, 'carol', 'alice', 'back again after the restart');
    await say(carol, 'welcome back, alice');
    await expectMessage(alice, 'alice', 'carol', 'welcome back, alice');
  });

  await step('picture-after-restart', async () => {
    await carol.setInputFiles('input#picture', path.join(tmp, 'picture.png'),
      { timeout: STEP_TIMEOUT_MS });
    await eventually(alice, `alice: li.image from carol with a loaded ${PICTURE_SIZE}px img`,
      hasLoadedImage, describeImages, { name: 'carol', width: PICTURE_SIZE });
  });

  await step('screenshot', async () => {
    await alice.screenshot({ path: path.join(shotDir, 'chat.png'), timeout: STEP_TIMEOUT_MS });
  });

  await step('page-clean', async () => {
    if (pageErrors.length) {
      throw new Error(`uncaught errors in the page: ${pageErrors.join(' | ')}`);
    }
    if (foreignRequests.length) {
      throw new Error(`requests outside ${origin}: ${foreignRequests.join(' | ')}`);
    }
  });

  await finish(0, null);
}

main().catch((e) => {
  console.error(e && e.stack ? e.stack : e);
  finish(1, `fail ${currentStep} ${String(e && e.message ? e.message : e).split('\n')[0]}`);
});
