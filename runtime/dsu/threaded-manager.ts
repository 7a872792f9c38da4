// Pymoult's ThreadedManager: runs by itself from its creation, applying queued updates one by one
// with the wait… hooks. It waits on a promise, not a timer, so an idle manager never keeps the
// app alive.
import { emit } from '../core/events';
import { errorMessage, MoultRuntimeError } from '../core/errors';
import { ManagerBase, type Attempt, type ManagerOptions } from './manager';
import { runHook } from './hook-deadline';
import type { Update } from './update';
import { nextTurn, sleepUnref } from '../core/timers';

export class ThreadedManager extends ManagerBase {
  private stopped = false;
  private wakeUp: (() => void) | null = null;

  constructor(opts: ManagerOptions = {}) {
    super(opts);
    this.loop().catch((err) => emit('runtime.warning', `manager ${this.name} stopped: ${errorMessage(err)}`, { manager: this.name, error: errorMessage(err) }, 'error'));
  }

  /** Pymoult's set_sleepTime: the pause before a postponed update alone in the queue is tried again (ms); by default the update's own sleepTime. */
  sleepTime: number | null = null;

  setSleepTime(ms: number): void {
    if (!(ms >= 0) || ms > 2 ** 31 - 1) throw new MoultRuntimeError('EBADARG', `setSleepTime: expected milliseconds between 0 and ${2 ** 31 - 1}, got ${ms}`);
    this.sleepTime = ms;
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
      const r = this.outcome(u, await this.as(u, () => this.attempt(u)));
      // Alone in the queue, a postponed update is tried again after a sleep time.
      if (r === 'postponed' && this.queue.length === 1) await sleepUnref(this.sleepTime ?? u.sleepTime);
    }
  }

  /** One try at `u` with the wait… hooks, in Pymoult's order. */
  private async attempt(u: Update): Promise<Attempt> {
    this.begin(u);
    try {
      const r = await this.requirements(u);
      if (r !== 'setup') return r;
      let reached: boolean;
      try {
        reached = await runHook(u, 'waitAlterability', () => u.waitAlterability(), u.maxTries * u.sleepTime);
      } catch (err) {
        return await this.alterabilityFailed(u, err);
      }
      if (!reached) return await this.alterabilityFailed(u);
      const applied = await this.applyReached(u);
      if (applied === 'failed') return 'failed';
      let over: boolean | { error: unknown };
      try {
        over = await runHook(u, 'waitOver', () => u.waitOver(), u.maxTries * u.sleepTime);
      } catch (error) {
        over = { error };
      }
      return await this.finish(u, applied, over);
    } catch (err) {
      return this.failed(u, err);
    }
  }
}
