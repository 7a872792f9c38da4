// How the runtime gets into module loading, once per process, for CommonJS and ES modules alike:
// - `require('moult/runtime')` and `import … from 'moult/runtime'` resolve to this very runtime
//   (one per process, the one the daemon preloaded), whether or not the app depends on moult;
// - the app's own modules are instrumented as they load (instrument/rewrite.ts).
// Node 22+ has `module.registerHooks` (synchronous, on this thread) for both. Node 20 has only
// `Module._resolveFilename` / `Module.prototype._compile` for CommonJS and the off-thread
// `module.register` for ES modules (esm-hooks.mts), whose instrumented modules report back here.
import Module from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import fs from 'node:fs';
import { instrumentModule, register } from './modules';
import type { InstrumentedModule } from './rewrite';
import type { InstrumentSetting } from './filter';
import { makeFilter } from './filter';
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

/** Node 20: the port on which update units reach the loader thread (esm-hooks.mts). */
let toLoaderThread: MessagePort | null = null;

/**
 * Serves an update unit (its entry and local files) from memory from now on (unit-modules.ts):
 * nothing of it is written anywhere or read from disk. Node 22+: this thread's hooks; Node 20: the
 * loader thread's, which gets the unit over a MessagePort before any import that needs it.
 */
export function serveUnit(unit: UnitToServe): void {
  if ((Module as unknown as { registerHooks?: unknown }).registerHooks && state.installed) {
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

const state = { installed: false, esmThread: false, instrument: null as InstrumentSetting, base: process.cwd() };

function text(source: LoadResult['source'], url: string): string {
  if (typeof source === 'string') return source;
  if (source == null) return fs.readFileSync(fileURLToPath(url), 'utf8');
  return Buffer.from(source as Uint8Array).toString('utf8');
}

/**
 * Instruments one module; a module the parser cannot read runs as it is, with one warning.
 * `isModule` undefined: Node has not decided (a `.js` file under no `"type"`, which Node reads
 * as CommonJS unless it has ES module syntax): the script grammar is tried first.
 */
function rewrite(url: string, source: string, isModule: boolean | undefined): string {
  try {
    if (isModule !== undefined) return instrumentModule(url, source, isModule);
    try {
      return instrumentModule(url, source, false);
    } catch {
      return instrumentModule(url, source, true);
    }
  } catch (err) {
    emit('runtime.warning', `${fileURLToPath(url)} is not instrumented (only LiveEdit can update it): ${errorMessage(err)}`, { file: url, error: errorMessage(err) }, 'warn');
    return source;
  }
}

export function installLoadHooks(opts: { instrument: InstrumentSetting; base: string; esmEntry: boolean }): void {
  if (state.installed) return;
  state.installed = true;
  state.instrument = opts.instrument;
  state.base = opts.base;
  const wanted = makeFilter(opts.instrument, opts.base);
  const registerHooks = (Module as unknown as { registerHooks?: RegisterHooks }).registerHooks;
  if (registerHooks) {
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
        const undecided = r.format == null && /\.js$/.test(url);
        if ((r.format !== 'commonjs' && r.format !== 'module' && !undecided) || skipping || !wanted(url)) return r;
        return { ...r, source: rewrite(url, text(r.source, url), undecided ? undefined : r.format === 'module') };
      },
    });
    return;
  }
  installCjsResolve();
  const proto = Module.prototype as unknown as { _compile(content: string, filename: string): unknown };
  const compile = proto._compile;
  proto._compile = function (this: unknown, content: string, filename: string): unknown {
    const url = pathToFileURL(filename).href;
    return compile.call(this, !skipping && wanted(url) ? rewrite(url, content, false) : content, filename);
  };
  if (opts.esmEntry) installEsmThread();
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
  if (state.esmThread || (Module as unknown as { registerHooks?: unknown }).registerHooks) return;
  state.esmThread = true;
  Object.defineProperty(globalThis, Symbol.for('moult.esm.define'), {
    value: (id: string, url: string, table: string) => {
      try {
        const result = JSON.parse(table) as Omit<InstrumentedModule, 'code'>;
        register(id, url, fs.readFileSync(fileURLToPath(url), 'utf8'), true, { ...result, code: '' });
      } catch (err) {
        emit('runtime.warning', `cannot record instrumented module ${url}: ${errorMessage(err)}`, { error: errorMessage(err) }, 'warn');
      }
    },
  });
  const register_ = (Module as unknown as { register?: (specifier: string, parent: string, opts: object) => void }).register;
  if (!register_) return;
  const { port1, port2 } = new MessageChannel();
  port1.unref(); // never keeps the app alive
  register_('./esm-hooks.mjs', pathToFileURL(__filename).href, {
    data: { targets: TARGET_URLS, instrument: state.instrument, base: state.base, instrumentJs: pathToFileURL(path.join(__dirname, 'rewrite.js')).href, filterJs: pathToFileURL(path.join(__dirname, 'filter.js')).href, unitsJs: pathToFileURL(path.join(__dirname, 'unit-modules.js')).href, sources: port2 },
    transferList: [port2],
  });
  toLoaderThread = port1;
}
