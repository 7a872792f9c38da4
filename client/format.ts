// Human-readable output: the `ls` table and pino-pretty-style event lines.
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

const KEYS = ['app', 'instance', 'update', 'manager', 'task', 'point', 'reason', 'mode', 'code', 'signal', 'error'];

/** One structured-log line the way pino-pretty shows it: time, level, event, message, fields. */
export function prettyEvent(e: Record<string, unknown>): string {
  const time = typeof e.time === 'number' && Number.isFinite(e.time) && Math.abs(e.time) <= 8.64e15 ? new Date(e.time).toISOString().slice(11, 23) : '';
  const text = (v: unknown): string => escapeControl(typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v));
  const level = text(e.level ?? 'info').toUpperCase().padEnd(5);
  const fields = KEYS.filter((k) => e[k] !== undefined && e[k] !== null)
    .map((k) => `${k}=${text(e[k])}`).join(' ');
  return `[${time}] ${level} ${text(e.event ?? '').padEnd(28)} ${text(e.msg ?? '')}${fields ? `  (${fields})` : ''}`;
}
