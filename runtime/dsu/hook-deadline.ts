// Every update hook has a deadline (`updates.hook_timeout`, default 30 s): a hook that never
// settles must not wedge its manager or leave the app half-updated and unreported. Past the
// deadline the hook counts as having thrown, and the manager's usual path follows (rollback of
// the journal, hot if it can be undone, else cold; then update.failed).
import { MoultRuntimeError } from '../core/errors';

export const DEFAULT_HOOK_TIMEOUT_MS = 30_000;

let processDefault = DEFAULT_HOOK_TIMEOUT_MS;

/** The app's default (the daemon passes `updates.hook_timeout`). */
export function setDefaultHookTimeout(ms: number): void {
  if (Number.isFinite(ms) && ms > 0) processDefault = ms;
}

export function defaultHookTimeout(): number {
  return processDefault;
}

/**
 * Runs one hook of `u`; a promise it returns must settle within the update's hook timeout plus
 * `patienceMs` (what the hook itself may legitimately wait, e.g. maxTries × sleepTime).
 */
export function runHook<T>(u: { readonly name: string; readonly hookTimeout: number }, hook: string, run: () => T | Promise<T>, patienceMs = 0): Promise<T> {
  let result: T | Promise<T>;
  try {
    result = run();
  } catch (err) {
    return Promise.reject(err);
  }
  if (!(result instanceof Promise) && !(result && typeof (result as { then?: unknown }).then === 'function')) return Promise.resolve(result);
  const limit = u.hookTimeout + patienceMs;
  const s = (ms: number): string => `${Math.round(ms / 100) / 10} s`;
  // The limit that passed, with its parts (audit row 2.9: "15 s (updates.hook_timeout)" was read
  // as the hook timeout, which was 5 s; the other 10 s were the update's own waiting).
  const why = patienceMs > 0 ? `updates.hook_timeout ${s(u.hookTimeout)} + ${s(patienceMs)} it may wait: max_tries × sleep_time` : 'updates.hook_timeout';
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new MoultRuntimeError('EHOOKTIMEOUT', `${hook}() of update ${u.name} did not finish within ${s(limit)} (${why})`));
    }, limit);
    timer.unref();
    Promise.resolve(result).then(
      (v) => { clearTimeout(timer); resolve(v); },
      (e) => { clearTimeout(timer); reject(e); },
    );
  });
}
