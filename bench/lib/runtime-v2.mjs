// The measurements of the runtime v2 suite (bench/runtime/run.mjs, issue 7's "Benchmarks"): each
// compares with an anchor in the same run and returns raw samples (the caller summarises).
//  pause    update pauses under the daemon: `moult update` (SafeRedefineUpdate) and `moult patch` of
//           an exported helper in an HTTP app holding 1 000 000 objects, by the app's own gap monitor
//  hot      a CPU-bound hot path, instrumented vs MOULT_INSTRUMENT=false vs plain node
//  startup  an app of 200 generated modules: first output line, preload vs plain node, and the
//           split of the instrumentation's cost (parse, transform, compile)
//  eager    EagerConversionUpdate of 1 000 000 objects, and where its time goes
// (The HTTP throughput part is httpOverhead of runtime-measures.mjs with the v2 app.)
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { firstLine, runOk, start } from './proc.mjs';
import { PRELOAD, ROOT, moult } from './supervisors.mjs';
import { median, sleep } from './stats.mjs';
import { freePort } from './net.mjs';
import { updatesInLog } from './moult-log.mjs';

export const V2 = path.join(ROOT, 'bench', 'runtime', 'fixtures', 'v2');
const FIXTURES = path.join(ROOT, 'bench', 'runtime', 'fixtures');
const node = process.execPath;
const log = (s) => process.stderr.write(s + '\n');
const rotate = (xs, r) => xs.map((_, i) => xs[(i + r) % xs.length]);

/** The express 5 folder to use: --express, else the repo's own devDependency, else none (node:http). */
export function findExpress(given) {
  if (given === 'none') return null;
  const dir = given ? path.resolve(given) : path.join(ROOT, 'node_modules', 'express');
  if (!fs.existsSync(path.join(dir, 'package.json'))) {
    if (given) throw new Error(`--express ${given}: no package.json there`);
    return null;
  }
  const { version } = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  if (!version.startsWith('5.')) throw new Error(`${dir} is express ${version}, not 5.x`);
  return dir;
}


function getJson(port, urlPath, timeoutMs = 10_000) {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: urlPath, agent: false, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { body += d; });
      res.on('end', () => { try { resolve(JSON.parse(body)); } catch (e) { reject(new Error(`GET ${urlPath}: ${res.statusCode} ${body.slice(0, 200)}`)); } });
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${urlPath}: timeout`)));
    req.on('error', reject);
  });
}

// ---- pause: `moult update` / `moult patch` under the daemon, the app's own gap monitor


/**
 * The pause of one command from the app's gap record: the longest gap between two turns of the
 * app's setImmediate chain that overlaps [daemon's update.received, app's update.completed + 1 ms]
 * (log times are whole ms). A gap counts whole; gaps outside the window (the CLI starting up,
 * other processes) do not count. With it: the ms its main thread spent on a CPU during that gap,
 * and waiting in the run queue (schedstat); `own_pause_ms`, the longest in-window gap less its
 * run-queue wait (the part of a gap that other processes cannot explain: the app's own work, or a
 * blocking call); the GC pauses inside the longest gap; the longest gap of the whole span (info).
 */
export function pauseOf(rec, g) {
  const a = rec.events['update.received'];
  const b = rec.events['update.completed'] + 1;
  const inside = g.gaps.filter(([s, e]) => e > a && s < b);
  let worst = null;
  for (const x of inside) if (!worst || x[1] - x[0] > worst[1] - worst[0]) worst = x;
  let own = null;
  const ownOf = (x) => x[1] - x[0] - (Number.isFinite(x[3]) ? x[3] : 0);
  for (const x of inside) if (!own || ownOf(x) > ownOf(own)) own = x;
  const gcIn = worst ? g.gcs.filter(([t, d]) => t < worst[1] && t + d > worst[0]) : [];
  return {
    pause_ms: worst ? worst[1] - worst[0] : 0,
    pause_cpu_ms: worst ? worst[2] : 0,
    pause_wait_ms: worst ? worst[3] : 0,
    own_pause_ms: own ? ownOf(own) : 0,
    own_pause_cpu_ms: own ? own[2] : 0,
    pause_gc_ms: gcIn.reduce((s, x) => s + x[1], 0),
    gaps_over_1ms_in_window: inside.filter(([s, e]) => e - s > 1).length,
    window_ms: b - a,
    received_to_completed_ms: rec.events['update.completed'] - a,
    span_max_gap_ms: g.max_gap_ms,
    via: rec.via ?? null,
  };
}

/**
 * One app under a moult daemon (`moult start eco.json`, its own MOULT_HOME), 1 + `rounds` rounds of
 * three commands in rotating order: a no-op update (the anchor: same CLI, daemon and manager path,
 * an apply that does nothing), a SafeRedefineUpdate of helpers.render, and a `moult patch` of
 * helpers.js (render's body changed). Round 0 (the first of each in the process) is reported apart.
 * Each command: gap monitor on, 150 ms, the CLI command (spawn to exit), 150 ms, monitor off; then
 * GET / must show the new version.
 */
export async function daemonPauses({ tmp, rounds, objects, express, requireSlot = true, fresh = false }) {
  const home = path.join(tmp, fresh ? 'moult-home-first' : 'moult-home-pause');
  const tool = moult(home);
  const dir = path.join(tmp, 'pause-updates');
  fs.mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const eco = path.join(tmp, 'pause-eco.json');
  const env = { BENCH_PORT: String(port), BENCH_OBJECTS: String(objects) };
  if (express) env.BENCH_EXPRESS = express;
  // fresh: every command is the first of a new process (restarted before it, no update replayed).
  const updates = fresh ? { updates: { replay: false } } : {};
  fs.writeFileSync(eco, JSON.stringify({ apps: [{ name: 'web', script: path.join(V2, 'app.js'), cwd: V2, env, kill_timeout: '2s', ...updates }] }, null, 2));
  const helpersSrc = fs.readFileSync(path.join(V2, 'helpers.js'), 'utf8');
  const out = { samples: [], app: null, port };
  try {
    const serving = async () => {
      const t0 = Date.now();
      for (;;) {
        try { return await getJson(port, '/'); } catch { if (Date.now() - t0 > 120_000) throw new Error('the app did not answer within 120 s'); await sleep(200); }
      }
    };
    await tool.cliOk(['start', eco], { timeoutMs: 60_000 });
    await serving();
    await sleep(1000);
    let [inst0] = await tool.list();
    let version = (await getJson(port, '/')).version;
    for (let r = 0; r <= rounds; r++) {
      for (const kind of rotate(['noop', 'update', 'patch'], r)) {
        let file;
        let expect = version;
        if (kind === 'noop') {
          file = path.join(dir, `noop-${r}.js`);
          fs.writeFileSync(file, [
            "const { Update } = require('moult/runtime');",
            `class Noop extends Update { checkAlterability() { return true; } apply() {} }`,
            `module.exports = () => new Noop({ name: 'noop-${r}' });`, ''].join('\n'));
        } else if (kind === 'update') {
          file = path.join(dir, `redef-${r}.js`);
          expect = `U-${r}`;
          fs.writeFileSync(file, [
            "const { SafeRedefineUpdate } = require('moult/runtime');",
            'module.exports = (ctx) => {',
            "  const h = ctx.module('./helpers');",
            `  function render(items) { const b = new h.Basket(items); return { version: '${expect}', count: b.count(), total: b.total() }; }`,
            `  return new SafeRedefineUpdate(h, h.render, render, { name: 'redef-${r}' });`,
            '};', ''].join('\n'));
        } else {
          fs.mkdirSync(path.join(dir, `patch-${r}`));
          file = path.join(dir, `patch-${r}`, 'helpers.js');
          expect = `P-${r}`;
          fs.writeFileSync(file, helpersSrc.replace("'VERSION-0'", `'${expect}'`));
        }
        if (fresh && out.samples.length > 0) {
          // A new process (its modules from the instrumentation cache, as after any restart),
          // settled (start-up work and its GC done) before the command.
          await tool.cliOk(['restart', 'web'], { timeoutMs: 60_000 });
          const before = inst0.pid;
          for (let t0 = Date.now(); ; await sleep(100)) {
            [inst0] = await tool.list();
            if (inst0?.status === 'online' && inst0.pid !== before) break;
            if (Date.now() - t0 > 60_000) throw new Error(`the app did not restart: ${JSON.stringify(inst0)}`);
          }
          version = (await serving()).version;
          expect = kind === 'noop' ? version : expect;
          await sleep(1500);
        }
        await getJson(port, '/__gap/start');
        await sleep(150);
        const res = await tool.cli([kind === 'patch' ? 'patch' : 'update', 'web', file], { timeoutMs: 120_000 });
        await sleep(150);
        const gaps = await getJson(port, '/__gap/stop');
        if (res.code !== 0 || !/: completed/.test(res.stdout)) throw new Error(`moult ${kind} (round ${r}) exited ${res.code}:\n${res.stdout}\n${res.stderr}`);
        version = (await getJson(port, '/')).version;
        if (version !== expect) throw new Error(`after ${kind} round ${r}: GET / says version ${version}, expected ${expect}`);
        out.app ??= { framework: gaps.framework, node: gaps.node, objects: gaps.objects, schedstat: gaps.schedstat };
        out.samples.push({ round: r, kind, file, cli_ms: res.ms, gaps });
      }
      const last = out.samples.slice(-3);
      log(`  pause round ${r}/${rounds}: ${last.map((s) => `${s.kind} span max ${s.gaps.max_gap_ms.toFixed(1)} ms`).join(', ')}`);
    }
    const [inst] = await tool.list();
    if (inst?.status !== 'online' || (!fresh && inst.restarts !== 0) || inst.pid !== inst0.pid) throw new Error(`the app did not stay up: ${JSON.stringify(inst)}`);
  } finally {
    await tool.kill();
  }
  // Windows from the daemon's log, matched to commands by the update file.
  const recs = updatesInLog(path.join(home, 'logs', 'moultd.log'));
  for (const s of out.samples) {
    const rec = recs.find((x) => x.file === s.file);
    if (!rec?.events['update.received'] || !rec.events['update.completed']) throw new Error(`no update.received/completed in moultd.log for ${s.file}`);
    Object.assign(s, pauseOf(rec, s.gaps));
    if (requireSlot && s.kind !== 'noop' && s.via !== 'slot') throw new Error(`${s.kind} round ${s.round} was applied via ${s.via}, not via slot: the app's modules were not instrumented`);
    s.gap_count = s.gaps.gaps.length;
    s.gcs = s.gaps.gcs;
    delete s.gaps;
  }
  return out;
}

// ---- hot: a CPU-bound hot path, in-process timing after a warm-up

// 10 warm-up iterations: on Node 26 a shorter warm-up leaves some processes in a lower JIT tier (a
// bimodal spread of the per-process medians, up to 1.7x, seen with 2).
export async function hotPath({ runs, iterations = 7, warmup = 10, fib = 30, loop = 3_000_000 }) {
  const hot = path.join(V2, 'hot.js');
  const args = [hot, String(iterations), String(warmup), String(fib), String(loop)];
  const variants = [
    { name: 'node', args },
    { name: 'uninstrumented', args: ['--require', PRELOAD, ...args], env: { MOULT_INSTRUMENT: 'false' } },
    { name: 'instrumented', args: ['--require', PRELOAD, ...args] },
    // Info: sq and Vec.prototype.dot redefined (their calls go through the filled slots).
    { name: 'redefined', args: ['--require', PRELOAD, ...args], env: { BENCH_REDEFINE: '1' } },
  ];
  const out = Object.fromEntries(variants.map((v) => [v.name, []]));
  const cpu = Object.fromEntries(variants.map((v) => [v.name, []]));
  for (let r = 0; r < runs; r++) {
    for (const v of rotate(variants, r)) {
      const res = await runOk(node, v.args, { env: { ...process.env, ...v.env }, timeoutMs: 300_000 });
      const j = JSON.parse(res.stdout.trim().split('\n').pop());
      if (j.instrumented !== (v.name === 'instrumented' || v.name === 'redefined')) throw new Error(`hot ${v.name}: instrumented=${j.instrumented}`);
      out[v.name].push(j.median_ms);
      cpu[v.name].push(j.median_cpu_ms);
    }
    log(`  hot run ${r + 1}/${runs}: ${variants.map((v) => `${v.name} ${out[v.name].at(-1).toFixed(1)} (cpu ${cpu[v.name].at(-1).toFixed(1)})`).join(', ')} ms`);
  }
  return { wall_ms: out, cpu_ms: cpu };
}

// ---- after-update: the hot path once its functions were redefined (issue 15, item 5)

/**
 * A tight loop over small functions and methods (sync), and a small async function awaited in a
 * loop (async): plain node, instrumented, and instrumented with every function the loop calls
 * redefined through its slot (new versions from a module loaded uninstrumented, as an update's
 * are). Variants interleave in fresh processes, `runs` rounds; per process, the median CPU time of
 * `iterations` iterations after `warmup`. Ratios are taken per round (the same machine phase).
 */
export async function afterUpdate({ runs, iterations = 7, warmup = 5, n = 5_000_000, asyncN = 1_000_000 }) {
  const dir = path.join(V2, 'after-update');
  const main = path.join(dir, 'main.js');
  // Only the app's two files are instrumented: next.js stands for an update module.
  const env = { MOULT_INSTRUMENT: JSON.stringify(['main.js', 'lib.js']) };
  const variants = [];
  for (const mode of ['sync', 'async']) {
    const args = [main, mode, String(iterations), String(warmup), String(mode === 'sync' ? n : asyncN)];
    variants.push(
      { name: `${mode}_node`, args },
      { name: `${mode}_instrumented`, args: ['--require', PRELOAD, ...args], env },
      { name: `${mode}_redefined`, args: ['--require', PRELOAD, ...args], env: { ...env, BENCH_REDEFINE: '1' } },
    );
  }
  const cpu = Object.fromEntries(variants.map((v) => [v.name, []]));
  for (let r = 0; r < runs; r++) {
    for (const v of rotate(variants, r)) {
      const res = await runOk(node, v.args, { cwd: dir, env: { ...process.env, ...v.env }, timeoutMs: 300_000 });
      const j = JSON.parse(res.stdout.trim().split('\n').pop());
      if (j.instrumented !== !v.name.endsWith('_node') || j.redefined !== v.name.endsWith('_redefined')) throw new Error(`after-update ${v.name}: instrumented=${j.instrumented} redefined=${j.redefined}`);
      cpu[v.name].push(j.median_cpu_ms);
    }
    log(`  after-update run ${r + 1}/${runs}: ${variants.map((v) => `${v.name} ${cpu[v.name].at(-1).toFixed(1)}`).join(', ')} ms CPU`);
  }
  return { cpu_ms: cpu, n, async_n: asyncN };
}

// ---- startup: 200 generated modules

/** Module i: a few functions, a class, requires i+1 and i+2; its top level runs a little of it. */
function moduleSource(i, count) {
  const next = [i + 1, i + 2].filter((j) => j < count).map((j) => `require('./m${String(j).padStart(3, '0')}.js')`);
  return `'use strict';
// Generated module ${i} of ${count} (bench/lib/runtime-v2.mjs).
const deps = [${next.join(', ')}];
const TABLE = [${Array.from({ length: 8 }, (_, k) => (i * 31 + k * 7) % 97).join(', ')}];

function clamp${i}(x, lo = 0, hi = 100) {
  return x < lo ? lo : x > hi ? hi : x;
}

function sum${i}(xs) {
  let s = 0;
  for (const x of xs) s += x;
  return s;
}

const scale${i} = (x, k) => x * k + ${i};

async function load${i}(key) {
  await null;
  return { key, value: TABLE[key % TABLE.length] };
}

function* walk${i}(xs) {
  for (const x of xs) yield scale${i}(x, 2);
}

class Record${i} {
  constructor(id, name) {
    this.id = id;
    this.name = name;
    this.tags = [];
  }
  tag(t) { this.tags.push(t); return this; }
  get label() { return \`\${this.name}#\${this.id}\`; }
  set label(v) { this.name = String(v).split('#')[0]; }
  score() { return clamp${i}(sum${i}(this.tags.map((t) => t.length)) + this.id % 10); }
  static from(obj) { return new Record${i}(obj.id, obj.name); }
  toJSON() { return { id: this.id, name: this.name, tags: this.tags.slice() }; }
}

class Store${i} {
  #items = new Map();
  add(r) { this.#items.set(r.id, r); return r; }
  get(id) { return this.#items.get(id); }
  get size() { return this.#items.size; }
  *[Symbol.iterator]() { yield* this.#items.values(); }
  total() { let t = 0; for (const r of this) t += r.score(); return t; }
}

function summary${i}(store) {
  const scores = [...store].map((r) => r.score());
  return { n: store.size, total: sum${i}(scores), max: Math.max(0, ...scores), deps: deps.length };
}

const store = new Store${i}();
for (let k = 0; k < 3; k++) store.add(Record${i}.from({ id: k, name: 'r${i}' }).tag('a').tag('bb'));
const initial = summary${i}(store);

module.exports = { clamp${i}, sum${i}, scale${i}, load${i}, walk${i}, Record${i}, Store${i}, summary${i}, store, initial, deps };
`;
}

export function generateApp(dir, count = 200) {
  fs.mkdirSync(dir, { recursive: true });
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const src = moduleSource(i, count);
    bytes += src.length;
    fs.writeFileSync(path.join(dir, `m${String(i).padStart(3, '0')}.js`), src);
  }
  // "type" spelled out: on Node 22+ a .js file under a package.json without it (or under none) has
  // no format in the module.registerHooks load hook, and the runtime leaves it uninstrumented.
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ private: true, type: 'commonjs' }));
  // The first line says how many modules were instrumented (holders the runtime defined on globalThis).
  // Then the CPU time (ms) the process has used so far (all its threads): robust to a loaded machine.
  fs.writeFileSync(path.join(dir, 'main.js'), "'use strict';\nconst m = require('./m000.js');\nconst holders = Object.getOwnPropertyNames(globalThis).filter((k) => k.startsWith('__moult$')).length;\nconst u = process.cpuUsage();\nconsole.log('ready', m.initial.n, holders, (u.user + u.system) / 1000);\n");
  return { dir, count, bytes, entry: path.join(dir, 'main.js') };
}

/**
 * The same app with every module already instrumented (the runtime's own instrument(), fixed
 * ids) and the list of the holders its code reads: the floor of what the instrumented code itself
 * costs at start-up, with no work of the runtime (precomputed-holders.js defines the holders).
 */
async function precomputedApp(app, dir) {
  const { instrument } = await import(path.join(ROOT, 'dist', 'runtime', 'instrument', 'rewrite.js'));
  fs.mkdirSync(dir, { recursive: true });
  const holders = [];
  for (const f of fs.readdirSync(app.dir)) {
    const source = fs.readFileSync(path.join(app.dir, f), 'utf8');
    if (!/^m\d+\.js$/.test(f)) { fs.writeFileSync(path.join(dir, f), source); continue; }
    const id = `p${f.slice(1, 4)}`;
    const r = instrument(source, id, false);
    holders.push([id, r.functions.length, r.functions.filter((e) => e.async || e.generator).map((e) => e.k)]);
    fs.writeFileSync(path.join(dir, f), r.code);
  }
  fs.writeFileSync(path.join(dir, 'holders.json'), JSON.stringify(holders));
  return { dir, entry: path.join(dir, 'main.js') };
}

/** Spawn → first stdout line, `rounds` rounds of the variants in rotating order (one warm-up round). */
export async function startup200({ tmp, rounds, splitRuns }) {
  const app = generateApp(path.join(tmp, 'app200'));
  const pre = await precomputedApp(app, path.join(tmp, 'app200-precomputed'));
  const cacheDir = path.join(tmp, 'instrument-cache');
  fs.mkdirSync(cacheDir, { mode: 0o700 });
  const variants = [
    { name: 'node', args: [app.entry] },
    { name: 'preload', args: ['--require', PRELOAD, app.entry] },
    // With the runtime's cache of instrumented modules (as under moultd: $MOULT_HOME/cache), filled
    // by the warm-up round; 'preload' has none (MOULT_CACHE_DIR unset): every start parses.
    { name: 'preload_cached', args: ['--require', PRELOAD, app.entry], env: { MOULT_CACHE_DIR: cacheDir } },
    // Info: the preload with instrumentation off (its own fixed cost).
    { name: 'preload_uninstrumented', args: ['--require', PRELOAD, app.entry], env: { MOULT_INSTRUMENT: 'false' } },
    // Info: the instrumented code alone (no runtime), the floor of any instrumented start.
    { name: 'precomputed', args: ['--require', path.join(V2, 'precomputed-holders.js'), pre.entry], env: { PRECOMPUTED_DIR: pre.dir } },
  ];
  const samples = Object.fromEntries(variants.map((v) => [v.name, []]));
  const cpu = Object.fromEntries(variants.map((v) => [v.name, []]));
  for (let r = -1; r < rounds; r++) {
    for (const v of rotate(variants, r + 1)) {
      const t0 = performance.now();
      const child = start(node, v.args, { env: { ...process.env, ...v.env } });
      const line = await firstLine(child, 60_000);
      const ms = performance.now() - t0;
      await new Promise((res) => (child.exitCode !== null ? res() : child.once('exit', res)));
      if (!line.startsWith('ready')) throw new Error(`unexpected first line ${line}`);
      const holders = Number(line.split(' ')[2]);
      const instrumented = v.name === 'preload' || v.name === 'preload_cached' || v.name === 'precomputed';
      if (instrumented ? holders < app.count : holders !== 0) throw new Error(`startup ${v.name}: ${holders} of ${app.count} modules instrumented`);
      if (r >= 0) { samples[v.name].push(ms); cpu[v.name].push(Number(line.split(' ')[3])); }
    }
  }
  // The split, each mode in fresh processes (cold: what a start pays), modes interleaved.
  const modes = ['parse', 'parse_acorn', 'instrument', 'compile_original', 'compile_instrumented', 'cache_read', 'holders'];
  const split = Object.fromEntries(modes.map((m) => [m, []]));
  for (let r = 0; r < splitRuns; r++) {
    for (const m of rotate(modes, r)) {
      const res = await runOk(node, [path.join(V2, 'instrument-split.js'), m, app.dir, cacheDir], { timeoutMs: 120_000 });
      split[m].push(JSON.parse(res.stdout.trim().split('\n').pop()));
    }
  }
  return { app: { count: app.count, bytes: app.bytes }, first_line_ms: samples, cpu_to_first_line_ms: cpu, split };
}

// ---- eager: EagerConversionUpdate of 1 000 000 objects, and where the time goes

export async function eagerConversion({ tmp, reps, n }) {
  const app = path.join(FIXTURES, 'pause-app.js');
  const env = { ...process.env, MOULT_LOG: path.join(tmp, 'eager-events.jsonl') };
  const out = { eager: [], plain: [], breakdown: [] };
  for (let r = 0; r < reps; r++) {
    const steps = [
      ['eager', ['--expose-gc', '--require', PRELOAD, app, 'eager', String(n)]],
      ['plain', ['--expose-gc', app, 'plain', String(n)]],
      ['breakdown', ['--expose-gc', '--no-warnings', path.join(V2, 'query-objects.js'), String(n), '50000']],
    ];
    for (const [name, args] of rotate(steps, r)) {
      const res = await runOk(node, args, { env, timeoutMs: 600_000 });
      const j = JSON.parse(res.stdout.trim().split('\n').pop());
      out[name].push(name === 'breakdown' ? j : { ...j.result, rss_mb: j.rss_mb, idle_max_gap_ms: j.idle.max_gap_ms });
    }
    log(`  eager rep ${r + 1}/${reps}: eager ${out.eager.at(-1).max_gap_ms.toFixed(0)} ms, plain loop ${out.plain.at(-1).max_gap_ms.toFixed(0)} ms, queryObjects ${out.breakdown.at(-1).query.toFixed(0)} ms`);
  }
  return out;
}

export { median };
