// Issue 19 items 2 and 6 (audit fleet-faults-2026-12-03 rows 5a, 5b, 6d, 9) on three real daemons
// and a real etcd: two rollouts of one app started at once, a newer one superseding a running one,
// a coordinator that died between the release write and the end of its rollout, and a history of
// rollouts larger than what etcd answers in one request. The fault, what every host runs, the record.
import test from 'ava';
import { sharedFleet, show, greetUpdate, healthUpdate, appliedCount } from './hosts.mjs';
import { etcdClient } from './etcd.mjs';

const f = sharedFleet(test, ['alpha', 'bravo', 'charlie'], { hostOptions: (n) => ({ env: { ZONE: n === 'charlie' ? 'us' : 'eu' } }) });
const idOf = (r) => /^rollout (\S+):/m.exec(r.stdout)?.[1];

/** The app's fleet release as etcd holds it: the names of its entries. */
async function release(app = 'web') {
  const client = etcdClient(f.etcd.url);
  try {
    return JSON.parse((await client.get(`/moult/apps/${app}/release`).string()) ?? '[]').map((e) => e.name);
  } finally {
    client.close();
  }
}

f.test('5a: the same update started twice at once is applied once on every host and listed once in the release', async (t) => {
  const file = f.write('d1.js', greetUpdate('d1'));
  const args = ['update', 'web', file, '--batch', '100%', '--min-healthy', '1'];
  const [one, two] = await Promise.all([f.run(args), f.run(args)]);
  t.is(one.code, 0, show(one));
  t.is(two.code, 0, show(two));
  t.regex(one.stdout + two.stdout, /already in web's fleet release/);
  for (const h of f.hosts) {
    t.is(appliedCount(h, 'd1'), 1, `${h.name} applied d1 once`);
    t.is(await h.served(), 'hello d1');
  }
  t.deepEqual((await release()).filter((n) => n === 'd1.js'), ['d1.js']);
});

f.test('5b: a good and a bad update of one app started at once run one after the other; the bad one is undone on its own hosts', async (t) => {
  const good = f.write('d2.js', greetUpdate('d2'));
  const bad = f.write('zb.js', healthUpdate('zb', "env.ZONE === 'us'", 503));
  const [g, b] = await Promise.all([
    f.run(['update', 'web', good, '--batch', '100%', '--min-healthy', '1']),
    f.run(['update', 'web', bad, '--batch', '100%', '--min-healthy', '1']),
  ]);
  t.is(g.code, 0, show(g));
  t.is(b.code, 1, show(b));
  t.regex(b.stdout, /: rolledback/);
  t.notRegex(b.stdout, /rollback-failed/);
  for (const h of f.hosts) {
    t.is(await h.served(), 'hello d2', h.name);
    t.is(await h.health(), 200, h.name);
    t.false((await h.updates()).includes('zb'), `${h.name} does not run zb`);
  }
  const rec = await f.status(idOf(b));
  t.is(rec.state, 'rolledback');
  t.is(rec.hosts.charlie.state, 'failed');
  t.false(Object.values(rec.hosts).some((h) => h.state === 'completed' || h.state === 'rollback-failed'), JSON.stringify(rec.hosts));
  t.false((await release()).includes('zb.js'));
});

f.test('--supersede: a newer rollout of the app ends the running one (superseded, its hosts reverted) and takes its place', async (t) => {
  const old = f.coordinator(['update', 'web', f.write('s1.js', greetUpdate('s1')), '--batch', '1', '--min-healthy', '20', '--deadline', '60']);
  const oldId = await old.id;
  await f.hosts[0].sb.waitEvent({ event: 'update.completed', update: 's1' }, { timeoutMs: 30_000 });
  const newer = await f.run(['update', 'web', f.write('s2.js', greetUpdate('s2')), '--batch', '100%', '--min-healthy', '1', '--supersede']);
  t.is(newer.code, 0, show(newer));
  const o = await old.exited;
  t.is(o.code, 1, show(o));
  for (const h of f.hosts) {
    t.is(await h.served(), 'hello s2', h.name);
    t.false((await h.updates()).includes('s1'), `${h.name} does not run s1`);
  }
  const rec = await f.status(oldId);
  t.is(rec.state, 'superseded');
  t.regex(rec.reason, /superseded by/);
  t.is(rec.hosts.alpha.state, 'rolledback');
  t.false(Object.values(rec.hosts).some((h) => h.state === 'completed' || h.state === 'ordered'), JSON.stringify(rec.hosts));
  t.false((await release()).includes('s1.js'));
});

f.test('6d: a rollout resumed after its coordinator died between the release write and its end appends its update once', async (t) => {
  const done = await f.run(['update', 'web', f.write('d3.js', greetUpdate('d3')), '--batch', '100%', '--min-healthy', '0']);
  t.is(done.code, 0, show(done));
  const id = idOf(done);
  // What etcd holds in that window: the release has d3, the rollout still reads running at its last wave.
  const client = etcdClient(f.etcd.url);
  try {
    const plan = JSON.parse(await client.get(`/moult/rollouts/${id}`).string());
    if (plan.state !== undefined) {
      await client.put(`/moult/rollouts/${id}`).value(JSON.stringify({ ...plan, state: 'running', wave: plan.waves.length - 1 }));
    } else {
      const key = `/moult/progress/web/${id}`;
      const progress = JSON.parse(await client.get(key).string());
      await client.put(key).value(JSON.stringify({ ...progress, phase: 'running', state: 'running', wave: plan.waves.length - 1 }));
      const pointer = JSON.parse(await client.get('/moult/apps/web/rollout').string());
      await client.put('/moult/apps/web/rollout').value(JSON.stringify({ ...pointer, phase: 'running' }));
    }
  } finally {
    client.close();
  }
  const resumed = await f.run(['resume', id]);
  t.is(resumed.code, 0, show(resumed));
  t.deepEqual((await release()).filter((n) => n === 'd3.js'), ['d3.js']);
  for (const h of f.hosts) t.is(appliedCount(h, 'd3'), 1, `${h.name} applied d3 once`);
});

f.test('9, 6: fleet status lists a history larger than one etcd answer (4 MiB), and --keep compacts an app\'s old rollouts', async (t) => {
  const first = await f.run(['update', 'web', f.write('k0.js', greetUpdate('k0')), '--batch', '100%', '--min-healthy', '0']);
  t.is(first.code, 0, show(first));
  const client = etcdClient(f.etcd.url);
  try {
    // 45 finished rollouts of 100 KB plans (about 9 000 hosts each): 4.5 MiB under rollouts/.
    const id0 = idOf(first);
    const text0 = await client.get(`/moult/rollouts/${id0}`).string();
    const plan0 = JSON.parse(text0);
    const filler = Array.from({ length: 9000 }, (_, i) => `h${String(i).padStart(9, '0')}`);
    const progress0 = await client.get(`/moult/progress/web/${id0}`).string();
    for (let i = 0; i < 45; i++) {
      const id = `old-20200101-0000${String(i).padStart(2, '0')}-beef`;
      await client.put(`/moult/rollouts/${id}`).value(JSON.stringify({ ...plan0, id, app: 'old', waves: [filler], ...(plan0.hosts ? { hosts: Object.fromEntries(filler.map((h) => [h, { wave: 0, state: 'completed' }])) } : {}) }));
      if (progress0) await client.put(`/moult/progress/old/${id}`).value(JSON.stringify({ ...JSON.parse(progress0), id, app: 'old' }));
    }
  } finally {
    client.close();
  }
  const list = await f.run(['status']);
  t.is(list.code, 0, show(list));
  t.is(list.stdout.split('\n').filter((l) => / on old\)/.test(l)).length, 45);

  // A rollout of web with --keep 2: web's finished rollouts beyond the 2 newest are deleted, with their results and orders.
  const r = await f.run(['update', 'web', f.write('k1.js', greetUpdate('k1')), '--batch', '100%', '--min-healthy', '0', '--keep', '2']);
  t.is(r.code, 0, show(r));
  const after = JSON.parse((await f.run(['status', '--json'])).stdout).filter((s) => s.app === 'web');
  t.is(after.length, 2, JSON.stringify(after.map((s) => s.id)));
  t.is(after.at(-1).id, idOf(r));
  const check = etcdClient(f.etcd.url);
  try {
    const kept = new Set(after.map((s) => s.id));
    const results = await check.getAll().prefix('/moult/results/').keys();
    t.deepEqual([...new Set(results.map((k) => k.split('/')[3]))].filter((id) => id.startsWith('web-') && !kept.has(id)), []);
    const orders = await check.getAll().prefix('/moult/orders/').keys();
    t.deepEqual(orders.filter((k) => k.split('/')[4].startsWith('web-') && !kept.has(k.split('/')[4])), []);
  } finally {
    check.close();
  }
});

f.test('6: daemon.fleet.history of --ecosystem is the default of --keep', async (t) => {
  f.write('app.js', '');
  const eco = f.write('fleet-eco.json', JSON.stringify({ apps: [{ name: 'web', script: 'app.js' }], daemon: { fleet: { etcd: [f.etcd.url], history: 1 } } }));
  const r = await f.run(['update', 'web', f.write('k2.js', greetUpdate('k2')), '--batch', '100%', '--min-healthy', '0', '--ecosystem', eco]);
  t.is(r.code, 0, show(r));
  const web = JSON.parse((await f.run(['status', '--json'])).stdout).filter((s) => s.app === 'web');
  t.deepEqual(web.map((s) => s.id), [idOf(r)]);
});
