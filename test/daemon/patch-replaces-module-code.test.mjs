// SPEC 6.4: `moult patch app file.js [--target path]` replaces a loaded module's code in place in
// every instance: existing instances (class methods) and destructured references run the new
// code, the pid stays; code outside function bodies is refused with a clear error; the patch is
// named patch:<target>, undone by `moult rollback`, and replayed after a restart.
import test from 'ava';
import { sandbox, startAndWaitOnline, waitFor } from '../helpers/moult.mjs';

const LIB = `function greet(n) { return 'hello v1 ' + n; }
class Counter { constructor() { this.n = 0; } tick() { this.n++; return 'tick v1 ' + this.n; } }
module.exports = { greet, Counter };
`;
const APP = `const { log } = require('moult/runtime');
const { greet, Counter } = require('./lib');
const c = new Counter();
setInterval(() => log(greet(c.n) + ' / ' + c.tick()), 150);
`;
const FIXED = LIB.replace('hello v1', 'hello v2').replace('tick v1', 'tick v2');
const TOP_LEVEL = LIB.replace('module.exports = { greet, Counter };', 'module.exports = { greet };');

const lastLog = (sb) => [...sb.events()].reverse().find((e) => e.event === 'app.log');

test('a patch reaches a destructured function and a method of a live instance, keeps state, and rolls back', async (t) => {
  const sb = sandbox(t);
  sb.files({ 'lib.js': LIB, 'app.js': APP, 'patches/lib.js': FIXED, 'top.js': TOP_LEVEL });
  const eco = sb.ecosystem([{ name: 'p', script: 'app.js', instances: 2 }]);
  await startAndWaitOnline(sb, eco, { apps: { p: 2 } });
  await sb.waitEvent({ event: 'app.log', app: 'p', instance: 1 });
  const pids = (await sb.ls()).map((i) => i.pid);

  const r = await sb.cli(['patch', 'p', 'patches/lib.js']);
  t.is(r.code, 0, r.stdout + r.stderr);
  t.regex(r.stdout, /p\[0\] patch:lib\.js: completed/);
  t.regex(r.stdout, /p\[1\] patch:lib\.js: completed/);
  for (const instance of [0, 1]) {
    const { index } = await sb.waitEvent({ event: 'update.completed', app: 'p', instance, update: 'patch:lib.js' });
    const { event } = await sb.waitEvent({ event: 'app.log', app: 'p', instance }, { from: index + 1 });
    t.regex(event.msg, /^hello v2 \d+ \/ tick v2 \d+$/);
    // The counter kept counting: the instance's state survived.
    t.true(Number(event.msg.split(' ').pop()) > 1);
  }
  t.deepEqual((await sb.ls()).map((i) => i.pid), pids, 'no process was restarted');

  const refused = await sb.cli(['patch', 'p', 'top.js', '--target', 'lib.js']);
  t.is(refused.code, 1, refused.stdout);
  t.regex(refused.stdout, /outside function bodies/);

  const back = await sb.cli(['rollback', 'p']);
  t.is(back.code, 0, back.stdout);
  await sb.waitEvent({ event: 'update.rolledback', app: 'p', instance: 0, update: 'patch:lib.js' });
  await waitFor(() => /^hello v1 \d+ \/ tick v1/.test(lastLog(sb)?.msg ?? ''), 'v1 after the rollback');
  t.pass();
});

test('a patch is replayed when its instance restarts', async (t) => {
  const sb = sandbox(t);
  sb.files({ 'lib.js': LIB, 'app.js': APP, 'patches/lib.js': FIXED });
  const eco = sb.ecosystem([{ name: 'p', script: 'app.js', min_uptime: '200ms' }]);
  await startAndWaitOnline(sb, eco, { apps: { p: 1 } });
  t.is((await sb.cli(['patch', 'p', 'patches/lib.js'])).code, 0);
  await new Promise((r) => setTimeout(r, 400));
  const mark = sb.events().length;
  t.is((await sb.cli(['restart', 'p'])).code, 0);
  const { index } = await sb.waitEvent({ event: 'update.replayed', app: 'p', update: 'patch:lib.js' }, { from: mark });
  const { event } = await sb.waitEvent({ event: 'app.log', app: 'p' }, { from: index });
  t.regex(event.msg, /^hello v2/);
});

test('patch of a module the app has not loaded names the problem', async (t) => {
  const sb = sandbox(t);
  sb.files({ 'lib.js': LIB, 'app.js': APP, 'other.js': FIXED });
  const eco = sb.ecosystem([{ name: 'p', script: 'app.js' }]);
  await startAndWaitOnline(sb, eco, { apps: { p: 1 } });
  const r = await sb.cli(['patch', 'p', 'other.js']);
  t.is(r.code, 1, r.stdout);
  t.regex(r.stdout, /no loaded module is named other\.js/);
  const missing = await sb.cli(['patch', 'p', 'nope.js']);
  t.is(missing.code, 2);
});
