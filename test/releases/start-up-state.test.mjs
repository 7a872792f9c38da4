// SPEC 6.5 (issue 18 item 3): code that only ran while the app started is never left stale in
// silence. Three kinds of state computed at start-up from code a release changes, in CommonJS and
// ES modules: RegExps compiled at start-up (routes, as express compiles them with path-to-regexp),
// a closure built by a factory at start-up (a middleware, as body-parser's), and a table computed
// while the module loaded. With the defaults the release is refused and says which function ran
// only at start-up and what to do; with --reload-if-needed the app restarts on the new tree and the
// report says so per file; with a declared recompute hook (--recompute) the release applies hot
// (same pid, state kept), the hook's changes go through ctx.set, and rollback undoes them too.
import test from 'ava';
import fs from 'node:fs';
import path from 'node:path';
import { sandbox, startAndWaitOnline, show } from '../helpers/moult.mjs';

const LIB = (esm) => `const routes = [];
function compile(pattern) { return new RegExp('^' + pattern.replace(/:(\\w+)/g, '(.+)') + '$'); }
function route(pattern) { routes.push({ pattern, re: compile(pattern) }); }
function match(url) { const r = routes.find((x) => x.re.test(url)); return r ? r.pattern : 'none'; }
function build() { return ['a', 'b'].map((x) => x.toUpperCase()); }
const TABLE = build();
function parserFor(opts) { const limit = opts.limit; return function parse(s) { return s.length <= limit ? 'ok' : 'long'; }; }
${esm ? 'export { route, match, compile, routes, TABLE, parserFor, build };' : 'module.exports = { route, match, compile, routes, TABLE, parserFor, build };'}
`;
// The fix of each kind: a parameter no longer spans a '-' (path-to-regexp's ReDoS fix), the parser
// gains a depth bound read from its options (body-parser's CVE fix), the table is lower case.
const ROUTES_FIX = (esm) => LIB(esm).replace("'(.+)'", "'([^/-]+)'");
const FACTORY_FIX = (esm) => LIB(esm).replace('const limit = opts.limit;', 'const limit = opts.limit;\n  const depth = opts.depth === undefined ? 40 : opts.depth;').replace('s.length <= limit', 's.length <= Math.min(limit, depth)');
const TABLE_FIX = (esm) => LIB(esm).replace('x.toUpperCase()', 'x.toLowerCase()');

const APP = (esm) => `${esm ? "import { log } from 'moult/runtime';\nimport * as lib from './lib.mjs';" : "const { log } = require('moult/runtime');\nconst lib = require('./lib.js');"}
lib.route('/f/:a-:b');
const handlers = { form: lib.parserFor({ limit: 100 }) };
${esm ? 'export { handlers };' : 'module.exports = { handlers };'}
setInterval(() => log('m=' + lib.match('/f/x-y-z') + ' t=' + lib.TABLE.join('') + ' p=' + handlers.form('x'.repeat(50))), 100);
`;
const BEFORE = /^m=\/f\/:a-:b t=AB p=ok$/;

// What a user declares: recompile the routes, rebuild the handler, recompute the table.
// (An ES module is reached with ctx.import: the instance the app loaded.)
const HOOKS = (esm) => `${esm ? 'export default' : 'module.exports ='} {
  'lib.${esm ? 'mjs' : 'js'}#compile': async (ctx) => {
    const lib = ${esm ? "await ctx.import('./lib.mjs')" : "ctx.module('./lib.js')"};
    for (const r of lib.routes) ctx.set(r, 're', lib.compile(r.pattern));
  },
  'lib.${esm ? 'mjs' : 'js'}#parserFor': async (ctx) => {
    const lib = ${esm ? "await ctx.import('./lib.mjs')" : "ctx.module('./lib.js')"};
    ctx.set(ctx.main.handlers, 'form', lib.parserFor({ limit: 100 }));
  },
};
`;

function release(sb, name, ext, text) {
  const dir = path.join(sb.root, name);
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, `lib.${ext}`), text);
  return dir;
}

for (const esm of [false, true]) {
  const ext = esm ? 'mjs' : 'js';
  const kind = esm ? 'ES modules' : 'CommonJS';

  async function start(t) {
    const sb = sandbox(t);
    sb.files({ 'package.json': { name: 'su', version: '1.0.0' }, [`app.${ext}`]: APP(esm), [`lib.${ext}`]: LIB(esm) });
    const eco = sb.ecosystem([{ name: 'su', script: `app.${ext}`, updates: { max_tries: 20, sleep_time: '50ms', startup: '200ms' } }]);
    await startAndWaitOnline(sb, eco, { apps: { su: 1 } });
    await sb.waitEvent({ event: 'app.log', app: 'su', msg: BEFORE });
    const [{ pid }] = await sb.ls();
    return { sb, pid };
  }

  test(`${kind}: a release changing code that only ran at start-up is refused with the reason, and --reload-if-needed restarts the app on it`, async (t) => {
    const { sb, pid } = await start(t);
    const lib = path.join(sb.appDir, `lib.${ext}`);
    for (const [name, text, fn] of [['routes', ROUTES_FIX(esm), 'compile'], ['factory', FACTORY_FIX(esm), 'parserFor'], ['table', TABLE_FIX(esm), 'build']]) {
      const r = await sb.cli(['patch', 'su', release(sb, name, ext, text)], { timeoutMs: 30_000 });
      t.is(r.code, 1, show(r));
      t.regex(r.stdout + r.stderr, new RegExp(`lib\\.${ext}: ${fn} \\(line \\d+\\) ran only while the app started`), name);
      t.regex(r.stdout + r.stderr, /--recompute/);
      t.regex(r.stdout + r.stderr, /--reload-if-needed/);
      t.is(fs.readFileSync(lib, 'utf8'), LIB(esm), `${name}: nothing written`);
    }
    const from = sb.events().length;
    await sb.waitEvent({ event: 'app.log', app: 'su', msg: BEFORE }, { from });
    t.is((await sb.ls())[0].pid, pid);

    const r = await sb.cli(['patch', 'su', path.join(sb.root, 'routes'), '--reload-if-needed'], { timeoutMs: 60_000 });
    t.is(r.code, 0, show(r));
    t.regex(r.stdout, /restarted on the new tree/);
    t.regex(r.stdout, new RegExp(`su lib\\.${ext}: restart`));
    await sb.waitEvent({ event: 'app.log', app: 'su', msg: /^m=none t=AB p=ok$/ }, { from: sb.events().length });
    t.not((await sb.ls())[0].pid, pid);
    t.is(fs.readFileSync(lib, 'utf8'), ROUTES_FIX(esm));
  });

  test(`${kind}: with declared recompute hooks the release applies hot, and rollback undoes the hooks' changes too`, async (t) => {
    const { sb, pid } = await start(t);
    fs.writeFileSync(path.join(sb.root, `hooks.${ext}`), HOOKS(esm));
    const hooks = path.join(sb.root, `hooks.${ext}`);

    // The factory's closure was built at start-up: the hook builds it again with the new code.
    const f = await sb.cli(['patch', 'su', release(sb, 'factory', ext, FACTORY_FIX(esm)), '--recompute', hooks], { timeoutMs: 30_000 });
    t.is(f.code, 0, show(f));
    t.regex(f.stdout, new RegExp(`lib\\.${ext}: slot\\+recompute`));
    await sb.waitEvent({ event: 'app.log', app: 'su', msg: /^m=\/f\/:a-:b t=AB p=long$/ }, { from: sb.events().length });
    t.is((await sb.ls())[0].pid, pid);
    t.is((await sb.cli(['rollback', 'su'], { timeoutMs: 30_000 })).code, 0);
    await sb.waitEvent({ event: 'app.log', app: 'su', msg: BEFORE }, { from: sb.events().length });

    // The routes compiled at start-up: the hook compiles them again.
    const r = await sb.cli(['patch', 'su', release(sb, 'routes', ext, ROUTES_FIX(esm)), '--recompute', hooks], { timeoutMs: 30_000 });
    t.is(r.code, 0, show(r));
    await sb.waitEvent({ event: 'app.log', app: 'su', msg: /^m=none t=AB p=ok$/ }, { from: sb.events().length });
    t.is((await sb.ls())[0].pid, pid);

    // A hook that covers other functions than those the release changes does not cover build().
    const b = await sb.cli(['patch', 'su', release(sb, 'table', ext, TABLE_FIX(esm).replace("'(.+)'", "'([^/-]+)'")), '--recompute', hooks], { timeoutMs: 30_000 });
    t.is(b.code, 1, show(b));
    t.regex(b.stdout + b.stderr, new RegExp(`lib\\.${ext}: build \\(line \\d+\\) ran only while the app started`));

    t.is((await sb.cli(['rollback', 'su'], { timeoutMs: 30_000 })).code, 0);
    await sb.waitEvent({ event: 'app.log', app: 'su', msg: BEFORE }, { from: sb.events().length });
    t.is((await sb.ls())[0].pid, pid);
  });
}
