// Run by scripts/test.mjs after the suite (passed or not): no daemon, app, cluster primary or etcd that it started is
// still alive. Each one found is named (pid and command line), killed, and the step fails, so a
// test that leaks processes is caught on the line where it leaks (and the next line starts clean).
// What counts as the suite's: a process running this checkout's dist/ (daemons, apps with the
// preload, primaries before they rename themselves), a cluster primary whose environment names
// this checkout, and an etcd of a test (data dir moult-etcd-*) that ran in this checkout.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = `${path.join(ROOT, 'dist')}${path.sep}`;

function read(file) {
  try { return fs.readFileSync(file, 'utf8'); } catch { return ''; }
}

function cwdOf(pid) {
  try { return fs.readlinkSync(`/proc/${pid}/cwd`); } catch { return ''; }
}

function ours(pid) {
  const cmd = read(`/proc/${pid}/cmdline`).split('\0').join(' ').trim();
  if (!cmd) return null;
  if (cmd.includes(DIST)) return cmd;
  if (cmd.startsWith('moult cluster primary') && read(`/proc/${pid}/environ`).includes(ROOT)) return cmd;
  // An etcd of the fleet tests runs in the folder its test ran in (other checkouts run their own).
  if (/(^|\/)etcd\b/.test(cmd) && cmd.includes('moult-etcd-') && cwdOf(pid) === ROOT) return cmd;
  return null;
}

const found = [];
for (const d of fs.readdirSync('/proc')) {
  if (!/^\d+$/.test(d) || Number(d) === process.pid) continue;
  const state = read(`/proc/${d}/stat`).split(') ')[1]?.[0];
  if (state === 'Z') continue; // a zombie its parent has not reaped yet: not running
  const cmd = ours(d);
  if (cmd) found.push({ pid: Number(d), cmd });
}
for (const { pid } of found) {
  try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
}
if (found.length) {
  process.stderr.write(`not ok - the suite left ${found.length} process(es) running (killed now):\n${found.map((p) => `  ${p.pid} ${p.cmd.slice(0, 200)}`).join('\n')}\n`);
  process.exit(1);
}
process.stdout.write('# no process of the suite is left running\n');
