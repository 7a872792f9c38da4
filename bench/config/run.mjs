// What reading an ecosystem.config.js in a worker thread costs (config/js-config.ts, issue 16):
// loadEcosystem() of pm2's documented ecosystem.config.js, against its anchor in the same run, the
// same file read as pm2 reads it (require() in the process, what moult did before), and the same
// apps as ecosystem.json. Each is timed in a fresh `node` process (a CLI reads one file per run),
// alternating, from the process's start of the read to the validated result.
// Usage: node bench/config/run.mjs [--runs 30]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { ROOT } from '../lib/supervisors.mjs';
import { fmt, machine, median, p90, table, writeJson } from '../lib/stats.mjs';

const { values: opt } = parseArgs({ options: { runs: { type: 'string', default: '30' }, out: { type: 'string', default: path.join(ROOT, 'bench', 'results', 'config.json') } } });
const RUNS = Number(opt.runs);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'moult-bench-config-'));
for (const f of ['worker.js', 'api.js']) fs.writeFileSync(path.join(dir, f), 'setInterval(() => {}, 1000);\n');
const apps = [
  { name: 'worker', script: './worker.js', watch: true, env: { NODE_ENV: 'development' }, env_production: { NODE_ENV: 'production' } },
  { name: 'api-app', script: './api.js', instances: 4, exec_mode: 'cluster' },
];
fs.writeFileSync(path.join(dir, 'ecosystem.config.js'), `module.exports = ${JSON.stringify({ apps }, null, 2)};\n`);
fs.writeFileSync(path.join(dir, 'ecosystem.json'), JSON.stringify({ apps }, null, 2));

const ecosystem = path.join(ROOT, 'dist', 'config', 'ecosystem.js');
const probe = (body) => `const t0 = process.hrtime.bigint(); ${body}; process.stdout.write(String(Number(process.hrtime.bigint() - t0) / 1e6));`;
const cases = {
  'moult: ecosystem.config.js (worker thread)': probe(`require(${JSON.stringify(ecosystem)}).loadEcosystem(${JSON.stringify(path.join(dir, 'ecosystem.config.js'))})`),
  'anchor: require() of the same file (pm2; moult before)': probe(`require(${JSON.stringify(path.join(dir, 'ecosystem.config.js'))})`),
  'moult: the same apps as ecosystem.json': probe(`require(${JSON.stringify(ecosystem)}).loadEcosystem(${JSON.stringify(path.join(dir, 'ecosystem.json'))})`),
};
// Loading moult's config module is paid by every file kind alike: it is required before the clock starts.
const preload = ['--require', ecosystem];
const times = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
for (let i = 0; i < RUNS; i++) {
  for (const [name, code] of Object.entries(cases)) {
    const r = spawnSync(process.execPath, [...preload, '-e', code], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${name}: ${r.stderr}`);
    times[name].push(Number(r.stdout));
  }
}
fs.rmSync(dir, { recursive: true, force: true });
const rows = Object.entries(times).map(([name, xs]) => [name, fmt(median(xs), 2), fmt(p90(xs), 2)]);
console.log(table(['read of pm2\'s documented ecosystem file', 'median ms', 'p90 ms'], rows));
const m = machine();
console.log(`\n${m.node}, ${m.cores} cores, load ${m.loadavg.join(" ")}`);
writeJson(opt.out, { machine: m, runs: RUNS, results: Object.fromEntries(Object.entries(times).map(([k, xs]) => [k, { median_ms: median(xs), p90_ms: p90(xs) }])) });
