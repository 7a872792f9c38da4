// Issue 15 item 3, fuzzing: random programs (eslump: random ASTs printed with random parentheses,
// whitespace, line terminators, comments and semicolons), rewritten, compile under V8 as the
// same kind of source and keep every line (runtime/instrument/check.ts). Each run checks the kept
// corpus (test/corpus/rewrite-fuzz: every program that ever failed) and then a fixed number of
// seeds, MOULT_FUZZ_RUNS (default 200) from MOULT_FUZZ_SEED (default 1000; any other start
// explores new programs). A failing program is added to the kept corpus, named by its seed.
// Programs V8 refuses as written (eslump makes many with early errors) or the parser cannot read
// are counted and left out. Slow suite (helpers/slow-suite.mjs).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { slowTest } from '../helpers/slow-suite.mjs';
import { checkFiles } from '../helpers/rewrite-check.mjs';
import { programOf } from '../helpers/fuzz-programs.mjs';
import { root } from './helpers.mjs';

const KEPT = path.join(root, 'test/corpus/rewrite-fuzz');
const FROM = Number(process.env.MOULT_FUZZ_SEED ?? 1000);
const RUNS = Number(process.env.MOULT_FUZZ_RUNS ?? 200);

const typeOf = (file) => (file.endsWith('.mjs') ? 'module' : 'script');
const counts = (verdicts) => {
  const n = {};
  for (const v of verdicts) n[v.status] = (n[v.status] ?? 0) + 1;
  return Object.entries(n).map(([k, c]) => `${c} ${k}`).join(', ');
};
const show = (v) => `  ${path.basename(v.file)}:${v.line ?? '?'} ${v.reason}`;

slowTest('the rewrite of every kept fuzz program compiles and keeps its lines', async (t) => {
  const files = fs.readdirSync(KEPT).filter((f) => /^seed-\d+\.m?js$/.test(f)).map((f) => path.join(KEPT, f));
  t.true(files.length > 0, 'the kept corpus is there');
  const verdicts = await checkFiles(files.map((file) => ({ file, type: typeOf(file) })));
  t.log(`${files.length} kept programs: ${counts(verdicts)}`);
  t.deepEqual(verdicts.filter((v) => v.status !== 'instrumented').map(show), [], 'each kept program is valid and rewritten');
});

slowTest(`the rewrite of ${RUNS} random programs from seed ${FROM} compiles and keeps every line`, async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'moult-fuzz-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const items = [];
  for (let seed = FROM; seed < FROM + RUNS; seed++) {
    const { type, code } = programOf(seed);
    const file = path.join(dir, `seed-${seed}.${type === 'module' ? 'mjs' : 'js'}`);
    fs.writeFileSync(file, code);
    items.push({ file, type });
  }
  const verdicts = await checkFiles(items);
  t.log(`${RUNS} programs: ${counts(verdicts)} (V8 refuses many of eslump's programs as written)`);
  const broken = verdicts.filter((v) => v.status === 'broken');
  for (const v of broken) fs.copyFileSync(v.file, path.join(KEPT, path.basename(v.file)));
  t.deepEqual(broken.map(show), [], `kept in ${path.relative(root, KEPT)}`);
  t.true(verdicts.filter((v) => v.status === 'instrumented').length > RUNS / 5, 'enough valid programs to mean something');
});
