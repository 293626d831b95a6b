'use strict';
// Node ws bench server for bench/run: `node bench/ws-server.js <port> echo|broadcast [tls DIR]`.
// Listens on 127.0.0.1 with permessage-deflate off, prints "listening <port>" when ready and
// runs until killed. Echo sends every message back with its type; broadcast sends it to every
// open client, the sender included. With `tls DIR` it serves wss:// through Node's https, from
// DIR/cert.pem and DIR/key.pem.
const fs = require('fs');
const http = require('http');
const https = require('https');
const path = require('path');
const { WebSocketServer, WebSocket } = require(path.join(__dirname, '..', 'node_modules', 'ws'));

const [portArg, mode, tlsFlag, tlsDir] = process.argv.slice(2);
const port = Number(portArg);
if (!Number.isInteger(port) || port < 0 || port > 65535 || !['echo', 'broadcast'].includes(mode)
    || (tlsFlag !== undefined && (tlsFlag !== 'tls' || !tlsDir))) {
  console.error('usage: node bench/ws-server.js <port> echo|broadcast [tls DIR]');
  process.exit(2);
}

const server = tlsDir
  ? https.createServer({
    cert: fs.readFileSync(path.join(tlsDir, 'cert.pem')),
    key: fs.readFileSync(path.join(tlsDir, 'key.pem')),
  })
  : http.createServer();
const wss = new WebSocketServer({
  server,
  perMessageDeflate: false,
  clientTracking: true,
  maxPayload: 1 << 20,
});

wss.on('connection', (ws) => {
  if (mode === 'echo') {
    ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
  } else {
    ws.on('message', (data, isBinary) => {
      for (const client of wss.clients) {
        if (client.readyState === WebSocket.OPEN) client.send(data, { binary: isBinary });
      }
    });
  }
  ws.on('error', () => {});
});

server.listen({ host: '127.0.0.1', port, backlog: 1024 },
  () => console.log(`listening ${server.address().port}`));
