// Issue 19 item 3 (audit fleet-faults-2026-12-03 rows 2a, 2b, 2c) on three real daemons and a real
// etcd: `fleet abort` while a long wave is under way with its coordinator alive, and after its
// coordinator was SIGKILLed mid-wave. The abort reverts every host that got the update (those in
// flight too), and its exit code says whether it did. The fault, what every host runs, the record.
import test from 'ava';
import { sharedFleet, show, greetUpdate, appliedCount } from './hosts.mjs';

const f = sharedFleet(test, ['alpha', 'bravo', 'charlie']);

f.test('2a, 2b: fleet abort during a wave longer than the abort waits (--min-healthy 40) reverts it and exits 0', async (t) => {
  const before = await Promise.all(f.hosts.map((h) => h.served()));
  const c = f.coordinator(['update', 'web', f.write('a1.js', greetUpdate('a1')), '--batch', '100%', '--min-healthy', '40', '--deadline', '60']);
  const id = await c.id;
  for (const h of f.hosts) await h.sb.waitEvent({ event: 'update.completed', update: 'a1' }, { timeoutMs: 30_000 });
  const abort = await f.run(['abort', id]);
  t.is(abort.code, 0, show(abort));
  t.regex(abort.stdout, /aborted/);
  const r = await c.exited;
  t.is(r.code, 1, `the coordinator's rollout did not succeed: ${show(r)}`);
  // What every host runs.
  t.deepEqual(await Promise.all(f.hosts.map((h) => h.served())), before);
  for (const h of f.hosts) t.is(h.sb.find({ event: 'update.rolledback', update: 'a1' }).length, 1, `${h.name} undid a1 once`);
  // The hosts did not sit out the 40 s window before reverting: their --min-healthy was cut short.
  for (const h of f.hosts) t.truthy(h.sb.find({ event: 'fleet.result', rollout: id, outcome: 'completed' }).find((e) => /cut short/.test(e.msg)), `${h.name}'s result says its --min-healthy was cut short`);
  // What the record says.
  const rec = await f.status(id);
  t.is(rec.state, 'aborted');
  for (const h of f.hosts) t.is(rec.hosts[h.name].state, 'rolledback', h.name);
});

f.test('2c: fleet abort after the coordinator died mid-wave reverts the host in flight too, and exits 0', async (t) => {
  const [alpha, bravo] = f.hosts;
  const before = await Promise.all(f.hosts.map((h) => h.served()));
  const c = f.coordinator(['update', 'web', f.write('a2.js', greetUpdate('a2')), '--batch', '1', '--min-healthy', '6', '--deadline', '30']);
  const id = await c.id;
  // bravo (wave 2) applied a2 and is inside --min-healthy when the coordinator dies.
  await bravo.sb.waitEvent({ event: 'update.completed', update: 'a2' }, { timeoutMs: 30_000 });
  c.child.kill('SIGKILL');
  await c.exited;
  const abort = await f.run(['abort', id]);
  t.is(abort.code, 0, show(abort));
  // What every host runs: alpha and bravo undid a2; charlie never got it.
  t.deepEqual(await Promise.all(f.hosts.map((h) => h.served())), before);
  t.is(appliedCount(alpha, 'a2'), 1);
  t.is(appliedCount(bravo, 'a2'), 1);
  t.is(appliedCount(f.hosts[2], 'a2'), 0);
  for (const h of f.hosts) t.false((await h.updates()).includes('a2'), `${h.name} does not run a2`);
  const rec = await f.status(id);
  t.is(rec.state, 'aborted');
  t.deepEqual([rec.hosts.alpha.state, rec.hosts.bravo.state, rec.hosts.charlie.state], ['rolledback', 'rolledback', 'pending']);
});

f.test('an abort of a rollout that is over says so and exits 1; of an unknown one, exit 2', async (t) => {
  const done = await f.run(['update', 'web', f.write('a3.js', greetUpdate('a3')), '--batch', '100%', '--min-healthy', '0']);
  t.is(done.code, 0, show(done));
  const id = /^rollout (\S+):/m.exec(done.stdout)[1];
  const again = await f.run(['abort', id]);
  t.is(again.code, 1, show(again));
  t.regex(again.stderr, /succeeded.*already over/);
  const unknown = await f.run(['abort', 'web-20000101-000000-0000']);
  t.is(unknown.code, 2, show(unknown));
});
