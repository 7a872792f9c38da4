// How the runtime gets into module loading, once per process, for CommonJS and ES modules alike:
// - `require('moult/runtime')` and `import … from 'moult/runtime'` resolve to this very runtime
//   (one per process, the one the daemon preloaded), whether or not the app depends on moult;
// - the app's own modules are instrumented as they load (instrument/rewrite.ts).
// CommonJS goes through `Module._resolveFilename` / `Module.prototype._compile` on every Node
// line: measured on Node 26 (200 modules), `module.registerHooks`, even with hooks that do
// nothing, made every module load ~50 µs slower (10 ms, 8 % of the app's start), _compile nothing
// measurable. ES modules get hooks where ES code runs (an ES entry, an ES update module): Node 22+
// has `module.registerHooks` (synchronous, on this thread), Node 20 the off-thread
// `module.register` (esm-hooks.mts), whose instrumented modules report back here.
import Module from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import fs from 'node:fs';
import type { InstrumentedModule } from './rewrite';
import type { InstrumentSetting } from './filter';
import { makeFileFilter, makeFilter } from './filter';
import { emit } from '../core/events';
import { errorMessage } from '../core/errors';
import { CLIENT_API, RUNTIME_INDEX, RUNTIME_PRELOAD } from '../../protocol/package-files';

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

/** Modules served from memory by URL (ES update modules, on Node 22+). */
const inMemory = new Map<string, string>();

const registerHooks = (Module as unknown as { registerHooks?: RegisterHooks }).registerHooks;

/** Serves `source` at `url` from now on; false where the hooks cannot (Node 20). */
export function serveFromMemory(url: string, source: string): boolean {
  if (!registerHooks || !state.installed) return false;
  installEsmHooks();
  inMemory.set(url, source);
  return true;
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

/** The instrumentation, loaded with the first module it rewrites (a start with it off never loads it). */
function instrumented(): typeof import('./modules') {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  return require('./modules') as typeof import('./modules');
}

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
    const { instrumentModule } = instrumented();
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
  state.wanted = makeFilter(opts.instrument, opts.base);
  // An ES entry on Node 22+: the hooks take CommonJS too (one path for both, as Node loads them).
  if (opts.esmEntry && registerHooks) return installEsmHooks();
  installCjsResolve();
  installCjsCompile(makeFileFilter(opts.instrument, opts.base));
  if (opts.esmEntry) installEsmThread();
}

/** Node 22+: ES modules through module.registerHooks (and CommonJS too, unless _compile has it). */
function installEsmHooks(): void {
  if (state.esmHooks || !registerHooks) return;
  state.esmHooks = true;
  registerHooks({
    resolve(specifier, context, next) {
      const url = TARGET_URLS[specifier];
      if (url) return { url, format: 'commonjs', shortCircuit: true };
      if (inMemory.has(specifier)) return { url: specifier, format: 'module', shortCircuit: true };
      return next(specifier, context);
    },
    load(url, context, next) {
      const held = inMemory.get(url);
      if (held !== undefined) {
        // Evaluated once (the loader caches it by URL): the source is not needed again.
        inMemory.delete(url);
        return { format: 'module', source: held, shortCircuit: true };
      }
      const r = next(url, context);
      const undecided = r.format == null && /\.js$/.test(url);
      if (state.cjsCompile && r.format !== 'module') return r;
      if ((r.format !== 'commonjs' && r.format !== 'module' && !undecided) || skipping || !state.wanted(url)) return r;
      return { ...r, source: rewrite(url, text(r.source, url), undecided ? undefined : r.format === 'module') };
    },
  });
}

// `file://` + path is pathToFileURL's answer for a plain absolute path (no `.` segment, no
// character that a URL encodes); measured: pathToFileURL was 3 ms of a 200-module start on Node 20.
const PLAIN_PATH = /^\/[\w\-/]+(?:\.[\w\-]+)*$/;
const fileUrl = (file: string): string => (PLAIN_PATH.test(file) && !file.includes('//') ? `file://${file}` : pathToFileURL(file).href);

function installCjsCompile(wantedFile: (file: string) => boolean): void {
  state.cjsCompile = true;
  const proto = Module.prototype as unknown as { _compile(content: string, filename: string, ...rest: unknown[]): unknown };
  const compile = proto._compile;
  proto._compile = function (this: unknown, content: string, filename: string, ...rest: unknown[]): unknown {
    // Node 22+ passes a format: 'module' for an ES file that require() loads; TypeScript is not ours.
    const format = rest[0];
    // ES code reached from CommonJS (an `import()`, a file Node found to be an ES module): the ES
    // hooks from now on, so that `moult/runtime` resolves in it and the app's ES modules it
    // imports are instrumented (they take the ES file itself too).
    if (!state.esmHooks && registerHooks && typeof content === 'string' && (format === 'module' || content.includes('import('))) installEsmHooks();
    const byHooks = format === 'module' && state.esmHooks;
    const ours = !skipping && !byHooks && typeof content === 'string' && (format === undefined || format === 'commonjs' || format === 'module') && wantedFile(filename);
    return compile.call(this, ours ? rewrite(fileUrl(filename), content, format === 'module') : content, filename, ...rest);
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
  const register_ = (Module as unknown as { register?: (specifier: string, parent: string, opts: object) => void }).register;
  register_?.('./esm-hooks.mjs', pathToFileURL(__filename).href, {
    data: { targets: TARGET_URLS, instrument: state.instrument, base: state.base, instrumentJs: pathToFileURL(path.join(__dirname, 'rewrite.js')).href, filterJs: pathToFileURL(path.join(__dirname, 'filter.js')).href },
  });
}
