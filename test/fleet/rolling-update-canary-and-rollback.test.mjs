// SPEC 8 on three real daemons and a real etcd: membership in `fleet ls`; a good rollout reaches
// every host without restarting its app; a bad one (the health check fails after it) stops at the
// canary, which is rolled back, and no other host receives it; `fleet rollback` undoes a release.
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { sharedFleet, fleet, get, show, GOOD_UPDATE, SICK_UPDATE, WEB_APP } from './hosts.mjs';
import { sandbox, waitFor } from '../helpers/moult.mjs';

const f = sharedFleet(test, ['alpha', 'bravo', 'charlie'], {
  setup: () => {
    fs.writeFileSync(path.join(f.dir, 'v2.js'), GOOD_UPDATE);
    fs.writeFileSync(path.join(f.dir, 'sick.js'), SICK_UPDATE);
  },
  hostOptions: (n, i) => ({ labels: { zone: i === 2 ? 'b' : 'a' } }),
});
const run = (args) => fleet(f.dir, f.etcd.url, args);

f.test('fleet ls reads every host from etcd: labels, versions, apps and their instances', async (t) => {
  // The record is kept current: it shows the instance online soon after the app is.
  const list = await waitFor(async () => {
    const r = await run(['ls', '--json']);
    const l = r.code === 0 ? JSON.parse(r.stdout) : [];
    return l.length === 3 && l.every((h) => h.apps.web?.instances[0].status === 'online') && l;
  }, 'three hosts online in fleet ls');
  t.deepEqual(list.map((h) => h.host).sort(), ['alpha', 'bravo', 'charlie']);
  const charlie = list.find((h) => h.host === 'charlie');
  t.deepEqual(charlie.labels, { zone: 'b' });
  t.is(charlie.node, process.version);
  t.is(charlie.apps.web.instances[0].status, 'online');
  const table = await run(['ls']);
  t.regex(table.stdout, /charlie\s+up\s+zone=b/);
});

f.test('a good rollout (--canary 1 --batch 1) reaches all three hosts with their pids unchanged', async (t) => {
  const before = await Promise.all(f.hosts.map((h) => h.pids()));
  const r = await run(['update', 'web', 'v2.js', '--canary', '1', '--batch', '1', '--min-healthy', '0.3']);
  t.is(r.code, 0, show(r));
  t.regex(r.stdout, /wave 1\/3: alpha/);
  t.regex(r.stdout, /HOST\s+WAVE\s+STATE/);
  t.regex(r.stdout, /succeeded/);
  for (const h of f.hosts) t.is((await get(h.port)).body, 'hello v2', h.name);
  t.deepEqual(await Promise.all(f.hosts.map((h) => h.pids())), before, 'no app restarted');
  for (const h of f.hosts) {
    t.is(h.sb.find({ event: 'fleet.result', host: h.name, outcome: 'completed' }).length, 1, `${h.name} reported once`);
    t.is(h.sb.find({ event: 'update.completed', update: 'v2' }).length, 1, `${h.name} applied once`);
  }
});

f.test('a bad update stops at the canary, which is rolled back; no other host receives it; exit 1 with a table', async (t) => {
  const r = await run(['update', 'web', 'sick.js', '--canary', '1', '--batch', '1', '--min-healthy', '0.3', '--deadline', '20']);
  t.is(r.code, 1, show(r));
  t.regex(r.stdout, /alpha\s+1\s+failed\s+.*health/);
  t.regex(r.stdout, /bravo\s+2\s+pending/);
  t.regex(r.stdout, /rolledback/);
  t.is((await get(f.hosts[0].port, '/health')).status, 200, 'the canary is healthy again');
  t.is(f.hosts[0].sb.find({ event: 'update.rolledback', update: 'sick' }).length, 1);
  for (const h of f.hosts.slice(1)) {
    t.is(h.sb.find({ event: 'update.received', update: 'sick' }).length, 0, `${h.name} never got it`);
    t.is(h.sb.find({ event: 'fleet.order' }).filter((e) => e.rollout?.includes('web') && e.msg.includes('sick')).length, 0);
  }
  const id = /^rollout (\S+):/m.exec(r.stdout)[1];
  const status = await run(['status', id, '--json']);
  const rec = JSON.parse(status.stdout);
  t.is(rec.state, 'rolledback');
  t.is(rec.hosts.alpha.state, 'failed');
});

f.test('fleet rollback undoes the last release on every host, as a rollout', async (t) => {
  const r = await run(['rollback', 'web', '--batch', '100%', '--min-healthy', '0']);
  t.is(r.code, 0, show(r));
  for (const h of f.hosts) t.is((await get(h.port)).body, 'hello v1', h.name);
  for (const h of f.hosts) t.deepEqual(await h.updates(), []);
});

f.test('fleet patch replaces the app module\'s code in place on every host', async (t) => {
  fs.writeFileSync(path.join(f.dir, 'app.js'), WEB_APP.replace("'hello v1'", "'hello patched'"));
  const before = await Promise.all(f.hosts.map((h) => h.pids()));
  const r = await run(['patch', 'web', 'app.js', '--batch', '100%', '--min-healthy', '0']);
  t.is(r.code, 0, show(r));
  for (const h of f.hosts) t.is((await get(h.port)).body, 'hello patched', h.name);
  t.deepEqual(await Promise.all(f.hosts.map((h) => h.pids())), before);
});

f.test('an update over 1 MiB is refused before anything is stored (etcd takes 1.5 MiB a request): exit 2 naming the file', async (t) => {
  fs.writeFileSync(path.join(f.dir, 'big.js'), `// ${'x'.repeat(1024 * 1024)}\nmodule.exports = () => {};\n`);
  const r = await run(['update', 'web', 'big.js']);
  t.is(r.code, 2, show(r));
  t.regex(r.stderr, /big\.js: too large for the fleet: .* over the limit of 1(\.0)? MiB/);
  const status = JSON.parse((await run(['status', '--json'])).stdout);
  t.false(status.some((rec) => rec.name === 'big.js'), 'no rollout was written');
});

f.test('a daemon started by `moult start eco.json` joins the fleet of the file\'s daemon.fleet too', async (t) => {
  const sb = sandbox(t, 'moult-fleet-start-');
  sb.files({ 'app.js': 'setInterval(() => {}, 1000);\n' });
  const eco = path.join(sb.appDir, 'ecosystem.json');
  fs.writeFileSync(eco, JSON.stringify({ apps: [{ name: 'worker', script: 'app.js' }], daemon: { fleet: { etcd: [f.etcd.url], host: 'delta' } } }));
  const r = await sb.cli(['start', eco]);
  t.is(r.code, 0, show(r));
  await sb.waitEvent({ event: 'fleet.joined', host: 'delta' }, { timeoutMs: 15_000 });
  const list = JSON.parse((await run(['ls', '--json'])).stdout);
  t.truthy(list.find((h) => h.host === 'delta' && h.apps.worker), 'delta listed with its app');
});
