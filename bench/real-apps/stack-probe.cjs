// Loaded with `--require` first (before moult's preload, so it is never instrumented itself), in
// plain node and under moult alike, for the bench's stack-trace step only. A request that carries
// `x-bench-stack: 1` gets, in the `x-bench-stack` answer header, the stack of an Error made where
// the app's code ends the response (res.end): every frame of the app's request path from the
// socket to its handler. The bench compares those frames (file:line:column) between the two runs.
'use strict';
const http = require('node:http');

const HEADER = 'x-bench-stack';
const end = http.ServerResponse.prototype.end;

http.ServerResponse.prototype.end = function benchStackProbeEnd(...args) {
  if (this.req && this.req.headers[HEADER] && !this.headersSent) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 200;
    const { stack } = new Error('bench: the request path at res.end');
    Error.stackTraceLimit = limit;
    this.setHeader(HEADER, Buffer.from(stack).toString('base64'));
  }
  return end.apply(this, args);
};
