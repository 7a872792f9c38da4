// Human-readable output: the `ls` table and the structured log's lines as pino-pretty shows them.
// Every value shown is escaped (escapeControl): a newline or an escape sequence in a name, a
// message or an error can neither forge a line nor drive the terminal.
import type { InstanceInfo } from '../protocol/control';
import { escapeControl } from '../protocol/limits';

export function duration(ms: number): string {
  if (ms <= 0) return '0s';
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86400) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}

export function bytes(n: number): string {
  if (n < 1024) return `${n}b`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)}kb`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)}mb`;
  return `${(n / 1024 ** 3).toFixed(1)}gb`;
}

export function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd()).join('\n');
}

/**
 * SPEC 6.6: the release column is what the instance runs (the id of its updates, in order); an
 * instance whose code differs from its app's release is marked `!` and named under the table.
 */
export function lsTable(list: InstanceInfo[]): string {
  if (!list.length) return 'no apps (start some with: moult start ecosystem.json)';
  const head = ['id', 'name', 'instance', 'pid', 'status', 'uptime', 'restarts', 'cpu', 'memory', 'release', 'updates'];
  const rows = list.map((i) => [
    i.id === undefined ? '-' : String(i.id), i.name, String(i.instance), i.pid ? String(i.pid) : '-', i.status, duration(i.uptime_ms),
    String(i.restarts), `${i.cpu}%`, bytes(i.memory), `${i.instance_release ?? '-'}${i.drift ? '!' : ''}`,
    i.updatable === false ? 'not updatable' : i.updates.length ? i.updates.join(',') : '-',
  ].map((cell) => escapeControl(cell)));
  const drift = list.filter((i) => i.drift).map((i) => escapeControl(`! ${i.name}[${i.instance}] runs other code than its app's release ${i.release} (moult describe ${i.name})`));
  return [table([head, ...rows]), ...drift].join('\n');
}

// pino-pretty's format (`[time] LEVEL (pid): event  message {fields}`), by pino-pretty itself,
// loaded on the first event shown (it costs a CLI ~25 ms that `ls` and `update` do not pay).
// Every string is escaped before pino-pretty sees it: it prints a message as it is.
let prettify: ((o: Record<string, unknown>) => string) | null = null;
const IGNORED = 'hostname,event,seq,update_id,sha256';

function escapedCopy(e: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(e)) {
    const key = escapeControl(k);
    if (typeof v === 'string') out[key] = escapeControl(v);
    else if (typeof v === 'object' && v !== null) out[key] = escapeControl(JSON.stringify(v) ?? '');
    else out[key] = v;
  }
  return out;
}

/** One structured-log line as pino-pretty shows it: time, level, pid, event, message, fields. */
export function prettyEvent(e: Record<string, unknown>): string {
  prettify ??= (require('pino-pretty') as typeof import('pino-pretty')).prettyFactory({
    colorize: false, translateTime: 'UTC:HH:MM:ss.l', singleLine: true, ignore: IGNORED, messageFormat: '{event}  {msg}', errorLikeObjectKeys: [],
  }) as (o: Record<string, unknown>) => string;
  const copy = escapedCopy(e);
  if (typeof copy.time !== 'number' || !Number.isFinite(copy.time) || Math.abs(copy.time) > 8.64e15) delete copy.time;
  copy.event ??= '';
  copy.msg ??= '';
  return prettify(copy).replace(/\n$/, '');
}
