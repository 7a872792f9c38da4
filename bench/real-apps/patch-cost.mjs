// Where the first `moult patch` of a big file spends its pause (BENCHMARKS.md section 7), in one
// fresh process, CPU time: loading the patch's top-level planner (runtime/patch/top-level.js, with
// what it imports), the parser's warm-up (several turns in the app), parsing the loaded and the
// patched source as preparse does (a turn each in the app), and then planTopLevel on them (in the
// apply's turn). Default file:
// Node-RED's Node.js with the bench's edit of Node.prototype.receive (installed by `npm run
// bench:real-apps`). `--runs N`: N fresh processes, medians (one process prints its own line).
//   node bench/real-apps/patch-cost.mjs [--file F --from TEXT --to TEXT]
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { ROOT, checkBuilt } from '../lib/supervisors.mjs';
import { DEFAULT_CACHE } from './install.mjs';

const { values: opt } = parseArgs({
  options: {
    file: { type: 'string', default: path.join(DEFAULT_CACHE, 'node-red', 'node_modules', '@node-red', 'runtime', 'lib', 'nodes', 'Node.js') },
    from: { type: 'string', default: '    this.emit("input",msg);\n};' },
    to: { type: 'string', default: '    if (this.type === "http response" && msg.payload && typeof msg.payload === "object") { msg.payload.patched = true; }\n    this.emit("input",msg);\n};' },
    runs: { type: 'string', default: '1' },
  },
});
const runs = Number(opt.runs);
if (runs > 1) {
  // Each run in a fresh process (what a first patch meets): medians of the CPU times.
  const { execFileSync } = await import('node:child_process');
  const { fileURLToPath } = await import('node:url');
  const args = ['--file', opt.file, '--from', opt.from, '--to', opt.to];
  const all = Array.from({ length: runs }, () => JSON.parse(execFileSync(process.execPath, [fileURLToPath(import.meta.url), ...args], { encoding: 'utf8' })));
  const median = (xs) => { const s = [...xs].sort((x, y) => x - y); return s[s.length >> 1]; };
  const keys = Object.keys(all[0].cpu_ms);
  console.log(JSON.stringify({ ...all[0], runs, cpu_ms: Object.fromEntries(keys.map((k) => [k, median(all.map((r) => r.cpu_ms[k]))])), samples: Object.fromEntries(keys.map((k) => [k, all.map((r) => r.cpu_ms[k])])) }));
  process.exit(0);
}
checkBuilt();
const require = createRequire(import.meta.url);
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const loaded = fs.readFileSync(opt.file, 'utf8');
const next = loaded.replace(opt.from, opt.to);
if (next === loaded) throw new Error(`${opt.file}: --from text not found`);

let t = cpu();
const { planTopLevel } = require(path.join(ROOT, 'dist', 'runtime', 'patch', 'top-level.js'));
const loadTop = cpu() - t;
const { parseSource } = require(path.join(ROOT, 'dist', 'runtime', 'patch', 'plan.js'));
// The warm-up the app runs before a patch, in turns of their own (host/update-prep.ts).
const { warmParser } = require(path.join(ROOT, 'dist', 'runtime', 'patch', 'preparse.js'));
t = cpu();
await warmParser(false);
const warmUp = cpu() - t;
t = cpu();
const a = parseSource('loaded', loaded, false);
const b = parseSource('next', next, false);
const parse = cpu() - t;
t = cpu();
// `statements`: the top-level statements of preparse's parse (a runtime before i15-perf3 ignores them and parses again).
planTopLevel(path.basename(opt.file), false, { source: loaded, tokens: a.tokens, functions: a.parsed.functions, statements: a.statements }, { source: next, tokens: b.tokens, functions: b.parsed.functions, statements: b.statements });
const plan = cpu() - t;
const meriyah = Object.keys(require.cache).filter((k) => k.includes(`${path.sep}meriyah${path.sep}`)).map((k) => path.basename(k));
console.log(JSON.stringify({
  node: process.version, file: opt.file, bytes: loaded.length,
  cpu_ms: { load_top_level: +loadTop.toFixed(1), warm_up: +warmUp.toFixed(1), parse_both: +parse.toFixed(1), plan_top_level: +plan.toFixed(1) },
  parser_builds_loaded: meriyah,
}));
