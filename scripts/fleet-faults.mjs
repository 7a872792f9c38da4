// The fault table of the audit fleet-faults-2026-12-03 (shared/audits), re-run as an operator would:
// a real etcd, five real daemons (h1-h3 ZONE=eu, h4-h5 ZONE=us; h6, h7 join in rows 6a, 6b), the
// real `moult fleet` CLI, the faults made by hand (SIGKILL, SIGSTOP, etcd killed or wiped). Prints,
// per row, the commands with their exit codes and output, and per host what it serves and runs;
// the same goes to the report file given. docs/fleet-faults.md is its output, read and judged.
// Usage (after `npx tsc -p tsconfig.json`): node scripts/fleet-faults.mjs [--report file.md] [row…]
// (rows run in the order of the table; about 9 minutes for all at load 20 on 2 cores).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { startEtcd, etcdClient } from '../test/fleet/etcd.mjs';
import { fleetHost, fleet, coordinator, greetUpdate, healthUpdate, appliedCount } from '../test/fleet/hosts.mjs';
import { waitFor } from '../test/helpers/moult.mjs';

const { values: opt, positionals } = parseArgs({ options: { report: { type: 'string' } }, allowPositionals: true });
const only = new Set(positionals);
const out = fs.createWriteStream(opt.report ?? '/dev/null');
const say = (s) => { process.stdout.write(`${s}\n`); out.write(`${s}\n`); };
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'moult-faults-cli-'));
const write = (name, body) => { fs.writeFileSync(path.join(dir, name), body); return name; };
let etcd = await startEtcd();
const hosts = [];
for (const [i, n] of ['h1', 'h2', 'h3', 'h4', 'h5'].entries()) hosts.push(await fleetHost(n, etcd.url, { env: { ZONE: i < 3 ? 'eu' : 'us' } }));
for (const h of hosts) await h.start();
const H = Object.fromEntries(hosts.map((h) => [h.name, h]));
const run = async (args) => {
  const r = await fleet(dir, etcd.url, args, { timeoutMs: 600_000 });
  say(`$ moult fleet ${args.join(' ')}   # exit ${r.code}`);
  say('```');
  say((r.stdout + r.stderr).trim());
  say('```');
  return r;
};
const coord = (args) => {
  say(`$ moult fleet ${args.join(' ')} &`);
  return coordinator(dir, etcd.url, args);
};
const finish = async (c) => {
  const r = await c.exited;
  say(`(the coordinator above: exit ${r.code}${r.signal ? ` ${r.signal}` : ''})`);
  say('```');
  say(r.stdout.trim());
  say('```');
  return r;
};
const account = async (name) => {
  say(`| host | serves | /health | updates (moult ls) | ${name ? `update.completed ${name}` : ''} |`);
  say('|---|---|---|---|---|');
  for (const h of hosts) {
    if (!h.daemonPid()) { say(`| ${h.name} | (daemon down) | | | |`); continue; }
    say(`| ${h.name} | ${await h.served()} | ${await h.health()} | ${(await h.updates()).join(', ')} | ${name ? appliedCount(h, name) : ''} |`);
  }
};
const status = async (id) => run(['status', id]);
const idOf = (r) => /^rollout (\S+):/m.exec(r.stdout)?.[1];

const rows = {
  async '1a'() {
    const c = coord(['update', 'web', write('v4.js', greetUpdate('v4')), '--canary', '1', '--batch', '2', '--min-healthy', '6']);
    const id = await c.id;
    await waitFor(() => /wave 2\/3/.test(c.output()), 'wave 2', { timeoutMs: 60_000 });
    await sleep(1500);
    c.child.kill('SIGKILL');
    say('(coordinator SIGKILLed in wave 2)');
    await c.exited;
    await status(id);
    await run(['resume', id]);
    await account('v4');
  },
  async '1b'() {
    const c = coord(['update', 'web', write('zb.js', healthUpdate('zb', "env.ZONE === 'us'", 503)), '--canary', '1', '--batch', '2', '--min-healthy', '2', '--deadline', '30']);
    const id = await c.id;
    await waitFor(() => /wave 3\/3/.test(c.output()), 'wave 3', { timeoutMs: 60_000 });
    H.h1.pause();
    say('(h1\'s daemon SIGSTOPped as wave 3 starts)');
    await waitFor(() => /h2: rolledback/.test(c.output()), 'h2 rolled back', { timeoutMs: 60_000 });
    c.child.kill('SIGKILL');
    say('(coordinator SIGKILLed after "h2: rolledback")');
    await c.exited;
    await status(id);
    H.h1.cont();
    say('(h1 SIGCONT)');
    await run(['resume', id]);
    await account('zb');
  },
  async '2a'() {
    const c = coord(['update', 'web', write('v5.js', greetUpdate('v5')), '--batch', '100%', '--min-healthy', '15']);
    const id = await c.id;
    for (const h of hosts) await h.sb.waitEvent({ event: 'update.completed', update: 'v5' }, { timeoutMs: 60_000 });
    const t0 = Date.now();
    await run(['abort', id]);
    say(`(abort took ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    await finish(c);
    await account('v5');
  },
  async '2b'() {
    const c = coord(['update', 'web', write('v6.js', greetUpdate('v6')), '--batch', '100%', '--min-healthy', '40', '--deadline', '60']);
    const id = await c.id;
    for (const h of hosts) await h.sb.waitEvent({ event: 'update.completed', update: 'v6' }, { timeoutMs: 60_000 });
    const t0 = Date.now();
    await run(['abort', id]);
    say(`(abort took ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    await finish(c);
    await run(['abort', id]);
  },
  async '2c'() {
    const c = coord(['update', 'web', write('v7.js', greetUpdate('v7')), '--canary', '1', '--batch', '2', '--min-healthy', '10']);
    const id = await c.id;
    await waitFor(() => /wave 2\/3/.test(c.output()), 'wave 2', { timeoutMs: 60_000 });
    await H.h2.sb.waitEvent({ event: 'update.completed', update: 'v7' }, { timeoutMs: 60_000 });
    c.child.kill('SIGKILL');
    say('(coordinator SIGKILLed in wave 2, h2/h3 inside --min-healthy)');
    await c.exited;
    await run(['abort', id]);
    await account('v7');
  },
  async '3a'() {
    const c = coord(['update', 'web', write('v8.js', greetUpdate('v8')), '--batch', '1', '--min-healthy', '1']);
    await c.id;
    await waitFor(() => /wave 2\/5/.test(c.output()), 'wave 2', { timeoutMs: 60_000 });
    await etcd.stop(); say('(etcd SIGKILLed)'); await sleep(5000); await etcd.start(); say('(etcd restarted on its data dir after 5 s)');
    await finish(c);
    await account('v8');
  },
  async '3b'() {
    const c = coord(['update', 'web', write('v9.js', greetUpdate('v9')), '--batch', '1', '--min-healthy', '3']);
    await c.id;
    await waitFor(() => /wave 2\/5/.test(c.output()), 'wave 2', { timeoutMs: 60_000 });
    await etcd.stop(); say('(etcd SIGKILLed)'); await sleep(60_000); await etcd.start(); say('(etcd restarted on its data dir after 60 s)');
    await finish(c);
    await account('v9');
  },
  async "3b'"() {
    const c = coord(['update', 'web', write('v10.js', greetUpdate('v10')), '--batch', '2', '--min-healthy', '2', '--deadline', '30']);
    await c.id;
    await waitFor(() => /wave 2\/3/.test(c.output()), 'wave 2', { timeoutMs: 60_000 });
    await etcd.stop(); say('(etcd SIGKILLed)'); await sleep(120_000); await etcd.start(); say('(etcd restarted on its data dir after 120 s, 4 × --deadline)');
    await finish(c);
    await account('v10');
  },
  async '3c'() {
    await etcd.stop(); say('(etcd SIGKILLed, idle fleet)'); await sleep(3000); await etcd.start(); say('(etcd restarted on its data dir)');
    await sleep(3000);
    await run(['ls']);
  },
  async '3d'() {
    await etcd.wipe(); say('(etcd SIGKILLed, its data dir emptied, started again on the same URL: a fresh etcd)');
    await waitFor(async () => { const r = await fleet(dir, etcd.url, ['ls', '--json']); return r.code === 0 && JSON.parse(r.stdout).filter((h) => h.up).length === 5; }, 'hosts back', { timeoutMs: 60_000 });
    await run(['ls']);
    await run(['update', 'web', write('v11.js', greetUpdate('v11')), '--batch', '100%', '--min-healthy', '0', '--deadline', '20']);
    await account('v11');
  },
  async '3e'() {
    const c = coord(['update', 'web', write('v12.js', greetUpdate('v12')), '--canary', '1', '--batch', '2', '--min-healthy', '3']);
    const id = await c.id;
    await waitFor(() => /wave 2\/3/.test(c.output()), 'wave 2', { timeoutMs: 60_000 });
    await etcd.wipe(); say('(etcd\'s data lost mid-rollout: a fresh etcd on the same URL)');
    await finish(c);
    await sleep(3000);
    await status(id);
    await run(['status']);
    await account('v12');
  },
  async '4a'() {
    const c = coord(['update', 'web', write('v13.js', greetUpdate('v13')), '--canary', '1', '--batch', '2', '--min-healthy', '2', '--deadline', '12']);
    const id = await c.id;
    H.h2.pause(); say('(h2\'s daemon SIGSTOPped before its order)');
    await finish(c);
    H.h2.cont(); say('(h2 SIGCONT)');
    await H.h2.sb.waitEvent({ event: 'fleet.result', rollout: id }, { timeoutMs: 60_000 });
    await sleep(2000);
    await status(id);
    await account('v13');
  },
  async '4b'() {
    const c = coord(['update', 'web', write('v14.js', greetUpdate('v14')), '--batch', '100%', '--min-healthy', '6', '--deadline', '12']);
    const id = await c.id;
    await H.h2.sb.waitEvent({ event: 'fleet.order', reason: 'min-healthy', update_id: new RegExp(id) }, { timeoutMs: 60_000 });
    H.h2.pause(); say('(h2\'s daemon SIGSTOPped inside --min-healthy, v14 in force)');
    await finish(c);
    say(`(h2 serves while stopped: ${await H.h2.served()})`);
    H.h2.cont(); say('(h2 SIGCONT)');
    await H.h2.sb.waitEvent({ event: 'update.rolledback', update: 'v14' }, { timeoutMs: 60_000 });
    await sleep(2000);
    await status(id);
    await account('v14');
  },
  async '4c'() {
    await run(['update', 'web', write('v15.js', greetUpdate('v15')), '--min-healthy', '10', '--deadline', '5']);
  },
  async '5a'() {
    const args = ['update', 'web', write('v16.js', greetUpdate('v16')), '--batch', '100%', '--min-healthy', '1'];
    say('(two at the same moment:)');
    await Promise.all([run(args), run(args)]);
    await account('v16');
    const cl = etcdClient(etcd.url);
    say(`release: ${JSON.parse(await cl.get('/moult/apps/web/release').string()).map((e) => e.name).join(', ')}`);
    cl.close();
  },
  async '5b'() {
    say('(two at the same moment:)');
    await Promise.all([
      run(['update', 'web', write('v17.js', greetUpdate('v17')), '--batch', '100%', '--min-healthy', '1']),
      run(['update', 'web', write('zb5.js', healthUpdate('zb5', "env.ZONE === 'us'", 503)), '--batch', '100%', '--min-healthy', '1']),
    ]);
    await account('zb5');
  },
  async '6a'() {
    const g = await fleetHost('h6', etcd.url, { env: { ZONE: 'eu' } });
    hosts.push(g); H.h6 = g;
    await g.start();
    say('(new host h6 joined)');
    await g.sb.waitEvent({ event: 'app.online', app: 'web' }, { timeoutMs: 30_000 });
    await sleep(3000);
    const names = (await g.updates());
    say(`h6 runs: ${names.join(', ')}; update.completed per update: ${[...new Set(names)].map((n) => `${n}×${appliedCount(g, n)}`).join(', ')}`);
  },
  async '6b'() {
    await H.h5.stop(); say('(h5\'s daemon stopped: down at plan time)');
    const c = coord(['update', 'web', write('v18.js', greetUpdate('v18')), '--canary', '1', '--batch', '2', '--min-healthy', '6']);
    await c.id;
    await waitFor(() => /wave 2\//.test(c.output()), 'wave 2', { timeoutMs: 60_000 });
    const g = await fleetHost('h7', etcd.url, { env: { ZONE: 'eu' } });
    hosts.push(g); H.h7 = g;
    await Promise.all([g.start(), H.h5.start()]);
    say('(during wave 2: new host h7 joined, h5 came back)');
    await finish(c);
    await sleep(5000);
    await account('v18');
  },
  async '6c'() {
    await H.h4.sb.cli(['restart', 'web']); say('(moult restart web on h4)');
    await H.h3.kill(); say('(h3\'s daemon SIGKILLed)');
    await H.h3.start(); say('(h3\'s daemon started again)');
    await sleep(3000);
    await account('v18');
  },
  async '6d'() {
    const r = await run(['update', 'web', write('v19.js', greetUpdate('v19')), '--batch', '100%', '--min-healthy', '0']);
    const id = idOf(r);
    const cl = etcdClient(etcd.url);
    const plan = JSON.parse(await cl.get(`/moult/rollouts/${id}`).string());
    const pk = `/moult/progress/web/${id}`;
    await cl.put(pk).value(JSON.stringify({ ...JSON.parse(await cl.get(pk).string()), phase: 'running', state: 'running', wave: plan.waves.length - 1 }));
    await cl.put('/moult/apps/web/rollout').value(JSON.stringify({ ...JSON.parse(await cl.get('/moult/apps/web/rollout').string()), phase: 'running' }));
    say('(progress and pointer set back to running at the last wave, the release already written: the crash window)');
    await run(['resume', id]);
    say(`release: ${JSON.parse(await cl.get('/moult/apps/web/release').string()).map((e) => e.name).join(', ')}`);
    cl.close();
    await account('v19');
  },
  async '7a'() {
    await run(['update', 'web', write('zb2.js', healthUpdate('zb2', "env.ZONE === 'us'", 503)), '--batch', '100%', '--min-healthy', '1', '--max-failures', '2']);
    const from = H.h4.sb.events().length;
    await H.h4.sb.cli(['restart', 'web']); say('(moult restart web on h4)');
    await H.h4.sb.waitEvent({ event: 'app.online', app: 'web' }, { from, timeoutMs: 30_000 });
    await sleep(2000);
    await account('zb2');
  },
  async '7b'() {
    const c = coord(['update', 'web', write('lb.js', healthUpdate('lb', 'fs.existsSync(env.SICK_FLAG)')), '--batch', '100%', '--min-healthy', '8', '--hosts', 'h1,h2,h3']);
    const id = await c.id;
    for (const h of [H.h1, H.h2, H.h3]) await h.sb.waitEvent({ event: 'fleet.order', reason: 'min-healthy', update_id: new RegExp(id) }, { timeoutMs: 60_000 });
    for (const h of [H.h1, H.h2, H.h3]) h.sick();
    say('(h1-h3 turn sick inside --min-healthy: /health 500 from now on with lb)');
    await finish(c);
    await account('lb');
    for (const h of [H.h1, H.h2, H.h3]) h.sick(false);
  },
  async '7c'() {
    const c = coord(['update', 'web', write('lc.js', healthUpdate('lc', 'fs.existsSync(env.SICK_FLAG) && process.exit(3)')), '--batch', '100%', '--min-healthy', '8', '--hosts', 'h1,h2']);
    const id = await c.id;
    for (const h of [H.h1, H.h2]) await h.sb.waitEvent({ event: 'fleet.order', reason: 'min-healthy', update_id: new RegExp(id) }, { timeoutMs: 60_000 });
    const local = await H.h2.sb.cli(['update', 'web', path.join(dir, write('local.js', greetUpdate('local')))]);
    say(`(on h2, a local \`moult update web local.js\` on top of lc: exit ${local.code})`);
    for (const h of [H.h1, H.h2]) h.sick();
    say('(h1, h2: the app exits with 3 at its next /health probe while lc is in force)');
    await finish(c);
    await account('lc');
    for (const h of [H.h1, H.h2]) h.sick(false);
    await H.h2.sb.cli(['rollback', 'web', 'local']);
    say('(on h2, `moult rollback web local`: then h2 undoes lc by itself)');
    await waitFor(async () => !(await H.h2.updates()).includes('lc'), 'h2 converges', { timeoutMs: 60_000 }).catch(() => {});
    await sleep(3000);
    await status(id);
  },
  async '7e'() {
    const r1 = await run(['update', 'web', write('e1.js', greetUpdate('e1')), '--batch', '100%', '--min-healthy', '0']);
    for (const h of [H.h1, H.h2]) {
      const l = await h.sb.cli(['update', 'web', path.join(dir, write(`local-${h.name}.js`, healthUpdate(`local${h.name}`, 'false')))]);
      say(`(on ${h.name}: a local update on top of e1: exit ${l.code})`);
    }
    await run(['rollback', 'web', '--batch', '100%', '--min-healthy', '0']);
    await sleep(3000);
    await account('e1');
    const cl = etcdClient(etcd.url);
    say(`release: ${JSON.parse(await cl.get('/moult/apps/web/release').string()).map((e) => e.name).join(', ')}`);
    cl.close();
    void r1;
  },
  async '9'() {
    await run(['update', 'web', write('k0.js', greetUpdate('k0')), '--batch', '100%', '--min-healthy', '0']);
    const cl = etcdClient(etcd.url);
    const filler = Array.from({ length: 9000 }, (_, i) => `h${String(i).padStart(9, '0')}`);
    const any = Object.entries(await cl.getAll().prefix('/moult/progress/web/').strings())[0];
    const p0 = JSON.parse(any[1]);
    const plan0 = JSON.parse(await cl.get(`/moult/rollouts/${p0.id}`).string());
    for (let i = 0; i < 47; i++) {
      const id = `old-20200101-0000${String(i).padStart(2, '0')}-beef`;
      await cl.put(`/moult/rollouts/${id}`).value(JSON.stringify({ ...plan0, id, app: 'old', waves: [filler] }));
      await cl.put(`/moult/progress/old/${id}`).value(JSON.stringify({ ...p0, id, app: 'old' }));
    }
    cl.close();
    say('(47 rollouts of 9 000 hosts each written under rollouts/ as a coordinator would: 4.9 MB of plans)');
    const r = await fleet(dir, etcd.url, ['status'], { timeoutMs: 60_000 });
    say(`$ moult fleet status   # exit ${r.code}, ${r.stdout.trim().split('\n').length} lines (${r.stdout.split('\n').filter((l) => / on old\)/.test(l)).length} of app old)`);
    await run(['update', 'web', write('k1.js', greetUpdate('k1')), '--batch', '100%', '--min-healthy', '0', '--keep', '3']);
    const s = await fleet(dir, etcd.url, ['status'], { timeoutMs: 60_000 });
    say(`$ moult fleet status   # after --keep 3: ${s.stdout.split('\n').filter((l) => / on web\)/.test(l)).length} rollouts of web listed`);
  },
};

try {
  // In the table's order (an object lists '9' first: its keys that look like numbers come first).
  const order = [...Object.keys(rows).filter((r) => r !== '9'), '9'];
  for (const row of order) {
    const fn = rows[row];
    if (only.size && !only.has(row)) continue;
    say(`\n### ${row}\n`);
    const t0 = Date.now();
    try {
      await fn();
    } catch (err) {
      say(`HARNESS ERROR: ${err.stack}`);
    }
    say(`\n(${row}: ${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  }
} finally {
  for (const h of hosts) await h.close();
  await etcd.close();
  fs.rmSync(dir, { recursive: true, force: true });
  out.end();
}
