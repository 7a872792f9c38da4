// What the launch gate costs (daemon/instances/launch.ts, issue 16 item 7): an instance's process
// starts as /bin/sh waiting on a pipe and execs the app once the daemon has recorded its pid.
// Timed here from spawn() to the exit of `node -e 0` (a node start, the app's part), through the
// gate (released at once) against its anchor in the same run, the same spawn without the gate.
// Runs alternate. The record itself (state.json written whole with fsync) is not counted: the
// daemon wrote it before the gate too, only after the spawn.
// Usage: node bench/launch/run.mjs [--runs 40]
import path from 'node:path';
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { ROOT } from '../lib/supervisors.mjs';
import { fmt, machine, median, p90, table, writeJson } from '../lib/stats.mjs';

const { values: opt } = parseArgs({ options: { runs: { type: 'string', default: '40' }, out: { type: 'string', default: path.join(ROOT, 'bench', 'results', 'launch.json') } } });
const RUNS = Number(opt.runs);
const GATE = 'read -r go <&3 || exit 70; exec 3<&-; exec "$@"';

function once(gated) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = gated
      ? spawn('/bin/sh', ['-c', GATE, 'moult-launch', process.execPath, '-e', '0'], { detached: true, stdio: ['ignore', 'ignore', 'inherit', 'pipe'] })
      : spawn(process.execPath, ['-e', '0'], { detached: true, stdio: ['ignore', 'ignore', 'inherit'] });
    if (gated) child.stdio[3].end('go\n');
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(performance.now() - t0) : reject(new Error(`exit ${code}`))));
  });
}

const times = { 'node -e 0, spawned directly (anchor)': [], 'node -e 0, through the launch gate': [] };
for (let i = 0; i < RUNS; i++) {
  times['node -e 0, spawned directly (anchor)'].push(await once(false));
  times['node -e 0, through the launch gate'].push(await once(true));
}
console.log(table(['spawn to exit', 'median ms', 'p90 ms'], Object.entries(times).map(([k, xs]) => [k, fmt(median(xs), 2), fmt(p90(xs), 2)])));
const m = machine();
console.log(`\n${m.node}, ${m.cores} cores, load ${m.loadavg.join(' ')}`);
writeJson(opt.out, { machine: m, runs: RUNS, results: Object.fromEntries(Object.entries(times).map(([k, xs]) => [k, { median_ms: median(xs), p90_ms: p90(xs) }])) });
