// Issue 16, item 2: identifiers read from the home (state.json, run records, dump.json) are matched
// against their exact shape before the daemon builds a path from them, connects to one, or reads
// one. A state.json whose cluster primary socket, or whose stored update copy, points outside the
// places moult keeps them is not acted on: the socket is never connected to (it would get the
// primary's secret), the copy never read or replayed.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import test from 'ava';
import { sandbox, startAndWaitOnline, killDaemon } from '../helpers/moult.mjs';

const APP = "const { log } = require('moult/runtime');\nfunction hi() { return 'v1'; }\nsetInterval(() => log(hi()), 100);\nmodule.exports = { hi };\n";

test('a state.json whose primary socket is outside run/ is not acted on: that socket is never connected to', async (t) => {
  const sb = sandbox(t);
  sb.files({ 'web.js': "require('node:http').createServer((q, s) => s.end('w')).listen(0);\n" });
  const eco = sb.ecosystem([{ name: 'w', script: 'web.js', exec_mode: 'cluster', instances: 1 }]);
  await startAndWaitOnline(sb, eco, { apps: { w: 1 } });
  await killDaemon(sb);
  // The real primary runs on; its recorded socket is replaced by one elsewhere, listening.
  const elsewhere = path.join(sb.root, 'cluster-0123456789abcdef.sock');
  let connections = 0;
  const server = net.createServer((c) => { connections++; c.destroy(); });
  await new Promise((r) => server.listen(elsewhere, r));
  t.teardown(() => server.close());
  const file = path.join(sb.home, 'state.json');
  const state = JSON.parse(fs.readFileSync(file, 'utf8'));
  t.truthy(state.apps[0].primary, 'the cluster app has a primary');
  state.apps[0].primary.socket = elsewhere;
  fs.writeFileSync(file, JSON.stringify(state), { mode: 0o600 });
  const from = sb.events().length;
  await sb.ls();
  const { event } = await sb.waitEvent({ event: 'daemon.warning', msg: /primary socket/ }, { from });
  t.regex(event.msg, /not connected to/);
  t.is(connections, 0, 'the socket named in state.json was never connected to (it would have got the primary\'s secret)');
});

test('a stored update copy named outside updates/ is not read nor replayed', async (t) => {
  const sb = sandbox(t);
  sb.files({ 'app.js': APP, 'fix.js': "const { SafeRedefineUpdate } = require('moult/runtime');\nmodule.exports = (ctx) => new SafeRedefineUpdate(ctx.main, ctx.main.hi, () => 'fixed', { name: 'fix' });\n" });
  const eco = sb.ecosystem([{ name: 'a', script: 'app.js' }]);
  await startAndWaitOnline(sb, eco, { apps: { a: 1 } });
  t.is((await sb.cli(['update', 'a', 'fix.js'])).code, 0);
  await killDaemon(sb);
  const file = path.join(sb.home, 'state.json');
  const state = JSON.parse(fs.readFileSync(file, 'utf8'));
  const [u] = state.apps[0].updates;
  // The same content, kept elsewhere under the right name: moult reads only its own updates/.
  const outside = path.join(sb.root, path.basename(u.stored));
  fs.copyFileSync(u.stored, outside);
  fs.rmSync(u.stored);
  u.stored = outside;
  fs.writeFileSync(file, JSON.stringify(state), { mode: 0o600 });
  const from = sb.events().length;
  await sb.ls();
  t.is((await sb.cli(['restart', 'a'])).code, 0);
  // SPEC 6.6: the instance then runs other code than its release: app.drift says why.
  const { event } = await sb.waitEvent({ event: 'app.drift', msg: /cannot replay fix/ }, { from });
  t.regex(event.msg, /not in .*updates/);
});
