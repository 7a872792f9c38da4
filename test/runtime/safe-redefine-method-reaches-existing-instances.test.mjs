// SafeRedefineMethodUpdate: a class method is redefined for the instances that already exist,
// a subclass instance, and a bound reference stored before the update; their state is kept.
import test from 'ava';
import { startApp, finish, assertOrder, assertNoneAfter, logs } from './helpers.mjs';

// With classNameCaptured, the instances are made inside a closure (the usual way), so the module
// scope's bindings Counter and Loud are context-allocated; otherwise only top-level code names them.
const makeApp = (classNameCaptured) => `
const { ThreadedManager, PipeListener, log, isApplied } = require('moult/runtime');
class Counter {
  constructor(label) { this.label = label; this.n = 0; }
  tick() { this.n += 1; log('v1 ' + this.label + ' ' + this.n); }
}
class Loud extends Counter {}
const manager = new ThreadedManager({ name: 'm' });
new PipeListener({ path: 'fifo' }).start();
module.exports = { Counter, manager };
${classNameCaptured
    ? "function make() { return [new Counter('a'), new Loud('b'), new Counter('c')]; }"
    : "const made = [new Counter('a'), new Loud('b'), new Counter('c')];"}
(async () => {
  const [a, b, c] = ${classNameCaptured ? 'make()' : 'made'};
  const bound = c.tick.bind(c);                         // stored before the update
  let after = 0;
  for (let i = 0; i < 80; i++) {                        // at most ~4 s
    a.tick(); b.tick(); bound();
    if (isApplied('tick') && ++after > 3) break;
    await new Promise((r) => setTimeout(r, 50));
  }
})();
`;

const update = `
const { SafeRedefineMethodUpdate, log } = require('moult/runtime');
module.exports = (ctx) => {
  class V2 { tick() { this.n += 10; log('v2 ' + this.label + ' ' + this.n); } }
  return new SafeRedefineMethodUpdate(ctx.main.Counter, 'tick', V2.prototype.tick, { name: 'tick' });
};
`;

async function run(t, classNameCaptured) {
  const a = startApp(t, { 'app.js': makeApp(classNameCaptured), 'update.js': update });
  await a.waitFor({ event: 'app.log', msg: 'v1 c 2' });
  await a.writeFifo('fifo', `update ${a.path('update.js')}`);
  await a.waitFor({ event: 'update.completed', update: 'tick' });
  const events = await finish(t, a);

  assertOrder(t, events, [
    { event: 'update.begin', update: 'tick' },
    { event: 'update.alterability.reached', update: 'tick' },
    { event: 'update.applied', update: 'tick' },
    { event: 'update.completed', update: 'tick' },
  ]);
  assertNoneAfter(t, events, { event: 'update.applied' }, { event: 'app.log', msg: /^v1 / });
  for (const label of ['a', 'b', 'c']) {
    const mine = logs(events).filter((m) => m.split(' ')[1] === label);
    const k = mine.findIndex((m) => m.startsWith('v2 '));
    t.true(k > 0, `${label} ran v1 then v2:\n${mine.join('\n')}`);
    // State is kept: v1 counted 1..k, then v2 adds 10 to the same field.
    t.deepEqual(mine.slice(0, k), [...Array(k).keys()].map((i) => `v1 ${label} ${i + 1}`));
    t.deepEqual(mine.slice(k), mine.slice(k).map((_m, j) => `v2 ${label} ${k + 10 * (j + 1)}`));
  }
}

test('SafeRedefineMethodUpdate reaches existing instances, subclass instances and stored bound methods', async (t) => {
  await run(t, false);
});

// BUG (runtime/relink.ts + function-source.ts forwardingText): the forwarder that replaces the
// method mentions, in dead code, every name capturedNames(f) finds in the method's [[Scopes]].
// When a closure of the module names the class (here make() does `new Counter(…)`), the module
// binding `Counter` is context-allocated and gets listed; but inside the class body `Counter`
// resolves to the class's own inner name binding, which was not context-allocated (the class
// never names itself). Mentioning it changes the class scope, and V8's Debugger.setScriptSource
// then answers "Ok" while silently keeping the old code. redefineFunction does not check that
// the patch took, so the update logs update.applied / update.completed and every instance keeps
// running v1 ("v1 a 3", "v1 b 3", … after update.completed). Reproduced in isolation: the same
// method is redefined fine when the class name is only used by top-level code (test above), or
// when the class body names itself (e.g. a `static make() { return new Counter() }`).
test('SafeRedefineMethodUpdate works when a closure of the module names the class', async (t) => {
  await run(t, true);
});
