// SPEC 7: crash restarts with `restart_delay` or exponential back-off; an instance that dies before
// `min_uptime` more than `max_restarts` times in a row is `errored` (app.restarted carries
// `restarts` and `delay_ms`, then app.errored; `moult ls --json` says "errored").
//
// One daemon runs both crash loops side by side. min_uptime is 5 s rather than 1 s: the app
// exits at once, but on a loaded 2-core machine a node process can take over a second to start,
// which would (rightly) count as a long run and reset the back-off.
import test from 'ava';
import { sandbox, show } from '../helpers/moult.mjs';

const APPS = {
  crashy: { exp_backoff_restart_delay: 100, max_restarts: 2 },
  flaky: { restart_delay: '300ms', max_restarts: 2 },
};

let sb;
test.before(async () => {
  sb = sandbox();
  sb.files({ 'crash.js': 'process.exit(1);\n' });
  const eco = sb.ecosystem(Object.entries(APPS).map(([name, extra]) => ({ name, script: 'crash.js', min_uptime: '5s', ...extra })));
  const r = await sb.cli(['start', eco]);
  if (r.code !== 0) throw new Error(`moult start failed: ${show(r)}`);
});
test.after.always(async () => { await sb?.cleanup(); });

async function crashLoop(t, name, expectedDelays) {
  const { index: erroredAt, event: errored } = await sb.waitEvent({ event: 'app.errored', app: name }, { timeoutMs: 15_000 });
  const events = sb.events().slice(0, erroredAt + 1).filter((e) => e.app === name);

  const restarted = events.filter((e) => e.event === 'app.restarted');
  t.deepEqual(restarted.map((e) => e.restarts), expectedDelays.map((_, i) => i + 1), sb.tail());
  t.deepEqual(restarted.map((e) => e.delay_ms), expectedDelays, sb.tail());
  t.is(errored.instance, 0);

  // Every run crashed: one exit per start, the last one followed by app.errored, not a restart.
  const starts = events.filter((e) => e.event === 'app.started');
  const exits = events.filter((e) => e.event === 'app.exited');
  t.is(starts.length, expectedDelays.length + 1, sb.tail());
  t.is(exits.length, expectedDelays.length + 1, sb.tail());
  for (const e of exits) t.is(e.code, 1, `every run exits with code 1: ${JSON.stringify(e)}`);

  // The delay is honoured: each restart's app.started comes delay_ms after the app.exited before it.
  const seq = events.filter((e) => ['app.exited', 'app.restarted', 'app.started'].includes(e.event));
  for (const rs of restarted) {
    const i = seq.indexOf(rs);
    const exited = seq.slice(0, i).reverse().find((e) => e.event === 'app.exited');
    const next = seq.slice(i).find((e) => e.event === 'app.started');
    t.truthy(exited && next, sb.tail());
    t.true(next.time - exited.time >= rs.delay_ms - 15, `restart ${rs.restarts}: started ${next.time - exited.time} ms after exiting, delay_ms ${rs.delay_ms}`);
  }

  const list = await sb.ls();
  t.like(list.find((i) => i.name === name), { name, instance: 0, status: 'errored', restarts: expectedDelays.length, pid: null });

  // Given up means given up: nothing started after app.errored.
  const later = sb.events().slice(erroredAt + 1).filter((e) => e.app === name && e.event === 'app.started');
  t.deepEqual(later, [], 'no start after app.errored');
}

test('exp_backoff_restart_delay: delays grow ×1.5 per fast crash, then errored after max_restarts', async (t) => {
  await crashLoop(t, 'crashy', [100, 150]);
});

test('restart_delay: a fixed delay before each restart, then errored after max_restarts', async (t) => {
  await crashLoop(t, 'flaky', [300, 300]);
});
