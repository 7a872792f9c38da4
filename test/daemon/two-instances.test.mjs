// `instances: 2`: two processes, each with its own output files (logs/<app>-<i>.out.log), and an
// update routed to every instance (SPEC 2 `update`: exit 0 only if all completed; `ls --json`
// `updates` lists completed updates per instance).
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { sandbox, show, startAndWaitOnline, waitFor, REDEFINE_APP, REDEFINE_UPDATE } from '../helpers/moult.mjs';

const APP = `console.log('hello from pid ' + process.pid);\n${REDEFINE_APP}`;

test('two instances: two pids, one output file each, and an update completes on both', async (t) => {
  const sb = sandbox(t);
  sb.files({ 'app.js': APP, 'update.js': REDEFINE_UPDATE });
  const eco = sb.ecosystem([{ name: 'app', script: 'app.js', instances: 2 }]);
  await startAndWaitOnline(sb, eco, { apps: { app: 2 } });

  const list = await sb.ls();
  t.deepEqual(list.map((i) => [i.name, i.instance, i.status]), [['app', 0, 'online'], ['app', 1, 'online']]);
  const [pid0, pid1] = list.map((i) => i.pid);
  t.true(Number.isInteger(pid0) && Number.isInteger(pid1) && pid0 !== pid1, `two distinct pids: ${pid0}, ${pid1}`);

  // Each instance's stdout goes to its own file.
  const outOf = (i) => path.join(sb.home, 'logs', `app-${i}.out.log`);
  await waitFor(() => fs.existsSync(outOf(0)) && fs.existsSync(outOf(1)) && /hello/.test(fs.readFileSync(outOf(0), 'utf8')) && /hello/.test(fs.readFileSync(outOf(1), 'utf8')), 'both output files');
  const out0 = fs.readFileSync(outOf(0), 'utf8');
  const out1 = fs.readFileSync(outOf(1), 'utf8');
  t.true(out0.includes(`hello from pid ${pid0}`), out0);
  t.false(out0.includes(`hello from pid ${pid1}`), 'instance 1 wrote into instance 0\'s file');
  t.true(out1.includes(`hello from pid ${pid1}`), out1);
  t.false(out1.includes(`hello from pid ${pid0}`), 'instance 0 wrote into instance 1\'s file');

  // Both run the task (an app.log v1 each) before the update.
  await sb.waitEvent({ event: 'app.log', app: 'app', instance: 0, msg: 'v1' });
  await sb.waitEvent({ event: 'app.log', app: 'app', instance: 1, msg: 'v1' });
  const before = sb.events().length;

  const r = await sb.cli(['update', 'app', 'update.js']);
  t.is(r.code, 0, `${show(r)}\n${sb.tail(30)}`);
  t.regex(r.stdout, /app\[0\] func: completed/);
  t.regex(r.stdout, /app\[1\] func: completed/);

  for (const instance of [0, 1]) {
    const { index } = await sb.waitEvent({ event: 'update.completed', app: 'app', instance, update: 'func' }, { from: before });
    // The new code runs in that instance from then on.
    await sb.waitEvent({ event: 'app.log', app: 'app', instance, msg: 'v2' }, { from: index });
  }
  const received = sb.find({ event: 'update.received', app: 'app' });
  t.is(received.length, 1, 'one update.received for the whole app');
  t.is(received[0].file, path.join(sb.appDir, 'update.js'));
  t.regex(String(received[0].update_id), /\S/);
  t.regex(String(received[0].sha256), /^[0-9a-f]{64}$/);

  // SPEC 4: every line has time, level, event and msg; an app's own events carry `seq`, in the
  // order that instance emitted them.
  const all = sb.events();
  for (const e of all) {
    t.true(typeof e.time === 'number' && typeof e.level === 'string' && typeof e.event === 'string' && typeof e.msg === 'string', `a log line lacks time/level/event/msg: ${JSON.stringify(e)}`);
  }
  for (const instance of [0, 1]) {
    const seqs = all.filter((e) => e.app === 'app' && e.instance === instance && e.seq !== undefined).map((e) => e.seq);
    t.true(seqs.length > 3, `instance ${instance} has app events with seq`);
    t.deepEqual(seqs, [...seqs].sort((a, b) => a - b), `instance ${instance}: events written out of seq order`);
  }

  const after = await sb.ls();
  t.deepEqual(after.map((i) => [i.instance, i.pid, i.status, i.updates]), [[0, pid0, 'online', ['func']], [1, pid1, 'online', ['func']]]);
});
