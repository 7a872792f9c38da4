// requirements 'never' aborts the update at once; alterability that is never reached postpones it
// (reason alterability) until it has been tried maxTries times, then aborts it. Neither applies.
import test from 'ava';
import { startApp, finish, assertOrder, filter, findIndex, logs } from './helpers.mjs';

const app = `
const { ThreadedManager, PipeListener, log, isApplied } = require('moult/runtime');
const manager = new ThreadedManager({ name: 'm' });
new PipeListener({ path: 'fifo' }).start();
(async () => {
  for (let i = 0; i < 30; i++) {                     // ~3 s
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
  const a = startApp(t, { 'app.js': app, 'update.js': update });
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

test('alterability never reached: postponed (reason alterability) until maxTries, then update.aborted', async (t) => {
  const update = `
const { Update, log } = require('moult/runtime');
let checks = 0;
class Stuck extends Update {
  checkAlterability() { checks++; return false; }
  cleanFailedAlterability() { log('cleanFailedAlterability after ' + checks + ' checks'); }
  apply() { log('applied'); }
}
const u = new Stuck({ name: 'stuck' });
u.setMaxTries(3);
u.setSleepTime(50);
module.exports = u;
`;
  const a = startApp(t, { 'app.js': app, 'update.js': update });
  await a.waitFor({ event: 'app.log', msg: 'tick' });
  await a.writeFifo('fifo', `update ${a.path('update.js')}`);
  const { index } = await a.waitFor({ event: 'update.aborted', update: 'stuck' });
  const events = await finish(t, a);

  assertOrder(t, events, [
    { event: 'update.queued', update: 'stuck', manager: 'm' },
    { event: 'update.begin', update: 'stuck' },
    { event: 'app.log', msg: 'cleanFailedAlterability after 3 checks' }, // the default waitAlterability polls checkAlterability maxTries times
    { event: 'update.postponed', update: 'stuck', reason: 'alterability', tries: 1 },
    { event: 'update.begin', update: 'stuck' },
    { event: 'update.postponed', update: 'stuck', reason: 'alterability', tries: 2 },
    { event: 'update.begin', update: 'stuck' },
    { event: 'update.aborted', update: 'stuck', reason: 'alterability', tries: 3 },
  ]);
  // maxTries tries in all: the last one aborts instead of postponing again.
  t.is(filter(events, { event: 'update.begin', update: 'stuck' }).length, 3);
  t.is(filter(events, { event: 'update.postponed', update: 'stuck' }).length, 2);
  t.is(filter(events, { event: 'update.begin' }, index + 1).length, 0, 'not tried after it was aborted');
  for (const name of ['update.alterability.reached', 'update.applied', 'update.completed']) {
    t.deepEqual(filter(events, { event: name }), [], `no ${name}`);
  }
  t.false(logs(events).includes('applied'));
  t.true(logs(events, index + 1).includes('tick'), 'the app goes on');
});
