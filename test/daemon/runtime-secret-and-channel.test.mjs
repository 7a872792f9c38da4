// Audit 2026-12-03, rows 1.19 and 4.11 (issue 16, item 8): the runtime's secret is not readable
// from /proc/<pid>/environ (it reaches the app on an inherited pipe, read and closed by the preload;
// a cluster worker gets its own from its primary, the primary its own from the daemon), and moult's
// own variables (MOULT_DAEMON_ECOSYSTEM…) do not leak into apps. A daemon that loses an app's
// runtime channel does not show it `online` while `update` says "not online": a channel taken over
// is re-attached with a warning, and an app whose runtime socket is gone is restarted with one.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import test from 'ava';
import { killDaemon, sandbox, show, startAndWaitOnline } from '../helpers/moult.mjs';

const APP = `const { log } = require('moult/runtime');
function hello() { return 'v1'; }
setInterval(() => log(hello()), 100);
module.exports = { hello };
`;
const FIX = (label) => `const { SafeRedefineUpdate } = require('moult/runtime');
module.exports = (ctx) => new SafeRedefineUpdate(ctx.main, ctx.main.hello, () => '${label}', { name: '${label}' });
`;

const environ = (pid) => fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
const secretsOf = (home) => JSON.parse(fs.readFileSync(path.join(home, 'state.json'), 'utf8')).apps.flatMap((a) => [...a.instances.map((i) => i.secret), a.primary?.secret]).filter(Boolean);


test('1.19: no secret in /proc/<pid>/environ of a fork app, a cluster primary or its workers; moult\'s own variables stay out; updates work, also after a daemon restart', async (t) => {
  const sb = sandbox(t);
  sb.files({ 'app.js': APP, 'fix1.js': FIX('fix1'), 'fix2.js': FIX('fix2'), 'web.js': "require('node:http').createServer((q, s) => s.end('w')).listen(0);\nconst { log } = require('moult/runtime');\nfunction hello() { return 'w1'; }\nsetInterval(() => log(hello()), 100);\nmodule.exports = { hello };\n" });
  const eco = sb.ecosystem([{ name: 'a', script: 'app.js' }, { name: 'w', script: 'web.js', exec_mode: 'cluster', instances: 2 }]);
  // What the CLI's environment holds when it starts the daemon: none of it is moult's to pass on.
  const r = await sb.cli(['start', eco], { env: { MOULT_DAEMON_ECOSYSTEM: '/nowhere/eco.json', MOULT_RUNTIME_SECRET: 'planted', MOULT_CLUSTER_SECRET: 'planted' } });
  t.is(r.code, 0, show(r));
  for (const [app, n] of [['a', 1], ['w', 2]]) for (let i = 0; i < n; i++) await sb.waitEvent({ event: 'app.online', app, instance: i });
  const secrets = secretsOf(sb.home);
  t.is(secrets.length, 4, 'state.json keeps the secrets (for re-adoption)');
  const state = JSON.parse(fs.readFileSync(path.join(sb.home, 'state.json'), 'utf8'));
  const pids = [...state.apps.flatMap((a) => a.instances.map((i) => i.pid)), state.apps.find((a) => a.primary).primary.pid];
  for (const pid of pids) {
    const env = environ(pid);
    for (const s of secrets) t.false(env.some((kv) => kv.includes(s)), `pid ${pid}: no secret in its environment`);
    t.false(env.some((kv) => /^MOULT_(DAEMON_ECOSYSTEM|RUNTIME_SECRET|CLUSTER_SECRET)=/.test(kv)), `pid ${pid}: ${env.filter((kv) => kv.startsWith('MOULT_')).join(' ')}`);
  }
  t.is((await sb.cli(['update', 'a', 'fix1.js'])).code, 0);
  const w = await sb.cli(['update', 'w', 'fix1.js']);
  t.is(w.code, 0, show(w));
  await killDaemon(sb);
  await sb.ls();
  const again = await sb.cli(['update', 'a', 'fix2.js']);
  t.is(again.code, 0, `an adopted app is updated with the secret state.json kept: ${show(again)}`);
});

test('1.19: a channel taken over by another attach (same user, secret from state.json) is re-attached with a warning; update works after', async (t) => {
  const sb = sandbox(t);
  sb.files({ 'app.js': APP, 'fix.js': FIX('fix') });
  const eco = sb.ecosystem([{ name: 'a', script: 'app.js' }]);
  await startAndWaitOnline(sb, eco, { apps: { a: 1 } });
  const [{ pid }] = await sb.ls();
  const [secret] = secretsOf(sb.home);
  const from = sb.events().length;
  // Another process of the user attaches with the secret (it can read state.json): the app keeps one daemon at a time.
  const thief = net.connect(path.join(sb.home, 'run', `${pid}.sock`));
  t.teardown(() => thief.destroy());
  thief.on('error', () => {});
  await new Promise((resolve) => thief.on('connect', resolve));
  thief.write(`${JSON.stringify({ type: 'attach', app: 'a', instance: 0, after_seq: 1e12, secret })}\n`);
  await sb.waitEvent({ event: 'daemon.warning', app: 'a', msg: /re-attached/ }, { from });
  const r = await sb.cli(['update', 'a', 'fix.js']);
  t.is(r.code, 0, show(r));
  t.is((await sb.ls())[0].pid, pid, 'the same process');
});

test('4.11: an adopted app whose runtime socket is gone is restarted with a warning, not shown online and un-updatable', async (t) => {
  const sb = sandbox(t);
  sb.files({ 'app.js': APP, 'fix.js': FIX('fix') });
  const eco = sb.ecosystem([{ name: 'a', script: 'app.js' }]);
  await startAndWaitOnline(sb, eco, { apps: { a: 1 } });
  const [{ pid }] = await sb.ls();
  fs.rmSync(path.join(sb.home, 'run', `${pid}.sock`));
  await killDaemon(sb);
  const from = sb.events().length;
  await sb.ls();
  await sb.waitEvent({ event: 'daemon.warning', app: 'a', msg: /runtime socket/ }, { from, timeoutMs: 30_000 });
  await sb.waitEvent({ event: 'app.online', app: 'a' }, { from, timeoutMs: 30_000 });
  const [now] = await sb.ls();
  t.not(now.pid, pid, 'restarted: a new process with a runtime the daemon can reach');
  const r = await sb.cli(['update', 'a', 'fix.js']);
  t.is(r.code, 0, show(r));
});

test('audit side note: an app killed by SIGKILL leaves no stale run/<pid>.sock behind', async (t) => {
  const sb = sandbox(t);
  sb.files({ 'app.js': APP });
  const eco = sb.ecosystem([{ name: 'a', script: 'app.js' }]);
  await startAndWaitOnline(sb, eco, { apps: { a: 1 } });
  const [{ pid }] = await sb.ls();
  const socket = path.join(sb.home, 'run', `${pid}.sock`);
  t.true(fs.existsSync(socket));
  const from = sb.events().length;
  process.kill(pid, 'SIGKILL');
  await sb.waitEvent({ event: 'app.online', app: 'a' }, { from });
  t.false(fs.existsSync(socket), 'the killed process\'s socket was removed');
});
