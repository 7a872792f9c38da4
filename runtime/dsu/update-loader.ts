// Loads an update module from the source the daemon (or a listener) hands over, calls it, and
// gives the updates it produced to the target manager. A module that does not load leaves the
// app untouched: the result says why, and nothing was queued.
import path from 'node:path';
import crypto from 'node:crypto';
import Module from 'node:module';
import { pathToFileURL } from 'node:url';
import { Update, setLoadingContext, type LoadingContext } from './update';
import { targetManager } from './manager';
import { serveUnit, withoutInstrumentation } from '../instrument/load-hooks';
import { UnitRequire } from './unit-require';
import { unitFilesAt } from '../../protocol/update-unit';
import { log } from '../core/log';
import { errorMessage } from '../core/errors';
import { withoutContent } from '../../protocol/limits';
import { entryFile, mainModule } from '../core/entry';
import { functionByName } from '../instrument/function-lookup';
import type { ManagerBase } from './manager';
import { nextTurn } from '../core/timers';

export interface UpdateRequest {
  updateId: string;
  /** Where the module came from; relative requires inside it resolve from its folder. */
  file: string;
  source: string;
  /** The local files it loads, relative to its folder (protocol/update-unit.ts): loaded from here, never from disk. */
  files?: Record<string, string>;
  manager?: string;
  /** Re-applied after a restart: each update's completion is also reported as update.replayed. */
  replay?: boolean;
}

export type LoadResult = { ok: true; updates: Update[] } | { ok: false; reason: string };

export interface UpdateContext {
  main: any;
  module(specifier: string): any;
  /** A loaded module's function by name, exported or not (file relative to the entry's folder). */
  fn(file: string, name: string): Function;
  manager: ManagerBase;
  log: typeof log;
}

const ESM_SYNTAX = /Cannot use import statement outside a module|Unexpected token 'export'|Cannot use 'import\.meta' outside a module|await is only valid/;
let loadChain: Promise<unknown> = Promise.resolve();

/** Loads run one at a time: the loading context (default names) is process-wide. */
export function loadUpdate(req: UpdateRequest): Promise<LoadResult> {
  const run = loadChain.then(() => load(req));
  loadChain = run.catch(() => undefined);
  return run;
}

async function entryExports(): Promise<any> {
  const main = mainModule();
  if (main) return main.exports;
  const entry = entryFile();
  return entry ? import(pathToFileURL(entry).href) : {};
}

/** Where ctx.module(specifier) finds a module: a relative specifier from the entry's folder, a bare one as the entry would require it. */
export function resolveFromEntry(specifier: string): string {
  const base = entryFile() ? path.dirname(entryFile()!) : process.cwd();
  const target = specifier.startsWith('.') ? path.resolve(base, specifier) : specifier;
  return Module.createRequire(path.join(base, 'noop.js')).resolve(target);
}

/** Sync, as in Pymoult; an ES module the app loaded is reached with `await import()` instead. */
function moduleExports(specifier: string): any {
  const base = entryFile() ? path.dirname(entryFile()!) : process.cwd();
  const req = Module.createRequire(path.join(base, 'noop.js'));
  const resolved = resolveFromEntry(specifier);
  const cached = require.cache[resolved];
  if (cached) return cached.exports;
  return req(resolved);
}

/**
 * A CommonJS update, compiled from memory; its local requires are served from its unit
 * (unit-require.ts), its packages resolve from its folder as usual.
 */
function compileCjs(source: string, file: string, unit: UnitRequire): unknown {
  const m = new Module(file, mainModule());
  m.filename = file;
  m.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(file));
  unit.attach(m);
  withoutInstrumentation(() => (m as unknown as { _compile(src: string, file: string): void })._compile(source, file));
  return m.exports;
}

/**
 * An ES update module is imported under a file: URL next to the file it came from, so that its
 * relative and bare imports resolve as its author expects (audit rows 1.2 / 1.3: never from a temp
 * folder); it and its local files are served from memory (unit-modules.ts), nothing is written or
 * read from disk. The name carries the source's hash: the loader caches modules by URL, and a
 * changed update is a new module.
 */
async function importEsm(source: string, file: string, id: string, files: [string, string][]): Promise<unknown> {
  const hash = crypto.createHash('sha256').update(source).digest('hex').slice(0, 16);
  const base = `${path.basename(file).replace(/\.[^.]+$/, '')}.moult-${hash}.mjs`;
  const virtual = pathToFileURL(path.join(path.dirname(path.resolve(file)), base)).href;
  serveUnit({ id, entry: { url: virtual, source }, files });
  return import(virtual);
}

/** Compiles a module handed over as source (CommonJS or ES, TypeScript allowed): its exports. Also a release's recompute module (patch/recompute.ts). */
export async function evaluate(req: UpdateRequest): Promise<unknown> {
  const { source, file } = req;
  const files = [...unitFilesAt(file, { source, files: req.files ?? {} })];
  const id = req.updateId.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 64) || crypto.randomUUID();
  if (/\.m[jt]s$/.test(file)) return importEsm(source, file, id, files);
  const unit = new UnitRequire(new Map(files));
  try {
    // Its dynamic import()s of its own files come from memory too (on Node 20 that takes the loader
    // thread: started only for a unit that imports something).
    if ([source, ...files.map(([, s]) => s)].some((s) => /\bimport\s*\(/.test(s))) serveUnit({ id, cjsParent: pathToFileURL(path.resolve(file)).href, files });
    return compileCjs(source, file, unit);
  } catch (err) {
    if (err instanceof SyntaxError && ESM_SYNTAX.test(err.message)) return importEsm(source, file, `${id}-esm`, files);
    throw err;
  }
}

export function defaultExport(exports: unknown): unknown {
  if (exports && typeof exports === 'object' && 'default' in exports) return (exports as { default: unknown }).default;
  return exports;
}

/** What an update module's function and a release's recompute hooks see of the app (SPEC 6.1). */
export async function appContext(): Promise<Pick<UpdateContext, 'main' | 'module' | 'fn' | 'log'>> {
  return { main: await entryExports(), module: moduleExports, fn: functionByName, log };
}

async function load(req: UpdateRequest): Promise<LoadResult> {
  const ctx: LoadingContext = { defaultName: path.basename(req.file).replace(/\.[^.]+$/, ''), updateId: req.updateId, added: [] };
  setLoadingContext(ctx);
  try {
    let exported: unknown;
    try {
      exported = defaultExport(await evaluate(req));
    } catch (err) {
      const kind = err instanceof SyntaxError ? 'syntax error' : 'load error';
      // The message may quote the file (a secret given by mistake): it is logged without it.
      return { ok: false, reason: `${kind}: ${withoutContent(errorMessage(err))}` };
    }
    // The module compiled and ran in a turn of its own; what it produces, in the next (update-prep.ts).
    await nextTurn();
    const manager = targetManager(req.manager);
    if (!manager) return { ok: false, reason: `no manager named ${req.manager}` };
    let produced: unknown = exported;
    if (typeof exported === 'function' && !(exported.prototype instanceof Update)) {
      const context: UpdateContext = { main: await entryExports(), module: moduleExports, fn: functionByName, manager, log };
      try {
        produced = await (exported as (c: UpdateContext) => unknown)(context);
      } catch (err) {
        return { ok: false, reason: `the update module threw: ${errorMessage(err)}` };
      }
    }
    const list = produced === undefined || produced === null ? [] : Array.isArray(produced) ? produced : [produced];
    const bad = list.find((u) => !(u instanceof Update));
    if (bad !== undefined) return { ok: false, reason: 'the update module must export an Update, an array of them, or a function returning them' };
    for (const u of list as Update[]) {
      if (req.replay) u.replay = true;
      if (!ctx.added.includes(u)) {
        try {
          manager.addUpdate(u);
        } catch (err) {
          return { ok: false, reason: errorMessage(err) };
        }
      }
    }
    if (req.replay) for (const u of ctx.added) u.replay = true;
    return { ok: true, updates: ctx.added };
  } finally {
    setLoadingContext(null);
  }
}
