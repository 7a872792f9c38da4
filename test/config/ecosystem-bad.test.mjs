import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { config, scratch, writeEco } from './helpers.mjs';

const { loadEcosystem, ConfigError } = config;
const dir = scratch();
test.after.always(() => fs.rmSync(dir, { recursive: true, force: true }));

const app = (extra = {}) => ({ name: 'web', script: 'app.js', ...extra });

// [title, file content, expected path, expected text after "<path>: "]
const cases = [
  ['instances of the wrong type', { apps: [app(), app({ name: 'api', instances: 'two' })] }, 'apps[1].instances', 'expected an integer or "max"'],
  ['instances fractional', { apps: [app({ instances: 1.5 })] }, 'apps[0].instances', 'expected an integer or "max"'],
  ['missing script', { apps: [{ name: 'web' }] }, 'apps[0]', 'missing required field "script"'],
  // issue 21: two apps named after the same script (pm2's default name) need names of their own.
  ['default names that collide', { apps: [{ script: 'app.js' }, { script: './app.js' }] }, 'apps[1].name', 'the app is named "app" after its script, like apps[0]'],
  ['unknown app field', { apps: [app({ colour: 'red' })] }, 'apps[0].colour', 'unknown field'],
  ['unknown top-level field', { apps: [app()], deployment: {} }, 'deployment', 'unknown field'],
  ['unknown daemon field', { apps: [app()], daemon: { port: 1 } }, 'daemon.port', 'unknown field'],
  ['duplicate name', { apps: [app({ name: 'api' }), app(), app({ name: 'api' })] }, 'apps[2].name', 'duplicate app name "api"'],
  ['bad duration string', { apps: [app({ min_uptime: '2 secs' })] }, 'apps[0].min_uptime', 'expected a duration'],
  ['bad duration unit', { apps: [app({ kill_timeout: '3d' })] }, 'apps[0].kill_timeout', 'expected a duration'],
  ['negative duration', { apps: [app({ restart_delay: -5 })] }, 'apps[0].restart_delay', 'expected a non-negative number of milliseconds'],
  ['duration of the wrong type', { apps: [app({ exp_backoff_restart_delay: true })] }, 'apps[0].exp_backoff_restart_delay', 'expected a duration'],
  ['apps not an array', { apps: { web: app() } }, 'apps', 'expected a non-empty array of apps'],
  ['apps empty', { apps: [] }, 'apps', 'expected a non-empty array of apps'],
  ['apps missing', { daemon: {} }, '', 'missing required field "apps"'],
  // A top-level array is pm2's shape of a list of apps (issue 21): a number is no ecosystem.
  ['top level not an object', 42, '', 'expected an object'],
  ['app not an object', { apps: ['app.js'] }, 'apps[0]', 'expected an object describing an app'],
  ['health with neither http nor ready', { apps: [app({ health: { timeout: '5s' } })] }, 'apps[0].health', 'expected {"http": url} or {"ready": true}'],
  ['health with both http and ready', { apps: [app({ health: { http: 'http://localhost:3000/', ready: true } })] }, 'apps[0].health', 'expected {"http": url} or {"ready": true}'],
  ['health http not a URL', { apps: [app({ health: { http: 'localhost:3000' } })] }, 'apps[0].health.http', 'expected an http:// or https:// URL'],
  ['health ready false', { apps: [app({ health: { ready: false } })] }, 'apps[0].health.ready', 'expected true'],
  ['health bad timeout', { apps: [app({ health: { ready: true, timeout: 'soon' } })] }, 'apps[0].health.timeout', 'expected a duration'],
  ['health unknown field', { apps: [app({ health: { ready: true, path: '/x' } })] }, 'apps[0].health.path', 'unknown field'],
  ['negative max_restarts', { apps: [app({ max_restarts: -1 })] }, 'apps[0].max_restarts', 'expected a non-negative integer'],
  ['args with a number', { apps: [app({ args: ['--port', 80] })] }, 'apps[0].args[1]', 'expected a string'],
  ['node_args of the wrong type', { apps: [app({ node_args: 4096 })] }, 'apps[0].node_args', 'expected a string or an array of strings'],
  ['args with an unterminated quote', { apps: [app({ args: "--title 'my app" })] }, 'apps[0].args', 'unterminated'],
  ['env not an object', { apps: [app({ env: 'PORT=3000' })] }, 'apps[0].env', 'expected an object of environment variables'],
  ['name unsafe in file names', { apps: [app({ name: '../etc' })] }, 'apps[0].name', 'expected a name of letters, digits'],
  ['name reserved', { apps: [app({ name: 'all' })] }, 'apps[0].name', '"all" is reserved'],
  ['autorestart not boolean', { apps: [app({ autorestart: 'yes' })] }, 'apps[0].autorestart', 'expected a boolean'],
  ['updates.max_tries zero', { apps: [app({ updates: { max_tries: 0 } })] }, 'apps[0].updates.max_tries', 'expected a positive integer'],
  ['updates.replay not boolean', { apps: [app({ updates: { replay: 1 } })] }, 'apps[0].updates.replay', 'expected a boolean'],
  ['manager empty', { apps: [app({ manager: ' ' })] }, 'apps[0].manager', 'expected a non-empty manager name'],
  ['the dropped daemon.tcp', { apps: [app()], daemon: { tcp: { port: 7000, token_file: 'tok' } } }, 'daemon.tcp', 'unknown field'],
  ['fleet without etcd', { apps: [app()], daemon: { fleet: { host: 'a' } } }, 'daemon.fleet', 'missing required field "etcd"'],
  ['fleet etcd not a URL', { apps: [app()], daemon: { fleet: { etcd: ['127.0.0.1:2379'] } } }, 'daemon.fleet.etcd[0]', 'expected an http:// or https:// URL'],
  ['logs retain zero', { apps: [app()], daemon: { logs: { retain: 0 } } }, 'daemon.logs.retain', 'expected a positive integer'],
  ['logs max_size garbage', { apps: [app()], daemon: { logs: { max_size: '10 parsecs' } } }, 'daemon.logs.max_size', 'expected a size'],
  ['exec_mode unknown', { apps: [app({ exec_mode: 'threads' })] }, 'apps[0].exec_mode', 'expected "fork" or "cluster"'],
  ['instances not a number', { apps: [app({ instances: 'lots' })] }, 'apps[0].instances', 'expected an integer or "max"'],
  ['max_memory_restart garbage', { apps: [app({ max_memory_restart: 'lots' })] }, 'apps[0].max_memory_restart', 'expected a size'],
  ['a pm2 alias next to its field', { apps: [app({ out: 'a.log', out_file: 'b.log' })] }, 'apps[0].out', 'pm2\'s other name for "out_file"'],
  ['env profile not an object', { apps: [app({ env_production: 'NODE_ENV=production' })] }, 'apps[0].env_production', 'expected an object of environment variables'],
  ['trusted_keys not strings', { apps: [app()], daemon: { trusted_keys: [42] } }, 'daemon.trusted_keys[0]', 'expected a public key string'],
  ['script missing on disk', { apps: [app({ script: 'nope.js' })] }, 'apps[0].script', `no such file ${path.join(dir, 'nope.js')}`],
  ['script is a directory', { apps: [app({ script: '.' })] }, 'apps[0].script', 'expected a script file, but'],
  ['cwd missing on disk', { apps: [app({ cwd: 'no-such-dir' })] }, 'apps[0].cwd', `no such directory ${path.join(dir, 'no-such-dir')}`],
];

for (const [title, content, at, problem] of cases) {
  test(`refuses ${title}`, (t) => {
    const file = writeEco(dir, content);
    const err = t.throws(() => loadEcosystem(file), { instanceOf: ConfigError });
    t.is(err.code, 'ECONFIG');
    t.is(err.file, file);
    t.is(err.path, at);
    const prefix = at === '' ? `${file}: ` : `${file}: ${at}: `;
    t.true(err.message.split('\n').some((line) => line.startsWith(prefix + problem)), err.message);
  });
}

// A trailing comma is JSON5, which pm2 users write (issue 21): a missing comma is neither.
test('not JSON: says where, with line and column', (t) => {
  const file = writeEco(dir, '{\n  "apps": [\n    {"name": "web" "script": "app.js"}\n  ]\n}\n');
  const err = t.throws(() => loadEcosystem(file), { instanceOf: ConfigError });
  t.is(err.path, '');
  t.regex(err.message, /^.*eco-\d+\.json: not valid JSON \(nor JSON5, which pm2 users write\) at line 3, column 20: /);
});

test('not JSON: an unexpected token V8 gives no position for is still located', (t) => {
  const file = writeEco(dir, '{"apps": [{"name": "web", "script": }]}');
  const err = t.throws(() => loadEcosystem(file), { instanceOf: ConfigError });
  t.true(err.message.startsWith(`${file}: not valid JSON (nor JSON5, which pm2 users write) at line 1, column 37: `), err.message);
});

test('empty file is not JSON', (t) => {
  const file = writeEco(dir, '');
  const err = t.throws(() => loadEcosystem(file), { instanceOf: ConfigError });
  t.true(err.message.startsWith(`${file}: not valid JSON`), err.message);
});

test('unreadable file names the file', (t) => {
  const file = path.join(dir, 'missing.json');
  const err = t.throws(() => loadEcosystem(file), { instanceOf: ConfigError });
  t.is(err.file, file);
  t.is(err.message, `${file}: cannot read the file: no such file`);
});

test('a relative file name is reported absolute', (t) => {
  const err = t.throws(() => loadEcosystem('no-such-ecosystem.json'), { instanceOf: ConfigError });
  t.is(err.file, path.resolve('no-such-ecosystem.json'));
});

test('reports every problem, one per line, first one in .path', (t) => {
  const file = writeEco(dir, { apps: [app({ instances: 'x', colour: 1 }), { name: 'web' }], extra: true });
  const err = t.throws(() => loadEcosystem(file), { instanceOf: ConfigError });
  const lines = err.message.split('\n');
  t.is(err.path, 'apps[0].instances');
  t.deepEqual(err.problems.map((p) => p.path).sort(), ['apps[0].colour', 'apps[0].instances', 'apps[1]', 'apps[1].name', 'extra'].sort());
  t.is(lines.length, 5);
  t.true(lines.every((l) => l.startsWith(`${file}: `)));
  t.true(lines.includes(`${file}: apps[1].name: duplicate app name "web" (also apps[0].name)`));
});

test('suggests the field meant by a typo', (t) => {
  const file = writeEco(dir, { apps: [app({ instaces: 2 })] });
  const err = t.throws(() => loadEcosystem(file), { instanceOf: ConfigError });
  t.true(err.message.includes('apps[0].instaces: unknown field (did you mean "instances"?)'), err.message);
});

test('a wrong value is quoted back', (t) => {
  const file = writeEco(dir, { apps: [app(), app({ name: 'api', instances: 'two' })] });
  const err = t.throws(() => loadEcosystem(file), { instanceOf: ConfigError });
  t.is(err.message, `${file}: apps[1].instances: expected an integer or "max", got "two"`);
});
