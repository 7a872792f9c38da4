// pm2's readiness (SPEC 3): with `wait_ready` an instance is online once the app calls
// process.send('ready'), or once `listen_timeout` ran out; and (SPEC 2 `reload`) a new cluster worker
// that fails the app's health check is stopped while the old one keeps serving, and the reload
// exits 1.
import test from 'ava';
import { sandbox, show, startAndWaitOnline, waitFor } from '../helpers/moult.mjs';
import { freePort, startLoad } from '../helpers/http-load.mjs';

let sb;
test.before(() => { sb = sandbox(null, 'moult-ready-'); });
test.after.always(() => sb.cleanup());

test.serial("wait_ready: online when the app calls process.send('ready'), and it can call it again safely", async (t) => {
  sb.files({ 'ready.js': "setTimeout(() => { console.log('ready now'); process.send('ready'); process.send('ready'); }, 300);\nsetInterval(() => {}, 1000);\n" });
  const eco = sb.ecosystem([{ name: 'ready', script: 'ready.js', wait_ready: true, listen_timeout: 20_000 }], 'ready.json');
  await startAndWaitOnline(sb, eco, { apps: { ready: 1 } });
  const [online] = sb.find({ event: 'app.online', app: 'ready' });
  t.regex(online.msg, /process\.send\('ready'\)/);
  const [inst] = (await sb.ls()).filter((i) => i.name === 'ready');
  t.is(inst.status, 'online');
  t.is(inst.restarts, 0);

  // A fork app has no second process to take over: reload restarts it, and says so.
  const r = await sb.cli(['reload', 'ready']);
  t.is(r.code, 0, show(r));
  t.regex(r.stdout, /ready: restarted \(fork mode: reload is a restart/);
  const [again] = (await sb.ls()).filter((i) => i.name === 'ready');
  t.is(again.restarts, 1);
  t.not(again.pid, inst.pid);
});

test.serial('wait_ready: an app that never sends ready is online after listen_timeout', async (t) => {
  sb.files({ 'silent.js': 'setInterval(() => {}, 1000);\n' });
  const eco = sb.ecosystem([{ name: 'silent', script: 'silent.js', wait_ready: true, listen_timeout: 500 }], 'silent.json');
  await startAndWaitOnline(sb, eco, { apps: { silent: 1 } });
  const [online] = sb.find({ event: 'app.online', app: 'silent' });
  t.regex(online.msg, /no process\.send\('ready'\) within listen_timeout \(500 ms\)/);
});

// health.ready: the worker proves itself healthy by calling the runtime's ready() (the broken
// version never does). It checks the new worker itself, whichever worker a request reaches.
test.serial("the IPC channel never keeps an app alive, even one that listens for 'message'", async (t) => {
  sb.files({ 'brief.js': "process.on('message', () => {});\nsetTimeout(() => console.log('done'), 200);\n" });
  const eco = sb.ecosystem([{ name: 'brief', script: 'brief.js', autorestart: false }], 'brief.json');
  const r = await sb.cli(['start', eco]);
  t.is(r.code, 0, show(r));
  const { event } = await sb.waitEvent({ event: 'app.exited', app: 'brief' });
  t.is(event.code, 0, sb.tail(10));
});

const web = (healthy) => `const { ready } = require('moult/runtime');
require('node:http').createServer((req, res) => res.end(String(process.pid))).listen(Number(process.env.PORT), () => { ${healthy ? 'ready();' : ''} });
`;

test.serial('reload: a new worker that fails the health check is stopped, the old one keeps serving, exit 1', async (t) => {
  const port = await freePort();
  sb.files({ 'web.js': web(true) });
  const eco = sb.ecosystem([{ name: 'web', script: 'web.js', exec_mode: 'cluster', instances: 1, env: { PORT: String(port) }, health: { ready: true, timeout: '1s' } }], 'web.json');
  await startAndWaitOnline(sb, eco, { apps: { web: 1 } });
  const [old] = (await sb.ls()).filter((i) => i.name === 'web');

  sb.files({ 'web.js': web(false) }); // the code on disk is now broken
  const load = startLoad(port, { loops: 2 });
  const r = await sb.cli(['reload', 'web'], { timeoutMs: 60_000 });
  t.is(r.code, 1, show(r));
  t.regex(r.stderr, /failed the health check.*the old one \(pid \d+\) keeps serving/);

  const [now] = (await sb.ls()).filter((i) => i.name === 'web');
  t.is(now.pid, old.pid, 'the old worker is still the instance');
  t.is(now.status, 'online');
  // Only the old worker answers now: the new one was stopped.
  load.take();
  let last = [];
  await waitFor(() => { last = load.take(); return last.length > 0 && last.every((pid) => pid === String(old.pid)); }, 'answers from the old worker only')
    .catch((e) => { throw new Error(`${e.message}: ${last.join(' ')}\n${sb.tail(20)}`); })
    .finally(() => load.stop());
  const { stats } = load;
  t.deepEqual(stats.errors, {}, `refused/reset/failed requests: ${JSON.stringify(stats.errors)}`);
});
