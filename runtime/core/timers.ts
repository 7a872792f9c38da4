// Runtime timers never keep the app alive (SPEC 5): an app exits when its own work is done.

/**
 * Resolves in a later turn of the event loop (after the I/O and timers that are due): work split
 * this way pauses the app for each piece, not for the whole (update-prep.ts).
 */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export function sleepUnref(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    t.unref();
    function done(): void {
      signal?.removeEventListener('abort', abort);
      resolve();
    }
    function abort(): void {
      clearTimeout(t);
      resolve();
    }
    signal?.addEventListener('abort', abort, { once: true });
  });
}

/** Resolves when `cond` holds (checked on `poke` and every `everyMs`), false after `timeoutMs`. */
export function waitUntil(cond: () => boolean, timeoutMs: number, everyMs: number): Promise<boolean> {
  if (cond()) return Promise.resolve(true);
  return new Promise((resolve) => {
    const deadline = Date.now() + timeoutMs;
    const tick = (): void => {
      if (cond()) return resolve(true);
      if (Date.now() >= deadline) return resolve(false);
      const t = setTimeout(tick, Math.min(everyMs, Math.max(1, deadline - Date.now())));
      t.unref();
    };
    tick();
  });
}

let holds = 0;
let keeper: NodeJS.Timeout | null = null;

/**
 * Keeps the process alive while the runtime itself holds the app's work back (a task suspended
 * for an update): without it an app whose only pending work is that task would exit mid-update.
 */
export function holdAlive(): () => void {
  holds++;
  if (!keeper) keeper = setInterval(() => {}, 1 << 30);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--holds === 0 && keeper) {
      clearInterval(keeper);
      keeper = null;
    }
  };
}
