import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import { config, scratch, writeEco } from './helpers.mjs';

const { loadEcosystem, parseEcosystem, validateEcosystem, appFromScript, ConfigError, isEcosystemFile } = config;
const dir = scratch();
/** The defaults of the fields pm2's cluster mode, watch, interpreter and log options brought. */
const SUPERVISION_DEFAULTS = {
  exec_mode: 'fork', wait_ready: false, listen_timeout: 3000, ignore_watch: [], watch_delay: 1000,
  instance_var: 'NODE_APP_INSTANCE', interpreter: 'node', merge_logs: false, time: false,
};
fs.mkdirSync(path.join(dir, 'svc'));
fs.writeFileSync(path.join(dir, 'svc', 'server.js'), '');
test.after.always(() => fs.rmSync(dir, { recursive: true, force: true }));

test('minimal app gets every default, with absolute paths', (t) => {
  const file = writeEco(dir, { apps: [{ name: 'web', script: 'app.js' }] });
  const eco = loadEcosystem(file);
  t.is(eco.file, file);
  t.deepEqual(eco.daemon, { trusted_keys: [], logs: { max_size: 10 * 1024 * 1024, retain: 5 } });
  t.deepEqual(eco.warnings, []);
  t.deepEqual(eco.apps, [{
    name: 'web',
    script: path.join(dir, 'app.js'),
    args: [],
    cwd: dir,
    env: {},
    instances: 1,
    autorestart: true,
    max_restarts: 15,
    min_uptime: 1000,
    restart_delay: 0,
    kill_timeout: 1600,
    node_args: [],
    updates: { replay: true, max_tries: 10, sleep_time: 1000, hook_timeout: 30000, startup: 1000 },
    ...SUPERVISION_DEFAULTS,
  }]);
});

test('every field normalised', (t) => {
  const file = writeEco(dir, {
    $schema: './node_modules/moult/config/ecosystem.schema.json',
    apps: [{
      name: 'api.v2_x-1',
      script: 'server.js',
      cwd: 'svc',
      args: "--title 'my app' --port=80",
      env: { PORT: 3000, DEBUG: false, NAME: 'x' },
      instances: 3,
      autorestart: false,
      max_restarts: 0,
      min_uptime: '2s',
      restart_delay: '500ms',
      exp_backoff_restart_delay: 100,
      kill_timeout: '1m',
      out_file: 'logs/out.log',
      error_file: '/tmp/err.log',
      node_args: ['--max-old-space-size=128'],
      health: { http: 'http://127.0.0.1:3000/health', timeout: '30s' },
      updates: { replay: false, max_tries: 3, sleep_time: 250, hook_timeout: '2s', startup: '250ms', instrument: ['src/**/*.js'] },
      manager: 'main',
    }],
    daemon: {
      fleet: { etcd: 'http://127.0.0.1:2379', host: 'web-1', labels: { zone: 'a' }, tls: { ca: 'ca.pem' }, auth: { username: 'moult', password_file: 'pw' } },
      trusted_keys: ['MCowBQYDK2VwAyEA'],
      logs: { max_size: '1M', retain: 3 },
    },
  });
  const eco = loadEcosystem(file);
  t.deepEqual(eco.apps[0], {
    name: 'api.v2_x-1',
    script: path.join(dir, 'svc', 'server.js'),
    cwd: path.join(dir, 'svc'),
    args: ['--title', 'my app', '--port=80'],
    env: { PORT: '3000', DEBUG: 'false', NAME: 'x' },
    instances: 3,
    autorestart: false,
    max_restarts: 0,
    min_uptime: 2000,
    restart_delay: 500,
    exp_backoff_restart_delay: 100,
    kill_timeout: 60000,
    out_file: path.join(dir, 'svc', 'logs', 'out.log'),
    error_file: '/tmp/err.log',
    node_args: ['--max-old-space-size=128'],
    health: { http: 'http://127.0.0.1:3000/health', timeout: 30000 },
    updates: { replay: false, max_tries: 3, sleep_time: 250, hook_timeout: 2000, startup: 250, instrument: ['src/**/*.js'] },
    manager: 'main',
    ...SUPERVISION_DEFAULTS,
    // issue 21: instances without exec_mode is cluster mode (pm2's rule, node apps), and a custom
    // out_file is one per instance (out.log → out-0.log…) unless merge_logs, as pm2 names them.
    exec_mode: 'cluster',
    per_instance_logs: true,
  });
  t.deepEqual(eco.daemon, {
    fleet: {
      etcd: ['http://127.0.0.1:2379'], host: 'web-1', labels: { zone: 'a' }, prefix: '/moult',
      tls: { ca: path.join(dir, 'ca.pem') }, auth: { username: 'moult', password_file: path.join(dir, 'pw') },
    },
    trusted_keys: ['MCowBQYDK2VwAyEA'],
    logs: { max_size: 1024 * 1024, retain: 3 },
  });
  t.deepEqual(eco.warnings, []);
});

test('ready health gets the default timeout; logs rotate at 10M keeping 5 by default; no fleet unless set', (t) => {
  const file = writeEco(dir, { apps: [{ name: 'a', script: 'app.js', health: { ready: true } }] });
  const eco = loadEcosystem(file);
  t.deepEqual(eco.apps[0].health, { ready: true, timeout: 10000 });
  t.deepEqual(eco.daemon, { trusted_keys: [], logs: { max_size: 10 * 1024 * 1024, retain: 5 } });
});

test('pm2 cluster fields are read as pm2 reads them', (t) => {
  const file = writeEco(dir, { apps: [{
    name: 'api', script: 'app.js', exec_mode: 'cluster_mode', instances: 'max', wait_ready: true, listen_timeout: '8s',
    max_memory_restart: '300M', watch: ['svc'], ignore_watch: 'node_modules', cron_restart: '0 3 * * *',
    instance_var: 'INSTANCE_ID', increment_var: 'PORT', merge_logs: true, log_date_format: 'YYYY-MM-DD HH:mm Z', time: true,
    port: 8080,
  }] });
  const app = loadEcosystem(file).apps[0];
  t.is(app.exec_mode, 'cluster');
  t.is(app.instances, os.availableParallelism());
  t.is(app.wait_ready, true);
  t.is(app.listen_timeout, 8000);
  t.is(app.max_memory_restart, 300 * 1024 * 1024);
  t.deepEqual(app.watch, [path.join(dir, 'svc')]);
  t.deepEqual(app.ignore_watch, ['node_modules']);
  t.is(app.cron_restart, '0 3 * * *');
  t.is(app.instance_var, 'INSTANCE_ID');
  t.is(app.increment_var, 'PORT');
  t.true(app.merge_logs);
  // pm2 (issue 21): time sets the format, over log_date_format.
  t.is(app.log_date_format, 'YYYY-MM-DDTHH:mm:ss');
  t.true(app.time);
  t.is(app.env.PORT, '8080');
});

test('instances -1 is one per CPU but one, and never less than one', (t) => {
  const file = writeEco(dir, { apps: [{ name: 'a', script: 'app.js', instances: -1 }] });
  t.is(loadEcosystem(file).apps[0].instances, Math.max(1, os.availableParallelism() - 1));
});

test('pm2-only fields are accepted with one warning naming each path; pm2 aliases are read as moult fields', (t) => {
  const file = writeEco(dir, {
    apps: [{ name: 'a', exec: 'app.js', pid_file: '/tmp/a.pid', vizion: false, out: 'o.log', err: 'e.log', interpreter_args: '--inspect' }],
    deploy: { production: { user: 'node' } },
  });
  const eco = loadEcosystem(file);
  t.is(eco.apps[0].script, path.join(dir, 'app.js'));
  t.is(eco.apps[0].out_file, path.join(dir, 'o.log'));
  t.is(eco.apps[0].error_file, path.join(dir, 'e.log'));
  t.deepEqual(eco.apps[0].node_args, ['--inspect']);
  // pid_file is acted on since issue 21 (a pid file per process, as pm2).
  t.is(eco.apps[0].pid_file, '/tmp/a.pid');
  t.deepEqual(eco.warnings.map((w) => w.path).sort(), ['apps[0].vizion', 'deploy']);
});

test('--env production merges env_production over env', (t) => {
  const file = writeEco(dir, { apps: [{ name: 'a', script: 'app.js', env: { NODE_ENV: 'development', A: 1 }, env_production: { NODE_ENV: 'production' } }] });
  t.deepEqual(loadEcosystem(file, { env: 'production' }).apps[0].env, { NODE_ENV: 'production', A: '1' });
  t.deepEqual(loadEcosystem(file).apps[0].env, { NODE_ENV: 'development', A: '1' });
  t.deepEqual(loadEcosystem(file, { env: 'staging' }).warnings.map((w) => w.path), ['--env']);
});

test('several apps keep their order; an absolute cwd is kept', (t) => {
  const file = writeEco(dir, { apps: [
    { name: 'b', script: 'app.js' },
    { name: 'a', script: 'server.js', cwd: path.join(dir, 'svc') },
  ] });
  const eco = loadEcosystem(file);
  t.deepEqual(eco.apps.map((a) => [a.name, a.script]), [['b', path.join(dir, 'app.js')], ['a', path.join(dir, 'svc', 'server.js')]]);
});

test('a byte order mark is tolerated', (t) => {
  const file = writeEco(dir, '\uFEFF' + JSON.stringify({ apps: [{ name: 'web', script: 'app.js' }] }));
  t.is(loadEcosystem(file).apps[0].name, 'web');
});

test('the result survives a trip through JSON (it is sent over IPC)', (t) => {
  const file = writeEco(dir, { apps: [{ name: 'web', script: 'app.js', health: { ready: true } }] });
  const eco = loadEcosystem(file);
  t.deepEqual(JSON.parse(JSON.stringify(eco)), eco);
});

test('parseEcosystem and validateEcosystem work on parsed objects', (t) => {
  t.deepEqual(validateEcosystem({ apps: [{ name: 'web', script: 'app.js' }] }), []);
  t.deepEqual(validateEcosystem({ apps: [{ name: 'web', script: 'app.js', instances: 1.5 }] }), [
    { path: 'apps[0].instances', message: 'expected an integer or "max", got 1.5' },
  ]);
  const eco = parseEcosystem({ apps: [{ name: 'web', script: 'app.js' }] }, path.join(dir, 'virtual.json'));
  t.is(eco.apps[0].script, path.join(dir, 'app.js'));
});

test('appFromScript: name from the script, defaults, relative to cwd', (t) => {
  const { app: a } = appFromScript({ script: 'svc/server.js' }, { cwd: dir });
  t.is(a.name, 'server');
  t.is(a.script, path.join(dir, 'svc', 'server.js'));
  t.is(a.cwd, dir);
  t.is(a.instances, 1);
  t.is(a.exec_mode, 'fork');
  t.is(a.kill_timeout, 1600);
  t.deepEqual(a.updates, { replay: true, max_tries: 10, sleep_time: 1000, hook_timeout: 30000, startup: 1000 });
  const { app: b } = appFromScript({ script: path.join(dir, 'app.js'), name: 'api', instances: 2 }, { cwd: '/' });
  t.is(b.name, 'api');
  t.is(b.instances, 2);
  t.is(b.exec_mode, 'cluster');
  t.is(b.cwd, '/');
});

test('appFromScript: a file name unsafe as an app name is made safe', (t) => {
  fs.writeFileSync(path.join(dir, 'my app!.js'), '');
  t.is(appFromScript({ script: 'my app!.js' }, { cwd: dir }).app.name, 'my-app-');
});

test('appFromScript: refuses a missing script, a bad name, a bad instance count', (t) => {
  const missing = t.throws(() => appFromScript({ script: 'gone.js' }, { cwd: dir }), { instanceOf: ConfigError });
  t.is(missing.message, `${path.join(dir, 'command line')}: apps[0].script: no such file ${path.join(dir, 'gone.js')}, and no program gone.js on PATH`);
  const badName = t.throws(() => appFromScript({ script: 'app.js', name: 'a/b' }, { cwd: dir }), { instanceOf: ConfigError });
  t.is(badName.path, 'apps[0].name');
  const reserved = t.throws(() => appFromScript({ script: 'app.js', name: 'all' }, { cwd: dir }), { instanceOf: ConfigError });
  t.regex(reserved.message, /reserved/);
  const badI = t.throws(() => appFromScript({ script: 'app.js', instances: 'many' }, { cwd: dir }), { instanceOf: ConfigError });
  t.is(badI.path, 'apps[0].instances');
});

test('ConfigError shape', (t) => {
  const e = new ConfigError('/x/eco.json', 'apps[0].name', 'bad');
  t.true(e instanceof Error);
  t.is(e.code, 'ECONFIG');
  t.is(e.name, 'ConfigError');
  t.is(e.file, '/x/eco.json');
  t.is(e.path, 'apps[0].name');
  t.is(e.message, '/x/eco.json: apps[0].name: bad');
  t.is(new ConfigError('/x/eco.json', '', 'unreadable').message, '/x/eco.json: unreadable');
});

test('isEcosystemFile tells ecosystem files from scripts', (t) => {
  t.true(isEcosystemFile('eco.json'));
  t.true(isEcosystemFile('/a/ECOSYSTEM.JSON'));
  t.false(isEcosystemFile('app.js'));
  t.false(isEcosystemFile('app.mjs'));
});
