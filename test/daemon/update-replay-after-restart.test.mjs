// SPEC 6.3: completed updates are recorded in state.json with their source and re-applied in
// order when an instance restarts (crash or `moult restart`), before it is app.online
// (update.replayed); `updates.replay: false` turns that off; an update after which the instance
// crashes within min_uptime is failed and never replayed.
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { sandbox, startAndWaitOnline, waitFor, isAlive, REDEFINE_APP, REDEFINE_UPDATE } from '../helpers/moult.mjs';

test('a crashed instance comes back with its completed updates re-applied before app.online', async (t) => {
  const sb = sandbox(t);
  sb.files({ 'app.js': REDEFINE_APP, 'update.js': REDEFINE_UPDATE });
  const eco = sb.ecosystem([{ name: 'app', script: 'app.js', min_uptime: '300ms' }]);
  await startAndWaitOnline(sb, eco, { apps: { app: 1 } });
  await sb.waitEvent({ event: 'app.log', app: 'app', msg: 'v1' });
  t.is((await sb.cli(['update', 'app', 'update.js'])).code, 0);
  await new Promise((r) => setTimeout(r, 500)); // past min_uptime after the update
  const [before] = await sb.ls();
  const mark = sb.events().length;
  process.kill(before.pid, 'SIGKILL');

  const { index: replayed } = await sb.waitEvent({ event: 'update.replayed', app: 'app', update: 'func' }, { from: mark });
  const { index: online } = await sb.waitEvent({ event: 'app.online', app: 'app' }, { from: mark });
  t.true(replayed < online, 'replayed before app.online');
  const { event: first } = await sb.waitEvent({ event: 'app.log', app: 'app' }, { from: online });
  t.is(first.msg, 'v2', 'the restarted process never ran the old code');
  const [after] = await sb.ls();
  t.not(after.pid, before.pid);
  t.deepEqual(after.updates, ['func']);
  t.is(after.restarts, 1);
});

test('with updates.replay false, a restarted instance runs its original code', async (t) => {
  const sb = sandbox(t);
  sb.files({ 'app.js': REDEFINE_APP, 'update.js': REDEFINE_UPDATE });
  const eco = sb.ecosystem([{ name: 'app', script: 'app.js', updates: { replay: false } }]);
  await startAndWaitOnline(sb, eco, { apps: { app: 1 } });
  await sb.waitEvent({ event: 'app.log', app: 'app', msg: 'v1' });
  t.is((await sb.cli(['update', 'app', 'update.js'])).code, 0);
  const mark = sb.events().length;
  t.is((await sb.cli(['restart', 'app'])).code, 0);
  await sb.waitEvent({ event: 'app.log', app: 'app', msg: 'v1' }, { from: mark });
  t.is(sb.find({ event: 'update.replayed' }).length, 0);
});

test('an update after which the instance crashes within min_uptime is failed and not replayed', async (t) => {
  const sb = sandbox(t);
  const crashing = `const { SafeRedefineUpdate } = require('moult/runtime');
module.exports = (ctx) => new SafeRedefineUpdate(ctx.main, ctx.main.func_v1, function () { process.exit(3); }, { name: 'crash', tasks: [ctx.main.task] });
`;
  sb.files({ 'app.js': REDEFINE_APP, 'crash.js': crashing });
  const eco = sb.ecosystem([{ name: 'app', script: 'app.js', min_uptime: '5s' }]);
  await startAndWaitOnline(sb, eco, { apps: { app: 1 } });
  await sb.waitEvent({ event: 'app.log', app: 'app', msg: 'v1' });
  await sb.cli(['update', 'app', 'crash.js']);
  const { event: failed } = await sb.waitEvent({ event: 'update.failed', app: 'app', update: 'crash' });
  t.regex(failed.error, /min_uptime/);
  const { index } = await sb.waitEvent({ event: 'app.online', app: 'app' }, { count: 2 });
  await sb.waitEvent({ event: 'app.log', app: 'app', msg: 'v1' }, { from: index });
  t.is(sb.find({ event: 'update.replayed', update: 'crash' }).length, 0);
});

test('an instance that died while the daemon was down is restarted by the next daemon, with its updates replayed', async (t) => {
  const sb = sandbox(t);
  sb.files({ 'app.js': REDEFINE_APP, 'update.js': REDEFINE_UPDATE });
  const eco = sb.ecosystem([{ name: 'app', script: 'app.js', min_uptime: '300ms' }]);
  await startAndWaitOnline(sb, eco, { apps: { app: 1 } });
  await sb.waitEvent({ event: 'app.log', app: 'app', msg: 'v1' });
  t.is((await sb.cli(['update', 'app', 'update.js'])).code, 0);
  await new Promise((r) => setTimeout(r, 500));
  const [before] = await sb.ls();
  const daemon = Number(fs.readFileSync(path.join(sb.home, 'moultd.pid'), 'utf8'));
  process.kill(daemon, 'SIGKILL');
  await waitFor(() => !isAlive(daemon), 'the daemon to die');
  process.kill(before.pid, 'SIGKILL');
  await waitFor(() => !isAlive(before.pid), 'the app to die');
  const mark = sb.events().length;

  const [after] = await sb.ls(); // the next daemon
  t.not(after.pid, before.pid);
  const { index: replayed } = await sb.waitEvent({ event: 'update.replayed', app: 'app', update: 'func' }, { from: mark });
  const { index: online } = await sb.waitEvent({ event: 'app.online', app: 'app' }, { from: mark });
  t.true(replayed < online);
  const { event: first } = await sb.waitEvent({ event: 'app.log', app: 'app' }, { from: online });
  t.is(first.msg, 'v2');
});
