// max_memory_restart (SPEC 7): an instance whose resident memory passes its app's limit is
// restarted, with `app.restarted` `reason: "memory"`. Checked once a second (pidusage).
import pidusage from 'pidusage';
import type { Instance } from '../instances/instance';

const CHECK_MS = 1000;

export class MemoryWatch {
  private readonly busy = new Set<Instance>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly instances: () => Instance[], private readonly restart: (inst: Instance, rss: number) => Promise<void>) {
    this.timer = setInterval(() => void this.check(), CHECK_MS);
    this.timer.unref();
  }

  private async check(): Promise<void> {
    const watched = this.instances().filter((i) => i.config.max_memory_restart && i.pid !== null && i.status === 'online' && !this.busy.has(i));
    if (!watched.length) return;
    let usage: Record<string, { memory: number } | undefined>;
    try {
      usage = await pidusage(watched.map((i) => i.pid as number));
    } catch {
      return; // one of them just exited: next round
    }
    for (const inst of watched) {
      const rss = inst.pid !== null ? usage[inst.pid]?.memory : undefined;
      if (rss === undefined || rss <= (inst.config.max_memory_restart ?? Infinity) || this.busy.has(inst)) continue;
      this.busy.add(inst);
      this.restart(inst, rss).catch(() => {}).finally(() => this.busy.delete(inst));
    }
  }

  close(): void {
    clearInterval(this.timer);
  }
}
