// Stacks: which frames run a function's code, by the function's source position (as V8
// CallSites give it, no debugger pause), on the current stack (where a count matters: a call from
// within f's own activation) and on the stacks of tasks (Pymoult's stack inspection, below).
import { fileURLToPath } from 'node:url';
import { liveEditGeneration, scriptUrl } from '../core/inspector';
import { locateFunction } from '../liveedit/function-source';
import { scriptPath, stackFrames, type CallSiteLike } from '../core/call-sites';
import { MoultRuntimeError } from '../core/errors';
import { allTasks, currentTask, heldStack, type DsuTask, type TaskFrame } from '../dsu/task';
import { isFunctionActive } from './alterability';

export interface CodeSite {
  /** 1-based, as CallSites report a frame's enclosing function. */
  line: number;
  column: number;
  path: string | undefined;
}

const sites = new WeakMap<Function, CodeSite & { generation: number }>();

/**
 * Where f's code begins, as a frame reports its enclosing function (the start of its text, where
 * the inspector's [[FunctionLocation]] is at the parameter list). Found once per function, again
 * after a LiveEdit (which may move code).
 */
export function codeSite(f: Function): CodeSite {
  const generation = liveEditGeneration();
  let site = sites.get(f);
  if (!site || site.generation !== generation) {
    const found = locateFunction(f);
    const url = scriptUrl(found.loc.scriptId);
    let path: string | undefined;
    try { path = url?.startsWith('file:') ? fileURLToPath(url) : url; } catch { path = undefined; }
    site = { line: found.line + 1, column: found.column + 1, path, generation };
    sites.set(f, site);
  }
  return site;
}

/** Whether a CallSite runs the code at `site` (an unknown script name on either side: by position). */
export function frameRuns(frame: CallSiteLike, site: CodeSite): boolean {
  if (frame.getEnclosingLineNumber?.() !== site.line || frame.getEnclosingColumnNumber?.() !== site.column) return false;
  const framePath = scriptPath(frame.getScriptNameOrSourceURL?.() ?? frame.getFileName?.());
  return site.path === undefined || framePath === undefined || framePath === site.path;
}

/** How many frames of the current stack run f's code; undefined when the stack cannot be read. */
export function framesOf(f: Function): number | undefined {
  const site = codeSite(f);
  const frames = stackFrames();
  if (!frames) return undefined;
  let n = 0;
  for (const frame of frames) if (frameRuns(frame, site)) n++;
  return n;
}

// ---- Pymoult's stack inspection per thread: get_current_frames, isFunctionInStack,
// isFunctionInAnyStack, isAnyCodeInAnyStack, isClassInAnyStack. A task is an async function on the
// one event loop: its stack exists while it runs, and is recorded as it stops at an update point or
// in task.sleep (DsuTask.heldFrames). A task running elsewhere (awaiting I/O) has no stack that
// JavaScript can read; locals of a frame are not readable either (hand them to updatePoint's state).

/** The frames of every task whose stack is known: those held now, and the current one. */
export function getCurrentFrames(): Map<DsuTask, TaskFrame[]> {
  const out = new Map<DsuTask, TaskFrame[]>();
  for (const t of allTasks()) if (t.heldFrames) out.set(t, t.heldFrames);
  const here = currentTask();
  if (here) out.set(here, heldStack());
  return out;
}

function framesOfTask(task: DsuTask): TaskFrame[] {
  if (task === currentTask()) return heldStack();
  if (task.heldFrames) return task.heldFrames;
  throw new MoultRuntimeError('EUNSUPPORTED', `task ${task.name} is running: JavaScript cannot read the stack of an async task that is not held; wait for it at an update point first (setupWaitStaticPoints, waitStaticPoints)`);
}

/** Whether f has an activation in the task's stack (the task must be held, or be the current one). */
export function isFunctionInStack(f: Function, task: DsuTask): boolean {
  const site = codeSite(f);
  return framesOfTask(task).some((fr) => fr.functionLine === site.line && fr.functionColumn === site.column && (site.path === undefined || fr.file === undefined || fr.file === site.path));
}

/** With tasks: in any of their stacks; without: anywhere in the process (isFunctionActive). */
export function isFunctionInAnyStack(f: Function, tasks?: DsuTask[]): boolean {
  if (tasks?.length) return tasks.some((t) => isFunctionInStack(f, t));
  return isFunctionActive(f);
}

/** Pymoult's isAnyCodeInAnyStack: whether any of these functions is active anywhere. */
export function isAnyCodeInAnyStack(fns: Function[]): boolean {
  return fns.some((f) => isFunctionActive(f));
}

/** The functions a class is made of: methods, accessors and static methods, inherited ones too. */
function classFunctions(cls: Function): Function[] {
  const out = new Set<Function>();
  const collect = (o: object | null, stop: object | null): void => {
    for (let p = o; p && p !== stop; p = Object.getPrototypeOf(p)) {
      for (const key of Reflect.ownKeys(p)) {
        if (key === 'constructor' || key === 'prototype') continue;
        const d = Reflect.getOwnPropertyDescriptor(p, key)!;
        for (const v of [d.value, d.get, d.set]) if (typeof v === 'function' && !/\{\s*\[native code\]\s*\}$/.test(Function.prototype.toString.call(v))) out.add(v);
      }
    }
  };
  collect(cls.prototype as object, Object.prototype);
  collect(cls, Function.prototype);
  return [...out];
}

/**
 * Pymoult's isClassInAnyStack: whether code of the class runs or waits anywhere: one of its
 * methods (instrumented async ones counted wherever they wait), or, on the current stack, any
 * frame inside the class's text (its constructor, field initializers, functions its methods made).
 */
export function isClassInAnyStack(cls: Function): boolean {
  if (typeof cls !== 'function') throw new MoultRuntimeError('EBADARG', 'isClassInAnyStack(cls): cls must be a class');
  if (isAnyCodeInAnyStack(classFunctions(cls))) return true;
  const site = locateFunction(cls);
  const lines = site.text.split(/\r\n?|[\n\u2028\u2029]/);
  const from = { line: site.line + 1, column: site.column + 1 };
  const to = { line: site.line + lines.length, column: (lines.length === 1 ? site.column : 0) + lines[lines.length - 1].length + 1 };
  const path = codeSite(cls).path;
  const before = (a: { line: number; column: number }, b: { line: number; column: number }): boolean => a.line < b.line || (a.line === b.line && a.column < b.column);
  return (stackFrames() ?? []).some((fr) => {
    const at = { line: fr.getEnclosingLineNumber?.() ?? 0, column: fr.getEnclosingColumnNumber?.() ?? 0 };
    if (before(at, from) || !before(at, to)) return false;
    const framePath = scriptPath(fr.getScriptNameOrSourceURL?.() ?? fr.getFileName?.());
    return path === undefined || framePath === undefined || framePath === path;
  });
}
