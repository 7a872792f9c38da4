// Issue 11, finding 2: symlinks planted at moultd.pid or logs/moultd.log made the daemon (even a
// root daemon) truncate or append to their targets. The daemon opens the files it writes in the
// home without following symlinks: a planted one is refused with a warning naming it, its target
// is never written, and the daemon starts and serves as usual.
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { sandbox, show, waitFor } from '../helpers/moult.mjs';

test('symlinks planted at moultd.pid and logs/moultd.log are not followed: their targets stay unchanged', async (t) => {
  const sb = sandbox(t);
  const victimPid = path.join(sb.root, 'victim-pid.txt');
  const victimLog = path.join(sb.root, 'victim-log.txt');
  const original = 'precious content\n';
  fs.writeFileSync(victimPid, original);
  fs.writeFileSync(victimLog, original);
  fs.mkdirSync(path.join(sb.home, 'logs'), { recursive: true, mode: 0o700 });
  fs.chmodSync(sb.home, 0o700);
  fs.symlinkSync(victimPid, path.join(sb.home, 'moultd.pid'));
  fs.symlinkSync(victimLog, path.join(sb.home, 'logs', 'moultd.log'));

  const r = await sb.cli(['ls', '--json'], { timeoutMs: 15_000 });
  t.is(r.code, 0, show(r));
  t.deepEqual(JSON.parse(r.stdout), [], 'the daemon started and answers');

  t.is(fs.readFileSync(victimPid, 'utf8'), original, 'the target of the moultd.pid symlink was not written');
  t.is(fs.readFileSync(victimLog, 'utf8'), original, 'the target of the logs/moultd.log symlink was not written');

  const log = path.join(sb.home, 'logs', 'moultd.log');
  t.false(fs.lstatSync(log).isSymbolicLink(), 'logs/moultd.log is now a regular file of the daemon');
  await waitFor(() => sb.find({ event: 'daemon.started' }).length === 1, 'daemon.started in the new moultd.log');
  const warnings = sb.find({ event: 'daemon.warning' }).map((e) => e.msg).join('\n');
  t.true(warnings.includes(path.join(sb.home, 'moultd.pid')), `a warning names moultd.pid: ${warnings}`);
  t.true(warnings.includes(log), `a warning names logs/moultd.log: ${warnings}`);
  // With the link gone, moultd.pid is the daemon's own regular file again.
  const pidFile = path.join(sb.home, 'moultd.pid');
  if (fs.existsSync(pidFile)) t.false(fs.lstatSync(pidFile).isSymbolicLink());

  t.is(fs.readFileSync(victimPid, 'utf8'), original);
  t.is(fs.readFileSync(victimLog, 'utf8'), original);
});
