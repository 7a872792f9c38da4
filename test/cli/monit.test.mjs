// `moult monit`: one frame with `--once` shows every instance and the latest update events.
import test from 'ava';
import { sandbox, startAndWaitOnline, REDEFINE_APP, REDEFINE_UPDATE } from '../helpers/moult.mjs';

test('moult monit --once shows the instances, their updates and the latest update events', async (t) => {
  const sb = sandbox(t);
  sb.files({ 'app.js': REDEFINE_APP, 'update.js': REDEFINE_UPDATE });
  const eco = sb.ecosystem([{ name: 'app', script: 'app.js', instances: 2 }]);
  await startAndWaitOnline(sb, eco, { apps: { app: 2 } });
  await sb.waitEvent({ event: 'app.log', app: 'app', instance: 1, msg: 'v1' });
  t.is((await sb.cli(['update', 'app', 'update.js'])).code, 0);
  const r = await sb.cli(['monit', '--once']);
  t.is(r.code, 0, r.stderr);
  t.regex(r.stdout, /2 instance\(s\)/);
  t.regex(r.stdout, /^0\s+app\s+0\s+\d+\s+online.*func$/m);
  // ids number processes, as pm2's (issue 21): instance 1 is process 1.
  t.regex(r.stdout, /^1\s+app\s+1\s+\d+\s+online.*func$/m);
  t.regex(r.stdout, /update\.completed\s+update func successfully completed/);
  const bad = await sb.cli(['monit', '--interval', '5']);
  t.is(bad.code, 2);
  t.regex(bad.stderr, /--interval/);
});
