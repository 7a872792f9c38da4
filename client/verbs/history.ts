// `moult history <app>`: each instance's update timeline (queued, point arrivals, applied,
// completed, failed, rolled back, replayed), read from the structured log: no daemon needed.
import fs from 'node:fs';
import type { HomeLayout } from '../../protocol/home';
import { escapeControl } from '../../protocol/limits';

const TIMELINE = new Set([
  'update.received', 'update.rejected', 'update.queued', 'update.postponed', 'update.aborted', 'update.point.arrived',
  'update.applied', 'update.completed', 'update.rolledback', 'update.failed', 'update.replayed', 'task.rebooted',
]);

export interface HistoryEntry {
  time: number;
  event: string;
  instance: number | null;
  pid?: number;
  update?: string;
  update_id?: string;
  detail?: string;
}

export function readHistory(home: HomeLayout, app: string): HistoryEntry[] {
  let text = '';
  try { text = fs.readFileSync(home.eventLog, 'utf8'); } catch { return []; }
  const out: HistoryEntry[] = [];
  for (const line of text.split('\n')) {
    if (!line.includes(`"app":${JSON.stringify(app)}`)) continue;
    let e: Record<string, unknown>;
    try { e = JSON.parse(line) as Record<string, unknown>; } catch { continue; }
    if (e.app !== app || !TIMELINE.has(String(e.event))) continue;
    const detail = [e.reason, e.error, e.point && `point ${e.point}`, e.task && `task ${e.task}`, e.mode && `mode ${e.mode}`]
      .filter(Boolean).join(', ');
    out.push({
      time: Number(e.time), event: String(e.event), instance: typeof e.instance === 'number' ? e.instance : null,
      ...(typeof e.pid === 'number' ? { pid: e.pid } : {}),
      ...(typeof e.update === 'string' ? { update: e.update } : {}),
      ...(typeof e.update_id === 'string' ? { update_id: e.update_id } : {}),
      ...(detail ? { detail } : {}),
    });
  }
  return out;
}

export function formatHistory(app: string, entries: HistoryEntry[]): string {
  if (!entries.length) return `no update history for ${escapeControl(app)}`;
  const byInstance = new Map<string, HistoryEntry[]>();
  for (const e of entries) {
    const key = e.instance === null ? 'daemon' : `${escapeControl(app)}[${e.instance}]`;
    byInstance.set(key, [...(byInstance.get(key) ?? []), e]);
  }
  const lines: string[] = [];
  for (const [key, list] of byInstance) {
    lines.push(key);
    for (const e of list) {
      const when = Number.isFinite(e.time) && Math.abs(e.time) <= 8.64e15 ? new Date(e.time).toISOString().replace('T', ' ').slice(0, 23) : '?'.padEnd(23);
      const event = escapeControl(e.event.replace(/^update\./, ''));
      lines.push(`  ${when}  ${event.padEnd(14)} ${escapeControl(e.update ?? '')}${e.pid ? `  (pid ${e.pid})` : ''}${e.detail ? `  ${escapeControl(e.detail)}` : ''}`);
    }
  }
  return lines.join('\n');
}
