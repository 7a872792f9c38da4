// One append-only log file (logs/moultd.log), held open and written synchronously, so that a line
// is on disk, in order, before the daemon acts on the next message. The file is opened without
// following symlinks (a planted one is removed, never written through), reopened when its path no
// longer names it (deleted, rotated), and a write error never escapes: logging must not take the
// daemon down, even on a full disk. It rotates itself by daemon.logs (rename, then a fresh file:
// the daemon is its only writer, so no line is lost or written twice). pino writes into it as
// into any destination stream (event-log.ts).
import fs from 'node:fs';
import path from 'node:path';
import { renameRotate } from './rotate-file';
import type { LogsConfig } from '../../protocol/config-types';
import { untrustedFd } from '../../protocol/owned-file';

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
      // Another user's file (or another name of one) is not written to either (protocol/owned-file.ts).
      const untrusted = untrustedFd(fd, this.file, { devices: true });
      if (untrusted) {
        fs.closeSync(fd);
        fd = this.replaceEntry(untrusted);
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
    this.pending.push(why.startsWith(this.file) ? `${why}: removed, not written to; the log starts anew there` : `${this.file} was ${what}: removed, not followed; the log starts anew there`);
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
