// updateLocalVar: pending activations of f (suspended async ones too) see a new value of one of
// its locals from their next step on. V8 evaluates a breakpoint's condition inside the paused
// frame, and an assignment there writes the frame's variable; a condition that ends in `false`
// never actually pauses. The breakpoints go once f has no pending activation left. Several
// updateLocalVar on one function share each location's breakpoint.
import { enableDebugger, post } from '../core/inspector';
import { locateFunction } from '../liveedit/function-source';
import { isCodeActive } from './relink';
import { journal } from '../core/journal';
import { MoultRuntimeError } from '../core/errors';
import { currentTask, type DsuTask } from '../dsu/task';

const VALUES = Symbol.for('moult.localvars');
type ValueTable = { [VALUES]?: unknown[] };
const IDENT = /^[\p{L}_$][\p{L}\p{N}_$]*$/u;

export function updateLocalVar(f: Function, name: string, value: unknown): void {
  setLocal(f, name, value, null);
}

/** The same, for the activations of f that run in one task (checked in the paused frame). */
export function updateLocalVarInTask(task: DsuTask, f: Function, name: string, value: unknown): void {
  setLocal(f, name, value, task);
}

function setLocal(f: Function, name: string, value: unknown, task: DsuTask | null): void {
  if (typeof f !== 'function') throw new MoultRuntimeError('EBADARG', 'updateLocalVar(f, name, value): f must be a function');
  if (!IDENT.test(name)) throw new MoultRuntimeError('EBADARG', `updateLocalVar: ${JSON.stringify(name)} is not a variable name`);
  enableDebugger();
  const table = ((globalThis as ValueTable)[VALUES] ??= []);
  const slot = table.push(value) - 1;
  installGuard();
  tasks[slot] = task;
  const site = locateFunction(f);
  // Only steps after the variable's declaration: before it, the variable is not yet initialised.
  const decl = new RegExp(`\\b(let|var|const)\\s+${name}\\b`).exec(site.text);
  const from = site.start + (decl ? decl.index + decl[0].length : 0);
  const toPos = (offset: number): { lineNumber: number; columnNumber: number } => {
    const before = site.source.slice(0, offset);
    const line = before.split('\n').length - 1;
    return { lineNumber: line, columnNumber: offset - (before.lastIndexOf('\n') + 1) };
  };
  const { locations } = post<{ locations: { scriptId: string; lineNumber: number; columnNumber: number }[] }>('Debugger.getPossibleBreakpoints', {
    start: { scriptId: site.loc.scriptId, ...toPos(from) },
    end: { scriptId: site.loc.scriptId, ...toPos(site.end) },
    restrictToFunction: true,
  });
  const entry: Entry = { assign: `(globalThis[Symbol.for('moult.localvars.here')](${slot}) && (${name} = globalThis[Symbol.for('moult.localvars')][${slot}]))`, sites: [] };
  for (const loc of locations) addToSite(loc, entry);
  const remove = (): void => {
    for (const shared of entry.sites.splice(0)) {
      shared.entries.delete(entry);
      setSiteBreakpoint(shared);
    }
  };
  // A value that a pending activation may already have read cannot be taken back.
  journal(`local ${name} of ${f.name}`, remove, false);
  const sweep = setInterval(() => {
    let active = true;
    try { active = isCodeActive(f); } catch { active = false; }
    if (!active) {
      clearInterval(sweep);
      remove();
    }
  }, 250);
  sweep.unref();
}

const tasks: (DsuTask | null)[] = [];

/** One updateLocalVar: its assignment, and the locations whose breakpoint carries it. */
interface Entry { assign: string; sites: Site[] }
/**
 * One breakpoint location. V8 takes one breakpoint per location (a second is refused), so every
 * updateLocalVar that covers a location shares its breakpoint, whose condition makes each
 * assignment in the order they were asked for (a later value of the same variable wins).
 */
interface Site { location: BreakLocation; entries: Set<Entry>; breakpointId: string | null }
interface BreakLocation { scriptId: string; lineNumber: number; columnNumber: number }
const sites = new Map<string, Site>();

function addToSite(location: BreakLocation, entry: Entry): void {
  const key = `${location.scriptId}:${location.lineNumber}:${location.columnNumber}`;
  let site = sites.get(key);
  if (!site) sites.set(key, (site = { location, entries: new Set(), breakpointId: null }));
  site.entries.add(entry);
  if (setSiteBreakpoint(site)) {
    entry.sites.push(site);
  } else {
    // Refused with the new assignment: the location keeps what it had.
    site.entries.delete(entry);
    setSiteBreakpoint(site);
  }
}

/** Puts the site's breakpoint in line with its entries; false if V8 will not take one there. */
function setSiteBreakpoint(site: Site): boolean {
  if (site.breakpointId !== null) {
    try { post('Debugger.removeBreakpoint', { breakpointId: site.breakpointId }); } catch { /* gone already */ }
    site.breakpointId = null;
  }
  if (site.entries.size === 0) {
    sites.delete(`${site.location.scriptId}:${site.location.lineNumber}:${site.location.columnNumber}`);
    return true;
  }
  const condition = `(${[...site.entries].map((e) => e.assign).join(', ')}, false)`;
  try {
    site.breakpointId = post<{ breakpointId: string }>('Debugger.setBreakpoint', { location: site.location, condition }).breakpointId;
    return true;
  } catch {
    // A location V8 offered but will not take: the others still cover the function.
    return false;
  }
}

function installGuard(): void {
  const key = Symbol.for('moult.localvars.here');
  if ((globalThis as Record<symbol, unknown>)[key]) return;
  Object.defineProperty(globalThis, key, { value: (slot: number) => tasks[slot] === null || tasks[slot] === currentTask() });
}
