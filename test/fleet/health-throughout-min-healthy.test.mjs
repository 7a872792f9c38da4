// Issue 19 items 3 and 4 (audit fleet-faults-2026-12-03 rows 7b, 7c, 7e) on three real daemons and
// a real etcd: --min-healthy probes the health check throughout (Nomad min_healthy_time, k8s
// minReadySeconds); a host whose undo fails is reported as still running the update and fails the
// rollout; a fleet rollback that some host cannot carry out fails. Each host's app turns sick when
// the test creates its flag file (healthUpdate(…, "fs.existsSync(env.SICK_FLAG)")), never by a clock.
import test from 'ava';
import { sharedFleet, show, greetUpdate, healthUpdate } from './hosts.mjs';
import { etcdClient } from './etcd.mjs';
import { waitFor } from '../helpers/moult.mjs';

const f = sharedFleet(test, ['alpha', 'bravo', 'charlie']);
const idOf = (r) => /^rollout (\S+):/m.exec(r.stdout)?.[1];
test.afterEach.always(() => { for (const h of f.hosts) h.sick(false); });

f.test('7b: a health check that fails inside --min-healthy fails the host, and the rollout is rolled back', async (t) => {
  const c = f.coordinator(['update', 'web', f.write('lb.js', healthUpdate('lb', 'fs.existsSync(env.SICK_FLAG)')), '--batch', '100%', '--min-healthy', '30', '--deadline', '60']);
  const id = await c.id;
  // Past the health gate, inside --min-healthy: only its probes can see the app turn sick.
  for (const h of f.hosts) await h.sb.waitEvent({ event: 'fleet.order', reason: 'min-healthy', update_id: new RegExp(id) }, { timeoutMs: 30_000 });
  f.hosts[1].sick();
  const r = await c.exited;
  t.is(r.code, 1, show(r));
  t.regex(r.stdout, /bravo\s+1\s+failed\s+.*health check .* answered 500/);
  for (const h of f.hosts) {
    t.is(await h.health(), 200, `${h.name} healthy again`);
    t.false((await h.updates()).includes('lb'), `${h.name} does not run lb`);
  }
  const rec = await f.status(id);
  t.is(rec.state, 'rolledback');
});

f.test('7c: a host whose undo fails is rollback-failed, still running the update: the rollout fails (not rolledback), and says so until the host converges', async (t) => {
  const bravo = f.hosts[1];
  const c = f.coordinator(['update', 'web', f.write('lc.js', healthUpdate('lc', 'fs.existsSync(env.SICK_FLAG)')), '--batch', '100%', '--min-healthy', '30', '--deadline', '60']);
  const id = await c.id;
  await bravo.sb.waitEvent({ event: 'fleet.order', reason: 'min-healthy', update_id: new RegExp(id) }, { timeoutMs: 30_000 });
  // A local update on top of lc on bravo: lc cannot be undone there before it (last in, first out).
  const local = await bravo.sb.cli(['update', 'web', f.write('local.js', greetUpdate('local'))], { cwd: f.dir });
  t.is(local.code, 0, show(local));
  bravo.sick();
  const r = await c.exited;
  t.is(r.code, 1, show(r));
  t.regex(r.stdout, /bravo\s+1\s+rollback-failed\s+.*not the last update/);
  t.regex(r.stdout, /: failed \(/);
  // What bravo runs: lc, still; the record says so.
  t.true((await bravo.updates()).includes('lc'));
  let rec = await f.status(id);
  t.is(rec.state, 'failed');
  t.is(rec.hosts.bravo.state, 'rollback-failed');
  for (const h of [f.hosts[0], f.hosts[2]]) t.false((await h.updates()).includes('lc'), `${h.name} undid lc`);
  // Once the local update is rolled back, bravo's reconcile undoes lc, and the record follows.
  const undo = await bravo.sb.cli(['rollback', 'web', 'local']);
  t.is(undo.code, 0, show(undo));
  await waitFor(async () => !(await bravo.updates()).includes('lc'), 'bravo to undo lc', { timeoutMs: 30_000 });
  rec = await waitFor(async () => { const s = await f.status(id); return s.hosts.bravo.state === 'rolledback' && s; }, 'the record to follow', { timeoutMs: 20_000 });
  t.is(rec.state, 'rolledback');
});

f.test('7e: fleet rollback with a host that cannot undo fails (exit 1), keeps the release entry, and every host runs it again', async (t) => {
  const bravo = f.hosts[1];
  const r1 = await f.run(['update', 'web', f.write('e1.js', greetUpdate('e1')), '--batch', '100%', '--min-healthy', '0']);
  t.is(r1.code, 0, show(r1));
  const local = await bravo.sb.cli(['update', 'web', f.write('local2.js', healthUpdate('local2', 'false'))], { cwd: f.dir });
  t.is(local.code, 0, show(local));
  const rb = await f.run(['rollback', 'web', '--batch', '100%', '--min-healthy', '0']);
  t.is(rb.code, 1, show(rb));
  t.regex(rb.stdout, /bravo\s+1\s+rollback-failed/);
  const rec = await f.status(idOf(rb));
  t.is(rec.state, 'failed');
  const client = etcdClient(f.etcd.url);
  try {
    const release = JSON.parse(await client.get('/moult/apps/web/release').string());
    t.is(release.at(-1).name, 'e1.js', 'e1 stays in the release');
  } finally {
    client.close();
  }
  // The hosts that undid e1 apply it again: the fleet converges to the release it still has.
  for (const h of f.hosts) await waitFor(async () => (await h.served()) === 'hello e1', `${h.name} serving e1`, { timeoutMs: 30_000 });
  const cleanup = await bravo.sb.cli(['rollback', 'web', 'local2']);
  t.is(cleanup.code, 0, show(cleanup));
});
