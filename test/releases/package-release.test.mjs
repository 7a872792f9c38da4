// SPEC 6.5: `moult patch <app> --package <name>@<version|tarball>` changes every copy of a
// dependency in the app's tree (the hoisted one and a nested one) as one release: a package with
// several files (one of them gains a helper and a constant), loaded by the app and by another
// package, in CommonJS and as ES modules. `moult describe` (and --json) then shows the version in
// force per copy and instance.
// A package whose change cannot go in hot (a closure made at start-up) is refused; with
// --reload-if-needed the app is restarted on the new tree instead, and describe says so.
import test from 'ava';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { sandbox, startAndWaitOnline, show } from '../helpers/moult.mjs';

// Every package here exists in CommonJS and as ES modules ("type": "module", imported by an ES app).
const pkgJson = (version, esm = false) => JSON.stringify({ name: 'greeter', version, main: 'index.js', ...(esm ? { type: 'module' } : {}) });
const INDEX = (v, esm = false) => (esm
  ? `import { wrap } from './lib/wrap.js';
export function greet(name) { return wrap('hello ${v} ' + name); }
function factory() { return function bound(name) { return 'bound v1 ' + name; }; }
export const bound = factory();
`
  : `const { wrap } = require('./lib/wrap');
function greet(name) { return wrap('hello ${v} ' + name); }
function factory() { return function bound(name) { return 'bound v1 ' + name; }; }
const bound = factory();
module.exports = { greet, bound };
`);
const WRAP_V1 = (esm = false) => `${esm ? 'export ' : ''}function wrap(s) { return '[' + s + ']'; }
${esm ? '' : 'module.exports = { wrap };\n'}`;
const WRAP_V2 = (esm = false) => `const OPEN = '<';
function close() { return '>'; }
${esm ? 'export ' : ''}function wrap(s) { return OPEN + s + close(); }
${esm ? '' : 'module.exports = { wrap };\n'}`;
const OTHER = (esm = false) => (esm
  ? "import { greet } from 'greeter';\nexport const viaOther = (n) => 'other ' + greet(n);\n"
  : "const { greet } = require('greeter');\nmodule.exports = { viaOther: (n) => 'other ' + greet(n) };\n");
const APP = (esm = false) => `${esm
  ? "import { log } from 'moult/runtime';\nimport { greet, bound } from 'greeter';\nimport { viaOther } from 'other';"
  : "const { log } = require('moult/runtime');\nconst { greet, bound } = require('greeter');\nconst { viaOther } = require('other');"}
setInterval(() => log(greet('ann') + ' | ' + viaOther('bob') + ' | ' + bound('cy')), 100);
`;

/** A package tarball as npm packs it (package/…), made with tar. */
function tarball(sb, version, files, esm = false) {
  const dir = path.join(sb.root, `pack-${version}`);
  for (const [rel, text] of Object.entries({ 'package.json': pkgJson(version, esm), ...files })) {
    fs.mkdirSync(path.dirname(path.join(dir, 'package', rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, 'package', rel), text);
  }
  const tgz = path.join(sb.root, `greeter-${version}.tgz`);
  execFileSync('tar', ['czf', tgz, '-C', dir, 'package']);
  return tgz;
}

/** greeter hoisted (loaded by the app and by `other`), and other's own nested copy of another version. */
function appWithTwoCopies(sb, esm = false) {
  sb.files({
    'package.json': { name: 'pkg-app', version: '1.0.0' },
    [esm ? 'app.mjs' : 'app.js']: APP(esm),
    'node_modules/greeter/package.json': pkgJson('1.0.0', esm),
    'node_modules/greeter/index.js': INDEX('v1', esm),
    'node_modules/greeter/lib/wrap.js': WRAP_V1(esm),
    'node_modules/other/package.json': JSON.stringify({ name: 'other', version: '1.0.0', main: 'index.js', ...(esm ? { type: 'module' } : {}) }),
    'node_modules/other/index.js': OTHER(esm),
    // other's own copy (a different version range, nested as npm does)
    'node_modules/other/node_modules/greeter/package.json': pkgJson('0.9.0', esm),
    'node_modules/other/node_modules/greeter/index.js': INDEX('v0', esm),
    'node_modules/other/node_modules/greeter/lib/wrap.js': WRAP_V1(esm),
  });
}

for (const esm of [false, true]) {
  test(`--package patches every copy of a package (${esm ? 'ES modules' : 'CommonJS'}: several files, hoisted and nested) as one release, and describe shows the versions`, async (t) => {
    const sb = sandbox(t);
    appWithTwoCopies(sb, esm);
    // node_modules is not instrumented by default (README): this app asks for its packages.
    const eco = sb.ecosystem([{ name: 'pk', script: esm ? 'app.mjs' : 'app.js', updates: { instrument: ['**/*.{js,mjs}'], max_tries: 20, sleep_time: '50ms' } }]);
    await startAndWaitOnline(sb, eco, { apps: { pk: 1 } });
    await sb.waitEvent({ event: 'app.log', app: 'pk', msg: '[hello v1 ann] | other [hello v0 bob] | bound v1 cy' });
    const [{ pid }] = await sb.ls();

    const tgz = tarball(sb, '1.1.0', { 'index.js': INDEX('v2', esm), 'lib/wrap.js': WRAP_V2(esm) }, esm);
    const r = await sb.cli(['patch', 'pk', '--package', tgz], { timeoutMs: 30_000 });
    t.is(r.code, 0, show(r));
    t.regex(r.stdout, /greeter 1\.0\.0 → 1\.1\.0 \(node_modules\/greeter\), hot/);
    t.regex(r.stdout, /greeter 0\.9\.0 → 1\.1\.0 \(node_modules\/other\/node_modules\/greeter\), hot/);
    const applied = sb.find({ event: 'update.applied', app: 'pk' });
    t.is(applied.length, 1, 'one update');
    t.deepEqual(applied[0].files.map((f) => `${f.file}: ${f.via}`).sort(), [
      'node_modules/greeter/index.js: slot', 'node_modules/greeter/lib/wrap.js: slot',
      'node_modules/other/node_modules/greeter/index.js: slot', 'node_modules/other/node_modules/greeter/lib/wrap.js: slot',
    ]);
    const { index } = await sb.waitEvent({ event: 'update.completed', app: 'pk' });
    await sb.waitEvent({ event: 'app.log', app: 'pk', msg: '<hello v2 ann> | other <hello v2 bob> | bound v1 cy' }, { from: index + 1 });
    t.is((await sb.ls())[0].pid, pid);
    t.is(JSON.parse(fs.readFileSync(path.join(sb.appDir, 'node_modules/other/node_modules/greeter/package.json'), 'utf8')).version, '1.1.0');

    const d = await sb.cli(['describe', 'pk']);
    t.regex(d.stdout, /greeter 1\.0\.0 → 1\.1\.0, hot {2}\(node_modules\/greeter; instances 0\)/);
    const dj = [JSON.parse((await sb.cli(['describe', 'pk', '--json'])).stdout)].flat();
    t.deepEqual(dj[0].packages.map((p) => [p.name, p.path, p.to, p.how, p.instances]), [
      ['greeter', 'node_modules/greeter', '1.1.0', 'hot', [0]],
      ['greeter', 'node_modules/other/node_modules/greeter', '1.1.0', 'hot', [0]],
    ]);
  });
}

test('a package release that cannot go in hot is refused, and --reload-if-needed restarts the app on it', async (t) => {
  const sb = sandbox(t);
  appWithTwoCopies(sb);
  const eco = sb.ecosystem([{ name: 'pk', script: 'app.js', updates: { instrument: ['**/*.js'], max_tries: 20, sleep_time: '50ms' } }]);
  await startAndWaitOnline(sb, eco, { apps: { pk: 1 } });
  await sb.waitEvent({ event: 'app.log', app: 'pk', msg: /bound v1 cy$/ });
  const [{ pid }] = await sb.ls();
  // `bound` was made when the module loaded; the new one needs a new constant: not hot.
  const tgz = tarball(sb, '2.0.0', { 'index.js': INDEX('v1').replace("return 'bound v1 ' + name;", "return SUFFIX + name;").replace('const bound', "const SUFFIX = 'bound v3 ';\nconst bound"), 'lib/wrap.js': WRAP_V1() });
  const refused = await sb.cli(['patch', 'pk', '--package', tgz], { timeoutMs: 30_000 });
  t.is(refused.code, 1, show(refused));
  t.regex(refused.stdout, /factory has a changed inner function with 1 live closure/);
  t.is(JSON.parse(fs.readFileSync(path.join(sb.appDir, 'node_modules/greeter/package.json'), 'utf8')).version, '1.0.0');

  const r = await sb.cli(['patch', 'pk', '--package', tgz, '--reload-if-needed'], { timeoutMs: 60_000 });
  t.is(r.code, 0, show(r));
  t.regex(r.stdout, /restarted on the new tree/);
  const from = sb.events().length;
  await sb.waitEvent({ event: 'app.log', app: 'pk', msg: /bound v3 cy$/ }, { from, timeoutMs: 20_000 });
  t.not((await sb.ls())[0].pid, pid, 'a fork app is restarted');
  const dj = [JSON.parse((await sb.cli(['describe', 'pk', '--json'])).stdout)].flat();
  t.is(dj[0].packages[0].how, 'restart');
  t.is(dj[0].packages[0].to, '2.0.0');
});
