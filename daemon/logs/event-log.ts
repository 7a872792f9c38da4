// The structured log (SPEC 4), written by pino: one JSON line per event in logs/moultd.log (its
// writer is log-file.ts: synchronous, so a line is on disk before the daemon acts on the next
// message; robust to planted symlinks, deletions, rotations and full disks), and, with
// `daemon.log`, through pino transports too (log-transports.ts). The lines keep pino's shape with
// moult's settings: the level as a label, no pid/hostname base, `msg` last.
// pino costs the daemon about 9 MB of RSS (measured: require('pino') in a bare node, 41.6 → 50.7 MB;
// thread-stream and sonic-boom load worker_threads and more of Node): the price of its transports.
import pino from 'pino';
import { readLogTail } from '../../protocol/log-file';
import type { DaemonLogConfig, LogsConfig } from '../../protocol/config-types';
import { defaultLevel, type EventFields, type EventName, type FieldsOf, type Level, type LogEvent } from '../../protocol/events';
import { LogFile } from './log-file';
import { openTransports, type Transports } from './log-transports';

export type EventListener = (e: LogEvent & { time: number }) => void;

const OPTIONS: pino.LoggerOptions = {
  level: 'debug',
  base: undefined,
  messageKey: 'msg',
  timestamp: pino.stdTimeFunctions.epochTime,
  formatters: { level: (label) => ({ level: label }) },
};

export class EventLog {
  private readonly listeners = new Set<EventListener>();
  private readonly out: LogFile;
  private logger: pino.Logger;
  private transports: Transports | null = null;
  private flushing = false;

  constructor(file: string) {
    this.out = new LogFile(file);
    this.out.onRotated = () => this.write('log.rotated', `${file} rotated`, { file, reason: 'size' });
    this.logger = this.makeLogger();
    this.flushWarnings();
  }

  /** moultd.log gets every level; the transports, theirs. */
  private makeLogger(): pino.Logger {
    const file: pino.DestinationStream = { write: (line: string) => this.out.write(line) };
    if (!this.transports) return pino(OPTIONS, file);
    return pino(OPTIONS, pino.multistream([{ stream: file, level: 'debug' }, { stream: this.transports.stream, level: this.transports.level }]));
  }

  /** One event, its fields checked against its row of protocol/events.ts (FieldsByEvent). */
  write<E extends EventName>(event: E, msg: string, fields?: FieldsOf<E>, level: Level = defaultLevel(event)): void {
    this.record(event, msg, fields ?? {}, level);
  }

  private record(event: EventName, msg: string, fields: EventFields, level: Level): void {
    try {
      this.logger[level]({ event, ...fields }, msg);
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
    this.record(event, typeof msg === 'string' ? msg : String(event), merged, lvl);
  }

  /** daemon.logs: moultd.log is rotated once it passes max_size. */
  setRotation(rotation: LogsConfig): void {
    this.out.rotation = rotation;
  }

  /**
   * daemon.log: the transports the lines go to besides moultd.log (none: only the file). The
   * previous ones get every line written before the switch, then are flushed and closed.
   */
  setTransports(cfg: DaemonLogConfig | null): void {
    const previous = this.transports;
    this.transports = null;
    if (cfg && cfg.targets.length) {
      try {
        this.transports = openTransports(cfg, (err) => this.transportFailed(err));
      } catch (err) {
        this.write('daemon.warning', `daemon.log: cannot start its transports: ${(err as Error).message}`, { error: (err as Error).message }, 'warn');
      }
    }
    this.logger = this.makeLogger();
    if (previous) void previous.close();
  }

  private transportFailed(err: Error): void {
    this.transports = null;
    this.logger = this.makeLogger();
    this.write('daemon.warning', `daemon.log: a transport failed, moultd.log goes on alone: ${err.message}`, { error: err.message }, 'warn');
  }

  /** Before the daemon exits: the transports get what is queued. */
  async close(): Promise<void> {
    const t = this.transports;
    this.transports = null;
    this.logger = this.makeLogger();
    await t?.close();
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
