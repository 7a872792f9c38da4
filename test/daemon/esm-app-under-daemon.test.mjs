// An ES-module app (package.json "type": "module") under the daemon works as a CommonJS one does
// (SPEC 5, 6.1, issue 7): its log() lines reach moultd.log as app.log, `ctx.main` is the entry's
// namespace (its exported class can be read), `moult update` goes through the function's slot
// (update.applied via "slot"), and `moult patch` of a module the app imports changes its code in
// place: the module's in-memory count goes on, and the pid stays.
import test from 'ava';
import { sandbox, startAndWaitOnline, waitFor } from '../helpers/moult.mjs';

// app.js is an ES module because of package.json; counter.mjs is one by its extension.
const FILES = {
  'package.json': { name: 'esm-app', version: '1.0.0', type: 'module' },
  'counter.mjs': `let count = 0;
export function next() {
  count += 1;
  return 'count ' + count;
}
`,
  'app.js': `import { log } from 'moult/runtime';
import { next } from './counter.mjs';

export class Greeter {
  constructor(name) { this.name = name; }
}

export function describe(greeter, counted) {
  return 'v1 ' + greeter.name + ' ' + counted;
}

const ann = new Greeter('ann');
log('started on node ' + process.version);
setInterval(() => log(describe(ann, next())), 100);
`,
  // The update is an ES module too: its default export is a function of ctx.
  'update.mjs': `import { SafeRedefineUpdate } from 'moult/runtime';
export default (ctx) => {
  const { Greeter } = ctx.main;                       // an exported class of the ESM entry
  function describe(greeter, counted) {
    const kind = greeter instanceof Greeter ? Greeter.name : 'stranger';
    return 'v2 ' + kind + ' ' + greeter.name + ' ' + counted;
  }
  return new SafeRedefineUpdate(ctx.main, ctx.main.describe, describe, { name: 'describe-v2' });
};
`,
  'patches/counter.mjs': `let count = 0;
export function next() {
  count += 1;
  return 'patched count ' + count;
}
`,
};

const logsOf = (sb, from = 0) => sb.events().slice(from).filter((e) => e.event === 'app.log' && e.app === 'esm').map((e) => e.msg);
const countIn = (msg) => Number(/count (\d+)$/.exec(msg)?.[1]);

async function startEsmApp(t) {
  const sb = sandbox(t);
  sb.files(FILES);
  const eco = sb.ecosystem([{ name: 'esm', script: 'app.js' }]);
  await startAndWaitOnline(sb, eco, { apps: { esm: 1 } });
  await sb.waitEvent({ event: 'app.log', app: 'esm', msg: /^v1 ann count \d+$/ });
  const [{ pid }] = await sb.ls();
  return { sb, pid };
}

test('log() lines of an ES-module app are in moultd.log as app.log', async (t) => {
  const { sb, pid } = await startEsmApp(t);
  // An .mjs entry in a folder without package.json logs the same way.
  sb.files({ 'mjs-app/main.mjs': `import { log } from 'moult/runtime';\nlet n = 0;\nsetInterval(() => log('mjs tick ' + ++n), 100);\n` });
  await startAndWaitOnline(sb, sb.ecosystem([{ name: 'mjs', script: 'main.mjs', cwd: 'mjs-app' }], 'mjs.json'), { apps: { mjs: 1 } });
  await sb.waitEvent({ event: 'app.log', app: 'mjs', msg: 'mjs tick 2' });
  const { event: started } = await sb.waitEvent({ event: 'app.log', app: 'esm', msg: /^started on node v/ });
  t.log(started.msg);
  t.is(String(started.instance), '0');
  await sb.waitEvent({ event: 'app.log', app: 'esm', msg: 'v1 ann count 3' });
  const lines = logsOf(sb).filter((m) => m.startsWith('v1 '));
  t.deepEqual(lines.slice(0, 3), ['v1 ann count 1', 'v1 ann count 2', 'v1 ann count 3']);
  t.is((await sb.ls()).find((i) => i.name === 'esm').pid, pid);
});

test('moult update of an ES-module app: ctx.main is the namespace, and the redefinition goes through the slot', async (t) => {
  const { sb, pid } = await startEsmApp(t);
  const r = await sb.cli(['update', 'esm', 'update.mjs']);
  t.is(r.code, 0, r.stdout + r.stderr);
  t.regex(r.stdout, /esm\[0\] describe-v2: completed/);

  const { event: applied, index } = await sb.waitEvent({ event: 'update.applied', app: 'esm', update: 'describe-v2' });
  t.is(applied.via, 'slot');
  const { event: after } = await sb.waitEvent({ event: 'app.log', app: 'esm', msg: /^v\d / }, { from: index + 1 });
  t.regex(after.msg, /^v2 Greeter ann count \d+$/);
  t.deepEqual(sb.find({ event: 'update.rejected' }), []);
  t.is((await sb.ls())[0].pid, pid, 'same process');
});

test('moult patch of a module an ES-module app imports changes its code and keeps its count', async (t) => {
  const { sb, pid } = await startEsmApp(t);
  await sb.waitEvent({ event: 'app.log', app: 'esm', msg: 'v1 ann count 3' });
  const before = Math.max(...logsOf(sb).map(countIn).filter(Number.isFinite));

  const r = await sb.cli(['patch', 'esm', 'patches/counter.mjs']);
  t.is(r.code, 0, r.stdout + r.stderr);
  t.regex(r.stdout, /esm\[0\] patch:counter\.mjs: completed/);
  const { event: applied, index } = await sb.waitEvent({ event: 'update.applied', app: 'esm', update: 'patch:counter.mjs' });
  t.is(applied.via, 'slot');

  // The patched next() counts on from the module's current `count`: nothing was reloaded.
  const { event: after } = await sb.waitEvent({ event: 'app.log', app: 'esm', msg: /count/ }, { from: index + 1 });
  t.regex(after.msg, /^v1 ann patched count \d+$/);
  t.true(countIn(after.msg) > before, `${after.msg} counts on from ${before}`);
  await waitFor(() => logsOf(sb, index + 1).length >= 3, 'three lines after the patch');
  const counts = logsOf(sb, index + 1).map(countIn);
  t.deepEqual(counts, counts.map((_, i) => counts[0] + i), 'one more per tick, no reset');
  t.is((await sb.ls())[0].pid, pid, 'same process');
});
