// A Node `ws` echo server with permessage-deflate, for the deflate conformance suite: every
// message comes back with the same type, compressed (threshold 0). One port, three servers
// by path, as InProcessEchoTarget.withDeflate() has them:
//   /                  ws's defaults
//   /small             maxPayload 64 KiB
//   /client-window-10  clientMaxWindowBits 10 (declines offers without client_max_window_bits)
// Usage: node deflate-echo-server.js [port]   (0 or none: any free port)
// Prints one line `listening <port>` once ready; exits when stdin closes.
'use strict';
const http = require('http');
const { WebSocketServer } = require('ws');

const port = Number(process.argv[2] || 0);
const deflate = (extra) => ({ threshold: 0, ...extra });

function echoServer(options) {
  const wss = new WebSocketServer({ noServer: true, ...options });
  wss.on('connection', (ws) => {
    ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
    ws.on('error', () => {});
  });
  return wss;
}

const servers = {
  '/': echoServer({ perMessageDeflate: deflate({}) }),
  '/small': echoServer({ perMessageDeflate: deflate({}), maxPayload: 64 * 1024 }),
  '/client-window-10': echoServer({ perMessageDeflate: deflate({ clientMaxWindowBits: 10 }) }),
};

const server = http.createServer((req, res) => {
  res.writeHead(426);
  res.end();
});
server.on('upgrade', (req, socket, head) => {
  const path = new URL(req.url, 'http://localhost').pathname;
  const wss = servers[path] || servers['/'];
  wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
});
server.listen(port, '127.0.0.1', () => console.log(`listening ${server.address().port}`));

process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
