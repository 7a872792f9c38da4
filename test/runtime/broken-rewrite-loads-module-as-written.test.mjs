// SPEC 6.7 (issue 15 item 2): a module whose rewritten code does not compile loads as written,
// with exactly one `instrument.skipped` warning naming its file, line and reason; the app runs
// on, the module's functions are reached through the LiveEdit fallback, and the other modules
// stay instrumented. Shown through both load paths of every Node line (CI runs this file on 20,
// 22, 24 and 26): Node 22+ module.registerHooks, Node 20 Module.prototype._compile for CommonJS
// and the off-thread module.register for ES modules, and a CommonJS module imported from ESM.
// No real construct is known to break the rewrite any more: the rewrite's test seam
// (MOULT_TEST_BREAK_REWRITE, rewrite.ts) breaks it for every module whose source holds the marker,
// with a stray `)` after the first function's prologue, on that function's line.
import test from 'ava';
import { startApp, filter, logs } from './helpers.mjs';

const MARKER = 'BREAK-THIS-REWRITE';
const env = { MOULT_TEST_BREAK_REWRITE: MARKER };

// The first function's body opens on line 3: that is where the stray `)` lands.
const brokenCjs = `// ${MARKER}: the test seam breaks this module's rewrite
const offset = 0;
function add(a, b) {
  return a + b + offset;
}
module.exports = { add, text: () => String(add) };
`;
const brokenEsm = `// ${MARKER}: the test seam breaks this module's rewrite
const offset = 0;
export function add(a, b) {
  return a + b + offset;
}
export const text = () => String(add);
`;
const fine = `function twice(x) { return 2 * x; }
module.exports = { twice, text: () => String(twice) };
`;

const cjsApp = `
const { log, PipeListener, ThreadedManager } = require('moult/runtime');
const broken = require('./broken');
const fine = require('./fine');
new ThreadedManager({ name: 'm' });
new PipeListener({ path: 'fifo' }).start();
log('instrumented: broken ' + broken.text().includes('__moult$') + ', fine ' + fine.text().includes('__moult$'));
const timer = setInterval(() => log('add ' + broken.add(2, 3) + ' twice ' + fine.twice(4)), 50);
setTimeout(() => clearInterval(timer), 8000);
`;

const update = `
const { SafeRedefineUpdate } = require('moult/runtime');
module.exports = (ctx) => new SafeRedefineUpdate(ctx.module('./broken'), ctx.module('./broken').add, function add(a, b) { return a * b; }, { name: 'multiply' });
`;

const esmApp = `
import { log } from 'moult/runtime';
import * as broken from './broken.mjs';
import imported from './imported.cjs';
import fine from './fine.cjs';
log('esm ' + broken.add(1, 2) + ' ' + broken.text().includes('__moult$'));
log('imported cjs ' + imported.add(3, 4) + ' ' + imported.text().includes('__moult$'));
log('fine ' + fine.twice(5) + ' ' + fine.text().includes('__moult$'));
`;

function assertSkipped(t, events, files) {
  const skipped = filter(events, { event: 'instrument.skipped' });
  t.deepEqual(skipped.map((e) => e.file.split('/').pop()).sort(), [...files].sort(), 'exactly one instrument.skipped per broken module');
  for (const e of skipped) {
    t.is(e.level, 'warn');
    t.is(e.line, 3, `the line of the first function's body: ${e.msg}`);
    t.regex(e.reason, /^the rewritten code does not compile: SyntaxError/);
    t.true(e.file.startsWith('/'), `a file path: ${e.file}`);
    t.regex(e.msg, new RegExp(`${e.file.split('/').pop().replace('.', '\\.')}:3 `));
  }
}

test('a CommonJS module whose rewrite does not compile loads as written, reported once, and LiveEdit updates its functions', async (t) => {
  const a = startApp(t, { 'broken.js': brokenCjs, 'fine.js': fine, 'app.js': cjsApp, 'update.js': update }, { env });
  await a.waitFor({ event: 'app.log', msg: 'add 5 twice 8' });
  t.true(logs(a.events()).includes('instrumented: broken false, fine true'), logs(a.events()).join('\n'));
  await a.writeFifo('fifo', `update ${a.path('update.js')}`);
  const { index } = await a.waitFor({ event: /^update\.(completed|failed|rejected|aborted)$/, update: /multiply|update/ });
  const events = a.events();
  t.is(events[index].event, 'update.completed', JSON.stringify(events[index]));
  t.is(filter(events, { event: 'update.applied', update: 'multiply' })[0]?.via, 'liveedit');
  await a.waitFor({ event: 'app.log', msg: 'add 6 twice 8' }, { from: index });
  assertSkipped(t, a.events(), ['broken.js']);
});

test('ES modules and a CommonJS module imported from one: each whose rewrite does not compile loads as written, reported once', async (t) => {
  const a = startApp(t, { 'broken.mjs': brokenEsm, 'imported.cjs': brokenCjs, 'fine.cjs': fine, 'app.mjs': esmApp }, { script: 'app.mjs', env });
  const r = await a.waitExit();
  const events = a.events();
  t.is(r.code, 0, a.describe());
  t.deepEqual(logs(events), ['esm 3 false', 'imported cjs 7 false', 'fine 10 true']);
  assertSkipped(t, events, ['broken.mjs', 'imported.cjs']);
});
