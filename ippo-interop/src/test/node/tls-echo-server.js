// A Node `ws` echo server over https for Ippo's TLS tests: every message comes back with the
// same type. Usage: node tls-echo-server.js <cert.pem> <key.pem>
// Prints one line `listening <port>` once ready; exits when stdin closes, so it never
// outlives the test that started it.
'use strict';
const fs = require('fs');
const https = require('https');
const { WebSocketServer } = require('ws');

const [cert, key] = process.argv.slice(2);
const server = https.createServer({ cert: fs.readFileSync(cert), key: fs.readFileSync(key) });
const wss = new WebSocketServer({ server, perMessageDeflate: false });

wss.on('connection', (ws) => {
  ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
  ws.on('error', () => {});
});
server.listen(0, '127.0.0.1', () => console.log(`listening ${server.address().port}`));

process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
