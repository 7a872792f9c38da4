// SPEC 6.6 (issue 17): `moult scale` after an update starts workers that reach the app's release
// before they take a single request (before: they listened at once and answered with the code on
// disk until the replay was over).
import test from 'ava';
import { sandbox, show } from '../helpers/moult.mjs';
import { versionUpdate, showStale, everyInstanceOnRelease, startWatched, updateCompleted } from '../helpers/one-version.mjs';

test('workers added by scale after an update answer with the update from their first request', async (t) => {
  const sb = sandbox(t);
  const { client } = await startWatched(t, sb, { name: 'web', exec_mode: 'cluster', instances: 2 }, { 'v2.js': versionUpdate('v2') });
  const { at: completedAt, release } = await updateCompleted(t, sb, 'web', 'v2.js');

  const mark = sb.events().length;
  const scaled = await sb.cli(['scale', 'web', '4'], { timeoutMs: 60_000 });
  t.is(scaled.code, 0, show(scaled));
  const pids = [];
  for (const instance of [2, 3]) pids.push((await sb.waitEvent({ event: 'app.online', app: 'web', instance }, { from: mark, timeoutMs: 30_000 })).event.pid);
  for (const pid of pids) await client.until((a) => a.pid === pid, `from the new worker ${pid}`);
  await client.more(40);
  await client.stop();

  const stale = client.staleSince(completedAt, 'v2');
  t.is(stale.length, 0, `stale answers: ${showStale(stale)}`);
  const list = await everyInstanceOnRelease(t, sb, 'web', release);
  t.is(list.length, 4);
});
