// SPEC 6.5: what a release may change outside function bodies, in CommonJS and ES modules. One
// release changes a module in every way a release of a library does: a new constant read by a
// changed function, a new helper, a new require, a removed require, a changed RegExp constant, a
// renamed function (exported under its old binding), and a changed inner callback whose closures
// never outlive a call. All of it applies hot (slot path, same pid, module state kept). A second
// release on top of it sees what the first one added. A changed initializer of state (a `let`
// the code assigns) is refused with its line, and so is an inner function whose closure made at
// start-up is still alive (only LiveEdit could change it, and the release also adds declarations).
import test from 'ava';
import fs from 'node:fs';
import path from 'node:path';
import { sandbox, startAndWaitOnline, show } from '../helpers/moult.mjs';

const LIB_V1 = (esm) => `${esm ? "import { basename } from 'node:path';" : "const { basename } = require('node:path');"}
${esm ? "import { format as fmt } from 'node:util';" : "const fmt = require('node:util').format;"}
const SEP = /-/g;
let hits = 0;
function clean(s) { hits++; return basename(s).replace(SEP, ' ') + ' #' + hits; }
function shout(s) { return [s].map(function (x) { return fmt('%s!', x); })[0]; }
function maker() { const tag = 'v1'; return function tagged(s) { return tag + ':' + s; }; }
const tagged = maker();
${esm ? 'export { clean, shout as shout, tagged };' : 'module.exports = { clean, shout: shout, tagged };'}
`;

// The release: `fmt` no longer required, a new constant and helper, two new requires (a builtin,
// and a file the release adds), SEP changed (a RegExp constant), shout renamed to yell (still
// exported as shout), its inner callback changed; in the ES module, a removed import and new ones.
const LIB_V2 = (esm) => `${esm ? "import { basename } from 'node:path';" : "const { basename } = require('node:path');"}
const SEP = /[-_]/g;
const PREFIX = 'v2';
${esm ? "import { EOL } from 'node:os';" : "const { EOL } = require('node:os');"}
${esm ? "import { bang } from './bang.mjs';" : "const { bang } = require('./bang');"}
let hits = 0;
function trim(s) { return s.trim(); }
function clean(s) { hits++; return PREFIX + ' ' + trim(basename(s)).replace(SEP, ' ') + ' #' + hits + (EOL.length ? '' : '?'); }
function yell(s) { return [s].map(function (x) { return x.toUpperCase() + bang(); })[0]; }
function maker() { const tag = 'v1'; return function tagged(s) { return tag + ':' + s; }; }
const tagged = maker();
${esm ? 'export { clean, yell as shout, tagged };' : 'module.exports = { clean, shout: yell, tagged };'}
`;

// A file the release adds, which the new version of lib requires.
const BANG = (esm) => `${esm ? 'export ' : ''}function bang() { return '!!'; }\n${esm ? '' : 'module.exports = { bang };\n'}`;

const APP = (esm) => `${esm ? "import { log } from 'moult/runtime';\nimport { clean, shout, tagged } from './lib.mjs';" : "const { log } = require('moult/runtime');\nconst { clean, shout, tagged } = require('./lib.js');"}
setInterval(() => log(clean(' /x/a-b_c ') + ' | ' + shout('hey') + ' | ' + tagged('t')), 100);
`;

for (const esm of [false, true]) {
  const ext = esm ? 'mjs' : 'js';
  const kind = esm ? 'an ES module' : 'a CommonJS module';
  test(`a release of ${kind} adds, removes and re-evaluates top-level declarations hot, and a second release builds on it`, async (t) => {
    const sb = sandbox(t);
    sb.files({ 'package.json': { name: 'tl', version: '1.0.0' }, [`app.${ext}`]: APP(esm), [`lib.${ext}`]: LIB_V1(esm) });
    const eco = sb.ecosystem([{ name: 'tl', script: `app.${ext}`, updates: { max_tries: 20, sleep_time: '50ms' } }]);
    await startAndWaitOnline(sb, eco, { apps: { tl: 1 } });
    await sb.waitEvent({ event: 'app.log', app: 'tl', msg: /^a b_c {2}#\d+ \| hey! \| v1:t$/ });
    const [{ pid }] = await sb.ls();

    const rel = path.join(sb.root, 'v2');
    fs.mkdirSync(rel);
    fs.writeFileSync(path.join(rel, `lib.${ext}`), LIB_V2(esm));
    fs.writeFileSync(path.join(rel, `bang.${ext}`), BANG(esm));
    const r = await sb.cli(['patch', 'tl', rel], { timeoutMs: 30_000 });
    t.is(r.code, 0, show(r));
    t.regex(r.stdout, new RegExp(`lib\\.${ext}: slot`));
    const { index } = await sb.waitEvent({ event: 'update.completed', app: 'tl', update: 'release:v2' });
    const { event: after } = await sb.waitEvent({ event: 'app.log', app: 'tl', msg: /^v2/ }, { from: index + 1 });
    // SEP re-evaluated (the _ too), PREFIX and trim new, the renamed shout runs yell's body; the counter went on.
    t.regex(after.msg, /^v2 a b c #(\d+) \| HEY!! \| v1:t$/);
    t.true(Number(/#(\d+)/.exec(after.msg)[1]) > 3, 'hits kept its value');
    t.is((await sb.ls())[0].pid, pid);

    // A second release sees the first one's declarations (PREFIX) and changes one of them.
    const rel3 = path.join(sb.root, 'v3');
    fs.mkdirSync(rel3);
    fs.writeFileSync(path.join(rel3, `lib.${ext}`), LIB_V2(esm).replace("const PREFIX = 'v2';", "const PREFIX = 'v3';"));
    const r3 = await sb.cli(['patch', 'tl', rel3], { timeoutMs: 30_000 });
    t.is(r3.code, 0, show(r3));
    const { index: i3 } = await sb.waitEvent({ event: 'update.completed', app: 'tl', update: 'release:v3' });
    await sb.waitEvent({ event: 'app.log', app: 'tl', msg: /^v3 a b c #\d+ \| HEY!! \| v1:t$/ }, { from: i3 + 1 });

    // Rolled back twice: v1's code again, still the same process.
    t.is((await sb.cli(['rollback', 'tl'], { timeoutMs: 30_000 })).code, 0);
    t.is((await sb.cli(['rollback', 'tl'], { timeoutMs: 30_000 })).code, 0);
    const back = sb.events().length;
    await sb.waitEvent({ event: 'app.log', app: 'tl', msg: /^a b_c {2}#\d+ \| hey! \| v1:t$/ }, { from: back });
    t.is((await sb.ls())[0].pid, pid);
    t.false(fs.existsSync(path.join(sb.appDir, `bang.${ext}`)), 'the file the release added is gone');
  });

  test(`a release of ${kind} that changes state or a closure made at start-up is refused with the loaded line`, async (t) => {
    const sb = sandbox(t);
    sb.files({ 'package.json': { name: 'tl', version: '1.0.0' }, [`app.${ext}`]: APP(esm), [`lib.${ext}`]: LIB_V1(esm) });
    const eco = sb.ecosystem([{ name: 'tl', script: `app.${ext}` }]);
    await startAndWaitOnline(sb, eco, { apps: { tl: 1 } });
    await sb.waitEvent({ event: 'app.log', app: 'tl', msg: /hey!/ });
    const state = path.join(sb.root, 'state');
    fs.mkdirSync(state);
    fs.writeFileSync(path.join(state, `lib.${ext}`), LIB_V1(esm).replace('let hits = 0;', 'let hits = 100;'));
    const r = await sb.cli(['patch', 'tl', state], { timeoutMs: 30_000 });
    t.is(r.code, 1, show(r));
    t.regex(r.stdout + r.stderr, new RegExp(`lib\\.${ext}:4: .*hits is state`));

    // tagged() is a closure made when the module loaded: changing its code needs LiveEdit, which
    // cannot also evaluate the new constant.
    const closure = path.join(sb.root, 'closure');
    fs.mkdirSync(closure);
    fs.writeFileSync(path.join(closure, `lib.${ext}`), LIB_V1(esm).replace("return tag + ':' + s;", "return tag + '=' + s + X;").replace('let hits = 0;', "let hits = 0;\nconst X = '!';"));
    const c = await sb.cli(['patch', 'tl', closure], { timeoutMs: 30_000 });
    t.is(c.code, 1, show(c));
    t.regex(c.stdout + c.stderr, /maker has a changed inner function with 1 live closure/);
    const from = sb.events().length;
    await sb.waitEvent({ event: 'app.log', app: 'tl', msg: /^a b_c {2}#\d+ \| hey! \| v1:t$/ }, { from });
  });
}
