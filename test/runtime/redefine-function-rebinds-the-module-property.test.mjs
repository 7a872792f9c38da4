// Parity row 70 (audit c8, c15): redefineFunction(module, f, g) does what Pymoult's
// setattr(module, name, g) does — `module.f === g` afterwards — while every reference to f taken
// before (destructured, stored, the module's own local calls) runs g too. A later update may name
// the function either way (`module.f`, which is g by then, or the original through ctx.fn): both
// move the module's property and the old references on. A failed apply puts the property back.
import test from 'ava';
import { startApp, finish, assertNoneAfter, findIndex, logs } from './helpers.mjs';

const lib = `
function work(who) { return 'v1 ' + who; }
function viaLocal() { return work('local'); }          // the module's own local call
class Greeter { show() { return 'show v1'; } }
module.exports = { work, viaLocal, Greeter };
`;

const app = `
const { ThreadedManager, PipeListener, log } = require('moult/runtime');
const lib = require('./lib');
const { work } = lib;                                    // destructured before any update
const stored = { cb: lib.work };                         // a stored callback
const greeter = new lib.Greeter();
new ThreadedManager({ name: 'm' });
new PipeListener({ path: 'fifo' }).start();
(async () => {
  for (let i = 0; i < 400 && !globalThis.stop; i++) {   // at most ~20 s
    log([lib.work('module'), work('destructured'), stored.cb('stored'), lib.viaLocal(), greeter.show()].join(' | '));
    await new Promise((r) => setTimeout(r, 50));
  }
})();
`;

const update = (body) => `
const { SafeRedefineUpdate, SafeRedefineMethodUpdate, Update, redefineFunction, log } = require('moult/runtime');
module.exports = (ctx) => {
  const lib = ctx.module('./lib');
  ${body}
};
`;

const u1 = update(`
  const v2 = function work(who) { return 'v2 ' + who; };
  const showV2 = function show() { return 'show v2'; };
  class U extends SafeRedefineUpdate { cleanup() { log('u1 lib.work === v2: ' + (lib.work === v2)); } }
  class M extends SafeRedefineMethodUpdate { cleanup() { log('u1 Greeter.prototype.show === showV2: ' + (lib.Greeter.prototype.show === showV2)); } }
  return [new U(lib, lib.work, v2, { name: 'u1' }), new M(lib.Greeter, 'show', showV2, { name: 'u1m' })];
`);
// Names the module's property, which holds u1's function now.
const u2 = update(`
  const v3 = function work(who) { return 'v3 ' + who; };
  class U extends SafeRedefineUpdate { cleanup() { log('u2 lib.work === v3: ' + (lib.work === v3)); } }
  return new U(lib, lib.work, v3, { name: 'u2' });
`);
// Names the original function, as the module's own code sees it.
const u3 = update(`
  const v4 = function work(who) { return 'v4 ' + who; };
  class U extends SafeRedefineUpdate { cleanup() { log('u3 lib.work === v4: ' + (lib.work === v4)); } }
  return new U(lib, ctx.fn('lib.js', 'work'), v4, { name: 'u3' });
`);
// Redefines, then fails: the journal puts the property (and the slot) back.
const u4 = update(`
  const v5 = function work(who) { return 'v5 ' + who; };
  class U extends Update {
    checkAlterability() { return true; }
    apply() { redefineFunction(lib, lib.work, v5); log('u4 rebound: ' + (lib.work === v5)); throw new Error('u4 fails on purpose'); }
    rollback() { log('u4 after rollback lib.work is v4: ' + (lib.work('x') === 'v4 x')); setTimeout(() => { globalThis.stop = true; }, 300); }
  }
  return new U({ name: 'u4' });
`);

const row = (v) => `${v} module | ${v} destructured | ${v} stored | ${v} local`;

test('redefineFunction rebinds module[name] to g, old references run g, later updates move both on, a failed apply puts them back (row 70)', async (t) => {
  const a = startApp(t, { 'lib.js': lib, 'app.js': app, 'u1.js': u1, 'u2.js': u2, 'u3.js': u3, 'u4.js': u4 });
  await a.waitFor({ event: 'app.log', msg: `${row('v1')} | show v1` });
  // After each update, the next round of the app must run the new version everywhere.
  const steps = [['u1.js', [['u1', 'update.completed'], ['u1m', 'update.completed']], 'v2'], ['u2.js', [['u2', 'update.completed']], 'v3'],
    ['u3.js', [['u3', 'update.completed']], 'v4'], ['u4.js', [['u4', 'update.failed']], 'v4']];
  for (const [file, waits, v] of steps) {
    await a.writeFifo('fifo', `update ${a.path(file)}`);
    let at = 0;
    for (const [name, outcome] of waits) at = (await a.waitFor({ event: outcome, update: name }, { timeout: 15000 })).index;
    const { event } = await a.waitFor({ event: 'app.log', msg: /^v\d module/ }, { from: at + 1 });
    t.true(event.msg.startsWith(row(v)), `after ${file}: ${event.msg}`);
  }
  const events = await finish(t, a, 20000);
  const all = logs(events);
  t.true(all.includes('u1 lib.work === v2: true'), a.describe());
  t.true(all.includes('u1 Greeter.prototype.show === showV2: true'), a.describe());
  t.true(all.includes('u2 lib.work === v3: true'), a.describe());
  t.true(all.includes('u3 lib.work === v4: true'), a.describe());
  t.true(all.includes('u4 rebound: true'), a.describe());
  t.true(all.includes('u4 after rollback lib.work is v4: true'), a.describe());
  t.true(logs(events, findIndex(events, { event: 'update.completed', update: 'u1m' }) + 1).some((l) => l.endsWith('| show v2')));
  assertNoneAfter(t, events, { event: 'update.failed', update: 'u4' }, { event: 'app.log', msg: /^v[1235] / });
});

// What JavaScript cannot do: an ES module's namespace object is read-only, so its export keeps
// the original function object; every call through it (and through the module's own bindings)
// runs g all the same.
const esmApp = `
import { log, ThreadedManager, PipeListener, isApplied } from 'moult/runtime';
export function greet(i) { return 'v1 ' + i; }
new ThreadedManager({ name: 'm' });
new PipeListener({ path: 'fifo' }).start();
(async () => {                                           // not top-level await: the update's
  for (let i = 0; i < 200 && !isApplied('esm'); i++) {   // ctx.main waits for the module to finish
    log(greet('local'));
    await new Promise((r) => setTimeout(r, 50));
  }
})();
`;

const esmUpdate = `
const { SafeRedefineUpdate, log } = require('moult/runtime');
module.exports = (ctx) => {
  const g = function greet(i) { return 'v2 ' + i; };
  class U extends SafeRedefineUpdate {
    cleanup() { log('namespace keeps f: ' + (ctx.main.greet !== g) + ', runs: ' + ctx.main.greet('ns')); }
  }
  return new U(ctx.main, ctx.main.greet, g, { name: 'esm' });
};
`;

test('an ES module namespace cannot be rebound: its export keeps f, and calls through it run g (row 70, JS limit)', async (t) => {
  const a = startApp(t, { 'app.mjs': esmApp, 'update.js': esmUpdate }, { script: 'app.mjs' });
  await a.waitFor({ event: 'app.log', msg: 'v1 local' });
  await a.writeFifo('fifo', `update ${a.path('update.js')}`);
  await a.waitFor({ event: 'update.completed', update: 'esm' });
  const events = await finish(t, a);
  t.true(logs(events).includes('namespace keeps f: true, runs: v2 ns'), a.describe());
});

// A function of the app put in f's place keeps its own name: a later redefinition of f moves the
// property that was rebound to it, not the function's own property.
const shared = `
const { redefineFunction, log } = require('moult/runtime');
function work() { return 'work v1'; }
function other() { return 'other'; }
const lib = { work, other };
redefineFunction(lib, work, other);
log('first: ' + (lib.work === other) + ' ' + lib.work() + ' ' + work());
const v9 = function work() { return 'work v9'; };
redefineFunction(lib, work, v9);
log('then: ' + (lib.work === v9) + ', lib.other is still other: ' + (lib.other === other) + ' ' + lib.other() + ', ' + work());
`;

test('redefining f again moves only the properties rebound for f, not a function that stood in for it (row 70)', async (t) => {
  const a = startApp(t, { 'app.js': shared });
  const l = logs(await finish(t, a));
  t.true(l.includes('first: true other other'), l.join('\n'));
  t.true(l.includes('then: true, lib.other is still other: true other, work v9'), l.join('\n'));
});
