// cron_restart: the app is restarted on its schedule (app.restarted with reason "cron"); an
// expression that croner cannot read is refused at load, naming apps[i].cron_restart (exit 2).
import test from 'ava';
import { sandbox, show, startAndWaitOnline, tickerApp } from '../helpers/moult.mjs';

test('cron_restart restarts the app on its schedule', async (t) => {
  const sb = sandbox(t);
  sb.files({ 'app.js': tickerApp('tick', 500) });
  const eco = sb.ecosystem([{ name: 'nightly', script: 'app.js', cron_restart: '*/2 * * * * *' }]);
  await startAndWaitOnline(sb, eco, { apps: { nightly: 1 } });
  // The pid from the log, not from a later `ls`: a restart (every 2 s) may come in between.
  const from = sb.events().length;
  const first = sb.find({ event: 'app.online', app: 'nightly' }).at(-1).pid;
  const { event } = await sb.waitEvent({ event: 'app.restarted', app: 'nightly', reason: 'cron' }, { from });
  t.regex(event.msg, /cron_restart \*\/2 \* \* \* \* \*/);
  const { event: online } = await sb.waitEvent({ event: 'app.online', app: 'nightly' }, { from });
  t.not(online.pid, first);
});

test('an invalid cron_restart is refused before anything starts', async (t) => {
  const sb = sandbox(t);
  sb.files({ 'app.js': tickerApp() });
  const eco = sb.ecosystem([{ name: 'ok', script: 'app.js' }, { name: 'bad', script: 'app.js', cron_restart: '61 * * * *' }]);
  const r = await sb.cli(['start', eco]);
  t.is(r.code, 2, show(r));
  t.regex(r.stderr, /apps\[1\]\.cron_restart: invalid cron expression "61 \* \* \* \*"/);
  t.deepEqual(sb.find({ event: 'app.started' }), [], 'nothing started');
});
