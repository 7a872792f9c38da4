// Rotation of the apps' log files by `daemon.logs` {max_size, retain} (SPEC 7): `<file>` becomes
// `<file>.1`, `.1` becomes `.2`… and the one past `retain` is deleted.
//
// Apps write their output straight to these files (they must outlive a killed daemon), so the
// daemon cannot reopen them itself. Two ways, chosen per file:
// - rename, then every process writing the file opens its path again (the runtime preloaded in a
//   node app does it on `logs.reopen`). Nothing is lost and nothing is written twice: until the
//   reopen the app's writes land in the renamed file, after it in the new one.
// - copy, then truncate, for a writer that cannot reopen (an `interpreter` app, an app whose
//   runtime is not connected): the copy is taken again up to the last byte just before the
//   truncate, but a line written between that last read and the truncate (microseconds) is lost.
//   It is the price of files that a process without moult's runtime holds open.
import fs from 'node:fs';
import path from 'node:path';
import type { DaemonLogConfig, LogsConfig } from '../../protocol/config-types';
import type { EventLog } from './event-log';
import { copyTruncateRotate, renameRotate } from './rotate-file';
import { MAX_LOG_RETAIN, MAX_SIZE_BYTES } from '../../protocol/limits';

/** How often the app log files' sizes are looked at. */
const CHECK_MS = Number(process.env.MOULT_LOG_CHECK_MS) > 0 ? Number(process.env.MOULT_LOG_CHECK_MS) : 1000;

/** A process writing a log file. */
export interface LogWriter {
  /** Whether it can open its stdout/stderr paths again (a node app with its runtime connected). */
  canReopen(): boolean;
  /** Asks it to; until it has, it writes to the renamed file (nothing lost). */
  reopen(): void;
  /**
   * A node app that just started and whose runtime the daemon is still attaching to: it will be
   * able to reopen soon (bounded by the daemon's attach timeout, so a file never grows unchecked).
   */
  awaitsRuntime(): boolean;
}

export class AppLogRotation {
  private timer: NodeJS.Timeout | null = null;

  /** `files()`: every app log file in use, with the processes writing it. */
  constructor(private readonly log: EventLog, private readonly files: () => Map<string, LogWriter[]>, public settings: LogsConfig) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.check(), CHECK_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  check(): void {
    for (const [file, writers] of this.files()) {
      let size: number;
      try {
        size = fs.statSync(file).size;
      } catch {
        continue; // not created yet, or deleted by hand: the writer's next open makes it
      }
      if (size < this.settings.max_size) continue;
      // Copy-then-truncate can lose a line: not for an app that can reopen once its runtime is back.
      const canReopen = writers.length > 0 && writers.every((w) => w.canReopen());
      if (!canReopen && writers.some((w) => w.awaitsRuntime())) continue;
      try {
        this.rotate(file, writers);
      } catch (err) {
        this.log.write('daemon.warning', `cannot rotate ${file}: ${(err as Error).message}`, { file, error: (err as Error).message }, 'warn');
      }
    }
  }

  private rotate(file: string, writers: LogWriter[]): void {
    const { retain } = this.settings;
    // Every writer must be able to reopen, else the one that cannot would keep filling the renamed file.
    const canReopen = writers.length > 0 && writers.every((w) => w.canReopen());
    let how: string;
    if (canReopen) {
      renameRotate(file, retain);
      for (const w of writers) w.reopen();
      how = 'renamed, writers reopened';
    } else {
      copyTruncateRotate(file, retain);
      how = 'copied and truncated (a writer without the moult runtime)';
    }
    this.log.write('log.rotated', `${file} rotated (${how})`, { file, reason: canReopen ? 'reopen' : 'copytruncate' });
  }
}

/**
 * daemon.log as kept in state.json: absolute paths of transport modules with their options and
 * levels, or null (a value of any other shape is ignored: the transports are code to load).
 */
export function logTargetsSetting(v: unknown): DaemonLogConfig | null {
  const targets = (v as { targets?: unknown } | null)?.targets;
  if (!Array.isArray(targets) || !targets.length) return null;
  const levels = new Set(['debug', 'info', 'warn', 'error']);
  const ok = targets.every((t: unknown) => {
    const { target, options, level } = (t ?? {}) as Record<string, unknown>;
    return typeof target === 'string' && path.isAbsolute(target) && typeof options === 'object' && options !== null && !Array.isArray(options) && typeof level === 'string' && levels.has(level);
  });
  return ok ? { targets: targets as DaemonLogConfig['targets'] } : null;
}

/** daemon.logs from a socket or state.json: positive integers within the limits, else null (the defaults stay). */
export function logsSetting(v: unknown): LogsConfig | null {
  if (!v || typeof v !== 'object') return null;
  const { max_size, retain } = v as Record<string, unknown>;
  const ok = (n: unknown, max: number): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 1 && n <= max;
  return ok(max_size, MAX_SIZE_BYTES) && ok(retain, MAX_LOG_RETAIN) ? { max_size, retain } : null;
}
