// Loaded with `--require` first in every server of the real-apps bench's HTTP part (plain node and
// moult alike, so that all pay the same check per request): GET /__gap/start and /__gap/stop run
// the event-loop gap monitor of the pause benchmarks (bench/lib/gap-monitor.cjs) inside the app,
// answered before the app sees the request. The bench turns it on around a `moult update` and a
// `moult patch` and reads the longest gap between update.received and update.completed: what the
// app's users wait for while the change is made (the apps have no such route of their own).
'use strict';
const http = require('node:http');
const { gapStart, gapStop } = require('../lib/gap-monitor.cjs');

const emit = http.Server.prototype.emit;
const ROUTES = { '/__gap/start': gapStart, '/__gap/stop': gapStop };

http.Server.prototype.emit = function benchPauseProbeEmit(event, req, res) {
  const route = event === 'request' ? ROUTES[req.url] : undefined;
  if (route === undefined) return emit.apply(this, arguments);
  const body = JSON.stringify(route());
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
  return true;
};
