// Parser benchmark for load-time instrumentation: acorn vs meriyah vs oxc-parser, in the same run.
//  speed:     parse (to a JS ESTree object, start/end offsets) + a walk collecting every function
//             node, of real modules from node_modules (9 MB, ~60-80 KB, ~5 KB), as CommonJS and as
//             ES module where it applies; each sample in a fresh process; cold (first parse in
//             the process) and hot (median after warm-up)
//  batch:     what an app start pays: a fresh process loads the parser and parses + walks 200
//             real CommonJS modules once each; anchor: V8 compiling the same sources
//  load:      cold require() of each package, `node -e "require('x')"` vs `node -e ""`
//  syntax:    modern-syntax cases (fixtures/syntax.mjs), every parser and node's own V8
//  functions: start/end of every function node of fixtures/functions.{cjs,mjs} against V8's
//             Function.prototype.toString of the same functions, evaluated (non-ASCII included)
//  corpus:    every .js/.cjs/.mjs file < 1 MB in node_modules: accept/reject vs V8, and the same
//             function nodes (type, start, end, body start/end) as acorn
// Usage: node bench/parser/run.mjs [--rounds 3] [--batch-rounds 5] [--load-runs 10] [--modules 200]
//        [--only speed,batch,load,syntax,functions,corpus]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { onCleanup, runBench, runOk } from '../lib/proc.mjs';
import { fmt, machine, median, quantile, round, table, writeJson } from '../lib/stats.mjs';
import { PACKAGES, PARSERS, ROOT, options, oxcRawTransferSupported } from './parsers.mjs';

const { values: opt } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    'batch-rounds': { type: 'string', default: '5' },
    'load-runs': { type: 'string', default: '10' },
    modules: { type: 'string', default: '200' },
    only: { type: 'string', default: 'speed,batch,load,syntax,functions,corpus' },
    out: { type: 'string', default: path.join(ROOT, 'bench', 'results', 'parser.json') },
  },
});
const only = new Set(opt.only.split(','));
const log = (s) => process.stderr.write(s + '\n');
const node = process.execPath;
const CHILD = path.join(ROOT, 'bench', 'parser', 'child.mjs');
const NM = path.join(ROOT, 'node_modules');
const require = createRequire(path.join(ROOT, 'package.json'));
/** Rotates the order of the variants from one round to the next. */
const rotate = (xs, r) => xs.map((_, i) => xs[(i + r) % xs.length]);
const med = (xs, key) => median(key ? xs.map((x) => x[key]) : xs);

/** A speed sample for the JSON: every run if few, else quantiles (300 runs x 3 series x 90 processes would be MBs). */
function compact(res) {
  const q = (xs) => (xs.length <= 10 ? xs.map((x) => round(x, 3)) : { n: xs.length, min: round(quantile(xs, 0), 3), p10: round(quantile(xs, 0.1), 3), median: round(median(xs), 3), p90: round(quantile(xs, 0.9), 3), max: round(quantile(xs, 1), 3) });
  const out = { ...res, parse_ms: q(res.parse_ms ?? []), walk_ms: q(res.walk_ms ?? []), parse_cpu_ms: q(res.parse_cpu_ms ?? []) };
  if (res.oxc_split) out.oxc_split = { native_ms: q(res.oxc_split.map((x) => x.native_ms)), json_ms: q(res.oxc_split.map((x) => x.json_ms)) };
  return out;
}

/** Runs one task of child.mjs in a fresh process and returns its JSON answer. */
async function child(task, { vmModules = false, timeoutMs = 600_000 } = {}) {
  const flags = vmModules ? ['--experimental-vm-modules', '--no-warnings'] : [];
  const r = await runOk(node, [...flags, CHILD, JSON.stringify(task)], { cwd: ROOT, timeoutMs });
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

// ---- the files

const SPEED_FILES = [
  { id: 'typescript.js', file: 'typescript/lib/typescript.js', kinds: ['commonjs', 'module'], label: 'large, CJS bundle' },
  { id: 'yargs index.cjs', file: 'yargs/build/index.cjs', kinds: ['commonjs', 'module'], label: 'mid, CJS bundle' },
  { id: 'yargs-factory.js', file: 'yargs/build/lib/yargs-factory.js', kinds: ['module'], label: 'mid, ESM (import statements)' },
  { id: 'pino multistream.js', file: 'pino/lib/multistream.js', kinds: ['commonjs', 'module'], label: 'small app-like module' },
];

/** Every .js/.cjs/.mjs file under node_modules (no symlinks), < 1 MB, with its kind (by extension / package.json "type"). */
function listCorpus() {
  const typeCache = new Map();
  const pkgType = (dir) => {
    if (typeCache.has(dir)) return typeCache.get(dir);
    let t;
    const pj = path.join(dir, 'package.json');
    if (fs.existsSync(pj)) {
      try { t = JSON.parse(fs.readFileSync(pj, 'utf8')).type === 'module' ? 'module' : 'commonjs'; } catch { t = 'commonjs'; }
    } else {
      t = dir === NM || dir === path.dirname(dir) ? 'commonjs' : pkgType(path.dirname(dir));
    }
    typeCache.set(dir, t);
    return t;
  };
  const out = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) { if (e.name !== '.bin' && e.name !== '.cache') walk(p); continue; }
      if (!e.isFile() || !/\.(c|m)?js$/.test(e.name)) continue;
      const size = fs.statSync(p).size;
      if (size >= 1 << 20) continue;
      const kind = e.name.endsWith('.mjs') ? 'module' : e.name.endsWith('.cjs') ? 'commonjs' : pkgType(dir);
      out.push({ file: p, kind, size });
    }
  };
  walk(NM);
  return out;
}

/** `count` CommonJS modules of 1-40 KB, spread evenly over the sorted list, each accepted by V8 as CommonJS. */
function pickBatch(corpus, count) {
  const cands = corpus.filter((f) => f.kind === 'commonjs' && f.size >= 1024 && f.size <= 40 * 1024 && !/\.min\.js$/.test(f.file));
  const step = cands.length / count;
  const picked = [];
  const taken = new Set();
  for (let i = 0; i < count; i++) {
    for (let j = Math.floor(i * step); j < cands.length; j++) {
      if (taken.has(j)) continue;
      taken.add(j);
      try {
        vm.compileFunction(fs.readFileSync(cands[j].file, 'utf8'), ['exports', 'require', 'module', '__filename', '__dirname']);
      } catch { continue; }
      picked.push(cands[j]);
      break;
    }
  }
  return picked;
}

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'moult-bench-parser-'));
  onCleanup(() => fs.rmSync(tmp, { recursive: true, force: true }));
  const versions = Object.fromEntries(PARSERS.map((p) => [p, JSON.parse(fs.readFileSync(path.join(NM, PACKAGES[p], 'package.json'), 'utf8')).version]));
  const oxcBinding = (() => {
    try { require('@oxc-parser/binding-linux-x64-gnu'); return 'native @oxc-parser/binding-linux-x64-gnu loads'; } catch (e) { return `native binding does not load: ${e.message.split('\n')[0]}`; }
  })();
  const parserOptions = Object.fromEntries(PARSERS.map((p) => [p, { commonjs: options(p, 'commonjs'), module: options(p, 'module') }]));
  const info = { machine: machine(), options: opt, versions, oxc_binding: oxcBinding, oxc_raw_transfer: oxcRawTransferSupported(), parser_options: parserOptions, tmp };
  log(`parsers: ${PARSERS.map((p) => `${PACKAGES[p]} ${versions[p]}`).join(', ')}; oxc: ${oxcBinding}`);
  const summary = {};
  const raw = {};

  // ---- speed
  if (only.has('speed')) {
    const rounds = Number(opt.rounds);
    raw.speed = [];
    summary.speed = [];
    for (const f of SPEED_FILES) {
      const file = path.join(NM, f.file);
      const chars = fs.statSync(file).size;
      // Hot loop of ~0.3-0.5 s per process; at least 2 timed parses.
      const reps = Math.max(2, Math.min(300, Math.round(3e6 / chars)));
      const warmup = Math.max(1, Math.min(200, reps));
      // meriyah with `ranges: true` too, for comparison (not on the 9 MB file, to save time).
      const variants = chars < 1 << 20 ? [...PARSERS, 'meriyah:ranges'] : PARSERS;
      for (const kind of f.kinds) {
        const samples = Object.fromEntries(variants.map((p) => [p, []]));
        for (let r = 0; r < rounds; r++) {
          for (const parser of rotate(variants, r)) {
            const res = await child({ task: 'speed', parser, file, kind, warmup, reps });
            samples[parser].push(res);
            raw.speed.push(compact(res));
            log(`  speed ${f.id} ${kind} round ${r + 1}/${rounds} ${parser}: ${res.error ? `ERROR ${res.error}` : `cold ${res.cold_parse_ms.toFixed(1)} ms, hot ${med(res.parse_ms).toFixed(2)} ms (${reps} reps)`}`);
          }
        }
        const row = { id: f.id, label: f.label, kind, chars, reps, warmup, rounds };
        for (const p of variants) {
          const ok = samples[p].filter((s) => !s.error);
          if (!ok.length) { row[p] = { error: samples[p][0].error }; continue; }
          const hot = ok.flatMap((s) => s.parse_ms);
          const walk = ok.flatMap((s) => s.walk_ms);
          row[p] = {
            parse_ms: median(hot), walk_ms: median(walk), total_ms: median(ok.flatMap((s) => s.parse_ms.map((x, i) => x + s.walk_ms[i]))),
            parse_cpu_ms: median(ok.flatMap((s) => s.parse_cpu_ms)), cold_parse_ms: med(ok, 'cold_parse_ms'), cold_walk_ms: med(ok, 'cold_walk_ms'),
            mb_per_s: chars / 1e6 / (median(hot) / 1000), functions: ok[0].functions, nodes: ok[0].nodes, samples: hot.length,
            same_functions_as_acorn: p === 'acorn' ? null : ok[0].sig === samples.acorn.find((s) => !s.error)?.sig,
          };
          if (p === 'oxc') {
            const split = ok.flatMap((s) => s.oxc_split);
            Object.assign(row[p], { native_parse_and_serialize_ms: med(split, 'native_ms'), json_parse_ms: med(split, 'json_ms') });
          }
        }
        summary.speed.push(row);
      }
    }
  }

  // ---- load cost
  if (only.has('load')) {
    const runs = Number(opt['load-runs']);
    const variants = [{ name: 'node -e ""', pkg: null }, ...PARSERS.map((p) => ({ name: p, pkg: PACKAGES[p] }))];
    const samples = Object.fromEntries(variants.map((v) => [v.name, []]));
    const stderr = {};
    for (let r = -1; r < runs; r++) {
      for (const v of rotate(variants, r + 1)) {
        // A CommonJS entry (-e), as an app under the preload: for oxc-parser (ESM) this is require(esm).
        const code = `const t=performance.now();${v.pkg ? `require(${JSON.stringify(v.pkg)});` : ''}const d=performance.now()-t;` +
          'const u=process.cpuUsage();process.stdout.write(JSON.stringify({require_ms:d,cpu_ms:(u.user+u.system)/1000,rss_mb:process.memoryUsage().rss/1048576}))';
        const res = await runOk(node, ['-e', code], { cwd: ROOT });
        if (res.stderr.trim()) stderr[v.name] = res.stderr.trim().slice(0, 300);
        if (r < 0) continue; // one warm-up round (file cache)
        samples[v.name].push({ ms: res.ms, ...JSON.parse(res.stdout) });
      }
    }
    raw.load = samples;
    const base = samples['node -e ""'];
    summary.load = Object.fromEntries(variants.map((v) => {
      const s = samples[v.name];
      return [v.name, {
        ms: med(s, 'ms'), extra_ms: med(s, 'ms') - med(base, 'ms'), cpu_ms: med(s, 'cpu_ms'), extra_cpu_ms: med(s, 'cpu_ms') - med(base, 'cpu_ms'),
        require_ms: v.pkg ? med(s, 'require_ms') : 0, rss_mb: med(s, 'rss_mb'), extra_rss_mb: med(s, 'rss_mb') - med(base, 'rss_mb'), stderr: stderr[v.name],
      }];
    }));
    log(`  load: ${variants.map((v) => `${v.name} ${summary.load[v.name].ms.toFixed(1)} ms`).join(', ')}`);
  }

  // ---- correctness: syntax cases, function offsets
  if (only.has('syntax')) {
    log('  syntax cases');
    summary.syntax = await child({ task: 'syntax' }, { vmModules: true });
  }
  if (only.has('functions')) {
    log('  function offsets vs Function.prototype.toString');
    summary.functions = await child({ task: 'functions' }, { vmModules: true });
  }

  // ---- corpus and batch need the file list
  let corpus = null;
  if (only.has('corpus') || only.has('batch')) corpus = listCorpus();

  if (only.has('corpus')) {
    const list = path.join(tmp, 'corpus.json');
    fs.writeFileSync(list, JSON.stringify(corpus.map(({ file, kind }) => ({ file, kind }))));
    log(`  corpus: ${corpus.length} files, ${(corpus.reduce((n, f) => n + f.size, 0) / 1e6).toFixed(1)} MB`);
    const res = {};
    for (const v of ['v8', ...PARSERS]) {
      res[v] = await child({ task: 'corpus', variant: v, list }, { vmModules: v === 'v8' });
      log(`  corpus ${v}: ${res[v].results.filter((x) => x[0]).length} accepted, ${res[v].ms.toFixed(0)} ms`);
    }
    const truth = res.v8.results;
    const rel = (f) => path.relative(NM, f);
    const cs = (summary.corpus = { files: corpus.length, bytes: corpus.reduce((n, f) => n + f.size, 0), modules: corpus.filter((f) => f.kind === 'module').length, v8_accepts: truth.filter((x) => x[0]).length, v8_rejects: truth.filter((x) => !x[0]).length, parsers: {} });
    cs.v8_rejected_examples = corpus.map((f, i) => [f, truth[i]]).filter(([, t]) => !t[0]).slice(0, 10).map(([f, t]) => `${rel(f.file)} (${f.kind}): ${t[1]}`);
    for (const p of PARSERS) {
      const r = res[p].results;
      const s = (cs.parsers[p] = { ms: res[p].ms, accepts: 0, false_rejects: [], false_accepts: 0, functions: 0, differ_from_acorn: [] });
      corpus.forEach((f, i) => {
        if (r[i][0]) s.accepts++;
        if (truth[i][0] && !r[i][0]) s.false_rejects.push(`${rel(f.file)} (${f.kind}): ${r[i][1]}`);
        if (!truth[i][0] && r[i][0]) s.false_accepts++;
        if (r[i][0]) s.functions += r[i][2];
        const a = res.acorn.results[i];
        if (p !== 'acorn' && truth[i][0] && r[i][0] && a[0] && a[1] !== r[i][1]) s.differ_from_acorn.push(rel(f.file));
      });
      s.false_reject_count = s.false_rejects.length;
      s.differ_from_acorn_count = s.differ_from_acorn.length;
      s.false_rejects = s.false_rejects.slice(0, 20);
      s.differ_from_acorn = s.differ_from_acorn.slice(0, 20);
    }
  }

  // ---- batch: an app start's worth of modules
  if (only.has('batch')) {
    const picked = pickBatch(corpus, Number(opt.modules));
    const list = path.join(tmp, 'batch.json');
    fs.writeFileSync(list, JSON.stringify(picked.map(({ file, kind }) => ({ file, kind }))));
    const rounds = Number(opt['batch-rounds']);
    const variants = ['compile', ...PARSERS];
    const samples = Object.fromEntries(variants.map((v) => [v, []]));
    log(`  batch: ${picked.length} CommonJS modules, ${(picked.reduce((n, f) => n + f.size, 0) / 1024).toFixed(0)} KB, ${rounds} rounds`);
    for (let r = 0; r < rounds; r++) {
      for (const v of rotate(variants, r)) samples[v].push(await child({ task: 'batch', variant: v, list }));
      log(`  batch round ${r + 1}/${rounds}: ${variants.map((v) => `${v} ${fmt(samples[v].at(-1).compile_ms ?? samples[v].at(-1).load_ms + samples[v].at(-1).parse_ms + samples[v].at(-1).walk_ms, 1)} ms`).join(', ')}`);
    }
    raw.batch = samples;
    summary.batch = { files: picked.length, bytes: picked.reduce((n, f) => n + f.size, 0), median_file_bytes: median(picked.map((f) => f.size)), compile_ms: med(samples.compile, 'compile_ms'), compile_cpu_ms: med(samples.compile, 'cpu_ms'), list: picked.map((f) => path.relative(NM, f.file)) };
    for (const p of PARSERS) {
      const s = samples[p];
      summary.batch[p] = { load_ms: med(s, 'load_ms'), parse_ms: med(s, 'parse_ms'), walk_ms: med(s, 'walk_ms'), first_parse_ms: med(s, 'first_parse_ms'), total_ms: median(s.map((x) => x.load_ms + x.parse_ms + x.walk_ms)), cpu_ms: med(s, 'cpu_ms'), failures: s[0].failures, functions: s[0].functions };
    }
    // The 1.15x start-up budget, against a lower bound of plain node's start for such an app:
    // bare node start-up (the load part's `node -e ""`) + V8 compiling the same 200 sources.
    if (summary.load) {
      summary.batch.plain_node_lower_bound_ms = summary.load['node -e ""'].ms + summary.batch.compile_ms;
      summary.batch.budget_at_1_15x_ms = 0.15 * summary.batch.plain_node_lower_bound_ms;
    }
  }

  // ---- print
  info.machine.loadavg_end = os.loadavg().map((x) => round(x, 2));
  console.log(`\nparsers for load-time instrumentation; node ${info.machine.node}, ${info.machine.cores} cores, load ${info.machine.loadavg.join(' ')} -> ${info.machine.loadavg_end.join(' ')}`);
  console.log(`versions: ${PARSERS.map((p) => `${PACKAGES[p]} ${versions[p]}`).join(', ')}; ${oxcBinding}`);
  if (summary.speed) {
    const rows = [];
    for (const s of summary.speed) {
      const a = s.acorn;
      for (const p of [...PARSERS, 'meriyah:ranges']) {
        const x = s[p];
        if (!x) continue;
        const name = `${s.id} (${(s.chars / 1024).toFixed(0)} KB)`;
        if (x.error) { rows.push([name, s.kind, p, 'ERROR', x.error.slice(0, 60), '', '', '', '', '', '', '', '']); continue; }
        const ratio = (k) => (a && !a.error ? fmt(x[k] / a[k], 2) : '-');
        rows.push([name, s.kind, p, fmt(x.parse_ms, 2), ratio('parse_ms'), fmt(x.parse_cpu_ms, 2), ratio('parse_cpu_ms'), fmt(x.walk_ms, 2), fmt(x.total_ms, 2), ratio('total_ms'), fmt(x.cold_parse_ms, 1), fmt(x.mb_per_s, 1), x.same_functions_as_acorn === null ? '' : x.same_functions_as_acorn ? 'same' : 'DIFFER']);
      }
    }
    console.log('\n(1) speed: median ms per parse, hot (after warm-up), fresh processes, rounds interleaved; cold = first parse in the process');
    console.log(table(['file', 'kind', 'parser', 'parse', 'x acorn', 'parse CPU', 'x acorn', 'walk', 'parse+walk', 'x acorn', 'cold parse', 'MB/s', 'fn nodes'], rows));
    console.log(`  oxc's parse = parseSync (native parse + AST serialized to JSON) + JSON.parse; raw transfer (no JSON): ${info.oxc_raw_transfer ? 'supported' : 'not supported on this node (needs >= 22)'}`);
    for (const s of summary.speed) if (s.oxc && !s.oxc.error) console.log(`    ${s.id} ${s.kind}: native ${fmt(s.oxc.native_parse_and_serialize_ms, 2)} ms + JSON.parse ${fmt(s.oxc.json_parse_ms, 2)} ms`);
  }
  if (summary.batch) {
    const b = summary.batch;
    console.log(`\n(1b) app start: ${b.files} real CommonJS modules (${(b.bytes / 1024).toFixed(0)} KB, median ${(b.median_file_bytes / 1024).toFixed(1)} KB), each parsed + walked once in a fresh process; anchor: V8 compiling them (vm.compileFunction) ${fmt(b.compile_ms, 1)} ms`);
    console.log(table(['parser', 'require', 'first parse', 'parse all', 'walk all', 'total', 'x acorn', 'CPU total', 'x acorn', 'failures'], PARSERS.map((p) => {
      const x = b[p];
      return [p, fmt(x.load_ms, 1), fmt(x.first_parse_ms, 2), fmt(x.parse_ms, 1), fmt(x.walk_ms, 1), fmt(x.total_ms, 1), fmt(x.total_ms / b.acorn.total_ms, 2), fmt(x.cpu_ms, 1), fmt(x.cpu_ms / b.acorn.cpu_ms, 2), String(x.failures.length)];
    })));
    if (b.budget_at_1_15x_ms) console.log(`  budget at 1.15x: 0.15 x (node -e "" ${fmt(summary.load['node -e ""'].ms, 1)} ms + compile ${fmt(b.compile_ms, 1)} ms) = ${fmt(b.budget_at_1_15x_ms, 1)} ms for everything the runtime adds (a lower bound of plain node's start: the apps' own code not run)`);
  }
  if (summary.load) {
    console.log(`\n(3) cold require() in a CommonJS entry, median of ${opt['load-runs']} fresh processes each (interleaved): spawn to exit, process CPU, require() alone`);
    console.log(table(['variant', 'wall ms', 'extra', 'CPU ms', 'extra', 'require() ms', 'RSS MB', 'extra'], Object.entries(summary.load).map(([k, v]) => [k, fmt(v.ms, 1), fmt(v.extra_ms, 1), fmt(v.cpu_ms, 1), fmt(v.extra_cpu_ms, 1), fmt(v.require_ms, 1), fmt(v.rss_mb, 1), fmt(v.extra_rss_mb, 1)])));
    for (const [k, v] of Object.entries(summary.load)) if (v.stderr) console.log(`  stderr of ${k}: ${v.stderr}`);
  }
  if (summary.syntax) {
    const y = (x) => (x.ok ? 'yes' : 'no');
    console.log('\n(2) syntax accepted (valid = per spec; node = this node\'s V8; meriyah+next = with next: true)');
    console.log(table(['case', 'kind', 'valid', 'node', 'acorn', 'meriyah', 'meriyah+next', 'oxc'], summary.syntax.map((c) => [c.id, c.kind, c.valid ? 'yes' : 'no', y(c.node), y(c.acorn), y(c.meriyah), y(c.meriyah_next), y(c.oxc)])));
  }
  if (summary.functions) {
    console.log('\n(2b) function offsets vs Function.prototype.toString (fixtures/functions.cjs, .mjs)');
    const rows = [];
    for (const [f, v] of Object.entries(summary.functions)) {
      for (const p of PARSERS) {
        const x = v.parsers[p];
        rows.push([f, `${v.utf16_units} UTF-16 / ${v.utf8_bytes} UTF-8`, p, x.error ? `ERROR ${x.error}` : `${x.matched}/${v.expected}`, String(x.found), String(x.mismatches?.length ?? '-'), x.ok ? 'ok' : 'WRONG']);
      }
    }
    console.log(table(['fixture', 'length', 'parser', 'exact', 'fn nodes', 'mismatches', ''], rows));
  }
  if (summary.corpus) {
    const c = summary.corpus;
    console.log(`\n(2c) corpus: ${c.files} files of node_modules (${(c.bytes / 1e6).toFixed(1)} MB, ${c.modules} ES modules); V8 accepts ${c.v8_accepts}`);
    console.log(table(['parser', 'accepts', 'rejects what V8 accepts', 'accepts what V8 rejects', 'fn nodes differ from acorn', 'fn nodes', 'ms (one pass)'], PARSERS.map((p) => {
      const x = c.parsers[p];
      return [p, String(x.accepts), String(x.false_reject_count), String(x.false_accepts), p === 'acorn' ? '-' : String(x.differ_from_acorn_count), String(x.functions), fmt(x.ms, 0)];
    })));
    for (const p of PARSERS) for (const e of c.parsers[p].false_rejects.slice(0, 5)) console.log(`  ${p} rejects: ${e}`);
    for (const p of PARSERS) for (const e of c.parsers[p].differ_from_acorn.slice(0, 5)) console.log(`  ${p} differs from acorn: ${e}`);
  }
  writeJson(opt.out, { ...info, summary, raw });
  console.log(`\nwrote ${path.relative(process.cwd(), opt.out)}`);
}

runBench(main);
