// Node 20's off-thread ES module hooks (registered by load-hooks.ts through module.register):
// moult's own specifiers resolve to the preloaded runtime, and the app's ES modules are
// instrumented here. Each instrumented module imports, first of all, a tiny data: module that
// hands its function table to the main thread, where the holders its functions read are made.
// A module the rewrite cannot handle (SPEC 6.7) loads as written, and imports a data: module that
// reports it to the main thread the same way.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';

interface Data {
  targets: Record<string, string>;
  instrument: string[] | false | null;
  base: string;
  instrumentJs: string;
  filterJs: string;
  compilesJs: string;
  /** unit-modules.js: the registry of update units served from memory. */
  unitsJs?: string;
  /** Update units, posted by the main thread (load-hooks.ts serveUnit) before it imports them. */
  sources?: MessagePort;
}

type Problem = { line?: number; message: string };
type Units = typeof import('./unit-modules.js');

let targets: Record<string, string> = {};
let wanted: (url: string) => boolean = () => false;
let instrument: ((source: string, id: string, isModule: boolean) => { code: string; functions: unknown[]; topBodies: unknown[]; holders: number }) | null = null;
let moduleProblem: ((code: string) => Problem | null) | null = null;
let problemOf: ((err: unknown) => Problem) | null = null;
let next = 0;
let sources: MessagePort | null = null;
let units: Units | null = null;

/** Takes in what the main thread posted: it posts a unit before it imports anything of it. */
function takeUnits(): Units | null {
  for (let m = sources && receiveMessageOnPort(sources); m && units; m = receiveMessageOnPort(sources!)) units.registerUnit(m.message);
  return units;
}

export function initialize(data: Data | undefined): void {
  if (!data) return;
  sources = data.sources ?? null;
  targets = data.targets;
  const require = createRequire(fileURLToPath(data.instrumentJs));
  instrument = require(fileURLToPath(data.instrumentJs)).instrument;
  wanted = require(fileURLToPath(data.filterJs)).makeFilter(data.instrument, data.base);
  ({ moduleProblem, problemOf } = require(fileURLToPath(data.compilesJs)));
  if (data.unitsJs) units = require(fileURLToPath(data.unitsJs)) as Units;
}

type Next = (specifier: string, context: unknown) => any;

export function resolve(specifier: string, context: unknown, nextResolve: Next): unknown {
  const url = targets[specifier];
  if (url) return { url, shortCircuit: true, format: 'commonjs' };
  // An update and its local files are served from memory (unit-modules.ts), never read from disk.
  const inUnit = takeUnits()?.resolveInUnit(specifier, (context as { parentURL?: string }).parentURL);
  if (inUnit) return { url: inUnit, shortCircuit: true };
  return nextResolve(specifier, context);
}

export async function load(url: string, context: unknown, nextLoad: Next): Promise<unknown> {
  const own = takeUnits()?.takeSource(url);
  if (own) return { format: own.format, source: own.source, shortCircuit: true };
  const r = await nextLoad(url, context);
  if (r.format !== 'module' || !instrument || !wanted(url)) return r;
  const source = typeof r.source === 'string' ? r.source : Buffer.from(r.source).toString('utf8');
  const id = `w${next++}`;
  let result;
  try {
    result = instrument(source, id, true);
  } catch (err) {
    const p = problemOf!(err);
    return tell(r, source, 'skipped', url, p.line !== undefined ? `the parser cannot read it: ${p.message}` : `instrumenting it failed: ${p.message}`, p.line ?? null);
  }
  const { code, ...table } = result;
  const problem = moduleProblem!(code);
  if (problem) return tell(r, source, 'skipped', url, `the rewritten code does not compile: ${problem.message}`, problem.line ?? null);
  return tell(r, code, 'define', id, url, JSON.stringify(table));
}

/** `code`, then an import of a data: module that calls the main thread's `moult.esm.<what>` with `args`. */
function tell(r: object, code: string, what: string, ...args: unknown[]): object {
  const call = `globalThis[Symbol.for('moult.esm.${what}')](${args.map((a) => JSON.stringify(a)).join(',')})`;
  return { ...r, source: `${code}\n;import ${JSON.stringify(`data:text/javascript,${encodeURIComponent(call)}`)};` };
}
