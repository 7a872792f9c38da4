// SPEC 7: kill -9 of the daemon leaves a cluster app serving (its primary was started detached):
// a client hammering the port sees no refused or reset connection, and the next daemon adopts
// both workers (same pids). A fork app that keeps calling process.send('ready') after its daemon
// died (its IPC channel now leads nowhere) is not crashed by it.
import test from 'ava';
import { sandbox, show, startAndWaitOnline, waitFor, isAlive } from '../helpers/moult.mjs';
import { freePort, startLoad } from '../helpers/http-load.mjs';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

test('kill -9 of the daemon: the cluster keeps serving, the next daemon adopts its workers', async (t) => {
  const sb = sandbox(t, 'moult-ckill-');
  const port = await freePort();
  sb.files({
    'web.js': "require('node:http').createServer((req, res) => res.end(String(process.pid))).listen(Number(process.env.PORT));\n",
    'pinger.js': "setInterval(() => process.send('ready'), 100);\n",
  });
  const eco = sb.ecosystem([
    { name: 'web', script: 'web.js', exec_mode: 'cluster', instances: 2, env: { PORT: String(port) } },
    { name: 'pinger', script: 'pinger.js', wait_ready: true },
  ]);
  await startAndWaitOnline(sb, eco, { apps: { web: 2, pinger: 1 } });
  const before = await sb.ls();
  const primaryPid = () => JSON.parse(fs.readFileSync(path.join(sb.home, 'state.json'), 'utf8')).apps.find((a) => a.config.name === 'web').primary?.pid;
  const primary = primaryPid();
  t.true(isAlive(primary), 'the cluster app has a live primary');

  const load = startLoad(port, { loops: 3 });
  try {
    const daemon = Number(fs.readFileSync(path.join(sb.home, 'moultd.pid'), 'utf8'));
    process.kill(daemon, 'SIGKILL');
    await waitFor(() => !isAlive(daemon), 'the daemon to die');
    await sleep(500); // the workers serve with no daemon at all
    const from = sb.events().length;
    const after = await sb.ls(); // starts a new daemon
    t.deepEqual(after.map((i) => [i.name, i.instance, i.pid, i.status]), before.map((i) => [i.name, i.instance, i.pid, 'online']), show({ code: 0, ms: 0, stdout: JSON.stringify(after), stderr: '' }));
    for (const instance of [0, 1]) await sb.waitEvent({ event: 'app.adopted', app: 'web', instance }, { from });
    t.is(primaryPid(), primary, 'the primary is adopted too, not replaced');
    t.is(sb.find({ event: 'cluster.primary', app: 'web' }).length, 1, 'no second primary was started');
    await sleep(300); // the pinger sent 'ready' into its dead channel a few more times
    const pinger = after.find((i) => i.name === 'pinger');
    t.true(isAlive(pinger.pid), 'the pinger is alive');
    t.is(sb.find({ event: 'app.exited', app: 'pinger' }).length, 0, sb.tail(20));
  } finally {
    await load.stop();
  }
  t.true(load.stats.ok > 20, `the load ran (${load.stats.ok} answers)`);
  t.deepEqual(load.stats.errors, {}, `refused/reset/failed requests: ${JSON.stringify(load.stats.errors)}`);
});
