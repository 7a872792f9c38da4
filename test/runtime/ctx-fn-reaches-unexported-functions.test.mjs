// ctx.fn(file, name) (SPEC 5, 6.1) returns a loaded module's live function by the name its module
// code gives it, exported or not: `render` (never exported), `Account.prototype.show`,
// `Account.make` (static) and the getter `Account.prototype.total`. Redefining them changes every
// call: the module's own calls, methods of an instance made before the update, and references
// the app stored before it. A name the module does not have is refused with the names it has.
import test from 'ava';
import { startApp, assertOrder, findIndex, filter, logs } from './helpers.mjs';

const lib = `
// Only Account and statement are exported: render is the module's own.
function render(account) {
  return account.owner + ' has ' + account.total;
}

class Account {
  constructor(owner) { this.owner = owner; this.cents = 0; }
  get total() { return (this.cents / 100).toFixed(2); }
  show() { return 'show v1 ' + render(this); }
  static make(owner) { return new Account(owner); }
}

const formatters = { plain: render };   // a reference stored at load
function statement(account) { return formatters.plain(account); }

module.exports = { Account, statement };
`;

const app = `
const { log, PipeListener, ThreadedManager } = require('moult/runtime');
const { Account, statement } = require('./lib');
new ThreadedManager({ name: 'm' });
new PipeListener({ path: 'fifo' }).start();

const make = Account.make;              // stored before the update
const ann = make('ann');
const showAnn = ann.show.bind(ann);     // stored before the update
const timer = setInterval(() => {
  ann.cents += 150;
  log(statement(ann) + ' | ' + showAnn() + ' | ' + make('bob').show());
}, 50);
setTimeout(() => clearInterval(timer), 8000);
`;

const update = `
const { SafeRedefineUpdate, Update, redefineFunction } = require('moult/runtime');

module.exports = (ctx) => {
  const render = ctx.fn('lib.js', 'render');                    // not exported
  const show = ctx.fn('lib.js', 'Account.prototype.show');
  const make = ctx.fn('lib.js', 'Account.make');
  const total = ctx.fn('lib.js', 'Account.prototype.total');    // the getter
  const { Account } = ctx.module('./lib');

  const methods = new Update({ name: 'methods' });
  methods.checkAlterability = () => true;
  methods.apply = () => {
    redefineFunction(Account, show, function show() { return 'show v2 ' + render(this); });
    redefineFunction(Account, make, function make(owner) { const a = new Account(owner); a.cents = 99900; return a; });
    redefineFunction(Account, total, function total() { return (this.cents / 100).toFixed(0) + ' EUR'; });
  };
  return [
    new SafeRedefineUpdate(ctx.module('./lib'), render, function render(account) { return account.owner + ' owes ' + account.total; }, { name: 'render' }),
    methods,
  ];
};
`;

const typo = `
const { SafeRedefineUpdate } = require('moult/runtime');
module.exports = (ctx) => new SafeRedefineUpdate(null, ctx.fn('lib.js', 'Account.prototype.shw'), function () {}, { name: 'typo' });
`;

const wrongFile = `
module.exports = (ctx) => { ctx.fn('nope.js', 'render'); };
`;

test('ctx.fn reaches an unexported function, a method, a static method and a getter, and every caller runs the new code', async (t) => {
  const a = startApp(t, { 'lib.js': lib, 'app.js': app, 'update.js': update });
  const v1 = 'ann has 1.50 | show v1 ann has 1.50 | show v1 bob has 0.00';
  await a.waitFor({ event: 'app.log', msg: v1 });
  await a.writeFifo('fifo', `update ${a.path('update.js')}`);
  const { event: loaded } = await a.waitFor({ event: /^update\.(queued|rejected)$/ });
  if (loaded.event === 'update.rejected') return t.fail(loaded.reason);
  const { index } = await a.waitFor({ event: 'update.completed', update: 'methods' });
  await a.waitFor({ event: 'app.log', msg: /owes/ }, { from: index + 1 });
  const events = a.events();

  assertOrder(t, events, [
    { event: 'update.received', update: 'update' },
    { event: 'update.queued', update: 'render', manager: 'm' },
    { event: 'update.queued', update: 'methods', manager: 'm' },
    { event: 'update.applied', update: 'render', via: 'slot' },
    { event: 'update.completed', update: 'render' },
    { event: 'update.applied', update: 'methods', via: 'slot' },
    { event: 'update.completed', update: 'methods' },
  ]);
  t.is(findIndex(events, { event: 'update.rejected' }), -1);
  const last = logs(events, index + 1).at(-1);
  // statement() → formatters.plain (stored render) → new render → new getter;
  // showAnn (bound before) → new show → render; make (stored before) → new make.
  t.regex(last, /^ann owes \d+ EUR \| show v2 ann owes \d+ EUR \| show v2 bob owes 999 EUR$/);
  // The account kept its balance: ann's cents went on growing across the update.
  const cents = logs(events).map((m) => /^ann (?:has|owes) ([\d.]+)/.exec(m)?.[1]).filter(Boolean).map(Number);
  t.true(cents.at(-1) > cents[0], `ann's balance went on: ${cents.join(', ')}`);
});

test('ctx.fn with a name the module does not have is refused with the names it has', async (t) => {
  const a = startApp(t, { 'lib.js': lib, 'app.js': app, 'typo.js': typo, 'wrong-file.js': wrongFile });
  await a.waitFor({ event: 'app.log', msg: /show v1/ });
  await a.writeFifo('fifo', `update ${a.path('typo.js')}`);
  const { event } = await a.waitFor({ event: 'update.rejected', update: 'typo' });
  t.log(event.reason);
  t.regex(event.reason, /lib\.js has no function named "Account\.prototype\.shw"/);
  for (const name of ['render', 'Account.prototype.show', 'Account.make', 'Account.prototype.total', 'statement']) {
    t.true(event.reason.includes(name), `the reason lists ${name}: ${event.reason}`);
  }

  await a.writeFifo('fifo', `update ${a.path('wrong-file.js')}`);
  const { event: missing } = await a.waitFor({ event: 'update.rejected', update: 'wrong-file' });
  t.regex(missing.reason, /nope\.js/);
  t.regex(missing.reason, /lib\.js/, 'it lists the modules that were loaded');

  // Nothing was queued, and the app runs its old code.
  const events = a.events();
  t.deepEqual(filter(events, { event: 'update.queued' }), []);
  const { index } = await a.waitFor({ event: 'app.log' }, { from: events.length });
  t.regex(a.events()[index].msg, /show v1/);
});

const ESM_LIB = `function render(n) { return 'render v1 ' + n; }
export function statement(n) { return render(n); }
`;
const ESM_ENTRY = `import { log, PipeListener, ThreadedManager } from 'moult/runtime';
import { statement } from './lib.mjs';
new ThreadedManager({ name: 'm' });
new PipeListener({ path: 'fifo' }).start();
let n = 0;
const timer = setInterval(() => log(statement(++n)), 50);
setTimeout(() => clearInterval(timer), 8000);
`;
// The same app as a CommonJS entry that imports the ES module dynamically.
const CJS_ENTRY = `const { log, PipeListener, ThreadedManager } = require('moult/runtime');
new ThreadedManager({ name: 'm' });
new PipeListener({ path: 'fifo' }).start();
import('./lib.mjs').then(({ statement }) => {
  let n = 0;
  const timer = setInterval(() => log(statement(++n)), 50);
  setTimeout(() => clearInterval(timer), 8000);
});
`;
const RENDER_V2 = `const { SafeRedefineUpdate } = require('moult/runtime');
module.exports = (ctx) => new SafeRedefineUpdate(null, ctx.fn('lib.mjs', 'render'), (n) => 'render v2 ' + n, { name: 'render' });
`;

// Node 20 has no module.registerHooks: its ES modules are instrumented on the loader's thread,
// which the runtime starts only for an ES entry (it costs every app ~11 MB and ~50-100 ms).
const NODE_20 = Number(process.versions.node.split('.')[0]) < 22;

test('on Node 20, ctx.fn on an ES module that a CommonJS entry imported is refused, naming the module', async (t) => {
  if (!NODE_20) return t.pass('Node 22+ instruments it: see the next test');
  const a = startApp(t, { 'lib.mjs': ESM_LIB, 'app.js': CJS_ENTRY, 'update.js': RENDER_V2 });
  await a.waitFor({ event: 'app.log', msg: 'render v1 2' });
  await a.writeFifo('fifo', `update ${a.path('update.js')}`);
  const { event } = await a.waitFor({ event: 'update.rejected' });
  t.regex(event.reason, /no instrumented module of the app was loaded from .*lib\.mjs/);
});

for (const [entry, script, source] of [['an ES-module app', 'app.mjs', ESM_ENTRY], ['a CommonJS app that imports it', 'app.js', CJS_ENTRY]]) {
  if (NODE_20 && script === 'app.js') continue;
  test(`ctx.fn reaches an unexported function of an ES module, in ${entry}`, async (t) => {
    const a = startApp(t, { 'lib.mjs': ESM_LIB, [script]: source, 'update.js': RENDER_V2 }, { script });
    await a.waitFor({ event: 'app.log', msg: 'render v1 2' });
    await a.writeFifo('fifo', `update ${a.path('update.js')}`);
    const { event: loaded } = await a.waitFor({ event: /^update\.(queued|rejected)$/ });
    if (loaded.event === 'update.rejected') return t.fail(loaded.reason);
    const { event: applied, index } = await a.waitFor({ event: 'update.applied', update: 'render' });
    t.is(applied.via, 'slot');
    const { event } = await a.waitFor({ event: 'app.log' }, { from: index + 1 });
    t.regex(event.msg, /^render v2 \d+$/);
  });
}
