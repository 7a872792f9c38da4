// Issue 15 item 3, semantics: real programs whose code runs instrumented (the preload with
// `updates.instrument` over their node_modules) print, byte for byte, what they print without the
// preload: the TypeScript compiler compiling this project (the emitted files' hashes and every
// diagnostic), acorn and meriyah parsing a corpus (the ASTs' hashes), express answering a fixed
// set of requests, yaml on a fixed set of documents, and qs's own test suite (1 699 tape
// assertions) with qs, tape and their dependencies instrumented. Each program is copied with the
// packages it needs into a scratch folder (outside moult's own tree, and with parsers of its own:
// the runtime loads meriyah before any hook), and says on its first line whether it runs
// instrumented. Slow suite (helpers/slow-suite.mjs).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { execFile } from 'node:child_process';
import { slowTest } from '../helpers/slow-suite.mjs';
import { copyPackages } from '../helpers/package-copy.mjs';
import { jsFiles } from '../helpers/rewrite-check.mjs';
import { scratch, preload, root } from './helpers.mjs';

const require = createRequire(import.meta.url);
const PROGRAMS = path.join(root, 'test/runtime/rewrite-semantics');

function run(dir, program, args, instrumented) {
  const env = { ...process.env, MOULT_LOG: path.join(dir, 'events.jsonl') };
  if (instrumented) env.MOULT_INSTRUMENT = JSON.stringify(['node_modules/**']);
  const argv = [...(instrumented ? ['--require', preload] : []), program, ...args];
  return new Promise((resolve) => {
    execFile(process.execPath, argv, { cwd: dir, env, maxBuffer: 1 << 28, timeout: 280_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? err.code ?? 1 : 0, stdout, stderr });
    });
  });
}

/** Runs `program` plainly and instrumented in a folder holding `packages`; asserts the same output. */
async function sameOutput(t, program, packages, args = [], { files = {} } = {}) {
  t.timeout(300_000);
  const dir = scratch(files, 'moult-semantics-');
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  copyPackages(packages, path.join(dir, 'node_modules'));
  fs.copyFileSync(path.join(PROGRAMS, program), path.join(dir, program));
  const plain = await run(dir, program, args, false);
  const instrumented = await run(dir, program, args, true);
  t.is(plain.code, 0, plain.stderr.slice(0, 3000));
  t.is(instrumented.code, 0, instrumented.stderr.slice(0, 3000));
  const [plainHead, ...plainRest] = plain.stdout.split('\n');
  const [head, ...rest] = instrumented.stdout.split('\n');
  t.notRegex(plainHead, /true/, 'without the preload nothing is instrumented');
  t.regex(head, /^instrumented true( true)?$/, 'under the preload the packages are instrumented');
  t.true(plainRest.length > 10, plain.stdout.slice(0, 2000));
  // t.is rather than deepEqual on lines: a mismatch shows where, not a 100 000-line diff.
  const firstDiff = plainRest.findIndex((l, i) => l !== rest[i]);
  t.is(firstDiff === -1 && rest.length === plainRest.length ? null : { line: firstDiff, plain: plainRest[firstDiff], instrumented: rest[firstDiff] }, null);
  const log = path.join(dir, 'events.jsonl');
  const events = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)) : [];
  t.deepEqual(events.filter((e) => e.level === 'warn' || e.level === 'error').map((e) => e.msg), [], 'no module was skipped');
  return { plain: plainRest, instrumented: rest };
}

slowTest('the TypeScript compiler, instrumented, emits this project byte for byte as it does plainly', async (t) => {
  const { plain } = await sameOutput(t, 'tsc-emit.cjs', ['typescript'], [root]);
  t.regex(plain.at(-2), /^\d+ files emitted$/);
  t.true(Number(/^(\d+)/.exec(plain.at(-2))[1]) > 100, plain.at(-2));
});

slowTest('acorn and meriyah, instrumented, parse a corpus into the same ASTs', async (t) => {
  const { sourceTypeOf } = require(path.join(root, 'dist/runtime/instrument/check-files.js'));
  const t262 = path.join(root, 'node_modules/test262-parser-tests/pass');
  const corpus = fs.readdirSync(t262).map((f) => ({ file: path.join(t262, f), type: f.endsWith('.module.js') ? 'module' : 'script' }));
  // Every third file of node_modules under 100 kB, as Node would read it.
  const modules = jsFiles(path.join(root, 'node_modules'), { skip: (p) => p.endsWith(`${path.sep}.cache`) || p.includes('test262-parser-tests') })
    .filter((f, i) => i % 3 === 0 && fs.statSync(f).size < 100_000);
  for (const file of modules) corpus.push({ file, type: sourceTypeOf(file) ?? 'script' });
  const { plain } = await sameOutput(t, 'parse-corpus.cjs', ['acorn', 'meriyah'], ['corpus.json'], { files: { 'corpus.json': JSON.stringify(corpus) } });
  t.true(plain.length > 3000, `${plain.length} files parsed`);
});

slowTest('express, instrumented, answers a fixed set of requests as it does plainly', async (t) => {
  const { plain } = await sameOutput(t, 'express-requests.cjs', ['express']);
  t.true(plain.some((l) => l.startsWith('GET /api/users/ann -> 200 ')), plain.join('\n'));
});

slowTest('yaml, instrumented, parses and writes a fixed set of documents as it does plainly', async (t) => {
  const { plain } = await sameOutput(t, 'yaml-documents.cjs', ['yaml']);
  t.true(plain.some((l) => l.startsWith('0 parse {"a":1')), plain.join('\n'));
});

slowTest('qs\'s own test suite passes with qs, tape and their dependencies instrumented', async (t) => {
  const testDeps = ['tape', 'es-value-fixtures', 'for-each', 'has-bigints', 'has-override-mistake', 'has-property-descriptors', 'has-proto', 'has-symbols', 'iconv-lite', 'mock-property', 'object-inspect', 'safer-buffer'];
  const { plain, instrumented } = await sameOutput(t, 'qs-tests.cjs', ['qs', ...testDeps]);
  t.true(plain.includes('# ok'), 'every qs test passes without the preload');
  t.true(instrumented.includes('# ok'));
  t.true(Number(/^# pass +(\d+)$/m.exec(instrumented.join('\n'))?.[1]) > 1000, instrumented.slice(-6).join('\n'));
});
