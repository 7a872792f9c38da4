// A hook that blocks the app's event loop (`while (true) {}`) cannot be cut off from inside the
// app. The daemon watches each instance while an update is under way there (from its
// update.begin to its outcome): it pings the runtime, and an instance that hears nothing of it for
// longer than updates.hook_timeout is stuck. It is then killed, and its restart policy starts it
// again without the update (which never completed, so is never replayed).
import type { LogEvent } from '../../protocol/events';

const ENDS = new Set(['update.postponed', 'update.aborted', 'update.completed', 'update.failed', 'update.rolledback', 'update.rejected']);

export interface WatchedInstance {
  /** Sends a ping on the runtime channel; false if there is no channel. */
  ping(): boolean;
  /** The instance is stuck in `update`: report it and kill the process. */
  stuck(update: { name: string; update_id?: string }, silentMs: number): void;
}

export class UpdateWatchdog {
  private running: { name: string; update_id?: string } | null = null;
  private lastHeard = Date.now();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly inst: WatchedInstance, private readonly limitMs: () => number) {}

  /** Any message from the runtime: the event loop answered. */
  heard(): void {
    this.lastHeard = Date.now();
  }

  onEvent(e: LogEvent): void {
    this.heard();
    if (e.event === 'update.begin' && e.update) {
      this.running = { name: e.update, update_id: e.update_id };
      this.arm();
    } else if (this.running && ENDS.has(e.event) && e.update === this.running.name) {
      this.running = null;
      this.disarm();
    }
  }

  /** The process is gone (or was replaced): nothing to watch. */
  reset(): void {
    this.running = null;
    this.disarm();
  }

  private arm(): void {
    if (this.timer) return;
    const limit = this.limitMs();
    this.timer = setInterval(() => {
      if (!this.running) return this.disarm();
      const silent = Date.now() - this.lastHeard;
      if (silent > limit) {
        const update = this.running;
        this.reset();
        this.inst.stuck(update, silent);
        return;
      }
      this.inst.ping();
    }, Math.max(50, Math.min(1000, Math.floor(limit / 4))));
    this.timer.unref();
  }

  private disarm(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
