// The four measurements of bench/runtime/run.mjs; each compares moult's runtime with plain node
// in the same run and returns raw samples (the caller summarises and prints).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { firstLine, runOk, start, stop } from './proc.mjs';
import { PRELOAD, ROOT, cpuMs, moult } from './supervisors.mjs';
import { sleep } from './stats.mjs';
import { updatesInLog } from './moult-log.mjs';

const FIXTURES = path.join(ROOT, 'bench', 'runtime', 'fixtures');
const LOADGEN = path.join(ROOT, 'bench', 'lib', 'loadgen.mjs');
const node = process.execPath;
const log = (s) => process.stderr.write(s + '\n');
/** Rotates the order of the variants from one round to the next. */
const rotate = (xs, r) => xs.map((_, i) => xs[(i + r) % xs.length]);

// ---- (a) steady-state overhead: requests/s of a keep-alive HTTP server

/**
 * With 2+ cores and taskset (util-linux) the servers get CPU 1 and the load generator CPU 0, so that
 * they never share a core. taskset execs the command: the pid stays the server's. (The VM's own slow
 * and fast phases, ~25k vs ~45k req/s for the same server, remain: hence the interleaving below.)
 */
const TASKSET = ['/usr/bin/taskset', '/bin/taskset'].find((f) => fs.existsSync(f));
const pinned = (cpu, cmd, args) => (TASKSET && os.cpus().length >= 2 ? [TASKSET, ['-c', String(cpu), cmd, ...args]] : [cmd, args]);

/**
 * Each round starts one server per variant; one load generator then loads them in turn, 250 ms
 * at a time, `durationMs` each: the machine's slow and fast phases hit every variant alike.
 * Default: the three variants of section (a); the v2 suite passes its own app and variants.
 */
export async function httpOverhead({ tmp, rounds, durationMs, conns, server = path.join(FIXTURES, 'server.js'), variants, env: extraEnv = {} }) {
  const env = { ...process.env, MOULT_LOG: path.join(tmp, 'server-events.jsonl'), ...extraEnv };
  // Each variant: {name, args (node's), env?}. The server prints its port as its first line.
  variants ??= [
    { name: 'node', args: [server] },
    { name: 'preload', args: ['--require', PRELOAD, server] },
    { name: 'preload_updated', args: ['--require', PRELOAD, server], env: { BENCH_UPDATE: '1' } },
  ];
  const samples = Object.fromEntries(variants.map((v) => [v.name, []]));
  const cpu = Object.fromEntries(variants.map((v) => [v.name, []]));
  for (let r = 0; r < rounds; r++) {
    const order = rotate(variants, r);
    const children = order.map((v) => start(...pinned(1, node, v.args), { env: { ...env, ...v.env } }));
    try {
      const ports = await Promise.all(children.map(async (c) => Number(await firstLine(c))));
      const cpu0 = children.map((c) => cpuMs(c.pid));
      const lg = await runOk(...pinned(0, node, [LOADGEN, '--ports', ports.join(','), '--conns', String(conns), '--duration', String(durationMs)]),
        { timeoutMs: durationMs * order.length * 2 + 30_000 });
      const res = JSON.parse(lg.stdout);
      if (res.errors || res.non200) throw new Error(`load generator saw ${res.errors} errors, ${res.non200} non-200 answers`);
      order.forEach((v, i) => {
        samples[v.name].push(res.servers[i].rps);
        // The server's CPU time per request, a second view of the same overhead.
        cpu[v.name].push(((cpuMs(children[i].pid) - cpu0[i]) * 1000) / res.servers[i].total);
      });
      log(`  http round ${r + 1}/${rounds}: ${order.map((v) => `${v.name} ${Math.round(samples[v.name].at(-1))} req/s (${cpu[v.name].at(-1).toFixed(1)} us cpu/req)`).join(', ')}`);
    } finally {
      await Promise.all(children.map((c) => stop(c)));
    }
  }
  return { rps: samples, cpu_us_per_req: cpu, pinned: Boolean(TASKSET && os.cpus().length >= 2) };
}

// ---- (b) update pause, measured inside an app (fixtures/pause-app.js)

export async function updatePauses({ tmp, reps }) {
  const app = path.join(FIXTURES, 'pause-app.js');
  const env = { ...process.env, MOULT_LOG: path.join(tmp, 'pause-events.jsonl') };
  const once = async (preload, scenario, n) => {
    const args = ['--expose-gc', ...(preload ? ['--require', PRELOAD] : []), app, scenario, String(n ?? 0)];
    const r = await runOk(node, args, { env, timeoutMs: 300_000 });
    return JSON.parse(r.stdout.trim().split('\n').pop());
  };
  const cases = [
    { name: 'redefine', scenario: 'redefine' },
    { name: 'redefine_1m', scenario: 'redefine', n: 1_000_000 },
    { name: 'eager_100k', scenario: 'eager', n: 100_000, anchor: 'plain_100k' },
    { name: 'eager_1m', scenario: 'eager', n: 1_000_000, anchor: 'plain_1m' },
    { name: 'lazy_1m', scenario: 'lazy', n: 1_000_000, anchor: 'plain_1m' },
  ];
  const out = { plain_100k: [], plain_1m: [] };
  for (let r = 0; r < reps; r++) {
    for (const c of cases) {
      const res = await once(true, c.scenario, c.n);
      if (c.scenario === 'redefine') {
        for (const k of ['first', 'second', 'again']) (out[`${c.name}_${k}`] ??= []).push({ ...res[k], idle_max_gap_ms: res.idle.max_gap_ms });
      } else {
        (out[c.name] ??= []).push({ ...res.result, idle_max_gap_ms: res.idle.max_gap_ms, rss_mb: res.rss_mb });
      }
      log(`  pause rep ${r + 1}/${reps} ${c.name}: ${(res.first ?? res.result).max_gap_ms.toFixed(1)} ms`);
    }
    for (const [name, n] of [['plain_100k', 100_000], ['plain_1m', 1_000_000]]) {
      const res = await once(false, 'plain', n);
      out[name].push({ ...res.result, idle_max_gap_ms: res.idle.max_gap_ms, rss_mb: res.rss_mb });
      log(`  pause rep ${r + 1}/${reps} ${name}: ${res.result.max_gap_ms.toFixed(1)} ms`);
    }
  }
  return out;
}

// ---- (c) end to end `moult update` (a redefinition on an idle app) vs `node -e 0`

/**
 * Update timings from the daemon's log, by update name: received -> completed (the daemon's part)
 * and queued -> completed (the app's part). Events of one `moult update` share its update_id.
 */
function loggedUpdateTimes(eventLog) {
  return Object.fromEntries(updatesInLog(eventLog).map((r) => [r.name, r.events]));
}

export async function updateLatency({ tmp, updates }) {
  const tool = moult(path.join(tmp, 'moult-home'));
  const dir = path.join(tmp, 'updates');
  fs.mkdirSync(dir);
  const out = { first_ms: NaN, update_ms: [], node_e0_ms: [], cli_load_ms: [], daemon: [] };
  try {
    await tool.cliOk(['start', path.join(FIXTURES, 'idle-redef.js'), '--name', 'redef']);
    for (let i = 0; i < 100 && !(await tool.list()).every((x) => x.status === 'online'); i++) await sleep(100);
    await sleep(1000);
    const names = [];
    for (let k = 0; k <= updates; k++) {
      const name = `redef-${k}`;
      const file = path.join(dir, `update-${k}.js`);
      fs.writeFileSync(file, [
        "const { SafeRedefineUpdate } = require('moult/runtime');",
        `module.exports = (ctx) => new SafeRedefineUpdate(ctx.main, ctx.main.f, function f_v${k}() { return ${k}; }, { name: '${name}' });`,
        '',
      ].join('\n'));
      const r = await tool.cli(['update', 'redef', file], { timeoutMs: 60_000 });
      if (r.code !== 0 || !r.stdout.includes(`${name}: completed`)) throw new Error(`moult update ${name} exited ${r.code}:\n${r.stdout}\n${r.stderr}`);
      if (k === 0) out.first_ms = r.ms;
      else out.update_ms.push(r.ms);
      names.push(name);
      // The anchors, interleaved with the updates: a bare node process, and one that only loads
      // the moult CLI's modules (what every `moult` command pays before it talks to the daemon).
      out.node_e0_ms.push((await runOk(node, ['-e', '0'])).ms);
      out.cli_load_ms.push((await runOk(node, ['-e', `require(${JSON.stringify(path.join(ROOT, 'dist', 'client', 'cli.js'))})`])).ms);
      await sleep(200);
    }
    const logged = loggedUpdateTimes(path.join(tool.home, 'logs', 'moultd.log'));
    for (const name of names) {
      const t = logged[name] ?? {};
      out.daemon.push({ name, received_to_completed_ms: t['update.completed'] - t['update.received'], queued_to_completed_ms: t['update.completed'] - t['update.queued'], events: t });
    }
    const [inst] = await tool.list();
    if (inst?.status !== 'online' || inst.restarts !== 0) throw new Error(`the app did not stay up: ${JSON.stringify(inst)}`);
  } finally {
    await tool.kill();
  }
  return out;
}

// ---- (d) startup: time to the first stdout line of a trivial app

export async function startupCost({ tmp, rounds }) {
  const hello = path.join(FIXTURES, 'hello.js');
  const runDir = path.join(tmp, 'run');
  const variants = [
    { name: 'node', args: [hello] },
    { name: 'preload', args: ['--require', PRELOAD, hello] },
    // As under moultd: the runtime also serves its socket for the daemon (MOULT_RUNTIME_DIR set).
    { name: 'preload_agent', args: ['--require', PRELOAD, hello], env: { MOULT_RUNTIME_DIR: runDir, MOULT_APP: 'hello', MOULT_INSTANCE: '0' } },
  ];
  const samples = Object.fromEntries(variants.map((v) => [v.name, []]));
  for (let r = -1; r < rounds; r++) {
    for (const v of rotate(variants, r + 1)) {
      const t0 = performance.now();
      const child = start(node, v.args, { env: { ...process.env, ...v.env } });
      const line = await firstLine(child);
      const ms = performance.now() - t0;
      await new Promise((res) => (child.exitCode !== null ? res() : child.once('exit', res)));
      if (line !== 'ready') throw new Error(`unexpected first line ${line}`);
      if (r >= 0) samples[v.name].push(ms);
    }
  }
  return samples;
}
