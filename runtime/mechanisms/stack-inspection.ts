// Which frames of the current stack run a function's code, by the function's source position (as
// V8 CallSites give it, no debugger pause): the same test V8 itself makes for LiveEdit. Used where
// a count matters (a call from within f's own activation), and by the per-task stack inspection.
import { fileURLToPath } from 'node:url';
import { liveEditGeneration, scriptUrl } from '../core/inspector';
import { locateFunction } from '../liveedit/function-source';
import { scriptPath, stackFrames, type CallSiteLike } from '../core/call-sites';

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
