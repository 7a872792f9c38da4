// Parity rows 22 and 55 (audit c12, c8): Pymoult's polled Manager keeps an update across polls —
// requirements and preupdateSetup once, then one checkAlterability per poll, and cleanFailed +
// postpone only after maxTries polls — so that static update points, checkStaticPointsReached and
// TaskRebootUpdate, which need time between setup and check, work under it.
import test from 'ava';
import { startApp, finish, assertOrder, filter, findIndex, logs } from './helpers.mjs';

const app = `
const { Manager, DsuTask, PipeListener, log, updatePoint } = require('moult/runtime');
const { setTimeout: sleep } = require('node:timers/promises');
const manager = new Manager({ name: 'polled' });
async function main() {
  for (let i = 0; !globalThis.stop; i++) {
    log('v1 job ' + i);
    await task.sleep(200);
    await updatePoint('loop', { done: i });
  }
}
const task = new DsuTask({ name: 'worker', main });
module.exports = { task, manager };
new PipeListener({ path: 'fifo' }).start();
task.start();
(async () => {
  for (let i = 0; i < 300 && !globalThis.stop; i++) {   // at most ~45 s
    const r = await manager.applyNextUpdate();
    if (r) log('poll -> ' + r);
    await sleep(150);
  }
})();
`;

test('TaskRebootUpdate completes under a polled Manager: the task reaches its static point between two polls (rows 22, 55)', async (t) => {
  const update = `
const { TaskRebootUpdate, log } = require('moult/runtime');
module.exports = (ctx) => new TaskRebootUpdate(ctx.main.task, async function main2(from) {
  for (let j = 0; j < 3; j++) log('v2 job ' + (from + j));
  globalThis.stop = true;
}, [100], { name: 'reboot' });
`;
  const a = startApp(t, { 'app.js': app, 'update.js': update });
  await a.waitFor({ event: 'app.log', msg: 'v1 job 1' });
  await a.writeFifo('fifo', `update ${a.path('update.js')}`);
  await a.waitFor({ event: 'update.completed', update: 'reboot' }, { timeout: 20000 });
  const events = await finish(t, a, 20000);
  assertOrder(t, events, [
    { event: 'update.begin', update: 'reboot', manager: 'polled' },
    { event: 'app.log', msg: 'poll -> waiting' },
    { event: 'update.point.arrived', task: 'worker', point: 'loop' },
    { event: 'update.alterability.reached', update: 'reboot' },
    { event: 'update.completed', update: 'reboot' },
    { event: 'task.rebooted', task: 'worker' },
    { event: 'app.log', msg: 'v2 job 100' },
    { event: 'app.log', msg: 'v2 job 102' },
  ]);
  t.is(filter(events, { event: 'update.begin' }).length, 1, 'one take of the update, kept across polls');
  t.deepEqual(filter(events, { event: /^update\.(postponed|aborted|failed)$/ }), []);
  t.false(logs(events, findIndex(events, { event: 'task.rebooted' })).some((l) => l.startsWith('v1 ')));
});

test('setup once, one check per poll, cleanFailed and postponed after maxTries polls, then set up again (row 22)', async (t) => {
  const update = `
const { Update, log } = require('moult/runtime');
let checks = 0;
class Counted extends Update {
  preupdateSetup() { log('setup'); }
  checkAlterability() { checks++; log('check ' + checks); return checks > 4; }
  cleanFailedAlterability() { log('cleanFailed'); }
  apply() { log('applied'); globalThis.stop = true; }
}
const u = new Counted({ name: 'counted' });
u.setMaxTries(3);
module.exports = u;
`;
  const a = startApp(t, { 'app.js': app, 'update.js': update });
  await a.waitFor({ event: 'app.log', msg: 'v1 job 1' });
  await a.writeFifo('fifo', `update ${a.path('update.js')}`);
  await a.waitFor({ event: 'update.completed', update: 'counted' }, { timeout: 20000 });
  const events = await finish(t, a, 20000);
  const mine = events.filter((e) => (e.event === 'app.log' && /^(setup|check|cleanFailed|applied|poll)/.test(e.msg)) || /^update\.(begin|postponed|completed)$/.test(e.event));
  t.deepEqual(mine.map((e) => e.event === 'app.log' ? e.msg : e.event).filter((m) => m !== 'poll -> null'), [
    'update.begin', 'setup', 'check 1', 'poll -> waiting', 'check 2', 'poll -> waiting', 'check 3', 'cleanFailed', 'update.postponed', 'poll -> postponed',
    'update.begin', 'setup', 'check 4', 'poll -> waiting', 'check 5', 'applied', 'update.completed', 'poll -> completed',
  ]);
});
