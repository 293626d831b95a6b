// A Node `ws` client that runs one scenario against a WebSocket server, for Ippo's interop
// tests. It prints one JSON object per line for each result, so the Java test asserts exact
// values; the last line is {"case":"done"}. Exits 0 when the scenario ran to its end, 1 when
// something went wrong (an {"case":"failure"} line says what), and by itself after 60 s.
//
// Usage: node ws-client.js <url> <scenario> [args...]
//   echo                      sends text, binary, empty, boundary sizes, 16 MiB, fragments,
//                             pings; reports each echo; closes with 1000 "done"
//   protocol <p1,p2,...>      offers the subprotocols, reports the chosen one, closes 1000
//   client-close <code> <reason>   closes with that code and reason (percent-encoded, so
//                             any UTF-8 survives the command line), reports the close event
//   await-close               sends "hello", then reports the close event the server causes
//   client-terminate          sends "hello", waits for its echo, then drops the connection
//   many <clients> <messages> opens the clients at once; each sends its messages at once and
//                             waits for their echoes in order; reports a summary
//   quiet <seconds>           says nothing for that long (ws answers pings by itself), then
//                             sends "still here"; reports its echo and the pings counted
//   going-away <clients>      opens the clients, reports "opened", then waits for the server
//                             to close them all; reports how many got 1001 and what else came
'use strict';
const crypto = require('crypto');
const WebSocket = require('ws');

const [url, scenario, ...args] = process.argv.slice(2);

function report(result) {
  process.stdout.write(JSON.stringify(result) + '\n');
}

// The same bytes as InteropData.pattern on the Java side.
function pattern(length) {
  const bytes = Buffer.allocUnsafe(length);
  for (let i = 0; i < length; i++) bytes[i] = (i * 31 + 7) & 0xff;
  return bytes;
}

function sha256(data) {
  return crypto.createHash('sha256').update(data).digest('hex');
}

function open(protocols) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocols, { perMessageDeflate: false });
    const inbox = new Inbox(ws);
    ws.once('open', () => resolve({ ws, inbox }));
    ws.once('error', reject);
  });
}

/** Messages, pongs and the close event of one connection, handed out in arrival order. */
class Inbox {
  constructor(ws) {
    this.messages = [];
    this.pongs = [];
    this.waiters = { message: [], pong: [] };
    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
    });
    ws.on('message', (data, isBinary) => this.push('message', this.messages, { data, isBinary }));
    ws.on('pong', (data) => this.push('pong', this.pongs, data));
    ws.on('error', () => {}); // the close event follows and tells the test
  }

  push(kind, queue, item) {
    const waiter = this.waiters[kind].shift();
    if (waiter) waiter(item);
    else queue.push(item);
  }

  next(kind) {
    const queue = kind === 'message' ? this.messages : this.pongs;
    if (queue.length > 0) return Promise.resolve(queue.shift());
    return new Promise((resolve) => this.waiters[kind].push(resolve));
  }
}

function describe(name, message) {
  const result = {
    case: name,
    binary: message.isBinary,
    length: message.data.length,
    sha256: sha256(message.data),
  };
  if (!message.isBinary && message.data.length <= 200) result.text = message.data.toString();
  return result;
}

async function echo() {
  const { ws, inbox } = await open();
  const roundTrip = async (name, data, binary) => {
    ws.send(data, { binary });
    report(describe(name, await inbox.next('message')));
  };
  await roundTrip('text', 'hello ippo', false);
  await roundTrip('text-unicode', 'h\u00e9llo w\u00f6rld \u2713 \u{1F98A}', false);
  await roundTrip('binary', Buffer.from([0, 1, 2, 0xfe, 0xff]), true);
  await roundTrip('empty-text', '', false);
  await roundTrip('empty-binary', Buffer.alloc(0), true);
  for (const size of [125, 126, 65535, 65536, 16 * 1024 * 1024]) {
    await roundTrip(`binary-${size}`, pattern(size), true);
  }
  await roundTrip('text-65536', 'x'.repeat(65536), false);

  // A text message in three frames, the middle frame boundary inside the two bytes of "é".
  const text = Buffer.from('frag-\u00e9-ment');
  ws.send(text.subarray(0, 6), { binary: false, fin: false });
  ws.send(text.subarray(6, 9), { binary: false, fin: false });
  ws.send(text.subarray(9), { binary: false, fin: true });
  report(describe('fragmented-text', await inbox.next('message')));

  // A binary message in three frames with a ping between them (control frames may interleave).
  const bytes = pattern(3000);
  ws.send(bytes.subarray(0, 1000), { binary: true, fin: false });
  ws.ping(Buffer.from('between'));
  ws.send(bytes.subarray(1000, 2000), { binary: true, fin: false });
  ws.send(bytes.subarray(2000), { binary: true, fin: true });
  report({ case: 'pong-between', payload: (await inbox.next('pong')).toString() });
  report(describe('fragmented-binary', await inbox.next('message')));

  ws.ping(Buffer.from('ping-payload'));
  report({ case: 'pong', payload: (await inbox.next('pong')).toString() });
  ws.ping();
  report({ case: 'pong-empty', length: (await inbox.next('pong')).length });

  ws.close(1000, 'done');
  report({ case: 'close', ...(await inbox.closed) });
}

async function protocol(offered) {
  const { ws, inbox } = await open(offered.split(','));
  report({ case: 'protocol', protocol: ws.protocol });
  ws.close(1000, 'done');
  report({ case: 'close', ...(await inbox.closed) });
}

async function clientClose(code, reason) {
  const { ws, inbox } = await open();
  ws.close(Number(code), reason);
  report({ case: 'close', ...(await inbox.closed) });
}

async function awaitClose() {
  const { ws, inbox } = await open();
  ws.send('hello');
  report({ case: 'close', ...(await inbox.closed) });
}

async function clientTerminate() {
  const { ws, inbox } = await open();
  ws.send('hello');
  report(describe('text', await inbox.next('message')));
  ws.terminate();
  report({ case: 'close', ...(await inbox.closed) });
}

async function quiet(seconds) {
  const { ws, inbox } = await open();
  let pings = 0;
  ws.on('ping', () => { pings++; });
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  ws.send('still here');
  report(describe('text', await inbox.next('message')));
  report({ case: 'quiet', pings });
  ws.close(1000, 'done');
  report({ case: 'close', ...(await inbox.closed) });
}

async function many(clientCount, messageCount) {
  const failures = [];
  let messagesOk = 0;
  const client = async (id) => {
    const { ws, inbox } = await open();
    for (let m = 0; m < messageCount; m++) ws.send(`client ${id} message ${m}`);
    for (let m = 0; m < messageCount; m++) {
      const { data, isBinary } = await inbox.next('message');
      const expected = `client ${id} message ${m}`;
      if (isBinary || data.toString() !== expected) {
        throw new Error(`client ${id} expected "${expected}", got "${data}"`);
      }
      messagesOk++;
    }
    ws.close(1000, 'done');
    const { code } = await inbox.closed;
    if (code !== 1000) throw new Error(`client ${id} closed with ${code}`);
  };
  const results = await Promise.allSettled(
    Array.from({ length: clientCount }, (_, id) => client(id)));
  for (const r of results) if (r.status === 'rejected') failures.push(String(r.reason));
  report({
    case: 'many',
    clients: clientCount,
    completed: results.filter((r) => r.status === 'fulfilled').length,
    messagesOk,
    failures: failures.slice(0, 5).join('; '),
  });
}

async function goingAway(clientCount) {
  const clients = await Promise.all(Array.from({ length: clientCount }, () => open()));
  report({ case: 'opened', clients: clients.length });
  const closes = await Promise.all(clients.map(({ inbox }) => inbox.closed));
  const others = closes.filter((c) => c.code !== 1001 || c.reason !== 'server shutting down');
  report({
    case: 'going-away',
    clients: clientCount,
    goingAway: closes.length - others.length,
    others: others.slice(0, 5).map((c) => `${c.code} ${c.reason}`).join('; '),
  });
}

const scenarios = {
  echo: () => echo(),
  protocol: () => protocol(args[0]),
  'client-close': () => clientClose(args[0], decodeURIComponent(args[1] || '')),
  'await-close': () => awaitClose(),
  'client-terminate': () => clientTerminate(),
  many: () => many(Number(args[0]), Number(args[1])),
  quiet: () => quiet(Number(args[0])),
  'going-away': () => goingAway(Number(args[0])),
};

const run = scenarios[scenario];
if (!url || !run) {
  const names = Object.keys(scenarios).join('|');
  process.stderr.write(`usage: node ws-client.js <url> <${names}> [args]\n`);
  process.exit(2);
}
// A scenario that waits forever is a failure, not a hung build.
setTimeout(() => {
  report({ case: 'failure', message: 'timed out after 60 s' });
  process.exit(1);
}, 60000).unref();
run().then(
  () => {
    report({ case: 'done' });
    process.exit(0);
  },
  (e) => {
    report({ case: 'failure', message: String(e && e.stack || e) });
    process.exit(1);
  });
