// Issue 19 item 5 (audit fleet-faults-2026-12-03 rows 3d, 3e) on three real daemons and a real
// etcd: the etcd's data is lost (a fresh, empty etcd on the same URL, as after a lost disk or a
// restore: etcd-io/etcd#14303). The daemons notice the new etcd and watch it from a fresh read
// (their old watch would resume at a revision in its future and hear nothing); a rollout in flight
// is reported and its hosts reverted, not lost. The fault, what every host runs, the record.
import test from 'ava';
import { sharedFleet, show, greetUpdate, appliedCount } from './hosts.mjs';
import { waitFor } from '../helpers/moult.mjs';

const f = sharedFleet(test, ['alpha', 'bravo', 'charlie']);

/** Every host is back in the new etcd (its daemon re-registered). */
const allUp = () => waitFor(async () => {
  const r = await f.run(['ls', '--json']);
  return r.code === 0 && JSON.parse(r.stdout).filter((h) => h.up).length === 3;
}, 'the three hosts in the new etcd', { timeoutMs: 30_000 });

f.test('3d: after etcd lost its data (fleet idle), the next rollout reaches every host', async (t) => {
  // Some history first, so that the daemons' watches stand at a revision the new etcd has not reached.
  for (const n of ['w0', 'w1']) {
    const r = await f.run(['update', 'web', f.write(`${n}.js`, greetUpdate(n)), '--batch', '100%', '--min-healthy', '0']);
    t.is(r.code, 0, show(r));
  }
  await f.etcd.wipe();
  await allUp();
  const r = await f.run(['update', 'web', f.write('w2.js', greetUpdate('w2')), '--batch', '100%', '--min-healthy', '0', '--deadline', '20']);
  t.is(r.code, 0, show(r));
  for (const h of f.hosts) {
    t.is(await h.served(), 'hello w2', h.name);
    t.is(appliedCount(h, 'w2'), 1);
    // Nothing was undone because the release vanished with the data: a host undoes only what etcd says to.
    t.deepEqual(await h.updates(), ['w0', 'w1', 'w2'], h.name);
  }
});

f.test('3e: etcd lost its data mid-rollout: the coordinator reports it (exit 1), restores the record, and the hosts that got the update undo it', async (t) => {
  const before = await f.hosts[0].served();
  const c = f.coordinator(['update', 'web', f.write('w3.js', greetUpdate('w3')), '--batch', '1', '--min-healthy', '2', '--deadline', '30']);
  const id = await c.id;
  await f.hosts[0].sb.waitEvent({ event: 'fleet.result', rollout: id, outcome: 'completed' }, { timeoutMs: 30_000 });
  await f.etcd.wipe();
  const r = await c.exited;
  t.is(r.code, 1, show(r));
  t.regex(r.stdout + r.stderr, /etcd .*(new|restored|lost)/i);
  // What every host runs: the same thing, without w3.
  for (const h of f.hosts) await waitFor(async () => (await h.served()) === before, `${h.name} back on ${before}`, { timeoutMs: 30_000 });
  for (const h of f.hosts) t.false((await h.updates()).includes('w3'), h.name);
  // What the record says: the rollout is known to the new etcd, reverted.
  const rec = await f.status(id);
  t.is(rec.state, 'rolledback', JSON.stringify(rec));
  t.regex(rec.reason, /etcd/);
  t.is(rec.hosts.alpha.state, 'rolledback');
});
