// SPEC 6.6 (issue 17), fork mode: an app restarted after an update (`moult restart`, or a crash)
// takes no request before its replay is over: it binds its port at once (its own code may read
// server.address()), but the connections it accepts wait for the replay and are then answered by
// the app's release (before: answered with the code on disk until the replay was over).
import test from 'ava';
import { setTimeout as sleep } from 'node:timers/promises';
import { sandbox, show } from '../helpers/moult.mjs';
import { versionUpdate, showStale, everyInstanceOnRelease, startWatched, updateCompleted } from '../helpers/one-version.mjs';

test('a fork app restarted after an update answers with the update from its first request', async (t) => {
  const sb = sandbox(t);
  const { client } = await startWatched(t, sb, { name: 'api', min_uptime: '300ms' }, { 'v2.js': versionUpdate('v2') });
  const { at: completedAt, release } = await updateCompleted(t, sb, 'api', 'v2.js');

  for (const how of ['restart', 'crash']) {
    await sleep(600); // past min_uptime: the crash is not blamed on the update
    const [before] = await sb.ls();
    const mark = sb.events().length;
    if (how === 'restart') {
      const r = await sb.cli(['restart', 'api'], { timeoutMs: 30_000 });
      t.is(r.code, 0, show(r));
    } else {
      process.kill(before.pid, 'SIGKILL');
    }
    const { event: online } = await sb.waitEvent({ event: 'app.online', app: 'api' }, { from: mark, timeoutMs: 30_000 });
    t.not(online.pid, before.pid, how);
    await client.until((a) => a.pid === online.pid, `from the process after the ${how}`);
    await client.more(20);
  }
  await client.stop();

  const stale = client.staleSince(completedAt, 'v2');
  t.is(stale.length, 0, `stale answers: ${showStale(stale)}`);
  await everyInstanceOnRelease(t, sb, 'api', release);
});
