// Issue 20: the linter is part of `npm test`. ESLint with typescript-eslint (eslint.config.mjs says
// which rules and why some are off). Chosen over biome by measurement (README "Design choices"):
// biome lints the tree ~11× faster, but its recommended set reports 725 errors of its own on code
// that tsc --strict and this set accept, and typescript-eslint is the set TypeScript projects of the
// field share. Not line-specific: in CI it runs on one Node line (test/helpers/slow-suite.mjs).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { slowTest } from '../helpers/slow-suite.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

slowTest('the sources, tests, benchmarks and scripts pass the linter (npx eslint .)', async (t) => {
  t.timeout(180_000);
  const eslint = new ESLint({ cwd: ROOT });
  const results = await eslint.lintFiles(['.']);
  const problems = results.flatMap((r) => r.messages.map((m) => `${path.relative(ROOT, r.filePath)}:${m.line}:${m.column} ${m.ruleId ?? ''} ${m.message}`));
  t.true(results.length > 300, `linted ${results.length} files`);
  t.deepEqual(problems, [], problems.join('\n'));
});
