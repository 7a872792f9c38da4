// An update module written in TypeScript (.ts) is stripped of its types by the daemon (Node's
// module.stripTypeScriptTypes on 22.13+, sucrase on Node 20; the typescript compiler is not a
// run-time dependency) and applies like its JavaScript twin. One that does not parse is refused
// (exit 2) with the file and the line of the error.
import test from 'ava';
import { sandbox, show, startAndWaitOnline, REDEFINE_APP } from '../helpers/moult.mjs';

const TS_UPDATE = `import { SafeRedefineUpdate, log } from 'moult/runtime';
interface Main { func_v1: () => void; task: unknown; manager: { addUpdate(u: unknown): void } }
function func_v2(): void { log('v2'); console.log('v2'); }
export default (ctx: { main: Main }): void => {
  const main: Main = ctx.main;
  const update = new SafeRedefineUpdate(main, main.func_v1, func_v2, { name: 'func', tasks: [main.task as never] });
  main.manager.addUpdate(update);
};
`;
const BAD_TS = `const a: number = 1;
const b: number = ;
export default () => a + b;
`;

test('a TypeScript update applies; a broken one is refused with its line', async (t) => {
  const sb = sandbox(t);
  sb.files({ 'app.js': REDEFINE_APP, 'update.ts': TS_UPDATE, 'broken.ts': BAD_TS });
  await startAndWaitOnline(sb, sb.ecosystem([{ name: 'app', script: 'app.js' }]), { apps: { app: 1 } });
  await sb.waitEvent({ event: 'app.log', app: 'app', msg: 'v1' });

  const bad = await sb.cli(['update', 'app', 'broken.ts']);
  t.is(bad.code, 2, show(bad));
  t.regex(bad.stderr + bad.stdout, /broken\.ts:2(:\d+)?: syntax error/);

  const from = sb.events().length;
  const r = await sb.cli(['update', 'app', 'update.ts']);
  t.is(r.code, 0, `${show(r)}\n${sb.tail(20)}`);
  await sb.waitEvent({ event: 'app.log', app: 'app', msg: 'v2' }, { from });
});
