// The structured log (SPEC 4): pino JSON lines in logs/moultd.log, written synchronously so that
// a line is on disk, in order, before the daemon acts on the next message.
import pino from 'pino';
import { readLogTail } from '../protocol/log-file';
import type { EventFields, EventName, Level, LogEvent } from '../protocol/events';

export type EventListener = (e: LogEvent & { time: number }) => void;

export class EventLog {
  private readonly logger: pino.Logger;
  private readonly listeners = new Set<EventListener>();

  constructor(file: string) {
    this.logger = pino(
      {
        base: undefined,
        messageKey: 'msg',
        formatters: { level: (label) => ({ level: label }) },
        level: 'debug',
      },
      pino.destination({ dest: file, sync: true, mkdir: true }),
    );
  }

  write(event: EventName, msg: string, fields: EventFields = {}, level: Level = 'info'): void {
    this.logger[level]({ event, ...fields }, msg);
    this.notify({ ...fields, event, msg, level, time: Date.now() });
  }

  /** An event that came from an app: its own fields (seq, update…) plus the daemon's stamp. */
  writeFromApp(e: LogEvent, stamp: { app: string; instance: number; pid: number | null }): void {
    const { event, msg, level, ...fields } = e;
    const lvl: Level = level === 'error' || level === 'warn' || level === 'debug' ? level : 'info';
    const merged = { ...fields, app: stamp.app, instance: stamp.instance, ...(stamp.pid ? { pid: stamp.pid } : {}) } as EventFields & { time?: number };
    delete merged.time;
    this.write(event, typeof msg === 'string' ? msg : String(event), merged, lvl);
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
  const text = readLogTail(file, TAIL_BYTES);
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
