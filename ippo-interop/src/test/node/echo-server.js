// A Node `ws` echo server for Ippo's tests: every message comes back with the same type.
// Usage: node echo-server.js [port]   (0 or none: any free port)
// Prints one line `listening <port>` once ready; exits when stdin closes, so it never
// outlives the test that started it.
'use strict';
const { WebSocketServer } = require('ws');

const port = Number(process.argv[2] || 0);
const wss = new WebSocketServer({ host: '127.0.0.1', port, perMessageDeflate: false });

wss.on('connection', (ws) => {
  ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
  ws.on('error', () => {});
});
wss.on('listening', () => console.log(`listening ${wss.address().port}`));

process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
