// The runtime's side of the structured log. Events get a per-process sequence number and go to
// the daemon channel when the app is managed, else as JSON lines to MOULT_LOG (or stderr), or to
// <dir>/moult.log once a listener was told `set logpath <dir>`.
import fs from 'node:fs';
import path from 'node:path';
import { defaultLevel, type EventName, type FieldsOf, type Level, type LogEvent } from '../../protocol/events';

export type RuntimeEvent = LogEvent & { seq: number; time: number };
type Sink = (event: RuntimeEvent) => void;

let seq = 0;
let sink: Sink | null = null;
/** 0: nothing, 1: errors only, 2: everything (Pymoult's log levels). */
let logLevel = 2;
const identity: { app: string; instance: number } = {
  app: process.argv[1] ? path.basename(process.argv[1]).replace(/\.[cm]?[jt]s$/, '') : 'node',
  instance: 0,
};

export function setIdentity(app: string, instance: number): void {
  identity.app = app;
  identity.instance = instance;
}

export function setSink(s: Sink): void {
  sink = s;
}

export function setLogLevel(n: number): void {
  logLevel = n;
}

/** Where the standalone log goes after a listener's `set logpath <dir>`: <dir>/moult.log. */
let logPath: string | null = null;

/** Pymoult's set_logpath: the folder must exist; the standalone log goes to <dir>/moult.log from now on. */
export function setLogPath(dir: string): string {
  const resolved = path.resolve(dir);
  if (!fs.statSync(resolved).isDirectory()) throw new Error(`${resolved} is not a folder`);
  logPath = path.join(resolved, 'moult.log');
  return logPath;
}

/** One event of the app's, its fields checked against its row of protocol/events.ts (FieldsByEvent). */
export function emit<E extends EventName>(event: E, msg: string, fields: FieldsOf<E> = {} as FieldsOf<E>, level: Level = defaultLevel(event)): void {
  if (logLevel === 0 || (logLevel === 1 && level !== 'error' && level !== 'warn')) return;
  const e: RuntimeEvent = { ...fields, event, msg, level, app: identity.app, instance: identity.instance, pid: process.pid, seq: ++seq, time: Date.now() };
  try {
    (sink ?? standaloneSink)(e);
  } catch {
    // The log must never take the app down with it.
  }
}

/** Standalone mode (no daemon): append synchronously so that lines survive an abrupt exit in order. */
function standaloneSink(e: RuntimeEvent): void {
  const line = JSON.stringify(e) + '\n';
  const file = logPath ?? process.env.MOULT_LOG;
  if (file) fs.appendFileSync(file, line, { mode: 0o600 });
  else process.stderr.write(line);
}
