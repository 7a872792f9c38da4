// Issue 15, item 5: a slot holds the new version itself (no wrapper between the old function and
// the new one: its calls cost what the original's did), and quiescence still sees every
// activation an update must wait for:
// - a plain new version runs on the stack under the old function's own frame (the forwarder);
// - an async function forwards inside its own activation count, so a call waiting on its new
//   version keeps it active until that call settles;
// - a plain function replaced by an async one (the one case left to a counting wrapper) is active
//   until the new version's promise settles;
// - writing a slot makes a new holder for the module: activation counts of its other functions
//   (a suspended async call) carry over, and go back to zero when the call ends.
// The new versions come from a real update module (loaded uninstrumented, as every update is).
import test from 'ava';
import { startApp, finish } from './helpers.mjs';

const lib = `'use strict';
function compute(x) { return x + 1; }
async function fetchIt(x) { return x; }
function kick(x) { return x; }
async function waiter() { await globalThis.gates.waiter; return 'waited'; }
class Shape { area() { return 1; } }
module.exports = { compute, fetchIt, kick, waiter, Shape };
`;

const update = `'use strict';
const { SafeRedefineUpdate, SafeRedefineMethodUpdate } = require('moult/runtime');
module.exports = (ctx) => {
  const lib = ctx.module('./lib');
  return [
    new SafeRedefineUpdate(lib, lib.compute, function compute(x) { globalThis.probe(); return x + 2; }, { name: 'compute' }),
    new SafeRedefineUpdate(lib, lib.fetchIt, async function fetchIt(x) { await globalThis.gates.fetchIt; return x * 10; }, { name: 'fetchIt' }),
    new SafeRedefineUpdate(lib, lib.kick, async function kick(x) { await globalThis.gates.kick; return x * 100; }, { name: 'kick' }),
    new SafeRedefineMethodUpdate(lib.Shape, 'area', function area() { globalThis.probe(); return 2; }, { name: 'area' }),
  ];
};
`;

const app = `'use strict';
const { ThreadedManager, PipeListener, isApplied, isFunctionActive } = require('moult/runtime');
const lib = require('./lib');
// References taken before the update (the module's properties hold the new versions after it).
const { compute, fetchIt, kick } = lib;
const area = lib.Shape.prototype.area;
const manager = new ThreadedManager({ name: 'm' });
const listener = new PipeListener({ path: 'fifo' });
listener.start();
const gate = () => { let open; const p = new Promise((r) => { open = r; }); p.open = open; return p; };
globalThis.gates = { waiter: gate(), fetchIt: gate(), kick: gate() };
const results = {};
const waiting = lib.waiter();   // suspended before the update: its count must survive new holders
(async () => {
  for (let i = 0; i < 200 && !['compute', 'fetchIt', 'kick', 'area'].every(isApplied); i++) await new Promise((r) => setTimeout(r, 25));
  // The frame under the new version is the old function's own (lib.js): nothing in between.
  let probed = null;
  globalThis.probe = () => {
    const frames = new Error().stack.split('\\n').slice(2, 4).map((l) => l.trim());
    probed = { activeInside: isFunctionActive(compute), frames };
  };
  results.compute = { value: compute(1), ...probed, activeAfter: isFunctionActive(compute) };
  const shape = new lib.Shape();
  globalThis.probe = () => { probed = { activeInside: isFunctionActive(area), frames: new Error().stack.split('\\n').slice(2, 4).map((l) => l.trim()) }; };
  results.area = { value: area.call(shape), ...probed, activeAfter: isFunctionActive(area) };
  // A call whose new version waits at its gate: active until the gate opens and it settles.
  const waitingCall = async (name, f, arg) => {
    const call = f(arg);
    await null;
    const r = { activeWaiting: isFunctionActive(f) };
    globalThis.gates[name].open();
    r.value = await call;
    r.activeAfter = isFunctionActive(f);
    return r;
  };
  results.fetchIt = await waitingCall('fetchIt', fetchIt, 4);   // async -> async
  results.kick = await waitingCall('kick', kick, 3);            // sync -> async, through the counting wrapper
  // The async call suspended since before the update, across four new holders of lib.js.
  results.waiter = { activeWaiting: isFunctionActive(lib.waiter) };
  globalThis.gates.waiter.open();
  results.waiter.value = await waiting;
  results.waiter.activeAfter = isFunctionActive(lib.waiter);
  const again = lib.waiter();
  results.waiter.activeAgain = isFunctionActive(lib.waiter);
  await again;
  results.waiter.activeAfterAgain = isFunctionActive(lib.waiter);
  console.log('RESULTS ' + JSON.stringify(results));
  listener.stop();
})().catch((e) => { console.error(e); process.exit(1); });
`;

test('a redefined function calls its new version directly, and quiescence still counts every activation of it', async (t) => {
  const a = startApp(t, { 'lib.js': lib, 'app.js': app, 'update.js': update });
  await a.writeFifo('fifo', `update ${a.path('update.js')}`);
  await finish(t, a, 20000);
  const line = a.stdout.split('\n').find((l) => l.startsWith('RESULTS '));
  t.truthy(line, `no results\n${a.describe()}\nstdout:\n${a.stdout}`);
  const r = JSON.parse(line.slice('RESULTS '.length));
  t.log(JSON.stringify(r, null, 1));

  for (const [name, value] of [['compute', 3], ['area', 2]]) {
    t.is(r[name].value, value, `${name} runs its new version`);
    t.regex(r[name].frames[0], /update\.js:/, `${name}: the new version's frame`);
    t.regex(r[name].frames[1], /lib\.js:/, `${name}: right under it, the old function's own frame (no wrapper): ${r[name].frames.join(' | ')}`);
    t.true(r[name].activeInside, `${name} is active while its new version runs`);
    t.false(r[name].activeAfter, `${name} is quiescent once the call returned`);
  }
  t.deepEqual(r.fetchIt, { activeWaiting: true, value: 40, activeAfter: false }, 'async replaced by async: active while the new version waits');
  t.deepEqual(r.kick, { activeWaiting: true, value: 300, activeAfter: false }, 'plain replaced by async: active until its promise settles');
  t.deepEqual(r.waiter, { activeWaiting: true, value: 'waited', activeAfter: false, activeAgain: true, activeAfterAgain: false },
    'a suspended async call of the module stays counted across new holders, and its count goes back to zero');
});
