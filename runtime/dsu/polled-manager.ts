// Pymoult's non-threaded Manager: nothing happens until the app calls applyNextUpdate() at a point
// of its own. As in Pymoult (managers.py, Manager.apply_next_update), an update keeps its place
// across polls: the first poll that takes it checks its requirements and runs preupdateSetup, then
// every poll (that one included) checks alterability once; after maxTries polls without it the
// setup is cleaned and the update postponed. Once applied, each poll checks its over condition
// once. So setups that need time between setup and check (static update points,
// TaskRebootUpdate) work under a polled manager.
import { ManagerBase, type Applied, type Attempt } from './manager';
import { runHook } from './hook-deadline';
import type { Update } from './update';

interface Current {
  u: Update;
  /** Polls that checked alterability (or, once applied, the over condition) in vain. */
  checks: number;
  applied: Applied | null;
}

export class Manager extends ManagerBase {
  private busy = false;
  private current: Current | null = null;

  /** One step of the update under way (or of the next one in the queue); null if none. */
  async applyNextUpdate(): Promise<Attempt | null> {
    if (this.busy) return null;
    if (!this.current) {
      const u = this.queue.shift();
      if (!u) return null;
      this.current = { u, checks: 0, applied: null };
      this.begin(u);
      this.busy = true;
      try {
        const r = await this.as(u, () => this.requirements(u).catch((err) => this.failed(u, err)));
        if (r !== 'setup') {
          this.current = null;
          return this.outcome(u, r);
        }
      } finally {
        this.busy = false;
      }
    }
    const c = this.current;
    this.busy = true;
    try {
      const r = await this.as(c.u, () => (c.applied ? this.checkOver(c, c.applied) : this.checkAlterability(c)));
      if (r !== 'waiting') this.current = null;
      return this.outcome(c.u, r);
    } finally {
      this.busy = false;
    }
  }

  private async checkAlterability(c: Current): Promise<Attempt> {
    const { u } = c;
    let reached: boolean;
    try {
      reached = await runHook(u, 'checkAlterability', () => u.checkAlterability());
    } catch (err) {
      return this.alterabilityFailed(u, err);
    }
    if (!reached) {
      if (++c.checks < u.maxTries) return 'waiting';
      return this.alterabilityFailed(u);
    }
    let applied: Applied | 'failed';
    try {
      applied = await this.applyReached(u);
    } catch (err) {
      return this.failed(u, err);
    }
    if (applied === 'failed') return 'failed';
    c.applied = applied;
    c.checks = 0;
    // Pymoult checks the over condition in the poll that applied the update too.
    return this.checkOver(c, applied);
  }

  private async checkOver(c: Current, applied: Applied): Promise<Attempt> {
    const { u } = c;
    let over: boolean | { error: unknown };
    try {
      over = await runHook(u, 'checkOver', () => u.checkOver());
    } catch (error) {
      over = { error };
    }
    // moult's addition: an over condition not met after maxTries polls undoes the update.
    if (over === false && ++c.checks < u.maxTries) return 'waiting';
    try {
      return await this.finish(u, applied, over);
    } catch (err) {
      return this.failed(u, err);
    }
  }
}
