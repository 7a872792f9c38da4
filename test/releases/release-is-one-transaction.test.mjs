// SPEC 6.5: `moult patch <app> <dir>` applies the app's next release as one transaction. Every
// changed file the app has loaded is planned first; one update applies them all (same pid, state
// kept), the report says which path each file took, and the files are written to disk, so that a
// restart runs the release without hot-applying it again (its replay finds nothing to change).
// `moult rollback` undoes it as one and puts the old files back. A release with one refused file
// applies nothing, in memory or on disk.
import test from 'ava';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { sandbox, startAndWaitOnline, show } from '../helpers/moult.mjs';

const A = `let calls = 0;
function greet(name) { calls++; return 'hello v1 ' + name + ' #' + calls; }
module.exports = { greet };
`;
const B = `function shout(s) { return s.toUpperCase() + ' v1'; }
module.exports = { shout };
`;
const APP = `const { log } = require('moult/runtime');
const { greet } = require('./lib/a');
const { shout } = require('./lib/b');
setInterval(() => log(greet('ann') + ' | ' + shout('hey')), 100);
`;
const A2 = A.replace("'hello v1 '", "'hello v2 '");
const B2 = B.replace("' v1'", "' v2'");

function release(sb, name, files) {
  const dir = path.join(sb.root, name);
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

test('a release folder is applied hot as one update, written to disk, survives a restart and rolls back as one', async (t) => {
  const sb = sandbox(t);
  sb.files({ 'package.json': { name: 'rel-app', version: '1.0.0' }, 'app.js': APP, 'lib/a.js': A, 'lib/b.js': B });
  const eco = sb.ecosystem([{ name: 'r', script: 'app.js', updates: { max_tries: 20, sleep_time: '50ms' } }]);
  await startAndWaitOnline(sb, eco, { apps: { r: 1 } });
  await sb.waitEvent({ event: 'app.log', app: 'r', msg: /^hello v1 ann #\d+ \| HEY v1$/ });
  const [{ pid }] = await sb.ls();
  const next = release(sb, 'next', { 'package.json': JSON.stringify({ name: 'rel-app', version: '1.0.0' }), 'app.js': APP, 'lib/a.js': A2, 'lib/b.js': B2, 'README.md': 'new\n' });

  const r = await sb.cli(['patch', 'r', next], { timeoutMs: 30_000 });
  t.is(r.code, 0, show(r));
  t.regex(r.stdout, /r\[0\] release:next: completed/);
  t.regex(r.stdout, /r\[0\] lib\/a\.js: slot/);
  t.regex(r.stdout, /r\[0\] lib\/b\.js: slot/);
  const applied = sb.find({ event: 'update.applied', app: 'r', update: 'release:next' });
  t.is(applied.length, 1, 'one update for the whole release');
  t.deepEqual(applied[0].files.map((f) => f.file).sort(), ['lib/a.js', 'lib/b.js']);
  const { index } = await sb.waitEvent({ event: 'update.completed', app: 'r', update: 'release:next' });
  const { event: after } = await sb.waitEvent({ event: 'app.log', app: 'r', msg: /^hello/ }, { from: index + 1 });
  t.regex(after.msg, /^hello v2 ann #\d+ \| HEY v2$/);
  t.is((await sb.ls())[0].pid, pid, 'same process');
  const n = (msg) => Number(/#(\d+)/.exec(msg)[1]);
  t.true(n(after.msg) > 3, 'the module kept its counter');
  // The tree on disk is the release's.
  t.is(fs.readFileSync(path.join(sb.appDir, 'lib/a.js'), 'utf8'), A2);
  t.is(fs.readFileSync(path.join(sb.appDir, 'README.md'), 'utf8'), 'new\n');

  // A restart loads the new files; the replay finds them in force and changes nothing.
  const from = sb.events().length;
  t.is((await sb.cli(['restart', 'r'])).code, 0);
  await sb.waitEvent({ event: 'app.online', app: 'r' }, { from });
  const { event: replayed } = await sb.waitEvent({ event: 'update.applied', app: 'r', update: 'release:next' }, { from });
  t.deepEqual(replayed.files.map((f) => f.via), ['unchanged', 'unchanged']);
  await sb.waitEvent({ event: 'app.log', app: 'r', msg: /^hello v2 ann #1 \| HEY v2$/ }, { from });

  // Rollback: the old files are back on disk, and the code in force is the old one again.
  const rb = await sb.cli(['rollback', 'r'], { timeoutMs: 30_000 });
  t.is(rb.code, 0, show(rb));
  t.is(fs.readFileSync(path.join(sb.appDir, 'lib/a.js'), 'utf8'), A);
  t.false(fs.existsSync(path.join(sb.appDir, 'README.md')), 'a file the release created is removed');
  const online = sb.events().length;
  await sb.waitEvent({ event: 'app.log', app: 'r', msg: /^hello v1 ann #\d+ \| HEY v1$/ }, { from: online, timeoutMs: 15_000 });
});

test('a release with one refused file applies nothing, in the app or on disk, and names the old line', async (t) => {
  const sb = sandbox(t);
  sb.files({ 'package.json': { name: 'rel-app', version: '1.0.0' }, 'app.js': APP, 'lib/a.js': A, 'lib/b.js': B });
  const eco = sb.ecosystem([{ name: 'r', script: 'app.js', updates: { max_tries: 20, sleep_time: '50ms' } }]);
  await startAndWaitOnline(sb, eco, { apps: { r: 1 } });
  await sb.waitEvent({ event: 'app.log', app: 'r', msg: /^hello v1/ });
  // b.js gains a top-level statement with a side effect: not something a release can run again.
  const bad = release(sb, 'bad', { 'app.js': APP, 'lib/a.js': A2, 'lib/b.js': B2.replace('module.exports', 'console.log("side effect");\nmodule.exports') });
  const r = await sb.cli(['patch', 'r', bad], { timeoutMs: 30_000 });
  t.is(r.code, 1, show(r));
  t.regex(r.stdout + r.stderr, /lib\/b\.js:2/);
  t.deepEqual(sb.find({ event: 'update.applied', app: 'r' }), []);
  t.is(fs.readFileSync(path.join(sb.appDir, 'lib/a.js'), 'utf8'), A, 'nothing written to disk');
  const from = sb.events().length;
  await sb.waitEvent({ event: 'app.log', app: 'r', msg: /^hello v1 ann #\d+ \| HEY v1$/ }, { from });
});

test('a git ref or a tarball of the next release is a release too', async (t) => {
  const sb = sandbox(t);
  sb.files({ 'package.json': { name: 'rel-app', version: '1.0.0' }, 'app.js': APP, 'lib/a.js': A, 'lib/b.js': B });
  const git = (...args) => execFileSync('git', args, { cwd: sb.appDir, env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });
  git('init', '-q');
  git('add', 'package.json', 'app.js', 'lib');
  git('commit', '-qm', 'v1');
  fs.writeFileSync(path.join(sb.appDir, 'lib/a.js'), A2);
  git('commit', '-qam', 'v2');
  git('tag', 'v2');
  git('checkout', '-q', 'HEAD~1', '--', 'lib/a.js'); // the app runs v1's files
  const eco = sb.ecosystem([{ name: 'r', script: 'app.js', updates: { max_tries: 20, sleep_time: '50ms' } }]);
  await startAndWaitOnline(sb, eco, { apps: { r: 1 } });
  await sb.waitEvent({ event: 'app.log', app: 'r', msg: /^hello v1/ });

  const r = await sb.cli(['patch', 'r', 'v2'], { timeoutMs: 30_000 });
  t.is(r.code, 0, show(r));
  t.regex(r.stdout, /r\[0\] release:v2: completed/);
  const from = sb.events().length;
  await sb.waitEvent({ event: 'app.log', app: 'r', msg: /^hello v2 ann #\d+ \| HEY v1$/ }, { from });

  // The next one as a tarball (npm pack's layout: package/…).
  const pack = path.join(sb.root, 'pack');
  fs.mkdirSync(path.join(pack, 'package', 'lib'), { recursive: true });
  fs.writeFileSync(path.join(pack, 'package', 'lib', 'b.js'), B2);
  const tgz = path.join(sb.root, 'rel-app-1.0.1.tgz');
  execFileSync('tar', ['czf', tgz, '-C', pack, 'package']);
  const r2 = await sb.cli(['patch', 'r', tgz], { timeoutMs: 30_000 });
  t.is(r2.code, 0, show(r2));
  const from2 = sb.events().length;
  await sb.waitEvent({ event: 'app.log', app: 'r', msg: /^hello v2 ann #\d+ \| HEY v2$/ }, { from: from2 });
  t.is(fs.readFileSync(path.join(sb.appDir, 'lib/b.js'), 'utf8'), B2);
});
