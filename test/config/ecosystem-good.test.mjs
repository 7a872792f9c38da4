import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { config, scratch, writeEco } from './helpers.mjs';

const { loadEcosystem, parseEcosystem, validateEcosystem, appFromScript, ConfigError, isEcosystemFile } = config;
const dir = scratch();
fs.mkdirSync(path.join(dir, 'svc'));
fs.writeFileSync(path.join(dir, 'svc', 'server.js'), '');
test.after.always(() => fs.rmSync(dir, { recursive: true, force: true }));

test('minimal app gets every default, with absolute paths', (t) => {
  const file = writeEco(dir, { apps: [{ name: 'web', script: 'app.js' }] });
  const eco = loadEcosystem(file);
  t.is(eco.file, file);
  t.deepEqual(eco.daemon, { trusted_keys: [] });
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
    updates: { replay: true, max_tries: 10, sleep_time: 1000, hook_timeout: 30000 },
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
      updates: { replay: false, max_tries: 3, sleep_time: 250, hook_timeout: '2s', instrument: ['src/**/*.js'] },
      manager: 'main',
    }],
    daemon: { tcp: { host: '0.0.0.0', port: 7890, token_file: 'token' }, trusted_keys: ['MCowBQYDK2VwAyEA'] },
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
    updates: { replay: false, max_tries: 3, sleep_time: 250, hook_timeout: 2000, instrument: ['src/**/*.js'] },
    manager: 'main',
  });
  t.deepEqual(eco.daemon, {
    tcp: { host: '0.0.0.0', port: 7890, token_file: path.join(dir, 'token') },
    trusted_keys: ['MCowBQYDK2VwAyEA'],
  });
});

test('ready health gets the default timeout; tcp host defaults to loopback', (t) => {
  const file = writeEco(dir, {
    apps: [{ name: 'a', script: 'app.js', health: { ready: true } }],
    daemon: { tcp: { port: 7000, token_file: '/etc/moult/token' } },
  });
  const eco = loadEcosystem(file);
  t.deepEqual(eco.apps[0].health, { ready: true, timeout: 10000 });
  t.deepEqual(eco.daemon.tcp, { host: '127.0.0.1', port: 7000, token_file: '/etc/moult/token' });
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
  t.deepEqual(validateEcosystem({ apps: [{ name: 'web', script: 'app.js', instances: 0 }] }), [
    { path: 'apps[0].instances', message: 'expected a positive integer, got 0' },
  ]);
  const eco = parseEcosystem({ apps: [{ name: 'web', script: 'app.js' }] }, path.join(dir, 'virtual.json'));
  t.is(eco.apps[0].script, path.join(dir, 'app.js'));
});

test('appFromScript: name from the script, defaults, relative to cwd', (t) => {
  const a = appFromScript('svc/server.js', { cwd: dir });
  t.is(a.name, 'server');
  t.is(a.script, path.join(dir, 'svc', 'server.js'));
  t.is(a.cwd, dir);
  t.is(a.instances, 1);
  t.is(a.kill_timeout, 1600);
  t.deepEqual(a.updates, { replay: true, max_tries: 10, sleep_time: 1000, hook_timeout: 30000 });
  const b = appFromScript(path.join(dir, 'app.js'), { cwd: '/', name: 'api', instances: 2 });
  t.is(b.name, 'api');
  t.is(b.instances, 2);
  t.is(b.cwd, '/');
});

test('appFromScript: a file name unsafe as an app name is made safe', (t) => {
  fs.writeFileSync(path.join(dir, 'my app!.js'), '');
  t.is(appFromScript('my app!.js', { cwd: dir }).name, 'my-app-');
});

test('appFromScript: refuses a missing script, a bad name, a bad instance count', (t) => {
  const missing = t.throws(() => appFromScript('gone.js', { cwd: dir }), { instanceOf: ConfigError });
  t.is(missing.message, `${path.join(dir, 'gone.js')}: no such file`);
  const badName = t.throws(() => appFromScript('app.js', { cwd: dir, name: 'a/b' }), { instanceOf: ConfigError });
  t.is(badName.path, '--name');
  t.regex(badName.message, /--name: invalid app name "a\/b"/);
  const reserved = t.throws(() => appFromScript('app.js', { cwd: dir, name: 'all' }), { instanceOf: ConfigError });
  t.regex(reserved.message, /reserved/);
  const badI = t.throws(() => appFromScript('app.js', { cwd: dir, instances: 0 }), { instanceOf: ConfigError });
  t.is(badI.path, '-i');
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
