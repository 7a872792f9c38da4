// Node 20's off-thread ES module hooks (registered by load-hooks.ts through module.register):
// moult's own specifiers resolve to the preloaded runtime, and the app's ES modules are
// instrumented here. Each instrumented module imports, first of all, a tiny data: module that
// hands its function table to the main thread, where the holders its functions read are made.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';

interface Data {
  targets: Record<string, string>;
  instrument: string[] | false | null;
  base: string;
  instrumentJs: string;
  filterJs: string;
  /** unit-modules.js: the registry of update units served from memory. */
  unitsJs?: string;
  /** Update units, posted by the main thread (load-hooks.ts serveUnit) before it imports them. */
  sources?: MessagePort;
}

type Units = typeof import('./unit-modules.js');

let targets: Record<string, string> = {};
let wanted: (url: string) => boolean = () => false;
let instrument: ((source: string, id: string, isModule: boolean) => { code: string; functions: unknown[]; topBodies: unknown[]; holders: number }) | null = null;
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
  } catch {
    return r; // the main thread never hears of it: updates reach it through LiveEdit only
  }
  const { code, ...table } = result;
  const define = `globalThis[Symbol.for('moult.esm.define')](${JSON.stringify(id)},${JSON.stringify(url)},${JSON.stringify(JSON.stringify(table))})`;
  return { ...r, source: `${code}\n;import ${JSON.stringify(`data:text/javascript,${encodeURIComponent(define)}`)};` };
}
