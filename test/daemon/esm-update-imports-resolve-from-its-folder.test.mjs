// Audit 2026-12-03, rows 1.2 and 1.3 (Node 20): an ES module update's relative and bare imports
// resolve from the update file's own folder (and so from the app's node_modules), as on Node 22+,
// never from a temp folder. Node 20 used to import the update from mkdtemp(os.tmpdir()), so that
// `../x.mjs` and a bare `pkg` loaded what another user had planted in /tmp, as the app's user.
// Here the app's temp folder (TMPDIR) is a sticky world-writable folder of the test, with the
// attacker's copies of both modules in it.
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { sandbox, startAndWaitOnline } from '../helpers/moult.mjs';

const APP = `const { log } = require('moult/runtime');
function tag() { return 'v1'; }
setInterval(() => log(tag()), 100);
module.exports = { tag };
`;
const PLANT = (what) => `import fs from 'node:fs';
fs.writeFileSync(process.env.PLANTED_MARK + '-${what}', 'planted ${what} ran as uid ' + process.getuid());
export default 'PLANTED';
export const tag = 'PLANTED';
`;

test('1.2 / 1.3: an ES update imports ../lib/x.mjs and a bare package from its own folder and the app\'s node_modules, not from the temp folder', async (t) => {
  const sb = sandbox(t);
  const tmp = path.join(sb.root, 'tmp');
  fs.mkdirSync(tmp);
  fs.chmodSync(tmp, 0o1777);
  const mark = path.join(sb.root, 'PLANTED');
  sb.files({
    'app.js': APP,
    'hostile-lib-42/tag.mjs': "export const tag = 'legit helper';\n",
    'node_modules/hostile-audit-pkg-42/package.json': JSON.stringify({ name: 'hostile-audit-pkg-42', type: 'module', main: 'index.js' }),
    'node_modules/hostile-audit-pkg-42/index.js': "export default 'legit app dependency';\n",
    'updates/fix.mjs': `import { SafeRedefineUpdate } from 'moult/runtime';
import { tag } from '../hostile-lib-42/tag.mjs';
import helper from 'hostile-audit-pkg-42';
export default (ctx) => new SafeRedefineUpdate(ctx.main, ctx.main.tag, () => \`fixed (\${tag}, \${helper})\`, { name: 'fix' });
`,
  });
  // What another user plants in the shared temp folder: the same relative path and package name.
  fs.mkdirSync(path.join(tmp, 'hostile-lib-42'));
  fs.writeFileSync(path.join(tmp, 'hostile-lib-42', 'tag.mjs'), PLANT('relative'));
  fs.mkdirSync(path.join(tmp, 'node_modules', 'hostile-audit-pkg-42'), { recursive: true });
  fs.writeFileSync(path.join(tmp, 'node_modules', 'hostile-audit-pkg-42', 'package.json'), JSON.stringify({ name: 'hostile-audit-pkg-42', type: 'module', main: 'index.js' }));
  fs.writeFileSync(path.join(tmp, 'node_modules', 'hostile-audit-pkg-42', 'index.js'), PLANT('package'));

  const eco = sb.ecosystem([{ name: 'web', script: 'app.js', env: { TMPDIR: tmp, PLANTED_MARK: mark } }]);
  await startAndWaitOnline(sb, eco, { apps: { web: 1 } });
  const r = await sb.cli(['update', 'web', 'updates/fix.mjs']);
  t.is(r.code, 0, r.stdout + r.stderr);
  const { index } = await sb.waitEvent({ event: 'update.completed', app: 'web', update: 'fix' });
  await sb.waitEvent({ event: 'app.log', app: 'web', msg: 'fixed (legit helper, legit app dependency)' }, { from: index });
  t.false(fs.existsSync(`${mark}-relative`), 'the planted relative module never ran');
  t.false(fs.existsSync(`${mark}-package`), 'the planted package never ran');
  t.deepEqual(fs.readdirSync(tmp).filter((f) => f.startsWith('moult-update-')), [], 'nothing of the update was written to the temp folder');
});
