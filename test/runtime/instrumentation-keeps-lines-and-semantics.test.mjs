// Instrumenting the app's modules as they load (SPEC 5 "How the runtime gets there") changes
// nothing an app can see: the same scripts, run with and without the preload, print the same
// thing, whatever modern syntax their modules use (class fields, private methods, static blocks,
// accessors, async generators, optional chaining, default and destructured parameters, arrows
// with expression bodies, new.target, arguments, "use strict" inside a function, a function
// called before its module finished loading in a require cycle), in CommonJS and in ES modules.
// Errors report the same lines, and Function.prototype.toString keeps each parameter list as it
// was written (frameworks read parameter names from it).
import test from 'ava';
import fs from 'node:fs';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { scratch, preload } from './helpers.mjs';

// The modules' shared body; modern.js (CommonJS, no package.json) and modern.mjs add their exports.
const MODERN = `
class Shape {
  static count = 0;
  static registry;
  static { Shape.registry = new Map(); }
  #secret = 42;
  name = 'shape';
  tag = () => this.name + '#' + this.#secret;
  constructor(name) { if (name) this.name = name; Shape.count++; Shape.registry.set(this.name, this); }
  #double(x) { return x * 2; }
  get secret() { return this.#secret; }
  set secret(v) { this.#secret = this.#double(v); }
  static #hidden() { return 'hidden'; }
  static reveal() { return Shape.#hidden(); }
  static get total() { return Shape.count; }
  describe(prefix = 'a', { sep = ':', upper } = {}, ...rest) {
    const text = prefix + sep + this.name + (rest.length ? sep + rest.join(sep) : '');
    return upper ? text.toUpperCase() : text;
  }
  *[Symbol.iterator]() { yield this.name; yield this.#secret; }
  async *stream(n) { for (let i = 0; i < n; i++) { await null; yield this.name + i; } }
}

class Square extends Shape {
  constructor(side) { super('square'); this.side = side; this.made = new.target.name; }
  describe(...args) { return super.describe(...args) + ' side=' + this.side; }
  get area() { return this.side ** 2; }
}

const Anon = class { who() { return 'anon ' + typeof this; } };

async function* countdown(n) {
  while (n > 0) { await null; yield n--; }
}

function* pingPong() {
  const got = yield 'ping';
  yield 'pong ' + got;
}

async function settle(ok) {
  try {
    await null;
    if (!ok) throw new Error('no');
    return 'ok';
  } catch (e) {
    return 'caught ' + e.message;
  } finally {
    Shape.count += 100;
  }
}

function Thing(x) {
  if (!new.target) return new Thing(x);
  this.x = x;
  this.kind = new.target === Thing ? 'Thing' : 'other';
}

function sum() { let s = 0; for (let i = 0; i < arguments.length; i++) s += arguments[i]; return s; }
function mapped(a, b) { arguments[0] = 'changed'; return [a, b, arguments.length]; }
function strictly(a) {
  'use strict';
  arguments[0] = 'changed';
  return [a, this === undefined];
}
function sloppyThis() { return typeof this; }
function outerArgs() { return (() => arguments.length)(); }
function selfRef() { try { return arguments.callee === selfRef; } catch (e) { return e.constructor.name; } }
function tag(strings, ...values) { return strings.raw.join('|') + values.join(','); }

const pick = (o) => o?.a?.b ?? 'none';
const callIt = (o) => o.f?.() ?? 'no f';
const twice = x => x * 2;
const makeObj = () => ({ ok: true });
const pair = (a, b) => (a, b);
const soon = async x => x * 3;
const destructure = ({ a, b: [c, d = 4] = [] }, [e, ...f] = [9]) => [a, c, d, e, f];
const defaults = (a, b = a + 1, c = (() => b * 2)()) => [a, b, c];
const fact = function f(n) { return n <= 1 ? 1 : n * f(n - 1); };

const store = {
  _v: 1,
  get v() { return this._v; },
  set v(x) { this._v = x * 10; },
};
const base = { hi() { return 'hi'; } };
const child = { __proto__: base, hi() { return super.hi() + '!'; } };

function boom(n) {
  if (n > 0) return boom(n - 1);
  throw new Error('boom at the bottom');
}
function oneLine() { throw new Error('one line'); }
`;
const NAMES = 'Shape, Square, Anon, countdown, pingPong, settle, Thing, sum, mapped, strictly, sloppyThis, outerArgs, selfRef, tag, pick, callIt, twice, makeObj, pair, soon, destructure, defaults, fact, store, child, boom, oneLine';

// Exercises a module's functions and prints one line per result (CommonJS, also imported from ESM).
const EXERCISE = `
module.exports = async function exercise(m, print) {
  const out = (k, v) => print(k + ' ' + JSON.stringify(v));
  const sq = new m.Square(3);
  const sh = new m.Shape();
  sh.secret = 5;
  out('fields', [sh.name, sh.tag(), sh.secret, sq.tag(), sq.area, sq.made]);
  out('static', [m.Shape.reveal(), m.Shape.total, [...m.Shape.registry.keys()]]);
  out('describe', [sh.describe(), sh.describe('b', { sep: '-', upper: true }, 'x', 'y'), sq.describe('c')]);
  out('iterator', [...sh]);
  const streamed = [];
  for await (const s of sq.stream(3)) streamed.push(s);
  out('stream', streamed);
  const counted = [];
  for await (const n of m.countdown(3)) counted.push(n);
  out('countdown', counted);
  const g = m.pingPong();
  out('generator', [g.next().value, g.next('back').value, g.next().done]);
  out('settle', [await m.settle(true), await m.settle(false), m.Shape.count]);
  const t1 = m.Thing(1);
  const t2 = new m.Thing(2);
  class SubThing extends m.Thing {}
  out('new.target', [t1.kind, t1 instanceof m.Thing, t2.kind, new SubThing(3).kind]);
  out('arguments', [m.sum(1, 2, 3, 4), m.mapped('a', 'b'), m.strictly('a'), m.sloppyThis(), m.outerArgs(1, 2, 3), m.selfRef()]);
  out('tagged', m.tag\`a\${1}b\${2}c\`);
  out('chaining', [m.pick({ a: { b: 1 } }), m.pick({}), m.pick(null), m.callIt({ f: () => 'f!' }), m.callIt({})]);
  out('arrows', [m.twice(21), m.makeObj(), m.pair(1, 2), await m.soon(2)]);
  out('params', [m.destructure({ a: 1, b: [2] }), m.destructure({ a: 1 }, [5, 6, 7]), m.defaults(1), m.defaults(1, 5), m.fact(5)]);
  m.store.v = 4;
  out('accessors', [m.store.v, m.child.hi(), new m.Anon().who()]);
  out('meta', [m.sum.length, m.mapped.length, m.destructure.length, m.defaults.length, m.Shape.prototype.describe.length,
    m.twice.name, m.fact.name, m.Shape.prototype.describe.name, Object.getOwnPropertyDescriptor(m.Shape.prototype, 'secret').get.name]);
  const printStack = (label, e) => {
    const frames = e.stack.split('\\n').filter((l) => l.includes('modern.') || l.includes('exercise.'));
    print('stack ' + label + ' ' + JSON.stringify(frames.map((l) => l.trim())));
  };
  try {
    m.boom(2);
  } catch (e) {
    printStack('boom', e);
  }
  try {
    m.oneLine();
  } catch (e) {
    printStack('oneLine', e);
  }
  for (const [label, f] of [['describe', m.Shape.prototype.describe], ['destructure', m.destructure], ['defaults', m.defaults],
    ['sum', m.sum], ['twice', m.twice], ['soon', m.soon], ['countdown', m.countdown], ['stream', m.Shape.prototype.stream]]) {
    print('toString ' + label + ' ' + JSON.stringify(String(f)));
  }
};
`;

const CYCLE_A = `exports.early = early;
function early(from) {
  return 'early() called from ' + from + ' while a.js has loaded ' + Object.keys(exports).join(',');
}
const b = require('./cycle-b');
exports.fromB = b.result;
`;
const CYCLE_B = `const a = require('./cycle-a');
exports.result = a.early('b.js');   // a.js has not finished loading yet
`;

const RUN_CJS = `const exercise = require('./exercise');
const { fromB } = require('./cycle-a');
console.log('cycle ' + fromB);
exercise(require('./modern'), console.log);
`;
const RUN_ESM = `import exercise from './exercise.js';
import * as modern from './modern.mjs';
await exercise(modern, console.log);
`;

function run(dir, script, withPreload) {
  const args = withPreload ? ['--require', preload, script] : [script];
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd: dir, env: { ...process.env, MOULT_LOG: path.join(dir, `events-${script}.jsonl`) }, timeout: 10_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? err.code ?? 1 : 0, stdout, stderr });
    });
  });
}

/** The same script, without and with the preload: [plain, instrumented], each as {lines, toString}; run once per script. */
const runs = new Map();
const dirs = [];
test.after.always(() => { for (const d of dirs) fs.rmSync(d, { recursive: true, force: true }); });

function bothWays(script) {
  if (!runs.has(script)) runs.set(script, runBothWays(script));
  return runs.get(script);
}

async function runBothWays(script) {
  const dir = scratch({
    'modern.js': `${MODERN}module.exports = { ${NAMES} };\n`,
    'modern.mjs': `${MODERN}export { ${NAMES} };\n`,
    'exercise.js': EXERCISE, 'cycle-a.js': CYCLE_A, 'cycle-b.js': CYCLE_B, 'run.js': RUN_CJS, 'run.mjs': RUN_ESM,
  }, 'moult-instrument-');
  dirs.push(dir);
  const plain = await run(dir, script, false);
  const instrumented = await run(dir, script, true);
  const split = (r) => {
    const lines = r.stdout.trimEnd().split('\n');
    const toString = Object.fromEntries(lines.filter((l) => l.startsWith('toString ')).map((l) => {
      const [, label, json] = /^toString (\S+) (.*)$/.exec(l);
      return [label, JSON.parse(json)];
    }));
    return { ...r, lines: lines.filter((l) => !l.startsWith('toString ')), toString };
  };
  return [split(plain), split(instrumented)];
}

/** Without this, the comparisons below would prove nothing: an instrumented function's text holds its forwarder. */
function assertInstrumented(t, plain, instrumented) {
  t.not(instrumented.toString.describe, plain.toString.describe, 'modern.* was not instrumented under the preload');
}

/** The text of a function up to its body: name, parameter list, arrow. */
const head = (text) => text.slice(0, /=>\s*|\)\s*\{/.exec(text).index + /=>\s*|\)\s*\{/.exec(text)[0].length);

for (const [kind, script] of [['CommonJS', 'run.js'], ['ES', 'run.mjs']]) {
  test(`${kind} modules with modern syntax behave exactly as without the preload`, async (t) => {
    const [plain, instrumented] = await bothWays(script);
    assertInstrumented(t, plain, instrumented);
    t.is(plain.code, 0, plain.stderr);
    t.is(instrumented.code, 0, instrumented.stderr);
    t.is(instrumented.stderr, '', 'the preload prints nothing of its own');
    t.true(plain.lines.length >= 18, plain.lines.join('\n'));
    t.deepEqual(instrumented.lines.filter((l) => !l.startsWith('stack ')), plain.lines.filter((l) => !l.startsWith('stack ')));
    if (script === 'run.js') t.true(plain.lines.includes("cycle early() called from b.js while a.js has loaded early"), plain.lines[0]);
  });

  test(`an error thrown in an instrumented ${kind} module reports the same lines`, async (t) => {
    const [plain, instrumented] = await bothWays(script);
    assertInstrumented(t, plain, instrumented);
    const stack = (r, label) => JSON.parse(r.lines.find((l) => l.startsWith(`stack ${label} `)).slice(`stack ${label} `.length));
    // boom's throw and its recursive calls sit on lines of their own: line and column are kept.
    t.deepEqual(stack(instrumented, 'boom'), stack(plain, 'boom'));
    t.true(stack(plain, 'boom').length >= 4, JSON.stringify(stack(plain, 'boom')));
    // oneLine's throw follows its forwarder on the same line: the line is kept.
    const lines = (frames) => frames.map((f) => f.replace(/:(\d+):\d+\)?$/, ':$1'));
    t.deepEqual(lines(stack(instrumented, 'oneLine')), lines(stack(plain, 'oneLine')));
    t.regex(stack(plain, 'oneLine')[0], /oneLine .*modern\.m?js:\d+:\d+/);
  });

  test(`Function.prototype.toString of an instrumented ${kind} function keeps its parameter list as written`, async (t) => {
    const [plain, instrumented] = await bothWays(script);
    assertInstrumented(t, plain, instrumented);
    t.is(head(plain.toString.describe), "describe(prefix = 'a', { sep = ':', upper } = {}, ...rest) {");
    t.is(head(plain.toString.destructure), '({ a, b: [c, d = 4] = [] }, [e, ...f] = [9]) => ');
    for (const [label, text] of Object.entries(plain.toString)) {
      const shown = instrumented.toString[label];
      t.true(shown.startsWith(head(text)), `${label}: ${shown}`);
      // The body's lines are the original ones; only the first and the last line get the
      // prologue (after the brace) and, for async functions and generators, the activation count.
      t.deepEqual(shown.split('\n').slice(1, -1), text.split('\n').slice(1, -1), label);
    }
  });
}
