// A minimal HTTP/1.1 keep-alive load generator, run as its own process:
//   node bench/lib/loadgen.mjs --port P [--conns 16] [--duration 5000] [--warmup 1000]
// Each connection sends one GET, waits for the whole response (Content-Length framed), sends the
// next. Responses during the warm-up are not counted. Prints one JSON line:
// {requests, total_with_warmup, duration_ms, rps, errors, non200}.
import net from 'node:net';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';

const { values: opt } = parseArgs({
  options: {
    port: { type: 'string' },
    host: { type: 'string', default: '127.0.0.1' },
    conns: { type: 'string', default: '16' },
    duration: { type: 'string', default: '5000' },
    warmup: { type: 'string', default: '1000' },
  },
});
const PORT = Number(opt.port);
const CONNS = Number(opt.conns);
const DURATION = Number(opt.duration);
const WARMUP = Number(opt.warmup);
const REQUEST = Buffer.from(`GET / HTTP/1.1\r\nHost: ${opt.host}:${PORT}\r\nConnection: keep-alive\r\n\r\n`);

let counting = false;
let stopped = false;
let requests = 0;
let total = 0;
let errors = 0;
let non200 = 0;
const sockets = [];

function connection() {
  const socket = net.connect(PORT, opt.host);
  socket.setNoDelay(true);
  let buf = '';
  socket.setEncoding('latin1');
  socket.on('connect', () => socket.write(REQUEST));
  socket.on('data', (chunk) => {
    buf += chunk;
    for (;;) {
      const end = buf.indexOf('\r\n\r\n');
      if (end === -1) return;
      const head = buf.slice(0, end);
      const m = /\r\ncontent-length:\s*(\d+)/i.exec(head);
      const len = m ? Number(m[1]) : 0;
      if (buf.length < end + 4 + len) return;
      if (!head.startsWith('HTTP/1.1 200')) non200++;
      buf = buf.slice(end + 4 + len);
      total++;
      if (counting) requests++;
      if (!stopped) socket.write(REQUEST);
    }
  });
  socket.on('error', () => { if (!stopped) errors++; });
  socket.on('close', () => { if (!stopped) { errors++; sockets.push(connection()); } });
  return socket;
}

for (let i = 0; i < CONNS; i++) sockets.push(connection());
setTimeout(() => {
  counting = true;
  const t0 = performance.now();
  setTimeout(() => {
    counting = false;
    stopped = true;
    const ms = performance.now() - t0;
    for (const s of sockets) s.destroy();
    console.log(JSON.stringify({ requests, total_with_warmup: total, duration_ms: ms, rps: (requests * 1000) / ms, errors, non200, conns: CONNS }));
  }, DURATION);
}, WARMUP);
