// Issue 15 item 3, syntax: the rewrite of every .js/.cjs/.mjs file of this project's whole
// node_modules and of every syntax case of the test262-parser-tests package (pass/ and
// pass-explicit/: valid scripts, and modules named *.module.js) compiles under V8 as the same kind
// of source and keeps every token on its line (runtime/instrument/check.ts, the check behind
// `moult check`). Files V8 itself cannot compile as written (on this Node line) and files the
// parser cannot read (they load as written, reported) are listed and left out, with the reason.
// Slow suite (helpers/slow-suite.mjs): in CI on one Node line; two child processes and a cache
// keyed by content. Cold, node_modules (11 691 files, 61 MB) cost one child 12 s of CPU (Node 22,
// 77 s wall under a load of 25 from other work): well under a minute over two idle cores; the
// timeout below only guards against a hang on a loaded machine.
import fs from 'node:fs';
import path from 'node:path';
import { slowTest } from '../helpers/slow-suite.mjs';
import { checkFiles, jsFiles } from '../helpers/rewrite-check.mjs';
import { root } from './helpers.mjs';

const summary = (verdicts) => {
  const by = {};
  for (const v of verdicts) (by[v.status] ??= []).push(v);
  return by;
};
const kinds = (list) => {
  const count = {};
  for (const v of list ?? []) {
    const kind = v.reason.replace(/\(.*$|'[^']*'|"[^"]*"|\[\d+:\d+-\d+:\d+\]:?|\d+/g, '…').slice(0, 90);
    count[kind] = (count[kind] ?? 0) + 1;
  }
  return Object.entries(count).sort((a, b) => b[1] - a[1]).map(([k, n]) => `  ${n} × ${k}`).join('\n');
};
const show = (list) => (list ?? []).map((v) => `  ${path.relative(root, v.file)}:${v.line ?? '?'} ${v.reason}`).join('\n');

slowTest('the rewrite of every file of node_modules compiles as the same kind of source and keeps every line', async (t) => {
  t.timeout(180_000);
  const files = jsFiles(path.join(root, 'node_modules'), { skip: (p) => p.endsWith(`${path.sep}.cache`) || p.includes(`${path.sep}test262-parser-tests${path.sep}`) });
  t.true(files.length > 4000, `node_modules has ${files.length} files`);
  const by = summary(await checkFiles(files.map((file) => ({ file }))));
  t.log(`${files.length} files: ${Object.entries(by).map(([k, v]) => `${v.length} ${k}`).join(', ')}`);
  if (by.invalid) t.log(`left out, Node cannot compile them as written:\n${kinds(by.invalid)}`);
  if (by.skipped) t.log(`left out, the parser cannot read them (they load as written):\n${show(by.skipped)}`);
  t.is(by.broken?.length ?? 0, 0, `the rewrite broke:\n${show(by.broken)}`);
  t.true(by.instrumented.length > 4000);
});

slowTest('the rewrite of every syntax case of test262-parser-tests compiles as the same kind of source and keeps every line', async (t) => {
  t.timeout(180_000);
  const dir = path.join(root, 'node_modules/test262-parser-tests');
  const files = ['pass', 'pass-explicit'].flatMap((d) => fs.readdirSync(path.join(dir, d)).filter((f) => f.endsWith('.js')).map((f) => path.join(dir, d, f)));
  t.true(files.length > 3000, `test262-parser-tests has ${files.length} syntax cases`);
  const by = summary(await checkFiles(files.map((file) => ({ file, type: file.endsWith('.module.js') ? 'module' : 'script' }))));
  t.log(`${files.length} cases: ${Object.entries(by).map(([k, v]) => `${v.length} ${k}`).join(', ')}`);
  if (by.invalid) t.log(`left out, Node cannot compile them as written:\n${kinds(by.invalid)}`);
  if (by.skipped) t.log(`left out, the parser cannot read them (they load as written):\n${show(by.skipped)}`);
  t.is(by.broken?.length ?? 0, 0, `the rewrite broke:\n${show(by.broken)}`);
});
