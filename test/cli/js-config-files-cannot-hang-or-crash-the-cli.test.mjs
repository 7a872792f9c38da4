// Audit rows 5.13, 5.14 and the side note on endless loops: an ecosystem.config.{js,mjs} is a
// program, run when it is read. One whose default export is a rejected promise printed an
// unhandled-rejection trace quoting the file and exited 1; one that leaves a timer kept the CLI
// alive for good after its refusal; `while (true) {}` hung the CLI forever. Each now ends with
// exit 2 and a clear message naming the file, the CLI exits, and no daemon is started. (JS files
// are read in a worker thread with a deadline: config/js-config.ts.)
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { sandbox, show } from '../helpers/moult.mjs';

const APP = 'setInterval(() => {}, 1000);\n';

function refusedAndGone(t, sb, r, pattern) {
  t.false(r.timedOut, `the CLI did not exit: ${show(r)}`);
  t.is(r.code, 2, show(r));
  t.regex(r.stderr, pattern, show(r));
  t.false(fs.existsSync(path.join(sb.home, 'moultd.pid')), 'no daemon was started');
}

test('row 5.13: a .config.mjs whose default export rejects: exit 2, the reason, no trace', async (t) => {
  const sb = sandbox(t);
  sb.files({ 'rej.config.mjs': 'export default Promise.reject(new Error("async boom"));\n', 'app.js': APP });
  const r = await sb.cli(['start', 'rej.config.mjs'], { timeoutMs: 30_000 });
  refusedAndGone(t, sb, r, /rej\.config\.mjs: .*a Promise.*rejected: async boom/);
  t.false(r.stderr.includes('file://'), `no trace: ${show(r)}`);
  t.false(r.stderr.includes('export default Promise'), `the file's source is not printed: ${show(r)}`);
  t.false(/unhandled/i.test(r.stderr), show(r));
});

test('row 5.14: a refused .config.js that leaves a timer: exit 2 and the CLI exits', async (t) => {
  const sb = sandbox(t);
  sb.files({ 'hang.config.js': 'setInterval(() => {}, 1000);\nmodule.exports = { apps: [] };\n', 'app.js': APP });
  const r = await sb.cli(['start', 'hang.config.js'], { timeoutMs: 30_000 });
  refusedAndGone(t, sb, r, /hang\.config\.js: apps: expected a non-empty array of apps/);
});

test('a config in an endless loop: exit 2 once its loading deadline passes, and the CLI exits', async (t) => {
  const sb = sandbox(t);
  sb.files({ 'loop.config.js': 'while (true) {}\n', 'app.js': APP });
  const r = await sb.cli(['start', 'loop.config.js'], { timeoutMs: 40_000 });
  refusedAndGone(t, sb, r, /loop\.config\.js: .*did not finish loading within 10 s/);
});

test('a config that calls process.exit() is refused, and the CLI itself goes on to say so', async (t) => {
  const sb = sandbox(t);
  sb.files({ 'exit.config.js': 'process.exit(0);\n', 'app.js': APP });
  const r = await sb.cli(['start', 'exit.config.js'], { timeoutMs: 30_000 });
  refusedAndGone(t, sb, r, /exit\.config\.js: .*process\.exit/);
});

test('a config holding a function is refused with the path of the function', async (t) => {
  const sb = sandbox(t);
  sb.files({ 'fn.config.js': 'module.exports = { apps: [{ name: "a", script: "app.js", env: { X: () => 1 } }] };\n', 'app.js': APP });
  const r = await sb.cli(['start', 'fn.config.js'], { timeoutMs: 30_000 });
  refusedAndGone(t, sb, r, /fn\.config\.js: apps\[0\]\.env\.X: a function/);
});

test('an accepted config that leaves a timer starts its apps, and the CLI exits', async (t) => {
  const sb = sandbox(t);
  sb.files({
    'timer.config.js': 'setInterval(() => {}, 1000);\nconsole.log("config loaded");\nmodule.exports = { apps: [{ name: "timed", script: "app.js", env: { FROM: process.env.MOULT_TEST_FROM } }] };\n',
    'app.js': APP,
  });
  const r = await sb.cli(['start', 'timer.config.js'], { timeoutMs: 30_000, env: { MOULT_TEST_FROM: 'the caller' } });
  t.false(r.timedOut, show(r));
  t.is(r.code, 0, show(r));
  const [inst] = await sb.ls();
  t.like(inst, { name: 'timed' });
  const state = JSON.parse(fs.readFileSync(path.join(sb.home, 'state.json'), 'utf8'));
  t.is(state.apps[0].config.env.FROM, 'the caller', 'the config read the caller\'s environment');
});
