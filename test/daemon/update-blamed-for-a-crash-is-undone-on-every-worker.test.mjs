// SPEC 6.6 (issue 17): an update blamed for a crash (the instance exits abnormally within
// min_uptime after it completed there) is undone on every instance of the app, never kept on some:
// the other workers roll it back hot, the crashed one comes back without it, and from the restarted
// worker's first answer on, no answer comes from the update's code. When `moult update` is still
// waiting (another worker has not finished yet), it reports the failure: exit 1.
// (Before: the update was failed for the crashed worker only; the other kept it: two versions for good.)
import test from 'ava';
import { sandbox, show } from '../helpers/moult.mjs';
import { versionUpdate, showStale, everyInstanceOnRelease, releaseOf, startWatched, updateCompleted } from '../helpers/one-version.mjs';

async function setUp(t, files) {
  const sb = sandbox(t);
  const { client } = await startWatched(t, sb, { name: 'web', exec_mode: 'cluster', instances: 2, min_uptime: '20s' }, files);
  return { sb, client, before: await releaseOf(sb, 'web') };
}

/**
 * After the crash, once the restarted worker answered: only v1, from both workers, on the release
 * from before the update (`before`).
 */
async function oneVersionAfter(t, sb, client, mark, before) {
  const { event: online } = await sb.waitEvent({ event: 'app.online', app: 'web', instance: 1 }, { from: mark, timeoutMs: 30_000 });
  await client.until((a) => a.pid === online.pid, 'from the restarted worker');
  const firstNew = Math.min(...client.answers.filter((a) => a.pid === online.pid).map((a) => a.sentAt));
  await client.more(40);
  await client.stop();
  const stale = client.staleSince(firstNew, 'v1');
  t.is(stale.length, 0, `answers by the blamed update after the restarted worker's first answer: ${showStale(stale)}`);
  t.deepEqual(sb.find({ event: 'update.replayed', update: 'v2' }), [], 'the blamed update is never replayed');
  const list = await everyInstanceOnRelease(t, sb, 'web', before);
  t.deepEqual(list.map((i) => i.updates), [[], []], 'no worker keeps the blamed update');
}

test('an update blamed for a crash after the command returned is rolled back on the other worker', async (t) => {
  const { sb, client, before } = await setUp(t, { 'v2.js': versionUpdate('v2') });
  await updateCompleted(t, sb, 'web', 'v2.js');
  const [, victim] = await sb.ls();
  const mark = sb.events().length;
  process.kill(victim.pid, 'SIGKILL'); // well within min_uptime (20 s) after the update

  const { event: failed } = await sb.waitEvent({ event: 'update.failed', app: 'web', update: 'v2', instance: 1 }, { from: mark, timeoutMs: 30_000 });
  t.regex(failed.error, /min_uptime/);
  await sb.waitEvent({ event: 'update.rolledback', app: 'web', update: 'v2', instance: 0 }, { from: mark, timeoutMs: 30_000 });
  await oneVersionAfter(t, sb, client, mark, before);
});

// Worker 1 completes the update and crashes 200 ms later; worker 0 is still loading it (2 s).
const CRASHING = `const { SafeRedefineUpdate } = require('moult/runtime');
class CrashesAfterwards extends SafeRedefineUpdate {
  cleanup() { if (process.env.NODE_APP_INSTANCE === '1') setTimeout(() => process.exit(7), 200); }
}
module.exports = async (ctx) => {
  if (process.env.NODE_APP_INSTANCE === '0') await new Promise((r) => setTimeout(r, 2000));
  return new CrashesAfterwards(ctx.main, ctx.main.version, function version() { return 'v2'; }, { name: 'v2' });
};
`;

test('an update blamed for a crash while the command waits fails the command, and no worker keeps it', async (t) => {
  const { sb, client, before } = await setUp(t, { 'crash.js': CRASHING });
  const mark = sb.events().length;
  const updated = await sb.cli(['update', 'web', 'crash.js'], { timeoutMs: 60_000 });
  t.is(updated.code, 1, show(updated));
  t.regex(updated.stdout + updated.stderr, /web\[1\] v2: failed .*min_uptime/);
  await oneVersionAfter(t, sb, client, mark, before);
});
