// Parity row 69 (audit c17): two updateLocalVar calls on the same function both take effect,
// whether they come from two updates while the first one's breakpoints are still in place, or
// from one apply (V8 refuses a second breakpoint at a location: they share one, whose condition
// sets both). The same variable twice: the later value wins.
import test from 'ava';
import { startApp, finish, logs } from './helpers.mjs';

// worker() stays pending for the whole run: its locals are read at each round.
const app = `
const { ThreadedManager, PipeListener, log, isApplied } = require('moult/runtime');
async function worker() {
  let a = 'a-old';
  let b = 'b-old';
  const c = 'c-old';
  for (let i = 0; i < 200 && !globalThis.stop; i++) {      // at most ~10 s
    log('round ' + i + ': ' + a + ' ' + b + ' ' + c);
    await new Promise((r) => setTimeout(r, 50));
  }
}
new ThreadedManager({ name: 'm' });
new PipeListener({ path: 'fifo' }).start();
module.exports = { worker };
worker();
`;

const update = (name, body) => `
const { Update, updateLocalVar } = require('moult/runtime');
module.exports = (ctx) => {
  const { worker } = ctx.main;
  class Locals extends Update {
    waitAlterability() { return true; }
    apply() { ${body} }
  }
  return new Locals({ name: '${name}' });
};
`;

test('a second updateLocalVar on the same function, from a later update or the same apply, takes effect too (row 69)', async (t) => {
  const a = startApp(t, {
    'app.js': app,
    'first.js': update('first', "updateLocalVar(worker, 'a', 'a-new');"),
    'second.js': update('second', "updateLocalVar(worker, 'b', 'b-new');"),
    'both.js': update('both', "updateLocalVar(worker, 'c', 'c-mid'); updateLocalVar(worker, 'a', 'a-newer'); updateLocalVar(worker, 'c', 'c-new'); setTimeout(() => { globalThis.stop = true; }, 500);"),
  });
  await a.waitFor({ event: 'app.log', msg: 'round 1: a-old b-old c-old' });
  for (const name of ['first', 'second', 'both']) {
    await a.writeFifo('fifo', `update ${a.path(`${name}.js`)}`);
    const { index } = await a.waitFor({ event: 'update.completed', update: name });
    // Two rounds after the update: the first may have read its locals before the update applied.
    await a.waitFor({ event: 'app.log', msg: /^round / }, { from: index + 1 });
  }
  const l = logs(await finish(t, a));
  t.true(l.includes('round 1: a-old b-old c-old'));
  t.true(l.some((m) => m.endsWith(': a-new b-old c-old')), l.join('\n'));
  t.true(l.some((m) => m.endsWith(': a-new b-new c-old')), `the second update's local too:\n${l.join('\n')}`);
  t.true(l.at(-1).endsWith(': a-newer b-new c-new'), `every local of the last apply, the later value of c:\n${l.join('\n')}`);
});
