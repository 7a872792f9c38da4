// Parity rows 49 and 50 (audit c9): forced quiescence of a function that always has an activation
// (two callers overlap). As Pymoult's setupForceQuiescence, the gate goes in at once: from then on
// new calls wait at the entry, the running ones finish with the code they started with, and the
// function is quiescent as soon as they have; after apply the held calls run the new version.
import test from 'ava';
import { startApp, finish, assertOrder, findIndex, logs } from './helpers.mjs';

const app = `
const { ThreadedManager, PipeListener, log, isApplied } = require('moult/runtime');
const { setTimeout: sleep } = require('node:timers/promises');
let calls = 0;
async function work(who) {
  const n = ++calls;
  log('v1 start ' + who + ' ' + n);
  await sleep(300);
  log('v1 end ' + who + ' ' + n);
  return 'v1';
}
module.exports = { work };
new ThreadedManager({ name: 'm' });
new PipeListener({ path: 'fifo' }).start();
async function caller(who) {
  let after = 0;
  for (let i = 0; i < 100; i++) {                       // at most ~30 s
    const r = await work(who);
    if (isApplied('forced') && ++after > 2) return;
  }
}
caller('A');
setTimeout(() => caller('B'), 150);                    // A and B overlap: work is never idle
`;

const update = `
const { Update, redefineFunction, log, setupForceQuiescence, waitForceQuiescence, checkForceQuiescence, cleanForceQuiescence, cleanFailedForceQuiescence } = require('moult/runtime');
module.exports = (ctx) => {
  const { main } = ctx;
  async function work(who) { log('v2 ' + who); return 'v2'; }
  class Forced extends Update {
    preupdateSetup() { this.gate = setupForceQuiescence(main, main.work); log('gate installed at setup: ' + this.gate.installed + ', quiescent yet: ' + checkForceQuiescence(this.gate)); }
    waitAlterability() { return waitForceQuiescence(this.gate); }
    cleanFailedAlterability() { cleanFailedForceQuiescence(this.gate); }
    apply() { redefineFunction(main, main.work, work); }
    preresumeSetup() { cleanForceQuiescence(this.gate); }
  }
  const u = new Forced({ name: 'forced' });
  u.setSleepTime(50);
  return u;
};
`;

test('forced quiescence installs its gate at once, lets running calls finish, and completes for a function always in use (rows 49, 50)', async (t) => {
  const a = startApp(t, { 'app.js': app, 'update.js': update });
  await a.waitFor({ event: 'app.log', msg: /^v1 start B/ });
  await a.writeFifo('fifo', `update ${a.path('update.js')}`);
  await a.waitFor({ event: 'update.completed', update: 'forced' }, { timeout: 15000 });
  const events = await finish(t, a, 20000);
  assertOrder(t, events, [
    { event: 'update.begin', update: 'forced' },
    { event: 'app.log', msg: 'gate installed at setup: true, quiescent yet: false' },
    { event: 'update.alterability.reached', update: 'forced' },
    { event: 'update.completed', update: 'forced' },
    { event: 'app.log', msg: 'v2 A' },
    { event: 'app.log', msg: 'v2 B' },
  ]);
  const setup = findIndex(events, { event: 'app.log', msg: /^gate installed/ });
  const reached = findIndex(events, { event: 'update.alterability.reached', update: 'forced' });
  const between = logs(events, setup + 1, reached);
  t.false(between.some((l) => l.startsWith('v1 start')), `no call started while the gate was in:\n${between.join('\n')}`);
  t.true(between.some((l) => l.startsWith('v1 end')), 'the running calls finished with v1');
  // Every call that started with v1 ended with v1, and none is left running at completion.
  const done = findIndex(events, { event: 'update.completed', update: 'forced' });
  const starts = logs(events, 0, done).filter((l) => l.startsWith('v1 start')).map((l) => l.slice(9));
  const ends = logs(events, 0, done).filter((l) => l.startsWith('v1 end')).map((l) => l.slice(7));
  t.deepEqual(ends.sort(), starts.sort());
  t.false(logs(events, done).some((l) => l.startsWith('v1 ')));
});

// A call made from within an activation of the gated function goes through (Pymoult's stub runs
// the function when it is among its callers): an async recursion would otherwise wait for itself.
const recursive = `
const { ThreadedManager, PipeListener, log, isApplied } = require('moult/runtime');
const { setTimeout: sleep } = require('node:timers/promises');
async function walk(n) {
  await sleep(100);
  if (n > 0) return 'v1 ' + n + ' ' + await walk(n - 1);
  return 'leaf';
}
module.exports = { walk };
new ThreadedManager({ name: 'm' });
new PipeListener({ path: 'fifo' }).start();
(async () => {
  let after = 0;
  for (let i = 0; i < 100; i++) {
    log(await walk(3));
    if (isApplied('forced') && ++after > 1) return;
  }
})();
`;

const recursiveUpdate = `
const { Update, redefineFunction, setupForceQuiescence, waitForceQuiescence, cleanForceQuiescence, cleanFailedForceQuiescence } = require('moult/runtime');
module.exports = (ctx) => {
  const { main } = ctx;
  class Forced extends Update {
    preupdateSetup() { this.gate = setupForceQuiescence(main, main.walk); }
    waitAlterability() { return waitForceQuiescence(this.gate); }
    cleanFailedAlterability() { cleanFailedForceQuiescence(this.gate); }
    apply() { redefineFunction(main, main.walk, async function walk(n) { return 'v2 ' + n; }); }
    preresumeSetup() { cleanForceQuiescence(this.gate); }
  }
  const u = new Forced({ name: 'forced' });
  u.setSleepTime(50);
  return u;
};
`;

test('under forced quiescence, a recursive call from within a running activation goes through (row 49)', async (t) => {
  const a = startApp(t, { 'app.js': recursive, 'update.js': recursiveUpdate });
  await a.waitFor({ event: 'app.log', msg: 'v1 3 v1 2 v1 1 leaf' });
  await a.writeFifo('fifo', `update ${a.path('update.js')}`);
  await a.waitFor({ event: 'update.completed', update: 'forced' }, { timeout: 15000 });
  const events = await finish(t, a, 20000);
  const index = findIndex(events, { event: 'update.applied', update: 'forced' });
  t.deepEqual([...new Set(logs(events, 0, index))], ['v1 3 v1 2 v1 1 leaf'], 'every walk that began before the update ran v1 all the way down');
  t.deepEqual([...new Set(logs(events, index))], ['v2 3']);
  t.deepEqual(events.filter((e) => e.event === 'update.postponed'), [], 'reached in the first wait');
});
