// Audit re-run of 2026-12-04 (docs/security-audit.md), new row N1: MOULT_HOME reached through a
// symlink another user owns, in a sticky folder others can write (/tmp). The sticky bit lets
// them remove or re-point their own symlink at any time: after the daemon started, they could put
// a folder of their own in the home's place (the attack of row 1.8, through a symlink). Before,
// the folders above the home and the folder the link points to were checked, not the link itself:
// a root moult took `/tmp/<nobody's link> -> <root's folder>` as its home and started there.
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { runCli, sandbox, show } from '../helpers/moult.mjs';
import { needsRoot, asNobody, sharedFolder } from '../helpers/other-user.mjs';

test('N1: a MOULT_HOME that is another user\'s symlink in a sticky folder is refused before anything is written', async (t) => {
  if (!needsRoot(t)) return;
  const sb = sandbox(t);
  const shared = sharedFolder(sb); // root's, 1777: a /tmp of the test's own
  const real = path.join(sb.root, 'real-home');
  fs.mkdirSync(real, { mode: 0o700 });
  const link = path.join(shared, 'home');
  asNobody(`ln -s '${real}' '${link}'`);
  // Should the home be taken (the bug), its daemon is stopped with the test.
  t.teardown(async () => { if (fs.existsSync(path.join(real, 'moultd.pid'))) await runCli(real, ['kill']); });
  const r = await runCli(link, ['ls'], { cwd: sb.appDir });
  t.is(r.code, 2, show(r));
  t.true(r.stderr.includes(link), `the link is named: ${r.stderr}`);
  t.regex(r.stderr, /uid 65534/, r.stderr);
  t.deepEqual(fs.readdirSync(real), [], 'nothing was written in the folder it points to');
  // The same link made by the user (or root) is theirs to keep: accepted.
  fs.unlinkSync(link);
  fs.symlinkSync(real, link);
  const ok = await runCli(link, ['ls'], { cwd: sb.appDir });
  t.is(ok.code, 0, show(ok));
  await runCli(link, ['kill']);
});
