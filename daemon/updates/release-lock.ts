// One release change at a time per app (SPEC 6.6): an update, a patch, a rollback, an undo blamed
// on a crash run one after the other, in the order they came, and the catch-up of a starting
// instance (its replay) never runs beside one of them. So every instance applies the same updates
// in the same order, an update never misses an instance that was starting (the instance waits,
// then replays it; or it is already a member and the update reaches it), and a replay never misses
// an update under way. Catch-ups only read the release: several run side by side (a cluster whose
// workers all restart replays into all of them at once), but not beside a change.
interface Queue {
  /** Settles when everything queued so far is done. */
  all: Promise<void>;
  /** Settles when the last change queued so far is done. */
  changes: Promise<void>;
  /** Every run queued or running, in order (for the log). */
  entries: { what: string; running: boolean }[];
  /** Runs queued or running: the queue is dropped once none is left. */
  pending: number;
  /** Changes queued or running. */
  changesPending: number;
}

export type LockMode = 'change' | 'catch-up';

export class ReleaseLocks {
  private readonly queues = new Map<string, Queue>();

  /** What holds the app's lock now, if anything. */
  holder(app: string): string | null {
    const entries = this.queues.get(app)?.entries ?? [];
    const running = entries.filter((e) => e.running);
    return (running.length ? running : entries.slice(0, 1)).map((e) => e.what).join(', ') || null;
  }

  /**
   * Runs `fn` once it may: a change after everything queued before it, a catch-up after the
   * changes queued before it. `waiting(holder)` is called when it has to wait. With `limitMs`, a
   * longer wait gives up and runs `fn` anyway, outside the lock (`fn(false)`): a starting instance
   * is never held forever.
   */
  run<T>(app: string, what: string, mode: LockMode, fn: (locked: boolean) => Promise<T>, opts: { waiting?: (holder: string) => void; limitMs?: number } = {}): Promise<T> {
    const q = this.queues.get(app) ?? { all: Promise.resolve(), changes: Promise.resolve(), entries: [], pending: 0, changesPending: 0 };
    this.queues.set(app, q);
    const mustWait = mode === 'change' ? q.pending > 0 : q.changesPending > 0;
    if (mustWait) opts.waiting?.(this.holder(app) ?? 'earlier change');
    const me = { what, running: false };
    q.entries.push(me);
    q.pending++;
    if (mode === 'change') q.changesPending++;
    const after = mode === 'change' ? q.all : q.changes;
    let done!: () => void;
    const mine = new Promise<void>((resolve) => { done = resolve; });
    q.all = Promise.all([q.all, mine]).then(() => undefined);
    if (mode === 'change') q.changes = q.all;
    let timer: NodeJS.Timeout | undefined;
    const acquired = opts.limitMs === undefined ? after.then(() => true) : Promise.race([
      after.then(() => true),
      new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(false), opts.limitMs); }),
    ]);
    return acquired.then(async (locked) => {
      clearTimeout(timer);
      me.running = locked;
      try {
        return await fn(locked);
      } finally {
        q.entries = q.entries.filter((e) => e !== me);
        // Not locked: its turn comes later, and is passed on at once.
        if (locked) done();
        else void after.then(() => done());
        if (mode === 'change') q.changesPending--;
        if (--q.pending === 0 && this.queues.get(app) === q) this.queues.delete(app);
      }
    });
  }
}
