// Issue 21 (pm2's cli/watch.sh and misc/cron-system.sh): what `stop` does to an app's watch and
// cron_restart, as pm2 6 does it. `stop` turns watching off for good (`start` and `restart` of the
// app keep it off); `restart --watch` (and `start <app> --watch`) toggles it; the ecosystem file's
// `watch` is in force again when the file is started or restarted. cron_restart is not stopped by
// `stop` (pm2 warns "stopped but CRON RESTART is still UP": a cron job's app is started on schedule
// whether it exited or was stopped); `delete` ends it. One daemon for the file.
import fs from 'node:fs';
import path from 'node:path';
// Line-neutral (pm2's files, options and verbs mean the same on every Node line): one line in CI.
import { lineNeutralTest as test } from '../helpers/slow-suite.mjs';
import { homeProcesses } from '../helpers/moult.mjs';
import { pm2Sandbox, SAYS, waitFor } from './helpers.mjs';

const kit = pm2Sandbox('moult-pm2-watch-stop-');
const { sb, ok, jlist, online } = kit;
test.before(() => sb.files({
  'says.js': SAYS,
  // Takes a second to stop: a cron restart is still stopping it when the delete comes.
  'slowstop.js': 'process.on("SIGINT", () => setTimeout(() => process.exit(0), 1000));\nsetInterval(() => {}, 1000);\n',
  'app-watch.json': JSON.stringify({ apps: [{ name: 'filewatched', script: 'says.js', watch: true }] }),
}));
test.afterEach.always(() => kit.clear());
test.after.always(() => sb.cleanup());

const proc = async (name) => (await jlist()).find((p) => p.name === name);
/** pm2_env.watch of the app, once its processes are online (or stopped, for `stopped`). */
const watchOf = async (name, status = 'online') => (status === 'online' ? (await online(name))[0] : await waitFor(async () => {
  const p = await proc(name);
  return p?.pm2_env.status === status && p;
}, `${name} ${status}`)).pm2_env.watch;

test.serial('stop turns watching off for good; start and restart keep it off; restart --watch toggles it', async (t) => {
  await ok(t, ['start', 'says.js', '--name', 'w', '--watch']);
  t.true(await watchOf('w'));
  await ok(t, ['stop', 'w']);
  t.false(await watchOf('w', 'stopped'));
  await ok(t, ['start', 'w']);
  t.false(await watchOf('w'), 'start after stop: still not watching');
  await ok(t, ['restart', 'says.js']);
  t.false(await watchOf('w'), 'restart: still not watching');
  await ok(t, ['restart', 'says.js', '--watch']);
  t.true(await watchOf('w'), 'restart --watch turns it on');
  // Watching again for real: a change restarts the app.
  fs.writeFileSync(path.join(sb.appDir, 'touched.js'), `// ${Date.now()}\n`);
  await sb.waitEvent({ event: 'app.restarted', app: 'w', reason: 'watch' }, { timeoutMs: 15_000 });
  await ok(t, ['restart', 'says.js', '--watch']);
  t.false(await watchOf('w'), 'restart --watch again turns it off');
  await ok(t, ['restart', 'w', '--watch']);
  t.true(await watchOf('w'), 'and on again');
  await ok(t, ['stop', 'says.js']);
  await ok(t, ['restart', 'says.js', '--watch']);
  t.true(await watchOf('w'), 'restart --watch of a stopped app: on (stop had turned it off)');
});

test.serial('start <script> --watch of a stopped app turns watching on', async (t) => {
  await ok(t, ['start', 'says.js', '--name', 'says']);
  t.false(await watchOf('says'));
  await ok(t, ['stop', 'says.js']);
  await ok(t, ['start', 'says.js', '--watch']);
  t.true(await watchOf('says'));
});

test.serial('the ecosystem file\'s watch is in force again when the file is restarted after a stop', async (t) => {
  await ok(t, ['start', 'app-watch.json']);
  t.true(await watchOf('filewatched'));
  await ok(t, ['stop', 'app-watch.json']);
  t.false(await watchOf('filewatched', 'stopped'));
  await ok(t, ['restart', 'app-watch.json']);
  t.true(await watchOf('filewatched'));
  await ok(t, ['restart', 'all']);
  t.true(await watchOf('filewatched'), 'restart all keeps it');
  await ok(t, ['stop', 'all']);
  t.false(await watchOf('filewatched', 'stopped'));
});

test.serial('cron_restart starts a stopped app again on its schedule (as pm2); delete ends it', async (t) => {
  await ok(t, ['start', 'says.js', '--name', 'cronjob', '--cron', '*/1 * * * * *']);
  await sb.waitEvent({ event: 'app.online', app: 'cronjob' });
  await ok(t, ['stop', 'cronjob']);
  const stoppedAt = sb.find({ event: 'app.stopped', app: 'cronjob' }).length;
  t.true(stoppedAt > 0, 'the stop happened');
  const from = sb.events().length;
  await sb.waitEvent({ event: 'app.restarted', app: 'cronjob', reason: 'cron' }, { from, timeoutMs: 10_000 });
  await sb.waitEvent({ event: 'app.online', app: 'cronjob' }, { from, timeoutMs: 10_000 });
  await ok(t, ['delete', 'cronjob']);
  t.is(await proc('cronjob'), undefined);
});

// Last: it ends the file's daemon. A restart in flight (cron, watch) must not start the process
// again once its app is deleted (or the daemon killed): it was left running, known to nobody.
test.serial('delete during a cron restart leaves no process running', async (t) => {
  await ok(t, ['start', 'slowstop.js', '--cron', '*/1 * * * * *', '--kill-timeout', '5000']);
  await sb.waitEvent({ event: 'app.online', app: 'slowstop' });
  const from = sb.events().length;
  await sb.waitEvent({ event: 'app.restarted', app: 'slowstop', reason: 'cron' }, { from });
  await ok(t, ['delete', 'slowstop']);
  await ok(t, ['kill']);
  const left = await waitFor(() => homeProcesses(sb.home).length === 0 || null, 'no process of the home', { timeoutMs: 8000 }).catch(() => homeProcesses(sb.home));
  t.deepEqual(left, true, `processes left: ${JSON.stringify(left)}`);
});
