// Parity rows 58 and 60 (and 59: another strategy is refused): Pymoult's getter/setter routers (GetItemRouter, SetItemRouter,
// add_getter_router, add_setter_router) and the access-driven "progressive" DataAccessor, which
// delivers the instances of a class as the program touches them. In JavaScript an access routes
// when it reaches the class's prototype (a method, a field the object lacks, a new field written);
// reads of the object's own fields do not (the README's table says so).
import test from 'ava';
import { startApp, finish, logs } from './helpers.mjs';

const app = `
const { DataAccessor, addGetterRouter, addSetterRouter, removeRouters, log } = require('moult/runtime');
class Item {
  constructor(name) { this.name = name; }
  label() { return 'item ' + this.name; }
}
const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((n) => new Item(n));

(async () => {
  // Routers: a function called on each routed access, a getter that replaces the read, a setter.
  const seen = [];
  addGetterRouter(Item, { function: (o) => seen.push('get ' + o.name), getter: (o, key) => (key === 'missing' ? 'routed ' + o.name : Reflect.get(Item.prototype, key, o)) });
  addSetterRouter(Item, { function: (o) => seen.push('set ' + o.name), setter: (o, key, v) => Object.defineProperty(o, key, { value: String(v).toUpperCase(), enumerable: true, writable: true, configurable: true }) });
  log('label: ' + a.label() + ', missing: ' + b.missing + ', own: ' + c.name);
  d.extra = 'new field';
  log('set: ' + d.extra + ', Item.prototype.label is kept readable: ' + (typeof Item.prototype.label));
  log('seen: ' + seen.join(','));
  removeRouters(Item);
  log('after removeRouters: own label ' + Object.prototype.hasOwnProperty.call(Item.prototype, 'label') + ', ' + a.missing);

  // Progressive access: the objects the program touches, in that order, each once.
  const accessor = new DataAccessor(Item, 'progressive');
  const got = [];
  const consuming = (async () => {
    for await (const o of accessor) {
      got.push(o.name + ':' + o.label());             // the consumer's own access is not delivered again
      if (got.length === 3) accessor.stop();
    }
  })();
  await new Promise((r) => setTimeout(r, 20));
  log('own field only: ' + a.name);                    // not routed: a is not delivered
  c.label(); c.label(); b.label(); d.other = 1;        // c (once), b, d (a new field)
  await consuming;
  log('progressive: ' + got.join(','));
  log('routers gone after stop: ' + Object.prototype.hasOwnProperty.call(Item.prototype, 'label'));
  try { for (const o of accessor) void o; } catch (e) { log('sync progressive: ' + e.code); }
  log('immediate: ' + [...new DataAccessor(Item, 'immediate')].map((o) => o.name).sort().join(','));
  try { new DataAccessor(Item, 'lazy'); } catch (e) { log('other strategy: ' + e.code); }
})();
`;

test('getter/setter routers and the progressive DataAccessor see the accesses that reach the prototype (rows 58, 60)', async (t) => {
  const a = startApp(t, { 'app.js': app });
  const events = await finish(t, a);
  const l = logs(events);
  t.true(l.includes('label: item a, missing: routed b, own: c'), l.join('\n'));
  t.true(l.includes('set: NEW FIELD, Item.prototype.label is kept readable: function'), l.join('\n'));
  t.true(l.includes('seen: get a,get b,set d'), l.join('\n'));
  t.true(l.includes('after removeRouters: own label true, undefined'), l.join('\n'));
  t.true(l.includes('progressive: c:item c,b:item b,d:item d'), l.join('\n'));
  t.true(l.includes('routers gone after stop: true'), l.join('\n'));
  t.true(l.includes('sync progressive: EBADARG'), l.join('\n'));
  t.true(l.includes('immediate: a,b,c,d'), l.join('\n'));
  t.true(l.includes('other strategy: EBADARG'), l.join('\n'));
});
