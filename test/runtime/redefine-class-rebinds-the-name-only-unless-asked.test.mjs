// Parity row 68: redefineClass(module, cls, newCls) is Pymoult's: it rebinds the module's name
// and nothing else (live instances keep their class, for a lazy conversion to find); converting
// every live instance now is asked for with {eager: transformer | true} (or a transformer as the
// fourth argument, the form moult had before).
import test from 'ava';
import { startApp, finish, logs } from './helpers.mjs';

const app = `
const { redefineClass, log } = require('moult/runtime');
class Old { constructor(n) { this.n = n; } what() { return 'old ' + this.n; } }
class New { what() { return 'new ' + this.n + (this.extra ? ' ' + this.extra : ''); } }
class Newer { what() { return 'newer ' + this.n; } }
const mod = { Old, other: Old };
const live = [new Old(1), new Old(2)];
const n0 = redefineClass(mod, Old, New);
log('rebind only: ' + n0 + ' converted, mod.Old is New ' + (mod.Old === New) + ', mod.other is New ' + (mod.other === New) + ', live: ' + live.map((o) => o.what()).join(','));
log('made through the module: ' + new mod.Old().constructor.name);
const n1 = redefineClass(mod, Old, Newer, { eager: (o) => { o.extra = 'x'; } });
log('eager: ' + n1 + ' converted, live: ' + live.map((o) => o.what() + (o.extra ? '+' + o.extra : '')).join(','));
`;

test('redefineClass rebinds the module name only; eager conversion only when asked (row 68)', async (t) => {
  const a = startApp(t, { 'app.js': app });
  const l = logs(await finish(t, a));
  t.true(l.includes('rebind only: 0 converted, mod.Old is New true, mod.other is New true, live: old 1,old 2'), l.join('\n'));
  t.true(l.includes('made through the module: New'), l.join('\n'));
  t.true(l.includes('eager: 2 converted, live: newer 1+x,newer 2+x'), l.join('\n'));
});
