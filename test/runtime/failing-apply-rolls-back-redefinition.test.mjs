// A hook that throws after a mechanism changed the program: apply() redefines a function and then
// throws. The journal is undone (update.rolledback, mode hot, steps >= 1), the update's rollback()
// hook runs, tasks resume, the update is update.failed, and the old function runs again.
import test from 'ava';
import { startApp, finish, assertOrder, assertNoneAfter, filter, findIndex, logs } from './helpers.mjs';

const app = `
const { ThreadedManager, PipeListener, DsuTask, log } = require('moult/runtime');
function work(i) { log('v1 ' + i); }
async function main() {
  for (let i = 0; i < 25; i++) {                     // ~2.5 s
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

const update = `
const { Update, redefineFunction, log } = require('moult/runtime');
module.exports = (ctx) => {
  const main = ctx.main;
  class Broken extends Update {
    waitAlterability() { return true; }
    apply() {
      redefineFunction(main, main.work, function work(i) { log('v2 ' + i); });
      main.work(-1);                                  // the redefinition is in effect here
      throw new Error('boom in apply');
    }
    rollback() { log('rollback hook ran'); }
  }
  return new Broken({ name: 'broken' });
};
`;

test('a throwing apply() rolls back its redefinition (hot), fails the update, and the old function runs again', async (t) => {
  const a = startApp(t, { 'app.js': app, 'update.js': update });
  await a.waitFor({ event: 'app.log', msg: 'v1 1' });
  await a.writeFifo('fifo', `update ${a.path('update.js')}`);
  const { index: failedAt } = await a.waitFor({ event: 'update.failed', update: 'broken' });
  const events = await finish(t, a);

  assertOrder(t, events, [
    { event: 'update.queued', update: 'broken', manager: 'm' },
    { event: 'update.begin', update: 'broken' },
    { event: 'update.alterability.reached', update: 'broken' },
    { event: 'task.suspended', update: 'broken', task: 'worker' },
    { event: 'app.log', msg: 'v2 -1' },
    { event: 'update.rolledback', update: 'broken', mode: 'hot', steps: (n) => n >= 1 },
    { event: 'task.resumed', update: 'broken', task: 'worker' },
    { event: 'update.failed', update: 'broken', error: /boom in apply/ },
  ]);
  const rolledback = events[findIndex(events, { event: 'update.rolledback' })];
  t.is(rolledback.level, 'warn');
  t.true(logs(events, 0, failedAt).includes('rollback hook ran'), 'the update\'s own rollback() ran before update.failed');
  for (const name of ['update.applied', 'update.over', 'update.completed']) t.deepEqual(filter(events, { event: name }), [], `no ${name}`);
  // The journal was undone: only the old function runs from then on, and the task went on.
  const after = logs(events, failedAt + 1);
  t.true(after.filter((m) => m.startsWith('v1 ')).length >= 3, `v1 runs after the failure:\n${after.join('\n')}`);
  assertNoneAfter(t, events, { event: 'update.rolledback' }, { event: 'app.log', msg: /^v2 / });
  t.is(after.at(-1), 'end');
});
