// SPEC 6.2: after an update, the app must be healthy within health.timeout (health.http answers
// 2xx, or the app calls ready()); otherwise the update is rolled back (update.rolledback, hot)
// and failed, and `moult update` exits 1.
import test from 'ava';
import { sandbox, startAndWaitOnline } from '../helpers/moult.mjs';
import { freePort, get } from '../helpers/http-load.mjs';

const APP = `
const http = require('node:http');
function healthStatus() { return 200; }
function greet() { return 'hello v1'; }
http.createServer((req, res) => {
  if (req.url === '/health') { res.statusCode = healthStatus(); return res.end('health'); }
  res.end(greet());
}).listen(Number(process.env.PORT), '127.0.0.1');
module.exports = { healthStatus, greet };
`;
const BREAKS_HEALTH = `const { SafeRedefineUpdate } = require('moult/runtime');
module.exports = (ctx) => new SafeRedefineUpdate(ctx.main, ctx.main.healthStatus, () => 500, { name: 'sick' });
`;
const GOOD = `const { SafeRedefineUpdate } = require('moult/runtime');
module.exports = (ctx) => new SafeRedefineUpdate(ctx.main, ctx.main.greet, () => 'hello v2', { name: 'good' });
`;

test('an update that makes /health answer 500 is rolled back and failed; a healthy one completes', async (t) => {
  const sb = sandbox(t);
  const port = await freePort();
  sb.files({ 'app.js': APP, 'sick.js': BREAKS_HEALTH, 'good.js': GOOD });
  const eco = sb.ecosystem([{ name: 'web', script: 'app.js', env: { PORT: port }, health: { http: `http://127.0.0.1:${port}/health`, timeout: '3s' } }]);
  await startAndWaitOnline(sb, eco, { apps: { web: 1 } });

  const good = await sb.cli(['update', 'web', 'good.js']);
  t.is(good.code, 0, good.stdout + good.stderr);
  t.is((await get(port, '/')).body, 'hello v2');

  const sick = await sb.cli(['update', 'web', 'sick.js']);
  t.is(sick.code, 1, sick.stdout + sick.stderr);
  t.regex(sick.stdout, /sick: rolledback \(health check .* answered 500\)/);
  const [rolled] = sb.find({ event: 'update.rolledback', app: 'web', update: 'sick' });
  t.is(rolled.mode, 'hot');
  t.true(sb.find({ event: 'update.failed', app: 'web', update: 'sick' }).length === 1);
  t.is((await get(port, '/health')).status, 200, 'health is back');
  t.is((await get(port, '/')).body, 'hello v2', 'the earlier, healthy update stays');
  const [inst] = await sb.ls();
  t.deepEqual(inst.updates, ['good']);
});

test('health.ready: an update after which the app does not call ready() is rolled back', async (t) => {
  const sb = sandbox(t);
  sb.files({
    'app.js': `const { log, ready } = require('moult/runtime');
function work() { log('v1'); }
setInterval(() => work(), 200);
ready();
module.exports = { work };
`,
    'silent.js': `const { SafeRedefineUpdate, log } = require('moult/runtime');
module.exports = (ctx) => new SafeRedefineUpdate(ctx.main, ctx.main.work, () => log('v2'), { name: 'silent' });
`,
    'polite.js': `const { SafeRedefineUpdate, log, ready } = require('moult/runtime');
module.exports = (ctx) => {
  class Polite extends SafeRedefineUpdate { cleanup() { ready(); } }
  return new Polite(ctx.main, ctx.main.work, () => log('v3'), { name: 'polite' });
};
`,
  });
  const eco = sb.ecosystem([{ name: 'app', script: 'app.js', health: { ready: true, timeout: '1s' } }]);
  await startAndWaitOnline(sb, eco, { apps: { app: 1 } });
  const silent = await sb.cli(['update', 'app', 'silent.js']);
  t.is(silent.code, 1, silent.stdout);
  t.regex(silent.stdout, /did not call ready/);
  const { index } = await sb.waitEvent({ event: 'update.rolledback', app: 'app', update: 'silent' });
  await sb.waitEvent({ event: 'app.log', app: 'app', msg: 'v1' }, { from: index });
  const polite = await sb.cli(['update', 'app', 'polite.js']);
  t.is(polite.code, 0, polite.stdout);
});
