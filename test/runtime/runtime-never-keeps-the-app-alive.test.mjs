// The runtime never keeps an app alive: its manager, listeners, inspector session and timers are
// unref'd, so an app whose own work is done exits by itself (code 0), as it would without moult.
// An app kept alive by the runtime would never exit: the generous waits are for loaded machines,
// not a measure (start-up and exit times are benchmarks' business).
import test from 'ava';
import { startApp, finish, filter, logs } from './helpers.mjs';

test('an app with a ThreadedManager and listeners but no work exits by itself', async (t) => {
  const a = startApp(t, {
    'app.js': `
const { ThreadedManager, Listener, PipeListener, DsuTask, log } = require('moult/runtime');
const task = new DsuTask({ name: 'short', main: async () => { log('task ran'); } });
new ThreadedManager({ name: 'm', tasks: [task] });
new Listener({ path: 'ctl.sock' }).start();
new PipeListener({ path: 'fifo' }).start();
task.start();
log('setup done');
`,
  });
  const r = await a.waitExit(20_000);
  t.is(r.code, 0, a.describe());
  t.is(r.signal, null);
  t.deepEqual(logs(a.events()).sort(), ['setup done', 'task ran']);
});

test('an app that applied an update (inspector session open, relinked code) still exits by itself', async (t) => {
  const a = startApp(t, {
    'app.js': `
const { ThreadedManager, Listener, SafeRedefineUpdate, updateLocalVar, Update, log } = require('moult/runtime');
function work() { log('v1'); }
const manager = new ThreadedManager({ name: 'm' });
new Listener({ path: 'ctl.sock' }).start();
work();
manager.addUpdate(new SafeRedefineUpdate(module.exports, work, function () { log('v2'); }, { name: 'func' }));
setTimeout(() => work(), 300);                       // the app's last piece of work
`,
  });
  const events = await finish(t, a, 20_000);
  t.is(filter(events, { event: 'update.completed', update: 'func' }).length, 1);
  t.deepEqual(logs(events), ['v1', 'v2']);
});
