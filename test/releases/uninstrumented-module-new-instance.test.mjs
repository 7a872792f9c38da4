// SPEC 6.5, issue 18 "as a new user would": a package in node_modules is not instrumented by
// default, so only LiveEdit reaches its code, and LiveEdit cannot run new top-level declarations.
// A CommonJS module that keeps no state at its top level is then replaced by a new instance of its
// new version: each old exported function (and method of an exported class) forwards to its new
// counterpart, so a destructured copy and an object made at start-up run the new code; same pid;
// rollback puts the old code back. A module with top-level state (a counter its functions assign)
// is refused with the reason and nothing changes; --reload-if-needed restarts the app on it.
import test from 'ava';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { sandbox, startAndWaitOnline, show } from '../helpers/moult.mjs';

const GREETER_V1 = `'use strict';
function greet(name) { return 'hello ' + name; }
class Greeter { hi(name) { return 'hi ' + name; } }
module.exports = { greet, Greeter };
`;
// A new constant, a new helper, a removed-and-renamed nothing: what cookie 0.7.0 does to cookie 0.6.0.
const GREETER_V2 = `'use strict';
var MARK = /!+$/;
function shout(s) { return s.toUpperCase(); }
function greet(name) { return shout('hello ' + name).replace(MARK, '') + '!'; }
class Greeter { hi(name) { return 'HI ' + shout(name); } }
module.exports = { greet, Greeter };
`;
const COUNTER_V1 = `let calls = 0;
function count() { calls++; return 'count ' + calls; }
module.exports = { count };
`;
const COUNTER_V2 = `let calls = 0;
const STEP = 1;
function count() { calls += STEP; return 'count v2 ' + calls; }
module.exports = { count };
`;
const APP = `const { log } = require('moult/runtime');
const { greet } = require('greeter');
const { Greeter } = require('greeter');
const { count } = require('counter');
const g = new Greeter();
setInterval(() => log(greet('ann') + ' | ' + g.hi('bob') + ' | ' + count()), 100);
`;

function tarball(sb, name, version, index) {
  const dir = path.join(sb.root, `pack-${name}-${version}`, 'package');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, version, main: 'index.js' }));
  fs.writeFileSync(path.join(dir, 'index.js'), index);
  const tgz = path.join(sb.root, `${name}-${version}.tgz`);
  execFileSync('tar', ['czf', tgz, '-C', path.dirname(dir), 'package']);
  return tgz;
}

function app(sb) {
  sb.files({
    'package.json': { name: 'plain-app', version: '1.0.0' },
    'app.js': APP,
    'node_modules/greeter/package.json': JSON.stringify({ name: 'greeter', version: '1.0.0', main: 'index.js' }),
    'node_modules/greeter/index.js': GREETER_V1,
    'node_modules/counter/package.json': JSON.stringify({ name: 'counter', version: '1.0.0', main: 'index.js' }),
    'node_modules/counter/index.js': COUNTER_V1,
  });
  // No `updates.instrument`: the defaults, node_modules left out.
  return sb.ecosystem([{ name: 'nu', script: 'app.js', updates: { max_tries: 20, sleep_time: '50ms' } }]);
}

test('a package outside the instrumented set whose top level changes goes in hot as a new instance: destructured copies and objects made at start-up run the new code; rollback puts the old back', async (t) => {
  const sb = sandbox(t);
  await startAndWaitOnline(sb, app(sb), { apps: { nu: 1 } });
  await sb.waitEvent({ event: 'app.log', app: 'nu', msg: /^hello ann \| hi bob \| count \d+$/ });
  const [{ pid }] = await sb.ls();

  const r = await sb.cli(['patch', 'nu', '--package', tarball(sb, 'greeter', '2.0.0', GREETER_V2)], { timeoutMs: 60_000 });
  t.is(r.code, 0, show(r));
  t.regex(r.stdout, /node_modules\/greeter\/index\.js: instance/);
  t.regex(r.stdout, /greeter 1\.0\.0 → 2\.0\.0 \(node_modules\/greeter\), hot/);
  const { index } = await sb.waitEvent({ event: 'update.completed', app: 'nu' });
  const { event } = await sb.waitEvent({ event: 'app.log', app: 'nu', msg: /^HELLO ANN! \| HI BOB \| count (\d+)$/ }, { from: index + 1 });
  t.true(Number(/count (\d+)/.exec(event.msg)[1]) > 3, 'the app kept its state');
  t.is((await sb.ls())[0].pid, pid);

  t.is((await sb.cli(['rollback', 'nu'], { timeoutMs: 60_000 })).code, 0);
  await sb.waitEvent({ event: 'app.log', app: 'nu', msg: /^hello ann \| hi bob \| count \d+$/ }, { from: sb.events().length });
  t.is(fs.readFileSync(path.join(sb.appDir, 'node_modules/greeter/index.js'), 'utf8'), GREETER_V1);
  t.is((await sb.ls())[0].pid, pid);
});

test('a package outside the instrumented set that keeps state at its top level is refused with the reason, and --reload-if-needed restarts the app on it', async (t) => {
  const sb = sandbox(t);
  await startAndWaitOnline(sb, app(sb), { apps: { nu: 1 } });
  await sb.waitEvent({ event: 'app.log', app: 'nu', msg: /count \d+$/ });
  const [{ pid }] = await sb.ls();
  const tgz = tarball(sb, 'counter', '2.0.0', COUNTER_V2);

  const r = await sb.cli(['patch', 'nu', '--package', tgz], { timeoutMs: 60_000 });
  t.is(r.code, 1, show(r));
  t.regex(r.stdout + r.stderr, /a new instance of it cannot stand for it \(the loaded version: calls is state/);
  t.is(fs.readFileSync(path.join(sb.appDir, 'node_modules/counter/index.js'), 'utf8'), COUNTER_V1);
  await sb.waitEvent({ event: 'app.log', app: 'nu', msg: /\| count \d+$/ }, { from: sb.events().length });

  const rr = await sb.cli(['patch', 'nu', '--package', tgz, '--reload-if-needed'], { timeoutMs: 60_000 });
  t.is(rr.code, 0, show(rr));
  await sb.waitEvent({ event: 'app.log', app: 'nu', msg: /\| count v2 \d+$/ }, { from: sb.events().length, timeoutMs: 20_000 });
  t.not((await sb.ls())[0].pid, pid);
});
