// Parity row 36 (audit c3b): with LazyConversionUpdate, the access that triggers an object's
// conversion already sees the converted object: a field the transformer adds reads its value the
// first time. What JavaScript can trap and what it cannot: any access that reaches the prototype
// converts (a field the object lacks, a method, JSON.stringify through its toJSON lookup, String()
// through Symbol.toPrimitive), while reads of the object's own fields, Object.keys and spread never
// consult the prototype, so they see the object as it was until something else converts it.
import test from 'ava';
import { startApp, finish, logs } from './helpers.mjs';

const app = `
const { ThreadedManager, PipeListener, log, isApplied } = require('moult/runtime');
class Item {
  constructor(name) { this.name = name; }
  display() { return 'v1 ' + this.name; }
}
const items = ['a', 'b', 'c', 'd', 'e', 'f'].map((n) => new Item(n));
new ThreadedManager({ name: 'm' });
new PipeListener({ path: 'fifo' }).start();
module.exports = { Item };
log('ready');
(async () => {
  while (!isApplied('lazy')) await new Promise((r) => setTimeout(r, 50));
  const [a, b, c, d, e, f] = items;
  log('a.commentary first: ' + a.commentary);                          // a field the transformer adds
  log('a.commentary again: ' + a.commentary);
  log('b.display first: ' + b.display());                              // a method of the new class
  log('c JSON first: ' + JSON.stringify(c));                           // toJSON lookup reaches the prototype
  log('d own field first: ' + d.name + ', keys: ' + Object.keys(d).join(','));   // never reaches it
  log('d then: ' + d.display() + ', keys: ' + Object.keys(d).join(','));
  log('e String first: ' + String(e));                                 // Symbol.toPrimitive, toString
  log('f set first: ' + ((f.extra = 1), f.commentary));                // a new field is set through the prototype chain
  log('transformed: ' + globalThis.transformed.join(','));
})();
`;

const update = `
const { LazyConversionUpdate } = require('moult/runtime');
globalThis.transformed = [];
class ItemV2 {
  display() { return 'v2 ' + this.name + ' (' + this.commentary + ')'; }
  toString() { return 'ItemV2 ' + this.name; }
}
module.exports = (ctx) => new LazyConversionUpdate(ctx.main.Item, ItemV2, (o) => {
  o.commentary = 'tasty-' + o.name;
  globalThis.transformed.push(o.name);
}, { name: 'lazy' });
`;

test('the access that triggers a lazy conversion sees the converted object; own-field reads and Object.keys cannot trigger it (row 36)', async (t) => {
  const a = startApp(t, { 'app.js': app, 'update.js': update });
  await a.waitFor({ event: 'app.log', msg: 'ready' });
  await a.writeFifo('fifo', `update ${a.path('update.js')}`);
  const events = await finish(t, a);
  const l = logs(events);
  t.true(l.includes('a.commentary first: tasty-a'), l.join('\n'));
  t.true(l.includes('a.commentary again: tasty-a'));
  t.true(l.includes('b.display first: v2 b (tasty-b)'));
  t.true(l.includes('c JSON first: {"name":"c","commentary":"tasty-c"}'), l.join('\n'));
  t.true(l.includes('d own field first: d, keys: name'), 'JS cannot trap an own field or Object.keys');
  t.true(l.includes('d then: v2 d (tasty-d), keys: name,commentary'));
  t.true(l.includes('e String first: ItemV2 e'));
  t.true(l.includes('f set first: tasty-f'));
  t.true(l.includes('transformed: a,b,c,d,e,f'), 'each object converted once');
});
