// Minimal broadcast relay with Node's `ws` library (benchmark peer).
//
// Same contract as `atelier echo --relay` for the fan-out benchmark: every
// message received on any connection is sent to all open connections,
// including the sender. Prints `listening on http://HOST:PORT` when ready.
//
//   node bench/peers/node_relay.js [--host 127.0.0.1] [--port 0]
//
// `ws` comes from the Debian package node-ws; bench/fanout.py sets NODE_PATH
// when Node does not find it on its own. No npm install.
'use strict';

const { WebSocketServer, WebSocket } = require('ws');

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const host = arg('--host', '127.0.0.1');
const port = Number(arg('--port', '0'));

const wss = new WebSocketServer({ host, port, perMessageDeflate: false, maxPayload: 65536 });

wss.on('connection', (socket) => {
  socket.on('message', (data, isBinary) => {
    for (const client of wss.clients) {
      if (client.readyState === WebSocket.OPEN) client.send(data, { binary: isBinary });
    }
  });
  socket.on('error', () => {});
});

wss.on('listening', () => {
  console.log(`listening on http://${host}:${wss.address().port}`);
});

function shutdown() {
  for (const client of wss.clients) client.close(1001, 'server shutting down');
  wss.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 1000).unref();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
