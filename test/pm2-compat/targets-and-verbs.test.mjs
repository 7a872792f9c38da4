// Issue 21, gaps 4 and 6: the ways a pm2 user names what a verb acts on (a process id, several
// apps, /regex/, a script file, an ecosystem file with --env, `-` for stdin, a name to start
// again) and pm2's verbs (jlist, prettylist, startOrRestart, startOrReload, reset, pid, id, ping,
// sendSignal, reloadLogs, init, update with no app), each doing what pm2 does. One daemon.
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
// Line-neutral (pm2's files, options and verbs mean the same on every Node line): one line in CI.
import { lineNeutralTest as test } from '../helpers/slow-suite.mjs';
import { CLI } from '../helpers/moult.mjs';
import { pm2Sandbox, SAYS, show, waitFor } from './helpers.mjs';

const kit = pm2Sandbox('moult-pm2-verbs-');
const { sb, ok, jlist, online, fileHas } = kit;
const SIGNALLED = 'process.on("SIGUSR2", () => console.log("got SIGUSR2 " + process.pid));\nsetInterval(() => {}, 1000);\n';
// pm2's delayed_exit.js habit: a SIGINT handler that takes its time to exit.
const SLOW_EXIT = 'process.on("SIGINT", () => { console.log("got SIGINT " + process.pid); setTimeout(() => process.exit(), 2000); });\nsetInterval(() => {}, 1000);\n';
test.before(() => sb.files({ 'says.js': SAYS, 'echo.js': SAYS, 'signal.js': SIGNALLED, 'slow-exit.js': SLOW_EXIT, 'all.json': [{ name: 'e1', script: './says.js' }, { name: 'e2', script: './says.js', instances: 2 }] }));
test.afterEach.always(() => kit.clear());
test.after.always(() => sb.cleanup());

const restarts = async (name) => (await jlist()).filter((p) => p.name === name).map((p) => p.pm2_env.restart_time);

test.serial('ids number processes, as pm2: stop <id> stops that one process of an app', async (t) => {
  await ok(t, ['start', 'says.js', '--name', 'web', '-i', '2']);
  const procs = await online('web', 2);
  t.deepEqual(procs.map((p) => p.pm_id), [0, 1]);
  await ok(t, ['stop', '1']);
  const after = (await jlist()).map((p) => `${p.pm_id}:${p.pm2_env.status}`);
  t.deepEqual(after, ['0:online', '1:stopped']);
  await ok(t, ['delete', '1']);
  t.deepEqual((await jlist()).map((p) => p.pm_id), [0], 'delete <id> deletes that process only');
});

test.serial('several apps in one command: start a.js b.js, restart a b, stop a b, delete a b', async (t) => {
  await ok(t, ['start', 'says.js', 'echo.js']);
  await online('says');
  await online('echo');
  await ok(t, ['restart', 'says', 'echo']);
  await waitFor(async () => (await restarts('says'))[0] === 1 && (await restarts('echo'))[0] === 1, 'both restarted once');
  await ok(t, ['stop', 'says', 'echo']);
  t.deepEqual((await jlist()).map((p) => p.pm2_env.status), ['stopped', 'stopped']);
  await ok(t, ['delete', 'says', 'echo']);
  t.deepEqual(await jlist(), []);
});

test.serial('/regex/ names the apps whose name matches', async (t) => {
  for (const n of ['echo-1', 'echo-2', 'echo-3']) await ok(t, ['start', 'says.js', '--name', n]);
  await ok(t, ['stop', '/echo-[12]/']);
  t.deepEqual((await jlist()).map((p) => `${p.name}:${p.pm2_env.status}`), ['echo-1:stopped', 'echo-2:stopped', 'echo-3:online']);
});

test.serial('a script file names the apps that run it: restart echo.js', async (t) => {
  await ok(t, ['start', 'echo.js']);
  await online('echo');
  await ok(t, ['restart', 'echo.js']);
  await waitFor(async () => (await restarts('echo'))[0] === 1, 'echo restarted by its script');
  await ok(t, ['delete', './echo.js']);
  t.deepEqual(await jlist(), []);
});

test.serial('start <name> restarts a running app (pm2\'s smart start); start <id> too; a running script is refused without -f', async (t) => {
  await ok(t, ['start', 'echo.js']);
  await online('echo');
  await ok(t, ['start', 'echo']);
  await waitFor(async () => (await restarts('echo'))[0] === 1, 'restart_time 1');
  await ok(t, ['start', '0']);
  await waitFor(async () => (await restarts('echo'))[0] === 2, 'restart_time 2');
  const again = await sb.cli(['start', 'echo.js']);
  t.is(again.code, 1, show(again));
  t.regex(again.stderr, /echo is already running .*start echo\.js -f/);
  await ok(t, ['start', 'echo.js', '-f']);
  await online('echo', 2);
});

test.serial('a stopped process started again is not a restart (restart_time stays), as pm2', async (t) => {
  await ok(t, ['start', 'echo.js']);
  await online('echo');
  await ok(t, ['stop', 'echo']);
  await ok(t, ['restart', 'echo']);
  await online('echo');
  t.deepEqual(await restarts('echo'), [0]);
});

test.serial('start - reads an ecosystem from stdin; delete - too', async (t) => {
  const piped = (args) => new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: sb.appDir, env: { ...process.env, MOULT_HOME: sb.home }, stdio: ['pipe', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => { err += d; });
    child.on('close', (code) => resolve({ code, err }));
    child.stdin.end(fs.readFileSync(path.join(sb.appDir, 'all.json')));
  });
  const started = await piped(['start', '-']);
  t.is(started.code, 0, started.err);
  await online('e2', 2);
  const deleted = await piped(['delete', '-']);
  t.is(deleted.code, 0, deleted.err);
  t.deepEqual(await jlist(), []);
});

/** A waitFor check: every process has restarted n times (a timeout says what each one shows). */
const restartTimes = (n) => async () => {
  const list = await jlist();
  if (list.every((p) => p.pm2_env.restart_time === n)) return true;
  throw new Error(JSON.stringify(list.map((p) => [p.name, p.pm_id, p.pm2_env.status, p.pm2_env.restart_time])));
};

test.serial('startOrRestart starts a file\'s apps, then restarts them; startOrReload reloads them', async (t) => {
  await ok(t, ['startOrRestart', 'all.json']);
  await online('e1');
  await online('e2', 2);
  await ok(t, ['startOrRestart', 'all.json']);
  await waitFor(restartTimes(1), 'every process restarted once');
  await ok(t, ['startOrReload', 'all.json']);
  await waitFor(restartTimes(2), 'every process reloaded once');
});

test.serial('reload ecosystem.json --env production re-reads the file with the profile (pm2\'s post-deploy line)', async (t) => {
  sb.files({ 'ecosystem.json': { apps: [{ name: 'prof', script: 'says.js', env: { NODE_ENV: 'development' }, env_production: { NODE_ENV: 'production' } }] } });
  await ok(t, ['start', 'ecosystem.json']);
  await online('prof');
  await ok(t, ['reload', 'ecosystem.json', '--env', 'production']);
  await fileHas(`${sb.home}/logs/prof-0.out.log`, 'NODE_ENV=production');
});

test.serial('reload --update-env gives the app this shell\'s environment; restart without it keeps the old one', async (t) => {
  await ok(t, ['start', 'says.js', '--name', 'envy'], { env: { FOO: 'one' } });
  await online('envy');
  await fileHas(`${sb.home}/logs/envy-0.out.log`, 'FOO=one');
  await ok(t, ['reload', 'envy', '--update-env'], { env: { FOO: 'two' } });
  await fileHas(`${sb.home}/logs/envy-0.out.log`, 'FOO=two');
  await ok(t, ['restart', 'envy'], { env: { FOO: 'three' } });
  await waitFor(async () => (await restarts('envy'))[0] === 2, 'restarted');
  t.false(fs.readFileSync(`${sb.home}/logs/envy-0.out.log`, 'utf8').includes('FOO=three'));
});

test.serial('restart <app> --node-args changes the app\'s node_args for good', async (t) => {
  await ok(t, ['start', 'says.js', '--name', 'nodeargs']);
  await online('nodeargs');
  await ok(t, ['restart', 'nodeargs', '--node-args=--expose-gc']);
  const [p] = await online('nodeargs');
  t.deepEqual(p.pm2_env.node_args, ['--expose-gc']);
  const rename = await sb.cli(['restart', 'nodeargs', '--name', 'other']);
  t.is(rename.code, 2, show(rename));
  t.regex(rename.stderr, /--name: moult does not rename an app .*delete nodeargs/);
});

test.serial('reset sets restart_time back to 0', async (t) => {
  await ok(t, ['start', 'echo.js']);
  await online('echo');
  await ok(t, ['restart', 'echo']);
  await waitFor(async () => (await restarts('echo'))[0] === 1, 'restarted');
  await ok(t, ['reset', 'echo']);
  t.deepEqual(await restarts('echo'), [0]);
});

test.serial('jlist is pm2\'s JSON; prettylist prints it as pm2 does (util.inspect)', async (t) => {
  await ok(t, ['start', 'says.js', '--name', 'listed', '-i', '2']);
  await online('listed', 2);
  const [p] = await jlist();
  t.like(p, { name: 'listed', pm_id: 0, pm2_env: { name: 'listed', pm_id: 0, status: 'online', restart_time: 0, exec_mode: 'cluster_mode', instances: 2, NODE_APP_INSTANCE: 0, exec_interpreter: 'node', pm_exec_path: path.join(sb.appDir, 'says.js') } });
  t.true(p.pid > 0 && typeof p.monit.memory === 'number' && typeof p.monit.cpu === 'number' && typeof p.pm2_env.pm_uptime === 'number');
  const pretty = (await ok(t, ['prettylist'])).stdout;
  t.is(pretty.match(/status: 'online'/g)?.length, 2);
  t.is(pretty.match(/restart_time: 0/g)?.length, 2);
  t.regex(pretty, /exec_mode: 'cluster_mode'/);
});

test.serial('pid prints the pids of an app, id its process ids, ping answers pong', async (t) => {
  await ok(t, ['start', 'says.js', '--name', 'pids', '-i', '2']);
  const procs = await online('pids', 2);
  t.deepEqual((await ok(t, ['pid', 'pids'])).stdout.trim().split('\n').map(Number), procs.map((p) => p.pid));
  t.is((await ok(t, ['id', 'pids'])).stdout.trim(), '[ 0, 1 ]');
  t.regex((await ok(t, ['ping'])).stdout, /^pong/);
});

test.serial('sendSignal SIGUSR2 <name> (and <id>) signals the app\'s processes', async (t) => {
  await ok(t, ['start', 'signal.js']);
  const [p] = await online('signal');
  await ok(t, ['sendSignal', 'SIGUSR2', 'signal']);
  await fileHas(`${sb.home}/logs/signal-0.out.log`, `got SIGUSR2 ${p.pid}`);
  await ok(t, ['sendSignal', 'USR2', String(p.pm_id)]);
  await waitFor(() => fs.readFileSync(`${sb.home}/logs/signal-0.out.log`, 'utf8').match(/got SIGUSR2/g)?.length === 2, 'a second signal');
});

test.serial('reloadLogs: the app writes to a fresh file after its log was moved away', async (t) => {
  await ok(t, ['start', 'says.js', '--name', 'rotated', '-o', 'rotated.log']);
  await online('rotated');
  await fileHas('rotated.log', 'tick');
  fs.renameSync(path.join(sb.appDir, 'rotated.log'), path.join(sb.appDir, 'rotated.log.1'));
  await ok(t, ['reloadLogs']);
  await fileHas('rotated.log', 'tick');
});

test.serial('init writes an ecosystem.config.js that starts as it is (and refuses to overwrite one)', async (t) => {
  const dir = path.join(sb.appDir, 'fresh');
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'server.js'), SAYS);
  const r = await ok(t, ['init'], { cwd: dir, env: { PWD: dir } });
  t.regex(r.stdout, /wrote .*fresh\/ecosystem\.config\.js/);
  await ok(t, ['start', 'ecosystem.config.js'], { cwd: dir });
  await online('fresh');
  const again = await sb.cli(['init'], { cwd: dir, env: { PWD: dir } });
  t.is(again.code, 1, show(again));
  t.regex(again.stderr, /exists: not overwritten \(--force/);
});

test.serial('update with no app replaces the daemon; the apps keep running (same pids)', async (t) => {
  await ok(t, ['start', 'says.js', '--name', 'kept']);
  const [before] = await online('kept');
  const daemon = Number(fs.readFileSync(path.join(sb.home, 'moultd.pid'), 'utf8'));
  const r = await ok(t, ['update']);
  t.regex(r.stdout, new RegExp(`daemon replaced: pid ${daemon} → \\d+; 1 process\\(es\\) adopted, none restarted`));
  const [after] = await online('kept');
  t.is(after.pid, before.pid);
  t.not(Number(fs.readFileSync(path.join(sb.home, 'moultd.pid'), 'utf8')), daemon);
  sb.remember(daemon);
});

test.serial('a pm2 verb moult does not have gets a sentence, not "Unknown argument"', async (t) => {
  for (const [verb, why] of [['link', /pm2\.io is not part of moult/], ['set', /env/], ['deploy', /moult fleet/], ['install', /module system/]]) {
    const r = await sb.cli([verb, 'x']);
    t.is(r.code, 2, show(r));
    t.regex(r.stderr, new RegExp(`${verb}: a pm2 command that moult does not have: .*${why.source}`));
  }
});

test.serial('logs --nostream prints the last lines and exits (pm2\'s way to not follow)', async (t) => {
  await ok(t, ['start', 'says.js', '--name', 'logged']);
  await online('logged');
  await fileHas(`${sb.home}/logs/logged-0.out.log`, 'tick');
  const r = await ok(t, ['logs', 'logged', '--nostream', '--lines', '5']);
  t.regex(r.stdout, /logged\[0\] out \| tick/);
});

// pm2's cli/reload.sh counts the lines a SIGINT handler prints during a reload: exactly one. The
// primary used to send a second SIGINT after grace_ms (failed before the fix: 2 lines).
test.serial('reload of a cluster app sends each old worker SIGINT once', async (t) => {
  await ok(t, ['start', 'slow-exit.js', '-i', '2']);
  const before = await online('slow-exit', 2);
  await ok(t, ['reload', 'slow-exit']);
  await online('slow-exit', 2);
  for (const p of before) await sb.waitEvent({ event: 'app.exited', app: 'slow-exit', pid: p.pid }, { timeoutMs: 15_000 });
  const out = fs.readFileSync(`${sb.home}/logs/slow-exit-0.out.log`, 'utf8');
  t.is(out.split('\n').filter((l) => l === `got SIGINT ${before[0].pid}`).length, 1, out);
});

// pm2 starts an app with the environment of the shell that starts it; a variable of the shell that
// started the daemon does not leak into later apps (pm2's cli/env-refresh.sh; failed before: the
// app inherited the daemon's environment).
test.serial('an app gets the environment of the shell that starts it, not the daemon\'s', async (t) => {
  await ok(t, ['kill']);
  await ok(t, ['start', 'says.js', '--name', 'first'], { env: { FOO: 'daemon-shell' } });
  await fileHas(`${sb.home}/logs/first-0.out.log`, 'FOO=daemon-shell');
  await ok(t, ['start', 'says.js', '--name', 'second']);
  await fileHas(`${sb.home}/logs/second-0.out.log`, 'FOO=undefined');
  await ok(t, ['restart', 'second', '--update-env'], { env: { FOO: 'later' } });
  await fileHas(`${sb.home}/logs/second-0.out.log`, 'FOO=later');
});
