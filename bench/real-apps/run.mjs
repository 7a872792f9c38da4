// Real apps under moult vs plain node (issue 15 "Real apps", issue 18 item 4):
//   npm run bench:real-apps [-- --quick] [--lines 20,26] [--apps node-red,verdaccio,nest]
//     [--only startup,stack,daemon] [--startup-rounds 5] [--http-rounds 5] [--http-seconds 5]
//     [--connections 10] [--cache DIR] [--out FILE]
// Installs Node-RED, verdaccio and the NestJS app (bench/real-apps/nest-app, compiled by tsc) from
// the npm registry into a cache folder outside the repo's tracked files (default .bench/real-apps/),
// then runs bench/real-apps/line.mjs once per Node line (scripts/node-line.sh), so that moult's CLI,
// its daemon and the apps all run on that line. Plain node and moult are measured in the same run,
// interleaved, and compared as ratios of medians (start-up) or medians of per-round ratios (HTTP).
// Writes bench/results/real-apps.json (every sample, the load) and prints the markdown table of
// BENCHMARKS.md's section. `--quick`: 2 start-up rounds, 2 HTTP rounds of 2 s (a smoke run).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { onCleanup, runBench, start } from '../lib/proc.mjs';
import { ROOT, checkBuilt } from '../lib/supervisors.mjs';
import { machine, writeJson } from '../lib/stats.mjs';
import { APPS } from './apps.mjs';
import { DEFAULT_CACHE, installApp } from './install.mjs';
import { markdown } from './report.mjs';

const { values: opt } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    lines: { type: 'string', default: '20,26' },
    apps: { type: 'string', default: APPS.map((a) => a.name).join(',') },
    only: { type: 'string', default: 'startup,stack,daemon' },
    'startup-rounds': { type: 'string' },
    'http-rounds': { type: 'string' },
    'http-seconds': { type: 'string' },
    connections: { type: 'string', default: '10' },
    cache: { type: 'string', default: DEFAULT_CACHE },
    out: { type: 'string', default: path.join(ROOT, 'bench', 'results', 'real-apps.json') },
  },
});
const log = (s) => process.stderr.write(s + '\n');
const knobs = {
  'startup-rounds': opt['startup-rounds'] ?? (opt.quick ? '2' : '5'),
  'http-rounds': opt['http-rounds'] ?? (opt.quick ? '2' : '5'),
  'http-seconds': opt['http-seconds'] ?? (opt.quick ? '2' : '5'),
  connections: opt.connections,
};

function nodeOfLine(major) {
  const dir = execFileSync(path.join(ROOT, 'scripts', 'node-line.sh'), [major], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  return path.join(dir, 'node');
}

/** Runs line.mjs under one Node line; resolves its JSON document (progress goes to our stderr). */
function runLine(nodeBin, cache) {
  const args = [path.join(ROOT, 'bench', 'real-apps', 'line.mjs'), '--cache', cache, '--apps', opt.apps, '--only', opt.only,
    ...Object.entries(knobs).flatMap(([k, v]) => [`--${k}`, v])];
  const child = start(nodeBin, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  // On Ctrl-C or an error, the child stops its own servers and daemons first (its SIGTERM handler),
  // before the cleanup's SIGKILL could orphan them.
  onCleanup(() => new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const t = setTimeout(resolve, 20_000);
    child.once('exit', () => { clearTimeout(t); resolve(); });
    child.kill('SIGTERM');
  }));
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => {
      const last = out.trim().split('\n').pop();
      try { resolve(JSON.parse(last)); } catch { reject(new Error(`${nodeBin} line.mjs exited ${code} without results`)); }
    });
  });
}

async function main() {
  checkBuilt();
  const cache = path.resolve(opt.cache);
  for (const name of opt.apps.split(',')) await installApp(name, cache, log);
  const results = { command: `node bench/real-apps/run.mjs ${process.argv.slice(2).join(' ')}`.trim(), knobs, machine: machine(), lines: {} };
  for (const major of opt.lines.split(',')) {
    const nodeBin = nodeOfLine(major);
    log(`Node ${major}: ${nodeBin}`);
    results.lines[major] = await runLine(nodeBin, cache);
    results.lines[major].uptime = fs.readFileSync('/proc/loadavg', 'utf8').trim();
    writeJson(opt.out, results);
  }
  results.machine.loadavg_end = fs.readFileSync('/proc/loadavg', 'utf8').trim();
  writeJson(opt.out, results);
  process.stdout.write(markdown(results) + '\n');
  log(`results: ${opt.out}`);
}

runBench(main);
