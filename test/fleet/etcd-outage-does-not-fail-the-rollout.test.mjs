// Issue 19 items 4 and 5 (audit fleet-faults-2026-12-03 rows 3b, 3b′) on three real daemons and a
// real etcd: etcd down for 60 s in the middle of a wave, longer than the coordinator's 6 s lock
// lease and longer than --deadline 30. The coordinator keeps (re-takes) its lock and finishes the
// rollout by itself (no `fleet resume`), and the outage is not counted against the hosts' deadline.
// Slow (a minute of outage): runs on one Node line in CI (test/helpers/slow-suite.mjs).
import test from 'ava';
import { sharedFleet, show, sleep, greetUpdate, appliedCount } from './hosts.mjs';

const f = sharedFleet(test, ['alpha', 'bravo', 'charlie']);

f.slowTest('3b, 3b′: etcd down 60 s mid-wave (--deadline 30): the rollout goes on by itself and no host is failed for etcd\'s silence', async (t) => {
  const c = f.coordinator(['update', 'web', f.write('o1.js', greetUpdate('o1')), '--batch', '1', '--min-healthy', '2', '--deadline', '30']);
  const id = await c.id;
  await f.hosts[1].sb.waitEvent({ event: 'fleet.order', rollout: id }, { timeoutMs: 30_000 });
  await f.etcd.stop();
  await sleep(60_000);
  await f.etcd.start();
  const r = await c.exited;
  t.is(r.code, 0, show(r));
  t.regex(r.stdout, /succeeded/);
  t.notRegex(r.stdout, /silent|lost the lock/);
  for (const h of f.hosts) {
    t.is(await h.served(), 'hello o1', h.name);
    t.is(appliedCount(h, 'o1'), 1, `${h.name} applied o1 once`);
  }
  const rec = await f.status(id);
  t.is(rec.state, 'succeeded');
  for (const h of f.hosts) t.is(rec.hosts[h.name].state, 'completed', h.name);
});
