// A minimal HTTP/1.1 keep-alive load generator, run as its own process:
//   node bench/lib/loadgen.mjs --ports P1[,P2,...] [--conns 16] [--duration 5000] [--warmup 1000] [--slice 250]
// Each server gets its own pool of `conns` connections. Each connection sends one GET, waits for
// the whole response (Content-Length framed), sends the next. With several servers, the load
// goes to one pool at a time, switching every `slice` ms, so that a slow phase of the machine
// hits every server alike; `duration` is the load time each server gets. Responses during the
// warm-up are not counted. Prints one JSON line: {servers: [{port, requests, total, active_ms,
// rps}], errors, non200}.
import net from 'node:net';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';

const { values: opt } = parseArgs({
  options: {
    ports: { type: 'string' },
    host: { type: 'string', default: '127.0.0.1' },
    conns: { type: 'string', default: '16' },
    duration: { type: 'string', default: '5000' },
    warmup: { type: 'string', default: '1000' },
    slice: { type: 'string', default: '250' },
  },
});
const PORTS = opt.ports.split(',').map(Number);
const CONNS = Number(opt.conns);
const SLICE = Number(opt.slice);
const DURATION = Number(opt.duration) * PORTS.length;
const WARMUP = Number(opt.warmup) * PORTS.length;

let counting = false;
let stopped = false;
let errors = 0;
let non200 = 0;
let active = 0;
const pools = PORTS.map((port) => ({ port, requests: 0, total: 0, activeMs: 0, conns: [] }));

function connection(pool) {
  const request = Buffer.from(`GET / HTTP/1.1\r\nHost: ${opt.host}:${pool.port}\r\nConnection: keep-alive\r\n\r\n`);
  const socket = net.connect(pool.port, opt.host);
  const c = { socket, busy: false, send() { c.busy = true; socket.write(request); } };
  socket.setNoDelay(true);
  socket.setEncoding('latin1');
  let buf = '';
  socket.on('connect', () => { if (pools[active] === pool) c.send(); });
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
      c.busy = false;
      pool.total++;
      if (counting) pool.requests++;
      if (!stopped && pools[active] === pool) c.send();
    }
  });
  socket.on('error', () => { if (!stopped) errors++; });
  socket.on('close', () => { if (!stopped) errors++; });
  return c;
}

for (const pool of pools) for (let i = 0; i < CONNS; i++) pool.conns.push(connection(pool));

let sliceStart = performance.now();
/** The next pool gets the load: idle connections of it start sending again. */
function rotate() {
  const now = performance.now();
  if (counting) pools[active].activeMs += now - sliceStart;
  sliceStart = now;
  active = (active + 1) % pools.length;
  for (const c of pools[active].conns) if (!c.busy && c.socket.readyState === 'open') c.send();
}
const rotation = pools.length > 1 ? setInterval(rotate, SLICE) : null;

setTimeout(() => {
  counting = true;
  sliceStart = performance.now();
  setTimeout(() => {
    pools[active].activeMs += performance.now() - sliceStart;
    counting = false;
    stopped = true;
    if (rotation) clearInterval(rotation);
    for (const pool of pools) for (const c of pool.conns) c.socket.destroy();
    const servers = pools.map((p) => ({ port: p.port, requests: p.requests, total: p.total, active_ms: p.activeMs, rps: (p.requests * 1000) / p.activeMs }));
    console.log(JSON.stringify({ servers, errors, non200, conns: CONNS, slice_ms: SLICE }));
  }, DURATION);
}, WARMUP);
