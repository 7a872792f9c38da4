// The ecosystem field `updates.instrument` (globs relative to the app's cwd) chooses which of the
// app's files are instrumented as they load (SPEC 5, issue 7). A package under node_modules that
// the globs name is updated through its slots like the app's own code (update.applied via
// "slot"); an app file the globs leave out is still updated and patched, through the LiveEdit
// fallback (via "liveedit"), on every Node line (on 26 the runtime turns --inspector-live-edit on
// itself). By default, node_modules is left out and the app's own files are in.
import test from 'ava';
import { sandbox, startAndWaitOnline } from '../helpers/moult.mjs';

const FILES = {
  // A dependency as npm installs it: no "type" in its package.json.
  'node_modules/fakepkg/package.json': { name: 'fakepkg', version: '1.0.0', main: 'index.js' },
  'node_modules/fakepkg/index.js': `function shout(s) {
  return s.toUpperCase() + '!';
}
module.exports = { shout };
`,
  'lib.js': `const decorate = (s) => s + ' v1';
function greet(n) {
  return decorate('hello') + ' ' + n;
}
module.exports = { greet };
`,
  // Patches of lib.js: greet's block body, then also the arrow's expression body.
  'patches/lib.js': `const decorate = (s) => s + ' v1';
function greet(n) {
  return decorate('hi') + ' ' + n;
}
module.exports = { greet };
`,
  'patches/arrow/lib.js': `const decorate = (s) => s + ' v3';
function greet(n) {
  return decorate('hi') + ' ' + n;
}
module.exports = { greet };
`,
  'app.js': `const { log } = require('moult/runtime');
const { shout } = require('fakepkg');
const { greet } = require('./lib');
let n = 0;
log('node ' + process.version);
setInterval(() => log(shout(greet(++n))), 100);
`,
  // ctx.fn reaches only instrumented modules: this one needs fakepkg in the globs.
  'quiet-pkg.js': `const { SafeRedefineUpdate } = require('moult/runtime');
module.exports = (ctx) => {
  const shout = ctx.fn('node_modules/fakepkg/index.js', 'shout');
  return new SafeRedefineUpdate(null, shout, function shout(s) { return s.toLowerCase() + '.'; }, { name: 'quiet-pkg' });
};
`,
  'quiet-pkg-by-export.js': `const { SafeRedefineUpdate } = require('moult/runtime');
module.exports = (ctx) => {
  const pkg = ctx.module('fakepkg');
  return new SafeRedefineUpdate(pkg, pkg.shout, function shout(s) { return s.toLowerCase() + '.'; }, { name: 'quiet-pkg' });
};
`,
  'greet-v2.js': `const { SafeRedefineUpdate } = require('moult/runtime');
module.exports = (ctx) => {
  const lib = ctx.module('./lib');
  return new SafeRedefineUpdate(lib, lib.greet, function greet(n) { return 'hello v2 ' + n; }, { name: 'greet-v2' });
};
`,
};

async function startWith(t, updates) {
  const sb = sandbox(t);
  sb.files(FILES);
  const eco = sb.ecosystem([{ name: 'g', script: 'app.js', ...(updates ? { updates } : {}) }]);
  await startAndWaitOnline(sb, eco, { apps: { g: 1 } });
  const { event } = await sb.waitEvent({ event: 'app.log', app: 'g', msg: /^node v/ });
  t.log(event.msg);
  await sb.waitEvent({ event: 'app.log', app: 'g', msg: /^HELLO V1 \d+!$/ });
  return sb;
}

/** Runs `moult update g <file>`; returns update.applied and the first app.log line after it. */
async function update(t, sb, file, name) {
  const r = await sb.cli(['update', 'g', file]);
  t.is(r.code, 0, r.stdout + r.stderr);
  const { event: applied, index } = await sb.waitEvent({ event: 'update.applied', app: 'g', update: name });
  const { event: line } = await sb.waitEvent({ event: 'app.log', app: 'g' }, { from: index + 1 });
  return { applied, line: line.msg };
}

test('a package under node_modules named by updates.instrument is updated through its slot', async (t) => {
  const sb = await startWith(t, { instrument: ['*.js', 'node_modules/fakepkg/**'] });
  const { applied, line } = await update(t, sb, 'quiet-pkg.js', 'quiet-pkg');
  t.is(applied.via, 'slot');
  t.regex(line, /^hello v1 \d+\.$/);
});

test('an app file that updates.instrument leaves out is updated through the LiveEdit fallback', async (t) => {
  const sb = await startWith(t, { instrument: ['app.js'] });
  const { applied, line } = await update(t, sb, 'greet-v2.js', 'greet-v2');
  t.is(applied.via, 'liveedit');
  t.regex(line, /^HELLO V2 \d+!$/);
  t.deepEqual(sb.find({ event: 'update.failed' }), []);
});

test('an app file that updates.instrument leaves out is patched through the LiveEdit fallback', async (t) => {
  const sb = await startWith(t, { instrument: ['app.js'] });
  const patch = async (file) => {
    const from = sb.events().length;
    const r = await sb.cli(['patch', 'g', file]);
    t.is(r.code, 0, r.stdout + r.stderr);
    const { event: applied, index } = await sb.waitEvent({ event: 'update.applied', app: 'g', update: 'patch:lib.js' }, { from });
    const { event: line } = await sb.waitEvent({ event: 'app.log', app: 'g' }, { from: index + 1 });
    return { applied, line: line.msg };
  };
  const body = await patch('patches/lib.js');
  t.is(body.applied.via, 'liveedit');
  t.regex(body.line, /^HI V1 \d+!$/);
  // An arrow's expression body is a function body too (SPEC 6.4): not a top-level statement.
  const arrow = await patch('patches/arrow/lib.js');
  t.is(arrow.applied.via, 'liveedit');
  t.regex(arrow.line, /^HI V3 \d+!$/);
});

test('by default the app\'s own files take the slot path and node_modules the LiveEdit fallback', async (t) => {
  const sb = await startWith(t, null);
  const own = await update(t, sb, 'greet-v2.js', 'greet-v2');
  t.is(own.applied.via, 'slot');
  t.regex(own.line, /^HELLO V2 \d+!$/);

  const pkg = await update(t, sb, 'quiet-pkg-by-export.js', 'quiet-pkg');
  t.is(pkg.applied.via, 'liveedit');
  t.regex(pkg.line, /^hello v2 \d+\.$/);

  // ctx.fn names only instrumented modules: fakepkg is not one of them here.
  const r = await sb.cli(['update', 'g', 'quiet-pkg.js']);
  t.is(r.code, 1, r.stdout);
  t.regex(r.stdout, /g\[0\] rejected: .*ctx\.fn: no instrumented module/);
  const [rejected] = sb.find({ event: 'update.rejected', app: 'g' });
  t.regex(rejected?.reason ?? '', /no instrumented module .*node_modules\/fakepkg\/index\.js/);
});
