// The structured log ($MOULT_HOME/logs/moultd.log) as an async iterator of events, for the
// programmatic API: `for await (const e of client.events({ app: 'web' })) …`. It follows the file
// as it grows (polling: works on every file system), starts over on a file that was replaced (log
// rotation by rename) or truncated (seen if a poll falls between the truncation and as many bytes
// written again), and skips lines that are not JSON objects.
import fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import type { LogEvent } from '../protocol/events';

export interface EventStreamOptions {
  /** Only this app's events. */
  app?: string;
  /** `now` (default): events written from now on; `start`: the whole file first. */
  from?: 'now' | 'start';
  /** How often the file is looked at (ms, default 100). */
  intervalMs?: number;
}

export class EventStream implements AsyncIterableIterator<LogEvent> {
  private offset = 0;
  private inode = -1;
  private partial = '';
  private decoder = new StringDecoder('utf8');
  private readonly queue: LogEvent[] = [];
  private waiting: ((r: IteratorResult<LogEvent>) => void) | null = null;
  private timer: NodeJS.Timeout | null = null;
  private done = false;

  constructor(private readonly file: string, private readonly opts: EventStreamOptions = {}) {
    if (opts.from !== 'start') {
      try {
        const st = fs.statSync(file);
        this.offset = st.size;
        this.inode = st.ino;
      } catch { /* not there yet: from its first line */ }
    }
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<LogEvent>> {
    if (this.queue.length) return Promise.resolve({ value: this.queue.shift()!, done: false });
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    this.poll();
    if (this.queue.length) return Promise.resolve({ value: this.queue.shift()!, done: false });
    return new Promise((resolve) => {
      this.waiting = resolve;
      this.timer ??= setInterval(() => this.poll(), this.opts.intervalMs ?? 100);
    });
  }

  /** Ends the stream (a `for await` loop left with `break` calls this too). */
  return(): Promise<IteratorResult<LogEvent>> {
    this.done = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const w = this.waiting;
    this.waiting = null;
    w?.({ value: undefined, done: true });
    return Promise.resolve({ value: undefined, done: true });
  }

  close(): void {
    void this.return();
  }

  private poll(): void {
    let st: fs.Stats;
    try { st = fs.statSync(this.file); } catch { return; }
    if (st.ino !== this.inode || st.size < this.offset) {
      // Rotated or truncated: the new file is read from its start.
      if (this.inode !== -1) { this.offset = 0; this.partial = ''; this.decoder = new StringDecoder('utf8'); }
      this.inode = st.ino;
    }
    if (st.size <= this.offset) return;
    const buf = Buffer.alloc(st.size - this.offset);
    try {
      const fd = fs.openSync(this.file, 'r');
      try { fs.readSync(fd, buf, 0, buf.length, this.offset); } finally { fs.closeSync(fd); }
    } catch { return; }
    this.offset = st.size;
    const lines = (this.partial + this.decoder.write(buf)).split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) {
      const e = parse(line);
      if (e && (this.opts.app === undefined || e.app === this.opts.app)) this.queue.push(e);
    }
    if (this.waiting && this.queue.length) {
      const w = this.waiting;
      this.waiting = null;
      w({ value: this.queue.shift()!, done: false });
    }
  }
}

function parse(line: string): LogEvent | null {
  if (!line.trim()) return null;
  try {
    const e = JSON.parse(line) as unknown;
    return e && typeof e === 'object' && !Array.isArray(e) && typeof (e as LogEvent).event === 'string' ? e as LogEvent : null;
  } catch {
    return null;
  }
}
