// A postponed update goes to the back of its manager's queue with its own update.queued line, as
// Pymoult's postpone() does through add_update ("Adding update … to Manager … queue"): the
// update queued behind it is tried first. Both managers.
import test from 'ava';
import { startApp, finish, assertOrder, filter, findIndex } from './helpers.mjs';

const app = (kind) => `
const { ${kind}, PipeListener, log, isApplied } = require('moult/runtime');
const manager = new ${kind}({ name: 'm' });
new PipeListener({ path: 'fifo' }).start();
(async () => {
  for (let i = 0; i < 200 && !(isApplied('first') && isApplied('second')); i++) {   // at most ~10 s
    ${kind === 'Manager' ? 'await manager.applyNextUpdate();' : ''}
    log('tick');
    await new Promise((r) => setTimeout(r, 50));
  }
})();
`;

// 'first' is postponed once (requirements 'no'), 'second' queued behind it goes first.
const update = `
const { Update } = require('moult/runtime');
let asked = 0;
class First extends Update {
  checkRequirements() { return ++asked < 2 ? 'no' : 'yes'; }
  checkAlterability() { return true; }
  waitAlterability() { return true; }
}
class Second extends Update {
  checkAlterability() { return true; }
  waitAlterability() { return true; }
}
const first = new First({ name: 'first' });
first.setSleepTime(50);
module.exports = [first, new Second({ name: 'second' })];
`;

for (const kind of ['ThreadedManager', 'Manager']) {
  test(`${kind}: a postponed update is queued again (update.queued) behind the others`, async (t) => {
    const a = startApp(t, { 'app.js': app(kind), 'update.js': update });
    await a.waitFor({ event: 'app.log', msg: 'tick' });
    await a.writeFifo('fifo', `update ${a.path('update.js')}`);
    await a.waitFor({ event: 'update.completed', update: 'first' });
    const events = await finish(t, a);
    const [, , postponedAt, queuedAt] = assertOrder(t, events, [
      { event: 'update.queued', update: 'first', manager: 'm' },
      { event: 'update.queued', update: 'second', manager: 'm' },
      { event: 'update.postponed', update: 'first', reason: 'requirements', tries: 1 },
      { event: 'update.queued', update: 'first', manager: 'm', tries: 1 },
      { event: 'update.completed', update: 'second' },
      { event: 'update.begin', update: 'first' },
      { event: 'update.completed', update: 'first' },
    ]);
    t.is(queuedAt, postponedAt + 1, 'queued again right after it was postponed');
    t.is(filter(events, { event: 'update.queued', update: 'first' }).length, 2);
    t.true(findIndex(events, { event: 'update.begin', update: 'second' }) > queuedAt);
  });
}
