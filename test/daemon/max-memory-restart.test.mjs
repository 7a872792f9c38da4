// max_memory_restart (SPEC 3, 7): an instance whose memory grows past the limit is restarted, and
// the restart says why (`app.restarted` with `reason: "memory"`).
import test from 'ava';
import { sandbox, startAndWaitOnline } from '../helpers/moult.mjs';

test('an app that grows past max_memory_restart is restarted with reason "memory"', async (t) => {
  const sb = sandbox(t, 'moult-mem-');
  // Keeps 8 MB more every 50 ms, touched so that it is resident.
  sb.files({ 'grow.js': 'const kept = [];\nsetInterval(() => kept.push(Buffer.alloc(8 * 1024 * 1024, 1)), 50);\n' });
  const eco = sb.ecosystem([{ name: 'grow', script: 'grow.js', max_memory_restart: '150M' }]);
  await startAndWaitOnline(sb, eco, { apps: { grow: 1 } });
  // From the log, not from `moult ls`: by then the app may have grown past the limit already.
  const [first] = sb.find({ event: 'app.started', app: 'grow' });

  const { event } = await sb.waitEvent({ event: 'app.restarted', app: 'grow', reason: 'memory' }, { timeoutMs: 20_000 });
  t.is(event.pid, first.pid);
  t.regex(event.msg, /over max_memory_restart \(150 MB\)/);
  const { event: again } = await sb.waitEvent({ event: 'app.online', app: 'grow', pid: (p) => p !== first.pid });
  t.not(again.pid, first.pid);
  const [now] = await sb.ls();
  t.true(now.restarts >= 1);
});

test('cluster mode: a worker over max_memory_restart is replaced, its successor online first', async (t) => {
  const sb = sandbox(t, 'moult-memc-');
  // Only instance 1 grows: instance 0 must be left alone.
  sb.files({ 'grow.js': "const kept = [];\nif (process.env.NODE_APP_INSTANCE === '1') setInterval(() => kept.push(Buffer.alloc(8 * 1024 * 1024, 1)), 50);\nsetInterval(() => {}, 1000);\n" });
  const eco = sb.ecosystem([{ name: 'growc', script: 'grow.js', exec_mode: 'cluster', instances: 2, listen_timeout: 300, max_memory_restart: '150M' }]);
  await startAndWaitOnline(sb, eco, { apps: { growc: 2 } });
  const before = [0, 1].map((instance) => sb.find({ event: 'app.started', app: 'growc', instance })[0]);

  const { index } = await sb.waitEvent({ event: 'app.restarted', app: 'growc', instance: 1, reason: 'memory' }, { timeoutMs: 20_000 });
  const online = await sb.waitEvent({ event: 'app.online', app: 'growc', instance: 1 }, { from: index });
  const exited = await sb.waitEvent({ event: 'app.exited', app: 'growc', instance: 1, pid: before[1].pid }, { from: index });
  t.true(online.index < exited.index, 'the new worker was online before the old one was stopped');
  const after = await sb.ls();
  t.is(after[0].pid, before[0].pid, 'instance 0 was left alone');
  t.not(after[1].pid, before[1].pid);
});
