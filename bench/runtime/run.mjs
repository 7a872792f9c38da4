// Runtime benchmark: moult's runtime against plain node, in the same run.
//  (a) steady-state overhead: req/s of a keep-alive HTTP server, `--require preload` vs plain node
//  (b) update pause: longest event-loop block while an update applies, inside the app
//  (c) end-to-end `moult update` latency (a redefinition on an idle app) vs `node -e 0`
//  (d) startup cost of the preload: time to the first stdout line of a trivial app
// Usage: node bench/runtime/run.mjs [--http-rounds 5] [--http-seconds 5] [--conns 16]
//        [--pause-reps 3] [--updates 10] [--startup-runs 20] [--only a,b,c,d]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { onCleanup, runBench } from '../lib/proc.mjs';
import { ROOT, checkBuilt } from '../lib/supervisors.mjs';
import { fmt, machine, median, round, table, writeJson } from '../lib/stats.mjs';
import { httpOverhead, startupCost, updateLatency, updatePauses } from '../lib/runtime-measures.mjs';

const { values: opt } = parseArgs({
  options: {
    'http-rounds': { type: 'string', default: '5' },
    'http-seconds': { type: 'string', default: '5' },
    conns: { type: 'string', default: '16' },
    'pause-reps': { type: 'string', default: '3' },
    updates: { type: 'string', default: '10' },
    'startup-runs': { type: 'string', default: '20' },
    only: { type: 'string', default: 'a,b,c,d' },
    out: { type: 'string', default: path.join(ROOT, 'bench', 'results', 'runtime.json') },
  },
});
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
  const info = { machine: machine(), options: opt, tmp };
  const raw = {};
  const summary = {};
  const targets = {};
  const rows = [];

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
  console.log(`\nmoult runtime vs plain node; node ${info.machine.node}, ${info.machine.cores} cores, load ${info.machine.loadavg.join(' ')} -> ${info.machine.loadavg_end.join(' ')}`);
  console.log(table(['metric', 'moult', 'anchor', 'ratio', 'target', ''], rows));
  writeJson(opt.out, { ...info, summary, targets, raw });
  console.log(`\nwrote ${path.relative(process.cwd(), opt.out)}`);
}

runBench(main);
