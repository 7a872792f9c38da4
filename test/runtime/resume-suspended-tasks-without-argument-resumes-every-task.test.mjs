// Parity row 48 (audit c14): Pymoult's resumeSuspendedThreads() with no threads resumes every
// thread. The tutorial's pattern: an update waits for the static point of a task its manager does
// not list (so the manager will not resume it) and calls resumeSuspendedTasks() in resumeHook.
import test from 'ava';
import { startApp, finish, assertOrder, findIndex, logs } from './helpers.mjs';

const app = `
const { ThreadedManager, DsuTask, PipeListener, log, updatePoint } = require('moult/runtime');
function step(i) { log('v1 step ' + i); }
async function main() {
  for (let i = 0; i < 400; i++) {                    // at most ~20 s
    step(i);
    if (globalThis.done) return;
    await task.sleep(50);
    await updatePoint('loop');
  }
}
const task = new DsuTask({ name: 'worker', main });
new ThreadedManager({ name: 'm' });                 // lists no task
new PipeListener({ path: 'fifo' }).start();
module.exports = { step, task };
task.start();
`;

const update = (resume) => `
const { Update, redefineFunction, setupWaitStaticPoints, waitStaticPoints, cleanFailedStaticPoints, resumeSuspendedTasks, log } = require('moult/runtime');
module.exports = (ctx) => {
  const { task } = ctx.main;
  let steps = 0;
  class AtPoint extends Update {
    preupdateSetup() { setupWaitStaticPoints([task]); }
    waitAlterability() { return waitStaticPoints([task]); }
    cleanFailedAlterability() { cleanFailedStaticPoints([task]); }
    apply() { redefineFunction(ctx.main, ctx.main.step, function step(i) { log('v2 step ' + i); if (++steps === 3) globalThis.done = true; }); }
    resumeHook() { ${resume} }
  }
  return new AtPoint({ name: 'at-point' });
};
`;

test('resumeSuspendedTasks() with no argument resumes the task the manager does not list (row 48)', async (t) => {
  const a = startApp(t, { 'app.js': app, 'update.js': update('resumeSuspendedTasks();') });
  await a.waitFor({ event: 'app.log', msg: 'v1 step 1' });
  await a.writeFifo('fifo', `update ${a.path('update.js')}`);
  const { index } = await a.waitFor({ event: 'update.completed', update: 'at-point' });
  await a.waitFor({ event: 'app.log', msg: /^v2 step / }, { from: index, timeout: 5000 });
  const events = await finish(t, a);
  assertOrder(t, events, [
    { event: 'update.point.arrived', task: 'worker', point: 'loop' },
    { event: 'update.completed', update: 'at-point' },
    { event: 'app.log', msg: /^v2 step / },
  ]);
  t.false(logs(events, findIndex(events, { event: 'update.completed' })).some((l) => l.startsWith('v1 ')));
});

test('resumeSuspendedTasks([]) is the same as no argument, as in Pymoult (threads=[])', async (t) => {
  const a = startApp(t, { 'app.js': app, 'update.js': update('resumeSuspendedTasks([]);') });
  await a.waitFor({ event: 'app.log', msg: 'v1 step 1' });
  await a.writeFifo('fifo', `update ${a.path('update.js')}`);
  const { index } = await a.waitFor({ event: 'update.completed', update: 'at-point' });
  await a.waitFor({ event: 'app.log', msg: /^v2 step / }, { from: index, timeout: 5000 });
  await finish(t, a);
  t.pass();
});
