// A `moult patch` is `completed` only when the new code is what runs. A patch that adds a method to
// a class that the module exported at load (`module.exports = { A }`) declared the new class in the
// patch's own scope only: nothing that had read `A` at load (the exports, the app's destructured
// `A`, its instances) could see it, yet the patch said completed (found by i20-units' patch-planning
// tables, 2026-12-04). What a line computed at load from a binding the patch changes cannot be
// computed again by a patch: refused, naming the line and the binding, and the app left as it ran.
import test from 'ava';
import { sandbox, show, startAndWaitOnline } from '../helpers/moult.mjs';

const LIB = "class A {\n  m() { return 'm'; }\n}\nmodule.exports = { A };\n";
const GAINS_A_METHOD = "class A {\n  m() { return 'm'; }\n  n() { return 'n'; }\n}\nmodule.exports = { A };\n";
const APP = "const { log } = require('moult/runtime');\nconst { A } = require('./lib');\nconst a = new A();\nsetInterval(() => log('probe ' + typeof a.n + ' ' + typeof new (require('./lib').A)().n + ' ' + a.m()), 100);\n";

test('a patch that adds a method to a class the module exported at load is refused with the line that read it, and the app runs on unchanged', async (t) => {
  const sb = sandbox(t);
  sb.files({ 'lib.js': LIB, 'app.js': APP, 'patches/lib.js': GAINS_A_METHOD });
  const eco = sb.ecosystem([{ name: 'p', script: 'app.js' }]);
  await startAndWaitOnline(sb, eco, { apps: { p: 1 } });
  await sb.waitEvent({ event: 'app.log', app: 'p', msg: /^probe/ });
  const r = await sb.cli(['patch', 'p', 'patches/lib.js']);
  t.is(r.code, 1, show(r));
  t.regex(r.stdout + r.stderr, /line 4 read A as the module loaded/, show(r));
  t.notRegex(r.stdout, /completed/, show(r));
  const { index } = await sb.waitEvent({ event: /update\.(completed|failed|aborted|rejected)/, app: 'p' });
  t.not(sb.events()[index].event, 'update.completed');
  const { event } = await sb.waitEvent({ event: 'app.log', app: 'p', msg: /^probe/ }, { from: index + 1 });
  t.is(event.msg, 'probe undefined undefined m', 'the app runs the code it ran before');
});
