// Issue 11, finding 6: the daemon killed during `moult start`. State was saved in a later tick, so
// apps started just before a kill -9 were orphaned and the next `start` doubled them. Now `start`
// records the apps in state.json before it answers: a new daemon adopts exactly those processes.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { createRequire } from 'node:module';
import test from 'ava';
import { sandbox, show, waitFor, isAlive, tickerApp, appProcesses, ROOT } from '../helpers/moult.mjs';

const { loadEcosystem } = createRequire(import.meta.url)(path.join(ROOT, 'dist', 'config', 'ecosystem.js'));

/**
 * Sends one `start` request on the control socket (as the CLI does) and SIGKILLs the daemon the
 * moment its answer arrives: the CLI itself goes on polling `ls` for a while, which hides the race.
 */
function startThenKill(home, apps, daemon) {
  return new Promise((resolve, reject) => {
    const c = net.connect(path.join(home, 'moultd.sock'));
    let buf = '';
    c.setEncoding('utf8');
    c.on('error', reject);
    c.on('data', (d) => {
      buf += d;
      const nl = buf.indexOf('\n');
      if (nl === -1) return;
      process.kill(daemon, 'SIGKILL');
      c.destroy();
      resolve(JSON.parse(buf.slice(0, nl)));
    });
    c.write(JSON.stringify({ id: 1, verb: 'start', apps }) + '\n');
  });
}


test('apps are in state.json when `start` answers: kill -9 of the daemon right after, the next daemon adopts the same 5 pids', async (t) => {
  const sb = sandbox(t);
  const names = ['a1', 'a2', 'a3', 'a4', 'a5'];
  sb.files({ 'app.js': tickerApp('x', 1000) });
  const eco = sb.ecosystem(names.map((name) => ({ name, script: 'app.js' })));
  // A daemon already up (as in real use), so `start` is one request and the kill follows its answer.
  const up = await sb.cli(['ls']);
  t.is(up.code, 0, show(up));
  const daemon = Number(fs.readFileSync(path.join(sb.home, 'moultd.pid'), 'utf8'));

  const answer = await startThenKill(sb.home, loadEcosystem(eco).apps, daemon);
  t.is(answer.type, 'result', JSON.stringify(answer));
  const started = sb.find({ event: 'app.started' }).map((e) => e.pid).sort((a, b) => a - b);
  for (const p of started) sb.remember(p);
  t.is(started.length, 5, sb.tail());
  await waitFor(() => !isAlive(daemon), 'the daemon to die');

  const list = await sb.ls();
  t.deepEqual(list.map((i) => i.name).sort(), names, 'the new daemon knows the 5 apps');
  await waitFor(() => sb.find({ event: 'app.adopted' }).length === 5, '5 app.adopted', { timeoutMs: 5000 }).catch(() => {});
  t.is(sb.find({ event: 'app.adopted' }).length, 5, sb.tail());
  t.deepEqual(list.map((i) => i.pid).sort((a, b) => a - b), started, 'the same pids, adopted');
  await new Promise((resolve) => setTimeout(resolve, 500));
  t.deepEqual(appProcesses(sb.home), started, 'exactly 5 app processes: none doubled, none orphaned');
});
