// Issue 21, gaps 1 and 9: `pm2 start`'s options, typed as a pm2 user types them (pm2's Quick Start
// uses them), each doing what pm2 does: --watch, --max-memory-restart, --time, --log-date-format,
// -o/-e/-l, --merge-logs, --node-args, --interpreter, --cron, --no-autorestart, --wait-ready,
// --restart-delay, --kill-timeout, --stop-exit-codes, -x, --cwd; pm2's options moult does not act
// on are accepted with a sentence, never "Unknown argument". One daemon for the file.
import fs from 'node:fs';
import path from 'node:path';
// Line-neutral (pm2's files, options and verbs mean the same on every Node line): one line in CI.
import { lineNeutralTest as test } from '../helpers/slow-suite.mjs';
import { pm2Sandbox, SAYS, show, waitFor } from './helpers.mjs';

const kit = pm2Sandbox('moult-pm2-options-');
const { sb, ok, jlist, online, fileHas } = kit;
const CRASH = 'console.log("up " + process.pid); setTimeout(() => process.exit(Number(process.env.CODE || 1)), 200);\n';
test.before(() => sb.files({
  'says.js': SAYS,
  'crash.js': CRASH,
  'grow.js': 'const kept = [];\nsetInterval(() => kept.push(Buffer.alloc(8 * 1024 * 1024, 1)), 50);\n',
  'gc.js': 'console.log("gc=" + typeof globalThis.gc);\nsetInterval(() => {}, 1000);\n',
  'ready.js': 'setTimeout(() => process.send && process.send("ready"), Number(process.env.READY_AFTER || 0));\nsetInterval(() => {}, 1000);\n',
  'run.sh': 'echo "bash says $0 $1"\nwhile true; do sleep 1; done\n',
  'sub/where.js': 'console.log("cwd=" + process.cwd());\nsetInterval(() => {}, 1000);\n',
}));
test.afterEach.always(() => kit.clear());
test.after.always(() => sb.cleanup());

const proc = async (name) => (await jlist()).find((p) => p.name === name);

test.serial('--watch restarts the app when a file of its folder changes', async (t) => {
  await ok(t, ['start', 'says.js', '--name', 'watched', '--watch']);
  const [p] = await online('watched');
  t.true(p.pm2_env.watch);
  fs.writeFileSync(path.join(sb.appDir, 'touched.js'), `// ${Date.now()}\n`);
  await sb.waitEvent({ event: 'app.restarted', app: 'watched', reason: 'watch' }, { timeoutMs: 15_000 });
  await waitFor(async () => (await proc('watched'))?.pm2_env.restart_time >= 1, 'restart_time 1');
});

test.serial('--max-memory-restart restarts an app that grows past it', async (t) => {
  await ok(t, ['start', 'grow.js', '--max-memory-restart', '120M']);
  const [p] = await online('grow');
  t.is(p.pm2_env.max_memory_restart, 120 * 1024 * 1024);
  await sb.waitEvent({ event: 'app.restarted', app: 'grow', reason: 'memory' }, { timeoutMs: 20_000 });
});

test.serial('--time prefixes each line with the time, and wins over --log-date-format (as pm2)', async (t) => {
  await ok(t, ['start', 'says.js', '--name', 'timed', '--time', '--log-date-format', 'YYYY']);
  await online('timed');
  await fileHas(`${sb.home}/logs/timed-0.out.log`, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d: argv=/m);
});

test.serial('--log-date-format "YYYY" prefixes each line with the year', async (t) => {
  await ok(t, ['start', 'says.js', '--name', 'dated', '--log-date-format', 'YYYY']);
  await online('dated');
  await fileHas(`${sb.home}/logs/dated-0.out.log`, new RegExp(`^${new Date().getFullYear()}: argv=`, 'm'));
});

test.serial('-o and -e name the files of one process as given; with -i each instance gets its own (out-0.log), as pm2', async (t) => {
  await ok(t, ['start', 'says.js', '--name', 'one', '-o', 'one-out.log', '-e', 'one-err.log']);
  await online('one');
  await fileHas('one-out.log', 'argv=');
  await fileHas('one-err.log', 'stderr of');
  await ok(t, ['start', 'says.js', '--name', 'two', '-i', '2', '-o', 'two-out.log', '-e', 'two-err.log']);
  const procs = await online('two', 2);
  t.deepEqual(procs.map((p) => path.basename(p.pm2_env.pm_out_log_path)).sort(), ['two-out-0.log', 'two-out-1.log']);
  await fileHas('two-out-0.log', 'NODE_APP_INSTANCE=0');
  await fileHas('two-out-1.log', 'NODE_APP_INSTANCE=1');
  t.false(fs.existsSync(path.join(sb.appDir, 'two-out.log')));
});

test.serial('--merge-logs with -i: one -o file for all instances', async (t) => {
  await ok(t, ['start', 'says.js', '--name', 'merged', '-i', '2', '-o', 'merged.log', '--merge-logs']);
  await online('merged', 2);
  await fileHas('merged.log', 'NODE_APP_INSTANCE=0');
  await fileHas('merged.log', 'NODE_APP_INSTANCE=1');
  t.false(fs.existsSync(path.join(sb.appDir, 'merged-0.log')));
});

test.serial('-l writes stdout and stderr into one more file (pm2\'s log_file), shown in jlist as pm_log_path', async (t) => {
  await ok(t, ['start', 'says.js', '--name', 'entire', '-l', 'entire.log', '-o', 'entire-out.log', '-e', 'entire-err.log']);
  const [p] = await online('entire');
  t.is(p.pm2_env.pm_log_path, path.join(sb.appDir, 'entire.log'));
  await fileHas('entire.log', 'argv=');
  await fileHas('entire.log', 'stderr of');
  await fileHas('entire-out.log', 'argv=');
});

test.serial('-o NULL (and /dev/null) means no file, as pm2', async (t) => {
  await ok(t, ['start', 'says.js', '--name', 'quiet', '-o', 'NULL', '-e', '/dev/null']);
  const [p] = await online('quiet');
  t.is(p.pm2_env.pm_out_log_path, '/dev/null');
  t.is(p.pm2_env.pm_err_log_path, '/dev/null');
});

test.serial('--node-args reach node', async (t) => {
  await ok(t, ['start', 'gc.js', '--node-args=--expose-gc']);
  const [p] = await online('gc');
  t.deepEqual(p.pm2_env.node_args, ['--expose-gc']);
  await fileHas(`${sb.home}/logs/gc-0.out.log`, 'gc=function');
});

test.serial('--interpreter runs the script with that program; --interpreter-args go to it', async (t) => {
  await ok(t, ['start', 'run.sh', '--name', 'bashed', '--interpreter', 'bash', '--interpreter-args=-e', '--', 'first']);
  const [p] = await online('bashed');
  t.is(p.pm2_env.exec_interpreter, 'bash');
  t.false(p.pm2_env.moult.updatable);
  await fileHas(`${sb.home}/logs/bashed-0.out.log`, `bash says ${path.join(sb.appDir, 'run.sh')} first`);
});

test.serial('--cron restarts on the schedule; a bad pattern is refused', async (t) => {
  const bad = await sb.cli(['start', 'says.js', '--name', 'cronbad', '-c', '* * * asdasd']);
  t.is(bad.code, 2, show(bad));
  t.regex(bad.stderr, /-c: invalid cron expression/);
  await ok(t, ['start', 'says.js', '--name', 'cronned', '--cron', '*/1 * * * * *']);
  // The event, not a poll of the list: restarted every second, a loaded machine's polls can all
  // land in the moments it is not online.
  await sb.waitEvent({ event: 'app.online', app: 'cronned' });
  await sb.waitEvent({ event: 'app.restarted', app: 'cronned', reason: 'cron' }, { timeoutMs: 10_000 });
});

test.serial('--no-autorestart: a crashed app stays stopped, restart_time 0', async (t) => {
  await ok(t, ['start', 'crash.js', '--no-autorestart']);
  await sb.waitEvent({ event: 'app.exited', app: 'crash' });
  const p = await waitFor(async () => { const x = await proc('crash'); return x?.pm2_env.status === 'stopped' && x; }, 'crash stopped');
  t.is(p.pm2_env.restart_time, 0);
  t.false(p.pm2_env.autorestart);
});

test.serial('--wait-ready keeps the process launching until it calls process.send(\'ready\')', async (t) => {
  const r = sb.cli(['start', 'ready.js', '--name', 'waits', '--wait-ready', '--listen-timeout', '20000'], { env: { READY_AFTER: '3000' } });
  await waitFor(async () => (await proc('waits'))?.pm2_env.status === 'launching', 'waits launching');
  t.is((await r).code, 0);
  await online('waits');
  t.regex(sb.find({ event: 'app.online', app: 'waits' })[0].msg, /process\.send\('ready'\)/);
});

test.serial('--restart-delay: the restart waits; restart_time counts it once it happens', async (t) => {
  await ok(t, ['start', 'crash.js', '--name', 'delayed', '--restart-delay', '4000']);
  const { index } = await sb.waitEvent({ event: 'app.restarted', app: 'delayed' });
  t.is(sb.events()[index].delay_ms, 4000);
  t.is((await proc('delayed')).pm2_env.restart_time, 0, 'not restarted yet');
  await sb.waitEvent({ event: 'app.started', app: 'delayed' }, { count: 2, timeoutMs: 10_000 });
  t.true((await proc('delayed')).pm2_env.restart_time >= 1);
});

test.serial('--stop-exit-codes: an exit with one of them is not restarted, another one is', async (t) => {
  await ok(t, ['start', 'crash.js', '--name', 'stops42', '--stop-exit-codes', '42'], { env: { CODE: '42' } });
  await sb.waitEvent({ event: 'app.exited', app: 'stops42', code: 42 });
  await waitFor(async () => (await proc('stops42'))?.pm2_env.status === 'stopped', 'stops42 stopped');
  await ok(t, ['start', 'crash.js', '--name', 'restarts3', '--stop-exit-codes', '42'], { env: { CODE: '3' } });
  await sb.waitEvent({ event: 'app.restarted', app: 'restarts3' });
});

test.serial('-k, --max-restarts, --exp-backoff-restart-delay and --listen-timeout are the app\'s', async (t) => {
  await ok(t, ['start', 'says.js', '--name', 'tuned', '-k', '3000', '--max-restarts', '4', '--exp-backoff-restart-delay', '100', '--listen-timeout', '7000']);
  const [p] = await online('tuned');
  t.like(p.pm2_env, { kill_timeout: 3000, max_restarts: 4, exp_backoff_restart_delay: 100, listen_timeout: 7000 });
});

test.serial('-x runs -i N in fork mode', async (t) => {
  await ok(t, ['start', 'says.js', '--name', 'forked', '-i', '2', '-x']);
  const procs = await online('forked', 2);
  t.deepEqual(procs.map((p) => p.pm2_env.exec_mode), ['fork_mode', 'fork_mode']);
});

test.serial('--cwd sets the app\'s working directory', async (t) => {
  await ok(t, ['start', 'where.js', '--cwd', 'sub']);
  await online('where');
  await fileHas(`${sb.home}/logs/where-0.out.log`, `cwd=${path.join(sb.appDir, 'sub')}`);
});

test.serial('pm2 options moult does not act on are accepted, each with a sentence saying what to use', async (t) => {
  const r = await ok(t, ['start', 'says.js', '--name', 'tolerant', '--namespace', 'ns', '--no-vizion', '--no-pmx', '--uid', 'nobody', '--no-treekill']);
  for (const o of ['--namespace', '--vizion', '--pmx', '--uid', '--treekill']) t.regex(r.stderr, new RegExp(`warning: ${o}: a pm2 option that moult does not act on; ignored \\(.+\\)`));
  t.notRegex(r.stderr, /Unknown argument/);
  await online('tolerant');
});

test.serial('-p writes each process\'s pid to a file while it runs (app.pid → app-0.pid) and removes it when it stops', async (t) => {
  await ok(t, ['start', 'says.js', '--name', 'pidded', '-i', '2', '-p', 'pidded.pid']);
  const procs = await online('pidded', 2);
  for (const p of procs) await fileHas(`pidded-${p.pm2_env.NODE_APP_INSTANCE}.pid`, `${p.pid}\n`);
  await ok(t, ['stop', 'pidded']);
  await waitFor(() => !fs.existsSync(path.join(sb.appDir, 'pidded-0.pid')) && !fs.existsSync(path.join(sb.appDir, 'pidded-1.pid')), 'pid files removed');
});

test.serial('--shutdown-with-message: stop sends process.send(\'shutdown\') instead of SIGINT', async (t) => {
  sb.files({ 'shutdown.js': 'process.on("message", (m) => { console.log("message " + m); if (m === "shutdown") process.exit(0); });\nprocess.on("SIGINT", () => console.log("SIGINT"));\nsetInterval(() => {}, 1000);\n' });
  await ok(t, ['start', 'shutdown.js', '--shutdown-with-message']);
  const [p] = await online('shutdown');
  t.true(p.pm2_env.shutdown_with_message);
  await ok(t, ['stop', 'shutdown']);
  const out = await fileHas(`${sb.home}/logs/shutdown-0.out.log`, 'message shutdown');
  t.false(out.includes('SIGINT'));
});
