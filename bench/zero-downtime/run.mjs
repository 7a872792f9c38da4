// Zero downtime under load (issue 8): an express 5 app under autocannon (16 connections, keep-alive),
// changed at 40 % of the run, eight ways in one run: moult update / moult patch (fork, 1 process),
// moult update / moult reload (cluster, 2 workers), moult update then a worker killed, moult update
// then scale 2 -> 4 (issue 17), pm2 reload (fork, 1 process) and pm2 reload (cluster, 2 workers).
// For each: failed requests, p50/p99/max latency, stale answers (answers by code older than the
// last completed change, counted by a second client that opens a fresh connection per request,
// for requests sent after the change completed: SPEC 6.6), whether the new code then answers from
// every worker, whether in-memory state (a hit counter) survived in the workers that were not
// replaced; and a latency-over-time SVG marking the change.
// `node bench/zero-downtime/run.mjs [--seconds 8] [--only key,key]`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import autocannon from 'autocannon';
import { ROOT, checkBuilt, moult, pm2 } from '../lib/supervisors.mjs';
import { runBench } from '../lib/proc.mjs';
import { machine, quantile, round, sleep, table, writeJson } from '../lib/stats.mjs';
import { loadMonitor } from '../lib/load.mjs';
import { freePort } from '../lib/net.mjs';
import { latencyChart } from './chart.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? dflt : process.argv[i + 1];
};
const SECONDS = Number(arg('seconds', 10));
const CONNECTIONS = Number(arg('connections', 16));
const CHANGE_AT = 0.4;
const BUCKET_MS = 100;
const EXPRESS = path.join(ROOT, 'node_modules', 'express');
const CHARTS = path.join(ROOT, 'bench', 'results', 'zero-downtime');

const appSource = (version) => `const express = require(${JSON.stringify(EXPRESS)});
let hits = 0;
function version() { return '${version}'; }
const app = express();
app.get('/', (req, res) => { hits++; res.json({ v: version(), pid: process.pid, hits }); });
app.listen(Number(process.env.PORT), () => { if (process.send) process.send('ready'); });
module.exports = { version };
`;
// The update takes 300 ms to produce its change, as one that requires a dependency does: a process
// that served before its replay was over would be caught answering v1 (stale) during that time.
const UPDATE = `const { SafeRedefineUpdate } = require('moult/runtime');
module.exports = async (ctx) => {
  await new Promise((r) => setTimeout(r, 300));
  return new SafeRedefineUpdate(ctx.main, ctx.main.version, function version() { return 'v2'; }, { name: 'v2' });
};
`;
/** Fresh-connection clients counting stale answers (each one request after the other). */
const FRESH_LOOPS = 4;

/** One request on a fresh connection: {v, pid, hits}. */
function probe(port) {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, agent: false, timeout: 5000 }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d) => { body += d; }).on('end', () => { try { resolve(JSON.parse(body)); } catch (e) { reject(e); } });
    });
    req.on('timeout', () => req.destroy(new Error('no answer within 5 s')));
    req.on('error', reject);
  });
}

/**
 * A client on fresh connections, one request after the other: every answer with the time its
 * request was sent. A refused connection (a fork app restarting) is counted and retried.
 */
function versionClient(port) {
  const answers = [];
  let refused = 0;
  let running = true;
  const done = Promise.all(Array.from({ length: FRESH_LOOPS }, async () => {
    while (running) {
      const sentAt = Date.now();
      try {
        const r = await probe(port);
        answers.push({ sentAt, v: r.v, pid: r.pid });
      } catch {
        refused++;
        await sleep(5);
      }
    }
  }));
  return {
    answers,
    /** Resolves once `n` distinct pids answered on requests sent after `since`. */
    async pids(n, since, timeoutMs = 30_000) {
      const end = Date.now() + timeoutMs;
      while (new Set(answers.filter((a) => a.sentAt >= since).map((a) => a.pid)).size < n) {
        if (Date.now() > end) throw new Error(`only ${new Set(answers.filter((a) => a.sentAt >= since).map((a) => a.pid)).size} of ${n} workers answered`);
        await sleep(20);
      }
    },
    /** Resolves once `n` answers came to requests sent after `since` (bounded: 15 s). */
    async answersAfter(since, n) {
      const end = Date.now() + 15_000;
      while (answers.filter((a) => a.sentAt >= since).length < n && Date.now() < end) await sleep(20);
    },
    async stop() {
      running = false;
      await done;
      return { answers, refused };
    },
  };
}

async function sample(port, n) {
  const out = [];
  for (let i = 0; i < n; i++) out.push(await probe(port));
  return out;
}

const update = (t, d, app) => t.cli(['update', app, path.join(d, 'update.js')], { timeoutMs: 60_000 });

/** After the update completed (the moment stale answers count from), the second change. */
const thenAfter = (second) => async (t, d, app, client) => {
  const r = await update(t, d, app);
  const completedAt = Date.now();
  if (r.code !== 0) return { ...r, completedAt };
  await second(t, app, client, completedAt);
  return { ...r, completedAt };
};

const VARIANTS = [
  { key: 'moult-update-fork', label: 'moult update, fork', tool: 'moult', mode: 'fork', workers: 1, change: update },
  { key: 'moult-patch-fork', label: 'moult patch, fork', tool: 'moult', mode: 'fork', workers: 1, change: (t, d, app) => t.cli(['patch', app, path.join(d, 'app-v2.js'), '--target', 'app.js'], { timeoutMs: 60_000 }) },
  { key: 'moult-update-cluster', label: 'moult update, cluster x2', tool: 'moult', mode: 'cluster', workers: 2, change: update },
  { key: 'moult-reload-cluster', label: 'moult reload, cluster x2', tool: 'moult', mode: 'cluster', workers: 2, onDisk: true, change: (t, d, app) => t.cli(['reload', app], { timeoutMs: 60_000 }) },
  {
    key: 'moult-update-kill-cluster', label: 'moult update, then a worker killed, cluster x2', tool: 'moult', mode: 'cluster', workers: 2,
    // Past min_uptime (1 s): the crash is not the update's fault; the worker comes back with it.
    change: thenAfter(async (t, app, client) => {
      await sleep(1500);
      const [, victim] = await t.list();
      const killedAt = Date.now();
      process.kill(victim.pid, 'SIGKILL');
      await client.pids(2, killedAt);
      await waitNewPid(client, victim.pid, killedAt);
    }),
  },
  {
    key: 'moult-update-scale-cluster', label: 'moult update, then scale 2 -> 4, cluster', tool: 'moult', mode: 'cluster', workers: 2, workersAfter: 4,
    change: thenAfter(async (t, app, client) => {
      const at = Date.now();
      await t.cliOk(['scale', app, '4'], { timeoutMs: 60_000 });
      await client.pids(4, at);
    }),
  },
  { key: 'pm2-reload-fork', label: 'pm2 reload, fork', tool: 'pm2', mode: 'fork', workers: 1, onDisk: true, change: (t, d, app) => t.cli(['reload', app], { timeoutMs: 60_000 }) },
  { key: 'pm2-reload-cluster', label: 'pm2 reload, cluster x2', tool: 'pm2', mode: 'cluster', workers: 2, onDisk: true, change: (t, d, app) => t.cli(['reload', app], { timeoutMs: 60_000 }) },
];

/** Resolves once a pid other than `gone` answered after `since` (the restarted worker). */
async function waitNewPid(client, gone, since) {
  const before = new Set(client.answers.filter((a) => a.sentAt < since).map((a) => a.pid));
  for (let i = 0; i < 1500; i++) {
    if (client.answers.some((a) => a.sentAt >= since && a.pid !== gone && !before.has(a.pid))) return;
    await sleep(20);
  }
  throw new Error('the killed worker did not come back');
}

async function waitServing(port, workers) {
  const pids = new Set();
  for (let i = 0; i < 600 && pids.size < workers; i++) {
    try { pids.add((await probe(port)).pid); } catch { await sleep(100); }
  }
  if (pids.size < workers) throw new Error(`only ${pids.size} of ${workers} workers answer on ${port}`);
}

async function runVariant(v, tools, tmp, load) {
  const mark = load.mark();
  const tool = tools[v.tool];
  const dir = path.join(tmp, v.key);
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'app.js'), appSource('v1'));
  fs.writeFileSync(path.join(dir, 'app-v2.js'), appSource('v2'));
  fs.writeFileSync(path.join(dir, 'update.js'), UPDATE);
  const port = await freePort();
  const app = { name: v.key, script: path.join(dir, 'app.js'), cwd: dir, env: { PORT: String(port) }, instances: v.workers, exec_mode: v.mode };
  const eco = path.join(dir, 'ecosystem.json');
  fs.writeFileSync(eco, JSON.stringify({ apps: [app] }, null, 2));
  await tool.cliOk(['start', eco], { timeoutMs: 60_000 });
  try {
    await waitServing(port, v.workers);
    await sleep(500);
    const before = new Map();
    for (const r of await sample(port, 4 * v.workers)) before.set(r.pid, Math.max(before.get(r.pid) ?? 0, r.hits));

    const client = versionClient(port);
    const t0 = Date.now();
    const latencies = [];
    const errors = [];
    const durationMs = SECONDS * 1000;
    const instance = autocannon({ url: `http://127.0.0.1:${port}/`, connections: CONNECTIONS, duration: SECONDS });
    instance.on('response', (_client, status, _bytes, ms) => {
      const at = Date.now() - t0;
      if (status >= 400) errors.push(at);
      latencies.push([at, ms]);
    });
    instance.on('reqError', () => errors.push(Date.now() - t0));
    const done = new Promise((resolve) => instance.on('done', resolve));
    await sleep(durationMs * CHANGE_AT);
    const change = { startMs: Date.now() - t0, endMs: 0, label: v.label.split(',')[0] };
    // A reload takes the code on disk: the new version is written there first.
    if (v.onDisk) fs.writeFileSync(path.join(dir, 'app.js'), appSource('v2'));
    const r = await v.change(tool, dir, v.key, client);
    const completedAt = r.completedAt ?? Date.now();
    change.endMs = Date.now() - t0;
    // A change that ends after the load does (a reload under load) is still watched a while.
    await client.answersAfter(completedAt, 40);
    const result = await done;
    const fresh = await client.stop();
    if (r.code !== 0) throw new Error(`${v.label}: the change exited ${r.code}\n${r.stdout}\n${r.stderr}`);

    const workersAfter = v.workersAfter ?? v.workers;
    const after = await sample(port, 6 * workersAfter);
    const newPids = new Set(after.map((x) => x.pid));
    const counted = fresh.answers.filter((a) => a.sentAt >= completedAt);
    const stale = counted.filter((a) => a.v !== 'v2');
    const lat = latencies.map((l) => l[1]).sort((a, b) => a - b);
    const failed = result.errors + result.timeouts + result.non2xx;
    const buckets = [];
    for (let at = 0; at < durationMs; at += BUCKET_MS) {
      const inB = latencies.filter((l) => l[0] >= at && l[0] < at + BUCKET_MS).map((l) => l[1]).sort((a, b) => a - b);
      buckets.push({ at, p50: inB.length ? quantile(inB, 0.5) : null, max: inB.length ? inB[inB.length - 1] : null });
    }
    fs.writeFileSync(path.join(CHARTS, `${v.key}.svg`), latencyChart({ title: `${v.label}: ${result.requests.total} requests, ${failed} failed`, buckets, bucketMs: BUCKET_MS, durationMs, change, errors }));
    return {
      key: v.key,
      label: v.label,
      requests: result.requests.total,
      failed,
      errors: result.errors,
      timeouts: result.timeouts,
      non2xx: result.non2xx,
      p50_ms: quantile(lat, 0.5),
      p99_ms: quantile(lat, 0.99),
      max_ms: lat[lat.length - 1],
      change_ms: change.endMs - change.startMs,
      fresh_answers: counted.length,
      stale_answers: stale.length,
      fresh_refused: fresh.refused,
      new_code_everywhere: after.every((x) => x.v === 'v2') && newPids.size === workersAfter,
      load: load.since(mark),
      // In the workers that were there before the change and still are (a killed or new one starts from zero).
      state_kept: [...newPids].filter((pid) => before.has(pid)).every((pid) => after.filter((x) => x.pid === pid).every((x) => x.hits > before.get(pid))),
      workers_kept: [...newPids].filter((pid) => before.has(pid)).length,
    };
  } finally {
    await tool.cli(['delete', v.key], { timeoutMs: 30_000 });
  }
}

runBench(async () => {
  checkBuilt();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'moult-zd-'));
  fs.mkdirSync(CHARTS, { recursive: true });
  const load = loadMonitor();
  const tools = { moult: moult(path.join(tmp, 'moult-home')), pm2: pm2(path.join(tmp, 'pm2-home')) };
  const only = arg('only', null)?.split(',');
  const rows = [];
  const info = { machine: machine(), seconds: SECONDS, connections: CONNECTIONS, change_at: CHANGE_AT };
  try {
    for (const v of VARIANTS.filter((x) => !only || only.includes(x.key))) {
      process.stderr.write(`${v.label}…\n`);
      rows.push(await runVariant(v, tools, tmp, load));
    }
  } finally {
    await tools.pm2.kill(); // pm2 kill
    await tools.moult.kill();
    load.stop();
  }
  info.machine.loadavg_end = os.loadavg().map((x) => round(x, 2));
  writeJson(path.join(ROOT, 'bench', 'results', 'zero-downtime.json'), { info, rows });
  console.log(`\nzero downtime under load: express 5, autocannon ${CONNECTIONS} connections, ${SECONDS} s, change at ${CHANGE_AT * 100} %; node ${info.machine.node}, ${info.machine.cores} cores, load ${info.machine.loadavg.join(' ')} -> ${info.machine.loadavg_end.join(' ')}`);
  console.log(table(['variant', 'requests', 'failed', 'p50 ms', 'p99 ms', 'max ms', 'change ms', 'stale answers', 'new code on every worker', 'state kept'],
    rows.map((r) => [r.label, r.requests, r.failed, round(r.p50_ms, 1), round(r.p99_ms, 1), round(r.max_ms, 1), r.change_ms, `${r.stale_answers} of ${r.fresh_answers}`, r.new_code_everywhere ? 'yes' : 'no',
      r.workers_kept ? `${r.state_kept ? 'yes' : 'no'} (${r.workers_kept} kept)` : 'n/a (all replaced)'])));
});
