// SPEC 6.5, `--package`: a package's new version that needs a dependency version the app's tree
// does not have brings it, in the same transaction, where npm would put it (under the package's
// copy, beside the hoisted version other packages keep), and the package's loaded modules load it
// again (a top-level require / import of it runs again; the functions that read it take the new
// one). In CommonJS and ES modules: greeter 1.0.0 uses ms 2.0.0 (no weeks); greeter 2.0.0 needs
// ms ^2.1.3 (fetched from the npm registry). The app's own `ms` stays 2.0.0. Rollback removes what
// the release installed. Then a real one: body-parser 1.20.3 on an express 4.19.1 app needs qs
// 6.13.0 (CVE-2024-45590): its urlencoded middleware was built at start-up, so the release is
// refused with the reason; declared hooks build it again, and the depth-40 body is refused hot.
// Needs the npm registry (as registry-cve-fix does).
import test from 'ava';
import fs from 'node:fs';
import path from 'node:path';
import http from 'node:http';
import { execFileSync } from 'node:child_process';
import { sandbox, startAndWaitOnline, show } from '../helpers/moult.mjs';
import { freePort } from '../helpers/http-load.mjs';

function npmInstall(dir, args, what) {
  try {
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', ...args], { cwd: dir, stdio: 'pipe' });
  } catch (err) {
    throw new Error(`npm install ${what} failed (this test needs the npm registry): ${err.stderr ?? err.message}`, { cause: err });
  }
}

const GREETER = (esm) => (esm
  ? "import ms from 'ms';\nexport function week() { return String(ms('1w')); }\n"
  : "const ms = require('ms');\nfunction week() { return String(ms('1w')); }\nmodule.exports = { week };\n");
const greeterJson = (esm, version, range) => JSON.stringify({ name: 'greeter', version, main: 'index.js', ...(esm ? { type: 'module' } : {}), dependencies: { ms: range } });

function tarball(sb, esm, version, range) {
  const dir = path.join(sb.root, `pack-${version}`, 'package');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), greeterJson(esm, version, range));
  fs.writeFileSync(path.join(dir, 'index.js'), GREETER(esm));
  const tgz = path.join(sb.root, `greeter-${version}.tgz`);
  execFileSync('tar', ['czf', tgz, '-C', path.dirname(dir), 'package']);
  return tgz;
}

for (const esm of [false, true]) {
  const kind = esm ? 'an ES module' : 'a CommonJS module';
  test(`a package release (${kind}) brings the dependency version it needs, under its copy, and loads it hot; rollback takes it away`, async (t) => {
    t.timeout(180_000);
    const sb = sandbox(t);
    sb.files({
      'package.json': { name: 'deps-app', version: '1.0.0', private: true, dependencies: { ms: '2.0.0' } },
      [esm ? 'app.mjs' : 'app.js']: esm
        ? "import { log } from 'moult/runtime';\nimport { week } from 'greeter';\nimport ms from 'ms';\nsetInterval(() => log('w=' + week() + ' own=' + String(ms('1w'))), 100);\n"
        : "const { log } = require('moult/runtime');\nconst { week } = require('greeter');\nconst ms = require('ms');\nsetInterval(() => log('w=' + week() + ' own=' + String(ms('1w'))), 100);\n",
    });
    npmInstall(sb.appDir, [], 'ms@2.0.0');
    sb.files({ 'node_modules/greeter/package.json': greeterJson(esm, '1.0.0', '2.0.0'), 'node_modules/greeter/index.js': GREETER(esm) });
    const eco = sb.ecosystem([{ name: 'dp', script: esm ? 'app.mjs' : 'app.js', updates: { instrument: ['*.{js,mjs}', 'node_modules/greeter/**'], startup: '200ms', max_tries: 20, sleep_time: '50ms' } }]);
    await startAndWaitOnline(sb, eco, { apps: { dp: 1 } });
    await sb.waitEvent({ event: 'app.log', app: 'dp', msg: /^w=undefined own=undefined$/ });
    const [{ pid }] = await sb.ls();

    const r = await sb.cli(['patch', 'dp', '--package', tarball(sb, esm, '2.0.0', '^2.1.3')], { timeoutMs: 120_000 });
    t.is(r.code, 0, show(r));
    t.regex(r.stdout, /ms \(new\) → 2\.1\.\d+ \(node_modules\/greeter\/node_modules\/ms\), hot/);
    const nested = path.join(sb.appDir, 'node_modules/greeter/node_modules/ms/package.json');
    t.regex(JSON.parse(fs.readFileSync(nested, 'utf8')).version, /^2\.1\./);
    t.is(JSON.parse(fs.readFileSync(path.join(sb.appDir, 'node_modules/ms/package.json'), 'utf8')).version, '2.0.0', 'the hoisted copy stays');
    // greeter reads the ms it needs now; the app's own require of ms still gets 2.0.0.
    await sb.waitEvent({ event: 'app.log', app: 'dp', msg: /^w=604800000 own=undefined$/ }, { from: sb.events().length });
    t.is((await sb.ls())[0].pid, pid);
    const d = JSON.parse((await sb.cli(['describe', 'dp', '--json'])).stdout);
    t.truthy(d.packages.find((p) => p.name === 'ms' && p.path === 'node_modules/greeter/node_modules/ms' && p.from === null));

    t.is((await sb.cli(['rollback', 'dp'], { timeoutMs: 60_000 })).code, 0);
    await sb.waitEvent({ event: 'app.log', app: 'dp', msg: /^w=undefined own=undefined$/ }, { from: sb.events().length });
    t.false(fs.existsSync(path.join(sb.appDir, 'node_modules/greeter/node_modules')), 'what the release installed is gone');
    t.is((await sb.ls())[0].pid, pid);
  });
}

const EXPRESS_APP = `const express = require('express');
const bodyParser = require('body-parser');
const app = express();
let counter = 0;
app.get('/count', (req, res) => { counter++; res.json({ counter, pid: process.pid }); });
app.post('/form', bodyParser.urlencoded({ extended: true }), (req, res) => res.json({ keys: Object.keys(req.body) }));
app.use((err, req, res, next) => res.status(err.status || 500).send('error: ' + err.message));
app.listen(Number(process.env.PORT));
`;

// What a user declares (bench/releases/recompute/body-parser.js is the same).
const BODY_PARSER_HOOKS = fs.readFileSync(new URL('../../bench/releases/recompute/body-parser.js', import.meta.url), 'utf8');

function post(port, body) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/form', headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } }, (res) => {
      let data = '';
      res.on('data', (x) => { data += x; });
      res.on('end', () => resolve({ status: res.statusCode, body: data }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

test('body-parser 1.20.3 brings qs 6.13.0; its middleware built at start-up refuses the release, and the declared hooks apply it hot (CVE-2024-45590)', async (t) => {
  t.timeout(240_000);
  const sb = sandbox(t);
  sb.files({ 'package.json': { name: 'bp-app', version: '1.0.0', private: true, dependencies: { express: '4.19.1' } }, 'app.js': EXPRESS_APP, 'hooks.js': BODY_PARSER_HOOKS });
  npmInstall(sb.appDir, [], 'express@4.19.1');
  const port = await freePort();
  const eco = sb.ecosystem([{ name: 'bp', script: 'app.js', env: { PORT: String(port) }, updates: { instrument: ['app.js', 'node_modules/{express,body-parser}/**/*.js'], max_tries: 30, sleep_time: '100ms' } }]);
  await startAndWaitOnline(sb, eco, { apps: { bp: 1 } });
  const deep = `a${'[a]'.repeat(40)}=1`;
  for (let i = 0; i < 100 && !(await post(port, 'x=1').catch(() => null)); i++) await new Promise((r) => setTimeout(r, 100));
  t.is((await post(port, deep)).status, 200, 'the exploit works first');
  const [{ pid }] = await sb.ls();

  const refused = await sb.cli(['patch', 'bp', '--package', 'body-parser@1.20.3'], { timeoutMs: 180_000 });
  t.is(refused.code, 1, show(refused));
  t.regex(refused.stdout + refused.stderr, /urlencoded\.js: urlencoded \(line \d+\) ran only while the app started/);
  t.false(fs.existsSync(path.join(sb.appDir, 'node_modules/body-parser/node_modules/qs')), 'nothing installed');

  const r = await sb.cli(['patch', 'bp', '--package', 'body-parser@1.20.3', '--recompute', path.join(sb.appDir, 'hooks.js')], { timeoutMs: 180_000 });
  t.is(r.code, 0, show(r));
  t.regex(r.stdout, /qs \(new\) → 6\.13\.0 \(node_modules\/body-parser\/node_modules\/qs\), hot/);
  t.regex(r.stdout, /urlencoded\.js: slot\+recompute/);
  t.not((await post(port, deep)).status, 200, 'the depth-40 body is refused');
  t.deepEqual(JSON.parse((await post(port, 'a[b]=1')).body), { keys: ['a'] });
  t.is((await sb.ls())[0].pid, pid);

  t.is((await sb.cli(['rollback', 'bp'], { timeoutMs: 60_000 })).code, 0);
  t.is((await post(port, deep)).status, 200, 'rolled back: the old code (and qs) again');
  t.false(fs.existsSync(path.join(sb.appDir, 'node_modules/body-parser/node_modules')));
});
