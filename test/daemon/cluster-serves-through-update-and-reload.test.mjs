// exec_mode "cluster" (SPEC 3, 7): two workers share one port, each an instance with its own pid,
// NODE_APP_INSTANCE and increment_var; a `moult patch` reaches both (each its own transaction), and
// `moult reload` replaces them one at a time, the new one getting the patch replayed. A client
// hammering the port all along (a fresh connection per request) sees no refused or reset
// connection.
import test from 'ava';
import { sandbox, show, startAndWaitOnline, waitFor } from '../helpers/moult.mjs';
import { freePort, get, startLoad } from '../helpers/http-load.mjs';

const app = (version) => `const http = require('node:http');
let hits = 0;
function answer() { return '${version}'; }
http.createServer((req, res) => {
  hits++;
  res.end(JSON.stringify({ v: answer(), pid: process.pid, hits, instance: process.env.NODE_APP_INSTANCE, port: process.env.WORKER_PORT }));
}).listen(Number(process.env.PORT));
module.exports = { answer };
`;

test('two cluster workers on one port keep serving through a patch and a reload', async (t) => {
  const sb = sandbox(t);
  const port = await freePort();
  sb.files({ 'app.js': app('v1'), 'app-v2.js': app('v2') });
  const eco = sb.ecosystem([{ name: 'web', script: 'app.js', exec_mode: 'cluster', instances: 2, increment_var: 'WORKER_PORT', env: { PORT: String(port), WORKER_PORT: '9000' } }]);
  await startAndWaitOnline(sb, eco, { apps: { web: 2 } });

  const before = await sb.ls();
  t.deepEqual(before.map((i) => [i.name, i.instance, i.status]), [['web', 0, 'online'], ['web', 1, 'online']]);
  const pids = before.map((i) => i.pid);
  t.not(pids[0], pids[1]);

  // Both workers answer on the one port, each with its own instance variables.
  const seen = new Map();
  await waitFor(async () => {
    const r = JSON.parse((await get(port)).body);
    seen.set(r.pid, r);
    return seen.size === 2;
  }, 'answers from both workers');
  t.deepEqual(pids.map((p) => [seen.get(p).instance, seen.get(p).port]), [['0', '9000'], ['1', '9001']]);

  const load = startLoad(port);
  const patched = await sb.cli(['patch', 'web', 'app-v2.js', '--target', 'app.js']);
  t.is(patched.code, 0, show(patched));
  t.regex(patched.stdout, /web\[0\] patch:app\.js: completed/);
  t.regex(patched.stdout, /web\[1\] patch:app\.js: completed/);
  load.take();
  // The new code answers from both workers, and their in-memory counters were kept.
  await waitFor(() => new Set(load.take().map((b) => JSON.parse(b)).filter((r) => r.v === 'v2').map((r) => r.pid)).size === 2, 'v2 from both workers');
  t.deepEqual((await sb.ls()).map((i) => i.pid), pids, 'a patch restarts nothing');

  const reloaded = await sb.cli(['reload', 'web'], { timeoutMs: 60_000 });
  t.is(reloaded.code, 0, `${show(reloaded)}\n${sb.tail(30)}`);
  t.regex(reloaded.stdout, /2 worker\(s\) replaced one at a time/);
  const after = await sb.ls();
  t.deepEqual(after.map((i) => [i.instance, i.status, i.updates]), [[0, 'online', ['patch:app.js']], [1, 'online', ['patch:app.js']]]);
  t.false(after.some((i) => pids.includes(i.pid)), 'both workers were replaced');
  // The new workers run the code on disk (v1) with the patch replayed on top: v2.
  load.take();
  await waitFor(() => new Set(load.take().map((b) => JSON.parse(b)).filter((r) => r.v === 'v2').map((r) => r.pid)).size === 2, 'v2 from both new workers');

  const stats = await load.stop();
  t.true(stats.ok > 50, `the load ran (${stats.ok} answers)`);
  t.deepEqual(stats.errors, {}, `refused/reset/failed requests: ${JSON.stringify(stats.errors)}`);
});
