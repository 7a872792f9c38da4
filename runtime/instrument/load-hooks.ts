// How the runtime gets into module loading, once per process, for CommonJS and ES modules alike:
// - `require('moult/runtime')` and `import … from 'moult/runtime'` resolve to this very runtime
//   (one per process, the one the daemon preloaded), whether or not the app depends on moult;
// - the app's own modules are instrumented as they load (instrument/rewrite.ts).
// CommonJS goes through `Module._resolveFilename` / `Module.prototype._compile` on every Node
// line: measured on Node 26 (200 modules), `module.registerHooks`, even with hooks that do
// nothing, made every module load ~50 µs slower (10 ms, 8 % of the app's start), _compile nothing
// measurable. ES modules get hooks where ES code runs (an ES entry, an ES update, on Node 22+ the
// first CommonJS module with `import(` or that Node finds to be an ES module): Node 22+ has
// `module.registerHooks` (synchronous, on this thread), Node 20 the off-thread `module.register`
// (esm-hooks.mts), whose instrumented modules report back here.
import Module from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import fs from 'node:fs';
import type { InstrumentedModule } from './rewrite';
import type { InstrumentSetting } from './filter';
import { makeFileFilter, makeFilter } from './filter';
import { registerUnit, resolveInUnit, takeSource, type UnitToServe } from './unit-modules';
import { emit } from '../core/events';
import { errorMessage } from '../core/errors';
import { CLIENT_API, RUNTIME_INDEX, RUNTIME_PRELOAD } from '../../protocol/package-files';
import { MessageChannel, type MessagePort } from 'node:worker_threads';

// Bare `moult` is the programmatic client (package.json exports "."), the same inside an app.
const TARGETS: Record<string, string> = {
  'moult': CLIENT_API,
  'moult/runtime': RUNTIME_INDEX,
  'moult/runtime/preload': RUNTIME_PRELOAD,
};
const TARGET_URLS = Object.fromEntries(Object.entries(TARGETS).map(([k, v]) => [k, pathToFileURL(v).href]));

type LoadResult = { format?: string | null; source?: string | ArrayBuffer | ArrayBufferView | null; shortCircuit?: boolean };
type RegisterHooks = (hooks: {
  resolve?: (specifier: string, context: unknown, next: (s: string, c: unknown) => unknown) => unknown;
  load?: (url: string, context: unknown, next: (u: string, c: unknown) => LoadResult) => LoadResult;
}) => unknown;

const registerHooks = (Module as unknown as { registerHooks?: RegisterHooks }).registerHooks;

/** The instrumentation, loaded with the first module it rewrites (a start with it off never loads it). */
function instrumented(): typeof import('./modules') {
   
  return require('./modules') as typeof import('./modules');
}

function compiles(): typeof import('./compiles') {
   
  return require('./compiles') as typeof import('./compiles');
}

/** Node 20: the port on which update units reach the loader thread (esm-hooks.mts). */
let toLoaderThread: MessagePort | null = null;

/**
 * Serves an update unit (its entry and local files) from memory from now on (unit-modules.ts):
 * nothing of it is written anywhere or read from disk. Node 22+: this thread's hooks; Node 20: the
 * loader thread's, which gets the unit over a MessagePort before any import that needs it.
 */
export function serveUnit(unit: UnitToServe): void {
  if (registerHooks && state.installed) {
    installEsmHooks();
    registerUnit(unit);
    return;
  }
  installEsmThread();
  if (!toLoaderThread) throw new Error('the ES module loader hooks are not installed: this update cannot be loaded');
  toLoaderThread.postMessage(unit);
}

/** Set while an update module compiles: it is the update's code, not the app's. */
let skipping = false;

export function withoutInstrumentation<T>(fn: () => T): T {
  skipping = true;
  try {
    return fn();
  } finally {
    skipping = false;
  }
}

const state = {
  installed: false, esmThread: false, esmHooks: false, cjsCompile: false,
  instrument: null as InstrumentSetting, base: process.cwd(), wanted: (_url: string): boolean => false,
};

function text(source: LoadResult['source'], url: string): string {
  if (typeof source === 'string') return source;
  if (source == null) return fs.readFileSync(fileURLToPath(url), 'utf8');
  return Buffer.from(source as Uint8Array).toString('utf8');
}

/**
 * SPEC 6.7: a module the rewrite cannot handle loads as written, with one `instrument.skipped`
 * warning naming the file, the line and the reason; LiveEdit reaches its functions.
 */
export function reportSkipped(url: string, reason: string, line: number | undefined): void {
  const file = url.startsWith('file:') ? fileURLToPath(url) : url;
  emit('instrument.skipped', `${file}${line ? `:${line}` : ''} is not instrumented, it loads as written (only LiveEdit can update it): ${reason}`,
    { file, ...(line ? { line } : {}), reason }, 'warn');
}

function skip(url: string, err: unknown): void {
  const { forget, RewriteBroken } = instrumented();
  forget(url);
  if (err instanceof RewriteBroken) reportSkipped(url, `the rewritten code does not compile: ${err.problem.message}`, err.problem.line);
  else {
    const p = compiles().problemOf(err);
    // meriyah's errors say where they are; anything else is the instrumentation's own failure.
    reportSkipped(url, p.line !== undefined ? `the parser cannot read it: ${p.message}` : `instrumenting it failed: ${p.message}`, p.line);
  }
}

/**
 * CommonJS modules rewritten and not compiled yet, by file name: their source as written, for
 * `_compile` to fall back on if V8 cannot compile the rewrite (compiles.ts).
 */
const asWritten = new Map<string, string>();

/**
 * Instruments one module, or returns it as written (reported) if the parser cannot read it or,
 * for an ES module, if the rewrite does not parse. `isModule` undefined: Node has not decided
 * (a `.js` file under no `"type"`, which Node reads as CommonJS unless it has ES module syntax):
 * the script grammar is tried first.
 */
function rewrite(url: string, source: string, isModule: boolean | undefined): string {
  try {
    const { instrumentModule } = instrumented();
    const { moduleProblem } = compiles();
    let code: string;
    let script = isModule === false;
    if (isModule !== undefined) code = instrumentModule(url, source, isModule, isModule ? moduleProblem : undefined);
    else {
      try {
        code = instrumentModule(url, source, false);
        script = true;
      } catch {
        code = instrumentModule(url, source, true, moduleProblem);
      }
    }
    if (script) asWritten.set(fileURLToPath(url), source);
    return code;
  } catch (err) {
    skip(url, err);
    return source;
  }
}

export function installLoadHooks(opts: { instrument: InstrumentSetting; base: string; esmEntry: boolean }): void {
  if (state.installed) return;
  state.installed = true;
  state.instrument = opts.instrument;
  state.base = opts.base;
  state.wanted = makeFilter(opts.instrument, opts.base);
  // An ES entry on Node 22+: the hooks take CommonJS too (one path for both, as Node loads them).
  if (opts.esmEntry && registerHooks) {
    installEsmHooks();
    installCompile(null);
    return;
  }
  installCjsResolve();
  state.cjsCompile = true;
  const wantedFile = makeFileFilter(opts.instrument, opts.base);
  installCompile((content, filename, format) => {
    // ES code reached from CommonJS (an `import()`, a file Node found to be an ES module): the ES
    // hooks from now on (Node 22+), so that `moult/runtime` resolves in it and the app's ES
    // modules it imports are instrumented.
    const hooked = state.esmHooks;
    if (!hooked && registerHooks && typeof content === 'string' && (format === 'module' || content.includes('import('))) installEsmHooks();
    if (skipping || typeof content !== 'string' || !wantedFile(filename)) return content;
    // An ES module that require() loads came through the hooks' load, which rewrote it.
    if (format === 'module' && hooked) return content;
    // Node 20.19+ also compiles here the ES modules that `require()` loads (format 'module', as a
    // package's "module-sync" export), and a .js file of no package type may be either.
    const isModule = format === 'module' || (format === undefined && filename.endsWith('.mjs')) ? true
      : format === 'commonjs' || filename.endsWith('.cjs') ? false : undefined;
    return rewrite(fileUrl(filename), content, isModule);
  });
  if (opts.esmEntry) installEsmThread();
}

/** Node 22+: ES modules (and update units) through module.registerHooks, and CommonJS too unless _compile has it. */
function installEsmHooks(): void {
  if (state.esmHooks || !registerHooks) return;
  state.esmHooks = true;
  registerHooks({
    resolve(specifier, context, next) {
      const url = TARGET_URLS[specifier];
      if (url) return { url, format: 'commonjs', shortCircuit: true };
      const inUnit = resolveInUnit(specifier, (context as { parentURL?: string }).parentURL);
      if (inUnit) return { url: inUnit, shortCircuit: true };
      return next(specifier, context);
    },
    load(url, context, next) {
      const held = takeSource(url);
      // Evaluated once (the loader caches it by URL): the source is not kept.
      if (held) return { format: held.format, source: held.source, shortCircuit: true };
      const r = next(url, context);
      if (state.cjsCompile && r.format !== 'module') return r;
      const undecided = r.format == null && /\.js$/.test(url);
      if ((r.format !== 'commonjs' && r.format !== 'module' && !undecided) || skipping || !state.wanted(url)) return r;
      return { ...r, source: rewrite(url, text(r.source, url), undecided ? undefined : r.format === 'module') };
    },
  });
}

// `file://` + path is pathToFileURL's answer for a plain absolute path (no `.` segment, no
// character that a URL encodes); measured: pathToFileURL was 3 ms of a 200-module start on Node 20.
const PLAIN_PATH = /^\/[\w\-/]+(?:\.[\w-]+)*$/;
const fileUrl = (file: string): string => (PLAIN_PATH.test(file) && !file.includes('//') ? `file://${file}` : pathToFileURL(file).href);

/**
 * Every CommonJS module compiles through Module.prototype._compile, on every Node line (its
 * source from the load hook on 22+, rewritten here on 20). A rewritten module whose code V8
 * cannot compile is compiled again as written; a SyntaxError that the rewritten code compiles
 * past was thrown by the module's code as it ran, and goes on to the caller.
 */
function installCompile(rewriteHere: ((content: string, filename: string, format: unknown) => string) | null): void {
  const proto = Module.prototype as unknown as { _compile(content: string, filename: string, ...rest: unknown[]): unknown };
  const compile = proto._compile;
  proto._compile = function (this: unknown, content: string, filename: string, ...rest: unknown[]): unknown {
    const code = rewriteHere ? rewriteHere(content, filename, rest[0]) : content;
    const original = asWritten.get(filename);
    if (original === undefined) return compile.call(this, code, filename, ...rest);
    asWritten.delete(filename);
    try {
      return compile.call(this, code, filename, ...rest);
    } catch (err) {
      const problem = err instanceof SyntaxError ? compiles().scriptProblem(code, filename) : null;
      if (!problem) throw err;
      skip(fileUrl(filename), new (instrumented().RewriteBroken)(problem));
      return compile.call(this, original, filename, ...rest);
    }
  };
}

function installCjsResolve(): void {
  const M = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
  const original = M._resolveFilename;
  M._resolveFilename = function (this: unknown, request: string, ...rest: unknown[]): string {
    return TARGETS[request] ?? original.call(this, request, ...rest);
  };
}

/**
 * Node 20: ES modules load on the loader thread (module.register), set up only when ES code
 * needs it. It instruments there and reports each module here before the module's body runs.
 */
export function installEsmThread(): void {
  if (state.esmThread || registerHooks) return;
  state.esmThread = true;
  Object.defineProperty(globalThis, Symbol.for('moult.esm.define'), {
    value: (id: string, url: string, table: string) => {
      try {
        const result = JSON.parse(table) as Omit<InstrumentedModule, 'code'>;
        const { partsOf, register } = instrumented();
        register(id, url, fs.readFileSync(fileURLToPath(url), 'utf8'), true, partsOf({ ...result, code: '' }));
      } catch (err) {
        emit('runtime.warning', `cannot record instrumented module ${url}: ${errorMessage(err)}`, { error: errorMessage(err) }, 'warn');
      }
    },
  });
  Object.defineProperty(globalThis, Symbol.for('moult.esm.skipped'), {
    value: (url: string, reason: string, line: number | null) => reportSkipped(url, reason, line ?? undefined),
  });
  const register_ = (Module as unknown as { register?: (specifier: string, parent: string, opts: object) => void }).register;
  if (!register_) return;
  const { port1, port2 } = new MessageChannel();
  port1.unref(); // never keeps the app alive
  register_('./esm-hooks.mjs', pathToFileURL(__filename).href, {
    data: {
      targets: TARGET_URLS, instrument: state.instrument, base: state.base, instrumentJs: pathToFileURL(path.join(__dirname, 'rewrite.js')).href,
      filterJs: pathToFileURL(path.join(__dirname, 'filter.js')).href, compilesJs: pathToFileURL(path.join(__dirname, 'compiles.js')).href,
      unitsJs: pathToFileURL(path.join(__dirname, 'unit-modules.js')).href, sources: port2,
    },
    transferList: [port2],
  });
  toLoaderThread = port1;
}
