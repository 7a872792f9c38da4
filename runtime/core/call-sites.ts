// The current stack as V8 CallSites (no debugger): which functions are running right now.
import { fileURLToPath } from 'node:url';

export interface CallSiteLike {
  getEnclosingLineNumber?(): number | null;
  getEnclosingColumnNumber?(): number | null;
  getScriptNameOrSourceURL?(): string | null;
  getFileName?(): string | null | undefined;
}

/** Every JavaScript frame of the current stack, as V8 CallSites; null when they cannot be had. */
export function stackFrames(): CallSiteLike[] | null {
  const E = Error as unknown as { stackTraceLimit: number; prepareStackTrace?: unknown; captureStackTrace(o: object): void };
  const limit = E.stackTraceLimit;
  const prepare = E.prepareStackTrace;
  const asSites = (_e: unknown, sites: CallSiteLike[]): CallSiteLike[] => sites;
  try {
    E.stackTraceLimit = Infinity;
    E.prepareStackTrace = asSites;
    if (E.prepareStackTrace !== asSites || E.stackTraceLimit !== Infinity) return null;
    const holder: { stack?: unknown } = {};
    E.captureStackTrace(holder);
    const sites = holder.stack; // formatted on first read: now, while asSites is in place
    return Array.isArray(sites) && sites.every((c) => typeof c?.getEnclosingLineNumber === 'function' && typeof c.getEnclosingColumnNumber === 'function') ? sites : null;
  } catch {
    return null;
  } finally {
    try {
      E.stackTraceLimit = limit;
      E.prepareStackTrace = prepare;
    } catch { /* a frozen Error: nothing was changed */ }
  }
}

/** A script name or file: URL as a path; undefined when it cannot tell. */
export function scriptPath(name: string | null | undefined): string | undefined {
  if (!name) return undefined;
  if (!name.startsWith('file:')) return name;
  try {
    return fileURLToPath(name);
  } catch {
    return undefined;
  }
}
