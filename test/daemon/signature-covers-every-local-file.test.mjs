// Audit 2026-12-03, row 6.4 (issue 16, item 3): a signature covers everything that runs. A signed
// update that requires (or imports) its own helper files is signed, verified and sent as one unit
// with them: a helper changed after signing makes the update refused (before: the unsigned helper
// ran, exit 0), and the app loads the helpers from what the daemon verified, never from disk; a
// local file the update loads by a computed name is not part of it and is refused.
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { createRequire } from 'node:module';
import { ROOT, sandbox, show, startAndWaitOnline } from '../helpers/moult.mjs';

const APP = `const { log } = require('moult/runtime');
function render(n) { return 'v1 ' + n; }
let n = 0;
setInterval(() => log(module.exports.render(n++).split(' ')[0]), 100);
module.exports = { render };
`;

async function signedSetup(t) {
  const sb = sandbox(t);
  sb.files({ 'app.js': APP });
  const k = await sb.cli(['keygen', '--out', sb.appDir, '--json']);
  if (k.code !== 0) throw new Error(show(k));
  const key = JSON.parse(k.stdout);
  sb.files({ 'ecosystem.json': { apps: [{ name: 'web', script: 'app.js' }], daemon: { trusted_keys: [key.publicRaw] } } });
  const eco = path.join(sb.appDir, 'ecosystem.json');
  await startAndWaitOnline(sb, eco, { apps: { web: 1 } });
  return { sb, key };
}

test('6.4: a signed CommonJS update is verified with the helper it requires; the helper changed after signing is refused', async (t) => {
  const { sb, key } = await signedSetup(t);
  const mark = path.join(sb.root, 'UNSIGNED-HELPER-RAN');
  sb.files({
    'signed2.js': "const { SafeRedefineUpdate } = require('moult/runtime');\nconst { render } = require('./helper2.js');\nmodule.exports = (ctx) => new SafeRedefineUpdate(ctx.main, ctx.main.render, render, { name: 'signed2' });\n",
    'helper2.js': "exports.render = (n) => 'reviewed ' + n;\n",
  });
  const ok = await sb.cli(['update', 'web', 'signed2.js', '--sign', key.privateFile]);
  t.is(ok.code, 0, show(ok));
  const { index } = await sb.waitEvent({ event: 'update.completed', update: 'signed2' });
  await sb.waitEvent({ event: 'app.log', app: 'web', msg: 'reviewed' }, { from: index });

  // The same update again, its .sig kept, its helper changed since it was signed.
  fs.writeFileSync(path.join(sb.appDir, 'helper2.js'), `require('fs').writeFileSync(${JSON.stringify(mark)}, 'x');\nexports.render = (n) => 'UNSIGNED ' + n;\n`);
  const changed = await sb.cli(['update', 'web', 'signed2.js']);
  t.is(changed.code, 2, show(changed));
  t.regex(changed.stderr, /bad signature/);
  t.false(fs.existsSync(mark), 'the changed helper never ran');
});

test('6.4: a signed ES module update is verified with the module it imports; changed after signing, refused', async (t) => {
  const { sb, key } = await signedSetup(t);
  sb.files({
    'signed.mjs': "import { SafeRedefineUpdate } from 'moult/runtime';\nimport { render } from './lib/helper.mjs';\nexport default (ctx) => new SafeRedefineUpdate(ctx.main, ctx.main.render, render, { name: 'signed' });\n",
    'lib/helper.mjs': "export const render = (n) => 'esm-reviewed ' + n;\n",
  });
  const ok = await sb.cli(['update', 'web', 'signed.mjs', '--sign', key.privateFile]);
  t.is(ok.code, 0, show(ok));
  const { index } = await sb.waitEvent({ event: 'update.completed', update: 'signed' });
  await sb.waitEvent({ event: 'app.log', app: 'web', msg: 'esm-reviewed' }, { from: index });
  fs.appendFileSync(path.join(sb.appDir, 'lib', 'helper.mjs'), "export const extra = 'added after signing';\n");
  const changed = await sb.cli(['update', 'web', 'signed.mjs']);
  t.is(changed.code, 2, show(changed));
  t.regex(changed.stderr, /bad signature/);
});

test('6.4: a signature of the entry file alone (without its helper) is refused', async (t) => {
  const { sb, key } = await signedSetup(t);
  sb.files({
    'entry-only.js': "const { SafeRedefineUpdate } = require('moult/runtime');\nconst { render } = require('./h.js');\nmodule.exports = (ctx) => new SafeRedefineUpdate(ctx.main, ctx.main.render, render, { name: 'entry-only' });\n",
    'h.js': "exports.render = (n) => 'h ' + n;\n",
  });
  // As the audit signed it: the entry's bytes only.
  const { signSource } = createRequire(import.meta.url)(path.join(ROOT, 'dist', 'protocol', 'signature.js'));
  fs.writeFileSync(path.join(sb.appDir, 'entry-only.js.sig'), signSource(fs.readFileSync(path.join(sb.appDir, 'entry-only.js'), 'utf8'), fs.readFileSync(key.privateFile, 'utf8')));
  const r = await sb.cli(['update', 'web', 'entry-only.js']);
  t.is(r.code, 2, show(r));
  t.regex(r.stderr, /bad signature/);
});

test('6.4: a local file loaded by a computed name is not part of the update: refused when it loads, nothing of it runs', async (t) => {
  const sb = sandbox(t);
  const mark = path.join(sb.root, 'COMPUTED-RAN');
  sb.files({
    'app.js': APP,
    'computed.js': "const { SafeRedefineUpdate } = require('moult/runtime');\nconst name = './comp' + 'uted-helper.js';\nconst { render } = require(name);\nmodule.exports = (ctx) => new SafeRedefineUpdate(ctx.main, ctx.main.render, render, { name: 'computed' });\n",
    'computed-helper.js': `require('fs').writeFileSync(${JSON.stringify(mark)}, 'x');\nexports.render = (n) => 'computed ' + n;\n`,
  });
  const eco = sb.ecosystem([{ name: 'web', script: 'app.js' }]);
  await startAndWaitOnline(sb, eco, { apps: { web: 1 } });
  const r = await sb.cli(['update', 'web', 'computed.js']);
  t.is(r.code, 1, show(r));
  t.regex(r.stdout, /not part of the update/);
  t.false(fs.existsSync(mark));
});
