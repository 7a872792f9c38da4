// Parity rows 17, 61, 62, 63, 64, 65, 66 (audit c15, G9): code written the Pymoult way works —
// log(level, msg), updateToClass(obj, cls, nclass, transformer), startEagerUpdate(cls,
// transformer), startLazyUpdate(cls, transformer), a HeapWalker that recurses with this.walk(x),
// traverseHeap(walker, ['__main__']), applyMixinToObject(obj, ...mixins) and
// generateMixinUser(cls, ...mixins) — besides moult's own forms.
import test from 'ava';
import { startApp, finish, logs } from './helpers.mjs';

const app = `
const rt = require('moult/runtime');
const { log } = rt;
class Old { constructor(n) { this.n = n; } what() { return 'old ' + this.n; } }
class New { what() { return 'new ' + this.n; } }
class Other {}
class Leaf { constructor(v) { this.v = v; } }
const tree = { leaves: [new Leaf(1), new Leaf(2)], again: null };
tree.again = tree.leaves;                                     // the same list twice: walked once
module.exports = { tree, Old };

log(0, 'level form');
const o = new Old(1);
rt.updateToClass(o, Old, New, (x) => { x.t = 'transformed'; });
const p = new Old(2);
rt.updateToClass(p, Other, New, (x) => { x.t = 'transformed anyway'; });   // not an Other: class kept
log('updateToClass: ' + o.what() + ' ' + o.t + ', ' + p.what() + ' ' + p.t);

const q = [new Old(3), new Old(4)];
const eager = rt.startEagerUpdate(Old, (x) => rt.updateToClass(x, Old, New));   // the transformer converts (p too: still an Old)
log('startEagerUpdate(cls, transformer): ' + eager + ' ' + q.map((x) => x.what()).join(','));

class Lazy { constructor(n) { this.n = n; } what() { return 'lazy ' + this.n; } }
const lz = [new Lazy(5), new Lazy(6)];
rt.startLazyUpdate(Lazy, (x) => rt.updateToClass(x, Lazy, New));
log('startLazyUpdate(cls, transformer): ' + lz.map((x) => x.what()).join(','));

class Walker extends rt.HeapWalker {
  constructor() { super(); this.seen = []; }
  walk_Array(list) { for (const x of list) this.walk(x); }       // Pymoult's walkers recurse themselves
  walk_Leaf(leaf) { this.seen.push(leaf.v); }
}
const w = new Walker();
rt.traverseHeap(w, ['__main__']);
log('walker: ' + w.seen.sort().join(','));

class Greets { hello() { return 'hello from Greets'; } shared() { return 'Greets'; } }
const Waves = { wave() { return 'wave'; }, shared() { return 'Waves'; } };
const plain = new Old(7);
rt.applyMixinToObject(plain, Greets, Waves);
log('mixins on an object: ' + plain.hello() + ', ' + plain.wave() + ', ' + plain.shared() + ', keys ' + Object.keys(plain).join(','));
const Mixed = rt.generateMixinUser(Old, Waves, Greets);
const m = new Mixed(8);
log('generateMixinUser: ' + m.what() + ', ' + m.wave() + ', ' + m.shared() + ', instanceof Old ' + (m instanceof Old));
`;

test('Pymoult call shapes of the data mechanisms and log are taken (rows 17, 61-66)', async (t) => {
  const a = startApp(t, { 'app.js': app });
  const l = logs(await finish(t, a));
  t.true(l.includes('level form'), l.join('\n'));
  t.true(l.includes('updateToClass: new 1 transformed, old 2 transformed anyway'), l.join('\n'));
  t.true(l.includes('startEagerUpdate(cls, transformer): 3 new 3,new 4'), l.join('\n'));
  t.true(l.includes('startLazyUpdate(cls, transformer): new 5,new 6'), l.join('\n'));
  t.true(l.includes('walker: 1,2'), l.join('\n'));
  t.true(l.includes('mixins on an object: hello from Greets, wave, Greets, keys n,wave'), l.join('\n'));
  t.true(l.includes('generateMixinUser: old 8, wave, Waves, instanceof Old true'), l.join('\n'));
});
