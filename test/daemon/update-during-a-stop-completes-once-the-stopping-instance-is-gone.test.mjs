// SPEC 6.6 (issue 17): an instance being stopped (scale down, a reload's old worker, restart) may
// still serve for a while: a cluster worker gets connections until the primary disconnects it, an
// app with a graceful shutdown keeps answering until it exits. An update that arrives meanwhile
// is not sent to it (it is leaving), so `moult update` may say completed only once it is gone:
// from then on no answer comes from the old code. (Before: the update completed on the other
// instances while the leaving one still answered with v1 — seen once as a stale answer of the
// reload test under load.)
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { sandbox, show, startAndWaitOnline, waitFor } from '../helpers/moult.mjs';
import { freePort } from '../helpers/http-load.mjs';
import { versionUpdate, watchVersions, showStale, everyInstanceOnRelease, updateCompleted } from '../helpers/one-version.mjs';

// Fork mode, one port per instance. On SIGINT it writes a mark and keeps serving (as an app behind
// a load balancer that needs time to take it out) until the test lets it go (15 s at most).
const GRACEFUL_APP = `const fs = require('node:fs');
const http = require('node:http');
function version() { return 'v1'; }
const i = process.env.NODE_APP_INSTANCE;
http.createServer((req, res) => res.end(JSON.stringify({ v: version(), pid: process.pid })))
  .listen(Number(process.env['PORT_' + i]), () => process.send('ready'));
process.on('SIGINT', () => {
  fs.writeFileSync(process.env.STOPPING_MARK + i, '');
  const end = Date.now() + 15000;
  setInterval(() => { if (fs.existsSync(process.env.LET_GO) || Date.now() > end) process.exit(0); }, 50);
});
module.exports = { version };
`;

test('an update sent while an instance is stopping completes only once that instance no longer answers', async (t) => {
  const sb = sandbox(t);
  const ports = [await freePort(), await freePort()];
  const mark = path.join(sb.root, 'stopping-');
  const letGo = path.join(sb.root, 'let-go');
  sb.files({ 'app.js': GRACEFUL_APP, 'v2.js': versionUpdate('v2', 0) });
  const eco = sb.ecosystem([{
    // exec_mode given: `instances` alone means cluster mode (pm2's rule, issue 21).
    name: 'api', script: 'app.js', exec_mode: 'fork', instances: 2, wait_ready: true, kill_timeout: 20_000,
    env: { PORT_0: String(ports[0]), PORT_1: String(ports[1]), STOPPING_MARK: mark, LET_GO: letGo },
  }]);
  await startAndWaitOnline(sb, eco, { apps: { api: 2 }, timeoutMs: 30_000 });
  const clients = ports.map((port) => watchVersions(port));
  t.teardown(() => Promise.all(clients.map((c) => c.stop())));
  for (const c of clients) await c.until((a) => a.v === 'v1', 'from v1');

  // Scale down stops the oldest processes, the lowest numbers (pm2's rule, issue 21): api[0] goes.
  const scaling = sb.cli(['scale', 'api', '1'], { timeoutMs: 60_000 });
  await waitFor(() => fs.existsSync(`${mark}0`), 'api[0] to be told to stop');
  const updating = updateCompleted(t, sb, 'api', 'v2.js');
  // The update waits for api[0], which serves meanwhile; then api[0] may go.
  const { event: waiting } = await sb.waitEvent({ event: 'update.waiting', app: 'api', update: 'v2' }, { timeoutMs: 30_000 });
  t.regex(waiting.reason, /stop of api\[0\]/);
  fs.writeFileSync(letGo, '');
  const { at: completedAt, release } = await updating;
  const scaled = await scaling;
  t.is(scaled.code, 0, show(scaled));
  await clients[1].more(20);
  for (const c of clients) await c.stop();

  t.true(clients[0].answers.length > 0, 'api[0] answered before it stopped');
  for (const [i, c] of clients.entries()) {
    const stale = c.staleSince(completedAt, 'v2');
    t.is(stale.length, 0, `stale answers from api[${i}]: ${showStale(stale)}`);
  }
  const list = await everyInstanceOnRelease(t, sb, 'api', release);
  t.is(list.length, 1);
});
