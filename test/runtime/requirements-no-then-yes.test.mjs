// checkRequirements() answering 'no' postpones the update (update.postponed, reason
// requirements); the ThreadedManager tries it again after sleepTime, and 'yes' lets it complete.
import test from 'ava';
import { startApp, finish, assertOrder, filter, findIndex, logs } from './helpers.mjs';

const app = `
const { ThreadedManager, PipeListener, log, isApplied } = require('moult/runtime');
const manager = new ThreadedManager({ name: 'm' });
new PipeListener({ path: 'fifo' }).start();
let after = 0;
(async () => {
  for (let i = 0; i < 80; i++) {                     // at most ~4 s
    log('tick');
    if (isApplied('req') && ++after > 2) break;
    await new Promise((r) => setTimeout(r, 50));
  }
})();
`;

const update = `
const { Update } = require('moult/runtime');
module.exports = (ctx) => {
  let asked = 0;
  class Req extends Update {
    checkRequirements() { asked++; ctx.log('requirements asked ' + asked); return asked < 2 ? 'no' : 'yes'; }
    waitAlterability() { return true; }
    apply() { ctx.log('applying'); }
  }
  const u = new Req({ name: 'req' });
  u.setSleepTime(100);
  return u;
};
`;

test("requirements 'no' then 'yes': postponed for requirements, then completed", async (t) => {
  const a = startApp(t, { 'app.js': app, 'update.js': update });
  await a.waitFor({ event: 'app.log', msg: 'tick' });
  await a.writeFifo('fifo', `update ${a.path('update.js')}`);
  await a.waitFor({ event: 'update.completed', update: 'req' });
  const events = await finish(t, a);

  assertOrder(t, events, [
    { event: 'update.queued', update: 'req', manager: 'm' },
    { event: 'update.begin', update: 'req' },
    { event: 'app.log', msg: 'requirements asked 1' },
    { event: 'update.postponed', update: 'req', reason: 'requirements', tries: 1 },
    { event: 'update.begin', update: 'req' },
    { event: 'app.log', msg: 'requirements asked 2' },
    { event: 'update.alterability.reached', update: 'req' },
    { event: 'app.log', msg: 'applying' },
    { event: 'update.applied', update: 'req' },
    { event: 'update.over', update: 'req' },
    { event: 'update.completed', update: 'req' },
  ]);
  t.is(filter(events, { event: 'update.postponed' }).length, 1);
  t.is(filter(events, { event: 'update.begin' }).length, 2);
  t.deepEqual(filter(events, { event: 'update.aborted' }), []);
  // Nothing was applied while postponed.
  const postponed = findIndex(events, { event: 'update.postponed' });
  t.false(logs(events, 0, postponed).includes('applying'));
});
