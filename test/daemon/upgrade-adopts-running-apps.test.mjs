// A daemon of the previous release, running a fork app (with a completed update) and a 2-worker
// cluster app, is replaced by this one (kill -9 of the old daemon, then any command of the new
// CLI): every instance and the cluster primary are adopted with the same pids, none restarted,
// and the update stays in force. The previous release is 29925b8, the last one before the files
// moved into concept folders (issue 20): its processes are recognised by their old paths
// (protocol/package-files.ts keeps them). It is built from this repository's own history.
import test from 'ava';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, runCli, sandbox, show, waitFor, isAlive } from '../helpers/moult.mjs';
import { freePort, get } from '../helpers/http-load.mjs';

const PREVIOUS = '29925b8';

/** The previous release, built once into `dir` (its sources from git, this checkout's node_modules). */
function buildPrevious(dir) {
  try {
    execFileSync('git', ['-C', ROOT, 'cat-file', '-e', `${PREVIOUS}^{commit}`], { stdio: 'ignore' });
  } catch {
    throw new Error(`this checkout lacks commit ${PREVIOUS} (a shallow clone?): run \`git -C ${ROOT} fetch --unshallow\``);
  }
  fs.mkdirSync(dir, { recursive: true });
  execFileSync('sh', ['-c', `git -C "${ROOT}" archive ${PREVIOUS} | tar -x -C "${dir}"`]);
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(dir, 'tsconfig.json')], { stdio: 'inherit' });
  return path.join(dir, 'bin', 'moult.js');
}

test(`a daemon of the previous release (${PREVIOUS}) is replaced by this one: every app is adopted, none restarted`, async (t) => {
  t.timeout(180_000);
  const sb = sandbox(t, 'moult-upgrade-');
  const oldCli = buildPrevious(path.join(sb.root, 'previous'));
  const old = (args) => runCli(sb.home, args, { cwd: sb.appDir, env: {}, timeoutMs: 20_000, cli: oldCli });
  const [forkPort, clusterPort] = [await freePort(), await freePort()];
  sb.files({
    'api.js': "function answer() { return 'v1'; }\nmodule.exports = { answer };\nrequire('node:http').createServer((q, s) => s.end(module.exports.answer())).listen(Number(process.env.PORT));\n",
    'fix.js': "const { SafeRedefineUpdate } = require('moult/runtime');\nmodule.exports = (ctx) => new SafeRedefineUpdate(ctx.main, ctx.main.answer, () => 'v2');\n",
    'web.js': "require('node:http').createServer((q, s) => s.end(String(process.pid))).listen(Number(process.env.PORT));\n",
  });
  const eco = sb.ecosystem([
    { name: 'api', script: 'api.js', env: { PORT: String(forkPort) } },
    { name: 'web', script: 'web.js', exec_mode: 'cluster', instances: 2, env: { PORT: String(clusterPort) } },
  ]);
  const started = await old(['start', eco]);
  t.is(started.code, 0, show(started));
  await waitFor(() => sb.find({ event: 'app.online' }).length >= 3, 'the three instances online under the old daemon', { timeoutMs: 20_000 });
  const fixed = await old(['update', 'api', 'fix.js']);
  t.is(fixed.code, 0, show(fixed));
  t.is((await get(forkPort)).body, 'v2');

  const before = JSON.parse((await old(['ls', '--json'])).stdout);
  const state = () => JSON.parse(fs.readFileSync(path.join(sb.home, 'state.json'), 'utf8'));
  const primary = state().apps.find((a) => a.config.name === 'web').primary.pid;
  const oldDaemon = Number(fs.readFileSync(path.join(sb.home, 'moultd.pid'), 'utf8'));
  process.kill(oldDaemon, 'SIGKILL');
  await waitFor(() => !isAlive(oldDaemon), 'the old daemon to die');

  const from = sb.events().length;
  const after = await sb.ls(); // this release's CLI starts this release's daemon
  t.deepEqual(after.map((i) => [i.name, i.instance, i.pid, i.status, i.updates]), before.map((i) => [i.name, i.instance, i.pid, 'online', i.updates]));
  for (const [app, instance] of [['api', 0], ['web', 0], ['web', 1]]) await sb.waitEvent({ event: 'app.adopted', app, instance }, { from });
  t.deepEqual(sb.events().slice(from).filter((e) => e.event === 'app.started' || e.event === 'app.restarted' || e.event === 'cluster.primary'), [], 'nothing was started again');
  t.is(state().apps.find((a) => a.config.name === 'web').primary.pid, primary, 'the cluster primary is adopted, not replaced');
  t.is((await get(forkPort)).body, 'v2', 'the update is still in force');
  const rolled = await sb.cli(['rollback', 'api']);
  t.is(rolled.code, 0, show(rolled));
  t.is((await get(forkPort)).body, 'v1', 'the new daemon reaches the adopted runtime');
});
