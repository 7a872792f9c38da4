// Completed updates are replayed from the copies the daemon keeps under $MOULT_HOME/updates/, named
// by their sha256. A file planted there before the update (or changed after it) is never what
// runs: a planted copy is replaced by the real source when the update arrives, and a copy that no
// longer matches its recorded sha256 is not replayed (an app.drift warning names it, and `moult ls`
// flags the instance: it runs other code than its app's release, SPEC 6.6).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { sandbox, startAndWaitOnline, REDEFINE_APP, REDEFINE_UPDATE } from '../helpers/moult.mjs';

const EVIL = `const { log } = require('moult/runtime'); log('planted code ran'); module.exports = () => {};\n`;
const sha = crypto.createHash('sha256').update(REDEFINE_UPDATE).digest('hex');

async function killAndWaitRestart(t, sb) {
  const [{ pid }] = await sb.ls();
  process.kill(pid, 'SIGKILL');
  const { index } = await sb.waitEvent({ event: 'app.exited', app: 'r' });
  return index;
}

test('a copy planted under updates/ before the update is replaced by the real source, which is what replays', async (t) => {
  const sb = sandbox(t);
  sb.files({ 'app.js': REDEFINE_APP, 'update.js': REDEFINE_UPDATE });
  const eco = sb.ecosystem([{ name: 'r', script: 'app.js', min_uptime: '100ms' }]);
  await startAndWaitOnline(sb, eco, { apps: { r: 1 } });
  fs.mkdirSync(path.join(sb.home, 'updates'), { recursive: true, mode: 0o700 });
  fs.writeFileSync(path.join(sb.home, 'updates', `${sha}.js`), EVIL, { mode: 0o600 });
  const r = await sb.cli(['update', 'r', 'update.js']);
  t.is(r.code, 0, r.stdout + r.stderr);
  await new Promise((res) => setTimeout(res, 600)); // past min_uptime
  const exited = await killAndWaitRestart(t, sb);
  const { index } = await sb.waitEvent({ event: 'update.replayed', app: 'r', update: 'func' }, { from: exited });
  await sb.waitEvent({ event: 'app.log', app: 'r', msg: 'v2' }, { from: index });
  t.false(sb.events().some((e) => e.msg === 'planted code ran'));
});

test('a stored copy changed after the update is not replayed, a warning names it, and the instance is flagged as drift', async (t) => {
  const sb = sandbox(t);
  sb.files({ 'app.js': REDEFINE_APP, 'update.js': REDEFINE_UPDATE });
  const eco = sb.ecosystem([{ name: 'r', script: 'app.js', min_uptime: '100ms' }]);
  await startAndWaitOnline(sb, eco, { apps: { r: 1 } });
  const r = await sb.cli(['update', 'r', 'update.js']);
  t.is(r.code, 0, r.stdout + r.stderr);
  await new Promise((res) => setTimeout(res, 600));
  const stored = path.join(sb.home, 'updates', `${sha}.js`);
  fs.writeFileSync(stored, EVIL);
  const exited = await killAndWaitRestart(t, sb);
  const { event } = await sb.waitEvent({ event: 'app.drift', app: 'r', msg: /does not match/ }, { from: exited });
  t.true(event.msg.includes(stored));
  await sb.waitEvent({ event: 'app.log', app: 'r', msg: 'v1' }, { from: exited });
  t.false(sb.events().some((e) => e.msg === 'planted code ran'));
  t.false(sb.events().slice(exited).some((e) => e.event === 'update.replayed'));
  const [inst] = await sb.ls();
  t.true(inst.drift, 'flagged: it runs other code than its release');
  t.not(inst.instance_release, inst.release);
  t.is(event.release, inst.release);
  const table = await sb.cli(['ls']);
  t.regex(table.stdout, new RegExp(`${inst.instance_release}!`));
  t.regex(table.stdout, /! r\[0\] runs other code than its app's release/);
});
