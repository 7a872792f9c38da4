// Audit row 4.6: an update that completed in the app but could not be recorded (disk full: it is
// then rolled back and failed) stayed listed by `moult ls` as if in force, while `describe` said
// "no update in force" and `rollback` "no completed update to roll back"; applied again once there
// was room, `ls` showed `fix,fix`. ls, describe and rollback now tell the same story at each step.
// Needs root: the home's folder is a tiny tmpfs (test/helpers/tiny-home.mjs).
import test from 'ava';
import { sandbox, show, startAndWaitOnline } from '../helpers/moult.mjs';
import { freePort, get } from '../helpers/http-load.mjs';
import { fillHome, isRoot, tinyHome } from '../helpers/tiny-home.mjs';

const APP = `
const http = require('node:http');
function greet() { return 'hello v1'; }
http.createServer((req, res) => res.end(greet())).listen(Number(process.env.PORT), '127.0.0.1');
module.exports = { greet };
`;
const FIX = `const { SafeRedefineUpdate } = require('moult/runtime');
module.exports = (ctx) => new SafeRedefineUpdate(ctx.main, ctx.main.greet, () => 'hello v2', { name: 'fix' });
`;

async function story(sb) {
  const [inst] = await sb.ls();
  const d = await sb.cli(['describe', 'web']);
  return { ls: inst.updates, describe: d.stdout };
}

test('row 4.6: after a disk-full failure to record an update, ls, describe and rollback agree; applied again, it is listed once', async (t) => {
  t.true(isRoot, 'this test needs root, to mount a tmpfs as MOULT_HOME: run it as root (sudo npx ava <this file>)');
  if (!isRoot) return;
  const sb = sandbox(t);
  tinyHome(t, sb);
  const port = await freePort();
  sb.files({ 'app.js': APP, 'fix.js': FIX });
  await startAndWaitOnline(sb, sb.ecosystem([{ name: 'web', script: 'app.js', env: { PORT: port } }]), { apps: { web: 1 } });

  const heal = fillHome(sb.home);
  const r = await sb.cli(['update', 'web', 'fix.js']);
  t.is(r.code, 1, show(r));
  t.regex(r.stdout, /fix: rolledback \(the update could not be recorded/);
  t.is((await get(port)).body, 'hello v1');
  const failed = await story(sb);
  t.deepEqual(failed.ls, [], `ls lists no update: ${JSON.stringify(failed)}`);
  t.regex(failed.describe, /no update in force/);
  const rb = await sb.cli(['rollback', 'web']);
  t.regex(rb.stdout + rb.stderr, /no completed update to roll back/, show(rb));

  heal();
  const again = await sb.cli(['update', 'web', 'fix.js']);
  t.is(again.code, 0, show(again));
  t.is((await get(port)).body, 'hello v2');
  const applied = await story(sb);
  t.deepEqual(applied.ls, ['fix'], `listed once: ${JSON.stringify(applied)}`);
  t.regex(applied.describe, /updates in force[^]*fix/);

  const back = await sb.cli(['rollback', 'web']);
  t.is(back.code, 0, show(back));
  t.is((await get(port)).body, 'hello v1');
  const rolled = await story(sb);
  t.deepEqual(rolled.ls, [], `nothing listed after the rollback: ${JSON.stringify(rolled)}`);
  t.regex(rolled.describe, /no update in force/);
});
