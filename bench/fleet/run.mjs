// Fleet benchmark (SPEC 8), on one real etcd:
//  (a) simulated scale: 1 000 hosts as lightweight agents (the daemon's FleetAgent, each with its
//      own lease and watch, 100 per process, instant apply), `moult fleet update --batch 10%`:
//      the whole rollout, the coordinator's overhead per wave (last result of a wave to the first
//      order of the next), etcd's RSS and db size afterwards;
//  (b) 5 real daemons: from the command to the last host completed.
// Usage: node bench/fleet/run.mjs [--hosts 1000] [--per-process 100] [--daemons 5] [--etcd-under /dev/shm]
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { startEtcd } from '../../test/fleet/etcd.mjs';
import { fleetHost, GOOD_UPDATE } from '../../test/fleet/hosts.mjs';
import { CLI } from '../../test/helpers/moult.mjs';

const { values: opt } = parseArgs({
  options: {
    hosts: { type: 'string', default: '1000' },
    'per-process': { type: 'string', default: '100' },
    daemons: { type: 'string', default: '5' },
    'etcd-under': { type: 'string', describe: 'parent folder of etcd\'s data dir (e.g. /dev/shm: no disk fsync)' },
  },
});
const log = (s) => process.stderr.write(`${s}\n`);
const ms = (n) => `${Math.round(n)} ms`;

function cli(url, dir, args) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [CLI, 'fleet', ...args, '--etcd', url], { cwd: dir, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.on('close', (code) => resolve({ code, out, ms: performance.now() - t0 }));
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

async function simulated(dir) {
  const etcd = await startEtcd(opt['etcd-under'] ? { under: opt['etcd-under'] } : {});
  const total = Number(opt.hosts);
  const per = Number(opt['per-process']);
  const procs = [];
  const t0 = performance.now();
  try {
    for (let i = 0; i < total; i += per) {
      const p = spawn(process.execPath, [path.join(path.dirname(new URL(import.meta.url).pathname), 'agents.mjs'), etcd.url, String(i), String(Math.min(per, total - i))], { stdio: ['ignore', 'pipe', 'inherit'] });
      procs.push(p);
      await new Promise((resolve, reject) => {
        p.stdout.on('data', (d) => { if (String(d).includes('ready')) resolve(); });
        p.on('exit', (code) => reject(new Error(`agents process exited ${code}`)));
      });
    }
    log(`${total} agents joined in ${ms(performance.now() - t0)} (${procs.length} processes)`);
    const r = await cli(etcd.url, dir, ['update', 'web', 'v2.js', '--batch', '10%', '--min-healthy', '0', '--deadline', '60', '--json']);
    if (r.code !== 0) throw new Error(`rollout failed: ${r.out.slice(0, 500)}`);
    const rec = JSON.parse(r.out.trim().split('\n').at(-1));
    const a = analyse(rec);
    const completed = Object.values(rec.hosts).filter((h) => h.state === 'completed').length;
    const stats = await etcdStats(etcd);
    return { hosts: total, completed, waves: a.waves, command_ms: Math.round(r.ms), rollout_ms: a.span, wave_ms_median: a.wave_ms_median, wave_gap_ms: { max: Math.max(...a.gaps), median: a.gaps.sort((x, y) => x - y)[Math.floor(a.gaps.length / 2)] }, etcd: stats };
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
try {
  const sim = await simulated(dir);
  log(`simulated: ${JSON.stringify(sim)}`);
  const real = await realDaemons(dir);
  log(`real daemons: ${JSON.stringify(real)}`);
  const result = { node: process.version, cpus: os.cpus().length, etcd_data_under: opt['etcd-under'] ?? os.tmpdir(), simulated: sim, real };
  fs.mkdirSync(path.join(path.dirname(CLI), '..', 'bench', 'results'), { recursive: true });
  fs.writeFileSync(path.join(path.dirname(CLI), '..', 'bench', 'results', 'fleet.json'), `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
