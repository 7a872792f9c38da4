// CLI benchmark, moult vs pm2 side by side in one run:
//  (a) `ls` latency with 20 running apps (median, p90; runs alternate between the two tools),
//  (b) time to `start` 20 apps from an ecosystem file until all are online (cold daemon and warm),
//  (c) daemon RSS with 20 apps running, and above the RSS of a bare idle node process,
//  (d) `moult update` end to end on an idle app (spawn of the CLI to its exit, the update applied).
// `ls` is timed against `pm2 jlist` (pm2's fastest listing).
// Usage: node bench/cli/run.mjs [--ls-runs 30] [--rounds 3] [--apps 20] [--update-runs 20]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { onCleanup, runOk, start, stop, runBench } from '../lib/proc.mjs';
import { ROOT, checkBuilt, moult, pm2, readRssKb, waitOnline, writeEcosystem } from '../lib/supervisors.mjs';
import { fmt, machine, median, p90, round, sleep, table, writeJson } from '../lib/stats.mjs';

const { values: opt } = parseArgs({
  options: {
    'ls-runs': { type: 'string', default: '30' },
    rounds: { type: 'string', default: '3' },
    apps: { type: 'string', default: '20' },
    'update-runs': { type: 'string', default: '20' },
    out: { type: 'string', default: path.join(ROOT, 'bench', 'results', 'cli.json') },
  },
});
const LS_RUNS = Number(opt['ls-runs']);
const ROUNDS = Number(opt.rounds);
const APPS = Number(opt.apps);
const UPDATE_RUNS = Number(opt['update-runs']);

// (d): an idle app whose manager has a task, and an update that redefines one of its functions
// (a new name each time, so every run is a real update that completes).
const UPDATE_APP = `const { ThreadedManager, DsuTask } = require('moult/runtime');
function f() { return 1; }
const task = new DsuTask({ name: 'idle', main: async () => { for (;;) { await new Promise((r) => setTimeout(r, 1000)); f(); } } });
const manager = new ThreadedManager({ name: 'm', tasks: [task] });
module.exports = { f, task, manager };
task.start();
`;
const UPDATE_MODULE = `const { SafeRedefineUpdate } = require('moult/runtime');
module.exports = (ctx) => new SafeRedefineUpdate(ctx.main, ctx.main.f, function f() { return 2; }, { name: 'f' + process.hrtime.bigint(), tasks: [ctx.main.task] });
`;
const log = (s) => process.stderr.write(s + '\n');

/** Starts the ecosystem; times the start command's exit and the first listing with all online. */
async function timeStart(tool, eco) {
  const t0 = performance.now();
  const r = await tool.cliOk(['start', eco]);
  const online = await waitOnline(tool, APPS);
  return { command_ms: r.ms, all_online_ms: performance.now() - t0, pids: online.map((i) => i.pid) };
}

async function removeAll(tool) {
  await tool.cliOk(['delete', 'all']);
  for (let i = 0; i < 100; i++) {
    const apps = (await tool.list()).length;
    const procs = tool.processes().length; // the daemon alone is left
    if (apps === 0 && procs <= 1) return;
    await sleep(100);
  }
  throw new Error(`${tool.name}: apps still there after delete all`);
}

function appsRssKb(pids) {
  let sum = 0;
  for (const pid of pids) {
    try { sum += readRssKb(pid); } catch { /* gone */ }
  }
  return sum;
}

async function main() {
  checkBuilt();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'moult-bench-cli-'));
  onCleanup(() => fs.rmSync(tmp, { recursive: true, force: true })); // runs last, after the kills
  const appDir = path.join(tmp, 'apps');
  fs.mkdirSync(appDir);
  const script = path.join(appDir, 'idle.js');
  fs.writeFileSync(script, 'setInterval(() => {}, 1000);\n');
  const eco = writeEcosystem(path.join(appDir, 'ecosystem.json'), script, APPS);
  const tools = [moult(path.join(tmp, 'moult-home')), pm2(path.join(tmp, 'pm2-home'))];
  const res = Object.fromEntries(tools.map((t) => [t.name, { start_cold: [], start_warm: [], ls_ms: [] }]));
  const info = { machine: machine(), apps: APPS, ls_runs: LS_RUNS, rounds: ROUNDS, tmp };

  // (b) start: each round, per tool (order alternating): cold daemon, delete all, warm daemon, kill.
  for (let r = 0; r < ROUNDS; r++) {
    for (const tool of r % 2 ? [...tools].reverse() : tools) {
      await tool.kill();
      const cold = await timeStart(tool, eco);
      await removeAll(tool);
      const warm = await timeStart(tool, eco);
      await tool.kill();
      res[tool.name].start_cold.push(cold);
      res[tool.name].start_warm.push(warm);
      log(`round ${r + 1}/${ROUNDS} ${tool.name}: start cold ${fmt(cold.all_online_ms, 0)} ms, warm ${fmt(warm.all_online_ms, 0)} ms`);
    }
  }

  // Both running, 20 apps each, for ls latency and RSS.
  const pids = {};
  for (const tool of tools) pids[tool.name] = (await timeStart(tool, eco)).pids;
  await sleep(3000);
  for (const tool of tools) {
    res[tool.name].daemon_pid = tool.daemonPid();
    res[tool.name].daemon_rss_kb_settled = readRssKb(tool.daemonPid());
    res[tool.name].apps_rss_kb = appsRssKb(pids[tool.name]);
  }

  // (a) ls, alternating: two warm-up calls each, then LS_RUNS timed ones. Interleaved anchors:
  // a bare `node -e 0`, and a node that only loads moult's CLI modules (the floor of any verb).
  const floor = { node_e0_ms: [], moult_cli_load_ms: [] };
  const cliModule = JSON.stringify(path.join(ROOT, 'dist', 'client', 'cli.js'));
  for (let i = -2; i < LS_RUNS; i++) {
    for (const tool of i % 2 ? [...tools].reverse() : tools) {
      const r = await tool.cliOk([tool.name === 'pm2' ? 'jlist' : 'ls']);
      if (i >= 0) res[tool.name].ls_ms.push(r.ms);
    }
    if (i >= 0 && i % 3 === 0) {
      floor.node_e0_ms.push((await runOk(process.execPath, ['-e', '0'])).ms);
      floor.moult_cli_load_ms.push((await runOk(process.execPath, ['-e', `require(${cliModule})`])).ms);
    }
  }
  for (const tool of tools) res[tool.name].daemon_rss_kb_after_ls = readRssKb(tool.daemonPid());

  // (d) update latency, moult only (pm2 has no such verb): two warm-ups, then UPDATE_RUNS timed.
  const moultTool = tools.find((t) => t.name === 'moult');
  fs.writeFileSync(path.join(appDir, 'upd.js'), UPDATE_APP);
  fs.writeFileSync(path.join(appDir, 'update.js'), UPDATE_MODULE);
  await moultTool.cliOk(['start', path.join(appDir, 'upd.js')]);
  await waitOnline(moultTool, APPS + 1);
  res.moult.update_ms = [];
  floor.node_e0_update_ms = [];
  for (let i = -2; i < UPDATE_RUNS; i++) {
    const r = await moultTool.cliOk(['update', 'upd', path.join(appDir, 'update.js')]);
    if (i >= 0) res.moult.update_ms.push(r.ms);
    if (i >= 0) floor.node_e0_update_ms.push((await runOk(process.execPath, ['-e', '0'])).ms);
  }
  // The RSS floor of any Node.js daemon: a bare node process that only waits.
  const bare = start(process.execPath, ['-e', 'setInterval(() => {}, 1000)']);
  await sleep(1500);
  floor.bare_node_rss_kb = readRssKb(bare.pid);
  await stop(bare);
  for (const tool of tools) await tool.kill();
  info.machine.loadavg_end = os.loadavg().map((x) => round(x, 2));

  // Summary.
  const summary = {};
  for (const tool of tools) {
    const d = res[tool.name];
    summary[tool.name] = {
      ls_median_ms: median(d.ls_ms),
      ls_p90_ms: p90(d.ls_ms),
      start_warm_online_median_ms: median(d.start_warm.map((s) => s.all_online_ms)),
      start_warm_command_median_ms: median(d.start_warm.map((s) => s.command_ms)),
      start_cold_online_median_ms: median(d.start_cold.map((s) => s.all_online_ms)),
      daemon_rss_mb: d.daemon_rss_kb_settled / 1024,
      daemon_rss_after_ls_mb: d.daemon_rss_kb_after_ls / 1024,
      apps_rss_total_mb: d.apps_rss_kb / 1024,
      daemon_rss_above_bare_node_mb: (d.daemon_rss_kb_settled - floor.bare_node_rss_kb) / 1024,
      ...(d.update_ms ? { update_median_ms: median(d.update_ms), update_p90_ms: p90(d.update_ms) } : {}),
    };
  }
  const m = summary.moult;
  const p = summary.pm2;
  const targets = {
    ls_median_at_most_half_of_pm2: m.ls_median_ms <= p.ls_median_ms / 2,
    daemon_rss_at_most_half_of_pm2: m.daemon_rss_mb <= p.daemon_rss_mb / 2,
    daemon_rss_above_bare_node_at_most_half_of_pm2: m.daemon_rss_above_bare_node_mb <= p.daemon_rss_above_bare_node_mb / 2,
    update_median_under_100_ms: m.update_median_ms < 100,
  };
  const rows = [
    ['ls latency (moult ls / pm2 jlist), median (ms)', 'ls_median_ms', 0, 'moult <= 0.5x pm2', targets.ls_median_at_most_half_of_pm2],
    ['ls latency, p90 (ms)', 'ls_p90_ms', 0],
    [`start ${APPS} apps, warm daemon, until all online (ms)`, 'start_warm_online_median_ms', 0],
    [`start ${APPS} apps, warm daemon, command exit (ms)`, 'start_warm_command_median_ms', 0],
    [`start ${APPS} apps, cold daemon, until all online (ms)`, 'start_cold_online_median_ms', 0],
    [`daemon RSS, ${APPS} apps, settled (MB)`, 'daemon_rss_mb', 1, 'moult <= 0.5x pm2', targets.daemon_rss_at_most_half_of_pm2],
    [`daemon RSS above a bare idle node (MB)`, 'daemon_rss_above_bare_node_mb', 1, 'moult <= 0.5x pm2', targets.daemon_rss_above_bare_node_at_most_half_of_pm2],
    [`daemon RSS after ${LS_RUNS + 2} ls (MB)`, 'daemon_rss_after_ls_mb', 1],
    [`apps RSS, sum of ${APPS} (MB, info)`, 'apps_rss_total_mb', 0],
  ].map(([label, key, digits, target = '', met]) => [
    label, fmt(m[key], digits), fmt(p[key], digits), fmt(m[key] / p[key], 2), target, target ? (met ? 'met' : 'NOT met') : '',
  ]);
  console.log(`\nmoult vs pm2, ${APPS} trivial apps; node ${info.machine.node}, ${info.machine.cores} cores, load ${info.machine.loadavg.join(' ')} -> ${info.machine.loadavg_end.join(' ')}`);
  console.log(table(['metric', 'moult', 'pm2', 'moult/pm2', 'target', ''], rows));
  console.log(`moult update on an idle app, end to end: median ${fmt(m.update_median_ms, 0)} ms, p90 ${fmt(m.update_p90_ms, 0)} ms (target < 100 ms median: ${targets.update_median_under_100_ms ? 'met' : 'NOT met'}); node -e 0 in between: median ${fmt(median(floor.node_e0_update_ms), 0)} ms`);
  const fl = (summary.floor = { node_e0_median_ms: median(floor.node_e0_ms), moult_cli_load_median_ms: median(floor.moult_cli_load_ms), bare_node_rss_mb: floor.bare_node_rss_kb / 1024 });
  console.log(`floors: node -e 0 ${fmt(fl.node_e0_median_ms, 0)} ms, node loading moult's CLI modules ${fmt(fl.moult_cli_load_median_ms, 0)} ms (medians); RSS of a bare idle node process ${fmt(fl.bare_node_rss_mb, 1)} MB`);
  writeJson(opt.out, { ...info, summary, targets, raw: { ...res, floor } });
  console.log(`\nwrote ${path.relative(process.cwd(), opt.out)}`);
}

runBench(main);
