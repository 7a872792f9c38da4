// Issue 11, findings 4 and 8: the structured log under faults. A deleted (or rotated away)
// logs/moultd.log lost every later event silently; on a full disk a log write threw inside the
// daemon's own uncaughtException handler and took it down. The writer now reopens the file when
// its path no longer names the file it holds, and survives write errors.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { setTimeout as sleep } from 'node:timers/promises';
import test from 'ava';
import { sandbox, show, startAndWaitOnline, waitFor, tickerApp, readEvents, ROOT } from '../helpers/moult.mjs';

const { EventLog } = createRequire(import.meta.url)(path.join(ROOT, 'dist', 'daemon', 'logs', 'event-log.js'));

test('a deleted logs/moultd.log is recreated and receives the later events; a rotated one too', async (t) => {
  const sb = sandbox(t);
  sb.files({ 'a.js': tickerApp('a', 1000), 'b.js': tickerApp('b', 1000) });
  await startAndWaitOnline(sb, sb.ecosystem([{ name: 'a', script: 'a.js' }, { name: 'b', script: 'b.js' }]), { apps: { a: 1, b: 1 } });
  const log = path.join(sb.home, 'logs', 'moultd.log');

  fs.unlinkSync(log);
  await sleep(1100); // the writer checks its path at most once a second
  const r = await sb.cli(['stop', 'a']);
  t.is(r.code, 0, show(r));
  await waitFor(() => fs.existsSync(log) && sb.find({ event: 'app.stopped', app: 'a' }).length === 1, 'app.stopped in a recreated moultd.log', { timeoutMs: 5000 }).catch(() => {});
  t.true(fs.existsSync(log), 'moultd.log was recreated');
  t.is(sb.find({ event: 'app.stopped', app: 'a' }).length, 1, `the new moultd.log holds the stop: ${sb.tail()}`);
  t.is(fs.statSync(log).mode & 0o777, 0o600, 'recreated 0600');

  // Rotated by hand (renamed away): the next events go to a new moultd.log, not to the old file.
  const rotated = `${log}.1`;
  fs.renameSync(log, rotated);
  await sleep(1100);
  const r2 = await sb.cli(['stop', 'b']);
  t.is(r2.code, 0, show(r2));
  await waitFor(() => sb.find({ event: 'app.stopped', app: 'b' }).length === 1, 'app.stopped b in the new moultd.log', { timeoutMs: 5000 }).catch(() => {});
  t.is(sb.find({ event: 'app.stopped', app: 'b' }).length, 1, `the new moultd.log holds the second stop: ${sb.tail()}`);
  const old = fs.readFileSync(rotated, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  t.false(old.some((e) => e.event === 'app.stopped' && e.app === 'b'), 'the rotated file did not get it');
  t.deepEqual(readEvents(sb.home).filter((e) => e.$raw), [], 'no broken line');
});

test('write errors (a full disk: /dev/full) never throw out of the log; watchers still get the events', (t) => {
  if (!fs.existsSync('/dev/full')) {
    t.log('skipped: no /dev/full here');
    t.pass();
    return;
  }
  const log = new EventLog('/dev/full');
  const seen = [];
  log.subscribe((e) => seen.push(e.event));
  t.notThrows(() => {
    for (let i = 0; i < 5; i++) log.write('daemon.warning', `line ${i}`, {}, 'warn');
  });
  t.is(seen.length, 5, 'every event reached the watchers');
});
