// Pymoult's ThreadedManager: runs by itself from its creation, applying queued updates one by one
// with the wait… hooks. It waits on a promise, not a timer, so an idle manager never keeps the
// app alive.
import { emit } from '../core/events';
import { errorMessage } from '../core/errors';
import { ManagerBase, type ManagerOptions } from './manager';
import { nextTurn, sleepUnref } from '../core/timers';

export class ThreadedManager extends ManagerBase {
  private stopped = false;
  private wakeUp: (() => void) | null = null;

  constructor(opts: ManagerOptions = {}) {
    super(opts);
    this.loop().catch((err) => emit('runtime.warning', `manager ${this.name} stopped: ${errorMessage(err)}`, { manager: this.name, error: errorMessage(err) }, 'error'));
  }

  stop(): void {
    this.stopped = true;
    this.wake();
  }

  protected override wake(): void {
    const w = this.wakeUp;
    this.wakeUp = null;
    w?.();
  }

  private async loop(): Promise<void> {
    // Let the constructor's caller finish (e.g. register its tasks) before the first update.
    await Promise.resolve();
    while (!this.stopped) {
      const u = this.queue.shift();
      if (!u) {
        await new Promise<void>((resolve) => { this.wakeUp = resolve; });
        continue;
      }
      // The update point in a turn of its own, not after the load that queued the update.
      await nextTurn();
      const r = await this.attempt(u, 'wait');
      if (r === 'postponed') {
        this.queue.push(u);
        // Alone in the queue, a postponed update is retried after its sleep time.
        if (this.queue.length === 1) await sleepUnref(u.sleepTime);
      }
    }
  }
}
