// TaskRebootUpdate: at the task's next update point its main is switched and the task restarts
// (task.rebooted) with the new main and its args. rebootFunction: the rest of the task's main is
// replaced by g(captured), from the state given to the update point where the task was held; g's
// result is the task's result.
import test from 'ava';
import { startApp, finish, assertOrder, assertNoneAfter, filter, logs } from './helpers.mjs';

test('TaskRebootUpdate restarts the task with its new main at its update point (task.rebooted)', async (t) => {
  const app = `
const { ThreadedManager, PipeListener, DsuTask, log, updatePoint } = require('moult/runtime');
async function main() {
  for (let i = 0; i < 40; i++) {                     // ~2 s unless rebooted
    await updatePoint('top');
    log('v1 ' + i);
    await task.sleep(50);
  }
  log('v1 finished');
}
const task = new DsuTask({ name: 'worker', main });
const manager = new ThreadedManager({ name: 'm', tasks: [task] });
new PipeListener({ path: 'fifo' }).start();
module.exports = { task, manager };
task.start();
task.join().then((r) => log('result ' + r));
`;
  const update = `
const { TaskRebootUpdate, log } = require('moult/runtime');
async function newMain(who, n) {
  for (let i = 0; i < n; i++) {
    log('v2 ' + who + ' ' + i);
    await new Promise((r) => setTimeout(r, 50));
  }
  return 'new main done';
}
module.exports = (ctx) => new TaskRebootUpdate(ctx.main.task, newMain, ['rebooted', 3], { name: 'reboot' });
`;
  const a = startApp(t, { 'app.js': app, 'update.js': update });
  await a.waitFor({ event: 'app.log', msg: 'v1 1' });
  await a.writeFifo('fifo', `update ${a.path('update.js')}`);
  await a.waitFor({ event: 'update.completed', update: 'reboot' });
  const events = await finish(t, a);

  assertOrder(t, events, [
    { event: 'update.begin', update: 'reboot', manager: 'm' },
    { event: 'update.point.arrived', update: 'reboot', task: 'worker', point: 'top' },
    { event: 'update.alterability.reached', update: 'reboot' },
    { event: /^task\.(already_)?suspended$/, task: 'worker' },
    { event: 'update.applied', update: 'reboot' },
    { event: 'task.resumed', task: 'worker' },
    { event: 'update.completed', update: 'reboot' },
  ]);
  assertOrder(t, events, [
    { event: 'update.alterability.reached', update: 'reboot' },
    { event: 'task.rebooted', task: 'worker' },
    { event: 'app.log', msg: 'v2 rebooted 0' },
    { event: 'app.log', msg: 'v2 rebooted 1' },
    { event: 'app.log', msg: 'v2 rebooted 2' },
    { event: 'app.log', msg: 'result new main done' },
  ]);
  t.is(filter(events, { event: 'task.rebooted' }).length, 1);
  assertNoneAfter(t, events, { event: 'update.alterability.reached' }, { event: 'app.log', msg: /^v1 / });
  t.false(logs(events).includes('v1 finished'));
});

test("rebootFunction carries on from the state captured at the update point; g's result is the task's", async (t) => {
  const app = `
const { ThreadedManager, PipeListener, DsuTask, log, updatePoint } = require('moult/runtime');
async function main() {
  const r = [];
  for (let i = 0; i < 30; i++) {                     // ~1.5 s unless rebooted
    await updatePoint('loop', { i, r });
    r.push(i);
    log('v1 ' + i);
    await new Promise((res) => setTimeout(res, 50));
  }
  return 'v1 result';
}
const task = new DsuTask({ name: 'worker', main });
const manager = new ThreadedManager({ name: 'm', tasks: [task] });
new PipeListener({ path: 'fifo' }).start();
module.exports = { main, task, manager };
task.start();
task.join().then((r) => log('result ' + r));
`;
  const update = `
const { Update, log, rebootFunction, setupWaitStaticPoints, waitStaticPoints, cleanFailedStaticPoints } = require('moult/runtime');
function g({ r, from }) {
  for (let i = from; i < 30; i++) { r.push(i); }
  log('v2 from ' + from);
  log('list ' + r.join(','));
  return 'v2 result';
}
module.exports = (ctx) => {
  const { task, main } = ctx.main;
  class Branch extends Update {
    preupdateSetup() { setupWaitStaticPoints([task]); }
    waitAlterability() { return waitStaticPoints([task]); }
    cleanFailedAlterability() { cleanFailedStaticPoints([task]); }
    apply() { rebootFunction(task, main, g, (state) => ({ r: state.r, from: state.i })); }
  }
  return new Branch({ name: 'branch' });
};
`;
  const a = startApp(t, { 'app.js': app, 'update.js': update });
  await a.waitFor({ event: 'app.log', msg: 'v1 1' });
  await a.writeFifo('fifo', `update ${a.path('update.js')}`);
  await a.waitFor({ event: 'update.completed', update: 'branch' });
  const events = await finish(t, a);

  assertOrder(t, events, [
    { event: 'update.begin', update: 'branch' },
    { event: 'update.point.arrived', task: 'worker', point: 'loop' },
    { event: 'update.alterability.reached', update: 'branch' },
    { event: 'task.resumed', task: 'worker' },
    { event: 'update.completed', update: 'branch' },
  ]);
  assertNoneAfter(t, events, { event: 'update.alterability.reached' }, { event: 'app.log', msg: /^v1 / });
  const v1 = logs(events).filter((m) => /^v1 \d+$/.test(m)).map((m) => Number(m.slice(3)));
  const from = logs(events).find((m) => m.startsWith('v2 from '));
  t.truthy(from, 'g ran');
  // The captured i is the iteration held at the point: the one after the last v1 line.
  t.is(Number(from.slice('v2 from '.length)), v1.length);
  t.deepEqual(v1, [...Array(v1.length).keys()]);
  t.true(logs(events).includes(`list ${[...Array(30).keys()].join(',')}`), 'the list is complete, no gap, no repeat');
  t.is(logs(events).at(-1), 'result v2 result');
});
