// `moult patch`: which loaded module the new source replaces, and by which path. An instrumented
// module takes the slot path (slot-patch.ts) unless the change needs LiveEdit (a changed inner
// function, private names); a module the instrumentation did not reach takes LiveEdit, or, when
// its top level changes and it keeps no state there, a new instance of it (fresh-instance.ts).
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { allModules, growHolders, holderOf, moduleByUrl, type ModuleRecord } from '../instrument/modules';
import { instrument } from '../instrument/rewrite';
import { assertSameTopLevel, parseSource, planPatch, type ParsedSource, type PatchPlan } from './plan';
import { SlotPatchUpdate } from './slot-patch';
import { PatchUpdate } from './liveedit-patch';
import { FreshInstanceUpdate, freshInstanceProblem } from './fresh-instance';
import { scriptSource, scriptsMatching, scriptUrl } from '../core/inspector';
import { namesOf, staleInScript, staleRefusal, type Stale, type StartUpCheck } from './start-up-state';
import { liveClosures, forgetLiveFunctions } from './live-closures';
import type { PlacedEntry } from '../instrument/modules';
import { targetManager } from '../dsu/manager';
import { entryDir } from '../core/entry';
import { journal } from '../core/journal';
import { MoultRuntimeError, errorMessage } from '../core/errors';
import type { Update } from '../dsu/update';
import type { LoadResult } from '../dsu/update-loader';

export interface PatchRequest {
  updateId: string;
  /** The file the new source came from (names the target when `target` is not given). */
  file: string;
  source: string;
  target?: string;
  manager?: string;
  maxTries?: number;
  sleepTime?: number;
  replay?: boolean;
}

export type Target = { record: ModuleRecord; label: string } | { scriptId: string; label: string };

function labelOf(url: string): string {
  const abs = new URL(url).pathname;
  return path.relative(entryDir(), abs) || path.basename(abs);
}

/** The one loaded module the patch replaces: `target` (relative to the entry's folder), else the file's base name. */
export function findTarget(req: PatchRequest): Target {
  if (req.target) {
    const abs = path.resolve(entryDir(), req.target);
    const url = pathToFileURL(abs).href;
    const record = moduleByUrl(url);
    if (record) return { record, label: labelOf(url) };
    const hit = scriptsMatching(url).find((s) => s.url === url);
    if (!hit) throw new MoultRuntimeError('ENOTARGET', `no loaded module is ${abs}`);
    return { scriptId: hit.scriptId, label: labelOf(url) };
  }
  const base = path.basename(req.file);
  const records = [...allModules()].filter((r) => r.url.endsWith(`/${base}`));
  if (records.length === 1) return { record: records[0], label: labelOf(records[0].url) };
  const hits = records.length ? [] : scriptsMatching(`/${base}`).filter((s) => s.url.startsWith('file:') && !s.url.includes('/node_modules/moult/'));
  if (hits.length !== 1) {
    const urls = records.length ? records.map((r) => r.url) : hits.map((h) => h.url);
    throw new MoultRuntimeError('ENOTARGET', urls.length ? `several loaded modules are named ${base} (${urls.join(', ')}): say which with --target` : `no loaded module is named ${base}: say which with --target`);
  }
  return { scriptId: hits[0].scriptId, label: labelOf(hits[0].url) };
}

function slotsInUse(record: ModuleRecord): boolean {
  return record.functions.some((e) => holderOf(record, e.k)[`f${e.k}`] !== undefined);
}

/** An instrumented module whose change needs LiveEdit: its script gets the new source, instrumented. */
function liveEditInstrumented(record: ModuleRecord, label: string, source: string, why: string, closures: PatchPlan['closures'] = [], afterHooks: FilePart['afterHooks'] | null = null): Update {
  if (slotsInUse(record)) throw new MoultRuntimeError('EPATCH', `${label}: ${why}, and functions of this module have been redefined since it loaded: roll those updates back first`);
  const script = scriptsMatching(record.url).find((s) => s.url === record.url);
  if (!script) throw new MoultRuntimeError('EPATCH', `${label}: ${why}, and its script cannot be found for LiveEdit`);
  const next = instrument(source, record.id, record.isModule);
  return new PatchUpdate(script.scriptId, label, next.code, {
    onApplied: () => {
      // V8 may answer Ok and leave a closure on its old code (a new captured variable, seen on
      // body-parser's parser made at start-up): "completed" only when every live one changed.
      // With recompute hooks, once they ran (they may make those closures again).
      const check = (accounted: ReadonlySet<object> = new Set()): void => {
        const stale = closures.filter((c) => !accounted.has(c.fn) && Function.prototype.toString.call(c.fn) === c.before);
        if (stale.length) {
          throw new MoultRuntimeError('ELIVEEDIT', `${label}: V8 accepted the LiveEdit, but ${stale.length} live closure(s) of ${[...new Set(stale.map((c) => c.of))].join(', ')} still run the old code (they were made by earlier calls, e.g. at start-up, and hold what those calls computed)${afterHooks ? ', also after the recompute hooks ran' : ''}: the patch is undone; reload or restart the app to run the new code`);
        }
      };
      if (afterHooks) afterHooks.push(check);
      else check();
      const before = { functions: record.functions, topBodies: record.topBodies, current: record.current };
      record.functions = next.functions;
      record.topBodies = next.topBodies;
      record.current = { source, functions: next.functions, topBodies: next.topBodies };
      // New functions read fields (and maybe holders) the module did not have yet.
      growHolders(record);
      journal(`table of ${label}`, () => Object.assign(record, before));
    },
  });
}

/** One file of a release: its update, and what its recompute hooks answer for. */
export interface FilePart {
  update: Update;
  /** Start-up state of this file that the recompute hooks are to recompute. */
  recomputed: Stale[];
  /** Checks to run once the hooks ran: no closure made by the old code may still be alive (but in what the hooks replaced). */
  afterHooks: ((accounted: ReadonlySet<object>) => void)[];
}

/** Closures of these inner functions (made by the old code) must be gone once the hooks ran. */
function goneCheck(record: ModuleRecord, label: string, list: { entries: PlacedEntry[]; of: string }[]): (accounted: ReadonlySet<object>) => void {
  return (accounted) => {
    forgetLiveFunctions();
    for (const { entries, of } of list) {
      const n = [...liveClosures(record, entries).values()].reduce((a, l) => a + l.filter((f) => !accounted.has(f)).length, 0);
      if (n) throw new MoultRuntimeError('EPATCH', `${label}: the recompute hooks ran, but ${n} closure(s) that the old ${of} made (e.g. at start-up) are still alive and run the old code: the release is undone (the hooks must replace every one of them, or use --reload-if-needed)`);
    }
  };
}

/**
 * The update that replaces one loaded module's code with `source` (SPEC 6.4, 6.5), planned now: a
 * refused change throws before anything runs. With `check` (a release), start-up state it would
 * leave stale is refused unless a recompute hook answers for it.
 */
export function filePartFor(target: Target, source: string, check?: StartUpCheck, rebind: string[] = []): FilePart {
  if ('record' in target) {
    const plan = planPatch(target.record, target.label, source, check, rebind);
    const afterHooks: FilePart['afterHooks'] = [];
    if (plan.mustBeGone.length) afterHooks.push(goneCheck(target.record, target.label, plan.mustBeGone));
    const update = plan.needsLiveEdit
      ? liveEditInstrumented(target.record, target.label, source, plan.needsLiveEdit, plan.closures, plan.recomputed.length ? afterHooks : null)
      : new SlotPatchUpdate(target.record, target.label, source, plan);
    return { update, recomputed: plan.recomputed, afterHooks };
  }
  if (rebind.length) throw new MoultRuntimeError('EPATCH', `${target.label} loads ${rebind.join(', ')}, which the release moves to the version it needs; ${target.label} is not instrumented, and LiveEdit cannot load a module again: add it to updates.instrument, or use --reload-if-needed`);
  const loaded = scriptSource(target.scriptId);
  let isModule = /\.mjs$/.test(target.label);
  let before: ParsedSource;
  try { before = parseSource(target.label, loaded, isModule); } catch { isModule = !isModule; before = parseSource(target.label, loaded, isModule); }
  const next = parseSource(target.label, source, isModule);
  const url = scriptUrl(target.scriptId) ?? '';
  let update: Update;
  try {
    assertSameTopLevel(target.label, before, next);
    update = new PatchUpdate(target.scriptId, target.label, source);
  } catch (err) {
    // A module without state: a new instance of its new version, forwarded to (fresh-instance.ts).
    const file = url.startsWith('file:') ? fileURLToPath(url) : url;
    const old = path.isAbsolute(file) && !isModule ? require.cache[file] : undefined;
    const problem = old ? freshInstanceProblem(loaded, source) : 'it is not a CommonJS module';
    if (old && problem === null) update = new FreshInstanceUpdate(old, target.label, source, loaded);
    // The slot path could take it: say how to get there.
    else throw new MoultRuntimeError('EPATCH', `${errorMessage(err)}. ${target.label} is not instrumented (updates.instrument leaves node_modules out by default), so only LiveEdit reaches it, which cannot evaluate new declarations, and a new instance of it cannot stand for it (${problem}): add it to updates.instrument, or use --reload-if-needed`);
  }
  let recomputed: Stale[] = [];
  if (check) {
    const stale = staleInScript(url.startsWith('/') ? pathToFileURL(url).href : url, { source: loaded, functions: before.parsed.functions }, { source, functions: next.parsed.functions }, check);
    const uncovered = stale.filter((s) => !check.covers(namesOf(s)));
    if (uncovered.length) throw new MoultRuntimeError('EPATCH', staleRefusal(target.label, uncovered));
    recomputed = stale;
  }
  return { update, recomputed, afterHooks: [] };
}

/** The update that replaces one loaded module's code with `source`: `moult patch <file>` (SPEC 6.4). */
export function fileUpdateFor(target: Target, source: string): Update {
  return filePartFor(target, source).update;
}

/** Every file the app has loaded that a release may reach: instrumented modules and CommonJS ones. */
export function loadedFiles(): string[] {
  const files = new Set<string>();
  for (const r of allModules()) if (r.url.startsWith('file:')) files.add(fileURLToPath(r.url));
  for (const f of Object.keys(require.cache)) if (path.isAbsolute(f)) files.add(f);
  return [...files];
}

/** The loaded module at an absolute path, or null when the app has not loaded it. */
export function loadedModuleAt(abs: string): Target | null {
  const url = pathToFileURL(abs).href;
  const record = moduleByUrl(url);
  if (record) return { record, label: labelOf(url) };
  const hit = scriptsMatching(url).find((s) => s.url === url);
  return hit ? { scriptId: hit.scriptId, label: labelOf(url) } : null;
}

/** The source the loaded module's functions now run (its last patch included). */
export function loadedSource(target: Target): string {
  return 'record' in target ? target.record.current.source : scriptSource(target.scriptId);
}

/** What a patch and a release share: planned by `plan`, queued on the target manager with the daemon's settings. */
export function queuePatchUpdate(req: { updateId: string; manager?: string; maxTries?: number; sleepTime?: number; replay?: boolean }, plan: () => Update): LoadResult {
  try {
    const manager = targetManager(req.manager);
    if (!manager) return { ok: false, reason: `no manager named ${req.manager}` };
    const u = plan();
    u.updateId = req.updateId;
    if (req.maxTries) u.setMaxTries(req.maxTries);
    if (req.sleepTime !== undefined) u.setSleepTime(req.sleepTime);
    if (req.replay) u.replay = true;
    manager.addUpdate(u);
    return { ok: true, updates: [u] };
  } catch (err) {
    return { ok: false, reason: errorMessage(err) };
  }
}

export function loadPatch(req: PatchRequest): LoadResult {
  return queuePatchUpdate(req, () => fileUpdateFor(findTarget(req), req.source));
}
