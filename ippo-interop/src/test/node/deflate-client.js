// A Node `ws` client with permessage-deflate on, for Ippo's deflate interop tests. It sends
// the named messages (see deflate-payloads.js) all in a row, then reports each echo in
// order, as WsClientScript reads them: one JSON object per line, {"case":"done"} last.
//
// Usage: node deflate-client.js <url> <perMessageDeflate options as JSON> <message names...>
//   {"case":"handshake","answered":...,"extensions":...}
//       the server's Sec-WebSocket-Extensions answer, and ws.extensions
//   {"case":<name>,"binary":...,"length":...,"sha256":...}   one per echo, in order
//   {"case":"close","code":...,"reason":...}                  after closing with 1000 "done"
// Exits 1 with a {"case":"failure"} line when the connection ends early, and after 60 s.
'use strict';
const crypto = require('crypto');
const WebSocket = require('ws');
const { payload } = require('./deflate-payloads');

const [url, options, ...names] = process.argv.slice(2);

function report(result) {
  process.stdout.write(JSON.stringify(result) + '\n');
}

async function main() {
  const ws = new WebSocket(url, { perMessageDeflate: JSON.parse(options) });
  const upgraded = new Promise((resolve) => ws.once('upgrade', resolve));
  const closed = new Promise((resolve) => {
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
  });
  const inbox = [];
  let waiting = null; // the resolve of next() while the inbox is empty
  ws.on('message', (data, isBinary) => {
    if (waiting) {
      const resolve = waiting;
      waiting = null;
      resolve({ data, isBinary });
    } else {
      inbox.push({ data, isBinary });
    }
  });
  ws.on('error', (e) => process.stderr.write(`ws error: ${e.message}\n`));
  const ended = closed.then(({ code, reason }) => {
    throw new Error(`connection closed early: ${code} ${reason}`);
  });
  ended.catch(() => {});
  const next = () => Promise.race([ended, new Promise((resolve) => {
    if (inbox.length > 0) resolve(inbox.shift());
    else waiting = resolve;
  })]);

  await Promise.race([ended, new Promise((resolve) => ws.once('open', resolve))]);
  const response = await upgraded;
  report({
    case: 'handshake',
    answered: response.headers['sec-websocket-extensions'] || '',
    extensions: ws.extensions,
  });
  for (const name of names) {
    const { data, binary } = payload(name);
    ws.send(data, { binary });
  }
  for (const name of names) {
    const { data, isBinary } = await next();
    const sha256 = crypto.createHash('sha256').update(data).digest('hex');
    report({ case: name, binary: isBinary, length: data.length, sha256 });
  }
  ws.close(1000, 'done');
  report({ case: 'close', ...(await closed) });
}

setTimeout(() => {
  report({ case: 'failure', message: 'timed out after 60 s' });
  process.exit(1);
}, 60000).unref();
main().then(
  () => {
    report({ case: 'done' });
    process.exit(0);
  },
  (e) => {
    report({ case: 'failure', message: String((e && e.stack) || e) });
    process.exit(1);
  });
