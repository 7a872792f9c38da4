// A release's recompute hooks (SPEC 6.5): what the user declares to re-run for start-up state that
// code the release changes computed, when the package itself cannot be edited (a dependency's
// CVE fix): recompile the routes, rebuild a middleware, recompute a table. One module (CommonJS or
// ES, `moult patch … --recompute hooks.js`) whose default export maps what each hook covers to
// the hook:
//
//   'path-to-regexp'                      every file of every copy of a package
//   'lib/routes.js', 'lib/'               a file of the app's tree (relative to its root), a folder
//   'lib/routes.js#compile'               one function (or binding) of a file
//   '*'                                   anything
//
// A hook runs after the release's code is in place, within the same transaction, when the release
// changes a loaded file it covers: ctx.set() (journaled) and the undo function a hook returns are
// undone if the release fails or is rolled back. A function the release changes that only ran at
// start-up is accepted only when a hook covers it (start-up-state.ts).
import { evaluate, defaultExport, appContext } from '../dsu/update-loader';
import { journal } from '../core/journal';
import { MoultRuntimeError, errorMessage } from '../core/errors';
import { instancesOf } from '../mechanisms/data';
import { capturedValues } from '../core/inspector';
import type { ReleaseManifest } from '../../protocol/release';
import { pathToFileURL } from 'node:url';
import { resolveFromEntry } from '../dsu/update-loader';
import { findModule } from '../instrument/function-lookup';
import { moduleScope } from './slot-patch';

type Class = abstract new (...args: any[]) => object;

/** What a recompute hook sees: the app (as an update module does), and journaled changes. */
export interface RecomputeContext extends Awaited<ReturnType<typeof appContext>> {
  /** `obj[key] = value`, undone with the release. */
  set(obj: object, key: PropertyKey, value: unknown): void;
  /** Every live object whose prototype is cls.prototype (one heap walk). */
  instances(cls: Class): object[];
  /**
   * Evaluates code in the scope of a loaded (instrumented) module, as its own code would (file
   * relative to the entry's folder): what a module keeps to itself, a cache it filled at start-up.
   */
  scope(file: string): (code: string) => any;
  /**
   * The namespace of an ES module the app loaded (as ctx.module, a relative specifier resolves from
   * the entry's folder): the same instance, where require() of an ES module could evaluate another.
   */
  import(specifier: string): Promise<any>;
  /** The files of the release the hook covers, and the start-up code of theirs that it answers for. */
  files: string[];
  stale: { file: string; name: string; line: number }[];
}

export interface RecomputeHook {
  key: string;
  run: (ctx: RecomputeContext) => unknown;
}

/** The package a file of the tree belongs to: its nearest node_modules/<name>/ (scoped too). */
function packageOf(file: string): string | null {
  const at = file.lastIndexOf('node_modules/');
  if (at === -1) return null;
  const rest = file.slice(at + 'node_modules/'.length).split('/');
  return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
}

function fileMatches(target: string, file: string): boolean {
  return target === '*' || target === file || (target.endsWith('/') && file.startsWith(target)) || packageOf(file) === target;
}

export class RecomputeHooks {
  constructor(readonly file: string, readonly hooks: RecomputeHook[]) {}

  /** Whether a hook answers for a function (or binding) of `file` known by these names (its own, then those of the functions it is in). */
  covers(file: string, names: string[]): boolean {
    return this.hooks.some((h) => {
      const [target, only] = splitKey(h.key);
      return fileMatches(target, file) && (only === null || names.includes(only));
    });
  }

  /** The hooks that cover any of these files, in the order the module declares them. */
  forFiles(files: string[]): { hook: RecomputeHook; files: string[] }[] {
    return this.hooks
      .map((hook) => ({ hook, files: files.filter((f) => fileMatches(splitKey(hook.key)[0], f)) }))
      .filter((h) => h.files.length > 0);
  }
}

function splitKey(key: string): [string, string | null] {
  const i = key.lastIndexOf('#');
  return i === -1 ? [key, null] : [key.slice(0, i), key.slice(i + 1)];
}

/** Loads the release's recompute module (none: null). A module that does not load refuses the release. */
export async function loadRecompute(manifest: ReleaseManifest, updateId: string): Promise<RecomputeHooks | null> {
  const r = manifest.recompute;
  if (!r) return null;
  let exported: unknown;
  try {
    exported = defaultExport(await evaluate({ updateId: `${updateId}-recompute`, file: r.file, source: r.source }));
  } catch (err) {
    throw new MoultRuntimeError('EPATCH', `recompute module ${r.file} does not load: ${errorMessage(err)}`);
  }
  if (!exported || typeof exported !== 'object') throw new MoultRuntimeError('EPATCH', `recompute module ${r.file}: its default export must be an object mapping what each hook covers ('path-to-regexp', 'lib/routes.js#compile') to a function`);
  const hooks: RecomputeHook[] = [];
  for (const [key, run] of Object.entries(exported)) {
    if (typeof run !== 'function') throw new MoultRuntimeError('EPATCH', `recompute module ${r.file}: ${JSON.stringify(key)} is not a function`);
    hooks.push({ key, run: run as RecomputeHook['run'] });
  }
  return new RecomputeHooks(r.file, hooks);
}

/**
 * The functions the hooks replaced, and those their closures hold (a middleware and the parser it
 * calls; three levels, 200 functions at most: each costs a few inspector calls): the journal keeps
 * them for an undo, so closures found among them are not the app's any more.
 */
export function accountedFor(replaced: unknown[]): Set<object> {
  const out = new Set<object>();
  const queue: { f: Function; depth: number }[] = [];
  const add = (v: unknown, depth: number): void => {
    if (typeof v === 'function' && !out.has(v)) { out.add(v); queue.push({ f: v, depth }); }
  };
  for (const v of replaced) {
    add(v, 0);
    // A replaced object (a router, a layer): the functions it holds directly.
    if (v && typeof v === 'object') {
      try { for (const x of Object.values(v).slice(0, 1000)) add(x, 1); } catch { /* a proxy */ }
    }
  }
  for (let walked = 0; queue.length && walked < 200; walked++) {
    const { f, depth } = queue.shift()!;
    if (depth >= 3) continue;
    let held: unknown[] = [];
    try { held = capturedValues(f); } catch { /* native or bound: nothing more */ }
    for (const x of held) add(x, depth + 1);
  }
  return out;
}

/** Runs one hook inside the release's apply (its journal is open); what ctx.set replaced goes to `replaced`. */
export async function runHook(h: RecomputeHook, files: string[], stale: RecomputeContext['stale'], replaced: unknown[]): Promise<void> {
  const ctx: RecomputeContext = {
    ...(await appContext()),
    set(obj, key, value) {
      if (obj === null || (typeof obj !== 'object' && typeof obj !== 'function')) throw new MoultRuntimeError('EBADARG', 'ctx.set(obj, key, value): obj must be an object');
      const o = obj as Record<PropertyKey, unknown>;
      const had = Object.prototype.hasOwnProperty.call(o, key);
      const old = o[key];
      o[key] = value;
      replaced.push(old);
      journal(`recompute ${h.key}: ${String(key)}`, () => { if (had) o[key] = old; else delete o[key]; });
    },
    instances: (cls) => instancesOf(cls),
    import: (specifier) => import(pathToFileURL(resolveFromEntry(specifier)).href),
    scope(file) {
      const evaluate = moduleScope(findModule(file));
      if (!evaluate) throw new MoultRuntimeError('ENOTLOADED', `ctx.scope: ${file} has not finished loading`);
      return evaluate;
    },
    files,
    stale,
  };
  let undo: unknown;
  try {
    undo = await h.run(ctx);
  } catch (err) {
    throw new MoultRuntimeError('EPATCH', `recompute hook ${JSON.stringify(h.key)} threw: ${errorMessage(err)}`);
  }
  if (typeof undo === 'function') journal(`recompute ${h.key}: its undo`, () => { (undo as () => void)(); });
}
