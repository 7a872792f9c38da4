// SPEC 6.6 (issue 17): a hot update and a reload of the same app are ordered. An update sent while
// `moult reload` is starting a new worker reaches that worker too (or it waits for the update's
// outcome before it takes requests): once the update reported completed, no answer comes from the
// old code, and every worker ends on the app's release. (Before: the update went to the workers
// online at the time, the worker being started replayed the release without it, and then replaced
// an updated one: v1 again, for good.)
import test from 'ava';
import { sandbox, show } from '../helpers/moult.mjs';
import { versionUpdate, showStale, everyInstanceOnRelease, startWatched, updateCompleted } from '../helpers/one-version.mjs';

// A worker is ready 1.5 s after it listens (a warm-up): the update lands while the new one starts.
const SLOW_READY_APP = `const http = require('node:http');
function version() { return 'v1'; }
http.createServer((req, res) => res.end(JSON.stringify({ v: version(), pid: process.pid })))
  .listen(Number(process.env.PORT), () => setTimeout(() => process.send('ready'), 1500));
module.exports = { version };
`;

test('an update sent while a reload starts a new worker reaches it, and every worker ends on the release', async (t) => {
  const sb = sandbox(t);
  const { client } = await startWatched(t, sb, { name: 'web', exec_mode: 'cluster', instances: 2, listen_timeout: 20_000 }, { 'app.js': SLOW_READY_APP, 'v2.js': versionUpdate('v2', 100) });

  const mark = sb.events().length;
  const reloading = sb.cli(['reload', 'web'], { timeoutMs: 90_000 });
  await sb.waitEvent({ event: 'app.started', app: 'web', instance: 0 }, { from: mark, timeoutMs: 30_000 });
  const { at: completedAt, release } = await updateCompleted(t, sb, 'web', 'v2.js');
  const reloaded = await reloading;
  t.is(reloaded.code, 0, show(reloaded));

  for (const i of await sb.ls()) await client.until((a) => a.pid === i.pid, `from worker ${i.instance} (pid ${i.pid})`);
  await client.more(40);
  await client.stop();
  const stale = client.staleSince(completedAt, 'v2');
  t.is(stale.length, 0, `stale answers: ${showStale(stale)}`);
  const list = await everyInstanceOnRelease(t, sb, 'web', release);
  t.deepEqual(list.map((i) => i.updates), [['v2'], ['v2']]);
});
