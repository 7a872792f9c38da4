// SPEC 6.2: every change an update makes through the runtime's mechanisms is journaled, and
// `rollback [update]` (here through the app's own Listener socket, standalone) undoes the last
// completed update: the journal in reverse with the update's tasks held, its rollback() hook,
// `update.rolledback` (mode hot, steps = steps undone), tasks resumed, and the app behaves as
// before the update. One test per kind of journaled step, plus the refusals, an irreversible
// step (a local variable: mode cold) and a failing checkOver().
import test from 'ava';
import { startApp, assertOrder, assertNoneAfter, filter, findIndex, logs } from './helpers.mjs';

const SOCK = 'ctl.sock';

/** Sends `update <file>` and checks the listener loaded it. */
async function sendUpdate(t, a, file, names) {
  const answer = await a.command(SOCK, `update ${a.path(file)}`);
  t.is(answer, `ok: ${names}`, `listener answer to update ${file}\n${a.describe()}`);
}

/** Sends `update <file>` and waits for update.completed of `name`; returns the event's index. */
async function applyUpdate(t, a, file, name) {
  const from = a.events().length;
  await sendUpdate(t, a, file, name);
  const { index } = await a.waitFor({ event: 'update.completed', update: name }, { from });
  return index;
}

/**
 * Sends `rollback[ name]`; checks the listener's answer (`ok: <update> rolled back (<mode>)`) and
 * waits for that update's update.rolledback; returns the event's index.
 */
async function rollback(t, a, name, mode = 'hot') {
  const from = a.events().length;
  const answer = await a.command(SOCK, name ? `rollback ${name}` : 'rollback');
  const m = /^ok: (\S+) rolled back \((hot|cold)\)$/.exec(answer);
  if (!m) throw new Error(`rollback${name ? ` ${name}` : ''} answered ${JSON.stringify(answer)}\n${a.describe()}`);
  if (name) t.is(m[1], name);
  t.is(m[2], mode, `the listener reports a ${mode} rollback`);
  const { index } = await a.waitFor({ event: 'update.rolledback', update: m[1] }, { from });
  return index;
}

// ---------------------------------------------------------------------------------------------
// (1) redefineFunction through SafeRedefineUpdate

const greetLib = `
const { log } = require('moult/runtime');
function greet(who) { log('v1 ' + who); }
function viaLocal() { greet('local'); }           // the module's own local call
module.exports = { greet, viaLocal };
`;

const greetApp = `
const { ThreadedManager, DsuTask, Listener, log } = require('moult/runtime');
const lib = require('./lib');
const { greet } = lib;                             // destructured: a copy of the reference
async function main() {
  for (let i = 0; i < 300; i++) {                  // ~15 s at most; the test kills it before
    greet('destructured');
    lib.greet('export');
    lib.viaLocal();
    await task.sleep(40);
  }
}
const task = new DsuTask({ name: 'worker', main });
const manager = new ThreadedManager({ name: 'm', tasks: [task] });
new Listener({ path: 'ctl.sock' }).start();
module.exports = { task, manager };
task.start();
`;

const greetUpdate = `
const { SafeRedefineUpdate, log } = require('moult/runtime');
const suffix = '!';
module.exports = (ctx) => {
  const lib = ctx.module('./lib');
  class Greet extends SafeRedefineUpdate {
    rollback() { log('greet rollback hook'); }
  }
  return new Greet(lib, lib.greet, function greet(who) { log('v2 ' + who + suffix); }, { name: 'greet' });
};
`;

const WHO = ['destructured', 'export', 'local'];

test('rollback of a SafeRedefineUpdate puts the old function back, destructured and local references included', async (t) => {
  const a = startApp(t, { 'lib.js': greetLib, 'app.js': greetApp, 'update.js': greetUpdate });
  await a.waitFor({ event: 'app.log', msg: 'v1 local' });

  const done = await applyUpdate(t, a, 'update.js', 'greet');
  for (const who of WHO) await a.waitFor({ event: 'app.log', msg: `v2 ${who}!` }, { from: done });

  const back = await rollback(t, a);
  for (const who of WHO) await a.waitFor({ event: 'app.log', msg: `v1 ${who}` }, { from: back });
  let events = a.events();
  const rb = events[back];
  t.is(rb.mode, 'hot');
  t.true(rb.steps >= 1, `steps undone: ${rb.steps}`);
  t.is(rb.level, 'warn');
  assertOrder(t, events, [
    { event: 'task.suspended', update: 'greet', task: 'worker' },
    { event: 'app.log', msg: 'greet rollback hook' },
    { event: 'update.rolledback', update: 'greet', mode: 'hot' },
    { event: 'task.resumed', update: 'greet', task: 'worker' },
  ], done + 1);
  // Nothing ran v2 once the journal was undone (the task is held while it is).
  assertNoneAfter(t, events.slice(back), { event: 'update.rolledback' }, { event: 'app.log', msg: /^v2 / });
  t.deepEqual(filter(events, { event: 'update.failed' }), [], 'a requested rollback is not a failure');

  // The function was fully restored: the same update applies again, and reaches everything.
  const again = await applyUpdate(t, a, 'update.js', 'greet');
  for (const who of WHO) await a.waitFor({ event: 'app.log', msg: `v2 ${who}!` }, { from: again });
  events = a.events();
  t.is(filter(events, { event: 'update.completed', update: 'greet' }).length, 2);
});

// ---------------------------------------------------------------------------------------------
// (2) addMethodToClass and SafeRedefineMethodUpdate on a class method, undone newest first

// The instances are made by top-level code only (see the known LiveEdit limitation in
// safe-redefine-method-reaches-existing-instances.test.mjs: a closure naming the class).
const classApp = `
const { ThreadedManager, DsuTask, Listener, log } = require('moult/runtime');
class Base { hello() { return 'base hello'; } }
class Counter extends Base {
  constructor(label) { super(); this.label = label; this.n = 0; }
  tick() { this.n += 1; return 'v1 ' + this.label + ' ' + this.n; }
}
const made = [new Counter('a'), new Counter('b')];
async function main() {
  for (let i = 0; i < 300; i++) {                  // ~15 s at most
    for (const c of made) {
      log(c.tick() + ' | ' + c.hello() + ' | ' + (typeof c.extra === 'function' ? c.extra() : 'no extra'));
    }
    await task.sleep(40);
  }
}
const task = new DsuTask({ name: 'worker', main });
const manager = new ThreadedManager({ name: 'm', tasks: [task] });
new Listener({ path: 'ctl.sock' }).start();
module.exports = { Counter, task, manager };
task.start();
`;

const tickUpdate = `
const { SafeRedefineMethodUpdate } = require('moult/runtime');
module.exports = (ctx) => {
  class V2 { tick() { this.n += 10; return 'v2 ' + this.label + ' ' + this.n; } }
  return new SafeRedefineMethodUpdate(ctx.main.Counter, 'tick', V2.prototype.tick, { name: 'tick' });
};
`;

const methodsUpdate = `
const { Update, addMethodToClass } = require('moult/runtime');
module.exports = (ctx) => {
  const { Counter } = ctx.main;
  class Methods extends Update {
    checkAlterability() { return true; }
    apply() {
      addMethodToClass(Counter, 'hello', function hello() { return 'own hello ' + this.label; }); // shadows Base's
      addMethodToClass(Counter, 'extra', function extra() { return 'extra ' + this.n; });         // new
    }
  }
  return new Methods({ name: 'methods' });
};
`;

const line = (m) => /^(v\d) (\w) (\d+) \| (.*) \| (.*)$/.exec(m);

test('rollback undoes addMethodToClass (shadowing and new methods) and then a SafeRedefineMethodUpdate, newest first', async (t) => {
  const a = startApp(t, { 'app.js': classApp, 'tick.js': tickUpdate, 'methods.js': methodsUpdate });
  await a.waitFor({ event: 'app.log', msg: /^v1 b 2 / });
  t.true(logs(a.events()).every((m) => / \| base hello \| no extra$/.test(m)));

  const tickDone = await applyUpdate(t, a, 'tick.js', 'tick');
  await a.waitFor({ event: 'app.log', msg: /^v2 b \d+ \| base hello \| no extra$/ }, { from: tickDone });
  const methodsDone = await applyUpdate(t, a, 'methods.js', 'methods');
  await a.waitFor({ event: 'app.log', msg: /^v2 b \d+ \| own hello b \| extra \d+$/ }, { from: methodsDone });

  // The last update goes first: the two added methods are gone, tick is still v2.
  const back1 = await rollback(t, a, 'methods');
  const { index: afterMethods } = await a.waitFor({ event: 'app.log', msg: /^v2 b \d+ \| base hello \| no extra$/ }, { from: back1 });
  let events = a.events();
  t.is(events[back1].mode, 'hot');
  t.true(events[back1].steps >= 1, `steps: ${events[back1].steps}`);
  assertNoneAfter(t, events.slice(back1), { event: 'update.rolledback' }, { event: 'app.log', msg: /own hello|extra \d/ });

  // Then tick: the old method runs again, on the same instances, with their state kept.
  const back2 = await rollback(t, a);
  t.true(back2 > afterMethods);
  await a.waitFor({ event: 'app.log', msg: /^v1 b \d+ \| base hello \| no extra$/ }, { from: back2 });
  await a.waitFor({ event: 'app.log', msg: /^v1 a \d+ \| base hello \| no extra$/ }, { from: back2 });
  events = a.events();
  t.is(events[back2].update, 'tick');
  t.is(events[back2].mode, 'hot');
  t.true(events[back2].steps >= 1);
  assertNoneAfter(t, events.slice(back2), { event: 'update.rolledback' }, { event: 'app.log', msg: /^v2 / });
  for (const label of ['a', 'b']) {
    const ns = logs(events).map(line).filter((m) => m && m[2] === label);
    // v1 adds 1, v2 adds 10: the counter only ever grows by the step of the version that ran.
    for (let i = 1; i < ns.length; i++) {
      t.is(Number(ns[i][3]) - Number(ns[i - 1][3]), ns[i][1] === 'v1' ? 1 : 10, `${label}: ${ns[i - 1][0]} → ${ns[i][0]}`);
    }
    t.is(ns.at(-1)[1], 'v1');
  }
});

// ---------------------------------------------------------------------------------------------
// (3) EagerConversionUpdate

const pointApp = `
const { ThreadedManager, DsuTask, Listener, log } = require('moult/runtime');
class Point {
  constructor(x, y) { this.x = x; this.y = y; }
  describe() { return 'v1 ' + this.x + ',' + this.y; }
}
const points = [new Point(1, 2), new Point(3, 4)];
async function main() {
  for (let i = 0; i < 300; i++) {                  // ~15 s at most
    for (const p of points) {
      log(p.describe() + ' | keys=' + Object.keys(p).join(',')
        + ' | oldproto=' + (Object.getPrototypeOf(p) === Point.prototype)
        + ' | exported=' + (module.exports.Point === Point ? 'Point' : module.exports.Point.name));
    }
    await task.sleep(40);
  }
}
const task = new DsuTask({ name: 'worker', main });
const manager = new ThreadedManager({ name: 'm', tasks: [task] });
new Listener({ path: 'ctl.sock' }).start();
module.exports = { Point, task, manager };
task.start();
`;

const pointUpdate = `
const { EagerConversionUpdate } = require('moult/runtime');
module.exports = (ctx) => {
  class Point2 {
    describe() { return 'v2 ' + this.x + ',' + this.y + ' ' + this.label; }
  }
  return new EagerConversionUpdate(ctx.main.Point, Point2, (p) => {
    p.label = 'L' + p.x;     // a field the transformer adds
    p.x = p.x * 10;          // and one it changes
  }, { name: 'points', module: ctx.main });
};
`;

test('rollback of an EagerConversionUpdate gives the objects their old prototype and fields back', async (t) => {
  const a = startApp(t, { 'app.js': pointApp, 'update.js': pointUpdate });
  const V1 = ['v1 1,2 | keys=x,y | oldproto=true | exported=Point', 'v1 3,4 | keys=x,y | oldproto=true | exported=Point'];
  for (const m of V1) await a.waitFor({ event: 'app.log', msg: m });

  const done = await applyUpdate(t, a, 'update.js', 'points');
  for (const m of ['v2 10,2 L1 | keys=x,y,label | oldproto=false | exported=Point2', 'v2 30,4 L3 | keys=x,y,label | oldproto=false | exported=Point2']) {
    await a.waitFor({ event: 'app.log', msg: m }, { from: done });
  }

  const back = await rollback(t, a);
  for (const m of V1) await a.waitFor({ event: 'app.log', msg: m }, { from: back });
  const events = a.events();
  t.is(events[back].mode, 'hot');
  // The conversions and the moved module binding (how many steps they make is the runtime's affair).
  t.true(events[back].steps >= 1, `steps: ${events[back].steps}`);
  const after = logs(events, back + 1);
  t.true(after.length >= 2);
  t.deepEqual(after.filter((m) => !V1.includes(m)), [], `only the old behaviour after the rollback:\n${after.join('\n')}`);
});

// ---------------------------------------------------------------------------------------------
// (4) switchMain (TaskRebootUpdate)

const rebootApp = `
const { ThreadedManager, DsuTask, Listener, log, updatePoint } = require('moult/runtime');
async function main() {
  for (let i = 0; i < 300; i++) {                  // ~15 s at most
    await updatePoint('top');
    log('v1 main ' + i);
    await task.sleep(40);
  }
}
const task = new DsuTask({ name: 'worker', main });
const manager = new ThreadedManager({ name: 'm', tasks: [task] });
new Listener({ path: 'ctl.sock' }).start();
module.exports = { main, task, manager };
task.start();
`;

const rebootUpdate = `
const { TaskRebootUpdate, log, updatePoint } = require('moult/runtime');
async function newMain(tag) {
  for (let i = 0; i < 300; i++) {
    await updatePoint('top');
    log('v2 main ' + tag + ' ' + i);
    await new Promise((r) => setTimeout(r, 40));
  }
}
module.exports = (ctx) => new TaskRebootUpdate(ctx.main.task, newMain, ['x'], { name: 'reboot' });
`;

// A later update that only reboots the task (resetTask): it runs whatever main the task has then.
const kickUpdate = `
const { Update, resetTask, setupWaitStaticPoints, waitStaticPoints, cleanFailedStaticPoints } = require('moult/runtime');
module.exports = (ctx) => {
  const { task } = ctx.main;
  class Kick extends Update {
    preupdateSetup() { setupWaitStaticPoints([task]); }
    waitAlterability() { return waitStaticPoints([task]); }
    cleanFailedAlterability() { cleanFailedStaticPoints([task]); }
    apply() { resetTask(task); }
  }
  return new Kick({ name: 'kick', tasks: [task] });
};
`;

test('rollback of a TaskRebootUpdate switches the main back: the next reboot runs the old main', async (t) => {
  const a = startApp(t, { 'app.js': rebootApp, 'reboot.js': rebootUpdate, 'kick.js': kickUpdate });
  await a.waitFor({ event: 'app.log', msg: 'v1 main 1' });

  await applyUpdate(t, a, 'reboot.js', 'reboot');
  const { index: rebooted } = await a.waitFor({ event: 'task.rebooted', task: 'worker' });
  await a.waitFor({ event: 'app.log', msg: 'v2 main x 1' }, { from: rebooted });

  const back = await rollback(t, a);
  let events = a.events();
  t.is(events[back].mode, 'hot');
  t.is(events[back].steps, 2, 'switchMain and resetTask were undone');
  // A running activation cannot be unwound: the new main goes on until the task reboots...
  await a.waitFor({ event: 'app.log', msg: /^v2 main x / }, { from: back });
  t.is(filter(events, { event: 'task.rebooted' }).length, 1, 'the rollback itself does not reboot the task');

  // ...and a later reboot runs the old main again, since the switch was undone.
  await applyUpdate(t, a, 'kick.js', 'kick');
  const { index: rebooted2 } = await a.waitFor({ event: 'task.rebooted', task: 'worker' }, { from: back });
  await a.waitFor({ event: 'app.log', msg: 'v1 main 1' }, { from: rebooted2 });
  events = a.events();
  assertNoneAfter(t, events.slice(rebooted2), { event: 'task.rebooted' }, { event: 'app.log', msg: /^v2 / });
});

// ---------------------------------------------------------------------------------------------
// (5) only the last update can be rolled back; nothing applied → an error

const stackLib = `
const { log } = require('moult/runtime');
function say() { log('v1'); }
module.exports = { say };
`;

const stackApp = `
const { ThreadedManager, DsuTask, Listener } = require('moult/runtime');
const { say } = require('./lib');
async function main() {
  for (let i = 0; i < 300; i++) { say(); await task.sleep(40); }   // ~15 s at most
}
const task = new DsuTask({ name: 'worker', main });
const manager = new ThreadedManager({ name: 'm', tasks: [task] });
new Listener({ path: 'ctl.sock' }).start();
module.exports = { task, manager };
task.start();
`;

const sayUpdate = (v) => `
const { SafeRedefineUpdate, log } = require('moult/runtime');
module.exports = (ctx) => {
  const lib = ctx.module('./lib');
  return new SafeRedefineUpdate(lib, lib.say, function say() { log('${v}'); }, { name: '${v}' });
};
`;

test('rollback refuses an update that is not the last one, and answers an error when nothing was applied', async (t) => {
  const a = startApp(t, { 'lib.js': stackLib, 'app.js': stackApp, 'v2.js': sayUpdate('v2'), 'v3.js': sayUpdate('v3') });
  await a.waitFor({ event: 'app.log', msg: 'v1' });
  t.regex(await a.command(SOCK, 'rollback'), /^error: .*no completed update/);

  const d2 = await applyUpdate(t, a, 'v2.js', 'v2');
  await a.waitFor({ event: 'app.log', msg: 'v2' }, { from: d2 });
  const d3 = await applyUpdate(t, a, 'v3.js', 'v3');
  await a.waitFor({ event: 'app.log', msg: 'v3' }, { from: d3 });

  const mark = a.events().length;
  const refused = await a.command(SOCK, 'rollback v2');
  t.regex(refused, /^error: /);
  t.regex(refused, /\bv2 is not the last update\b/);
  t.regex(refused, /\bv3\b/, 'the error names the last update');
  t.regex(await a.command(SOCK, 'rollback nosuch'), /^error: .*nosuch/);
  // Nothing happened: still v3, no rollback event.
  await a.waitFor({ event: 'app.log', msg: 'v3' }, { from: a.events().length });
  t.deepEqual(filter(a.events(), { event: 'update.rolledback' }, mark), []);
  t.deepEqual(logs(a.events(), mark).filter((m) => m !== 'v3'), []);

  // In order, newest first: v3 (back to v2), then v2 by name (back to v1).
  const b3 = await rollback(t, a, 'v3');
  await a.waitFor({ event: 'app.log', msg: 'v2' }, { from: b3 });
  const b2 = await rollback(t, a, 'v2');
  await a.waitFor({ event: 'app.log', msg: 'v1' }, { from: b2 });
  const events = a.events();
  assertNoneAfter(t, events.slice(b2), { event: 'update.rolledback' }, { event: 'app.log', msg: /^v[23]$/ });
  t.regex(await a.command(SOCK, 'rollback'), /^error: .*no completed update/);
  t.regex(await a.command(SOCK, 'rollback v2'), /^error: /);
});

// ---------------------------------------------------------------------------------------------
// (6) a local variable already changed cannot be taken back: a cold rollback

const localsApp = `
const { ThreadedManager, DsuTask, Listener, log } = require('moult/runtime');
async function talk(i) {
  let text = 'Hello';
  await new Promise((r) => setTimeout(r, 200));
  log(text + ' ' + i);
}
async function main() {
  for (let i = 0; i < 75; i++) await talk(i);      // ~15 s at most
}
const task = new DsuTask({ name: 'worker', main });
const manager = new ThreadedManager({ name: 'm', tasks: [task] });
new Listener({ path: 'ctl.sock' }).start();
module.exports = { talk, task, manager };
task.start();
`;

const localsUpdate = `
const { Update, updateLocalVar } = require('moult/runtime');
module.exports = (ctx) => {
  class Locals extends Update {
    waitAlterability() { return true; }
    apply() { updateLocalVar(ctx.main.talk, 'text', 'Hi'); }
  }
  return new Locals({ name: 'locals' });
};
`;

test('an update that changed a local variable is irreversible: its rollback is cold', async (t) => {
  const a = startApp(t, { 'app.js': localsApp, 'update.js': localsUpdate });
  await a.waitFor({ event: 'app.log', msg: 'Hello 0' });
  const done = await applyUpdate(t, a, 'update.js', 'locals');
  await a.waitFor({ event: 'app.log', msg: /^Hi \d+$/ }, { from: done });

  const back = await rollback(t, a, undefined, 'cold');
  const events = a.events();
  const rb = events[back];
  t.is(rb.mode, 'cold');
  t.is(rb.steps, 0, 'nothing is undone in place: a cold rollback restarts the app without the update');
  t.is(rb.update, 'locals');
  t.deepEqual(filter(events, { event: 'update.failed' }), []);
  // The update no longer counts as applied: there is nothing left to roll back.
  t.regex(await a.command(SOCK, 'rollback'), /^error: .*no completed update/);
});

// ---------------------------------------------------------------------------------------------
// (7) checkOver() throws: the update is rolled back, then failed

const overUpdate = `
const { Update, redefineFunction, log } = require('moult/runtime');
module.exports = (ctx) => {
  const lib = ctx.module('./lib');
  class BadOver extends Update {
    waitAlterability() { return true; }
    apply() { redefineFunction(lib, lib.say, function say() { log('v2'); }); }
    checkOver() {
      lib.say();                       // the redefinition is in effect until the rollback
      throw new Error('over check exploded');
    }
    rollback() { log('over rollback hook'); }
  }
  return new BadOver({ name: 'badover' });
};
`;

test('an update whose checkOver() throws is rolled back (hot) and then failed', async (t) => {
  const a = startApp(t, { 'lib.js': stackLib, 'app.js': stackApp, 'update.js': overUpdate });
  await a.waitFor({ event: 'app.log', msg: 'v1' });
  const mark = a.events().length;
  await sendUpdate(t, a, 'update.js', 'badover');
  const { index: failedAt } = await a.waitFor({ event: 'update.failed', update: 'badover' }, { from: mark });
  await a.waitFor({ event: 'app.log', msg: 'v1' }, { from: failedAt });
  const events = a.events();

  const at = assertOrder(t, events, [
    { event: 'update.applied', update: 'badover' },
    { event: 'task.resumed', update: 'badover', task: 'worker' },
    { event: 'app.log', msg: 'v2' },
    { event: 'task.suspended', update: 'badover', task: 'worker' },
    { event: 'app.log', msg: 'over rollback hook' },
    { event: 'update.rolledback', update: 'badover', mode: 'hot', steps: (n) => n >= 1 },
    { event: 'task.resumed', update: 'badover', task: 'worker' },
    { event: 'update.failed', update: 'badover', error: /over check exploded/ },
  ], mark);
  t.is(at.length, 8);
  t.deepEqual(filter(events, { event: 'update.completed' }), []);
  t.deepEqual(filter(events, { event: 'update.over' }), []);
  assertNoneAfter(t, events.slice(at[5] ?? 0), { event: 'update.rolledback' }, { event: 'app.log', msg: 'v2' });
  // A failed update was never completed: there is nothing to roll back.
  t.regex(await a.command(SOCK, 'rollback'), /^error: .*no completed update/);
  t.is(findIndex(events, { event: 'update.rolledback' }, at[5] + 1), -1, 'rolled back once');
});
