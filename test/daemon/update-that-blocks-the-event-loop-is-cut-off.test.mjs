// An update whose hook blocks the app's event loop (`while (true) {}`) cannot be cut off from inside
// the app: the daemon sees that an instance with an update under way stops answering for longer
// than updates.hook_timeout, kills it and restarts it without the update (update.rolledback, mode
// cold, then update.failed). The app is never left shown `online` while it is stuck.
import test from 'ava';
import { sandbox, startAndWaitOnline } from '../helpers/moult.mjs';

const APP = `const { log } = require('moult/runtime');
let n = 0;
function hello() { return 'v1'; }
setInterval(() => log(hello() + ' ' + n++), 100);
module.exports = { hello };
`;

const SPIN = `const { Update } = require('moult/runtime');
module.exports = () => {
  class Spin extends Update {
    checkAlterability() { return true; }
    apply() { for (;;) {} }
  }
  return new Spin({ name: 'spin' });
};
`;

test('an update that blocks the event loop is killed after hook_timeout and the app restarts without it', async (t) => {
  const sb = sandbox(t);
  sb.files({ 'app.js': APP, 'spin.js': SPIN });
  const eco = sb.ecosystem([{ name: 'a', script: 'app.js', updates: { hook_timeout: '1s' } }]);
  await startAndWaitOnline(sb, eco, { apps: { a: 1 } });
  const [{ pid }] = await sb.ls();
  const r = await sb.cli(['update', 'a', 'spin.js', '--timeout', '20']);
  t.is(r.code, 1, r.stdout + r.stderr);
  const { index: cold } = await sb.waitEvent({ event: 'update.rolledback', app: 'a', update: 'spin', mode: 'cold' });
  await sb.waitEvent({ event: 'update.failed', app: 'a', update: 'spin', error: /event loop/ }, { from: cold });
  const { index: online } = await sb.waitEvent({ event: 'app.online', app: 'a' }, { from: cold });
  const { event } = await sb.waitEvent({ event: 'app.log', app: 'a' }, { from: online });
  t.regex(event.msg, /^v1 /);
  const [after] = await sb.ls();
  t.not(after.pid, pid, 'a new process');
  t.deepEqual(after.updates, []);
});
