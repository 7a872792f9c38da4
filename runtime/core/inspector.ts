// A same-thread V8 inspector session, opened on first use. Its calls answer synchronously, so a
// mechanism can check quiescence and patch code within one JavaScript turn: nothing of the app
// runs in between. It never pauses the thread (breakpoints here only carry side-effect conditions).
import type { Session } from 'node:inspector';
import { MoultRuntimeError } from './errors';

let session: Session | null = null;
let debuggerOn = false;
/** scriptId → the script's url as the inspector reports it (only scripts that have one). */
const scriptUrls = new Map<string, string>();

/**
 * Loaded scripts whose URL ends with `suffix`, one per URL: the first id V8 reported for it, which
 * stays the handle for later edits of that script.
 */
export function scriptsMatching(suffix: string): { url: string; scriptId: string }[] {
  enableDebugger();
  const first = new Map<string, string>();
  for (const [scriptId, url] of scriptUrls) if (url.endsWith(suffix) && !first.has(url)) first.set(url, scriptId);
  return [...first].map(([url, scriptId]) => ({ url, scriptId }));
}
/** Bumped by every real (not dry-run) Debugger.setScriptSource: sources and locations may have changed. */
let editGeneration = 0;
const SLOT = Symbol.for('moult.inspector.slot');
type Slot = { [SLOT]?: unknown };

export function post<T = any>(method: string, params: object = {}): T {
  if (!session) {
     
    const inspector = require('node:inspector') as typeof import('node:inspector');
    session = new inspector.Session();
    session.connect();
    // Debugger.enable reports every script already loaded, then each new one, synchronously.
    session.on('Debugger.scriptParsed', (m) => {
      if (m.params.url) scriptUrls.set(m.params.scriptId, m.params.url);
    });
  }
  let result: unknown;
  let error: Error | null = null;
  let answered = false;
  session.post(method, params, (err: Error | null, res?: unknown) => {
    error = err;
    result = res;
    answered = true;
  });
  if (!answered) throw new MoultRuntimeError('EINSPECTOR', `inspector ${method} did not answer synchronously`);
  if (error) throw new MoultRuntimeError('EINSPECTOR', `inspector ${method}: ${(error as Error).message}`);
  return result as T;
}

export function enableDebugger(): void {
  if (debuggerOn) return;
  post('Debugger.enable');
  // Pauses must not be skipped: local-vars.ts relies on breakpoint conditions being evaluated (a
  // same-thread session never actually pauses the app: a `debugger;` statement runs through).
  post('Debugger.setSkipAllPauses', { skip: false });
  post('Debugger.setBreakpointsActive', { active: true });
  debuggerOn = true;
}

/** A remote object id for a live value, through a global slot read by Runtime.evaluate. */
export function objectIdOf(value: unknown, group = 'moult'): string {
  (globalThis as Slot)[SLOT] = value;
  try {
    const r = post<{ result: { objectId?: string } }>('Runtime.evaluate', { expression: `globalThis[Symbol.for('moult.inspector.slot')]`, objectGroup: group });
    if (!r.result.objectId) throw new MoultRuntimeError('EINSPECTOR', 'value has no object id');
    return r.result.objectId;
  } finally {
    (globalThis as Slot)[SLOT] = undefined;
  }
}

/** The live value behind a remote object id. */
export function valueOf(objectId: string): unknown {
  post('Runtime.callFunctionOn', { objectId, functionDeclaration: `function () { globalThis[Symbol.for('moult.inspector.slot')] = this; }` });
  const v = (globalThis as Slot)[SLOT];
  (globalThis as Slot)[SLOT] = undefined;
  return v;
}

export function releaseGroup(group = 'moult'): void {
  post('Runtime.releaseObjectGroup', { objectGroup: group });
}

export interface FunctionLocation {
  scriptId: string;
  lineNumber: number;
  columnNumber: number;
}

export function functionLocation(f: Function): FunctionLocation {
  enableDebugger();
  try {
    const props = post<{ internalProperties?: { name: string; value: { value?: FunctionLocation } }[] }>('Runtime.getProperties', {
      objectId: objectIdOf(f), ownProperties: true,
    });
    const loc = props.internalProperties?.find((p) => p.name === '[[FunctionLocation]]')?.value.value;
    if (!loc) throw new MoultRuntimeError('ENOSOURCE', `function ${f.name || '(anonymous)'} has no source location (a native or bound function?)`);
    return loc;
  } finally {
    releaseGroup();
  }
}

/** The url the inspector gave the script (a file: URL for a CommonJS file), if it gave one. */
export function scriptUrl(scriptId: string): string | undefined {
  return scriptUrls.get(scriptId);
}

const edited = new Set<string>();
/** Whether a real LiveEdit changed this script (its functions' offsets are not those V8 first reported). */
export function wasEdited(scriptId: string): boolean {
  return edited.has(scriptId);
}

/** Changes whenever a real LiveEdit may have changed a script's source or its functions' locations. */
export function liveEditGeneration(): number {
  return editGeneration;
}

export function scriptSource(scriptId: string): string {
  return post<{ scriptSource: string }>('Debugger.getScriptSource', { scriptId }).scriptSource;
}

export type SetSourceStatus = 'Ok' | 'CompileError' | 'BlockedByActiveGenerator' | 'BlockedByActiveFunction' | 'BlockedByTopLevelEsModuleChange';

let liveEditFlagSet = false;

export function setScriptSource(scriptId: string, source: string, dryRun = false): { status: SetSourceStatus; exceptionDetails?: { text: string; lineNumber: number } } {
  enableDebugger();
  if (!dryRun) {
    editGeneration++;
    edited.add(scriptId);
  }
  const params = { scriptId, scriptSource: source, dryRun, allowTopFrameEditing: false };
  try {
    return post('Debugger.setScriptSource', params);
  } catch (err) {
    // V8 12.x+ (Node 26) gates LiveEdit behind a flag that can be set at run time; older V8s do not
    // know the flag, and never give this answer. Set it only when a fallback needs it.
    if (liveEditFlagSet || !/no longer available/.test((err as Error).message)) throw err;
    liveEditFlagSet = true;
     
    (require('node:v8') as typeof import('node:v8')).setFlagsFromString('--inspector-live-edit');
    try {
      return post('Debugger.setScriptSource', params);
    } catch (again) {
      throw new MoultRuntimeError('ELIVEEDIT', `V8 LiveEdit is unavailable in this Node (${process.version}): ${(again as Error).message}`);
    }
  }
}

type ScopeVar = { name: string; value?: { description?: string; objectId?: string } };

/** The variables of every scope a function's closure holds but the global one, innermost first (call within an object group). */
function scopeVars(f: Function): ScopeVar[] {
  const props = post<{ internalProperties?: { name: string; value: { objectId?: string } }[] }>('Runtime.getProperties', { objectId: objectIdOf(f), ownProperties: true });
  const scopes = props.internalProperties?.find((p) => p.name === '[[Scopes]]')?.value.objectId;
  if (!scopes) return [];
  const list = post<{ result: { value?: { objectId?: string; description?: string } }[] }>('Runtime.getProperties', { objectId: scopes, ownProperties: true });
  const out: ScopeVar[] = [];
  for (const scope of list.result) {
    if (!scope.value?.objectId || scope.value.description === 'Global') continue;
    out.push(...post<{ result: ScopeVar[] }>('Runtime.getProperties', { objectId: scope.value.objectId, ownProperties: true }).result);
  }
  return out;
}

/** Outer variables a function's closure holds (every scope but the global one). */
export function capturedNames(f: Function): { name: string; isClass: boolean }[] {
  enableDebugger();
  try {
    const names = new Map<string, boolean>();
    for (const v of scopeVars(f)) if (!names.has(v.name)) names.set(v.name, /^class\b/.test(v.value?.description ?? ''));
    return [...names].map(([name, isClass]) => ({ name, isClass }));
  } finally {
    releaseGroup();
  }
}

/** The objects and functions a function's closure holds (every scope but the global one). */
export function capturedValues(f: Function): object[] {
  enableDebugger();
  try {
    return scopeVars(f).filter((v) => v.value?.objectId).map((v) => valueOf(v.value!.objectId!) as object);
  } finally {
    releaseGroup();
  }
}
