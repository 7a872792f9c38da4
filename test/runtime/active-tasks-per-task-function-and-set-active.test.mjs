// Parity rows 3, 4 and 9 (and 7, 28: getTaskByName, fetchManager). Pymoult's set_active / set_passive switch a thread between running the
// active update function itself and waiting to be suspended; set_active_update_function(function,
// thread) gives one thread its own function, run once at its next update point. Row 9, Pymoult's
// continuation support (a thread's "sleeping continuation", a function run on that thread's own
// stack at a point it chooses) has no JavaScript form: no continuations can be captured or
// resumed from outside (generators and async functions are one-shot and run only from their own
// caller). Its use, running code inside a given task at a point where it is consistent, is what a
// task's own active update function does, shown here.
import test from 'ava';
import { startApp, finish, logs } from './helpers.mjs';

const app = `
const { DsuTask, ThreadedManager, updatePoint, currentTask, setActiveUpdateFunction, startActiveUpdate, getTaskByName, fetchManager, log } = require('moult/runtime');
const { setTimeout: sleep } = require('node:timers/promises');
const loop = async () => { for (let i = 0; i < 2000 && !globalThis.stop; i++) { await sleep(5); await updatePoint('p'); } };
const A = new DsuTask({ name: 'A', main: loop, active: true }).start();
const B = new DsuTask({ name: 'B', main: loop, active: true }).start();
const C = new DsuTask({ name: 'C', main: loop }).start();
const ran = (tag) => new Promise((resolve) => { ran[tag] = resolve; });
const fn = (tag) => (task) => { log(tag + ' ran in ' + currentTask().name + ' for ' + task.name); ran[tag]?.(); };

(async () => {
  // A's own function: run once, in A, at its next point.
  let done = ran('own');
  setActiveUpdateFunction(fn('own'), A);
  await done;
  await sleep(50);                                       // more points of every task: it ran once
  // B turns passive: the global function, started for every active task, runs in A only.
  B.setPassive();
  done = ran('global');
  setActiveUpdateFunction(fn('global'));
  startActiveUpdate();
  await done;
  await sleep(50);
  // C turns active and gets its own.
  C.setActive();
  done = ran('c');
  setActiveUpdateFunction(fn('c'), C);
  await done;
  log('active: ' + [A, B, C].map((t) => t.name + '=' + t.active).join(' '));
  const m = new ThreadedManager({ name: 'found' });
  log('by name: ' + (getTaskByName('B') === B) + ' ' + getTaskByName('nobody') + ', manager: ' + (fetchManager('found') === m) + ' ' + fetchManager('nobody'));
  m.stop();
  globalThis.stop = true;
})();
`;

test('setActive/setPassive and a task\'s own active update function, run once in that task (rows 3, 4; 9: no continuations in JS)', async (t) => {
  const a = startApp(t, { 'app.js': app });
  const l = logs(await finish(t, a));
  t.deepEqual(l, ['own ran in A for A', 'global ran in A for A', 'c ran in C for C', 'active: A=true B=false C=true', 'by name: true undefined, manager: true undefined']);
});
