// `moult patch` of an instrumented module takes the slot path (SPEC 6.4, issue 7): each changed
// top-level function is recompiled inside the module's own scope and put in its slot. That holds
// for a class method that calls `super`, a getter, and a top-level arrow function with an
// expression body; an async function with a pending (awaiting) call holds the patch back until
// that call is over (update.postponed, reason alterability), and the call finishes with the code
// it started with. A change to a top-level statement is refused, naming its line
// (`lib.js:<line>`). `moult rollback` brings the old code back.
import test from 'ava';
import fs from 'node:fs';
import path from 'node:path';
import { sandbox, startAndWaitOnline, waitFor } from '../helpers/moult.mjs';

const LIB = `class Base {
  hello() { return 'hello'; }
}

class Greeter extends Base {
  constructor(name) { super(); this.name = name; this.n = 0; }
  hello() { this.n++; return super.hello() + ' v1 ' + this.name; }
  get label() { return 'label v1 #' + this.n; }
}

const shout = (s) => s.toUpperCase() + ' v1';

async function slow(gate) {
  await gate;
  return 'slow v1';
}

module.exports = { Greeter, shout, slow };
`;

const PATCHED = LIB
  .replace("super.hello() + ' v1 '", "super.hello() + ' v2 '")
  .replace("'label v1 #'", "'label v2 #'")
  .replace("s.toUpperCase() + ' v1'", "s.toUpperCase() + ' v2'")
  .replace("'slow v1'", "'slow v2'");

// Line 11 (`const shout = …`) becomes a `let`: a top-level statement, which ran once at load.
const TOP_LEVEL = PATCHED.replace('const shout =', 'let shout =');

const APP = `const fs = require('node:fs');
const { log } = require('moult/runtime');
const { Greeter, shout, slow } = require('./lib');

const ann = new Greeter('ann');
// One call of slow() waits until the test creates the file 'release'.
let release;
slow(new Promise((resolve) => { release = resolve; })).then((r) => log('pending call: ' + r));

setInterval(() => {
  if (fs.existsSync('release')) release();
  log(ann.hello() + ' | ' + ann.label + ' | ' + shout('hey'));
}, 100);
setInterval(() => slow(null).then((r) => log('new call: ' + r)), 300);
`;

const lastLine = (sb, re) => [...sb.events()].reverse().find((e) => e.event === 'app.log' && re.test(e.msg))?.msg;

test('moult patch reaches a super-calling method, a getter and an arrow, waits for a pending async call, and rolls back', async (t) => {
  const sb = sandbox(t);
  const dir = sb.files({ 'lib.js': LIB, 'app.js': APP, 'patches/lib.js': PATCHED });
  const eco = sb.ecosystem([{ name: 'p', script: 'app.js', updates: { max_tries: 6, sleep_time: '100ms' } }]);
  await startAndWaitOnline(sb, eco, { apps: { p: 1 } });
  await sb.waitEvent({ event: 'app.log', app: 'p', msg: 'new call: slow v1' });
  await sb.waitEvent({ event: 'app.log', app: 'p', msg: /^hello v1 ann \| label v1 #\d+ \| HEY v1$/ });
  const [{ pid }] = await sb.ls();

  // The pending call of slow() holds the patch back: no changed function may run or wait.
  const patching = sb.cli(['patch', 'p', 'patches/lib.js']);
  const { event: postponed } = await sb.waitEvent({ event: 'update.postponed', app: 'p', update: 'patch:lib.js' });
  t.is(postponed.reason, 'alterability');
  t.deepEqual(sb.find({ event: 'update.applied', update: 'patch:lib.js' }), [], 'not applied while slow() waits');
  fs.writeFileSync(path.join(dir, 'release'), '');

  const r = await patching;
  t.is(r.code, 0, r.stdout + r.stderr);
  t.regex(r.stdout, /p\[0\] patch:lib\.js: completed/);
  const { event: applied, index } = await sb.waitEvent({ event: 'update.applied', app: 'p', update: 'patch:lib.js' });
  t.is(applied.via, 'slot');
  // The pending call finished with the code it started with, before the patch applied.
  const { index: pendingAt } = await sb.waitEvent({ event: 'app.log', app: 'p', msg: 'pending call: slow v1' });
  t.true(pendingAt < index);

  const { event: after } = await sb.waitEvent({ event: 'app.log', app: 'p', msg: /^hello/ }, { from: index + 1 });
  t.regex(after.msg, /^hello v2 ann \| label v2 #\d+ \| HEY v2$/);
  await sb.waitEvent({ event: 'app.log', app: 'p', msg: 'new call: slow v2' }, { from: index + 1 });
  // ann's count went on across the patch: same instance, same process.
  const n = (msg) => Number(/#(\d+)/.exec(msg)[1]);
  t.true(n(after.msg) > n(sb.find({ event: 'app.log', msg: /label v1/ }).at(-1).msg));
  t.is((await sb.ls())[0].pid, pid);

  const back = await sb.cli(['rollback', 'p']);
  t.is(back.code, 0, back.stdout + back.stderr);
  await sb.waitEvent({ event: 'update.rolledback', app: 'p', update: 'patch:lib.js' });
  await waitFor(() => /^hello v1 ann \| label v1 #\d+ \| HEY v1$/.test(lastLine(sb, /^hello/) ?? ''), 'v1 after the rollback');
  await waitFor(() => lastLine(sb, /^new call/) === 'new call: slow v1', 'slow v1 after the rollback');
  t.is((await sb.ls())[0].pid, pid);
});

test('moult patch refuses a change to a top-level statement and names its line', async (t) => {
  const sb = sandbox(t);
  sb.files({ 'lib.js': LIB, 'app.js': APP, 'top/lib.js': TOP_LEVEL });
  const eco = sb.ecosystem([{ name: 'p', script: 'app.js' }]);
  await startAndWaitOnline(sb, eco, { apps: { p: 1 } });
  await sb.waitEvent({ event: 'app.log', app: 'p', msg: /^hello v1/ });

  const r = await sb.cli(['patch', 'p', 'top/lib.js']);
  t.is(r.code, 1, r.stdout + r.stderr);
  t.regex(r.stdout, /lib\.js:11: the patch changes code outside function bodies \(`let shout = /);
  const mark = sb.events().length;
  await sb.waitEvent({ event: 'app.log', app: 'p', msg: /^hello/ }, { from: mark });
  t.regex(lastLine(sb, /^hello/), /^hello v1 ann \| label v1 #\d+ \| HEY v1$/, 'the app runs its old code');
});
