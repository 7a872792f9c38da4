// Parity rows 41, 42, 43, 52 (and 12, 45, 47: task.atPoint, check/waitQuiescenceOfFunctions): Pymoult's stack inspection. get_current_frames / isFunctionInStack
// read a thread's frames; here a task's stack is known while it is held (at an update point or in
// task.sleep), recorded as it stops, suspended async callers included. A task running elsewhere
// has no stack JavaScript can read: asking for it is refused, with what to do instead.
// isAnyCodeInAnyStack / isClassInAnyStack ask about the whole process.
import test from 'ava';
import { startApp, finish, logs } from './helpers.mjs';

const app = `
const { ThreadedManager, DsuTask, PipeListener, log, updatePoint } = require('moult/runtime');
const { setTimeout: sleep } = require('node:timers/promises');
async function inner(i) { await null; await updatePoint('inner', { i }); }
async function middle(i) { await inner(i); }
function unused() {}
async function main() {
  for (let i = 0; i < 200 && !globalThis.stop; i++) { await middle(i); await sleep(20); }
}
class Busy {
  async wait() { await sleep(400); }
  idle() {}
}
async function other() { for (;;) { await sleep(30); if (globalThis.stop) return; } }
const worker = new DsuTask({ name: 'worker', main });
const roamer = new DsuTask({ name: 'roamer', main: other });
new ThreadedManager({ name: 'm' });
new PipeListener({ path: 'fifo' }).start();
module.exports = { inner, middle, main, unused, worker, roamer, Busy };
worker.start();
roamer.start();
log('ready');
`;

const update = `
const { Update, log, setupWaitStaticPoints, waitStaticPoints, cleanFailedStaticPoints, getCurrentFrames, isFunctionInStack,
  isFunctionInAnyStack, isAnyCodeInAnyStack, isClassInAnyStack, resumeSuspendedTasks, checkQuiescenceOfFunctions, waitQuiescenceOfFunctions } = require('moult/runtime');
module.exports = (ctx) => {
  const m = ctx.main;
  class Inspect extends Update {
    preupdateSetup() { setupWaitStaticPoints([m.worker]); }
    waitAlterability() { return waitStaticPoints([m.worker]); }
    cleanFailedAlterability() { cleanFailedStaticPoints([m.worker]); }
    resumeHook() { resumeSuspendedTasks(); }
    async apply() {
      const frames = getCurrentFrames().get(m.worker);
      log('frames: ' + frames.map((f) => (f.async ? 'async ' : '') + f.functionName).join(' < '));
      log('roamer listed: ' + getCurrentFrames().has(m.roamer) + ', held at: ' + m.worker.atPoint.name + ' ' + JSON.stringify(m.worker.atPoint.state));
      log('quiescent [unused]: ' + checkQuiescenceOfFunctions([m.unused]) + ', [unused, inner]: ' + checkQuiescenceOfFunctions([m.unused, m.inner]) + ', waited [unused]: ' + await waitQuiescenceOfFunctions([m.unused]));
      log('inner in worker: ' + isFunctionInStack(m.inner, m.worker) + ', middle: ' + isFunctionInStack(m.middle, m.worker) + ', unused: ' + isFunctionInStack(m.unused, m.worker));
      log('any of [worker]: ' + isFunctionInAnyStack(m.main, [m.worker]) + ', anywhere: ' + isFunctionInAnyStack(m.inner));
      try { isFunctionInStack(m.main, m.roamer); log('roamer: answered'); } catch (e) { log('roamer: ' + e.code); }
      log('any code [unused, inner]: ' + isAnyCodeInAnyStack([m.unused, m.inner]) + ', [unused]: ' + isAnyCodeInAnyStack([m.unused]));
      const busy = new m.Busy();
      log('class idle: ' + isClassInAnyStack(m.Busy));
      const p = busy.wait();
      log('class with a waiting method: ' + isClassInAnyStack(m.Busy));
      await p;
      log('class after: ' + isClassInAnyStack(m.Busy));
      globalThis.stop = true;
    }
  }
  return new Inspect({ name: 'inspect' });
};
`;

test("a held task's frames, isFunctionInStack per task, and the process-wide code/class checks (rows 41, 42, 43, 52)", async (t) => {
  const a = startApp(t, { 'app.js': app, 'update.js': update });
  await a.waitFor({ event: 'app.log', msg: 'ready' });
  await a.writeFifo('fifo', `update ${a.path('update.js')}`);
  await a.waitFor({ event: 'update.completed', update: 'inspect' });
  const l = logs(await finish(t, a));
  t.true(l.includes('frames: inner < async middle < async main'), l.join('\n'));
  t.true(l.some((x) => /^roamer listed: false, held at: inner \{"i":\d+\}$/.test(x)), l.join('\n'));
  t.true(l.includes('quiescent [unused]: true, [unused, inner]: false, waited [unused]: true'), l.join('\n'));
  t.true(l.includes('inner in worker: true, middle: true, unused: false'), l.join('\n'));
  t.true(l.includes('any of [worker]: true, anywhere: true'), l.join('\n'));
  t.true(l.includes('roamer: EUNSUPPORTED'), l.join('\n'));
  t.true(l.includes('any code [unused, inner]: true, [unused]: false'), l.join('\n'));
  t.true(l.includes('class idle: false'), l.join('\n'));
  t.true(l.includes('class with a waiting method: true'), l.join('\n'));
  t.true(l.includes('class after: false'), l.join('\n'));
});
