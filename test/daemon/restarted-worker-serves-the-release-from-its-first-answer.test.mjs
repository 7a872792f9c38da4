// SPEC 6.6 (issue 17): a cluster worker that crashes long after an update (past min_uptime) comes
// back on the app's release before it takes a single request: from the moment `moult update`
// reported completed, a client opening a fresh connection per request gets no answer from the old
// code, not even from the restarted worker's first requests. (Before: it was restarted, listened,
// and answered with v1 until its replay was over.)
import test from 'ava';
import { setTimeout as sleep } from 'node:timers/promises';
import { sandbox } from '../helpers/moult.mjs';
import { versionUpdate, showStale, everyInstanceOnRelease, startWatched, updateCompleted } from '../helpers/one-version.mjs';

test('a worker restarted long after an update answers with the update from its first request', async (t) => {
  const sb = sandbox(t);
  const { client } = await startWatched(t, sb, { name: 'web', exec_mode: 'cluster', instances: 2, min_uptime: '300ms' }, { 'v2.js': versionUpdate('v2') });
  const { at: completedAt, release } = await updateCompleted(t, sb, 'web', 'v2.js');
  await sleep(600); // past min_uptime: the crash below is not blamed on the update

  const [, victim] = await sb.ls();
  const mark = sb.events().length;
  process.kill(victim.pid, 'SIGKILL');
  const { event: online } = await sb.waitEvent({ event: 'app.online', app: 'web', instance: 1 }, { from: mark, timeoutMs: 30_000 });
  await client.until((a) => a.pid === online.pid, 'from the restarted worker');
  await client.more(40);
  await client.stop();

  const stale = client.staleSince(completedAt, 'v2');
  t.is(stale.length, 0, `stale answers: ${showStale(stale)}`);
  t.true(client.answers.filter((a) => a.pid === online.pid).length > 0, 'the restarted worker answered');
  await everyInstanceOnRelease(t, sb, 'web', release);
});
