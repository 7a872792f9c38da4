// SafeRedefineUpdate (redefineFunction) reaches every existing reference to the old function:
// a destructured import, a callback stored by setInterval, and the module's own local call.
import test from 'ava';
import { startApp, finish, assertOrder, assertNoneAfter, findIndex, logs } from './helpers.mjs';

const lib = `
const { log } = require('moult/runtime');
function greet(who) { log('v1 ' + who); }
function viaLocal() { greet('local'); }          // the module's own local call
module.exports = { greet, viaLocal };
`;

const app = `
const { ThreadedManager, PipeListener, isApplied } = require('moult/runtime');
const { greet, viaLocal } = require('./lib');    // destructured: a copy of the reference
const manager = new ThreadedManager({ name: 'm' });
new PipeListener({ path: 'fifo' }).start();
const timer = setInterval(greet, 60, 'callback'); // a stored callback
let after = 0;
(async () => {
  for (let i = 0; i < 80; i++) {                    // at most ~4 s
    greet('destructured');
    viaLocal();
    if (isApplied('greet') && ++after > 5) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  clearInterval(timer);
})();
`;

const update = `
const { SafeRedefineUpdate, log } = require('moult/runtime');
const suffix = '!';                                // g keeps its own closure
module.exports = (ctx) => {
  const lib = ctx.module('./lib');
  return new SafeRedefineUpdate(lib, lib.greet, function greet(who) { log('v2 ' + who + suffix); }, { name: 'greet' });
};
`;

test('a redefined function runs its new version through destructured, stored and local references', async (t) => {
  const a = startApp(t, { 'lib.js': lib, 'app.js': app, 'update.js': update });
  await a.waitFor({ event: 'app.log', msg: 'v1 callback' });
  await a.waitFor({ event: 'app.log', msg: 'v1 local' });
  await a.writeFifo('fifo', `update ${a.path('update.js')}`);
  await a.waitFor({ event: 'update.completed', update: 'greet' });
  const events = await finish(t, a);

  assertOrder(t, events, [
    { event: 'update.received', update: 'update' },
    { event: 'update.queued', update: 'greet', manager: 'm' },
    { event: 'update.begin', update: 'greet', manager: 'm' },
    { event: 'update.alterability.reached', update: 'greet' },
    { event: 'update.applied', update: 'greet' },
    { event: 'update.over', update: 'greet' },
    { event: 'update.completed', update: 'greet' },
  ]);
  const done = findIndex(events, { event: 'update.completed', update: 'greet' });
  const before = logs(events, 0, done);
  for (const who of ['callback', 'destructured', 'local']) t.true(before.includes(`v1 ${who}`), `v1 ${who} before the update`);
  const afterLogs = logs(events, done + 1);
  for (const who of ['callback', 'destructured', 'local']) t.true(afterLogs.includes(`v2 ${who}!`), `v2 ${who}! after the update:\n${afterLogs.join('\n')}`);
  assertNoneAfter(t, events, { event: 'update.completed', update: 'greet' }, { event: 'app.log', msg: /^v1 / });
  // Nothing between applied and completed ran the old code either.
  assertNoneAfter(t, events, { event: 'update.applied', update: 'greet' }, { event: 'app.log', msg: /^v1 / });
});
