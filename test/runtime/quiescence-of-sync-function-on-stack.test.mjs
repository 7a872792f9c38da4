// checkQuiescenceOfFunction on instrumented code: plain functions, methods, arrows and getters
// are active while on the stack (V8 CallSites), async functions and generators while an
// activation is running or suspended (counted by their prologue), and a redefined function while
// a call through its slot runs. No debugger and no LiveEdit. Each case is also checked against
// V8's own answer at the same point: a dry-run Debugger.setScriptSource that changes the function
// (on a second inspector session of the app), which V8 refuses while the code is active.
import test from 'ava';
import { startApp, finish } from './helpers.mjs';

// V8's answer: would it patch f now? (Blocked… = active). A second session, not the runtime's.
const oracle = `
'use strict';
// Node 26 gates LiveEdit (and so the oracle's dry run) behind a flag older V8s do not know.
if (Number(process.versions.node.split('.')[0]) >= 26) require('node:v8').setFlagsFromString('--inspector-live-edit');
const inspector = require('node:inspector');
const s = new inspector.Session();
s.connect();
function post(method, params = {}) {
  let out, err;
  s.post(method, params, (e, r) => { err = e; out = r; });
  if (err) throw err;
  return out;
}
module.exports = function v8SaysActive(f) {
  // A session holds the scripts it was told about; once the runtime's session has LiveEdited a
  // script, V8 has a new script object for it: re-enabling gets the current ones.
  post('Debugger.disable');
  post('Debugger.enable');
  globalThis.__oracle = f;
  const { result } = post('Runtime.evaluate', { expression: 'globalThis.__oracle', objectGroup: 'oracle' });
  const props = post('Runtime.getProperties', { objectId: result.objectId, ownProperties: true });
  post('Runtime.releaseObjectGroup', { objectGroup: 'oracle' });
  const loc = props.internalProperties.find((p) => p.name === '[[FunctionLocation]]').value.value;
  const source = post('Debugger.getScriptSource', { scriptId: loc.scriptId }).scriptSource;
  const text = Function.prototype.toString.call(f);
  const start = source.indexOf(text);
  if (start === -1 || source.indexOf(text, start + 1) !== -1) throw new Error('oracle: text of ' + f.name + ' not found once');
  // A space before the function's last character: a change inside f, and only in f.
  const changed = source.slice(0, start) + text.slice(0, -1) + ' ' + text.slice(-1) + source.slice(start + text.length);
  const r = post('Debugger.setScriptSource', { scriptId: loc.scriptId, scriptSource: changed, dryRun: true });
  if (r.status === 'Ok') return false;
  if (r.status.startsWith('Blocked')) return true;
  throw new Error('oracle: ' + r.status);
};
`;

// A sloppy-mode script whose lines are counted the way V8 counts them: a U+2028 inside a string
// and a lone CR inside a comment each end a line, before the functions.
const sloppy = `var s1 = 'a\u2028b'; /* one\rtwo */ var s2 = 1;
function sloppyFn(check) { return check(sloppyFn); }
var sloppyArrow = (check) => check(sloppyArrow);
module.exports = { sloppyFn, sloppyArrow };
`;

// twin.js has a function at the very line and column of app.js's decl(): it runs while decl()
// is checked, and must not be taken for decl().
const twin = `'use strict';
const { checkQuiescenceOfFunction: quiet } = require('moult/runtime');
const v8SaysActive = require('./oracle');
function twi(f) { return [quiet(f), v8SaysActive(f)]; }
module.exports = twi;
`;

const app = `'use strict';
const { checkQuiescenceOfFunction: quiet, redefineFunction, isFunctionActive } = require('moult/runtime');
const v8SaysActive = require('./oracle');
function decl() { return [quiet(decl), v8SaysActive(decl)]; }
const twi = require('./twin');
const { sloppyFn, sloppyArrow } = require('./sloppy');

const results = [];
/** [moult's answer "quiescent", V8's answer "active"] at the same point. */
const both = (f) => [quiet(f), v8SaysActive(f)];
function record(name, pair, expectActive) {
  results.push({ name, quiescent: pair[0], v8Active: pair[1], expectActive });
}

// --- plain code on the stack, and off it
record('declaration, inside', decl(), true);
record('declaration, outside', both(decl), false);
record('a twin at the same line and column, other script', twi(decl), false);
const expr = function namedExpr() { return both(expr); };
record('function expression, inside', expr(), true);
const arrow = () => both(arrow);
record('arrow, inside', arrow(), true);
record('arrow, outside', both(arrow), false);
class K {
  method() { return both(K.prototype.method); }
  static statik() { return both(K.statik); }
  get getter() { return both(Object.getOwnPropertyDescriptor(K.prototype, 'getter').get); }
  ['comp' + 'uted']() { return both(K.prototype.computed); }
}
record('class method, inside', new K().method(), true);
record('class method, outside', both(K.prototype.method), false);
record('static method, inside', K.statik(), true);
record('getter, inside', new K().getter, true);
record('computed method, inside', new K().computed(), true);
const obj = { shorthand() { return both(obj.shorthand); } };
record('object shorthand method, inside', obj.shorthand(), true);
record('sloppy-mode function after U+2028 and a lone CR, inside', sloppyFn(both), true);
record('sloppy-mode function, outside', both(sloppyFn), false);
record('sloppy-mode arrow, inside', sloppyArrow(both), true);

// --- deeper on the stack: through callbacks, natives, recursion
function deep() { return [0].map(() => JSON.parse('1', () => both(deep)))[0]; }
record('deep under native callbacks', deep(), true);
function rec(n) { return n === 0 ? both(rec) : rec(n - 1); }
record('recursion, 200 frames up', rec(200), true);
// An enclosing function on the stack does not make an inner function active (nor for V8).
function enclosing() { function innerFn() { return 1; } return both(innerFn); }
record('inner function while its enclosing one runs', enclosing(), false);
// Two closures of one function literal share their code, as they do for LiveEdit.
function make() { return function closure(check, other) { return check(other); }; }
const c1 = make();
const c2 = make();
record('sibling closure of a running closure', c1(both, c2), true);

// --- code that can be suspended: V8's dry run decides
let release;
const gate = new Promise((r) => { release = r; });
async function waiting() { await gate; return 1; }
function* gen() { yield 1; yield 2; }

// --- the forwarder of a redefined function
function fw() { return 'v1'; }
async function fa() { return 'v1'; }

(async () => {
  const pending = waiting();
  record('async function, suspended', both(waiting), true);
  release();
  await pending;
  // Once the debugger is on, V8's dry run may go on calling a finished async function active
  // (seen on Node 20): moult counts activations instead, and is not asked to agree with V8 here.
  results.push({ name: 'async function, finished', quiescent: quiet(waiting), v8Active: false, expectActive: false });
  const it = gen();
  it.next();
  record('generator, suspended', both(gen), true);
  it.return();
  record('generator, closed', both(gen), false);

  // Redefinitions outside an update: no journal, same code paths.
  redefineFunction(module.exports, fw, function fwV2() { return [quiet(fw), quiet(fwV2), v8SaysActive(fw)]; });
  const [fwQ, implQ, fwV8] = fw();
  results.push({ name: 'redefined function, inside its new version', quiescent: fwQ, v8Active: fwV8, expectActive: true });
  results.push({ name: 'its new version, inside', quiescent: implQ, v8Active: true, expectActive: true });
  record('redefined function, outside', both(fw), false);
  // The implementation changes while a call through the forwarder runs: the forwarder is still
  // on the stack (V8 says so too), though the new implementation is not.
  redefineFunction(module.exports, fw, function fwV3() {
    redefineFunction(module.exports, fw, function fwV4() { return 'v4'; });
    return [quiet(fw), v8SaysActive(fw)];
  });
  record('forwarder running a replaced implementation', fw(), true);
  record('forwarder after that call', both(fw), false);

  let releaseImpl;
  const implGate = new Promise((r) => { releaseImpl = r; });
  const faImpl = async function faV2() { await implGate; return 'v2'; };
  redefineFunction(module.exports, fa, faImpl);
  const call = fa();
  results.push({ name: 'redefined async function, its new version suspended', quiescent: quiet(fa), v8Active: true, expectActive: true });
  results.push({ name: '  isFunctionActive agrees', quiescent: !isFunctionActive(fa), v8Active: true, expectActive: true });
  releaseImpl();
  await call;
  // The call through the slot was awaited to its end: quiescent (V8 may say otherwise, see above).
  results.push({ name: 'redefined async function, finished', quiescent: quiet(fa), v8Active: false, expectActive: false });

  // The app's own stack-trace settings are left as they were.
  const prep = (e, sites) => 'custom:' + sites.length;
  Error.prepareStackTrace = prep;
  Error.stackTraceLimit = 7;
  quiet(decl);
  results.push({ name: 'Error.prepareStackTrace kept', quiescent: Error.prepareStackTrace === prep, v8Active: false, expectActive: false });
  results.push({ name: 'Error.stackTraceLimit kept', quiescent: Error.stackTraceLimit === 7, v8Active: false, expectActive: false });
  results.push({ name: 'stacks still formatted by the app', quiescent: new Error('x').stack.startsWith('custom:'), v8Active: false, expectActive: false });
  Error.prepareStackTrace = undefined;
  Error.stackTraceLimit = 10;
  // A function declared inside a running function, checked from its own body: the decl inside
  // a method of a class expression, one more shape of function text.
  const Anon = class { run() { return both(Anon.prototype.run); } };
  record('method of a class expression, inside', new Anon().run(), true);
  console.log('RESULTS ' + JSON.stringify(results));
})().catch((e) => { console.error(e); process.exit(1); });
`;

test('a sync function on the stack is active, off it quiescent; suspended async and generator code is active; the same answers as V8', async (t) => {
  const a = startApp(t, { 'app.js': app, 'oracle.js': oracle, 'twin.js': twin, 'sloppy.js': sloppy });
  await finish(t, a, 20000);
  const line = a.stdout.split('\n').find((l) => l.startsWith('RESULTS '));
  t.truthy(line, `no results\n${a.describe()}\nstdout:\n${a.stdout}`);
  const results = JSON.parse(line.slice('RESULTS '.length));
  t.true(results.length >= 30, `${results.length} cases`);
  t.log(results.filter((r) => r.expectActive === null));
  for (const r of results) {
    if (r.expectActive === null) {
      t.is(r.quiescent, !r.v8Active, `${r.name}: checkQuiescenceOfFunction agrees with V8`);
      continue;
    }
    t.is(r.quiescent, !r.expectActive, `${r.name}: checkQuiescenceOfFunction says ${r.quiescent ? 'quiescent' : 'active'}`);
    t.is(r.v8Active, r.expectActive, `${r.name}: V8's dry run says ${r.v8Active ? 'active' : 'quiescent'}`);
  }
});
