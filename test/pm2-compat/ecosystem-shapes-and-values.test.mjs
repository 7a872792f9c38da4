// Issue 21, gaps 2, 5 and 7: the ecosystem files pm2 users have start as they are. Each shape pm2
// reads (a top-level array, a single app object, {"pm2": [...]}, JSON with comments and unquoted
// keys), each value pm2 coerces ("2" instances, negative instances, combine_logs, an instance_var
// with a dash, camelCase names, objects in env, legacy fields, no name), and pm2's default of
// cluster mode when instances is given. One daemon for the file; each test starts and deletes.
import os from 'node:os';
// Line-neutral (pm2's files, options and verbs mean the same on every Node line): one line in CI.
import { lineNeutralTest as test } from '../helpers/slow-suite.mjs';
import { pm2Sandbox, SAYS, show } from './helpers.mjs';

const kit = pm2Sandbox('moult-pm2-shapes-');
const { sb, ok, jlist, online, fileHas } = kit;
test.before(() => sb.files({ 'says.js': SAYS, 'server.js': SAYS, 'worker.py': 'import time\nprint("py up", flush=True)\nwhile True: time.sleep(1)\n' }));
test.afterEach.always(() => kit.clear());
test.after.always(() => sb.cleanup());

test.serial('a top-level array of apps starts (pm2\'s all.json shape)', async (t) => {
  sb.files({ 'all.json': [{ name: 'a1', script: './says.js' }, { name: 'a2', script: './says.js' }] });
  await ok(t, ['start', 'all.json']);
  await online('a1');
  await online('a2');
});

test.serial('a single app object starts (pm2\'s process.json shape)', async (t) => {
  sb.files({ 'process.json': { name: 'single', script: 'says.js' } });
  await ok(t, ['start', 'process.json']);
  await online('single');
});

test.serial('{"pm2": [...]} starts (pm2\'s alias of apps)', async (t) => {
  sb.files({ 'package-style.json': { pm2: [{ name: 'viapm2', script: './says.js' }] } });
  await ok(t, ['start', 'package-style.json']);
  await online('viapm2');
});

test.serial('.json with comments, unquoted keys, single quotes and trailing commas (JSON5) starts', async (t) => {
  sb.files({ 'commented.json': `// pm2 reads .json as a JavaScript object literal
[{
  /* the first app */
  name: 'json5',
  script: "./says.js",
  env: { FOO: 'bar', },
},]
` });
  await ok(t, ['start', 'commented.json']);
  await online('json5');
  await fileHas(`${sb.home}/logs/json5-0.out.log`, 'FOO=bar');
});

test.serial('.json that needs code to be read is refused with what to do instead (pm2 evaluates it)', async (t) => {
  sb.files({ 'code.json': '[{ name: "echo", script: [".", "/", "says.js"].join("") }]' });
  const r = await sb.cli(['start', 'code.json']);
  t.is(r.code, 2, show(r));
  t.regex(r.stderr, /code\.json: not valid JSON .* at line 1, column 47: unexpected "\.": this looks like JavaScript code.*ecosystem\.config\.js/);
  t.deepEqual(await jlist(), []);
});

test.serial('instances "2" (a string, as in pm2\'s fixtures) starts two processes', async (t) => {
  sb.files({ 'strings.json': { apps: [{ name: 'twice', script: 'says.js', instances: '2', max_restarts: '3' }] } });
  await ok(t, ['start', 'strings.json']);
  const procs = await online('twice', 2);
  t.is(procs[0].pm2_env.max_restarts, 3);
});

test.serial('instances without exec_mode runs a node app in cluster mode, as pm2 (file and -i)', async (t) => {
  sb.files({ 'cluster.json': { apps: [
    { name: 'byfile', script: 'server.js', instances: 1 },
    { name: 'forked', script: 'server.js', instances: 2, exec_mode: 'fork' },
    { name: 'python', script: 'worker.py', instances: 2 },
  ] } });
  await ok(t, ['start', 'cluster.json']);
  await ok(t, ['start', 'says.js', '--name', 'bycli', '-i', '2']);
  await ok(t, ['start', 'says.js', '--name', 'single']);
  const mode = async (name, n) => [...new Set((await online(name, n)).map((p) => p.pm2_env.exec_mode))];
  t.deepEqual(await mode('byfile', 1), ['cluster_mode']);
  t.deepEqual(await mode('bycli', 2), ['cluster_mode']);
  t.deepEqual(await mode('forked', 2), ['fork_mode']);
  t.deepEqual(await mode('python', 2), ['fork_mode'], 'cluster mode is for node apps: pm2 forks the others');
  t.deepEqual(await mode('single', 1), ['fork_mode']);
});

test.serial('a negative -i means one per CPU but that many (at least one), as pm2', async (t) => {
  await ok(t, ['start', 'says.js', '--name', 'neg', '-i', '-100']);
  await online('neg', 1);
  await ok(t, ['start', 'says.js', '--name', 'allbutone', '-i', '-1']);
  await online('allbutone', Math.max(1, os.availableParallelism() - 1));
});

test.serial('combine_logs is pm2\'s other name for merge_logs', async (t) => {
  sb.files({ 'combine.json': { apps: [{ name: 'combined', script: 'says.js', instances: 2, combine_logs: true }] } });
  await ok(t, ['start', 'combine.json']);
  const procs = await online('combined', 2);
  t.true(procs.every((p) => p.pm2_env.merge_logs === true));
  t.is(new Set(procs.map((p) => p.pm2_env.pm_out_log_path)).size, 1, 'one out file for both');
});

test.serial('an instance_var with a dash holds the instance number', async (t) => {
  sb.files({ 'dash.json': { apps: [{ name: 'dashed', script: 'says.js', instance_var: 'INSTANCE-ID' }] } });
  await ok(t, ['start', 'dash.json']);
  const [p] = await online('dashed');
  t.is(p.pm2_env['INSTANCE-ID'], 0);
  await fileHas(`${sb.home}/logs/dashed-0.out.log`, 'INSTANCE-ID=0');
});

test.serial('pm2\'s legacy fields max and options are accepted with one warning each', async (t) => {
  sb.files({ 'legacy.json': { name: 'legacy', script: 'says.js', max: '10', options: [''] } });
  const r = await ok(t, ['start', 'legacy.json']);
  t.regex(r.stderr, /warning: .*legacy\.json: apps\[0\]\.max: not a field of pm2 6 \(pm2 ignores it too/);
  t.regex(r.stderr, /warning: .*legacy\.json: apps\[0\]\.options: not a field of pm2 6/);
  await online('legacy');
});

test.serial('name is optional: the app is named after its script, as pm2', async (t) => {
  sb.files({ 'noname.json': { apps: [{ script: './server.js' }] } });
  await ok(t, ['start', 'noname.json']);
  await online('server');
});

test.serial('cmd is pm2\'s other name for script', async (t) => {
  sb.files({ 'cmd.json': { apps: [{ name: 'viacmd', cmd: 'says.js' }] } });
  await ok(t, ['start', 'cmd.json']);
  await online('viacmd');
});

test.serial('camelCase field names are read, as pm2 reads them', async (t) => {
  sb.files({ 'camel.json': { apps: [{ name: 'camel', script: 'says.js', maxMemoryRestart: '300M', killTimeout: 3000 }] } });
  await ok(t, ['start', 'camel.json']);
  const [p] = await online('camel');
  t.is(p.pm2_env.max_memory_restart, 300 * 1024 * 1024);
  t.is(p.pm2_env.kill_timeout, 3000);
});

test.serial('an object in env reaches the app as JSON, as pm2 hands it over', async (t) => {
  sb.files({ 'envobj.json': { apps: [{ name: 'envobj', script: 'says.js', env: { JSONY: { HEY: true } } }] } });
  await ok(t, ['start', 'envobj.json']);
  await online('envobj');
  await fileHas(`${sb.home}/logs/envobj-0.out.log`, 'JSONY={"HEY":true}');
});

test.serial('--env production also merges deploy.production.env, below the app\'s own env', async (t) => {
  sb.files({ 'deploy.json': { apps: [{ name: 'deployed', script: 'says.js', env: { NODE_ENV: 'production' } }], deploy: { production: { env: { FOO: 'from-deploy', NODE_ENV: 'not-this' } } } } });
  await ok(t, ['start', 'deploy.json', '--env', 'production']);
  await online('deployed');
  await fileHas(`${sb.home}/logs/deployed-0.out.log`, 'NODE_ENV=production FOO=from-deploy');
});
