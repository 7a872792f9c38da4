// The data-update primitives on their own, in a real app: HeapTraversalUpdate walks the graph
// from the entry module (cycle-safe, walk_<TypeName> dispatch), DataAccessor finds live instances
// without registration, addMethodToClass / applyMixinToObject / updateToClass change live objects.
import test from 'ava';
import { startApp, finish, findIndex, logs } from './helpers.mjs';

const app = `
const { ThreadedManager, PipeListener, log } = require('moult/runtime');
class Node { constructor(name) { this.name = name; this.next = null; } }
class Leaf { constructor(v) { this.v = v; } }
const a = new Node('a'); const b = new Node('b');
a.next = b; b.next = a;                       // a cycle
const tree = { nodes: [a, b], leaves: new Map([['x', new Leaf(1)], ['y', new Leaf(2)]]) };
const manager = new ThreadedManager({ name: 'data' });
new PipeListener({ path: 'fifo' }).start();
module.exports = { Node, Leaf, tree, manager };
let n = 0;
const timer = setInterval(() => {
  log('tick ' + n + ' ' + tree.nodes.map((x) => x.name).join(',') + ' ' + [...tree.leaves.values()].map((l) => (l.describe ? l.describe() : l.v)).join(','));
  if (++n > 40) clearInterval(timer);
}, 60);
`;

const update = `
const { Update, HeapTraversalUpdate, HeapWalker, DataAccessor, addMethodToClass, applyMixinToObject, log } = require('moult/runtime');
class Upper extends HeapWalker {
  walk_Node(node) { node.name = node.name.toUpperCase(); }
}
module.exports = (ctx) => {
  const { Leaf, tree } = ctx.main;
  class Mixins extends Update {
    checkAlterability() { return true; }
    apply() {
      const leaves = [...new DataAccessor(Leaf, 'immediate')];
      log('found leaves ' + leaves.length);
      addMethodToClass(Leaf, 'describe', function () { return 'leaf' + this.v; });
      applyMixinToObject(tree.leaves.get('y'), { describe() { return 'mixed' + this.v; } });
    }
  }
  return [new HeapTraversalUpdate(new Upper(), { name: 'walk', modules: [ctx.main] }), new Mixins({ name: 'mixins' })];
};
`;

test('HeapTraversalUpdate, DataAccessor, addMethodToClass and applyMixinToObject change the live objects', async (t) => {
  const a = startApp(t, { 'app.js': app, 'update.js': update });
  await a.waitFor({ event: 'app.log', msg: 'tick 2 a,b 1,2' });
  await a.writeFifo('fifo', `update ${a.path('update.js')}`);
  await a.waitFor({ event: 'update.completed', update: 'mixins' });
  const events = await finish(t, a);
  const done = findIndex(events, { event: 'update.completed', update: 'mixins' });
  t.true(findIndex(events, { event: 'app.log', msg: 'found leaves 2' }) !== -1, 'DataAccessor found both Leaf instances');
  const after = logs(events, done + 1).filter((m) => m.startsWith('tick'));
  t.true(after.length > 0);
  // The cycle a → b → a was walked once per node: uppercase, not toggled back.
  for (const line of after) t.regex(line, /^tick \d+ A,B leaf1,mixed2$/);
});
