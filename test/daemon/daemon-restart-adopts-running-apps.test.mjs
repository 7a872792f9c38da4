// SPEC 7: `kill -9` of moultd leaves the apps running; the next daemon (started by any CLI
// command) re-attaches to them from state.json and their runtime socket (app.adopted), without
// restarting them, delivers the events they emitted meanwhile, and notices when one exits.
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { sandbox, startAndWaitOnline, waitFor, isAlive, REDEFINE_APP, REDEFINE_UPDATE } from '../helpers/moult.mjs';

test('a new daemon adopts the apps of a SIGKILLed one: same pids, updates kept, no event lost', async (t) => {
  const sb = sandbox(t);
  sb.files({ 'app.js': REDEFINE_APP, 'update.js': REDEFINE_UPDATE });
  const eco = sb.ecosystem([{ name: 'app', script: 'app.js', instances: 2 }]);
  await startAndWaitOnline(sb, eco, { apps: { app: 2 } });
  await sb.waitEvent({ event: 'app.log', app: 'app', instance: 1, msg: 'v1' });
  const up = await sb.cli(['update', 'app', 'update.js']);
  t.is(up.code, 0, up.stdout + up.stderr);
  const before = await sb.ls();

  const daemon = Number(fs.readFileSync(path.join(sb.home, 'moultd.pid'), 'utf8'));
  process.kill(daemon, 'SIGKILL');
  await waitFor(() => !isAlive(daemon), 'the daemon to die');
  const mark = sb.events().length;
  // While no daemon listens, the apps keep working (and keep their output files).
  await new Promise((r) => setTimeout(r, 700));
  for (const i of before) t.true(isAlive(i.pid), `app pid ${i.pid} survived the daemon`);

  const after = await sb.ls(); // starts a new daemon
  t.deepEqual(after.map((i) => i.pid), before.map((i) => i.pid), 'the same processes, not restarted');
  t.deepEqual(after.map((i) => i.status), ['online', 'online']);
  t.deepEqual(after.map((i) => i.updates), [['func'], ['func']]);
  for (const instance of [0, 1]) await sb.waitEvent({ event: 'app.adopted', app: 'app', instance }, { from: mark });
  t.is(sb.find({ event: 'app.started' }).length, 2, 'nothing was started again');
  // The v2 lines the apps logged while no daemon was attached are delivered after adoption, in order.
  const { index } = await sb.waitEvent({ event: 'app.adopted', app: 'app', instance: 0 }, { from: mark });
  await sb.waitEvent({ event: 'app.log', app: 'app', instance: 0, msg: 'v2' }, { from: index });
  // SPEC 6.6: each adopted process says what it runs; both run the app's release, unchanged.
  const adopted = await sb.ls();
  t.deepEqual(adopted.map((i) => [i.instance_release, i.drift]), before.map((i) => [i.release, false]));
  t.deepEqual(adopted.map((i) => i.release), before.map((i) => i.release));
  const seqs = sb.events().filter((e) => e.app === 'app' && e.instance === 0 && e.seq !== undefined).map((e) => e.seq);
  t.deepEqual(seqs, [...seqs].sort((a, b) => a - b), 'seq stays in order across the daemon restart');
  t.true(seqs.every((s, i) => i === 0 || s === seqs[i - 1] + 1), `no event lost: ${seqs.join(',')}`);

  // An adopted instance that dies is noticed and restarted per its policy.
  process.kill(after[0].pid, 'SIGKILL');
  await sb.waitEvent({ event: 'app.exited', app: 'app', instance: 0, pid: after[0].pid }, { from: mark });
  await sb.waitEvent({ event: 'app.online', app: 'app', instance: 0 }, { from: mark });
});
