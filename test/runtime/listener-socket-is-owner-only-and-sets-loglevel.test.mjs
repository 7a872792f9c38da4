// The standalone Listener: a unix socket that only its owner may use (0600), answering one line per
// command. `set loglevel 1` keeps only errors and warnings, `set loglevel 0` silences every event
// (app.log included) while the app goes on.
import test from 'ava';
import fs from 'node:fs';
import { startApp, finish, filter } from './helpers.mjs';

const app = `
const { ThreadedManager, Listener, log } = require('moult/runtime');
const manager = new ThreadedManager({ name: 'm' });
new Listener({ path: 'ctl.sock' }).start();
(async () => {
  for (let i = 0; i < 30; i++) {                        // ~3 s
    log('tick ' + i);
    console.log('tick ' + i);                           // stdout shows the app going on, whatever the log level
    await new Promise((r) => setTimeout(r, 100));
  }
  console.log('end');
})();
`;

test('the Listener socket is 0600, and set loglevel 1 / 0 filter then silence the events', async (t) => {
  const a = startApp(t, { 'app.js': app });
  await a.waitFor({ event: 'app.log', msg: 'tick 0' });

  t.is(await a.command('ctl.sock', 'set loglevel 2'), 'ok');
  const st = fs.statSync(a.path('ctl.sock'));
  t.true(st.isSocket());
  t.is((st.mode & 0o777).toString(8), '600', 'owner-only socket');
  t.is(st.uid, process.getuid());

  t.regex(await a.command('ctl.sock', 'frobnicate'), /^error: unknown command/);

  // Level 1: errors and warnings only.
  t.is(await a.command('ctl.sock', 'set loglevel 1'), 'ok');
  const n1 = a.events().length;
  t.regex(await a.command('ctl.sock', `update ${a.path('missing.js')}`), /^error: cannot read/);
  await a.waitFor({ event: 'update.rejected', reason: /unreadable/ }, { from: n1 });
  const ticksAt1 = a.stdout.split('\n').filter((l) => l.startsWith('tick')).length;
  while (a.stdout.split('\n').filter((l) => l.startsWith('tick')).length < ticksAt1 + 3) await new Promise((r) => setTimeout(r, 20));

  // Level 0: nothing at all.
  t.is(await a.command('ctl.sock', 'set loglevel 0'), 'ok');
  const n0 = a.events().length;
  t.regex(await a.command('ctl.sock', `update ${a.path('missing.js')}`), /^error: cannot read/);
  const events = await finish(t, a);

  const atLevel1 = events.slice(n1, n0);
  t.true(atLevel1.length >= 1);
  t.deepEqual(atLevel1.filter((e) => e.level !== 'error' && e.level !== 'warn'), [], 'level 1 lets only errors and warnings through');
  t.deepEqual(filter(atLevel1, { event: 'app.log' }), []);
  t.is(events.length, n0, `level 0 silences every event; after it:\n${JSON.stringify(events.slice(n0))}`);
  // The app itself went on to its end.
  t.regex(a.stdout, /tick 29\nend\n$/);
});

// Parity row 16: Pymoult's `set logpath <dir>` (the folder must exist): from then on the events go
// to <dir>/moult.log (0600), where Pymoult writes <dir>/pymoult.log; a folder that does not exist
// is refused and the log stays where it was.
test('set logpath <dir> moves the standalone log to <dir>/moult.log; a missing folder is refused (row 16)', async (t) => {
  const a = startApp(t, { 'app.js': app, 'logs/.keep': '' });
  await a.waitFor({ event: 'app.log', msg: 'tick 0' });
  t.regex(await a.command('ctl.sock', `set logpath ${a.path('nowhere')}`), /^error: cannot set the log path/);
  await a.waitFor({ event: 'runtime.warning', msg: /cannot set the log path/ });
  t.is(await a.command('ctl.sock', `set logpath ${a.path('logs')}`), `ok: ${a.path('logs/moult.log')}`);
  const before = a.events().length;
  await finish(t, a);
  t.is(a.events().length, before, 'nothing more in the first log');
  const moved = fs.readFileSync(a.path('logs/moult.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  t.true(moved.some((e) => e.event === 'app.log' && e.msg === 'tick 29'), 'the app\'s later lines are in <dir>/moult.log');
  t.is((fs.statSync(a.path('logs/moult.log')).mode & 0o777).toString(8), '600');
});
