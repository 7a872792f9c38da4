// The polled Manager applies a queued update only when the app calls applyNextUpdate() (it
// uses the check… hooks); it has no tasks, so no task is suspended or resumed.
import test from 'ava';
import { startApp, finish, assertOrder, assertNoneAfter, filter, findIndex, logs } from './helpers.mjs';

const app = `
const { Manager, PipeListener, log, isApplied } = require('moult/runtime');
const manager = new Manager({ name: 'polled' });
new PipeListener({ path: 'fifo' }).start();
function work() { log('v1'); }
module.exports = { work, manager };
(async () => {
  let after = 0;
  for (let i = 0; i < 80; i++) {                        // at most ~4 s
    if (i % 4 === 3) {
      log('polling');
      const r = await manager.applyNextUpdate();
      log('applyNextUpdate -> ' + r);
    }
    work();
    if (isApplied('func') && ++after > 3) break;
    await new Promise((r) => setTimeout(r, 50));
  }
})();
`;

const update = `
const { SafeRedefineUpdate, log } = require('moult/runtime');
module.exports = (ctx) => {
  class Checked extends SafeRedefineUpdate {
    checkAlterability() { log('checkAlterability'); return super.checkAlterability(); }
    waitAlterability() { log('waitAlterability'); return super.waitAlterability(); }
  }
  return new Checked(ctx.main, ctx.main.work, function work() { log('v2'); }, { name: 'func' });
};
`;

test('a polled Manager applies the update when the app calls applyNextUpdate(), with no task suspended', async (t) => {
  const a = startApp(t, { 'app.js': app, 'update.js': update });
  await a.waitFor({ event: 'app.log', msg: 'applyNextUpdate -> null' });
  await a.writeFifo('fifo', `update ${a.path('update.js')}`);
  const { index: queued } = await a.waitFor({ event: 'update.queued', update: 'func' });
  await a.waitFor({ event: 'update.completed', update: 'func' });
  const events = await finish(t, a);

  const [, pollAt, beginAt] = assertOrder(t, events, [
    { event: 'update.queued', update: 'func', manager: 'polled' },
    { event: 'app.log', msg: 'polling' },
    { event: 'update.begin', update: 'func', manager: 'polled' },
    { event: 'app.log', msg: 'checkAlterability' },
    { event: 'update.alterability.reached', update: 'func' },
    { event: 'update.applied', update: 'func' },
    { event: 'update.over', update: 'func' },
    { event: 'update.completed', update: 'func' },
    { event: 'app.log', msg: 'applyNextUpdate -> completed' },
    { event: 'app.log', msg: 'v2' },
  ]);
  // The manager did nothing by itself: the update began right after the app polled.
  t.is(beginAt, pollAt + 1, 'update.begin comes right after the app called applyNextUpdate()');
  t.true(queued < pollAt);
  t.deepEqual(filter(events, { event: /^task\./ }), [], 'no task.* events');
  t.false(logs(events).includes('waitAlterability'), 'the polled manager uses checkAlterability');
  assertNoneAfter(t, events, { event: 'update.completed' }, { event: 'app.log', msg: 'v1' });
  t.is(filter(events, { event: 'update.begin' }).length, 1);
  t.true(findIndex(events, { event: 'app.log', msg: 'v1' }) < queued);
});
