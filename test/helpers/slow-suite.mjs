// Slow suites that do not depend on the Node line (the rewrite's corpus, semantics and fuzz tests)
// run on one line in CI: `.ci/run` exports MOULT_CI_SLOW_LINE (the major that runs them). On the
// other lines they are registered as skipped, with a title that says where they run, so that the
// TAP output shows them (`# SKIP`), never silently absent. Without the variable (a developer's
// `npm test` or `npx ava file`) they run. Use `slowTest(title, fn)` in place of `test(title, fn)`.
import test from 'ava';
import { slowLine as line, slowSuitesRun } from './slow-line.mjs';

export { slowSuitesRun };

export function slowTest(title, fn) {
  if (slowSuitesRun) test(title, fn);
  else test.skip(`${title} (slow suite: runs on Node ${line} in CI)`, fn);
}

/**
 * For a whole file of line-neutral tests (its own daemon in `test.before`, serial tests):
 * `import { lineNeutralTest as test } from '../helpers/slow-suite.mjs'`. Off its line, every
 * test shows as skipped with where it runs, and the hooks (which would start a daemon) do not run.
 */
const skipped = (title, fn) => test.skip(`${title} (line-neutral: runs on Node ${line} in CI)`, fn ?? (() => {}));
const noHook = Object.assign(() => {}, { always: () => {} });
export const lineNeutralTest = slowSuitesRun ? test : Object.assign(skipped, { serial: skipped, before: noHook, after: noHook, beforeEach: noHook, afterEach: noHook });
