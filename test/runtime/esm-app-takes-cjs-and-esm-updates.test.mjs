// An ES-module app (app.mjs importing from 'moult/runtime') is updated first by a CommonJS update
// module, then by an ES-module update (update.mjs, `export default (ctx) => …`).
import test from 'ava';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startApp, finish, assertOrder, assertNoneAfter, findIndex, logs } from './helpers.mjs';

const app = `
import { log, ThreadedManager, DsuTask, PipeListener, isApplied } from 'moult/runtime';
export function greet(i) { log('v1 ' + i); }
let after = 0;
async function main() {
  for (let i = 0; i < 100; i++) {                       // at most ~5 s
    greet(i);
    if (isApplied('esm') && ++after > 3) break;
    await task.sleep(50);
  }
}
export const task = new DsuTask({ name: 'worker', main });
export const manager = new ThreadedManager({ name: 'm', tasks: [task] });
new PipeListener({ path: 'fifo' }).start();
task.start();
`;

const cjsUpdate = `
const { SafeRedefineUpdate, log } = require('moult/runtime');
module.exports = (ctx) => new SafeRedefineUpdate(ctx.main, ctx.main.greet, function greet(i) { log('v2 ' + i); }, { name: 'cjs' });
`;

const esmUpdate = `
import { SafeRedefineUpdate, log, isApplied } from 'moult/runtime';
const tag = 'v3';
export default (ctx) => {
  log('esm update sees cjs applied: ' + isApplied('cjs'));   // the same runtime instance as the app's
  return new SafeRedefineUpdate(ctx.main, ctx.main.greet, function greet(i) { log(tag + ' ' + i); }, { name: 'esm' });
};
`;

test('an ES-module app is updated by a CommonJS update and then by an ES-module update', async (t) => {
  const a = startApp(t, { 'app.mjs': app, 'update-cjs.js': cjsUpdate, 'update.mjs': esmUpdate }, { script: 'app.mjs' });
  // The runtime imports an ES-module update from a copy in <tmpdir>/moult-updates-<pid>, which it leaves behind.
  t.teardown(() => fs.rmSync(path.join(os.tmpdir(), `moult-updates-${a.child.pid}`), { recursive: true, force: true }));
  await a.waitFor({ event: 'app.log', msg: 'v1 1' });
  await a.writeFifo('fifo', `update ${a.path('update-cjs.js')}`);
  const { index: first } = await a.waitFor({ event: 'update.completed', update: 'cjs' });
  await a.waitFor({ event: 'app.log', msg: /^v2 / }, { from: first });
  await a.writeFifo('fifo', `update ${a.path('update.mjs')}`);
  await a.waitFor({ event: 'update.completed', update: 'esm' });
  const events = await finish(t, a);

  assertOrder(t, events, [
    { event: 'app.log', msg: /^v1 / },
    { event: 'update.received', update: 'update-cjs' },
    { event: 'update.queued', update: 'cjs', manager: 'm' },
    { event: 'update.completed', update: 'cjs' },
    { event: 'app.log', msg: /^v2 / },
    { event: 'update.received', update: 'update' },
    { event: 'app.log', msg: 'esm update sees cjs applied: true' },
    { event: 'update.queued', update: 'esm', manager: 'm' },
    { event: 'update.completed', update: 'esm' },
    { event: 'app.log', msg: /^v3 / },
  ]);
  assertNoneAfter(t, events, { event: 'update.applied', update: 'cjs' }, { event: 'app.log', msg: /^v1 / });
  assertNoneAfter(t, events, { event: 'update.applied', update: 'esm' }, { event: 'app.log', msg: /^v[12] / });
  // The loop counter runs on across both updates: no restart, no lost state.
  const nums = logs(events).filter((m) => /^v\d \d+$/.test(m)).map((m) => Number(m.split(' ')[1]));
  t.deepEqual(nums, [...nums.keys()]);
  t.is(findIndex(events, { event: 'update.rejected' }), -1);
});
