// A Node `ws` server whose behaviour the request path chooses, for Ippo client tests.
// Usage: node scenario-server.js [port]   (0 or none: any free port)
// Prints `listening <port>` once ready, then one JSON line per connection that closes:
// {"event":"close","path":...,"code":...,"reason":...}. Exits when stdin closes.
//
// Paths:
//   /echo                     every message comes back with the same type (also the default)
//   /close/<code>/<reason>    closes at once with that code and (URL-decoded) reason
//   /terminate                drops the connection, without a close frame, on the first message
//   /ping/<payload>           pings with the payload; on the pong, sends "pong:<its payload>"
//   /fragments                sends "frag-é-ment" as three text frames (one boundary inside
//                             "é"), then 3000 pattern bytes as three binary frames with a ping
//                             "between" amid them, then echoes
// Subprotocols: "superchat" when the client offers it, else the first offered.
'use strict';
const { WebSocketServer } = require('ws');

const port = Number(process.argv[2] || 0);
const wss = new WebSocketServer({
  host: '127.0.0.1',
  port,
  perMessageDeflate: false,
  handleProtocols: (protocols) => (protocols.has('superchat') ? 'superchat' : [...protocols][0]),
});

// The same bytes as InteropData.pattern on the Java side.
function pattern(length) {
  const bytes = Buffer.allocUnsafe(length);
  for (let i = 0; i < length; i++) bytes[i] = (i * 31 + 7) & 0xff;
  return bytes;
}

function echo(ws) {
  ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
}

const behaviours = {
  echo,
  close: (ws, [code, reason]) => ws.close(Number(code), decodeURIComponent(reason || '')),
  terminate: (ws) => ws.once('message', () => ws.terminate()),
  ping: (ws, [payload]) => {
    ws.once('pong', (data) => ws.send(`pong:${data}`));
    ws.ping(Buffer.from(decodeURIComponent(payload || '')));
  },
  fragments: (ws) => {
    const text = Buffer.from('frag-\u00e9-ment');
    ws.send(text.subarray(0, 6), { binary: false, fin: false });
    ws.send(text.subarray(6, 9), { binary: false, fin: false });
    ws.send(text.subarray(9), { binary: false, fin: true });
    const bytes = pattern(3000);
    ws.send(bytes.subarray(0, 1000), { binary: true, fin: false });
    ws.ping(Buffer.from('between'));
    ws.send(bytes.subarray(1000, 2000), { binary: true, fin: false });
    ws.send(bytes.subarray(2000), { binary: true, fin: true });
    echo(ws);
  },
};

wss.on('connection', (ws, request) => {
  const path = new URL(request.url, 'ws://localhost').pathname;
  const [name, ...params] = path.split('/').filter((s) => s.length > 0);
  ws.on('error', () => {});
  ws.on('close', (code, reason) => {
    console.log(JSON.stringify({ event: 'close', path, code, reason: reason.toString() }));
  });
  (behaviours[name] || echo)(ws, params);
});
wss.on('listening', () => console.log(`listening ${wss.address().port}`));

process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
