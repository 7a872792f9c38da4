// `moult check [app|dir] [--json]` (SPEC 6.7, issue 15 item 4): before a deploy, which files the
// load-time rewrite leaves as written and why, by the same check as the rewrite's corpus tests;
// exit 0 when every file is rewritten, 1 when some are not, 2 for bad input. A folder is read
// with the default filter (node_modules left out); an app with its cwd and updates.instrument as
// the daemon knows them. No real construct is known to break the rewrite any more: the rewrite's
// test seam (MOULT_TEST_BREAK_REWRITE) breaks the files that hold its marker.
import test from 'ava';
import path from 'node:path';
import { sandbox, show } from '../helpers/moult.mjs';

const env = { MOULT_TEST_BREAK_REWRITE: 'BREAK-THIS-REWRITE' };
const FILES = {
  'server.js': 'const noop = async () => {};\nfunction handle(req) {\n  \'use strict\'\n  return noop(req);\n}\nmodule.exports = { handle };\n',
  'lib/esm.mjs': 'export const mk = async (x) => ({ x });\nexport function* g() {}\n',
  'lib/broken.js': '// BREAK-THIS-REWRITE\nconst a = 1;\nfunction f() {\n  return a;\n}\n',
  'lib/not-js.js': 'function (\n',
  'lib/left.js': 'const pick = ({ a }) => a;\nasync function load() {\n  var cached;\n  function cached() {}\n}\nmodule.exports = { pick, load };\n',
  'node_modules/dep/index.js': '// BREAK-THIS-REWRITE\nfunction g() {}\n',
};

test('moult check on a folder names each file the rewrite leaves as written, with its line and reason, and exits 1', async (t) => {
  const sb = sandbox(t);
  sb.files(FILES);
  const r = await sb.cli(['check', sb.appDir], { env });
  t.is(r.code, 1, show(r));
  t.regex(r.stdout, /^lib\/broken\.js:3: not instrumented, loads as written \(a bug of moult: please report it\): the rewritten code does not compile: SyntaxError: Unexpected token '\)'$/m);
  t.regex(r.stdout, /^lib\/not-js\.js:1: Node cannot compile it as written: SyntaxError/m);
  t.regex(r.stdout, /^lib\/left\.js:1: pick stays as written, LiveEdit updates it \(an arrow with patterns or defaults in its parameters\)$/m);
  t.regex(r.stdout, /^lib\/left\.js:2: load stays as written, LiveEdit updates it \(its body declares a function whose name would clash once the body is wrapped in try\/finally\)$/m);
  t.regex(r.stdout, /: 5 files, 3 instrumented \(\d+ functions reach their slots, 2 stay as written\), 1 loaded as written, 1 Node cannot compile$/m);
  t.notRegex(r.stdout, /server\.js|esm\.mjs|node_modules/, 'rewritten files and node_modules are not listed');
});

test('moult check --json gives the target, every file with its status, and counts', async (t) => {
  const sb = sandbox(t);
  sb.files(FILES);
  const r = await sb.cli(['check', '--json'], { env }); // the current folder
  t.is(r.code, 1, show(r));
  const report = JSON.parse(r.stdout);
  t.deepEqual(report.target, { dir: sb.appDir, instrument: null });
  t.deepEqual(report.summary, { instrumented: 3, skipped: 0, broken: 1, invalid: 1 });
  const byName = Object.fromEntries(report.files.map((f) => [path.relative(sb.appDir, f.file), f]));
  t.deepEqual(Object.keys(byName).sort(), ['lib/broken.js', 'lib/esm.mjs', 'lib/left.js', 'lib/not-js.js', 'server.js']);
  t.like(byName['lib/left.js'], { status: 'instrumented', functions: 3, instrumented: 1, left: [{ line: 1, name: 'pick', why: 'arrow-parameters' }, { line: 2, name: 'load', why: 'declarations' }] });
  t.deepEqual(byName['server.js'], { file: path.join(sb.appDir, 'server.js'), status: 'instrumented', type: 'script', functions: 2, instrumented: 2 });
  t.like(byName['lib/esm.mjs'], { status: 'instrumented', type: 'module', functions: 2, instrumented: 2 });
  t.like(byName['lib/broken.js'], { status: 'broken', type: 'script', line: 3 });
  t.regex(byName['lib/broken.js'].reason, /^the rewritten code does not compile: SyntaxError/);
  t.like(byName['lib/not-js.js'], { status: 'invalid', line: 1 });
});

test('moult check exits 0 when every file is rewritten, and 2 for a target that is neither a folder nor an app', async (t) => {
  const sb = sandbox(t);
  sb.files({ 'server.js': FILES['server.js'], 'lib/esm.mjs': FILES['lib/esm.mjs'] });
  const ok = await sb.cli(['check', '.']);
  t.is(ok.code, 0, show(ok));
  t.regex(ok.stdout, /: 2 files, 2 instrumented \(4 functions reach their slots\)$/m);
  const bad = await sb.cli(['check', 'no-such-app-or-folder']);
  t.is(bad.code, 2, show(bad));
  t.regex(bad.stderr, /no-such-app-or-folder is no file or folder, and no running daemon knows an app named no-such-app-or-folder/);
});

test('moult check <app> reads the app\'s cwd and updates.instrument globs as the daemon knows them', async (t) => {
  const sb = sandbox(t);
  sb.files({ ...FILES, 'app.js': 'setInterval(() => {}, 1000);\n' });
  const eco = sb.ecosystem([{ name: 'web', script: 'app.js', cwd: sb.appDir, updates: { instrument: ['lib/**', 'node_modules/dep/**'] } }]);
  const started = await sb.cli(['start', eco], { env });
  t.is(started.code, 0, show(started));
  const r = await sb.cli(['check', 'web', '--json'], { env, cwd: sb.root });
  t.is(r.code, 1, show(r));
  const report = JSON.parse(r.stdout);
  t.deepEqual(report.target, { dir: sb.appDir, app: 'web', instrument: ['lib/**', 'node_modules/dep/**'] });
  t.deepEqual(report.files.map((f) => [path.relative(sb.appDir, f.file), f.status]), [
    ['lib/broken.js', 'broken'], ['lib/esm.mjs', 'instrumented'], ['lib/left.js', 'instrumented'], ['lib/not-js.js', 'invalid'], ['node_modules/dep/index.js', 'broken'],
  ]);
});
