// Reduced from the NestJS app of bench/real-apps (issue 15 "Real apps"): the shape tsc gives a
// decorated service (`experimentalDecorators` + `emitDecoratorMetadata`: the `__decorate`,
// `__param` and `__metadata` helpers, `let S = class S {…}` then `exports.S = S = __decorate(…)`),
// compiled here by the repo's own typescript. Under moultd, an update through `ctx.fn` reaches both
// an unexported helper and a method of the decorated class, and `moult patch` of a method body,
// each `via: "slot"`, same pid; a throw from the method keeps plain node's frames (file:line:column).
import test from 'ava';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import ts from 'typescript';
import { ROOT, sandbox, startAndWaitOnline, waitFor } from '../helpers/moult.mjs';

const SERVICE_TS = `// Decorators of our own (no framework): a class decorator and a parameter decorator.
const registry = new Map<unknown, unknown[]>();
function Injectable(): ClassDecorator { return (target) => { registry.set(target, []); }; }
function Inject(token: string): ParameterDecorator {
  return (target, _key, index) => { (registry.get(target) ?? []).push([token, index]); };
}

// Not exported: only the service calls it.
function formatGreeting(name: string, count: number): string {
  return \`Hello, \${name} (#\${count})\`;
}

@Injectable()
export class GreetingService {
  private count = 0;

  constructor(@Inject('CLOCK') private readonly clock: { now(): number }) {}

  greet(name: string): string {
    this.count += 1;
    return formatGreeting(name, this.count);
  }

  fail(name: string): never {
    throw new Error(\`no greeting for \${name}\`);
  }
}
`;

const COMPILER = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2021, experimentalDecorators: true, emitDecoratorMetadata: true };
const compile = (source) => ts.transpileModule(source, { compilerOptions: COMPILER, fileName: 'greeting.service.ts' }).outputText;

const APP = `const { log } = require('moult/runtime');
const { GreetingService } = require('./greeting.service');
const service = new GreetingService({ now: () => Date.now() });
setInterval(() => log(service.greet('ann')), 100);
`;

// Prints the stack of a throw from the decorated class's method, called from a callback as a
// request handler is (run with and without moult; a throw while modules load is another matter:
// test/runtime/stack-of-a-throw-while-loading-matches-plain-node.test.mjs).
const THROWER = `const { GreetingService } = require('./greeting.service');
const clock = { now: () => 0 };
setImmediate(function handler() {
  try {
    new GreetingService(clock).fail('ann');
  } catch (err) {
    console.log(err.stack);
  }
});
`;

const lastLog = (sb) => [...sb.events()].reverse().find((e) => e.event === 'app.log' && /^(Hello|Hi|Howdy|method)/.test(e.msg))?.msg;

test('a tsc-decorated service: ctx.fn reaches an unexported helper and a method, moult patch a method body, all via slot', async (t) => {
  const compiled = compile(SERVICE_TS);
  t.regex(compiled, /exports\.GreetingService = GreetingService = __decorate\(/, 'tsc emitted the decorated-class shape this test is about');
  t.regex(compiled, /__param\(0, Inject\('CLOCK'\)\)/);
  const sb = sandbox(t);
  const dir = sb.files({
    'greeting.service.js': compiled,
    'app.js': APP,
    'helper-update.js': `const { SafeRedefineUpdate } = require('moult/runtime');
module.exports = (ctx) => new SafeRedefineUpdate(null, ctx.fn('greeting.service.js', 'formatGreeting'),
  function formatGreeting(name, count) { return 'Hi, ' + name + ' (#' + count + ', hot)'; }, { name: 'helper' });
`,
    'method-update.js': `const { SafeRedefineUpdate } = require('moult/runtime');
module.exports = (ctx) => new SafeRedefineUpdate(null, ctx.fn('greeting.service.js', 'GreetingService.prototype.greet'),
  function greet(name) { this.count += 100; return 'method ' + name + ' #' + this.count; }, { name: 'method' });
`,
    'patch/greeting.service.js': compile(SERVICE_TS.replace('this.count += 1;', 'this.count += 1000;').replace('return formatGreeting(name, this.count);', "return 'Howdy, ' + name + ' #' + this.count;")),
  });
  const eco = sb.ecosystem([{ name: 'nest', script: 'app.js' }]);
  await startAndWaitOnline(sb, eco, { apps: { nest: 1 } });
  await sb.waitEvent({ event: 'app.log', app: 'nest', msg: /^Hello, ann \(#\d+\)$/ });
  const [{ pid }] = await sb.ls();
  const count = (msg) => Number(/#(\d+)/.exec(msg)[1]);

  for (const [file, name, shows] of [
    ['helper-update.js', 'helper', /^Hi, ann \(#\d+, hot\)$/],
    ['method-update.js', 'method', /^method ann #\d+$/],
    ['patch/greeting.service.js', 'patch:greeting.service.js', /^Howdy, ann #\d+$/],
  ]) {
    const before = count(lastLog(sb));
    const r = await sb.cli([file.startsWith('patch/') ? 'patch' : 'update', 'nest', file]);
    t.is(r.code, 0, r.stdout + r.stderr);
    const { event: applied } = await sb.waitEvent({ event: 'update.applied', app: 'nest', update: name });
    t.is(applied.via, 'slot', `${name} took the slot path`);
    await waitFor(() => shows.test(lastLog(sb) ?? ''), `${name}: the app runs the new code`);
    t.true(count(lastLog(sb)) > before, `${name}: the service kept its count`);
  }
  t.is((await sb.ls())[0].pid, pid);

  // The same throw, plain node and under moult's preload: the same frames.
  sb.files({ 'thrower.js': THROWER });
  const run = (args) => execFileSync(process.execPath, [...args, path.join(dir, 'thrower.js')], { cwd: dir, encoding: 'utf8', env: { ...process.env, MOULT_LOG: path.join(dir, 'thrower-events.jsonl') } });
  const plain = run([]);
  const withMoult = run(['--require', path.join(ROOT, 'dist', 'runtime', 'preload.js')]);
  t.regex(plain, /at GreetingService\.fail \(.*greeting\.service\.js:\d+:\d+\)/);
  t.is(withMoult, plain);
});
