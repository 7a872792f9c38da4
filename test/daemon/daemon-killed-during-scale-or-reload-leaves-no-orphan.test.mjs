// Audit row 4.3 (issue 16 item 7): `kill -9` of the daemon during `reload` of a 2-worker cluster
// app left a half-started worker serving a third of the requests, listed nowhere. Now every
// process is adopted or stopped by the next daemon whenever the kill comes during `reload` (cluster
// workers: the next daemon stops a worker its records do not know) or `scale` (fork instances are
// recorded before they run). The kill is placed over a range of delays; processes are counted by
// their environment (MOULT_HOME) and command line.
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { isAlive, sandbox, startAndWaitOnline, waitFor } from '../helpers/moult.mjs';
import { cliInBackground, everyProcessSupervised } from '../helpers/orphans.mjs';
import { freePort } from '../helpers/http-load.mjs';

const WEB = "require('node:http').createServer((req, res) => res.end(String(process.pid))).listen(Number(process.env.PORT));\n";
const IDLE = 'setInterval(() => {}, 1000);\n';


const daemonOf = (sb) => Number(fs.readFileSync(path.join(sb.home, 'moultd.pid'), 'utf8'));


async function killDuring(t, { apps, online, verb, delay, label }) {
  const sb = sandbox(t);
  const port = await freePort();
  sb.files({ 'web.js': WEB, 'idle.js': IDLE });
  await startAndWaitOnline(sb, sb.ecosystem(apps(port)), { apps: online });
  const daemon = daemonOf(sb);
  const cli = cliInBackground(sb, verb);
  await new Promise((r) => setTimeout(r, delay));
  process.kill(daemon, 'SIGKILL');
  await cli;
  await waitFor(() => !isAlive(daemon), 'the daemon to die');
  await everyProcessSupervised(t, sb, label);
}

test('row 4.3: kill -9 of the daemon during the reload of a 2-worker cluster app: no worker is left unsupervised', async (t) => {
  t.timeout(600_000);
  for (const delay of [150, 400, 700, 1000, 1400, 1900, 2500]) {
    await killDuring(t, {
      apps: (port) => [{ name: 'cw', script: 'web.js', exec_mode: 'cluster', instances: 2, env: { PORT: String(port) } }],
      online: { cw: 2 },
      verb: ['reload', 'cw'],
      delay,
      label: `reload, ${delay} ms`,
    });
  }
});

test('row 4.3: kill -9 of the daemon during scale 1 → 4 of a fork app: every instance is adopted or stopped', async (t) => {
  t.timeout(600_000);
  for (const delay of [0, 40, 80, 150, 300]) {
    await killDuring(t, {
      apps: () => [{ name: 'f', script: 'idle.js' }],
      online: { f: 1 },
      verb: ['scale', 'f', '4'],
      delay,
      label: `scale, ${delay} ms`,
    });
  }
});

test('kill -9 of the daemon during the first start of a 2-worker cluster app: no primary or worker is left unsupervised', async (t) => {
  t.timeout(600_000);
  for (const delay of [50, 150, 300, 500, 800]) {
    const sb = sandbox(t);
    const port = await freePort();
    sb.files({ 'web.js': WEB });
    const eco = sb.ecosystem([{ name: 'cw', script: 'web.js', exec_mode: 'cluster', instances: 2, env: { PORT: String(port) } }]);
    const cli = cliInBackground(sb, ['start', eco]);
    const daemon = await waitFor(() => fs.existsSync(path.join(sb.home, 'moultd.pid')) && daemonOf(sb), 'the daemon', { intervalMs: 5 });
    await new Promise((r) => setTimeout(r, delay));
    process.kill(daemon, 'SIGKILL');
    await cli;
    await waitFor(() => !isAlive(daemon), 'the daemon to die');
    await everyProcessSupervised(t, sb, `cluster start, ${delay} ms`);
  }
});
