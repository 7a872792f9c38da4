// A pm2 user's habits, on one daemon: `moult start ecosystem.config.js --env production` (warnings
// for pm2-only fields on stderr), `start app.js -- args`, ids in `ls` and in verbs, `start <name>`
// for a stopped app, `restart --update-env`, `describe`, `logs --out/--err/--raw` with custom
// out_file/error_file, `flush`, and `save` → `kill` → `resurrect` bringing the apps back with
// their updates replayed.
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { sandbox, show, waitFor, REDEFINE_APP, REDEFINE_UPDATE } from '../helpers/moult.mjs';

// Says what it was given, on each stream, then idles; it tells the daemon it is ready as pm2's wait_ready asks.
const SAYS = `console.log('argv=' + JSON.stringify(process.argv.slice(2)) + ' NODE_ENV=' + process.env.NODE_ENV + ' FOO=' + process.env.FOO);
console.error('stderr of ' + process.pid);
if (process.send) process.send('ready');
setInterval(() => {}, 1000);
`;

const ECOSYSTEM = `module.exports = {
  apps: [{
    name: 'api',
    script: './says.js',
    instances: 2,
    exec_mode: 'cluster',
    wait_ready: true,
    listen_timeout: 5000,
    out_file: './logs/api-out.log',
    error_file: './logs/api-err.log',
    merge_logs: true,
    log_type: 'json',
    env: { NODE_ENV: 'development' },
    env_production: { NODE_ENV: 'production' },
  }, {
    name: 'counter',
    script: './counter.js',
  }],
};
`;

let sb;
test.before(() => {
  sb = sandbox(null, 'moult-pm2-');
  sb.files({ 'says.js': SAYS, 'counter.js': REDEFINE_APP, 'update.js': REDEFINE_UPDATE, 'ecosystem.config.js': ECOSYSTEM });
});
test.after.always(() => sb.cleanup());

const ok = async (t, args) => {
  const r = await sb.cli(args);
  t.is(r.code, 0, `moult ${args.join(' ')}: ${show(r)}`);
  return r;
};
const online = (name, n = 1) => waitFor(async () => {
  const list = (await sb.ls()).filter((i) => i.name === name);
  return list.length === n && list.every((i) => i.status === 'online') && list;
}, `${name} online`);

test.serial('start ecosystem.config.js --env production: the apps run with env_production; pm2-only fields warn', async (t) => {
  const r = await ok(t, ['start', 'ecosystem.config.js', '--env', 'production']);
  t.regex(r.stderr, /warning: .*ecosystem\.config\.js: apps\[0\]\.log_type: a pm2 field that moult does not act on/);
  t.is(r.stderr.match(/log_type/g).length, 1, 'one warning per path');
  await online('api', 2);
  await online('counter');
  const out = path.join(sb.appDir, 'logs', 'api-out.log');
  await waitFor(() => fs.existsSync(out) && fs.readFileSync(out, 'utf8').includes('NODE_ENV=production'), 'the app saw NODE_ENV=production');
  t.false(fs.readFileSync(out, 'utf8').includes('NODE_ENV=development'));
});

// Ids number processes, as pm2's (issue 21): api's two instances are 0 and 1.
test.serial('ls shows ids; start app.js -- --port 3000 passes the arguments on', async (t) => {
  await ok(t, ['start', 'says.js', '--name', 'web', '--', '--port', '3000']);
  const [web] = await online('web');
  const list = await sb.ls();
  t.deepEqual(list.map((i) => `${i.id}:${i.name}[${i.instance}]`), ['0:api[0]', '1:api[1]', '2:counter[0]', '3:web[0]']);
  await waitFor(() => fs.readFileSync(path.join(sb.home, 'logs', 'web-0.out.log'), 'utf8').includes('argv=["--port","3000"]'), 'argv reaches the script');
  const table = (await ok(t, ['ls'])).stdout;
  t.regex(table.split('\n')[0], /^id\s+name\s+instance/);
  t.regex(table, new RegExp(`^3\\s+web\\s+0\\s+${web.pid}\\s+online`, 'm'));
});

test.serial('stop <id>, then start <name> starts the stopped app again; restart --update-env gives it this shell\'s env', async (t) => {
  await ok(t, ['stop', '3']);
  t.is((await sb.ls()).find((i) => i.name === 'web').status, 'stopped');
  await ok(t, ['start', 'web']);
  await online('web');
  const r = await sb.cli(['restart', '3', '--update-env'], { env: { FOO: 'from-the-shell' } });
  t.is(r.code, 0, show(r));
  await waitFor(() => fs.readFileSync(path.join(sb.home, 'logs', 'web-0.out.log'), 'utf8').includes('FOO=from-the-shell'), 'FOO reaches the app');
  const unknown = await sb.cli(['start', 'nosuch']);
  t.is(unknown.code, 2, show(unknown));
  t.regex(unknown.stderr, /no such file .*nosuch, no program nosuch on PATH, and no app is named or numbered nosuch/);
  const badDashes = await sb.cli(['start', 'ecosystem.config.js', '--', 'x']);
  t.is(badDashes.code, 2, show(badDashes));
});

test.serial('describe <id> and describe --json: config, instances and their (custom) log files', async (t) => {
  // Process 0 is api[0]: describe by id shows that process, by name every one.
  const d = JSON.parse((await ok(t, ['describe', '0', '--json'])).stdout);
  t.is(d.name, 'api');
  t.is(d.id, 0);
  t.is(d.config.env.NODE_ENV, 'production');
  t.is(d.instances.length, 1);
  t.is(JSON.parse((await ok(t, ['describe', 'api', '--json'])).stdout).instances.length, 2);
  t.is(d.instances[0].out_file, path.join(sb.appDir, 'logs', 'api-out.log'));
  const human = (await ok(t, ['describe', 'api'])).stdout;
  t.regex(human, /^name\s+api$/m);
  t.regex(human, /api-err\.log/);
  t.regex((await ok(t, ['info', '0'])).stdout, /^name\s+api$/m, 'pm2\'s alias info');
  const bad = await sb.cli(['describe', 'nosuch']);
  t.is(bad.code, 2, show(bad));
  t.regex(bad.stderr, /nosuch/);
});

test.serial('logs api --out / --err / --raw / --timestamp read the custom out_file and error_file; flush empties them', async (t) => {
  await waitFor(() => fs.readFileSync(path.join(sb.appDir, 'logs', 'api-err.log'), 'utf8').includes('stderr of'), 'stderr line');
  const out = (await ok(t, ['logs', 'api', '--out', '--lines', '50'])).stdout;
  t.regex(out, /api\[\d\] out \| argv=\[\]/);
  t.notRegex(out, /stderr of|app\.online/, 'only standard output');
  const err = (await ok(t, ['logs', '0', '--err', '--raw'])).stdout;
  t.regex(err, /^stderr of \d+$/m, 'raw: the line as it is');
  t.notRegex(err, /==>|\|/);
  const stamped = (await ok(t, ['logs', 'web', '--out', '--timestamp', '--lines', '1'])).stdout;
  t.regex(stamped, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z web\[0\] out \| argv=/m);
  const flushed = (await ok(t, ['flush', 'api'])).stdout;
  t.regex(flushed, /api-out\.log/);
  t.is(fs.statSync(path.join(sb.appDir, 'logs', 'api-out.log')).size, 0);
  t.true(fs.statSync(path.join(sb.home, 'logs', 'web-0.out.log')).size > 0, 'other apps keep their logs');
});

test.serial('restart ecosystem.config.js re-reads the file (without --env: env only); --env with an app name is refused', async (t) => {
  const r = await ok(t, ['restart', 'ecosystem.config.js']);
  t.regex(r.stdout, /restart: api, counter/);
  t.is(JSON.parse((await ok(t, ['describe', 'api', '--json'])).stdout).config.env.NODE_ENV, 'development');
  await waitFor(() => fs.readFileSync(path.join(sb.appDir, 'logs', 'api-out.log'), 'utf8').includes('NODE_ENV=development'), 'api restarted with env only');
  await online('api', 2);
  await online('counter');
  const bad = await sb.cli(['restart', 'web', '--env', 'production']);
  t.is(bad.code, 2, show(bad));
  t.regex(bad.stderr, /--env/);
});

test.serial('save → kill → resurrect: the same apps come back online, with their updates replayed; stop ecosystem.config.js stops its apps', async (t) => {
  await sb.waitEvent({ event: 'app.log', app: 'counter', msg: 'v1' });
  await ok(t, ['update', 'counter', 'update.js']);
  const before = await sb.ls();
  const saved = await ok(t, ['save']);
  t.regex(saved.stdout, /saved api, counter, web to .*dump\.json/);
  await ok(t, ['kill']);
  const r = await ok(t, ['resurrect']);
  t.regex(r.stdout, /resurrected api, counter, web/);
  const counter = await waitFor(async () => (await sb.ls()).find((i) => i.name === 'counter' && i.status === 'online' && i.updates.length), 'counter with its update');
  t.deepEqual(counter.updates, ['func']);
  await sb.waitEvent({ event: 'update.replayed', app: 'counter', update: 'func' });
  const after = await sb.ls();
  const shape = (l) => l.map((i) => `${i.id}:${i.name}[${i.instance}]`).sort();
  t.deepEqual(shape(after), shape(before), 'the same apps, with the same ids');
  for (const i of after) t.notDeepEqual(i.pid, before.find((b) => b.name === i.name && b.instance === i.instance).pid);
  const again = await ok(t, ['resurrect']);
  t.regex(again.stdout, /already there: api, counter, web/);
  t.regex((await ok(t, ['stop', 'ecosystem.config.js'])).stdout, /stop: api, counter/);
  t.deepEqual((await sb.ls()).filter((i) => i.status === 'online').map((i) => i.name), ['web']);
});

test.serial('startup systemd: the unit passes systemd-analyze verify (or has the fields a unit needs)', async (t) => {
  const eco = path.join(sb.appDir, 'ecosystem.config.js');
  const unit = (await ok(t, ['startup', 'systemd', '--ecosystem', eco])).stdout;
  t.regex(unit, new RegExp(`^ExecStart=${process.execPath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\S+moultd\\.js run ${eco.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
  for (const line of ['[Unit]', '[Service]', '[Install]', `Environment=MOULT_HOME=${sb.home}`, 'WantedBy=multi-user.target']) t.true(unit.split('\n').includes(line), line);
  const { spawnSync } = await import('node:child_process');
  const file = path.join(sb.root, 'moult.service');
  fs.writeFileSync(file, unit);
  const v = spawnSync('systemd-analyze', ['verify', file], { encoding: 'utf8' });
  if (v.error) t.log('systemd-analyze is not installed: the unit\'s fields were checked above instead');
  else t.is(v.status, 0, `systemd-analyze verify: ${v.stderr}`);
});

test.serial('save with nothing running and resurrect of a damaged dump.json fail, naming why, and change nothing', async (t) => {
  await ok(t, ['stop', 'all']);
  const dump = path.join(sb.home, 'dump.json');
  const kept = fs.readFileSync(dump, 'utf8');
  const empty = await sb.cli(['save']);
  t.is(empty.code, 1, show(empty));
  t.regex(empty.stderr, /nothing to save: no app is running/);
  t.is(fs.readFileSync(dump, 'utf8'), kept, 'the last dump is kept');
  await ok(t, ['delete', 'all']);
  fs.writeFileSync(dump, kept.slice(0, 40));
  const bad = await sb.cli(['resurrect']);
  t.is(bad.code, 2, show(bad));
  t.regex(bad.stderr, /dump\.json: not valid JSON/);
  t.deepEqual(await sb.ls(), []);
});

test.serial('start ecosystem.config.js --only counter starts that app alone; an unknown name is refused', async (t) => {
  const wrong = await sb.cli(['start', 'ecosystem.config.js', '--only', 'counter,nosuch']);
  t.is(wrong.code, 2, show(wrong));
  t.regex(wrong.stderr, /--only: no app "nosuch" in .*ecosystem\.config\.js \(it has api, counter\)/);
  t.deepEqual(await sb.ls(), []);
  await ok(t, ['start', 'ecosystem.config.js', '--only', 'counter']);
  t.deepEqual((await sb.ls()).map((i) => i.name), ['counter']);
});
