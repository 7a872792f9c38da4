// `npm test`: builds, runs ava (arguments after `npm test --` reach it: `--tap`, file globs), then
// checks that no process of the suite is left running (scripts/check-leftovers.mjs) whether the
// tests passed or not, so that a leaking test is caught on the run where it leaks and the next
// run (the next Node line in CI) starts clean. Exits non-zero if either step failed.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(ROOT, 'node_modules', name);
const run = (args) => spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'inherit' }).status ?? 1;

const built = run([bin('typescript/bin/tsc'), '-p', path.join(ROOT, 'tsconfig.json')]);
if (built !== 0) process.exit(built);
const tests = run([bin('ava/entrypoints/cli.mjs'), ...process.argv.slice(2)]);
const leftovers = run([path.join(ROOT, 'scripts', 'check-leftovers.mjs')]);
process.exit(tests !== 0 ? tests : leftovers);
