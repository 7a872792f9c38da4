// daemon/updates/release-lock.ts (SPEC 6.6): per app, release changes (update, patch, rollback,
// undo) run one at a time in the order they came; catch-ups of starting instances run side by side
// but never beside a change; another app is not held up; a catch-up that waits too long goes on
// outside the lock (and is told so).
import path from 'node:path';
import test from 'ava';
import { ROOT } from '../helpers/moult.mjs';

const { ReleaseLocks } = await import(path.join(ROOT, 'dist/daemon/updates/release-lock.js'));

/** A run that records when it starts and ends, and ends when told. */
function step(locks, app, what, mode, log, opts) {
  let finish;
  const gate = new Promise((r) => { finish = r; });
  const started = new Promise((resolve) => {
    void locks.run(app, what, mode, async (locked) => {
      log.push(`start ${what}${locked ? '' : ' (unlocked)'}`);
      resolve();
      await gate;
      log.push(`end ${what}`);
    }, opts);
  });
  return { started, finish: async () => { finish(); await new Promise((r) => setImmediate(r)); } };
}

const tick = () => new Promise((r) => setImmediate(r));

test('changes run one at a time in order; catch-ups share, never beside a change', async (t) => {
  const locks = new ReleaseLocks();
  const log = [];
  const waited = [];
  const a = step(locks, 'web', 'update a', 'change', log);
  const b = step(locks, 'web', 'start of web[0]', 'catch-up', log, { waiting: (h) => waited.push(`b waits for ${h}`) });
  const c = step(locks, 'web', 'start of web[1]', 'catch-up', log);
  const d = step(locks, 'web', 'update d', 'change', log, { waiting: (h) => waited.push(`d waits for ${h}`) });
  const e = step(locks, 'web', 'start of web[2]', 'catch-up', log);
  const other = step(locks, 'api', 'update x', 'change', log);
  await a.started;
  await other.started; // another app is not held up
  await tick();
  t.deepEqual(log, ['start update a', 'start update x']);
  t.is(locks.holder('web'), 'update a');
  await a.finish();
  await b.started;
  await c.started;
  await tick();
  t.deepEqual(log.slice(2), ['end update a', 'start start of web[0]', 'start start of web[1]'], 'both catch-ups at once, after the change');
  await b.finish();
  await tick();
  t.false(log.includes('start update d'), 'the change waits for every catch-up before it');
  await c.finish();
  await d.started;
  await tick();
  t.false(log.includes('start start of web[2]'), 'a catch-up queued after a change waits for it');
  await d.finish();
  await e.started;
  await e.finish();
  await other.finish();
  t.deepEqual(waited, ['b waits for update a', 'd waits for update a']);
  t.is(locks.holder('web'), null);
});

test('a catch-up that waits past its limit goes on outside the lock, and the queue still holds', async (t) => {
  const locks = new ReleaseLocks();
  const log = [];
  const a = step(locks, 'web', 'update a', 'change', log);
  const b = step(locks, 'web', 'start of web[0]', 'catch-up', log, { limitMs: 50 });
  await a.started;
  await b.started;
  t.deepEqual(log, ['start update a', 'start start of web[0] (unlocked)']);
  await b.finish();
  const c = step(locks, 'web', 'update c', 'change', log);
  await tick();
  t.false(log.includes('start update c'), 'the change still waits for the first one');
  await a.finish();
  await c.started;
  await c.finish();
  t.deepEqual(log.slice(-3), ['end update a', 'start update c', 'end update c']);
});
