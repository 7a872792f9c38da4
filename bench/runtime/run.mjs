// Runtime benchmark: moult's runtime against plain node, in the same run.
// The runtime v2 suite (issue 7), the default; writes bench/results/runtime-v2-<node major>.json:
//  pause    event-loop pause of `moult update` (SafeRedefineUpdate of an exported helper) and of
//           `moult patch` (the helper's module), app under the daemon holding 1 000 000 objects,
//           by the app's own gap monitor; anchor: a no-op update through the same path
//  first    the pause of the first update / patch / no-op update of a process (each command on
//           a freshly restarted app, no update replayed), same app and monitor as pause
//  http     steady-state req/s, instrumentation on (`--require preload`) vs plain node, same app
//  hot      CPU-bound hot path (fib + small method calls), instrumented vs MOULT_INSTRUMENT=false
//           vs plain node
//  after-update  a tight loop over small functions and methods (and a small async function in a
//           loop) once every one of them was redefined through its slot, vs the same instrumented
//           and not redefined, vs plain node (issue 15, item 5)
//  startup  an app of 200 generated modules: first output line, preload (cache filled / none / off)
//           and the instrumented code alone (precomputed) vs plain node; and the split of the cost
//           (parse, transform, compile, cache read, holders, preload fixed, the code itself), CPU
//  eager    EagerConversionUpdate of 1 000 000 objects (anchor: the plain loop), and where its time
//           goes (Runtime.queryObjects, fetching its result, converting, alternatives)
// The earlier suite (section 2 of BENCHMARKS.md) is still there: --only a,b,c,d (then the default
// output is bench/results/runtime.json):
//  (a) steady-state overhead: req/s of a keep-alive HTTP server, `--require preload` vs plain node
//  (b) update pause: longest event-loop block while an update applies, inside the app
//  (c) end-to-end `moult update` latency (a redefinition on an idle app) vs `node -e 0`
//  (d) startup cost of the preload: time to the first stdout line of a trivial app
// Usage: node bench/runtime/run.mjs [--only pause,first,http,hot,after-update,startup,eager] [--express DIR|none]
//        [--pause-rounds 7] [--first-rounds 5] [--objects 1000000] [--http-rounds 7] [--http-seconds 4] [--conns 16]
//        [--hot-runs 11] [--after-runs 11] [--startup-runs 15] [--split-runs 5] [--eager-reps 3] [--eager-n 1000000]
//        [--out FILE]   (v1 parts: [--pause-reps 3] [--updates 10] [--startup-runs 20])
// Express 5: --express DIR (a folder holding express's package.json), else node_modules/express of
// the repo if it is there, else the app is a plain node:http server (the results say which).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { onCleanup, runBench } from '../lib/proc.mjs';
import { PRELOAD, ROOT, checkBuilt } from '../lib/supervisors.mjs';
import { fmt, machine, median, round, table, writeJson } from '../lib/stats.mjs';
import { httpOverhead, startupCost, updateLatency, updatePauses } from '../lib/runtime-measures.mjs';
import { V2, afterUpdate, daemonPauses, eagerConversion, findExpress, hotPath, startup200 } from '../lib/runtime-v2.mjs';
import { loadMonitor } from '../lib/load.mjs';

const V2_PARTS = ['pause', 'first', 'http', 'hot', 'after-update', 'startup', 'eager'];
const { values: opt } = parseArgs({
  options: {
    only: { type: 'string', default: V2_PARTS.join(',') },
    express: { type: 'string' },
    'pause-rounds': { type: 'string', default: '7' },
    'first-rounds': { type: 'string', default: '5' },
    objects: { type: 'string', default: '1000000' },
    'http-rounds': { type: 'string' },
    'http-seconds': { type: 'string' },
    conns: { type: 'string', default: '16' },
    'hot-runs': { type: 'string', default: '11' },
    'after-runs': { type: 'string', default: '11' },
    'startup-runs': { type: 'string' },
    'split-runs': { type: 'string', default: '5' },
    'eager-reps': { type: 'string', default: '3' },
    'eager-n': { type: 'string', default: '1000000' },
    'pause-reps': { type: 'string', default: '3' },
    updates: { type: 'string', default: '10' },
    out: { type: 'string' },
  },
});
const major = process.versions.node.split('.')[0];
const v1 = opt.only.split(',').some((p) => ['a', 'b', 'c', 'd'].includes(p));
opt.out ??= path.join(ROOT, 'bench', 'results', v1 ? 'runtime.json' : `runtime-v2-${major}.json`);
opt['http-seconds'] ??= v1 ? '5' : '4';
opt['http-rounds'] ??= v1 ? '5' : '7';
opt['startup-runs'] ??= v1 ? '20' : '15';
const only = new Set(opt.only.split(','));
const log = (s) => process.stderr.write(s + '\n');
const med = (xs, key) => median(key ? xs.map((x) => x[key]) : xs);

/** A row: label, moult's value, the anchor's, the ratio, the target, and whether it is met. */
function row(label, value, anchor, digits, target = '', met = undefined, ratio = Number.isFinite(anchor) && anchor !== 0 ? value / anchor : NaN) {
  return [label, fmt(value, digits), fmt(anchor, digits), Number.isFinite(ratio) ? fmt(ratio, 3) : '-', target, met === undefined ? '' : met ? 'met' : 'NOT met'];
}

async function main() {
  checkBuilt();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'moult-bench-rt-'));
  onCleanup(() => fs.rmSync(tmp, { recursive: true, force: true })); // runs last, after the kills
  const info = { machine: machine(), options: opt, tmp, preload: PRELOAD };
  const raw = {};
  const summary = {};
  const targets = {};
  const rows = [];
  const load = loadMonitor();
  const part = async (name, fn) => {
    const mark = load.mark();
    await fn();
    (info.load ??= {})[name] = load.since(mark);
    log(`  ${name}: load ${info.load[name].loadavg_start} -> ${info.load[name].loadavg_end}, machine busy ${fmt(info.load[name].busy_pct_median, 0)}% (median of 5 s samples)`);
  };
  const express = findExpress(opt.express);
  info.express = express;

  if (only.has('pause')) await part('pause', async () => {
    log(`pause: 1 + ${opt['pause-rounds']} rounds of noop / update / patch under moultd, ${opt.objects} objects, ${express ? 'express' : 'node:http'}`);
    const p = (raw.pause = await daemonPauses({ tmp, rounds: Number(opt['pause-rounds']), objects: Number(opt.objects), express }));
    const of = (kind, first) => p.samples.filter((x) => x.kind === kind && (first ? x.round === 0 : x.round > 0));
    const sum = (xs) => ({
      pause_ms: med(xs, 'pause_ms'), pause_cpu_ms: med(xs, 'pause_cpu_ms'), pause_wait_ms: med(xs, 'pause_wait_ms'), pause_max_ms: Math.max(...xs.map((x) => x.pause_ms)),
      own_pause_ms: med(xs, 'own_pause_ms'), own_pause_cpu_ms: med(xs, 'own_pause_cpu_ms'), pause_gc_ms: med(xs, 'pause_gc_ms'),
      span_max_gap_ms: med(xs, 'span_max_gap_ms'), received_to_completed_ms: med(xs, 'received_to_completed_ms'), cli_ms: med(xs, 'cli_ms'),
      via: [...new Set(xs.map((x) => x.via))].join(','), n: xs.length,
    });
    const sp = (summary.pause = { app: p.app, noop: sum(of('noop')), update: sum(of('update')), patch: sum(of('patch')), first: { noop: sum(of('noop', true)), update: sum(of('update', true)), patch: sum(of('patch', true)) } });
    targets.pause_update_under_2ms = sp.update.pause_ms < 2;
    targets.pause_patch_under_2ms = sp.patch.pause_ms < 2;
    const what = `${p.app.framework}, ${p.app.objects} objects`;
    rows.push(row(`pause: moult update, SafeRedefine of helper (${what}) (ms; anchor: no-op update)`, sp.update.pause_ms, sp.noop.pause_ms, 2, '< 2 ms', targets.pause_update_under_2ms));
    rows.push(row('pause: moult patch of the helper\'s module (ms; anchor: no-op update)', sp.patch.pause_ms, sp.noop.pause_ms, 2, '< 2 ms', targets.pause_patch_under_2ms));
    rows.push(row('pause: ... of that gap, run-queue wait (other processes), update / patch (ms)', sp.update.pause_wait_ms, sp.patch.pause_wait_ms, 2, '', undefined, NaN));
    rows.push(row('pause: own pause (longest gap less run-queue wait), update (anchor: no-op) (ms)', sp.update.own_pause_ms, sp.noop.own_pause_ms, 2, '< 2 ms', sp.update.own_pause_ms < 2));
    rows.push(row('pause: own pause, patch (anchor: no-op) (ms)', sp.patch.own_pause_ms, sp.noop.own_pause_ms, 2, '< 2 ms', sp.patch.own_pause_ms < 2));
    rows.push(row('pause: ... worst of the rounds, update / patch (ms)', sp.update.pause_max_ms, sp.patch.pause_max_ms, 2, '', undefined, NaN));
    rows.push(row('pause: first update / first patch in the process (ms, info)', sp.first.update.pause_ms, sp.first.patch.pause_ms, 2, '', undefined, NaN));
    rows.push(row('pause: update.received -> completed, update / patch (ms, info)', sp.update.received_to_completed_ms, sp.patch.received_to_completed_ms, 0, '', undefined, NaN));
    rows.push(row('pause: CLI spawn -> exit, update / patch (ms, info)', sp.update.cli_ms, sp.patch.cli_ms, 0, '', undefined, NaN));
  });

  if (only.has('first')) await part('first', async () => {
    log(`first: ${opt['first-rounds']} rounds of noop / update / patch, each the first command of a new process (moult restart before it, no replay), ${opt.objects} objects, ${express ? 'express' : 'node:http'}`);
    const p = (raw.first = await daemonPauses({ tmp, rounds: Number(opt['first-rounds']) - 1, objects: Number(opt.objects), express, fresh: true }));
    const of = (kind) => p.samples.filter((x) => x.kind === kind);
    const sum = (xs) => ({
      pause_ms: med(xs, 'pause_ms'), pause_max_ms: Math.max(...xs.map((x) => x.pause_ms)), own_pause_ms: med(xs, 'own_pause_ms'),
      pause_wait_ms: med(xs, 'pause_wait_ms'), pause_gc_ms: med(xs, 'pause_gc_ms'), received_to_completed_ms: med(xs, 'received_to_completed_ms'),
      gaps_over_1ms: med(xs, 'gaps_over_1ms_in_window'), via: [...new Set(xs.map((x) => x.via))].join(','), n: xs.length,
    });
    const sf = (summary.first = { app: p.app, noop: sum(of('noop')), update: sum(of('update')), patch: sum(of('patch')) });
    targets.first_update_under_5ms = sf.update.pause_ms < 5;
    targets.first_patch_under_5ms = sf.patch.pause_ms < 5;
    const what = `${p.app.framework}, ${p.app.objects} objects`;
    rows.push(row(`first pause: first moult update of a process, SafeRedefine (${what}) (ms; anchor: a first no-op update)`, sf.update.pause_ms, sf.noop.pause_ms, 2, '< 5 ms', targets.first_update_under_5ms));
    rows.push(row('first pause: first moult patch of a process (ms; anchor: a first no-op update)', sf.patch.pause_ms, sf.noop.pause_ms, 2, '< 5 ms', targets.first_patch_under_5ms));
    rows.push(row('first pause: own (longest gap less run-queue wait), update / patch (ms)', sf.update.own_pause_ms, sf.patch.own_pause_ms, 2, '', undefined, NaN));
    rows.push(row('first pause: own, no-op / GC inside the longest gap, update (ms)', sf.noop.own_pause_ms, sf.update.pause_gc_ms, 2, '', undefined, NaN));
    rows.push(row('first pause: worst of the rounds, update / patch (ms)', sf.update.pause_max_ms, sf.patch.pause_max_ms, 2, '', undefined, NaN));
    rows.push(row('first pause: update.received -> completed, update / patch (ms, info)', sf.update.received_to_completed_ms, sf.patch.received_to_completed_ms, 0, '', undefined, NaN));
  });

  if (only.has('http')) await part('http', async () => {
    log(`http: ${opt['http-rounds']} rounds, 3 servers loaded in turn (250 ms slices), ${opt['http-seconds']} s of load each, ${opt.conns} connections, ${express ? 'express' : 'node:http'}`);
    const app = path.join(V2, 'app.js');
    const variants = [
      { name: 'node', args: [app] },
      { name: 'instrumented', args: ['--require', PRELOAD, app] },
      { name: 'uninstrumented', args: ['--require', PRELOAD, app], env: { MOULT_INSTRUMENT: 'false' } },
    ];
    const env = { BENCH_OBJECTS: '1000', ...(express ? { BENCH_EXPRESS: express } : {}) };
    const h = (raw.http_v2 = await httpOverhead({ tmp, rounds: Number(opt['http-rounds']), durationMs: Number(opt['http-seconds']) * 1000, conns: Number(opt.conns), server: app, variants, env }));
    const paired = (xs, base) => median(xs.map((x, i) => x / base[i]));
    const s = h.rps;
    const c = h.cpu_us_per_req;
    const sh = (summary.http_v2 = {
      framework: express ? 'express' : 'node:http',
      node_rps: med(s.node), instrumented_rps: med(s.instrumented), uninstrumented_rps: med(s.uninstrumented),
      instrumented_ratio: paired(s.instrumented, s.node), uninstrumented_ratio: paired(s.uninstrumented, s.node),
      node_cpu_us: med(c.node), instrumented_cpu_us: med(c.instrumented), instrumented_cpu_efficiency: paired(c.node, c.instrumented),
    });
    targets.http_instrumented_at_least_99pct = sh.instrumented_ratio >= 0.99;
    rows.push(row(`http: req/s, instrumented (anchor: plain node) (${sh.framework})`, sh.instrumented_rps, sh.node_rps, 0, '>= 0.99', targets.http_instrumented_at_least_99pct, sh.instrumented_ratio));
    rows.push(row('http: req/s, preload with MOULT_INSTRUMENT=false (info)', sh.uninstrumented_rps, sh.node_rps, 0, '', undefined, sh.uninstrumented_ratio));
    rows.push(row('http: server CPU us/request, instrumented (ratio node/moult)', sh.instrumented_cpu_us, sh.node_cpu_us, 2, '', undefined, sh.instrumented_cpu_efficiency));
  });

  if (only.has('hot')) await part('hot', async () => {
    log(`hot: ${opt['hot-runs']} runs x 4 variants, interleaved`);
    const hh = (raw.hot = await hotPath({ runs: Number(opt['hot-runs']) }));
    // Time ratios as speed: anchor time / variant time, per run (same run = same machine phase).
    // CPU time (the process's on Node 20, the thread's on 22+) is the primary measure: on a loaded
    // machine the wall time mostly measures the other processes.
    const paired = (xs, base) => median(xs.map((x, i) => base[i] / x));
    const sum = (h) => ({
      node_ms: med(h.node), uninstrumented_ms: med(h.uninstrumented), instrumented_ms: med(h.instrumented), redefined_ms: med(h.redefined),
      instrumented_vs_uninstrumented: paired(h.instrumented, h.uninstrumented), instrumented_vs_node: paired(h.instrumented, h.node),
      redefined_vs_node: paired(h.redefined, h.node),
    });
    const sh = (summary.hot = { cpu: sum(hh.cpu_ms), wall: sum(hh.wall_ms) });
    targets.hot_instrumented_at_least_97pct = sh.cpu.instrumented_vs_uninstrumented >= 0.97;
    targets.hot_instrumented_vs_node_at_least_97pct = sh.cpu.instrumented_vs_node >= 0.97;
    rows.push(row('hot: CPU ms per iteration, instrumented (anchor: MOULT_INSTRUMENT=false; ratio = speed)', sh.cpu.instrumented_ms, sh.cpu.uninstrumented_ms, 1, '>= 0.97', targets.hot_instrumented_at_least_97pct, sh.cpu.instrumented_vs_uninstrumented));
    rows.push(row('hot: CPU ms per iteration, instrumented (anchor: plain node)', sh.cpu.instrumented_ms, sh.cpu.node_ms, 1, '>= 0.97', targets.hot_instrumented_vs_node_at_least_97pct, sh.cpu.instrumented_vs_node));
    rows.push(row('hot: wall ms per iteration, instrumented (anchor: MOULT_INSTRUMENT=false) (info)', sh.wall.instrumented_ms, sh.wall.uninstrumented_ms, 1, '', undefined, sh.wall.instrumented_vs_uninstrumented));
    rows.push(row('hot: wall ms per iteration, instrumented (anchor: plain node) (info)', sh.wall.instrumented_ms, sh.wall.node_ms, 1, '', undefined, sh.wall.instrumented_vs_node));
    rows.push(row('hot: CPU ms, sq + Vec#dot redefined (info; anchor: plain node)', sh.cpu.redefined_ms, sh.cpu.node_ms, 1, '', undefined, sh.cpu.redefined_vs_node));
  });

  if (only.has('after-update')) await part('after-update', async () => {
    log(`after-update: ${opt['after-runs']} runs x 6 variants (sync / async loop x plain node, instrumented, redefined), interleaved`);
    const a = (raw.after_update = await afterUpdate({ runs: Number(opt['after-runs']) }));
    const c = a.cpu_ms;
    // Speed ratios per run (anchor time / variant time): the same machine phase.
    const speed = (xs, base) => median(xs.map((x, i) => base[i] / x));
    const sa = (summary.after_update = Object.fromEntries(['sync', 'async'].map((m) => [m, {
      node_ms: med(c[`${m}_node`]), instrumented_ms: med(c[`${m}_instrumented`]), redefined_ms: med(c[`${m}_redefined`]),
      instrumented_vs_node: speed(c[`${m}_instrumented`], c[`${m}_node`]), redefined_vs_node: speed(c[`${m}_redefined`], c[`${m}_node`]),
      redefined_vs_instrumented: speed(c[`${m}_redefined`], c[`${m}_instrumented`]),
    }])));
    targets.after_update_sync_at_least_90pct = sa.sync.redefined_vs_node >= 0.9;
    rows.push(row(`after update: tight loop over 5 redefined small functions and methods, CPU ms (anchor: plain node; ratio = speed)`, sa.sync.redefined_ms, sa.sync.node_ms, 2, '>= 0.9', targets.after_update_sync_at_least_90pct, sa.sync.redefined_vs_node));
    rows.push(row('after update: ... the same loop instrumented, nothing redefined (anchor: plain node)', sa.sync.instrumented_ms, sa.sync.node_ms, 2, '', undefined, sa.sync.instrumented_vs_node));
    rows.push(row('after update: ... redefined (anchor: instrumented, nothing redefined)', sa.sync.redefined_ms, sa.sync.instrumented_ms, 2, '', undefined, sa.sync.redefined_vs_instrumented));
    rows.push(row('after update: small async function awaited in a loop, redefined (anchor: plain node) (info)', sa.async.redefined_ms, sa.async.node_ms, 1, '', undefined, sa.async.redefined_vs_node));
    rows.push(row('after update: ... instrumented, nothing redefined (anchor: plain node) (info)', sa.async.instrumented_ms, sa.async.node_ms, 1, '', undefined, sa.async.instrumented_vs_node));
  });

  if (only.has('startup')) await part('startup', async () => {
    log(`startup: 200 generated modules, ${opt['startup-runs']} rounds x 5 variants, split ${opt['split-runs']} runs x 7 modes`);
    const st = (raw.startup200 = await startup200({ tmp, rounds: Number(opt['startup-runs']), splitRuns: Number(opt['split-runs']) }));
    const f = st.first_line_ms;
    const c = st.cpu_to_first_line_ms;
    const sp = st.split;
    // The split in CPU time (cold: the first pass, what a start pays), each part in fresh processes.
    const cpu = (m) => med(sp[m], 'cold_cpu_ms');
    const per = (xs) => median(xs.map((x, i) => x / f.node[i]));
    const cper = (xs) => median(xs.map((x, i) => x / c.node[i]));
    const ss = (summary.startup200 = {
      modules: st.app.count, bytes: st.app.bytes, parser: sp.parse[0]?.parser,
      node_ms: med(f.node), preload_ms: med(f.preload), preload_cached_ms: med(f.preload_cached), preload_uninstrumented_ms: med(f.preload_uninstrumented), precomputed_ms: med(f.precomputed),
      ratio: per(f.preload), cached_ratio: per(f.preload_cached), uninstrumented_ratio: per(f.preload_uninstrumented), precomputed_ratio: per(f.precomputed),
      node_cpu_ms: med(c.node), preload_cpu_ms: med(c.preload), preload_cached_cpu_ms: med(c.preload_cached), preload_uninstrumented_cpu_ms: med(c.preload_uninstrumented), precomputed_cpu_ms: med(c.precomputed),
      cpu_ratio: cper(c.preload), cached_cpu_ratio: cper(c.preload_cached), uninstrumented_cpu_ratio: cper(c.preload_uninstrumented), precomputed_cpu_ratio: cper(c.precomputed),
      parse_cpu_ms: cpu('parse'), instrument_cpu_ms: cpu('instrument'), parse_acorn_cpu_ms: cpu('parse_acorn'),
      compile_original_cpu_ms: cpu('compile_original'), compile_instrumented_cpu_ms: cpu('compile_instrumented'),
      cache_read_cpu_ms: cpu('cache_read'), holders_cpu_ms: cpu('holders'),
      parse_warm_ms: med(sp.parse, 'warm_ms'), instrument_warm_ms: med(sp.instrument, 'warm_ms'),
      bytes_instrumented: sp.instrument[0]?.bytes_out,
    });
    ss.transform_cpu_ms = ss.instrument_cpu_ms - ss.parse_cpu_ms;
    ss.extra_cpu_ms = ss.preload_cpu_ms - ss.node_cpu_ms;
    ss.cached_extra_cpu_ms = ss.preload_cached_cpu_ms - ss.node_cpu_ms;
    ss.preload_fixed_cpu_ms = ss.preload_uninstrumented_cpu_ms - ss.node_cpu_ms;
    ss.code_itself_cpu_ms = ss.precomputed_cpu_ms - ss.node_cpu_ms;
    targets.startup200_cached_at_most_115pct = ss.cached_ratio <= 1.15;
    targets.startup200_at_most_150pct = ss.ratio <= 1.5;
    rows.push(row(`startup, ${ss.modules} modules: first line, preload with its cache filled (as under moultd) (anchor: plain node) (ms)`, ss.preload_cached_ms, ss.node_ms, 0, '<= 1.15', targets.startup200_cached_at_most_115pct, ss.cached_ratio));
    rows.push(row('startup: first line, preload, no cache (an app\'s first start) (ms)', ss.preload_ms, ss.node_ms, 0, '<= 1.5', targets.startup200_at_most_150pct, ss.ratio));
    rows.push(row('startup: CPU ms to first line, cache filled (anchor: plain node)', ss.preload_cached_cpu_ms, ss.node_cpu_ms, 0, '<= 1.15', ss.cached_cpu_ratio <= 1.15, ss.cached_cpu_ratio));
    rows.push(row('startup: CPU ms to first line, no cache (anchor: plain node)', ss.preload_cpu_ms, ss.node_cpu_ms, 0, '<= 1.5', ss.cpu_ratio <= 1.5, ss.cpu_ratio));
    rows.push(row('startup: CPU, preload with MOULT_INSTRUMENT=false (info)', ss.preload_uninstrumented_cpu_ms, ss.node_cpu_ms, 0, '', undefined, ss.uninstrumented_cpu_ratio));
    rows.push(row('startup: CPU, the instrumented code alone, precomputed, no runtime (floor, info)', ss.precomputed_cpu_ms, ss.node_cpu_ms, 0, '', undefined, ss.precomputed_cpu_ratio));
    rows.push(row(`startup: split (CPU ms, 200 modules, cold): parse (${ss.parser}) (anchor: no-cache extra)`, ss.parse_cpu_ms, ss.extra_cpu_ms, 1));
    rows.push(row('startup: ... transform (instrument() minus parse) (anchor: no-cache extra)', ss.transform_cpu_ms, ss.extra_cpu_ms, 1));
    rows.push(row('startup: ... compile, instrumented code (anchor: original code)', ss.compile_instrumented_cpu_ms, ss.compile_original_cpu_ms, 1));
    rows.push(row('startup: ... cache read: ids, keys, entries (anchor: cached extra)', ss.cache_read_cpu_ms, ss.cached_extra_cpu_ms, 1));
    rows.push(row('startup: ... holders and records (anchor: cached extra)', ss.holders_cpu_ms, ss.cached_extra_cpu_ms, 1));
    rows.push(row('startup: ... preload fixed, instrumentation off (anchor: cached extra)', ss.preload_fixed_cpu_ms, ss.cached_extra_cpu_ms, 1));
    rows.push(row('startup: ... running the instrumented code itself, precomputed - node (anchor: cached extra)', ss.code_itself_cpu_ms, ss.cached_extra_cpu_ms, 1));
    rows.push(row(`startup: parse cold, ${ss.parser} (anchor: acorn) (CPU ms, info)`, ss.parse_cpu_ms, ss.parse_acorn_cpu_ms, 0));
  });

  if (only.has('eager')) await part('eager', async () => {
    log(`eager: ${opt['eager-reps']} reps x (EagerConversionUpdate, plain loop, breakdown), n = ${opt['eager-n']}`);
    const e = (raw.eager = await eagerConversion({ tmp, reps: Number(opt['eager-reps']), n: Number(opt['eager-n']) }));
    const b = e.breakdown;
    const se = (summary.eager = {
      n: Number(opt['eager-n']),
      pause_ms: med(e.eager, 'max_gap_ms'), plain_loop_ms: med(e.plain, 'max_gap_ms'), apply_ms: med(e.eager, 'apply_ms'),
      ...Object.fromEntries(['gc_full', 'query_none_small_heap', 'query_none', 'query', 'query_gc', 'query_gcs', 'callfn_fetch', 'callfn_convert', 'getprops_per_1m_est', 'v8_query_count',
        'runtime_instances', 'runtime_eager', 'runtime_eager_gc', 'plain_loop', 'setproto_only', 'field_then_setproto', 'traverse'].map((k) => [`bare_${k}_ms`.replace('_ms_ms', '_ms'), med(b, k)])),
    });
    se.bare_convert_and_journal_ms = se.bare_runtime_eager_ms - se.bare_runtime_instances_ms;
    targets.eager_1m_pause_under_500ms = se.pause_ms < 500;
    rows.push(row(`eager: pause, EagerConversionUpdate of ${se.n} (anchor: plain loop) (ms)`, se.pause_ms, se.plain_loop_ms, 0, '< 500 ms', targets.eager_1m_pause_under_500ms));
    rows.push(row('eager bare: Runtime.queryObjects (anchor: same, no instance) (ms)', se.bare_query_ms, se.bare_query_none_ms, 0));
    rows.push(row('eager bare: ... of which GC inside it (anchor: one global.gc()) (ms)', se.bare_query_gc_ms, se.bare_gc_full_ms, 0));
    rows.push(row('eager bare: queryObjects on a small heap, before the objects (ms)', se.bare_query_none_small_heap_ms, NaN, 0));
    rows.push(row('eager bare: result to JS, one callFunctionOn (anchor: getProperties, est. 1M) (ms)', se.bare_callfn_fetch_ms, se.bare_getprops_per_1m_est_ms, 1));
    rows.push(row('eager bare: convert all in one callFunctionOn (anchor: plain loop) (ms)', se.bare_callfn_convert_ms, se.bare_plain_loop_ms, 0));
    rows.push(row('eager bare: runtime instancesOf / startEagerUpdate (ms)', se.bare_runtime_instances_ms, se.bare_runtime_eager_ms, 0, '', undefined, NaN));
    rows.push(row('eager bare: convert + journal = eager - instancesOf (anchor: plain loop) (ms)', se.bare_convert_and_journal_ms, se.bare_plain_loop_ms, 0));
    rows.push(row('eager bare: plain loop setPrototypeOf only / transformer first (ms)', se.bare_setproto_only_ms, se.bare_field_then_setproto_ms, 0, '', undefined, NaN));
    rows.push(row('eager bare: v8.queryObjects count / traverseHeap from the array (ms)', se.bare_v8_query_count_ms, se.bare_traverse_ms, 0, '', undefined, NaN));
  });

  if (only.has('a')) {
    log(`(a) http overhead: ${opt['http-rounds']} rounds, 3 servers loaded in turn (250 ms slices), ${opt['http-seconds']} s of load each, ${opt.conns} connections`);
    const h = (raw.http = await httpOverhead({ tmp, rounds: Number(opt['http-rounds']), durationMs: Number(opt['http-seconds']) * 1000, conns: Number(opt.conns) }));
    const s = h.rps;
    const c = h.cpu_us_per_req;
    // Other work on the box moves whole rounds up or down: ratios are medians of per-round ratios
    // (each variant against plain node in the same round). For CPU/request, node/variant.
    const paired = (xs, base) => median(xs.map((x, i) => x / base[i]));
    const sh = (summary.http = {
      node_rps: med(s.node), preload_rps: med(s.preload), preload_updated_rps: med(s.preload_updated),
      preload_ratio: paired(s.preload, s.node), preload_updated_ratio: paired(s.preload_updated, s.node),
      node_cpu_us: med(c.node), preload_cpu_us: med(c.preload), preload_updated_cpu_us: med(c.preload_updated),
      preload_cpu_efficiency: paired(c.node, c.preload), preload_updated_cpu_efficiency: paired(c.node, c.preload_updated),
    });
    targets.overhead_at_least_99pct = sh.preload_ratio >= 0.99;
    targets.overhead_cpu_at_least_99pct = sh.preload_cpu_efficiency >= 0.99;
    rows.push(row('(a) req/s, --require preload (anchor: node)', sh.preload_rps, sh.node_rps, 0, '>= 0.99', targets.overhead_at_least_99pct, sh.preload_ratio));
    rows.push(row('(a) req/s, preload + handler redefined (info)', sh.preload_updated_rps, sh.node_rps, 0, '', undefined, sh.preload_updated_ratio));
    rows.push(row('(a) server CPU us/request, preload (ratio node/moult)', sh.preload_cpu_us, sh.node_cpu_us, 2, '>= 0.99', targets.overhead_cpu_at_least_99pct, sh.preload_cpu_efficiency));
    rows.push(row('(a) server CPU us/request, preload + redefined (info)', sh.preload_updated_cpu_us, sh.node_cpu_us, 2, '', undefined, sh.preload_updated_cpu_efficiency));
  }

  if (only.has('b')) {
    log(`(b) update pauses: ${opt['pause-reps']} fresh processes per case`);
    const p = (raw.pause = await updatePauses({ tmp, reps: Number(opt['pause-reps']) }));
    const pick = (xs) => ({ pause_ms: med(xs, 'max_gap_ms'), loop_delay_max_ms: med(xs, 'loop_delay_max_ms'), total_ms: med(xs, 'total_ms'), idle_max_gap_ms: med(xs, 'idle_max_gap_ms'), sweep_ms: med(xs, 'sweep_ms'), rss_mb: med(xs, 'rss_mb') });
    summary.pause = Object.fromEntries(Object.entries(p).map(([k, xs]) => [k, pick(xs)]));
    const sp = summary.pause;
    targets.redefine_pause_under_2ms = sp.redefine_first.pause_ms < 2 && sp.redefine_second.pause_ms < 2;
    targets.lazy_1m_pause_under_2ms = sp.lazy_1m.pause_ms < 2;
    targets.eager_1m_pause_under_500ms = sp.eager_1m.pause_ms < 500;
    rows.push(row('(b) pause, SafeRedefine, first update in process (ms)', sp.redefine_first.pause_ms, NaN, 1, '< 2 ms', sp.redefine_first.pause_ms < 2));
    rows.push(row('(b) pause, SafeRedefine, second function (ms)', sp.redefine_second.pause_ms, NaN, 1, '< 2 ms', sp.redefine_second.pause_ms < 2));
    rows.push(row('(b) pause, SafeRedefine, same function again (ms)', sp.redefine_again.pause_ms, NaN, 1));
    rows.push(row('(b) pause, SafeRedefine, first, 1 000 000 objects on heap (ms)', sp.redefine_1m_first.pause_ms, NaN, 1));
    rows.push(row('(b) pause, Eager 100 000 (anchor: plain loop) (ms)', sp.eager_100k.pause_ms, sp.plain_100k.pause_ms, 1));
    rows.push(row('(b) pause, Eager 1 000 000 (anchor: plain loop) (ms)', sp.eager_1m.pause_ms, sp.plain_1m.pause_ms, 1, '< 500 ms', targets.eager_1m_pause_under_500ms));
    rows.push(row('(b) pause, Lazy 1 000 000 (anchor: plain loop) (ms)', sp.lazy_1m.pause_ms, sp.plain_1m.pause_ms, 2, '< 2 ms', targets.lazy_1m_pause_under_2ms));
    rows.push(row('(b) Lazy 1 000 000: first use of every object (ms, info)', sp.lazy_1m.sweep_ms, sp.plain_1m.sweep_ms, 0));
    rows.push(row('(b) idle event-loop noise floor, max gap in 200 ms (ms)', med(Object.values(p).flat(), 'idle_max_gap_ms'), NaN, 1));
  }

  if (only.has('c')) {
    log(`(c) moult update end to end: 1 + ${opt.updates} updates`);
    const u = (raw.update = await updateLatency({ tmp, updates: Number(opt.updates) }));
    summary.update = {
      median_ms: med(u.update_ms), first_ms: u.first_ms, node_e0_ms: med(u.node_e0_ms), cli_load_ms: med(u.cli_load_ms),
      daemon_received_to_completed_ms: med(u.daemon.slice(1), 'received_to_completed_ms'),
      app_queued_to_completed_ms: med(u.daemon.slice(1), 'queued_to_completed_ms'),
    };
    const su = summary.update;
    targets.update_e2e_median_under_100ms = su.median_ms < 100;
    rows.push(row('(c) moult update e2e, median (anchor: node -e 0) (ms)', su.median_ms, su.node_e0_ms, 0, '< 100 ms', targets.update_e2e_median_under_100ms));
    rows.push(row('(c) moult update e2e, first update of the app (ms)', su.first_ms, su.node_e0_ms, 0));
    rows.push(row('(c)   of which: loading the CLI modules (node -e require(cli))', su.cli_load_ms, su.node_e0_ms, 0));
    rows.push(row('(c)   of which: daemon, update.received -> completed (ms)', su.daemon_received_to_completed_ms, NaN, 0));
    rows.push(row('(c)   of which: app, update.queued -> completed (ms)', su.app_queued_to_completed_ms, NaN, 0));
  }

  if (only.has('d')) {
    log(`(d) startup: ${opt['startup-runs']} rounds x 3 variants`);
    const s = (raw.startup_ms = await startupCost({ tmp, rounds: Number(opt['startup-runs']) }));
    summary.startup = { node_ms: med(s.node), preload_ms: med(s.preload), preload_agent_ms: med(s.preload_agent) };
    summary.startup.preload_extra_ms = summary.startup.preload_ms - summary.startup.node_ms;
    summary.startup.preload_agent_extra_ms = summary.startup.preload_agent_ms - summary.startup.node_ms;
    targets.preload_startup_under_30ms_extra = summary.startup.preload_extra_ms < 30;
    const st = summary.startup;
    rows.push(row('(d) first line, --require preload (anchor: node) (ms)', st.preload_ms, st.node_ms, 1, '< +30 ms', targets.preload_startup_under_30ms_extra));
    rows.push(row('(d) first line, preload + agent socket, as under moultd (ms)', st.preload_agent_ms, st.node_ms, 1));
  }

  info.machine.loadavg_end = os.loadavg().map((x) => round(x, 2));
  info.load_overall = load.since(0);
  load.stop();
  console.log(`\nmoult runtime vs plain node; node ${info.machine.node}, ${info.machine.cores} cores, load ${info.machine.loadavg.join(' ')} -> ${info.machine.loadavg_end.join(' ')}, machine busy ${fmt(info.load_overall.busy_pct_median, 0)}% (median of 5 s samples, all processes)`);
  console.log(table(['metric', 'moult', 'anchor', 'ratio', 'target', ''], rows));
  writeJson(opt.out, { ...info, summary, targets, raw });
  console.log(`\nwrote ${path.relative(process.cwd(), opt.out)}`);
}

runBench(main);
