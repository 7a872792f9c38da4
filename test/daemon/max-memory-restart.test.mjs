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
  const [first] = await sb.ls();

  const { event } = await sb.waitEvent({ event: 'app.restarted', app: 'grow', reason: 'memory' }, { timeoutMs: 20_000 });
  t.is(event.pid, first.pid);
  t.regex(event.msg, /over max_memory_restart \(150 MB\)/);
  const { event: again } = await sb.waitEvent({ event: 'app.online', app: 'grow', pid: (p) => p !== first.pid });
  t.not(again.pid, first.pid);
  const [now] = await sb.ls();
  t.true(now.restarts >= 1);
});
