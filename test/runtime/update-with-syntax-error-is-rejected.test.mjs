// An update module that does not parse is rejected (update.rejected, reason "syntax error: …")
// and the app goes on untouched: nothing is queued, the old code keeps running, it exits 0.
import test from 'ava';
import { startApp, finish, findIndex, filter, logs } from './helpers.mjs';

const app = `
const { ThreadedManager, PipeListener, log } = require('moult/runtime');
function work() { log('v1'); }
const manager = new ThreadedManager({ name: 'm' });
new PipeListener({ path: 'fifo' }).start();
module.exports = { work, manager };
(async () => {
  for (let i = 0; i < 25; i++) {                     // ~2.5 s
    work();
    await new Promise((r) => setTimeout(r, 100));
  }
  log('end');
})();
`;

const broken = `
const { SafeRedefineUpdate, log } = require('moult/runtime');
module.exports = (ctx) => {
  return new SafeRedefineUpdate(ctx.main, ctx.main.work, function work() { log('v2') }, { name: 'broken' };
};
`;

test('an update file with a syntax error is rejected and the app keeps running unchanged', async (t) => {
  const a = startApp(t, { 'app.js': app, 'update.js': broken });
  await a.waitFor({ event: 'app.log', msg: 'v1' });
  await a.writeFifo('fifo', `update ${a.path('update.js')}`);
  const { event: rejected, index } = await a.waitFor({ event: 'update.rejected' });
  t.regex(rejected.reason, /syntax/i);
  t.is(rejected.update, 'update');
  t.is(rejected.level, 'error');
  const events = await finish(t, a);

  t.true(findIndex(events, { event: 'update.received', update: 'update' }) < index, 'update.received comes before update.rejected');
  for (const name of ['update.queued', 'update.begin', 'update.applied', 'update.completed', 'update.failed']) {
    t.deepEqual(filter(events, { event: name }), [], `no ${name}`);
  }
  const after = logs(events, index + 1);
  t.true(after.filter((m) => m === 'v1').length >= 3, `still logs v1 after the rejection:\n${after.join('\n')}`);
  t.false(after.includes('v2'));
  t.is(after.at(-1), 'end');
});
