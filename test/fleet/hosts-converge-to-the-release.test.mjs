// Issue 19 items 1 and 4 (audit fleet-faults-2026-12-03 rows 6a, 6b, 7a) on real daemons and a
// real etcd: every host daemon reconciles its app against the fleet release, continuously. A host
// that joins later applies each entry once; hosts that join or come back during a rollout converge
// once it succeeds; a host where an update failed does not install it again at its next restart.
// The fault, what every host runs, the record.
import test from 'ava';
import { sharedFleet, fleetHost, show, greetUpdate, healthUpdate, appliedCount } from './hosts.mjs';
import { waitFor } from '../helpers/moult.mjs';

const f = sharedFleet(test, ['alpha', 'bravo', 'charlie'], { hostOptions: (n) => ({ env: { ZONE: n === 'charlie' ? 'us' : 'eu' } }) });

/** A host started for one test, closed by its teardown. */
async function extraHost(t, name, env = {}) {
  const h = await fleetHost(name, f.etcd.url, { env });
  t.teardown(() => h.close());
  await h.start();
  return h;
}

f.test('6a: a host that joins after two rollouts applies each entry of the release once', async (t) => {
  for (const n of ['c1', 'c2']) {
    const r = await f.run(['update', 'web', f.write(`${n}.js`, greetUpdate(n)), '--batch', '100%', '--min-healthy', '0']);
    t.is(r.code, 0, show(r));
  }
  const delta = await extraHost(t, 'delta');
  for (const n of ['c1', 'c2']) await delta.sb.waitEvent({ event: 'update.completed', update: n }, { timeoutMs: 30_000 });
  await delta.sb.waitEvent({ event: 'app.online', app: 'web' }, { timeoutMs: 30_000 });
  t.is(await delta.served(), 'hello c2');
  t.is(appliedCount(delta, 'c1'), 1, 'c1 applied once');
  t.is(appliedCount(delta, 'c2'), 1, 'c2 applied once');
  t.deepEqual(await delta.updates(), ['c1', 'c2']);
});

f.test('6b: a host that joins and a missed host that comes back during a rollout both converge to its update once it succeeds', async (t) => {
  const charlie = f.host('charlie');
  await charlie.stop();
  t.teardown(async () => { if (!charlie.daemonPid()) await charlie.start(); });
  const c = f.coordinator(['update', 'web', f.write('c3.js', greetUpdate('c3')), '--batch', '1', '--min-healthy', '3']);
  const id = await c.id;
  // During wave 1: a new host joins, the missed one comes back.
  await f.hosts[0].sb.waitEvent({ event: 'fleet.order', rollout: id }, { timeoutMs: 30_000 });
  const [echo] = await Promise.all([extraHost(t, 'echo'), charlie.start()]);
  const r = await c.exited;
  t.is(r.code, 0, show(r));
  t.regex(r.stdout, /charlie\s+-\s+missed/);
  for (const h of [echo, charlie]) {
    await h.sb.waitEvent({ event: 'update.completed', update: 'c3' }, { timeoutMs: 30_000 });
    await waitFor(async () => (await h.served()) === 'hello c3', `${h.name} serving c3`, { timeoutMs: 30_000 });
    t.is(appliedCount(h, 'c3'), 1, `${h.name} applied c3 once`);
  }
  for (const h of f.hosts.slice(0, 2)) t.is(await h.served(), 'hello c3');
});

f.test('7a: a host that was away catches up, before it is online, an update bad for it: once online the health gate undoes it there, for good', async (t) => {
  const charlie = f.host('charlie');
  await charlie.stop();
  t.teardown(async () => { if (!charlie.daemonPid()) await charlie.start(); });
  const r = await f.run(['update', 'web', f.write('zb3.js', healthUpdate('zb3', "env.ZONE === 'us'", 503)), '--batch', '100%', '--min-healthy', '0']);
  t.is(r.code, 0, show(r));
  t.regex(r.stdout, /charlie\s+-\s+missed/);
  const from = charlie.sb.events().length;
  await charlie.start();
  await charlie.sb.waitEvent({ event: 'update.rolledback', update: 'zb3' }, { from, timeoutMs: 30_000 });
  // What charlie runs: not zb3, healthy; what the fleet says: why charlie differs from the release.
  t.is(await charlie.health(), 200);
  t.false((await charlie.updates()).includes('zb3'));
  const listed = await waitFor(async () => {
    const ls = await f.run(['ls', '--json']);
    return JSON.parse(ls.stdout).find((h) => h.host === 'charlie' && h.apps.web?.failed_here?.length)?.apps.web.failed_here;
  }, 'charlie listing zb3 as failed here', { timeoutMs: 20_000 });
  t.regex(listed.at(-1).error, /answered 503/);
  // A restart does not apply it again.
  const again = charlie.sb.events().length;
  const restarted = await charlie.sb.cli(['restart', 'web']);
  t.is(restarted.code, 0, show(restarted));
  await charlie.sb.waitEvent({ event: 'app.online', app: 'web' }, { from: again, timeoutMs: 20_000 });
  t.is(await charlie.health(), 200);
  t.is(appliedCount(charlie, 'zb3'), 1);
});

f.test('7a: an update that failed on a host within --max-failures is not installed there again at its next restart', async (t) => {
  const charlie = f.host('charlie');
  const r = await f.run(['update', 'web', f.write('zb2.js', healthUpdate('zb2', "env.ZONE === 'us'", 503)), '--batch', '100%', '--min-healthy', '0.5', '--max-failures', '1']);
  t.is(r.code, 0, show(r));
  t.regex(r.stdout, /charlie\s+1\s+failed/);
  t.regex(r.stdout, /succeeded/);
  const from = charlie.sb.events().length;
  const restarted = await charlie.sb.cli(['restart', 'web']);
  t.is(restarted.code, 0, show(restarted));
  await charlie.sb.waitEvent({ event: 'app.online', app: 'web' }, { from, timeoutMs: 20_000 });
  // What charlie runs: not zb2, and healthy.
  t.is(await charlie.health(), 200);
  t.false((await charlie.updates()).includes('zb2'));
  t.is(appliedCount(charlie, 'zb2'), 1, 'only the ordered attempt, none at the restart');
  for (const h of f.hosts.slice(0, 2)) t.true((await h.updates()).includes('zb2'), `${h.name} runs zb2`);
});
