// An app's runtime socket ($MOULT_HOME/run/<pid>.sock) answers only the daemon that started it: the
// daemon passes a per-instance secret at spawn, and a peer without it (another process of the same
// user) can neither take the socket over from the daemon nor have an update run. What it tried is
// in moultd.log, as a warning.
import net from 'node:net';
import path from 'node:path';
import test from 'ava';
import { sandbox, startAndWaitOnline } from '../helpers/moult.mjs';

const APP = `const { log } = require('moult/runtime');
let n = 0;
function hello() { return 'v1'; }
setInterval(() => log(hello() + ' ' + n++), 100);
module.exports = { hello };
`;

const ROGUE = `const { SafeRedefineUpdate } = require('moult/runtime');
module.exports = (ctx) => new SafeRedefineUpdate(ctx.main, ctx.main.hello, () => 'rogue', { name: 'rogue' });
`;

/** Sends newline-delimited JSON frames to a socket and keeps the connection open a moment. */
function sendFrames(socket, frames) {
  return new Promise((resolve) => {
    const c = net.connect(socket, () => {
      for (const f of frames) c.write(JSON.stringify(f) + '\n');
      setTimeout(() => { c.destroy(); resolve(); }, 800);
    });
    c.on('error', () => resolve());
  });
}

test('a peer without the daemon\'s secret cannot take over the runtime socket nor run an update', async (t) => {
  const sb = sandbox(t);
  sb.files({ 'app.js': APP });
  const eco = sb.ecosystem([{ name: 'a', script: 'app.js' }]);
  await startAndWaitOnline(sb, eco, { apps: { a: 1 } });
  const [{ pid }] = await sb.ls();
  const socket = path.join(sb.home, 'run', `${pid}.sock`);

  await sendFrames(socket, [
    { type: 'attach', app: 'a', instance: 0, after_seq: 0 },
    { type: 'update', update_id: 'x-1', file: '/tmp/rogue.js', name: 'rogue', source: ROGUE },
  ]);
  const warned = await sb.waitEvent({ event: 'runtime.warning', app: 'a', msg: /unauthenticated|secret/ });
  // The daemon still hears the app: its log lines go on after the attempt.
  const { event: later } = await sb.waitEvent({ event: 'app.log', app: 'a' }, { from: warned.index + 1 });
  t.regex(later.msg, /^v1 /);
  const events = sb.events();
  t.false(events.some((e) => e.update === 'rogue'), 'no update event of the rogue update');
  t.false(events.some((e) => e.event === 'app.log' && /^rogue/.test(e.msg)), 'the rogue code never ran');
});
