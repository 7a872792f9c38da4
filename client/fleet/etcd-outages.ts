// The coordinator's calls to etcd, retried while etcd is away (a restart, an election, a lost
// disk), with the time etcd was away kept: a host cannot report while etcd is down, so that time
// is not counted against its --deadline (audit row 3b′: a 3-minute outage failed two hosts that
// had completed meanwhile), and a host is given a moment after etcd's return to write its result.
import { CliError } from '../errors';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** After etcd is back, hosts retry their results with a back-off capped at 2 s: none is judged before this. */
export const AFTER_OUTAGE_GRACE_MS = 5000;

export class EtcdOutages {
  /** [start, end] of each outage (end null while it lasts). */
  private readonly spans: { start: number; end: number | null }[] = [];

  /** Runs `fn` until etcd answers; a CliError (a decision, not etcd being away) goes through. */
  async retry<T>(fn: () => Promise<T>): Promise<T> {
    for (let delay = 200; ; delay = Math.min(delay * 2, 2000)) {
      try {
        const out = await fn();
        const last = this.spans[this.spans.length - 1];
        if (last && last.end === null) last.end = Date.now();
        return out;
      } catch (err) {
        if (err instanceof CliError) throw err;
        const last = this.spans[this.spans.length - 1];
        if (!last || last.end !== null) this.spans.push({ start: Date.now(), end: null });
        await sleep(delay);
      }
    }
  }

  /** Milliseconds etcd was away since `since` (and the grace after each return). */
  awaySince(since: number, now = Date.now()): number {
    let ms = 0;
    for (const s of this.spans) {
      const end = s.end === null ? now : Math.min(now, s.end + AFTER_OUTAGE_GRACE_MS);
      const start = Math.max(s.start, since);
      if (end > start) ms += end - start;
    }
    return ms;
  }

  /** Whether a host ordered at `orderedAt` with this deadline is silent now, outages not counted. */
  pastDeadline(orderedAt: number, deadlineMs: number, now = Date.now()): boolean {
    const last = this.spans[this.spans.length - 1];
    if (last && (last.end === null || now < last.end + AFTER_OUTAGE_GRACE_MS)) return false;
    return now > orderedAt + deadlineMs + this.awaySince(orderedAt, now);
  }
}
