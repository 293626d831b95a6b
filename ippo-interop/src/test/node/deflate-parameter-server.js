// A Node `ws` echo server with permessage-deflate on, for Ippo's deflate interop tests.
// Usage: node deflate-parameter-server.js <perMessageDeflate options as JSON> [port]
// Prints `listening <port>` once ready, then for each connection one JSON line
// {"event":"connection","offered":...,"answered":...,"extensions":...}: the client's offer,
// the Sec-WebSocket-Extensions answer sent, and ws.extensions; and when it closes
// {"event":"close","code":...,"reason":...}. Every message comes back with its type.
// Exits when stdin closes.
'use strict';
const { WebSocketServer } = require('ws');

const options = JSON.parse(process.argv[2] || '{}');
const port = Number(process.argv[3] || 0);
const wss = new WebSocketServer({ host: '127.0.0.1', port, perMessageDeflate: options });

const answers = new WeakMap();
wss.on('headers', (headers, request) => {
  const line = headers.find((h) => h.toLowerCase().startsWith('sec-websocket-extensions:'));
  answers.set(request, line ? line.slice(line.indexOf(':') + 1).trim() : '');
});
wss.on('connection', (ws, request) => {
  console.log(JSON.stringify({
    event: 'connection',
    offered: request.headers['sec-websocket-extensions'] || '',
    answered: answers.get(request),
    extensions: ws.extensions,
  }));
  ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
  ws.on('error', (e) => process.stderr.write(`ws error: ${e.message}\n`));
  ws.on('close', (code, reason) => {
    console.log(JSON.stringify({ event: 'close', code, reason: reason.toString() }));
  });
});
wss.on('listening', () => console.log(`listening ${wss.address().port}`));

process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
