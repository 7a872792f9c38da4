// An EagerConversionUpdate converts its objects in one batch (one shared undo, parallel arrays):
// a failure later in apply() must still give every object back its prototype and own properties
// exactly (plain data fields, accessors, non-enumerable, read-only and symbol-keyed ones, fields
// the transformer added, changed or deleted), newest first, and report one step per object. A
// transformer that throws part-way rolls back the objects converted so far and leaves the rest.
import test from 'ava';
import { startApp, finish, filter } from './helpers.mjs';

const app = `'use strict';
const rt = require('moult/runtime');
const SYM = Symbol('s');
class Item {
  constructor(i) { this.i = i; this.name = 'n' + i; }
  get() { return 'v1 ' + this.i; }
}
class Item2 {
  get() { return 'v2 ' + this.i; }
}
function makeItems() {
  const items = [];
  for (let i = 0; i < 50; i++) items.push(new Item(i));
  Object.defineProperty(items[3], 'acc', { get() { return 'got'; }, set(v) { this._set = v; }, enumerable: true, configurable: true });
  Object.defineProperty(items[4], 'hidden', { value: 'h', enumerable: false, writable: true, configurable: true });
  Object.defineProperty(items[5], 'ro', { value: 'r', enumerable: true, writable: false, configurable: true });
  items[6][SYM] = 'sym';
  items[7].extra = { deep: 1 };
  delete items[8].name;
  items[9].name = undefined;
  return items;
}
/** Everything about an object's own state, comparable as JSON. */
function state(o) {
  const d = Object.getOwnPropertyDescriptors(o);
  return {
    proto: Object.getPrototypeOf(o) === Item.prototype ? 'Item' : Object.getPrototypeOf(o) === Item2.prototype ? 'Item2' : 'other',
    keys: Reflect.ownKeys(o).map(String),
    props: Reflect.ownKeys(d).map((k) => [String(k), 'value' in d[k] ? d[k].value : '<accessor ' + typeof d[k].get + '>', d[k].writable, d[k].enumerable, d[k].configurable]),
  };
}
const transformer = (o) => {
  o.i = o.i * 10;                   // a changed field
  o.added = 'new';                  // an added one
  delete o.name;                    // a deleted one
  if (o.hidden) o.hidden = 'changed';
  if ('acc' in o && Object.getOwnPropertyDescriptor(o, 'acc')) Object.defineProperty(o, 'acc', { value: 'plain now', writable: true, enumerable: true, configurable: true });
  if (Object.prototype.hasOwnProperty.call(o, 'ro')) Object.defineProperty(o, 'ro', { value: 'rw', writable: true, enumerable: true, configurable: true });
  if (o[SYM]) o[SYM] = 'sym2';
};

class FailingAfter extends rt.EagerConversionUpdate {
  apply() {
    super.apply();
    rt.log('converted ' + this.converted + ' ' + this.items.map((o) => o.get()).slice(0, 2).join(','));
    throw new Error('boom after conversion');
  }
}

async function run(label, items, make) {
  const before = items.map(state);
  const m = new rt.Manager({ name: 'm-' + label });
  const u = make();
  u.items = items;
  m.addUpdate(u);
  const outcome = await m.applyNextUpdate();
  const after = items.map(state);
  return { label, outcome, before, after, calls: items.map((o) => o.get()) };
}

(async () => {
  const out = [];
  let items = makeItems();
  out.push(await run('with transformer', items, () => new FailingAfter(Item, Item2, transformer, { name: 'with-transformer' })));
  items = null;
  items = makeItems();
  out.push(await run('without transformer', items, () => new FailingAfter(Item, Item2, undefined, { name: 'without-transformer' })));
  items = null;
  // A transformer that throws at the 21st object it sees: the 20 before it, and it, roll back.
  items = makeItems();
  let seen = 0;
  const throwing = (o) => { transformer(o); if (++seen === 21) throw new Error('transformer boom'); };
  out.push(await run('throwing transformer', items, () => new rt.EagerConversionUpdate(Item, Item2, throwing, { name: 'throwing-transformer' })));
  console.log('RESULTS ' + JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(1); });
`;

test('a failed EagerConversionUpdate gives every object its prototype and own properties back, one step per object', async (t) => {
  const a = startApp(t, { 'app.js': app });
  const events = await finish(t, a, 20000);
  const line = a.stdout.split('\n').find((l) => l.startsWith('RESULTS '));
  t.truthy(line, `no results\n${a.describe()}`);
  const runs = JSON.parse(line.slice('RESULTS '.length));
  t.is(runs.length, 3);
  for (const r of runs) {
    t.is(r.outcome, 'failed', r.label);
    t.deepEqual(r.after, r.before, `${r.label}: every object as it was`);
    t.true(r.calls.every((c) => c.startsWith('v1 ')), `${r.label}: the old methods run`);
    t.true(r.before.every((s) => s.proto === 'Item'));
  }
  // The objects were converted before the failure (new methods and transformed fields).
  const converted = filter(events, { event: 'app.log', msg: /^converted / }).map((e) => e.msg);
  t.deepEqual(converted, ['converted 50 v2 0,v2 10', 'converted 50 v2 0,v2 1']);
  const rolledback = filter(events, { event: 'update.rolledback' });
  t.deepEqual(rolledback.map((e) => [e.update, e.mode, e.steps]), [
    ['with-transformer', 'hot', 50],
    ['without-transformer', 'hot', 50],
    ['throwing-transformer', 'hot', 21],
  ]);
  t.deepEqual(filter(events, { event: 'update.failed' }).map((e) => e.error), ['boom after conversion', 'boom after conversion', 'transformer boom']);
});
