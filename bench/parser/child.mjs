// One measurement in a fresh process, started by bench/parser/run.mjs:
//   node bench/parser/child.mjs '<json task>'
// Prints one JSON line. Tasks:
//   {task:'speed', parser, file, kind, warmup, reps}   parse + walk of one file, cold then hot
//   {task:'batch', variant, list}                       parser load + one parse/walk of each file in list
//                                                       (variant 'compile': vm.compileFunction of each, the anchor)
//   {task:'corpus', variant, list}                      accept/reject + function signature per file
//                                                       (variant 'v8': node's own parser, the ground truth)
//   {task:'syntax'}                                     the cases of fixtures/syntax.mjs, every parser and V8
//   {task:'functions'}                                  offsets of every function of fixtures/functions.{cjs,mjs}
//                                                       against V8's Function.prototype.toString
// syntax, functions and corpus (variant v8) need --experimental-vm-modules (vm.SourceTextModule).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { performance } from 'node:perf_hooks';
import { PARSERS, ROOT, collectFunctions, collectFunctionsWithParents, load, oxcSplit, signature } from './parsers.mjs';

const task = JSON.parse(process.argv[2]);
const now = () => performance.now();
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const CJS_PARAMS = ['exports', 'require', 'module', '__filename', '__dirname'];
const FIXTURES = path.join(ROOT, 'bench', 'parser', 'fixtures');
const errText = (e) => String(e?.message ?? e).split('\n')[0].slice(0, 160);

/** node's own answer: V8 compiles it as node would (CommonJS wrapper function, or an ES module). */
function v8Accepts(code, kind, filename = 'input') {
  try {
    if (kind === 'module') new vm.SourceTextModule(code, { identifier: `file:///${filename}` });
    else vm.compileFunction(code, CJS_PARAMS, { filename });
    return { ok: true };
  } catch (e) {
    return { ok: false, error: errText(e) };
  }
}

function speed({ parser, file, kind, warmup, reps }) {
  const src = fs.readFileSync(file, 'utf8');
  // 'meriyah:ranges': meriyah with `ranges: true` (a range array on every node), for comparison.
  const [name, flavour] = parser.split(':');
  const variant = flavour ? { [flavour]: true } : {};
  let t = now();
  const parse0 = load(name);
  const load_ms = now() - t;
  const parse = (s, k) => parse0(s, k, variant);
  const out = { parser, file, kind, load_ms, chars: src.length, bytes: Buffer.byteLength(src), parse_ms: [], walk_ms: [], parse_cpu_ms: [] };
  // The first parse in a fresh process (the parser's code not yet optimised): what an app pays
  // for each of its modules at startup, more or less.
  t = now();
  let ast;
  try {
    ast = parse(src, kind);
  } catch (e) {
    return { ...out, error: errText(e) };
  }
  out.cold_parse_ms = now() - t;
  t = now();
  const first = collectFunctions(ast);
  out.cold_walk_ms = now() - t;
  out.functions = first.fns.length;
  out.nodes = first.nodes;
  out.sig = crypto.createHash('md5').update(signature(first.fns)).digest('base64').slice(0, 12);
  ast = null;
  for (let i = 0; i < warmup; i++) collectFunctions(parse(src, kind));
  // No gc() between runs: a forced full GC makes the next parses of the JS parsers several times
  // slower (measured: acorn 0.25 -> 1.9 ms for a 5 KB module); GC is part of the cost anyway.
  for (let i = 0; i < reps; i++) {
    const c0 = cpu();
    const t0 = now();
    ast = parse(src, kind);
    const t1 = now();
    const c1 = cpu();
    collectFunctions(ast);
    const t2 = now();
    out.parse_ms.push(t1 - t0);
    out.walk_ms.push(t2 - t1);
    out.parse_cpu_ms.push(c1 - c0);
    ast = null;
  }
  if (parser === 'oxc') out.oxc_split = Array.from({ length: reps }, () => oxcSplit(src, kind));
  return out;
}

function batch({ variant, list }) {
  const files = JSON.parse(fs.readFileSync(list, 'utf8'));
  const sources = files.map((f) => fs.readFileSync(f.file, 'utf8'));
  const out = { variant, files: files.length, bytes: sources.reduce((n, s) => n + Buffer.byteLength(s), 0), failures: [] };
  if (variant === 'compile') {
    const c0 = cpu();
    const t0 = now();
    sources.forEach((s, i) => vm.compileFunction(s, CJS_PARAMS, { filename: files[i].file }));
    out.compile_ms = now() - t0;
    out.cpu_ms = cpu() - c0;
    return out;
  }
  const c0 = cpu();
  let t = now();
  const parse = load(variant);
  out.load_ms = now() - t;
  out.parse_ms = 0;
  out.walk_ms = 0;
  out.functions = 0;
  sources.forEach((s, i) => {
    t = now();
    let ast;
    try {
      ast = parse(s, 'commonjs');
    } catch (e) {
      out.failures.push({ file: files[i].file, error: errText(e) });
      out.parse_ms += now() - t;
      return;
    }
    const t1 = now();
    out.functions += collectFunctions(ast).fns.length;
    const t2 = now();
    if (i === 0) out.first_parse_ms = t1 - t;
    out.parse_ms += t1 - t;
    out.walk_ms += t2 - t1;
  });
  // CPU time of the whole (load + parse + walk): less sensitive than wall time to other work on the machine.
  out.cpu_ms = cpu() - c0;
  return out;
}

function corpus({ variant, list }) {
  const files = JSON.parse(fs.readFileSync(list, 'utf8'));
  const parse = variant === 'v8' ? null : load(variant);
  const results = [];
  let ms = 0;
  for (const { file, kind } of files) {
    const src = fs.readFileSync(file, 'utf8');
    const t0 = now();
    if (!parse) {
      const r = v8Accepts(src, kind, file);
      ms += now() - t0;
      results.push(r.ok ? [1] : [0, r.error]);
      continue;
    }
    try {
      const { fns } = collectFunctions(parse(src, kind));
      ms += now() - t0;
      const sig = crypto.createHash('md5').update(signature(fns)).digest('base64').slice(0, 12);
      results.push([1, sig, fns.length]);
    } catch (e) {
      ms += now() - t0;
      results.push([0, errText(e)]);
    }
  }
  return { variant, ms, results };
}

function syntax() {
  // Loaded here so that the fixture list has one home.
  return import(path.join(FIXTURES, 'syntax.mjs')).then(({ CASES }) => {
    const parsers = Object.fromEntries(PARSERS.map((p) => [p, load(p)]));
    return CASES.map((c) => {
      const row = { id: c.id, kind: c.kind, valid: c.valid, note: c.note, node: v8Accepts(c.code, c.kind) };
      for (const p of PARSERS) {
        try {
          parsers[p](c.code, c.kind);
          row[p] = { ok: true };
        } catch (e) {
          row[p] = { ok: false, error: errText(e) };
        }
      }
      // meriyah's `next` option turns on stage-3 features: does it change the answer?
      try {
        parsers.meriyah(c.code, c.kind, { next: true });
        row.meriyah_next = { ok: true };
      } catch (e) {
        row.meriyah_next = { ok: false, error: errText(e) };
      }
      return row;
    });
  });
}

/**
 * What V8 gives as a function's text, from a parser's function node: the node's own source
 * range, except for methods/getters/setters (V8 starts at the key or at `async`/`get`/`*`; ESTree's
 * FunctionExpression starts at the parameters; V8 leaves out `static`) and class constructors
 * (the constructor function is the class: its text is the whole class).
 */
function v8TextOf(src, { node, parent, grand }, classOf) {
  if (parent?.type === 'MethodDefinition' && parent.kind === 'constructor') {
    const cls = classOf.get(grand);
    return cls ? src.slice(cls.start, cls.end) : null;
  }
  const isMethod = parent?.type === 'MethodDefinition' || (parent?.type === 'Property' && (parent.method || parent.kind === 'get' || parent.kind === 'set'));
  if (isMethod && parent.value === node) return src.slice(parent.start, node.end).replace(/^static\s+/, '');
  return src.slice(node.start, node.end);
}

async function evaluateFixture(file, kind) {
  const src = fs.readFileSync(file, 'utf8');
  if (kind === 'commonjs') {
    const module = { exports: {} };
    vm.compileFunction(src, CJS_PARAMS, { filename: file })(module.exports, () => { throw new Error('no require'); }, module, file, path.dirname(file));
    return { src, fns: module.exports };
  }
  const m = new vm.SourceTextModule(src, { identifier: `file://${file}` });
  await m.link(() => { throw new Error('no imports'); });
  await m.evaluate();
  return { src, fns: m.namespace.F };
}

async function functions() {
  const out = {};
  for (const [name, kind] of [['functions.cjs', 'commonjs'], ['functions.mjs', 'module']]) {
    const file = path.join(FIXTURES, name);
    const { src, fns } = await evaluateFixture(file, kind);
    const expected = fns.map((f) => f.toString());
    const res = (out[name] = { kind, expected: expected.length, distinct_texts: new Set(expected).size, non_ascii_chars: [...src].filter((c) => c.codePointAt(0) > 127).length, utf8_bytes: Buffer.byteLength(src), utf16_units: src.length, parsers: {} });
    for (const p of PARSERS) {
      const r = (res.parsers[p] = { found: 0, matched: 0, mismatches: [], body_start_not_brace: [], method_start_not_paren: 0 });
      let program;
      try {
        program = load(p)(src, kind);
      } catch (e) {
        r.error = errText(e);
        continue;
      }
      const list = collectFunctionsWithParents(program);
      // ClassBody -> its class node, for constructors.
      const classOf = new Map();
      (function index(n) {
        if (!n || typeof n !== 'object') return;
        if (Array.isArray(n)) return n.forEach(index);
        if ((n.type === 'ClassDeclaration' || n.type === 'ClassExpression') && n.body) classOf.set(n.body, n);
        for (const k in n) if (n[k] && typeof n[k] === 'object') index(n[k]);
      })(program);
      r.found = list.length;
      const left = [...expected];
      for (const item of list) {
        const { node, parent } = item;
        const text = v8TextOf(src, item, classOf);
        const i = left.indexOf(text);
        if (i >= 0) {
          left.splice(i, 1);
          r.matched++;
        } else {
          r.mismatches.push({ type: node.type, start: node.start, end: node.end, text: String(text).slice(0, 60) });
        }
        if (node.body?.type === 'BlockStatement' && src[node.body.start] !== '{') r.body_start_not_brace.push(node.start);
        if (node.body && (node.body.end > node.end || node.body.start < node.start)) r.mismatches.push({ type: node.type, start: node.start, end: node.end, text: 'body outside the function range' });
        const isMethod = parent?.type === 'MethodDefinition' || (parent?.type === 'Property' && parent.value === node && (parent.method || parent.kind !== 'init'));
        if (isMethod && src[node.start] !== '(') r.method_start_not_paren++;
      }
      r.unmatched_expected = left.map((t) => t.slice(0, 60));
      r.ok = r.matched === expected.length && r.found === expected.length && !r.mismatches.length && !r.body_start_not_brace.length;
    }
  }
  return out;
}

const tasks = { speed, batch, corpus, syntax, functions };
const result = await tasks[task.task](task);
process.stdout.write(JSON.stringify(result) + '\n');
