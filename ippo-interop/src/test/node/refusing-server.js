// A Node `ws` server that refuses every opening handshake with 403, for the tests of
// `ippo connect`'s error line. Usage: node refusing-server.js [port]   (0 or none: any free port)
// Prints one line `listening <port>` once ready; exits when stdin closes.
'use strict';
const { WebSocketServer } = require('ws');

const port = Number(process.argv[2] || 0);
const wss = new WebSocketServer({
  host: '127.0.0.1',
  port,
  verifyClient: (info, done) => done(false, 403, 'Forbidden'),
});
wss.on('listening', () => console.log(`listening ${wss.address().port}`));

process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
