// `moult patch`: which loaded module the new source replaces, and by which path. An instrumented
// module takes the slot path (slot-patch.ts) unless the change needs LiveEdit (a changed inner
// function, private names); a module the instrumentation did not reach takes LiveEdit.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { allModules, growHolders, holderOf, moduleByUrl, type ModuleRecord } from '../instrument/modules';
import { instrument } from '../instrument/rewrite';
import { assertSameTopLevel, parseSource, planPatch, type ParsedSource, type PatchPlan } from './plan';
import { SlotPatchUpdate } from './slot-patch';
import { PatchUpdate } from './liveedit-patch';
import { scriptSource, scriptsMatching } from '../core/inspector';
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
function liveEditInstrumented(record: ModuleRecord, label: string, source: string, why: string, closures: PatchPlan['closures'] = []): Update {
  if (slotsInUse(record)) throw new MoultRuntimeError('EPATCH', `${label}: ${why}, and functions of this module have been redefined since it loaded: roll those updates back first`);
  const script = scriptsMatching(record.url).find((s) => s.url === record.url);
  if (!script) throw new MoultRuntimeError('EPATCH', `${label}: ${why}, and its script cannot be found for LiveEdit`);
  const next = instrument(source, record.id, record.isModule);
  return new PatchUpdate(script.scriptId, label, next.code, {
    onApplied: () => {
      // V8 may answer Ok and leave a closure on its old code (a new captured variable, seen on
      // body-parser's parser made at start-up): "completed" only when every live one changed.
      const stale = closures.filter((c) => Function.prototype.toString.call(c.fn) === c.before);
      if (stale.length) {
        throw new MoultRuntimeError('ELIVEEDIT', `${label}: V8 accepted the LiveEdit, but ${stale.length} live closure(s) of ${[...new Set(stale.map((c) => c.of))].join(', ')} still run the old code (they were made by earlier calls, e.g. at start-up, and hold what those calls computed): the patch is undone; reload or restart the app to run the new code`);
      }
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

/**
 * The update that replaces one loaded module's code with `source` (SPEC 6.4), planned now: a
 * refused change throws before anything runs. Shared by `moult patch <file>` and releases.
 */
export function fileUpdateFor(target: Target, source: string): Update {
  if ('record' in target) {
    const plan = planPatch(target.record, target.label, source);
    return plan.needsLiveEdit
      ? liveEditInstrumented(target.record, target.label, source, plan.needsLiveEdit, plan.closures)
      : new SlotPatchUpdate(target.record, target.label, source, plan);
  }
  const loaded = scriptSource(target.scriptId);
  let isModule = /\.mjs$/.test(target.label);
  let before: ParsedSource;
  try { before = parseSource(target.label, loaded, isModule); } catch { isModule = !isModule; before = parseSource(target.label, loaded, isModule); }
  try {
    assertSameTopLevel(target.label, before, parseSource(target.label, source, isModule));
  } catch (err) {
    // The slot path could take it: say how to get there.
    throw new MoultRuntimeError('EPATCH', `${errorMessage(err)}. ${target.label} is not instrumented (updates.instrument leaves node_modules out by default), so only LiveEdit reaches it, and LiveEdit cannot evaluate new declarations: add it to updates.instrument, or use --reload-if-needed`);
  }
  return new PatchUpdate(target.scriptId, target.label, source);
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
