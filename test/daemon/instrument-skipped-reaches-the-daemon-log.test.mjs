// SPEC 6.7 under the daemon: an app one of whose modules the rewrite cannot handle starts and
// goes online, and moultd.log gets exactly one instrument.skipped warning for that module (file,
// line, reason) from the instance, whatever the restarts: each start loads it as written again
// (and says so once), the instrument cache keeps nothing of it. The rewrite's test seam
// (MOULT_TEST_BREAK_REWRITE, reaching the app through the daemon's environment) breaks it.
import path from 'node:path';
import test from 'ava';
import { sandbox, startAndWaitOnline, findEvents } from '../helpers/moult.mjs';

test('an app with a module whose rewrite does not compile goes online, and the daemon log names the module once per start', async (t) => {
  const sb = sandbox(t);
  sb.files({
    'lib.js': '// BREAK-THIS-REWRITE\nfunction answer() {\n  return 42;\n}\nmodule.exports = { answer };\n',
    'app.js': "const { log } = require('moult/runtime');\nconst { answer } = require('./lib');\nlog('answer ' + answer());\nsetInterval(() => {}, 1000);\n",
  });
  const eco = sb.ecosystem([{ name: 'w', script: 'app.js', env: { MOULT_TEST_BREAK_REWRITE: 'BREAK-THIS-REWRITE' } }]);
  await startAndWaitOnline(sb, eco, { apps: { w: 1 } });
  t.is((await sb.cli(['restart', 'w'])).code, 0);
  await sb.waitEvent({ event: 'app.online', app: 'w' }, { count: 2 });
  // The instance reports it as its modules load, which may be after it is online.
  await sb.waitEvent({ event: 'instrument.skipped', app: 'w' }, { count: 2 });
  await sb.waitEvent({ event: 'app.log', app: 'w', msg: 'answer 42' }, { count: 2 });
  const skipped = findEvents(sb.home, { event: 'instrument.skipped' });
  t.is(skipped.length, 2, 'one per start');
  for (const e of skipped) {
    t.like(e, { app: 'w', instance: 0, level: 'warn', file: path.join(sb.appDir, 'lib.js'), line: 2 });
    t.regex(e.reason, /^the rewritten code does not compile: SyntaxError/);
  }
});
