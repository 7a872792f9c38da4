// updateLocalVar(f, name, value): every pending activation of f, including async ones suspended
// at an await, sees the new value of its local from its next step on.
import test from 'ava';
import { startApp, finish, assertOrder, assertNoneAfter, logs } from './helpers.mjs';

// talk(5) recurses: six activations of talk are pending at once, each with its own `text`;
// the innermost logs after 400 ms, each outer one 400 ms after the one it awaited.
const app = `
const { ThreadedManager, PipeListener, DsuTask, log } = require('moult/runtime');
async function talk(n) {
  let text = 'Hello ' + n;
  if (n > 0) await talk(n - 1);
  await new Promise((r) => setTimeout(r, 400));
  log(text);
}
async function main() { await talk(5); log('done'); }
const task = new DsuTask({ name: 'worker', main });
const manager = new ThreadedManager({ name: 'm', tasks: [task] });
new PipeListener({ path: 'fifo' }).start();
module.exports = { talk, task, manager };
task.start();
`;

const update = `
const { Update, updateLocalVar } = require('moult/runtime');
module.exports = (ctx) => {
  class Locals extends Update {
    waitAlterability() { return true; }
    apply() { updateLocalVar(ctx.main.talk, 'text', 'Hi!'); }
  }
  return new Locals({ name: 'locals' });
};
`;

test('updateLocalVar changes a local in every pending (suspended async) activation', async (t) => {
  const a = startApp(t, { 'app.js': app, 'update.js': update });
  const { index: first } = await a.waitFor({ event: 'app.log', msg: 'Hello 0' });
  await a.writeFifo('fifo', `update ${a.path('update.js')}`);
  const { index: done } = await a.waitFor({ event: 'update.completed', update: 'locals' });
  const events = await finish(t, a);

  assertOrder(t, events, [
    { event: 'update.begin', update: 'locals' },
    { event: 'update.alterability.reached', update: 'locals' },
    { event: 'task.suspended', task: 'worker' },
    { event: 'update.applied', update: 'locals' },
    { event: 'task.resumed', task: 'worker' },
    { event: 'update.completed', update: 'locals' },
  ]);
  const all = logs(events);
  t.is(all.at(-1), 'done');
  const lines = all.slice(0, -1);
  t.is(lines.length, 6, `six activations logged:\n${all.join('\n')}`);
  // Those that logged before the update said their own text; every later one says Hi!.
  const before = logs(events, 0, done);
  const after = logs(events, done + 1).filter((m) => m !== 'done');
  t.deepEqual(before, [...Array(before.length).keys()].map((n) => `Hello ${n}`));
  t.true(after.length >= 2, `at least two activations were still pending:\n${all.join('\n')}`);
  t.deepEqual(after, after.map(() => 'Hi!'));
  assertNoneAfter(t, events, { event: 'update.completed' }, { event: 'app.log', msg: /^Hello/ });
  t.true(first < done);
});
