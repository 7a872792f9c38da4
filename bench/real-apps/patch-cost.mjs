// Where the first `moult patch` of a big file spends its pause (BENCHMARKS.md section 7), in one
// fresh process, CPU time: loading the patch's top-level planner (runtime/patch/top-level.js, with
// what it imports), parsing the loaded and the patched source as preparse does, and then
// planTopLevel on them (one turn of the apply). Default file: Node-RED's Node.js with the bench's
// edit of Node.prototype.receive (installed by `npm run bench:real-apps`).
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
  },
});
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
t = cpu();
const a = parseSource('loaded', loaded, false);
const b = parseSource('next', next, false);
const parse = cpu() - t;
t = cpu();
planTopLevel(path.basename(opt.file), false, { source: loaded, tokens: a.tokens, functions: a.parsed.functions }, { source: next, tokens: b.tokens, functions: b.parsed.functions });
const plan = cpu() - t;
const meriyah = Object.keys(require.cache).filter((k) => k.includes(`${path.sep}meriyah${path.sep}`)).map((k) => path.basename(k));
console.log(JSON.stringify({
  node: process.version, file: opt.file, bytes: loaded.length,
  cpu_ms: { load_top_level: +loadTop.toFixed(1), parse_both: +parse.toFixed(1), plan_top_level: +plan.toFixed(1) },
  parser_builds_loaded: meriyah,
}));
