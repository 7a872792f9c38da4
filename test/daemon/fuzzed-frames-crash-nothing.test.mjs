// 100 000 random, truncated and mutated frames against the control socket and against an app's
// runtime socket: the daemon and the app stay up, keep answering, and lose no event (the app's
// own seq numbers in moultd.log have no gap). The warning lines they produce are counted.
import net from 'node:net';
import path from 'node:path';
import { slowTest } from '../helpers/slow-suite.mjs';
// Line-neutral (the frame decoder is moult's own JavaScript), and a minute long: one Node line in CI.
import { sandbox, startAndWaitOnline } from '../helpers/moult.mjs';

const APP = `const { log } = require('moult/runtime');
let n = 0;
setInterval(() => log('tick ' + n++), 20);
`;

/** A small deterministic PRNG (mulberry32), so a failure can be replayed. */
function rng(seed) {
  return () => {
    seed |= 0; seed = (seed + 0x6D2B79F5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const VALID = [
  { id: 1, verb: 'ls' }, { id: 2, verb: 'ping' }, { id: 3, verb: 'update', app: 'a', file: '/nope.js', wait: false, timeoutMs: 1000 },
  { type: 'attach', app: 'a', instance: 0, after_seq: 0 }, { type: 'update', update_id: 'u', file: 'f.js', name: 'f', source: 'module.exports = 1' },
  { type: 'rollback', request_id: 'r' }, { id: 4, verb: 'stop', target: 'zz' }, { id: 5, verb: 'start', apps: [{ name: 'x' }] },
];
const WEIRD = [null, true, -1, 1e308, '', 'x'.repeat(5000), [], {}, [[[[[[]]]]]], { __proto__: null }, '\u2028', '\u0000'];

function frame(r) {
  const kind = r();
  if (kind < 0.3) {
    // random bytes (no newline: the frame ends where we say)
    const len = Math.floor(r() * 200);
    let s = '';
    for (let i = 0; i < len; i++) { const c = Math.floor(r() * 256); s += c === 10 ? ' ' : String.fromCharCode(c); }
    return s;
  }
  const base = JSON.stringify(VALID[Math.floor(r() * VALID.length)]);
  if (kind < 0.55) return base.slice(0, Math.floor(r() * base.length)); // truncated
  const obj = JSON.parse(base);
  const keys = Object.keys(obj);
  for (let m = 0; m < 1 + Math.floor(r() * 3); m++) {
    const k = r() < 0.2 ? `k${Math.floor(r() * 5)}` : keys[Math.floor(r() * keys.length)];
    obj[k] = WEIRD[Math.floor(r() * WEIRD.length)];
  }
  if (kind < 0.65) delete obj.id;
  return JSON.stringify(obj);
}

/** Sends `count` frames over connections of `perConn` frames each; resolves when all are closed. */
async function flood(socket, r, count, perConn) {
  let sent = 0;
  while (sent < count) {
    const n = Math.min(perConn, count - sent);
    const lines = [];
    for (let i = 0; i < n; i++) lines.push(frame(r));
    sent += n;
    await new Promise((resolve) => {
      const c = net.connect(socket, () => {
        c.end(lines.join('\n') + '\n');
      });
      c.on('data', () => {});
      c.on('error', resolve);
      c.on('close', resolve);
      setTimeout(() => { c.destroy(); resolve(); }, 3000).unref();
    });
  }
}

function assertNoGap(t, events, pid) {
  const seqs = events.filter((e) => e.pid === pid && typeof e.seq === 'number').map((e) => e.seq);
  t.true(seqs.length > 10, `${seqs.length} events of the app`);
  for (let i = 1; i < seqs.length; i++) if (seqs[i] !== seqs[i - 1] + 1) return t.fail(`seq ${seqs[i - 1]} then ${seqs[i]}`);
  t.pass();
}

slowTest('100 000 fuzzed frames on the control socket and an app runtime socket crash nothing and lose no event', async (t) => {
  t.timeout(120_000);
  const sb = sandbox(t);
  sb.files({ 'app.js': APP });
  const eco = sb.ecosystem([{ name: 'a', script: 'app.js' }]);
  await startAndWaitOnline(sb, eco, { apps: { a: 1 } });
  const [{ pid }] = await sb.ls();
  const daemonPid = (await sb.cli(['ls', '--json'])).code === 0 ? Number((await import('node:fs')).readFileSync(path.join(sb.home, 'moultd.pid'), 'utf8')) : 0;
  const r = rng(20261129);

  await flood(path.join(sb.home, 'moultd.sock'), r, 70_000, 500);
  await flood(path.join(sb.home, 'run', `${pid}.sock`), r, 30_000, 100);

  // Both still answer: the daemon to the CLI, the app to the daemon (its log goes on).
  const after = await sb.ls();
  t.is(after[0].pid, pid, 'the app was not restarted');
  t.is(Number((await import('node:fs')).readFileSync(path.join(sb.home, 'moultd.pid'), 'utf8')), daemonPid, 'the same daemon');
  const before = sb.events().length;
  await sb.waitEvent({ event: 'app.log', app: 'a' }, { from: before });
  const events = sb.events();
  assertNoGap(t, events, pid);
  const warns = events.filter((e) => e.level === 'warn');
  t.log(`${warns.filter((e) => e.event === 'daemon.warning').length} daemon warnings, ${warns.filter((e) => e.event === 'runtime.warning').length} runtime warnings, ${events.filter((e) => e.event === 'update.rejected').length} rejected updates`);
  t.true(warns.length > 1000);
  t.false(events.some((e) => e.event === 'update.begin'), 'no fuzzed update ran');
});
