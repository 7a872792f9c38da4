// An update that defines neither waitAlterability nor checkAlterability cannot say when it may
// apply: it is refused with a clear error (update.rejected, reason naming waitAlterability), both
// when the module returns it and when the module adds it to the manager itself.
import test from 'ava';
import { startApp, finish, filter, findIndex, logs } from './helpers.mjs';

const app = `
const { ThreadedManager, Listener, log } = require('moult/runtime');
const manager = new ThreadedManager({ name: 'm' });
new Listener({ path: 'ctl.sock' }).start();
module.exports = { manager };
(async () => {
  for (let i = 0; i < 25; i++) {                     // ~2.5 s
    log('tick');
    await new Promise((r) => setTimeout(r, 100));
  }
  log('end');
})();
`;

const returned = `
const { Update, log } = require('moult/runtime');
class NoAlterability extends Update { apply() { log('applied'); } }
module.exports = () => new NoAlterability({ name: 'returned' });
`;

const added = `
const { Update, log } = require('moult/runtime');
class NoAlterability extends Update { apply() { log('applied'); } }
module.exports = (ctx) => { ctx.main.manager.addUpdate(new NoAlterability({ name: 'added' })); };
`;

test('an update defining neither waitAlterability nor checkAlterability is refused with a clear error', async (t) => {
  const a = startApp(t, { 'app.js': app, 'returned.js': returned, 'added.js': added });
  await a.waitFor({ event: 'app.log', msg: 'tick' });

  const answer1 = await a.command('ctl.sock', `update ${a.path('returned.js')}`);
  t.regex(answer1, /^error: .*waitAlterability/);
  const { event: r1, index: i1 } = await a.waitFor({ event: 'update.rejected', update: 'returned' });
  t.regex(r1.reason, /waitAlterability/);
  t.regex(r1.reason, /checkAlterability/);

  const answer2 = await a.command('ctl.sock', `update ${a.path('added.js')}`);
  t.regex(answer2, /^error: .*waitAlterability/);
  const { event: r2 } = await a.waitFor({ event: 'update.rejected', update: 'added' }, { from: i1 + 1 });
  t.regex(r2.reason, /waitAlterability/);

  const events = await finish(t, a);
  for (const name of ['update.queued', 'update.begin', 'update.applied', 'update.completed']) {
    t.deepEqual(filter(events, { event: name }), [], `no ${name}`);
  }
  t.false(logs(events).includes('applied'));
  t.true(logs(events, findIndex(events, { event: 'update.rejected', update: 'added' }) + 1).includes('tick'), 'the app goes on');
});
