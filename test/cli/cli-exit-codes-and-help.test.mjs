// SPEC 2: every verb has help (exit 0); exit 2 on bad usage or bad input with a message naming
// the culprit, and bad input starts nothing (not even the daemon); `start script.js --name -i`.
// Serial: these are many short CLI runs, and in parallel on 2 cores each would take seconds.
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { sandbox, show, waitFor } from '../helpers/moult.mjs';

const VERBS = ['start', 'stop', 'restart', 'delete', 'ls', 'logs', 'update', 'kill', 'run', 'startup'];

const noDaemon = (t, sb, why) => {
  t.false(fs.existsSync(path.join(sb.home, 'moultd.pid')), `${why}: no daemon may be started (moultd.pid exists)`);
  t.false(fs.existsSync(path.join(sb.home, 'moultd.sock')), `${why}: no daemon may be started (moultd.sock exists)`);
};

test.serial('moult --help lists every verb, exit 0, and starts no daemon', async (t) => {
  const sb = sandbox(t);
  for (const args of [['--help'], ['-h']]) {
    const r = await sb.cli(args);
    t.is(r.code, 0, show(r));
    for (const verb of VERBS) t.regex(r.stdout, new RegExp(`\\b${verb}\\b`), `${args[0]} mentions ${verb}`);
  }
  noDaemon(t, sb, '--help');
});

// BUG (client/cli.ts): stop, restart and delete are one yargs command with aliases
// (['stop <app>', 'restart <app>', 'delete <app>']), so `moult restart --help` and
// `moult delete --help` print the usage "moult stop <app>" and never name the verb asked about:
// a user reading `moult delete --help` is shown how to `stop`.
const HELP_BROKEN = new Set([]);

for (const verb of VERBS) {
  const title = `moult ${verb} --help: exit 0, the usage names "${verb}", no daemon started`;
  (HELP_BROKEN.has(verb) ? test.serial.failing : test.serial)(title, async (t) => {
    const sb = sandbox(t);
    const r = await sb.cli([verb, '--help']);
    t.is(r.code, 0, show(r));
    t.regex(r.stdout, new RegExp(`moult ${verb}\\b`), show(r));
    noDaemon(t, sb, `${verb} --help`);
  });
}

test.serial('bad usage exits 2, names the culprit, and starts no daemon', async (t) => {
  const sb = sandbox(t);
  sb.files({ 'app.js': 'setInterval(() => {}, 1000);\n' });
  const cases = [
    [['frobnicate'], /frobnicate/],
    [[], /verb/],
    [['logs', '--lines', '-1'], /--lines/],
    [['update', 'app', 'app.js', '--timeout', '0'], /--timeout/],
    [['startup', 'upstart'], /upstart/],
    // -i 0 is one per CPU, as in pm2 (issue 21); a word is no count.
    [['start', 'app.js', '-i', 'many'], /-i/],
    [['start', 'app.js', '--name', 'all'], /all/],
    [['start', 'missing.js'], /missing\.js/],
  ];
  for (const [args, re] of cases) {
    const r = await sb.cli(args);
    t.is(r.code, 2, `moult ${args.join(' ')}: ${show(r)}`);
    t.regex(r.stderr, re, `moult ${args.join(' ')}: ${show(r)}`);
  }
  noDaemon(t, sb, 'bad usage');
});

// `moult start` alone starts ./ecosystem.config.js, as pm2 (issue 21): without one, the target is missing.
test.serial('a missing argument is named: moult start → target, moult update app → file', async (t) => {
  const sb = sandbox(t);
  for (const [args, re] of [[['start'], /missing <target>.*ecosystem\.config\.js/], [['update', 'app'], /file/]]) {
    const r = await sb.cli(args);
    t.is(r.code, 2, show(r));
    t.regex(r.stderr, re, `moult ${args.join(' ')}: ${show(r)}`);
  }
});

test.serial('moult start of a bad ecosystem exits 2 with the JSON path, and starts nothing', async (t) => {
  const sb = sandbox(t);
  sb.files({ 'app.js': 'setInterval(() => {}, 1000);\n' });
  const bad = sb.ecosystem([{ name: 'web', script: 'app.js', instances: 'two' }], 'bad-ecosystem.json');
  const r = await sb.cli(['start', bad]);
  t.is(r.code, 2, show(r));
  t.true(r.stderr.includes('apps[0].instances'), show(r));
  t.true(r.stderr.includes(bad), `stderr names the file:\n${show(r)}`);

  // Not JSON at all, and a file that is not there: exit 2 naming the file.
  sb.files({ 'broken.json': '{"apps": [' });
  for (const name of ['broken.json', 'missing.json']) {
    const r2 = await sb.cli(['start', name]);
    t.is(r2.code, 2, show(r2));
    t.true(r2.stderr.includes(name), show(r2));
  }
  noDaemon(t, sb, 'a bad ecosystem');
  t.false(fs.existsSync(path.join(sb.home, 'logs', 'web-0.out.log')), 'no app was started');
});

test.serial('moult start app.js --name web -i 2 runs a plain script twice; kill without a daemon is fine', async (t) => {
  const sb = sandbox(t);
  sb.files({ 'app.js': 'console.log("web up", process.pid);\nsetInterval(() => {}, 1000);\n' });
  const k = await sb.cli(['kill']);
  t.is(k.code, 0, show(k));
  noDaemon(t, sb, 'kill with no daemon');

  const r = await sb.cli(['start', 'app.js', '--name', 'web', '-i', '2']);
  t.is(r.code, 0, show(r));
  t.regex(r.stdout, /web/);
  await sb.waitEvent({ event: 'app.online', app: 'web', instance: 0 });
  await sb.waitEvent({ event: 'app.online', app: 'web', instance: 1 });
  const list = await sb.ls();
  t.deepEqual(list.map((i) => [i.name, i.instance, i.status]), [['web', 0, 'online'], ['web', 1, 'online']]);
  t.not(list[0].pid, list[1].pid);
  for (const i of [0, 1]) {
    const out = path.join(sb.home, 'logs', `web-${i}.out.log`);
    await waitFor(() => fs.existsSync(out) && fs.readFileSync(out, 'utf8').includes(`web up ${list[i].pid}`), `web-${i}.out.log`);
  }
  // The script's folder is the app's cwd and its absolute path the script.
  const state = JSON.parse(fs.readFileSync(path.join(sb.home, 'state.json'), 'utf8'));
  t.like(state.apps[0].config, { name: 'web', instances: 2, script: path.join(sb.appDir, 'app.js') });

  // Unknown apps are bad input: exit 2 naming the app; nothing changes.
  for (const verb of ['stop', 'restart', 'delete']) {
    const u = await sb.cli([verb, 'nosuchapp']);
    t.is(u.code, 2, `${verb} nosuchapp: ${show(u)}`);
    t.regex(u.stderr, /nosuchapp/, `${verb} nosuchapp: ${show(u)}`);
  }
  const again = await sb.ls();
  t.deepEqual(again.map((i) => [i.pid, i.status]), list.map((i) => [i.pid, 'online']));
});

// BUG (daemon/control/server.ts): SPEC 9 wants "a clear error to the sender, a `warn` line in the
// log" for unknown apps, but Supervisor.select throws DaemonError('ENOAPP') and the control
// server writes daemon.warning only for errors that are *not* DaemonErrors, so
// `moult stop nosuchapp` (exit 2, correct message) leaves no line at all in moultd.log.
test.serial('moult stop of an unknown app leaves a warn line in the log', async (t) => {
  const sb = sandbox(t);
  // `stop` starts the daemon (with no apps) on first use, then asks it.
  const u = await sb.cli(['stop', 'nosuchapp']);
  t.is(u.code, 2, show(u));
  t.regex(u.stderr, /nosuchapp/);
  const { event } = await sb.waitEvent({ level: 'warn', msg: /nosuchapp/ }, { timeoutMs: 2000 });
  t.truthy(event);
});
