// A chat client on Node's `ws` for Ippo's tests: joins the chat at the URL as the name
// given (in the room given, else the lobby), prints every text message it receives (the
// raw JSON, one per line), and sends each line of its standard input as a chat message.
// Exits when stdin closes.
// Usage: node chat-client.js <ws-url> <name> [room]
'use strict';
const WebSocket = require('ws');
const readline = require('readline');

const [url, name, room] = process.argv.slice(2);
const ws = new WebSocket(url);
ws.on('open', () => ws.send(JSON.stringify({ type: 'join', name, room })));
ws.on('message', (data, isBinary) => {
  if (!isBinary) console.log(data.toString());
});
ws.on('error', (e) => console.error(`error ${e.message}`));
ws.on('close', (code) => console.log(`closed ${code}`));

readline.createInterface({ input: process.stdin })
  .on('line', (text) => ws.send(JSON.stringify({ type: 'message', text })))
  .on('close', () => {
    ws.close(1000);
    setTimeout(() => process.exit(0), 200);
  });
setTimeout(() => process.exit(1), 60000).unref();
