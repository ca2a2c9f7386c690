// Preloaded (`--require`) by test/fuzz/no-network.test.ts into the CLI and the language server, and inherited by
// their worker threads: every way Node opens a network connection or resolves a name throws, and is logged to
// FAULTLINE_NETWORK_LOG, so a test can tell that nothing tried even where the caller swallowed the error. Each thread
// that loads it logs `loaded <threadId>`, so the test can see the workers were covered too.
'use strict';
const fs = require('node:fs');
const { threadId } = require('node:worker_threads');

const log = process.env.FAULTLINE_NETWORK_LOG;
const note = (line) => {
  if (log) fs.appendFileSync(log, `${line}\n`);
};
note(`loaded ${threadId}`);

function block(owner, name, label) {
  const original = owner[name];
  if (typeof original !== 'function') return;
  owner[name] = function blocked() {
    note(`attempt ${label} ${new Error().stack.split('\n').slice(2, 5).join(' | ')}`);
    throw new Error(`network access blocked in this test: ${label}`);
  };
}

const net = require('node:net');
block(net, 'connect', 'net.connect');
block(net, 'createConnection', 'net.createConnection');
block(net.Socket.prototype, 'connect', 'net.Socket#connect');
block(net, 'createServer', 'net.createServer');
const tls = require('node:tls');
block(tls, 'connect', 'tls.connect');
for (const mod of ['node:http', 'node:https']) {
  const m = require(mod);
  block(m, 'request', `${mod}.request`);
  block(m, 'get', `${mod}.get`);
  block(m, 'createServer', `${mod}.createServer`);
}
block(require('node:http2'), 'connect', 'http2.connect');
const dns = require('node:dns');
for (const name of ['lookup', 'lookupService', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveTxt', 'resolveSrv', 'reverse']) {
  block(dns, name, `dns.${name}`);
  block(dns.promises, name, `dns.promises.${name}`);
}
block(require('node:dgram'), 'createSocket', 'dgram.createSocket');
block(globalThis, 'fetch', 'fetch');
if (typeof globalThis.WebSocket === 'function') block(globalThis, 'WebSocket', 'WebSocket');
