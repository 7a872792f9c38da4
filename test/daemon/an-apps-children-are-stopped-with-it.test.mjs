// Audit row 4.9 (issue 16 item 7): an app's own child processes survived its stop, its restarts
// and `moult kill` (4 left after a stop, 13 after two restarts and a kill), even those in the
// app's own process group. An app is spawned detached, so it leads a process group: moult stops
// the whole group, as pm2's treekill stops the tree, with SIGINT and then SIGKILL after
// kill_timeout for those that ignore it; a child the app started in a session of its own
// (detached) is found by walking the app's process tree while the app still runs. Processes are
// counted by their environment (MOULT_HOME of the sandbox), as the conformance runner does.
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { homeProcesses, sandbox, show, startAndWaitOnline, waitFor } from '../helpers/moult.mjs';

// Three children: one plain, one that ignores SIGINT and SIGTERM (so does its own `sleep`), one
// detached into a session of its own. It prints their pids once they run.
const FORKER = `const { spawn } = require('node:child_process');
const kids = [
  spawn('sleep', ['1001'], { stdio: 'ignore' }),
  spawn('sh', ['-c', 'trap "" INT TERM; sleep 1002'], { stdio: 'ignore' }),
  spawn('sleep', ['1003'], { stdio: 'ignore', detached: true }),
];
setTimeout(() => console.log('children', kids.map((k) => k.pid).join(' ')), 300);
if (process.env.CRASH) setTimeout(() => process.exit(3), 600);
setInterval(() => {}, 1000);
`;

const daemonPid = (sb) => Number(fs.readFileSync(path.join(sb.home, 'moultd.pid'), 'utf8'));
/** Every process of the sandbox but its daemon. */
const others = (sb) => homeProcesses(sb.home).filter((p) => p !== daemonPid(sb));

async function childrenUp(sb, count) {
  const out = path.join(sb.home, 'logs', 'forker-0.out.log');
  await waitFor(() => fs.existsSync(out) && fs.readFileSync(out, 'utf8').split('\n').filter((l) => l.startsWith('children')).length >= count, `the children of launch ${count}`);
}

test('row 4.9: stop ends the app\'s children too, SIGKILLing those that ignore SIGINT; restarts and kill leave none', async (t) => {
  const sb = sandbox(t);
  sb.files({ 'forker.js': FORKER });
  await startAndWaitOnline(sb, sb.ecosystem([{ name: 'forker', script: 'forker.js', kill_timeout: 1000 }]), { apps: { forker: 1 } });
  await childrenUp(sb, 1);
  t.is(others(sb).length, 1 + 4, 'the app, its 3 children and the sleep of the sh');

  const stop = await sb.cli(['stop', 'forker']);
  t.is(stop.code, 0, show(stop));
  t.deepEqual(others(sb), [], 'nothing of the app is left once stop returns');

  const start = await sb.cli(['start', 'forker']);
  t.is(start.code, 0, show(start));
  await childrenUp(sb, 2);
  for (const n of [3, 4]) {
    const r = await sb.cli(['restart', 'forker']);
    t.is(r.code, 0, show(r));
    await childrenUp(sb, n);
    t.is(others(sb).length, 1 + 4, `after restart ${n - 2}: one app and its own children only`);
  }
  const kill = await sb.cli(['kill']);
  t.is(kill.code, 0, show(kill));
  await waitFor(() => homeProcesses(sb.home).length === 0, `no process of the home after moult kill (left: ${homeProcesses(sb.home).join(' ')})`);
});

test('row 4.9: the children in its group of an app that exits on its own are stopped too', async (t) => {
  const sb = sandbox(t);
  sb.files({ 'forker.js': FORKER });
  await startAndWaitOnline(sb, sb.ecosystem([{ name: 'forker', script: 'forker.js', kill_timeout: 1000, autorestart: false, env: { CRASH: '1' } }]), { apps: { forker: 1 } });
  await childrenUp(sb, 1);
  await sb.waitEvent({ event: 'app.exited', app: 'forker' });
  const out = fs.readFileSync(path.join(sb.home, 'logs', 'forker-0.out.log'), 'utf8');
  const [plain, stubborn, detached] = /children (\d+) (\d+) (\d+)/.exec(out).slice(1).map(Number);
  const running = (pid) => homeProcesses(sb.home).includes(pid);
  // The plain one at once, the one that ignores SIGINT after kill_timeout.
  await waitFor(() => !running(plain) && !running(stubborn), 'the children of its group to be gone');
  // Its detached child left the group and, once the app is gone, is init's: not reachable (README).
  t.log(`detached child ${detached} ${running(detached) ? 'still runs (documented)' : 'is gone'}`);
  try { process.kill(detached, 'SIGKILL'); } catch { /* gone */ }
  t.pass();
});
