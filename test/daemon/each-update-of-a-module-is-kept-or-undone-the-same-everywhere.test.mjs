// SPEC 6.6 with Pymoult's semantics: each update a module produces is its own transaction, so one
// may complete while another is aborted (requirements 'never'); what the app keeps is decided per
// update, the same on every instance. Here both instances complete `a` and abort `never`: `a` is
// in the release, on both, and a restarted instance gets it replayed (the module's `never` aborts
// again there, which is no failure of the replay), and ends on the release, not flagged.
import test from 'ava';
import { sandbox, show, startAndWaitOnline } from '../helpers/moult.mjs';

const APP = `const { log } = require('moult/runtime');
function hello() { return 'v1'; }
setInterval(() => log(hello()), 100);
module.exports = { hello };
`;
const TWO = `const { SafeRedefineUpdate, Update } = require('moult/runtime');
class Never extends Update {
  checkRequirements() { return 'never'; }
  checkAlterability() { return true; }
}
module.exports = (ctx) => [
  new SafeRedefineUpdate(ctx.main, ctx.main.hello, () => 'v2', { name: 'a' }),
  new Never({ name: 'never' }),
];
`;

test("an update aborted on every instance leaves the module's completed update in force everywhere, and replayed", async (t) => {
  const sb = sandbox(t);
  sb.files({ 'app.js': APP, 'two.js': TWO });
  const eco = sb.ecosystem([{ name: 'app', script: 'app.js', instances: 2, min_uptime: '200ms' }]);
  await startAndWaitOnline(sb, eco, { apps: { app: 2 } });
  const r = await sb.cli(['update', 'app', 'two.js']);
  t.is(r.code, 1, show(r)); // not every update completed
  t.regex(r.stdout, /app\[0\] a: completed/);
  t.regex(r.stdout, /app\[1\] a: completed/);
  t.regex(r.stdout, /app\[1\] never: aborted/);
  t.deepEqual(sb.find({ event: 'update.rolledback' }), [], 'nothing undone: the app is the same everywhere');
  const before = await sb.ls();
  t.deepEqual(before.map((i) => i.updates), [['a'], ['a']]);
  t.true(before.every((i) => i.instance_release === i.release && !i.drift));

  await new Promise((res) => setTimeout(res, 400)); // past min_uptime
  const mark = sb.events().length;
  process.kill(before[1].pid, 'SIGKILL');
  await sb.waitEvent({ event: 'update.replayed', app: 'app', instance: 1, update: 'a' }, { from: mark });
  const { index } = await sb.waitEvent({ event: 'app.online', app: 'app', instance: 1 }, { from: mark });
  await sb.waitEvent({ event: 'app.log', app: 'app', instance: 1, msg: 'v2' }, { from: index });
  t.deepEqual(sb.find({ event: 'app.drift' }), []);
  const after = await sb.ls();
  t.deepEqual(after.map((i) => i.updates), [['a'], ['a']]);
  t.true(after.every((i) => i.instance_release === i.release && !i.drift), JSON.stringify(after));
});
