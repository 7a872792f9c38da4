// One Node line of the real-apps bench, run by run.mjs with that line's node (so moult's CLI, its
// daemon and the apps all run on it). For each app, in this order:
//   startup  spawn → first HTTP answer, plain node vs moult's preload with its own packages
//            instrumented (cold: empty cache folder; cached: filled by the warm-up round) and with
//            the whole tree instrumented (cold, cached); RSS at the first answer. Round 0 warms up.
//   stack    the frames of a request path (and, for nest, of a throw from a handler) under plain
//            node and under moult, compared by file:line:column.
//   daemon   `moult start` of the app (own packages) and of a copy with the whole tree
//            instrumented, plain node beside them: autocannon rounds in rotating order; RSS after;
//            a hot update through `ctx.fn` and a `moult patch`, each checked: `via: slot` in
//            update.applied, the answer changed, the pid unchanged; and the app's pause during
//            each (pause-probe.cjs: its longest event-loop gap between update.received and
//            update.completed; these are the first update and the first patch of the process).
// Prints one JSON document on stdout; progress on stderr.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runBench } from '../lib/proc.mjs';
import { PRELOAD, moult, readRssKb } from '../lib/supervisors.mjs';
import { loadMonitor } from '../lib/load.mjs';
import { median, round, sleep } from '../lib/stats.mjs';
import { updatesInLog } from '../lib/moult-log.mjs';
import { pauseOf } from '../lib/runtime-v2.mjs';
import { APPS, WHOLE_TREE } from './apps.mjs';
import {
  PAUSE_PROBE, STACK_PROBE, cacheEntries, compareStacks, freePort, get, probedStack, skippedIn, stop, throughput, timeToFirstAnswer, waitAnswer,
} from './measure.mjs';

const { values: opt } = parseArgs({
  options: {
    cache: { type: 'string' },
    apps: { type: 'string', default: APPS.map((a) => a.name).join(',') },
    only: { type: 'string', default: 'startup,stack,daemon' },
    'startup-rounds': { type: 'string', default: '5' },
    'http-rounds': { type: 'string', default: '5' },
    'http-seconds': { type: 'string', default: '5' },
    connections: { type: 'string', default: '10' },
  },
});
const log = (s) => process.stderr.write(`[node ${process.versions.node}] ${s}\n`);
const rotate = (xs, r) => xs.map((_, i) => xs[(i + r) % xs.length]);
const only = new Set(opt.only.split(','));
const node = process.execPath;

function workDir(tmp, app, name) {
  const dir = fs.mkdtempSync(path.join(tmp, `${app.name}-${name}-`));
  app.prepare(dir);
  return dir;
}

/** The environment moultd gives an app, less the daemon link: the instrument setting and the cache. */
function moultEnv(instrument, cacheDir, logFile) {
  const env = { MOULT_LOG: logFile };
  if (instrument !== null && instrument !== undefined) env.MOULT_INSTRUMENT = JSON.stringify(instrument);
  if (cacheDir) env.MOULT_CACHE_DIR = cacheDir;
  return env;
}

async function startup(app, dir, tmp, rounds) {
  const caches = { own: path.join(tmp, `${app.name}-cache-own`), tree: path.join(tmp, `${app.name}-cache-tree`) };
  for (const c of Object.values(caches)) fs.mkdirSync(c, { mode: 0o700 });
  const variants = [
    { name: 'node' },
    // The preload with nothing instrumented: its fixed cost (the runtime's own modules, the hooks).
    { name: 'preload_off', instrument: false, cache: null },
    { name: 'moult_cold', instrument: app.instrument, cache: null },
    { name: 'moult_cached', instrument: app.instrument, cache: caches.own },
    { name: 'tree_cold', instrument: WHOLE_TREE, cache: null },
    { name: 'tree_cached', instrument: WHOLE_TREE, cache: caches.tree },
  ];
  const out = Object.fromEntries(variants.map((v) => [v.name, { ms: [], cpu_ms: [], rss_kb: [], modules: [], skipped: [] }]));
  for (let r = 0; r <= rounds; r++) {
    for (const v of rotate(variants, r)) {
      const port = await freePort();
      const work = workDir(tmp, app, v.name);
      const logFile = path.join(work, 'moult-events.jsonl');
      // Cold: a new empty cache folder per start (counted afterwards: one entry per instrumented module).
      const cacheDir = v.name === 'node' || v.instrument === false ? null : v.cache ?? fs.mkdtempSync(path.join(tmp, 'cold-cache-'));
      const ctx = { dir, port, work };
      const env = { ...process.env, ...app.env(ctx), ...(v.name === 'node' ? {} : moultEnv(v.instrument, cacheDir, logFile)) };
      const s = await timeToFirstAnswer({
        node, nodeArgs: v.name === 'node' ? [] : ['--require', PRELOAD], entry: app.entry(dir), args: app.args(ctx), env, cwd: dir, port, urlPath: app.ready,
      });
      await stop(s.child);
      const skipped = skippedIn(logFile);
      if (r > 0) {
        out[v.name].ms.push(s.ms);
        out[v.name].cpu_ms.push(s.cpu_ms);
        out[v.name].rss_kb.push(s.rss_kb);
        if (cacheDir && !v.cache) out[v.name].modules.push(cacheEntries(cacheDir));
      }
      for (const k of skipped) if (!out[v.name].skipped.some((x) => x.file === k.file)) out[v.name].skipped.push(k);
      if (cacheDir && !v.cache) fs.rmSync(cacheDir, { recursive: true, force: true });
      fs.rmSync(work, { recursive: true, force: true });
    }
    log(`  ${app.name} startup ${r === 0 ? 'warm-up' : `round ${r}/${rounds}`}: ${variants.map((v) => `${v.name} ${out[v.name].ms.at(-1)?.toFixed(0) ?? '-'}`).join(', ')} ms`);
  }
  const med = (k) => median(out[k].ms);
  const cpu = (k) => median(out[k].cpu_ms);
  return {
    samples: out,
    median_ms: Object.fromEntries(variants.map((v) => [v.name, round(med(v.name), 1)])),
    ratio: {
      preload_off: round(med('preload_off') / med('node'), 3),
      moult_cold: round(med('moult_cold') / med('node'), 3),
      moult_cached: round(med('moult_cached') / med('node'), 3),
      tree_cold: round(med('tree_cold') / med('node'), 3),
      tree_cached: round(med('tree_cached') / med('node'), 3),
    },
    median_cpu_ms: Object.fromEntries(variants.map((v) => [v.name, round(cpu(v.name), 0)])),
    cpu_ratio: Object.fromEntries(variants.slice(1).map((v) => [v.name, round(cpu(v.name) / cpu('node'), 3)])),
    rss_mb: Object.fromEntries(variants.map((v) => [v.name, round(median(out[v.name].rss_kb) / 1024, 1)])),
    instrumented_modules: { own: median(out.moult_cold.modules), tree: median(out.tree_cold.modules) },
    skipped: { own: out.moult_cold.skipped.concat(out.moult_cached.skipped), tree: out.tree_cold.skipped.concat(out.tree_cached.skipped) },
  };
}

/**
 * Frames of each stack path under plain node and moult: its own packages instrumented (the
 * bench's setting), and the whole tree instrumented (issue 18 item 4).
 */
async function stacks(app, dir, tmp) {
  const grab = async (instrument) => {
    const withMoult = instrument !== undefined;
    const port = await freePort();
    const work = workDir(tmp, app, withMoult ? 'stack-moult' : 'stack-node');
    const ctx = { dir, port, work };
    const cacheDir = withMoult ? fs.mkdtempSync(path.join(tmp, 'stack-cache-')) : null;
    const env = { ...process.env, ...app.env(ctx), ...(withMoult ? moultEnv(instrument, cacheDir, path.join(work, 'moult-events.jsonl')) : {}) };
    const nodeArgs = ['--require', STACK_PROBE, ...(withMoult ? ['--require', PRELOAD] : [])];
    const s = await timeToFirstAnswer({ node, nodeArgs, entry: app.entry(dir), args: app.args(ctx), env, cwd: dir, port, urlPath: app.ready });
    try {
      const got = [];
      for (const st of app.stack) {
        // The second request: the first may take a path of its own (lazy set-up on first use).
        for (let i = 0; i < 2; i++) {
          if (st.kind === 'probe') got[app.stack.indexOf(st)] = await probedStack(port, st.path);
          else got[app.stack.indexOf(st)] = JSON.parse((await get(port, st.path)).body).stack;
        }
      }
      return got;
    } finally {
      await stop(s.child);
      fs.rmSync(work, { recursive: true, force: true });
    }
  };
  const plain = await grab(undefined);
  const own = await grab(app.instrument);
  const tree = await grab(WHOLE_TREE);
  return app.stack.map((st, i) => ({
    path: st.path, kind: st.kind, ...compareStacks(plain[i], own[i]), tree: compareStacks(plain[i], tree[i]),
    plain: plain[i], moult: own[i], moult_tree: tree[i],
  }));
}

function updateModule(u) {
  return [
    "const { SafeRedefineUpdate } = require('moult/runtime');",
    `module.exports = (ctx) => new SafeRedefineUpdate(null, ctx.fn(${JSON.stringify(u.file)}, ${JSON.stringify(u.name)}), ${u.replacement}, { name: 'bench-hot-${u.name}' });`,
    '',
  ].join('\n');
}

/** Runs one `moult update`/`moult patch` and checks what the brief asks: via slot, new answer, same pid. */
async function change(tool, home, appName, port, kind, c, file, args) {
  const [before] = (await tool.list()).filter((i) => i.name === appName);
  // The answer must not show the change before it is made (else the check below proves nothing).
  const bodyBefore = (await get(port, c.path)).body;
  await get(port, '/__gap/start');
  await sleep(150);
  const res = await tool.cli(args, { timeoutMs: 180_000 });
  await sleep(150);
  const gaps = JSON.parse((await get(port, '/__gap/stop')).body);
  const rec = updatesInLog(path.join(home, 'logs', 'moultd.log')).find((x) => x.file === file);
  const [after] = (await tool.list()).filter((i) => i.name === appName);
  let body = '';
  let changed = false;
  try {
    body = (await get(port, c.path)).body;
    changed = c.changed(body);
  } catch (err) { body = `(${err.message})`; }
  return {
    kind,
    exit: res.code,
    completed: res.code === 0 && /: completed/.test(res.stdout),
    via: rec?.via ?? null,
    answer_changed: changed && !c.changed(bodyBefore),
    same_pid: before?.pid === after?.pid && after?.status === 'online',
    pid_before: before?.pid, pid_after: after?.pid,
    ms: round(res.ms, 0),
    pause: rec?.events['update.completed'] ? pauseOf(rec, gaps) : null,
    output: (res.stdout + res.stderr).trim().slice(0, 2000),
    answer: body.slice(0, 300),
    answer_before: bodyBefore.slice(0, 300),
  };
}

async function underDaemon(app, dir, tmp, { rounds, seconds, connections }) {
  const home = path.join(tmp, `${app.name}-moult-home`);
  const tool = moult(home);
  const ports = { own: await freePort(), tree: await freePort(), node: await freePort() };
  const apps = [];
  for (const [name, instrument] of [['own', app.instrument], ['tree', WHOLE_TREE]]) {
    const work = workDir(tmp, app, `daemon-${name}`);
    const ctx = { dir, port: ports[name], work };
    apps.push({
      name, script: app.entry(dir), args: app.args(ctx), cwd: dir, env: app.env(ctx), kill_timeout: '3s', node_args: ['--require', PAUSE_PROBE],
      ...(instrument ? { updates: { instrument } } : {}),
    });
  }
  const eco = path.join(tmp, `${app.name}-eco.json`);
  fs.writeFileSync(eco, JSON.stringify({ apps }, null, 2));
  const plainWork = workDir(tmp, app, 'daemon-node');
  const plainCtx = { dir, port: ports.node, work: plainWork };
  const out = { ports };
  let plain = null;
  try {
    await tool.cliOk(['start', eco], { timeoutMs: 180_000 });
    plain = await timeToFirstAnswer({
      node, nodeArgs: ['--require', PAUSE_PROBE], entry: app.entry(dir), args: app.args(plainCtx), env: { ...process.env, ...app.env(plainCtx) }, cwd: dir, port: ports.node, urlPath: app.ready,
      asDaemonDoes: path.join(plainWork, 'node.log'),
    });
    for (const name of ['own', 'tree']) await waitAnswer(ports[name], app.ready, { timeoutMs: 300_000 });
    const list = await tool.list();
    const pids = { node: plain.child.pid, own: list.find((i) => i.name === 'own').pid, tree: list.find((i) => i.name === 'tree').pid };
    out.rss_mb_started = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, round(readRssKb(pid) / 1024, 1)]));
    // A short warm-up of each (JIT, lazy set-up), not counted.
    for (const name of ['node', 'own', 'tree']) await throughput(ports[name], app.load, { seconds: Math.min(2, seconds), connections });
    const rps = { node: [], own: [], tree: [] };
    const cpuPerReq = { node: [], own: [], tree: [] };
    const failed = { node: 0, own: 0, tree: 0 };
    const latency = { node: { p50: [], p99: [] }, own: { p50: [], p99: [] }, tree: { p50: [], p99: [] } };
    for (let r = 0; r < rounds; r++) {
      for (const name of rotate(['node', 'own', 'tree'], r)) {
        const t = await throughput(ports[name], app.load, { seconds, connections, pid: pids[name] });
        rps[name].push(t.rps);
        cpuPerReq[name].push(t.cpu_us_per_req);
        failed[name] += t.failed;
        latency[name].p50.push(t.p50_ms);
        latency[name].p99.push(t.p99_ms);
      }
      log(`  ${app.name} http round ${r + 1}/${rounds}: node ${rps.node.at(-1).toFixed(0)}, own ${rps.own.at(-1).toFixed(0)}, tree ${rps.tree.at(-1).toFixed(0)} req/s`);
    }
    const ratio = (k) => round(median(rps[k].map((x, i) => x / rps.node[i])), 3);
    // CPU per request, as a throughput ratio (node's CPU per request / the variant's): what the
    // server itself spends, less sensitive to other processes than req/s.
    const cpuRatio = (k) => round(median(cpuPerReq[k].map((x, i) => cpuPerReq.node[i] / x)), 3);
    out.http = {
      rps, failed, cpu_us_per_req: cpuPerReq,
      median_rps: Object.fromEntries(Object.entries(rps).map(([k, v]) => [k, round(median(v), 0)])),
      ratio: { own: ratio('own'), tree: ratio('tree') },
      // autocannon's latency (ms) at `connections` concurrent requests, median of the rounds.
      latency_ms: Object.fromEntries(Object.entries(latency).map(([k, v]) => [k, { p50: median(v.p50), p99: median(v.p99) }])),
      cpu_ratio: { own: cpuRatio('own'), tree: cpuRatio('tree') },
    };
    out.rss_mb_after_load = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, round(readRssKb(pid) / 1024, 1)]));
    out.skipped = fs.readFileSync(path.join(home, 'logs', 'moultd.log'), 'utf8').split('\n').filter((l) => l.includes('instrument.skipped')).map((l) => JSON.parse(l));

    // The hot update of an internal function, then the patch of a file (app `own`).
    const updFile = path.join(tmp, `${app.name}-update.js`);
    fs.writeFileSync(updFile, updateModule(app.update));
    out.update = await change(tool, home, 'own', ports.own, 'update', app.update, updFile, ['update', 'own', updFile]);
    log(`  ${app.name} update: ${JSON.stringify({ ...out.update, output: undefined, answer: undefined })}`);
    const patchDir = fs.mkdtempSync(path.join(tmp, `${app.name}-patch-`));
    const patchFile = path.join(patchDir, path.basename(app.patch.file));
    const original = path.join(dir, app.patch.file);
    fs.writeFileSync(patchFile, app.patch.edit(fs.readFileSync(original, 'utf8'), original));
    out.patch = await change(tool, home, 'own', ports.own, 'patch', app.patch, patchFile, ['patch', 'own', patchFile, '--target', app.patch.target]);
    log(`  ${app.name} patch: ${JSON.stringify({ ...out.patch, output: undefined, answer: undefined })}`);
  } finally {
    if (plain) await stop(plain.child);
    await tool.kill();
  }
  return out;
}

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'moult-real-apps-'));
  const cache = path.resolve(opt.cache);
  const monitor = loadMonitor();
  const results = { node: process.version, apps: {} };
  try {
    for (const name of opt.apps.split(',')) {
      const app = APPS.find((a) => a.name === name);
      if (!app) throw new Error(`--apps: no app named ${name}`);
      const dir = path.join(cache, app.name);
      if (!fs.existsSync(path.join(dir, '.installed'))) throw new Error(`${dir} is not installed (run.mjs installs it)`);
      const mark = monitor.mark();
      const r = { label: app.label };
      results.apps[name] = r;
      try {
        if (only.has('startup')) r.startup = await startup(app, dir, tmp, Number(opt['startup-rounds']));
        if (only.has('stack')) r.stack = await stacks(app, dir, tmp);
        if (only.has('daemon')) {
          r.daemon = await underDaemon(app, dir, tmp, { rounds: Number(opt['http-rounds']), seconds: Number(opt['http-seconds']), connections: Number(opt.connections) });
        }
      } catch (err) {
        r.error = err.stack ?? String(err);
        log(`  ${name} FAILED: ${r.error}`);
      }
      r.load = monitor.since(mark);
      await sleep(200);
    }
  } finally {
    monitor.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  process.stdout.write(JSON.stringify(results) + '\n');
}

runBench(main);
