// The load-time rewrite never turns valid JavaScript into code that does not compile (issue 15
// item 1), for every boundary case of rewrite-cases.mjs, in CommonJS and in ES modules:
// - the rewritten source compiles under V8 as the same kind of source and keeps every line;
// - an app made of those modules starts under the preload, every module instrumented (not
//   loaded as written by the fail-safe), and prints what it prints without the preload.
import test from 'ava';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { execFile } from 'node:child_process';
import { CASES as ALL_CASES } from './rewrite-cases.mjs';
import { v8Compile } from '../helpers/v8-syntax.mjs';
import { scratch, preload, root } from './helpers.mjs';

const require = createRequire(import.meta.url);
const { instrument } = require(path.join(root, 'dist/runtime/instrument/rewrite.js'));

const CASES = ALL_CASES.filter((c) => !c.minNode || Number(process.versions.node.split('.')[0]) >= c.minNode);
const TYPES = { script: { ext: 'js', isModule: false }, module: { ext: 'mjs', isModule: true } };
const typesOf = (c) => c.types ?? ['script', 'module'];
const sourceOf = (c, type) => type === 'module'
  ? `${c.code}\nexport default function run() { return (${c.run}); }\n`
  : `${c.code}\nmodule.exports = function run() { return (${c.run}); };\n`;
const lineBreaks = (s) => (s.match(/\r\n|[\n\r\u2028\u2029]/g) ?? []).length;

// One child compiles every source (original and rewritten) of every case.
const units = [];
for (const c of CASES) for (const type of typesOf(c)) {
  const source = sourceOf(c, type);
  let code = null;
  let error = null;
  try {
    code = instrument(source, 'rewrite', TYPES[type].isModule).code;
  } catch (err) {
    error = err;
  }
  units.push({ c, type, source, code, error });
}
let verdicts = null;
const compiled = () => (verdicts ??= v8Compile(units.flatMap((u) => [
  { code: u.source, isModule: TYPES[u.type].isModule },
  { code: u.code ?? '', isModule: TYPES[u.type].isModule },
])));

units.forEach((u, i) => {
  test(`rewritten ${u.type} compiles and keeps its lines: ${u.c.name}`, async (t) => {
    const v = await compiled();
    t.true(v[2 * i].ok, `the case itself must be valid ${u.type} code: ${v[2 * i].error}`);
    t.is(u.error, null, `instrument() threw: ${u.error?.stack}`);
    t.true(v[2 * i + 1].ok, `${v[2 * i + 1].error} at line ${v[2 * i + 1].line}: ${u.code?.split(/\r\n|[\n\r\u2028\u2029]/)[(v[2 * i + 1].line ?? 1) - 1]}`);
    // The module's own lines, then one line for the eval hook appended at the end.
    t.is(lineBreaks(u.code), lineBreaks(u.source) + 1);
    t.true(u.code.includes('__moult$'), 'the case has functions to instrument');
  });
});

function run(dir, script, withPreload) {
  const args = withPreload ? ['--require', preload, script] : [script];
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd: dir, env: { ...process.env, MOULT_LOG: path.join(dir, `events-${withPreload}.jsonl`) }, timeout: 20_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? err.code ?? 1 : 0, stdout, stderr });
    });
  });
}

for (const [type, { ext }] of Object.entries(TYPES)) {
  test(`an app of ${type === 'module' ? 'ES' : 'CommonJS'} modules on every boundary starts under the preload, every module instrumented, and prints what it prints without it`, async (t) => {
    const cases = CASES.filter((c) => typesOf(c).includes(type));
    const files = {};
    cases.forEach((c, i) => { files[`cases/${i}.${ext}`] = sourceOf(c, type); });
    const load = type === 'module' ? 'async (i) => (await import(`./cases/${i}.mjs`)).default' : 'async (i) => require(`./cases/${i}.js`)';
    files[`app.${ext === 'js' ? 'cjs' : 'mjs'}`] = `const load = ${load};
const names = ${JSON.stringify(cases.map((c) => c.name))};
(async () => {
  for (const [i, name] of names.entries()) {
    let line;
    try {
      const run = await load(i);
      line = JSON.stringify(await run()) + (String(run).includes('__moult$') ? '' : ' (not instrumented)');
    } catch (e) {
      line = 'threw ' + e.name + ': ' + e.message;
    }
    console.log(name + ': ' + line);
  }
})();
`;
    const dir = scratch(files, 'moult-rewrite-');
    t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
    const app = `app.${ext === 'js' ? 'cjs' : 'mjs'}`;
    const plain = await run(dir, app, false);
    const instrumented = await run(dir, app, true);
    t.is(plain.code, 0, plain.stderr);
    t.is(instrumented.code, 0, instrumented.stderr);
    const expected = plain.stdout.split('\n').map((l) => (l ? `${l.replace(/ \(not instrumented\)$/, '')}` : l));
    t.deepEqual(instrumented.stdout.split('\n'), expected);
    t.is(instrumented.stderr, '');
    const log = path.join(dir, 'events-true.jsonl');
    const events = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)) : [];
    t.deepEqual(events.filter((e) => e.level === 'warn' || e.level === 'error'), []);
  });
}

// Node 20.19+ compiles an ES module that require() loads (a package's "module-sync" export, or a
// .mjs file) through Module.prototype._compile too, where it was once read as a script: found by
// the qs semantics test (tape requires async-function, whose require.mjs was skipped).
test('an ES module loaded by require() is instrumented as a module', async (t) => {
  const dir = scratch({
    'esm.mjs': 'export const noop = async () => {};\nexport function add(a, b) { return a + b }\n',
    'node_modules/dual/package.json': JSON.stringify({ name: 'dual', exports: { '.': [{ 'module-sync': './require.mjs', default: './index.js' }, './index.js'] } }),
    'node_modules/dual/index.js': 'module.exports = function dual() { return "cjs" };\n',
    'node_modules/dual/require.mjs': "export default function dual() { return 'esm' }\nexport { dual as 'module.exports' };\n",
    'app.cjs': `const esm = require('./esm.mjs');
const dual = require('dual');
console.log(esm.add(1, 2), String(esm.add).includes('__moult$'), dual(), String(dual).includes('__moult$'));
`,
  }, 'moult-rewrite-');
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const env = { ...process.env, MOULT_LOG: path.join(dir, 'events.jsonl'), MOULT_INSTRUMENT: JSON.stringify(['*.mjs', 'node_modules/dual/*']) };
  const r = await new Promise((resolve) => execFile(process.execPath, ['--require', preload, 'app.cjs'], { cwd: dir, env }, (err, stdout, stderr) => resolve({ code: err ? err.code : 0, stdout, stderr })));
  t.is(r.code, 0, r.stderr);
  // "module-sync" is a condition on every supported line (20.19+, 22.10+): require.mjs is loaded.
  t.is(r.stdout.trim(), '3 true esm true');
  const log = path.join(dir, 'events.jsonl');
  t.is(fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : '', '', 'no warning');
});

// What import-fresh (cosmiconfig's config loading), decache and hot-reload tools do: a module
// deleted from require.cache and required again is a second instance of the same file. It was
// once loaded as written, with a warning that blamed the parser (its holder's name was taken).
test('a module required again after leaving require.cache is instrumented again, each instance with its own slots', async (t) => {
  const dir = scratch({
    'conf.js': 'let loads = 0;\nexports.f = function f() { return ++loads; };\n',
    'app.cjs': `const a = require('./conf');
delete require.cache[require.resolve('./conf')];
const b = require('./conf');
console.log(a.f(), a.f(), b.f(), a.f === b.f, String(a.f).includes('__moult$'), String(b.f).includes('__moult$'));
`,
  }, 'moult-rewrite-');
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const env = { ...process.env, MOULT_LOG: path.join(dir, 'events.jsonl') };
  const r = await new Promise((resolve) => execFile(process.execPath, ['--require', preload, 'app.cjs'], { cwd: dir, env }, (err, stdout, stderr) => resolve({ code: err ? err.code : 0, stdout, stderr })));
  t.is(r.code, 0, r.stderr);
  t.is(r.stdout.trim(), '1 2 1 false true true');
  const log = path.join(dir, 'events.jsonl');
  t.is(fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : '', '', 'no warning');
});

// `.apply(this, arguments)` forwards the arguments object; where a parameter or a declaration of
// the function is itself named `arguments` (sloppy code), that name is not the object any more.
test('a function with its own binding named arguments forwards its parameters by name, or is left as written', (t) => {
  const { code } = instrument([
    'function p(arguments, b) { return arguments }',
    'function q(a) { function arguments() {} return a }',
    'function r(a = 1, arguments) { return arguments }',
    'function s(a) { return arguments.length }',
  ].join('\n'), 'args', false);
  const lines = code.split('\n');
  // The forwarder: __moult$call(slot, this, …) is slot.call(this, …) (instrument/rewrite.ts).
  t.regex(lines[0], /__moult\$call\(__moult\$args\.f0,this,arguments,b\)/);
  t.regex(lines[1], /__moult\$call\(__moult\$args\.f1,this,a\)/);
  t.notRegex(lines[2], /__moult\$args\.f2/, 'non-simple parameters cannot be forwarded by name: left as written');
  t.regex(lines[3], /\.apply\(this,arguments\)/, 'the object itself, where it is the object');
});
