// One release change at a time per app (SPEC 6.6): an update, a patch, a rollback, an undo blamed
// on a crash, and the catch-up of a starting instance (its replay) run one after the other, in the
// order they came. So every instance applies the same updates in the same order, an update never
// misses an instance that was starting (the instance waits, then replays it; or it is already a
// member and the update reaches it), and a replay never misses an update under way.
export interface LockHolder {
  /** What holds the lock, for the log: "update v2", "catch-up of web[1]". */
  what: string;
}

interface Queue {
  tail: Promise<void>;
  holder: LockHolder | null;
  /** Runs queued or running: the queue is dropped once none is left. */
  pending: number;
}

export class ReleaseLocks {
  private readonly queues = new Map<string, Queue>();

  /** What holds the app's lock now, if anything. */
  holder(app: string): string | null {
    return this.queues.get(app)?.holder?.what ?? null;
  }

  /**
   * Runs `fn` once every earlier holder of the app's lock is done. `waiting(holder)` is called
   * when it has to wait. With `limitMs`, a wait longer than that gives up and runs `fn` anyway,
   * outside the lock (`fn(false)`): a starting instance is never held forever.
   */
  run<T>(app: string, what: string, fn: (locked: boolean) => Promise<T>, opts: { waiting?: (holder: string) => void; limitMs?: number } = {}): Promise<T> {
    const q = this.queues.get(app) ?? { tail: Promise.resolve(), holder: null, pending: 0 };
    this.queues.set(app, q);
    if (q.pending++ > 0) opts.waiting?.(q.holder?.what ?? 'an earlier change');
    const previous = q.tail;
    let release!: () => void;
    q.tail = previous.then(() => new Promise<void>((resolve) => { release = resolve; }));
    const holder: LockHolder = { what };
    let timer: NodeJS.Timeout | undefined;
    const acquired = opts.limitMs === undefined ? previous.then(() => true) : Promise.race([
      previous.then(() => true),
      new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(false), opts.limitMs); }),
    ]);
    return acquired.then(async (locked) => {
      clearTimeout(timer);
      if (locked) q.holder = holder;
      try {
        return await fn(locked);
      } finally {
        if (q.holder === holder) q.holder = null;
        // Not locked: our turn comes later, and is passed on at once.
        if (locked) release();
        else void previous.then(() => release());
        if (--q.pending === 0 && this.queues.get(app) === q) this.queues.delete(app);
      }
    });
  }
}
