// pm2's log_file: one more file holding both stdout and stderr of every instance of an app. Apps
// write straight to their out and err files (so that they outlive a killed daemon), so the daemon
// follows those files and appends what they gain to the combined file, four times a second.
// Limits: lines of out and err that arrive within the same quarter second are not interleaved in
// the order they were written (out's come first); what an app writes while no daemon runs is in
// its out and err files but not in the combined one (a new daemon follows from where the files
// end); the last lines written just before a rotation renames a file are not copied.
import fs from 'node:fs';
import path from 'node:path';

export interface CombinedSource {
  /** The combined file (log_file). */
  combined: string;
  /** An out or err file of an instance. */
  source: string;
  /** Its size when the instance's process was spawned (what it wrote since is copied); null: unknown. */
  startAt: number | null;
}

/** Bytes copied from one source per tick (the rest waits for the next one). */
const CHUNK = 1024 * 1024;
const TICK_MS = 250;

export class CombinedLogs {
  private readonly offsets = new Map<string, { ino: number; pos: number }>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly sources: () => CombinedSource[], private readonly warn: (msg: string) => void) {
    this.timer = setInterval(() => this.tick(), TICK_MS);
    this.timer.unref();
  }

  tick(): void {
    const live = new Set<string>();
    for (const s of this.sources()) {
      if (live.has(s.source)) continue;
      live.add(s.source);
      let st: fs.Stats;
      try { st = fs.statSync(s.source); } catch { continue; }
      if (!st.isFile()) continue;
      let o = this.offsets.get(s.source);
      // New source: from its size at spawn; rotated or flushed since: from its start.
      if (!o) o = { ino: st.ino, pos: s.startAt !== null ? Math.min(s.startAt, st.size) : st.size };
      else if (o.ino !== st.ino || st.size < o.pos) o = { ino: st.ino, pos: 0 };
      this.offsets.set(s.source, o);
      if (st.size > o.pos) o.pos += this.copy(s.source, s.combined, o.pos, Math.min(CHUNK, st.size - o.pos));
    }
    for (const k of [...this.offsets.keys()]) if (!live.has(k)) this.offsets.delete(k);
  }

  private copy(from: string, to: string, pos: number, length: number): number {
    try {
      const buf = Buffer.alloc(length);
      const fd = fs.openSync(from, 'r');
      let n: number;
      try { n = fs.readSync(fd, buf, 0, length, pos); } finally { fs.closeSync(fd); }
      fs.mkdirSync(path.dirname(to), { recursive: true });
      // By path each time: a rotation (a rename) of the combined file is followed at once.
      fs.appendFileSync(to, buf.subarray(0, n));
      return n;
    } catch (err) {
      this.warn(`log_file ${to}: cannot copy from ${from}: ${(err as Error).message}`);
      return length; // skip it rather than warn four times a second
    }
  }

  close(): void {
    clearInterval(this.timer);
  }
}
