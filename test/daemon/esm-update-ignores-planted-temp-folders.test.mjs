// An ES module update is never written to a predictable path another user could plant: a folder
// /tmp/moult-updates-<pid> with a symlink where the update would go (to a file of the victim's,
// or to the attacker's own code) is neither followed nor used. Node 22+ imports the update from
// memory; Node 20 writes it to a fresh private mkdtemp folder.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { sandbox, startAndWaitOnline } from '../helpers/moult.mjs';

const APP = `const { log } = require('moult/runtime');
function hello() { return 'v1'; }
setInterval(() => log(hello()), 100);
module.exports = { hello };
`;
const UPDATE = `import { SafeRedefineUpdate } from 'moult/runtime';
export default (ctx) => new SafeRedefineUpdate(ctx.main, ctx.main.hello, () => 'v2', { name: 'esm' });
`;

test('an ES update does not use or follow a planted /tmp/moult-updates-<pid> folder', async (t) => {
  const sb = sandbox(t);
  const tmp = path.join(sb.root, 'tmp');
  fs.mkdirSync(tmp, { mode: 0o1777 });
  sb.files({ 'app.js': APP, 'esm.mjs': UPDATE });
  const eco = sb.ecosystem([{ name: 'a', script: 'app.js', env: { TMPDIR: tmp } }]);
  await startAndWaitOnline(sb, eco, { apps: { a: 1 } });
  const [{ pid }] = await sb.ls();
  // What an attacker plants where the update used to be written.
  const victim = path.join(sb.root, 'victim.txt');
  fs.writeFileSync(victim, 'precious\n');
  const planted = path.join(tmp, `moult-updates-${pid}`);
  fs.mkdirSync(planted, { mode: 0o777 });
  const hash = crypto.createHash('sha256').update(UPDATE).digest('hex').slice(0, 16);
  fs.symlinkSync(victim, path.join(planted, `esm-${hash}.mjs`));

  const r = await sb.cli(['update', 'a', 'esm.mjs']);
  t.is(r.code, 0, r.stdout + r.stderr);
  const { index } = await sb.waitEvent({ event: 'update.completed', app: 'a', update: 'esm' });
  await sb.waitEvent({ event: 'app.log', app: 'a', msg: 'v2' }, { from: index });
  t.is(fs.readFileSync(victim, 'utf8'), 'precious\n', 'the symlink target is untouched');
  t.true(fs.lstatSync(path.join(planted, `esm-${hash}.mjs`)).isSymbolicLink(), 'the planted link is left as it was');
  t.deepEqual(fs.readdirSync(tmp).filter((f) => f.startsWith('moult-update-')), [], 'no private folder left behind');
});
