// requirements 'never' aborts the update at once. Alterability not reached postpones it (reason
// alterability), and a postponed update is tried again however many times (parity row 24): as in
// Pymoult, where both managers' postpone() puts it back in the queue with no count, and as SPEC
// section 4 says (update.aborted: requirements answered 'never'). maxTries bounds one wait.
import test from 'ava';
import { startApp, finish, assertOrder, filter, findIndex, logs } from './helpers.mjs';

const app = (kind = 'ThreadedManager') => `
const { ${kind}, PipeListener, log, isApplied } = require('moult/runtime');
const manager = new ${kind}({ name: 'm' });
new PipeListener({ path: 'fifo' }).start();
(async () => {
  for (let i = 0; i < 30 || (globalThis.busy && i < 300); i++) {   // ~3 s, or while the update keeps it busy
    ${kind === 'Manager' ? 'await manager.applyNextUpdate();' : ''}
    log('tick');
    await new Promise((r) => setTimeout(r, 100));
  }
})();
`;

test("requirements 'never': update.aborted (reason requirements), nothing applied", async (t) => {
  const update = `
const { Update } = require('moult/runtime');
class Never extends Update {
  checkRequirements() { return 'never'; }
  checkAlterability() { throw new Error('alterability must not be asked'); }
  preupdateSetup() { require('moult/runtime').log('preupdateSetup ran'); }
  apply() { require('moult/runtime').log('applied'); }
}
module.exports = new Never({ name: 'never' });
`;
  const a = startApp(t, { 'app.js': app(), 'update.js': update });
  await a.waitFor({ event: 'app.log', msg: 'tick' });
  await a.writeFifo('fifo', `update ${a.path('update.js')}`);
  const { index } = await a.waitFor({ event: 'update.aborted', update: 'never' });
  const events = await finish(t, a);

  assertOrder(t, events, [
    { event: 'update.queued', update: 'never', manager: 'm' },
    { event: 'update.begin', update: 'never', manager: 'm' },
    { event: 'update.aborted', update: 'never', reason: 'requirements' },
  ]);
  t.is(filter(events, { event: 'update.begin' }).length, 1, 'never tried again');
  for (const name of ['update.postponed', 'update.alterability.reached', 'update.applied', 'update.completed', 'update.failed']) {
    t.deepEqual(filter(events, { event: name }), [], `no ${name}`);
  }
  t.false(logs(events).includes('applied'));
  t.false(logs(events).includes('preupdateSetup ran'));
  t.true(logs(events, index + 1).includes('tick'), 'the app goes on');
});

for (const kind of ['ThreadedManager', 'Manager']) {
  test(`${kind}: alterability not reached is postponed again and again, past maxTries, never aborted; then it completes (row 24)`, async (t) => {
    // Each try checks alterability maxTries (2) times in vain until the 9th check: 4 postponements.
    const update = `
const { Update, log } = require('moult/runtime');
let checks = 0;
globalThis.busy = true;
class Stuck extends Update {
  checkAlterability() { return ++checks >= 9; }
  cleanFailedAlterability() { log('cleanFailedAlterability after ' + checks + ' checks'); }
  apply() { log('applied after ' + checks + ' checks'); globalThis.busy = false; }
}
const u = new Stuck({ name: 'stuck' });
u.setMaxTries(2);
u.setSleepTime(30);
module.exports = u;
`;
    const a = startApp(t, { 'app.js': app(kind), 'update.js': update });
    await a.waitFor({ event: 'app.log', msg: 'tick' });
    await a.writeFifo('fifo', `update ${a.path('update.js')}`);
    await a.waitFor({ event: 'update.completed', update: 'stuck' }, { timeout: 20000 });
    const events = await finish(t, a, 20000);

    assertOrder(t, events, [
      { event: 'update.queued', update: 'stuck', manager: 'm' },
      { event: 'update.begin', update: 'stuck' },
      { event: 'app.log', msg: 'cleanFailedAlterability after 2 checks' },
      { event: 'update.postponed', update: 'stuck', reason: 'alterability', tries: 1 },
      { event: 'update.postponed', update: 'stuck', reason: 'alterability', tries: 2 },
      { event: 'update.postponed', update: 'stuck', reason: 'alterability', tries: 3 },
      { event: 'update.postponed', update: 'stuck', reason: 'alterability', tries: 4 },
      { event: 'update.begin', update: 'stuck' },
      { event: 'app.log', msg: 'applied after 9 checks' },
      { event: 'update.completed', update: 'stuck' },
    ]);
    t.is(filter(events, { event: 'update.begin', update: 'stuck' }).length, 5);
    t.deepEqual(filter(events, { event: 'update.aborted' }), [], 'never aborted');
    const done = findIndex(events, { event: 'update.completed', update: 'stuck' });
    t.true(logs(events, done + 1).includes('tick'), 'the app goes on');
  });
}
