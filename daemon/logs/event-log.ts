// The structured log (SPEC 4): pino JSON lines in logs/moultd.log, written synchronously so that
// a line is on disk, in order, before the daemon acts on the next message. The file is opened
// without following symlinks (a planted one is removed, never written through), reopened when its
// path no longer names it (deleted, rotated), and a write error never escapes: logging must not
// take the daemon down, even on a full disk. It rotates itself by daemon.logs (rename, then a
// fresh file: the daemon is its only writer, so no line is lost or written twice).
import fs from 'node:fs';
import path from 'node:path';
import { readLogTail } from '../../protocol/log-file';
import { renameRotate } from './rotate-file';
import type { LogsConfig } from '../../config/ecosystem';
import type { EventFields, EventName, Level, LogEvent } from '../../protocol/events';

export type EventListener = (e: LogEvent & { time: number }) => void;

const { O_WRONLY, O_APPEND, O_CREAT, O_EXCL, O_NOFOLLOW } = fs.constants;
const O_NONBLOCK = fs.constants.O_NONBLOCK ?? 0; // a FIFO planted there must not block the open
const OPEN_FLAGS = O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_NONBLOCK;
/** How often (at most) the path is compared with the open file, and a failed open retried. */
const CHECK_MS = 1000;

const errText = (err: unknown): string => (err as NodeJS.ErrnoException).code ?? (err as Error).message ?? String(err);

/** One append-only file, held open; every method is safe to call on any failure. */
export class LogFile {
  private fd: number | null = null;
  private dev = 0;
  private ino = 0;
  private lastCheck = 0;
  private lastReopen = 0;
  private openError = '';
  /** Lines that could not be written since the last one that could. */
  private lost = 0;
  private lostWhy = '';
  /** Bytes of a line left at the end of the file by a failed write (cut off with a newline). */
  private partial = false;
  private readonly pending: string[] = [];
  /** Bytes in the open file (its size at open, plus what was written since). */
  private size = 0;
  /** Rotation by size (daemon.logs); none until set. */
  rotation: LogsConfig | null = null;
  /** Called after the file was rotated, once the new one is open. */
  onRotated: (() => void) | null = null;

  constructor(readonly file: string) {
    this.lastCheck = Date.now();
    this.open();
  }

  /** Warnings about the file itself, to be logged once a line can be written. */
  takeWarnings(): string[] {
    return this.pending.splice(0);
  }

  private openOnce(extra = 0): number {
    return fs.openSync(this.file, OPEN_FLAGS | extra, 0o600);
  }

  private open(): void {
    this.close();
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
      let fd: number;
      try {
        fd = this.openOnce();
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code !== 'ELOOP' && code !== 'ENXIO') throw err;
        fd = this.replaceEntry(code);
      }
      const st = fs.fstatSync(fd);
      if (!st.isFile() && !st.isCharacterDevice()) {
        fs.closeSync(fd);
        fd = this.replaceEntry('not a regular file');
      }
      const now = fs.fstatSync(fd);
      this.fd = fd;
      this.dev = now.dev;
      this.ino = now.ino;
      this.size = now.size;
      this.openError = '';
    } catch (err) {
      this.fd = null;
      this.openError = `cannot open ${this.file}: ${errText(err)}`;
    }
  }

  /** A symlink, FIFO or socket planted at the log's path: removed (never followed), a file made. */
  private replaceEntry(why: string): number {
    let what = why === 'ELOOP' ? 'a symlink' : why === 'ENXIO' ? 'a FIFO' : why;
    try {
      if (fs.lstatSync(this.file).isSymbolicLink()) what = `a symlink to ${fs.readlinkSync(this.file)}`;
    } catch { /* gone already */ }
    fs.unlinkSync(this.file);
    this.pending.push(`${this.file} was ${what}: removed, not followed; the log starts anew there`);
    return this.openOnce(O_EXCL);
  }

  private close(): void {
    if (this.fd === null) return;
    try { fs.closeSync(this.fd); } catch { /* already bad */ }
    this.fd = null;
  }

  /** Reopens the file if its path now names another file, or none (deleted, rotated). */
  private checkPath(): void {
    this.lastCheck = Date.now();
    if (this.fd === null) return this.open();
    let moved: string | null = null;
    try {
      const st = fs.lstatSync(this.file, { throwIfNoEntry: false });
      if (!st) moved = 'was deleted';
      else if (st.dev !== this.dev || st.ino !== this.ino) moved = 'was replaced (rotated?)';
    } catch (err) {
      moved = `cannot be checked (${errText(err)})`;
    }
    if (!moved) return;
    this.open();
    if (this.fd !== null) this.pending.push(`${this.file} ${moved}: reopened`);
  }

  /** Appends the whole line or nothing (a failed write is cut back, or ended later): null if done. */
  private tryWrite(text: string): string | null {
    if (this.fd === null) return this.openError;
    const fd = this.fd;
    const buf = Buffer.from(this.partial ? `\n${text}` : text);
    let off = 0;
    try {
      while (off < buf.length) off += fs.writeSync(fd, buf, off, buf.length - off);
      this.partial = false;
      this.size += off;
      return null;
    } catch (err) {
      if (off > 0) {
        try {
          fs.ftruncateSync(fd, fs.fstatSync(fd).size - off);
        } catch {
          this.partial = true;
        }
      }
      return `cannot write to ${this.file}: ${errText(err)}`;
    }
  }

  write(line: string): void {
    const now = Date.now();
    if (now - this.lastCheck >= CHECK_MS) this.checkPath();
    let err = this.tryWrite(line);
    if (err && now - this.lastReopen >= CHECK_MS) {
      // A write error (EBADF, EIO, ENOSPC…): a fresh open, once a second at most, then one retry.
      this.lastReopen = now;
      this.lastCheck = now;
      this.open();
      err = this.tryWrite(line);
    }
    if (err) {
      this.lost++;
      this.lostWhy = err;
      return;
    }
    if (this.lost) {
      this.pending.push(`${this.lost} log line(s) were lost: ${this.lostWhy}`);
      this.lost = 0;
    }
    if (this.rotation && this.size >= this.rotation.max_size) this.rotate(this.rotation.retain);
  }

  /** After a whole line: the file is renamed away and a new one opened at its path. */
  private rotate(retain: number): void {
    // Only the file still at our path is ours to rename (someone else may have moved it already).
    const st = fs.lstatSync(this.file, { throwIfNoEntry: false });
    try {
      if (st && st.dev === this.dev && st.ino === this.ino) renameRotate(this.file, retain);
    } catch (err) {
      this.pending.push(`cannot rotate ${this.file}: ${errText(err)}`);
      this.size = 0; // tried again after another max_size, not on every line
      return;
    }
    this.open();
    this.lastCheck = Date.now();
    this.onRotated?.();
  }
}

/**
 * One line exactly as pino writes it with moult's settings (level as a label, no pid/hostname base,
 * `msg` last), so pino-pretty and every reader of the log see no difference: pino itself cost the
 * daemon 8.6 MB of RSS (thread-stream, sonic-boom…) for what is one JSON.stringify here.
 */
function jsonLine(level: Level, fields: EventFields & { event: EventName }, msg: string): string {
  const entry = { level, time: Date.now(), ...fields, msg };
  try {
    return `${JSON.stringify(entry)}\n`;
  } catch {
    // A value JSON cannot hold (a BigInt, a cycle): the line is still written, with what can be.
    try {
      return `${JSON.stringify(entry, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))}\n`;
    } catch {
      return `${JSON.stringify({ level, time: entry.time, event: fields.event, msg, error: 'its fields could not be serialised' })}\n`;
    }
  }
}

export class EventLog {
  private readonly listeners = new Set<EventListener>();
  private readonly out: LogFile;
  private flushing = false;

  constructor(file: string) {
    this.out = new LogFile(file);
    this.out.onRotated = () => this.write('log.rotated', `${file} rotated`, { file, reason: 'size' });
    this.flushWarnings();
  }

  write(event: EventName, msg: string, fields: EventFields = {}, level: Level = 'info'): void {
    try {
      this.out.write(jsonLine(level, { event, ...fields }, msg));
    } catch { /* never: LogFile.write does not throw; a serialisation bug must not either */ }
    this.notify({ ...fields, event, msg, level, time: Date.now() });
    this.flushWarnings();
  }

  /** The log file's own troubles (a planted symlink, a deleted file, lost lines), as warnings. */
  private flushWarnings(): void {
    if (this.flushing) return;
    this.flushing = true;
    try {
      for (let w = this.out.takeWarnings(); w.length; w = this.out.takeWarnings()) {
        for (const msg of w) this.write('daemon.warning', msg, { file: this.out.file }, 'warn');
      }
    } finally {
      this.flushing = false;
    }
  }

  /** An event that came from an app: its own fields (seq, update…) plus the daemon's stamp. */
  writeFromApp(e: LogEvent, stamp: { app: string; instance: number; pid: number | null }): void {
    const { event, msg, level, ...fields } = e;
    const lvl: Level = level === 'error' || level === 'warn' || level === 'debug' ? level : 'info';
    const merged = { ...fields, app: stamp.app, instance: stamp.instance, ...(stamp.pid ? { pid: stamp.pid } : {}) } as EventFields & { time?: number };
    delete merged.time;
    this.write(event, typeof msg === 'string' ? msg : String(event), merged, lvl);
  }

  /** daemon.logs: moultd.log is rotated once it passes max_size. */
  setRotation(rotation: LogsConfig): void {
    this.out.rotation = rotation;
  }

  subscribe(l: EventListener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  private notify(e: LogEvent & { time: number }): void {
    for (const l of this.listeners) {
      try { l(e); } catch { /* a watcher never breaks logging */ }
    }
  }
}

const TAIL_BYTES = 8 * 1024 * 1024;

/**
 * The highest `seq` the log holds for a process (read from the log's tail): a daemon that adopts
 * a running app skips what its predecessor already logged when the app sends it again.
 */
export function lastSeqInLog(file: string, pid: number): number {
  // Just after a rotation the live file may not mention the app yet: the newest rotated one may.
  return seqIn(readLogTail(file, TAIL_BYTES), pid) || seqIn(readLogTail(`${file}.1`, TAIL_BYTES), pid);
}

function seqIn(text: string, pid: number): number {
  let max = 0;
  const mark = `"pid":${pid},`;
  for (const line of text.split('\n')) {
    if (!line.includes(mark)) continue;
    try {
      const e = JSON.parse(line) as { pid?: number; seq?: number };
      if (e.pid === pid && typeof e.seq === 'number' && e.seq > max) max = e.seq;
    } catch { /* a partial first line */ }
  }
  return max;
}
