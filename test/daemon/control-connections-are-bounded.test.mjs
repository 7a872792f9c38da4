// Idle connections cannot exhaust the daemon: a control connection with no request under way is
// closed after an idle timeout (MOULT_CONTROL_IDLE_MS, 60 s by default), and past the connection
// cap the oldest idle one makes room for a new one, so the CLI keeps being answered.
import net from 'node:net';
import path from 'node:path';
import test from 'ava';
import { sandbox, startAndWaitOnline, tickerApp } from '../helpers/moult.mjs';

function open(socket) {
  return new Promise((resolve, reject) => {
    const c = net.connect(socket, () => resolve(c));
    c.on('error', reject);
  });
}

const closed = (c) => new Promise((resolve) => { if (c.destroyed) resolve(); else c.on('close', resolve); });

test('an idle control connection is closed after the idle timeout', async (t) => {
  const sb = sandbox(t);
  sb.files({ 'app.js': tickerApp() });
  const eco = sb.ecosystem([{ name: 'a', script: 'app.js' }]);
  // The daemon inherits the CLI's environment when the CLI starts it.
  const r = await sb.cli(['start', eco], { env: { MOULT_CONTROL_IDLE_MS: '400' } });
  t.is(r.code, 0, r.stdout + r.stderr);
  const c = await open(path.join(sb.home, 'moultd.sock'));
  const started = Date.now();
  await closed(c);
  t.true(Date.now() - started < 5000);
});

test('300 idle connections do not lock the CLI out: the oldest idle ones are closed', async (t) => {
  const sb = sandbox(t);
  sb.files({ 'app.js': tickerApp() });
  const eco = sb.ecosystem([{ name: 'a', script: 'app.js' }]);
  await startAndWaitOnline(sb, eco, { apps: { a: 1 } });
  const socket = path.join(sb.home, 'moultd.sock');
  const conns = [];
  for (let i = 0; i < 300; i++) conns.push(await open(socket));
  t.teardown(() => { for (const c of conns) c.destroy(); });
  const ls = await sb.cli(['ls', '--json'], { timeoutMs: 10_000 });
  t.is(ls.code, 0, ls.stdout + ls.stderr);
  t.is(JSON.parse(ls.stdout).length, 1);
  await sb.waitEvent({ event: 'daemon.warning', msg: /idle control connection/ });
  t.true(conns.filter((c) => c.destroyed).length >= 300 - 256);
});
