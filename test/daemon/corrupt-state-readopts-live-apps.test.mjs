// Issue 11, finding 5: with state.json truncated, a new daemon used to start empty: the live apps
// were orphaned and the next `start` ran second copies. Now every live instance also has a record
// of its own under run/ (next to its runtime socket); a daemon that finds state.json corrupt moves
// it aside and re-adopts the instances whose records and sockets are alive, with their updates.
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { sandbox, show, waitFor, isAlive, appProcesses, REDEFINE_APP, REDEFINE_UPDATE } from '../helpers/moult.mjs';

test('kill -9 of the daemon, then a truncated state.json: the next daemon re-adopts the live apps with their updates, and start doubles nothing', async (t) => {
  const sb = sandbox(t);
  sb.files({
    'app.js': REDEFINE_APP, 'update.js': REDEFINE_UPDATE, 'other.js': 'setInterval(() => {}, 1000);\n',
    'srv.js': "require('node:http').createServer((req, res) => res.end('ok')).listen(0);\n",
  });
  const eco = sb.ecosystem([
    { name: 'web', script: 'app.js', instances: 2 },
    { name: 'other', script: 'other.js' },
    { name: 'cl', script: 'srv.js', exec_mode: 'cluster', instances: 2 },
  ]);
  const started = await sb.cli(['start', eco]);
  t.is(started.code, 0, show(started));
  for (const [app, i] of [['web', 0], ['web', 1], ['other', 0], ['cl', 0], ['cl', 1]]) await sb.waitEvent({ event: 'app.online', app, instance: i });
  const up = await sb.cli(['update', 'web', 'update.js']);
  t.is(up.code, 0, show(up));
  const before = await sb.ls();
  const pids = before.map((i) => i.pid).sort((a, b) => a - b);

  const daemon = Number(fs.readFileSync(path.join(sb.home, 'moultd.pid'), 'utf8'));
  process.kill(daemon, 'SIGKILL');
  await waitFor(() => !isAlive(daemon), 'the daemon to die');
  const stateFile = path.join(sb.home, 'state.json');
  const text = fs.readFileSync(stateFile, 'utf8');
  const primaryOf = (json) => JSON.parse(json).apps.find((a) => a.config.name === 'cl')?.primary?.pid;
  const primary = primaryOf(text);
  t.true(isAlive(primary), 'the cluster app has a live primary');
  fs.writeFileSync(stateFile, text.slice(0, Math.floor(text.length / 3)));

  const after = await sb.ls();
  t.deepEqual(after.map((i) => i.pid).sort((a, b) => a - b), pids, 'the same processes, adopted');
  t.deepEqual(after.map((i) => `${i.name}[${i.instance}] ${i.status} ${i.updates.join(',')}`).sort(),
    ['cl[0] online ', 'cl[1] online ', 'other[0] online ', 'web[0] online func', 'web[1] online func']);
  t.is(sb.find({ event: 'app.adopted' }).length, 5, sb.tail());
  const warning = sb.find({ event: 'daemon.warning', msg: /corrupt/ })[0];
  t.regex(warning?.msg ?? '', /re-adopted 5 live instances/, sb.tail());
  t.is(fs.readdirSync(sb.home).filter((f) => f.startsWith('state.json.corrupt-')).length, 1);

  // `start` of the same ecosystem restarts them, as pm2's start of a file does (issue 21): no second copies.
  const again = await sb.cli(['start', eco]);
  t.is(again.code, 0, show(again));
  await waitFor(async () => (await sb.ls()).every((i) => i.status === 'online') && appProcesses(sb.home).length === 5, 'five processes, online again');
  t.deepEqual((await sb.ls()).map((i) => `${i.name}[${i.instance}]`).sort(), ['cl[0]', 'cl[1]', 'other[0]', 'web[0]', 'web[1]']);

  // The cluster app's primary came back too, and a reload goes through it.
  t.is(primaryOf(fs.readFileSync(stateFile, 'utf8')), primary);
  const reload = await sb.cli(['reload', 'cl']);
  t.is(reload.code, 0, show(reload));

  // The adopted instances answer their new daemon (the runtime secret came back with them).
  const rb = await sb.cli(['rollback', 'web']);
  t.is(rb.code, 0, show(rb));
  t.deepEqual((await sb.ls()).filter((i) => i.name === 'web').map((i) => i.updates), [[], []]);
});

test('records of processes that are gone are dropped, never adopted', async (t) => {
  const sb = sandbox(t);
  sb.files({ 'app.js': 'setInterval(() => {}, 1000);\n' });
  const eco = sb.ecosystem([{ name: 'a', script: 'app.js' }]);
  t.is((await sb.cli(['start', eco])).code, 0);
  await sb.waitEvent({ event: 'app.online', app: 'a' });
  const [{ pid }] = await sb.ls();
  const daemon = Number(fs.readFileSync(path.join(sb.home, 'moultd.pid'), 'utf8'));
  process.kill(daemon, 'SIGKILL');
  await waitFor(() => !isAlive(daemon), 'the daemon to die');
  process.kill(pid, 'SIGKILL'); // after the daemon, which would have restarted it
  await waitFor(() => !isAlive(pid), 'the app to die');
  fs.writeFileSync(path.join(sb.home, 'state.json'), '{"version":1,"apps":[null]}');

  t.deepEqual(await sb.ls(), []);
  t.deepEqual(fs.readdirSync(path.join(sb.home, 'run')).filter((f) => f.endsWith('.json')), [], 'the stale record is removed');
});
