// SPEC 6.6, runtime/host/start-hold.ts: a process started by a daemon holds its servers until the
// daemon says `release`. Here no daemon ever does (as when one dies while starting the app): the
// hold ends after MOULT_HOLD_MS with a `runtime.hold.timeout` warning, and nothing is lost or hung.
// - fork: listen() binds at once (server.address() is synchronous, as without moult); a client that
//   connected during the hold is answered once it ends;
// - cluster worker: listen() calls wait (the primary sees 'listening' only after the hold); a server
//   closed during the hold never listens; a worker whose only handle is a held listen() stays alive;
// - an app with no server is not kept alive by the hold.
// The events are read the way a daemon reads them: attached to the runtime socket (run by hand, with
// no secret pipe, the runtime takes any attach from its owner).
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { App, scratch, preload, root } from './helpers.mjs';
import { freePort, get } from '../helpers/http-load.mjs';

const { connect } = await import(path.join(root, 'dist/protocol/transport.js'));

const heldEnv = (dir, holdMs) => ({ MOULT_RUNTIME_DIR: path.join(dir, 'run'), MOULT_APP: 'held', MOULT_INSTANCE: '0', MOULT_HOLD_MS: String(holdMs) });

/** Attaches like a daemon and collects the runtime's messages (events re-sent, then `state`). */
async function attach(dir, pid) {
  const sock = path.join(dir, 'run', `${pid}.sock`);
  for (let i = 0; !fs.existsSync(sock); i++) {
    if (i > 500) throw new Error(`no runtime socket ${sock}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  const conn = await connect(sock, { timeoutMs: 2000 });
  const messages = [];
  conn.on('message', (m) => messages.push(m));
  conn.send({ type: 'attach', app: 'held', instance: 0, after_seq: 0 });
  return { conn, messages, events: () => messages.filter((m) => m.type === 'event').map((m) => m.event) };
}

async function until(fn, what, ms = 20_000) {
  const end = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('fork: a server binds at once, a client of the hold is answered when it times out, with a warning', async (t) => {
  const port = await freePort();
  const dir = scratch({
    'app.js': `const s = require('node:http').createServer((req, res) => res.end('hello'));
s.listen(${port});
console.log('bound ' + s.address().port);
`,
  });
  const app = new App(dir, 'app.js', heldEnv(dir, 1500));
  t.teardown(() => app.child.kill('SIGKILL'));
  await until(() => app.stdout.includes(`bound ${port}`), 'the synchronous address');
  // Accepted by the kernel during the hold, answered after it.
  const answer = await get(port);
  t.is(answer.body, 'hello');
  const runtime = await attach(dir, app.child.pid);
  t.teardown(() => runtime.conn.close());
  await until(() => runtime.events().some((e) => e.event === 'runtime.hold.released'), 'runtime.hold.released');
  const timeout = runtime.events().find((e) => e.event === 'runtime.hold.timeout');
  t.truthy(timeout, JSON.stringify(runtime.messages));
  t.is(timeout.level, 'warn');
  t.is(timeout.held_ms, 1500);
  const released = runtime.events().find((e) => e.event === 'runtime.hold.released');
  t.is(released.servers, 1);
  t.true(released.connections >= 1, JSON.stringify(released));
  await until(() => runtime.messages.some((m) => m.type === 'state'), 'the state message');
  t.deepEqual(runtime.messages.find((m) => m.type === 'state'), { type: 'state', holding: false, applied: [] });
});

test('cluster worker: listen() waits for the end of the hold, a server closed meanwhile never listens, the worker stays alive', async (t) => {
  const [port, closedPort] = [await freePort(), await freePort()];
  const dir = scratch({
    // The worker's only handles are held listen() calls (and a closed server): nothing else keeps it alive.
    'worker.js': `const http = require('node:http');
http.createServer((req, res) => res.end('worker')).listen(${port}, () => console.log('listening ${port}'));
const closed = http.createServer();
closed.listen(${closedPort});
closed.close(() => console.log('closed'));
`,
    // Marked as moult's primary marks its workers (MOULT_CLUSTER_WORKER, protocol/cluster-channel.ts:
    // Node removes NODE_UNIQUE_ID before preloads run).
    'primary.js': `const cluster = require('node:cluster');
cluster.setupPrimary({ exec: 'worker.js', execArgv: ['--require', ${JSON.stringify(preload)}] });
const w = cluster.fork(${JSON.stringify({ ...heldEnv('.', 1500), MOULT_CLUSTER_WORKER: '1' })});
w.on('listening', (a) => console.log('primary saw listening ' + a.port));
w.on('exit', (code) => console.log('worker exited ' + code));
`,
  });
  // The primary runs without the preload (it is not a managed process): App adds it, harmlessly.
  const primary = new App(dir, 'primary.js', {});
  t.teardown(() => primary.child.kill('SIGKILL'));
  await until(() => primary.stdout.includes(`primary saw listening ${port}`), 'the worker listening after the hold');
  t.is((await get(port)).body, 'worker');
  t.true(primary.stdout.includes('closed'), primary.stdout);
  t.false(primary.stdout.includes(`listening ${closedPort}`), primary.stdout);
  t.false(primary.stdout.includes('worker exited'), primary.stdout);
  const workerPid = Number(fs.readdirSync(path.join(dir, 'run')).find((f) => f.endsWith('.sock')).split('.')[0]);
  const runtime = await attach(dir, workerPid);
  t.teardown(() => runtime.conn.close());
  await until(() => runtime.events().some((e) => e.event === 'runtime.hold.released'), 'runtime.hold.released');
  t.truthy(runtime.events().find((e) => e.event === 'runtime.hold.timeout'));
});

test('an app with no server is not kept alive by the hold', async (t) => {
  const dir = scratch({ 'job.js': "setTimeout(() => console.log('job done'), 100);\n" });
  const app = new App(dir, 'job.js', heldEnv(dir, 120_000));
  t.teardown(() => app.child.kill('SIGKILL'));
  const exit = await app.waitExit(20_000);
  t.is(exit.code, 0);
  t.true(app.stdout.includes('job done'));
});
