// Fleet benchmark (SPEC 8, issue 19), on one real etcd:
//  (a) simulated scale, for each size of --hosts (default 1000,5000,10000): that many hosts as
//      lightweight agents (the daemon's FleetAgent: lease, host record, watches, the reconcile
//      loop; instant apply and undo), then the real CLI twice: a good rollout (`--batch 10%`) and
//      a rollout whose last wave fails (bad.js fails on the last 10 % of hosts, `--max-failures 0`)
//      and is rolled back on every host that got it. For each: the command's time, the rollout's
//      span, etcd writes and bytes written per host (a watch on the prefix counts every put: key +
//      value), whether the coordinator lost its lock, etcd's RSS and db size afterwards;
//  (b) 5 real daemons: from the command to the last host completed.
// Usage: node bench/fleet/run.mjs [--hosts 1000,5000,10000] [--per-process 250] [--daemons 5] [--lease-ttl 10] [--etcd-under /dev/shm]
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { startEtcd } from '../../test/fleet/etcd.mjs';
import { fleetHost, GOOD_UPDATE, greetUpdate } from '../../test/fleet/hosts.mjs';
import { CLI } from '../../test/helpers/moult.mjs';

const { values: opt } = parseArgs({
  options: {
    hosts: { type: 'string', default: '1000,5000,10000' },
    'per-process': { type: 'string', default: '250' },
    daemons: { type: 'string', default: '5' },
    // The daemon's host lease is 10 s (a keep-alive every 3.3 s per host): thousands of them on 2
    // shared cores starve; a longer lease only thins the membership traffic, not the rollout's.
    'lease-ttl': { type: 'string', default: '10' },
    'etcd-under': { type: 'string', describe: 'parent folder of etcd\'s data dir (e.g. /dev/shm: no disk fsync)' },
  },
});
const require = createRequire(path.join(path.dirname(CLI), '..', 'package.json'));
const { Etcd3 } = require('etcd3');
const log = (s) => process.stderr.write(`${s}\n`);
const ms = (n) => `${Math.round(n)} ms`;

function cli(url, dir, args) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [CLI, 'fleet', ...args, '--etcd', url], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; process.stderr.write(d); });
    child.on('close', (code) => resolve({ code, out, err, ms: performance.now() - t0 }));
  });
}

/** From the final rollout record: rollout span, and per wave gap between its last result and the next wave's first order. */
function analyse(rec) {
  const waves = rec.waves.map((hosts) => ({
    first: Math.min(...hosts.map((h) => rec.hosts[h].ordered_at)),
    last: Math.max(...hosts.map((h) => rec.hosts[h].done_at)),
  }));
  const gaps = waves.slice(1).map((w, i) => w.first - waves[i].last);
  const lengths = waves.map((w) => w.last - w.first).sort((x, y) => x - y);
  return { span: waves.at(-1).last - waves[0].first, gaps, waves: waves.length, wave_ms_median: lengths[Math.floor(lengths.length / 2)] };
}

async function etcdStats(etcd) {
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${etcd.pid()}/status`, 'utf8'))[1]);
  const metrics = await (await fetch(`${etcd.url}/metrics`)).text();
  const db = Number(/^etcd_mvcc_db_total_size_in_bytes (\S+)/m.exec(metrics)?.[1] ?? NaN);
  const inUse = Number(/^etcd_mvcc_db_total_size_in_use_in_bytes (\S+)/m.exec(metrics)?.[1] ?? NaN);
  return { rss_mb: +(rssKb / 1024).toFixed(1), db_mb: +(db / 1048576).toFixed(2), db_in_use_mb: +(inUse / 1048576).toFixed(2) };
}

/** Counts what is written under the fleet's prefix while `during` runs: puts, deletes, key + value bytes. */
/** etcd's count of gRPC calls handled, by method (its /metrics, on the client URL). */
async function callsByMethod(url) {
  const text = await (await fetch(`${url}/metrics`)).text();
  const calls = {};
  for (const m of text.matchAll(/^grpc_server_handled_total\{[^}]*grpc_method="(\w+)"[^}]*\} (\S+)$/gm)) calls[m[1]] = (calls[m[1]] ?? 0) + Number(m[2]);
  return calls;
}

async function writesDuring(url, during) {
  const client = new Etcd3({ hosts: [url] });
  const n = { puts: 0, deletes: 0, bytes: 0, hostsExpired: 0, calls: {} };
  const callsBefore = await callsByMethod(url);
  const watcher = await client.watch().prefix('/moult/').create();
  watcher.on('put', (kv) => { n.puts++; n.bytes += kv.key.length + kv.value.length; });
  // A host record deleted mid-rollout: its lease expired (keep-alives starved), the host re-registers.
  watcher.on('delete', (kv) => { n.deletes++; if (kv.key.toString().startsWith('/moult/hosts/')) n.hostsExpired++; });
  try {
    const r = await during();
    // The last events of the rollout arrive after the command exited: a quiet second.
    await new Promise((res) => setTimeout(res, 1000));
    const callsAfter = await callsByMethod(url);
    for (const [m, v] of Object.entries(callsAfter)) if (v - (callsBefore[m] ?? 0) > 0) n.calls[m] = v - (callsBefore[m] ?? 0);
    return { r, n };
  } finally {
    await watcher.cancel();
    client.close();
  }
}

/** Waits (up to 3 min) until etcd has every host's record (a lease lost under load is made again within 2 s); resolves to how many it has. */
async function hostsUp(url, total) {
  const client = new Etcd3({ hosts: [url] });
  try {
    let n = 0;
    for (const until = Date.now() + 180_000; Date.now() < until; await new Promise((r) => setTimeout(r, 1000))) {
      n = (await client.getAll().prefix('/moult/hosts/').keys()).length;
      if (n >= total) break;
    }
    return n;
  } finally {
    client.close();
  }
}

async function rollout(url, dir, total, file, extra) {
  const up = await hostsUp(url, total);
  const { r, n } = await writesDuring(url, () => cli(url, dir, ['update', 'web', file, '--batch', '10%', '--min-healthy', '0', '--deadline', '120', '--json', ...extra]));
  let rec;
  try {
    rec = JSON.parse(r.out.trim().split('\n').at(-1));
  } catch {
    // The command ended without its record (an error): reported as it ended, the run goes on.
    return { hosts_up_at_start: up, exit: r.code, error: r.err.trim().split('\n').at(-1), command_ms: Math.round(r.ms), etcd_puts: n.puts, lock_lost: /lost the lock|lock of rollout|took over/i.test(r.err) };
  }
  const states = {};
  for (const h of Object.values(rec.hosts)) states[h.state] = (states[h.state] ?? 0) + 1;
  const times = Object.values(rec.hosts).flatMap((h) => (h.ordered_at ? [h.ordered_at] : []));
  return {
    hosts_up_at_start: up, exit: r.code, state: rec.state, hosts: states, waves: rec.waves.length, command_ms: Math.round(r.ms),
    first_order_to_end_ms: (rec.ended_at ?? rec.updated_at) - Math.min(...times),
    etcd_puts: n.puts, etcd_deletes: n.deletes, host_leases_expired: n.hostsExpired, etcd_put_bytes: n.bytes,
    puts_per_host: +(n.puts / total).toFixed(2), bytes_per_host: Math.round(n.bytes / total),
    lock_lost: /lost the lock|lock of rollout|took over/i.test(r.err),
    etcd_calls: n.calls,
  };
}

async function simulated(dir, total) {
  const etcd = await startEtcd(opt['etcd-under'] ? { under: opt['etcd-under'] } : {});
  const per = Number(opt['per-process']);
  // bad.js fails on the hosts of the last wave (--batch 10 %: the last tenth, by name).
  const failFrom = total - Math.ceil(total / 10);
  const procs = [];
  let joinRetries = 0;
  const t0 = performance.now();
  try {
    const starts = [];
    for (let i = 0; i < total; i += per) starts.push(i);
    // Four agent processes join at a time (each 25 agents at a time): more only measures etcd's queue.
    for (let k = 0; k < starts.length; k += 4) {
      await Promise.all(starts.slice(k, k + 4).map((i) => {
        const p = spawn(process.execPath, [path.join(path.dirname(new URL(import.meta.url).pathname), 'agents.mjs'), etcd.url, String(i), String(Math.min(per, total - i)), String(failFrom), opt['lease-ttl']], { stdio: ['ignore', 'pipe', 'inherit'] });
        procs.push(p);
        return new Promise((resolve, reject) => {
          p.stdout.on('data', (d) => {
            const m = /ready (\d+)/.exec(String(d));
            if (m) { joinRetries += Number(m[1]); resolve(); }
          });
          p.on('exit', (code) => reject(new Error(`agents process exited ${code}`)));
        });
      }));
    }
    const joined_ms = Math.round(performance.now() - t0);
    log(`${total} agents joined in ${ms(joined_ms)} (${procs.length} processes, ${joinRetries} joins tried again)`);
    const good = await rollout(etcd.url, dir, total, 'v2.js', []);
    log(`good: ${JSON.stringify(good)}`);
    const afterGood = await etcdStats(etcd);
    const bad = await rollout(etcd.url, dir, total, 'bad.js', ['--max-failures', '0']);
    log(`bad: ${JSON.stringify(bad)}`);
    return { hosts: total, agent_processes: procs.length, joined_ms, join_retries: joinRetries, good, etcd_after_good: afterGood, bad, etcd_after_bad: await etcdStats(etcd) };
  } finally {
    for (const p of procs) p.kill('SIGTERM');
    await Promise.all(procs.map((p) => new Promise((r) => (p.exitCode !== null ? r() : p.on('exit', r)))));
    await etcd.close();
  }
}

async function realDaemons(dir) {
  const etcd = await startEtcd();
  const hosts = [];
  try {
    for (let i = 0; i < Number(opt.daemons); i++) hosts.push(await fleetHost(`real-${i}`, etcd.url));
    await Promise.all(hosts.map((h) => h.start()));
    const r = await cli(etcd.url, dir, ['update', 'web', 'v2.js', '--canary', '1', '--batch', '2', '--min-healthy', '0', '--json']);
    if (r.code !== 0) throw new Error(`rollout failed: ${r.out.slice(0, 500)}`);
    const rec = JSON.parse(r.out.trim().split('\n').at(-1));
    const a = analyse(rec);
    return { daemons: hosts.length, waves: a.waves, command_ms: Math.round(r.ms), first_order_to_last_completed_ms: a.span, wave_gap_ms: Math.max(...a.gaps) };
  } finally {
    for (const h of hosts) await h.close();
    await etcd.close();
  }
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'moult-bench-fleet-'));
fs.writeFileSync(path.join(dir, 'v2.js'), GOOD_UPDATE);
fs.writeFileSync(path.join(dir, 'bad.js'), greetUpdate('v3'));
try {
  const uptime = () => fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  const sizes = [];
  for (const n of opt.hosts.split(',').map(Number)) {
    const load = uptime();
    sizes.push({ ...(await simulated(dir, n)), load_before: load, load_after: uptime() });
  }
  const real = Number(opt.daemons) > 0 ? await realDaemons(dir) : null;
  if (real) log(`real daemons: ${JSON.stringify(real)}`);
  const result = { node: process.version, cpus: os.cpus().length, at: new Date().toISOString(), lease_ttl_s: Number(opt['lease-ttl']), etcd_data_under: opt['etcd-under'] ?? os.tmpdir(), simulated: sizes, real };
  fs.mkdirSync(path.join(path.dirname(CLI), '..', 'bench', 'results'), { recursive: true });
  fs.writeFileSync(path.join(path.dirname(CLI), '..', 'bench', 'results', 'fleet.json'), `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
