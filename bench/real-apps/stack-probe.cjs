// Loaded with `--require` first (before moult's preload, so it is never instrumented itself), in
// plain node and under moult alike, for the bench's stack-trace step only. A request that carries
// `x-bench-stack: 1` gets, in the `x-bench-stack` answer header, the stack of an Error made where
// the response's head is written (writeHead: from res.end, or from a middleware such as
// compression that wraps res.end): the frames of the app's request path down to its answer. The
// bench compares those frames (file:line:column) between the two runs.
'use strict';
const http = require('node:http');

const HEADER = 'x-bench-stack';
const writeHead = http.ServerResponse.prototype.writeHead;

http.ServerResponse.prototype.writeHead = function benchStackProbeWriteHead(...args) {
  if (this.req && this.req.headers[HEADER] && !this.headersSent) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 200;
    const { stack } = new Error('bench: the request path at writeHead');
    Error.stackTraceLimit = limit;
    this.setHeader(HEADER, Buffer.from(stack).toString('base64'));
  }
  return writeHead.apply(this, args);
};
