// Audit 2026-12-03, rows 1.7, 1.8, 1.9, 1.11, 1.12, 1.13 (issue 16, item 5): StrictModes
// everywhere moult reads. Another local user (nobody) plants files in a root user's MOULT_HOME
// while it is unsafe (owned by them, or world-writable), or owns a folder above it; root follows
// the fix moult prints, word for word, and runs the next command. Before, the planted state.json,
// run record, cache entry and dump.json ran nobody's code as root, and a planted log symlink made
// root append to a root-only file. Now every one of them is refused, also after the printed fix.
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { runCli, sandbox, show, startAndWaitOnline, waitFor } from '../helpers/moult.mjs';
import { NOBODY, needsRoot, plant, asNobody, nobodyProcess, nobodyNode, evilScript, followPrintedFix } from '../helpers/other-user.mjs';

/** A sandbox others can walk into (as the audit's $T was: 0755), with nobody's script in attacker/. */
function hostile(t) {
  const sb = sandbox(t);
  fs.chmodSync(sb.root, 0o755);
  fs.chmodSync(sb.appDir, 0o755);
  const attacker = path.join(sb.root, 'attacker');
  fs.mkdirSync(attacker);
  fs.chownSync(attacker, NOBODY, NOBODY);
  const mark = path.join(sb.root, 'EVIL');
  const evil = path.join(attacker, 'evil.js');
  plant(evil, evilScript(mark));
  return { sb, attacker, evil, mark, ran: () => fs.readdirSync(sb.root).filter((f) => f.startsWith('EVIL-')) };
}

/** A state.json (or a run record, or dump.json) naming nobody's script as app `evil`. */
function stateNaming(evil, cwd, instance = { instance: 0, pid: null, status: 'online', restarts: 0, started_at: null }) {
  return JSON.stringify({
    version: 1, daemon_pid: 1,
    apps: [{
      id: 0,
      config: {
        name: 'evil', script: evil, args: [], cwd, env: {}, instances: 1, autorestart: true, max_restarts: 15, min_uptime: 1000,
        restart_delay: 0, kill_timeout: 1600, node_args: [], updates: { replay: true, max_tries: 10, sleep_time: 1000, hook_timeout: 30000 },
      },
      instances: [instance],
      updates: [],
    }],
  });
}

const names = (list) => list.map((i) => i.name);

test('1.7: a home another user owns is refused, its printed fix moves it aside (no chown -R), and its state.json never runs', async (t) => {
  if (!needsRoot(t)) return;
  const { sb, attacker, evil, ran } = hostile(t);
  fs.mkdirSync(sb.home, { mode: 0o700 });
  fs.chownSync(sb.home, NOBODY, NOBODY);
  plant(path.join(sb.home, 'state.json'), stateNaming(evil, attacker), 0o600);
  const r = await sb.cli(['ls']);
  t.is(r.code, 2, show(r));
  t.true(r.stderr.includes(sb.home), r.stderr);
  t.notRegex(r.stderr, /chown -R/, 'a chown of what another user planted is no fix');
  const fix = followPrintedFix(r.stderr);
  t.log(`followed: ${fix}`);
  t.deepEqual(names(await sb.ls()), [], 'the next command starts from a new, empty home');
  t.deepEqual(ran(), [], 'the planted app never ran');
});

test('1.8: a home whose parent folder another user owns is refused (as ssh\'s StrictModes), before anything is written', async (t) => {
  if (!needsRoot(t)) return;
  const { sb } = hostile(t);
  const parent = path.join(sb.root, 'nb');
  fs.mkdirSync(parent);
  fs.chownSync(parent, NOBODY, NOBODY);
  const home = path.join(parent, 'home');
  fs.mkdirSync(home, { mode: 0o700 });
  // Should the start be accepted (the bug), its daemon and app are stopped with the test.
  t.teardown(async () => {
    fs.chownSync(parent, 0, 0);
    fs.chmodSync(parent, 0o755);
    if (fs.existsSync(path.join(home, 'moultd.pid'))) await runCli(home, ['kill'], { cwd: sb.appDir });
  });
  sb.files({ 'app.js': 'setInterval(() => {}, 1e6);\n' });
  const eco = sb.ecosystem([{ name: 'web', script: 'app.js' }]);
  const r = await runCli(home, ['start', eco], { cwd: sb.appDir });
  t.is(r.code, 2, show(r));
  t.true(r.stderr.includes(parent), `the parent is named: ${r.stderr}`);
  t.regex(r.stderr, /owned by uid 65534/, r.stderr);
  t.deepEqual(fs.readdirSync(home), [], 'nothing was created in the home');

  // A group-writable parent (not sticky) is refused too; root's sticky /tmp is not.
  fs.chownSync(parent, 0, 0);
  fs.chmodSync(parent, 0o775);
  const r2 = await runCli(home, ['ls'], { cwd: sb.appDir });
  t.is(r2.code, 2, show(r2));
  t.regex(r2.stderr, /writable/, r2.stderr);
});

test('1.9: after `chmod 700 cache` (the printed fix), a cache entry planted by another user is not run', async (t) => {
  if (!needsRoot(t)) return;
  const { sb, mark, ran } = hostile(t);
  sb.files({ 'app.js': "const { log } = require('moult/runtime');\nfunction hi() { return 'cached-app'; }\nsetInterval(() => log(hi()), 200);\nmodule.exports = { hi };\n" });
  const eco = sb.ecosystem([{ name: 'web', script: 'app.js' }]);
  await startAndWaitOnline(sb, eco, { apps: { web: 1 } });
  t.is((await sb.cli(['kill'])).code, 0);
  const cache = path.join(sb.home, 'cache');
  fs.chmodSync(sb.home, 0o755); // as the audit's: others may walk in
  fs.chmodSync(cache, 0o1777);
  const refused = await sb.cli(['start', eco]);
  t.is(refused.code, 2, show(refused));
  // Meanwhile nobody rewrites the app's entry (all its inputs are world-readable).
  // An entry's code is `<key>.m`: a line of JSON (the holders' shape), then the instrumented code.
  const entry = fs.readdirSync(cache).filter((f) => f.endsWith('.m')).map((f) => path.join(cache, f)).find((f) => fs.readFileSync(f, 'utf8').includes('cached-app'));
  t.truthy(entry, 'the app has a cache entry');
  const kept = fs.readFileSync(entry, 'utf8');
  const nl = kept.indexOf('\n');
  const planted = `${kept.slice(0, nl + 1)}require('fs').writeFileSync(${JSON.stringify(mark)} + '-' + process.getuid(), 'planted cache entry');${kept.slice(nl + 1)}`;
  fs.rmSync(entry);
  asNobody(`cat > '${entry}' <<'EOF'\n${planted}\nEOF`);
  t.is(fs.statSync(entry).uid, NOBODY);
  followPrintedFix(refused.stderr);
  await startAndWaitOnline(sb, eco, { apps: { web: 1 } });
  await sb.waitEvent({ event: 'app.log', app: 'web', msg: 'cached-app' });
  t.deepEqual(ran(), [], 'the planted entry was not run');
});

test('1.11: after `chmod 700 run` (the printed fix), a run record planted by another user is not re-adopted nor restarted', async (t) => {
  if (!needsRoot(t)) return;
  const { sb, attacker, evil, ran } = hostile(t);
  fs.mkdirSync(sb.home);
  fs.chmodSync(sb.home, 0o755); // as the audit's: others may walk in
  const run = path.join(sb.home, 'run');
  fs.mkdirSync(run);
  fs.chmodSync(run, 0o1777);
  const refused = await sb.cli(['ls']);
  t.is(refused.code, 2, show(refused));
  // nobody: a live process of its own, its socket and record, as moult would have written them.
  const sleeper = nobodyProcess(['sleep', '1000']);
  t.teardown(() => sleeper.kill());
  const sock = path.join(run, `${sleeper.pid}.sock`);
  const server = nobodyProcess([nobodyNode(), '-e', `require('net').createServer(() => {}).listen(${JSON.stringify(sock)})`]);
  t.teardown(() => server.kill());
  await waitFor(() => fs.existsSync(sock), 'nobody\'s socket');
  plant(path.join(run, `${sleeper.pid}.json`), stateNaming(evil, attacker, { instance: 0, pid: sleeper.pid, status: 'online', restarts: 0, started_at: Date.now(), secret: 'x' }), 0o600);
  followPrintedFix(refused.stderr);
  t.deepEqual(names(await sb.ls()), [], 'nothing re-adopted from the planted record');
  t.deepEqual(ran(), [], 'the planted app never ran');
});

test('1.12: after `chmod 700 logs` (the printed fix), a log symlink planted by another user is not written through', async (t) => {
  if (!needsRoot(t)) return;
  const { sb } = hostile(t);
  const victim = path.join(sb.root, 'victim');
  fs.writeFileSync(victim, 'root-only victim file\n', { mode: 0o600 });
  fs.mkdirSync(sb.home);
  fs.chmodSync(sb.home, 0o755); // as the audit's: others may walk in
  const logs = path.join(sb.home, 'logs');
  fs.mkdirSync(logs);
  fs.chmodSync(logs, 0o1777);
  sb.files({ 'app.js': "console.log('listening'); setInterval(() => {}, 1e6);\n" });
  const eco = sb.ecosystem([{ name: 'web', script: 'app.js' }]);
  const refused = await sb.cli(['start', eco]);
  t.is(refused.code, 2, show(refused));
  asNobody(`ln -s '${victim}' '${path.join(logs, 'web-0.out.log')}'`);
  followPrintedFix(refused.stderr);
  await startAndWaitOnline(sb, eco, { apps: { web: 1 } });
  const out = path.join(logs, 'web-0.out.log');
  await waitFor(() => fs.existsSync(out) && !fs.lstatSync(out).isSymbolicLink() && fs.readFileSync(out, 'utf8').includes('listening'), 'the app\'s output in a file of its own');
  t.is(fs.readFileSync(victim, 'utf8'), 'root-only victim file\n', 'the victim was not written');
  t.regex(sb.find({ event: 'daemon.warning' }).map((e) => e.msg).join('\n'), /web-0\.out\.log is a symlink/, 'a warning says what was found');
});

test('1.13: a dump.json another user owns (or can write) is refused by resurrect, and its apps never run', async (t) => {
  if (!needsRoot(t)) return;
  const { sb, attacker, evil, ran } = hostile(t);
  fs.mkdirSync(sb.home, { mode: 0o700 });
  const dump = path.join(sb.home, 'dump.json');
  plant(dump, stateNaming(evil, attacker), 0o666);
  const r = await sb.cli(['resurrect']);
  t.is(r.code, 2, show(r));
  t.true(r.stderr.includes(dump), r.stderr);
  t.regex(r.stderr, /owned by uid 65534/, r.stderr);
  // Root's own file, but writable by others: refused too.
  fs.chownSync(dump, 0, 0);
  const r2 = await sb.cli(['resurrect']);
  t.is(r2.code, 2, show(r2));
  t.regex(r2.stderr, /writable by others/, r2.stderr);
  t.deepEqual(names(await sb.ls()), []);
  t.deepEqual(ran(), [], 'the planted app never ran');
});
