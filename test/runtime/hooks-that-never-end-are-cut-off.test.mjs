// Every update hook has a deadline (updates.hook_timeout; MOULT_HOOK_TIMEOUT for a standalone app):
// an apply() that redefined a function and then never settles is rolled back (hot) and failed
// instead of leaving the new code running unreported, and a waitAlterability() that never
// settles fails its update instead of wedging the manager: the next update still completes.
import test from 'ava';
import { startApp, finish, assertOrder, assertNoneAfter, filter, logs } from './helpers.mjs';

const app = `
const { ThreadedManager, PipeListener, DsuTask, log } = require('moult/runtime');
function work(i) { log('v1 ' + i); }
async function main() {
  for (let i = 0; i < 40; i++) {                     // ~4 s
    work(i);
    await task.sleep(100);
  }
  log('end');
}
const task = new DsuTask({ name: 'worker', main });
const manager = new ThreadedManager({ name: 'm', tasks: [task] });
new PipeListener({ path: 'fifo' }).start();
module.exports = { work, task, manager };
task.start();
`;

const stuckApply = `
const { Update, redefineFunction, log } = require('moult/runtime');
module.exports = (ctx) => {
  const main = ctx.main;
  class Stuck extends Update {
    waitAlterability() { return true; }
    apply() {
      redefineFunction(main, main.work, function work(i) { log('v2 ' + i); });
      return new Promise(() => {});                   // never settles
    }
  }
  return new Stuck({ name: 'stuck' });
};
`;

const stuckAlterability = `
const { Update, redefineFunction, log } = require('moult/runtime');
module.exports = (ctx) => {
  class Waiting extends Update {
    waitAlterability() { return new Promise(() => {}); }
    apply() {}
  }
  const u = new Waiting({ name: 'waiting' });
  u.setMaxTries(2);                                   // what it may legitimately wait: 2 × 100 ms
  u.setSleepTime(100);
  return u;
};
`;

const good = `
const { SafeRedefineUpdate, log } = require('moult/runtime');
module.exports = (ctx) => new SafeRedefineUpdate(ctx.main, ctx.main.work, function work(i) { log('v3 ' + i); }, { name: 'good' });
`;

test('an apply() that never settles is rolled back hot and failed once the hook timeout passes', async (t) => {
  const a = startApp(t, { 'app.js': app, 'stuck.js': stuckApply }, { env: { MOULT_HOOK_TIMEOUT: '600' } });
  await a.waitFor({ event: 'app.log', msg: 'v1 1' });
  await a.writeFifo('fifo', `update ${a.path('stuck.js')}`);
  await a.waitFor({ event: 'update.failed', update: 'stuck' });
  const events = await finish(t, a);
  assertOrder(t, events, [
    { event: 'update.alterability.reached', update: 'stuck' },
    { event: 'update.rolledback', update: 'stuck', mode: 'hot', steps: (n) => n >= 1 },
    { event: 'update.failed', update: 'stuck', error: /apply\(\) of update stuck did not finish within 0\.6 s/ },
  ]);
  t.deepEqual(filter(events, { event: 'update.completed' }), []);
  assertNoneAfter(t, events, { event: 'update.rolledback' }, { event: 'app.log', msg: /^v2 / });
  t.is(logs(events).at(-1), 'end');
});

test('a waitAlterability() that never settles fails its update, and the manager goes on to the next one', async (t) => {
  const a = startApp(t, { 'app.js': app, 'waiting.js': stuckAlterability, 'good.js': good }, { env: { MOULT_HOOK_TIMEOUT: '600' } });
  await a.waitFor({ event: 'app.log', msg: 'v1 1' });
  await a.writeFifo('fifo', `update ${a.path('waiting.js')}`);
  await a.writeFifo('fifo', `update ${a.path('good.js')}`);
  await a.waitFor({ event: 'update.completed', update: 'good' });
  const events = await finish(t, a);
  assertOrder(t, events, [
    { event: 'update.begin', update: 'waiting' },
    // Audit row 2.9: the limit named is the one that passed, with its parts (the audit saw "within
    // 15 s (updates.hook_timeout)" for a hook_timeout of 5 s).
    { event: 'update.failed', update: 'waiting', error: /waitAlterability\(\) of update waiting did not finish within 0\.8 s \(updates\.hook_timeout 0\.6 s \+ 0\.2 s it may wait: max_tries × sleep_time\)/ },
    { event: 'update.completed', update: 'good' },
  ]);
  t.true(logs(events).some((m) => m.startsWith('v3 ')));
});
