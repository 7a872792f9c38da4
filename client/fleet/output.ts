// What `moult fleet` prints while it drives a rollout (SPEC 8, Output): a live progress bar per wave
// on a TTY, one line per host event otherwise, and a per-host table at the end.
import type { RolloutProgress, RolloutView } from '../../protocol/fleet-rollout';
import type { DriveEvent } from './coordinator';
import { escapeControl } from '../../protocol/limits';
import { describeHold } from './wave-holds';

const print = (s: string): void => { process.stdout.write(`${s}\n`); };

export function hostTable(rec: RolloutView): string {
  const rows = Object.entries(rec.hosts).sort((a, b) => a[1].wave - b[1].wave || a[0].localeCompare(b[0]))
    .map(([host, h]) => [host, h.wave < 0 ? '-' : String(h.wave + 1), h.state, escapeControl('error' in h ? h.error : '')]);
  const head = ['HOST', 'WAVE', 'STATE', 'WHY'];
  const widths = head.map((t, i) => Math.max(t.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]): string => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(head), ...rows.map(line)].join('\n');
}

export function summary(rec: RolloutView | RolloutProgress): string {
  return `rollout ${rec.id} (${rec.kind} ${rec.name} on ${rec.app}): ${rec.state}${rec.reason ? ` (${escapeControl(rec.reason)})` : ''}`;
}

/** `fleet status <rollout>`: the summary, where it stands (a hold says what it waits for), the host table. */
export function statusText(view: RolloutView): string {
  return `${summaryLine(view)}\n${hostTable(view)}`;
}

/** The summary with where the rollout stands: its wave (or what holds it) and its hosts done. */
export function summaryLine(view: RolloutView): string {
  const hosts = Object.values(view.hosts);
  const done = hosts.filter((h) => h.state !== 'pending' && h.state !== 'ordered').length;
  const where = describeHold(view, view) ?? `wave ${Math.min(view.wave + 1, view.waves.length)}/${view.waves.length}`;
  return `${summary(view)}, ${where}, ${done}/${hosts.length} hosts done`;
}

/** A reporter for Coordinator events; `json` prints nothing until the record at the end. */
export function reporter(rec: { waves: string[][] }, opts: { json: boolean; tty: boolean }): (e: DriveEvent) => void {
  if (opts.json) return (e) => { if (e.kind === 'done') print(JSON.stringify(e.record)); };
  let wave = -1;
  let done = 0;
  const bar = (): void => {
    const total = rec.waves[wave]?.length ?? 0;
    const width = 20;
    const fill = total ? Math.round((done / total) * width) : width;
    process.stdout.write(`\rwave ${wave + 1}/${rec.waves.length} [${'#'.repeat(fill)}${'-'.repeat(width - fill)}] ${done}/${total} hosts`);
  };
  return (e) => {
    switch (e.kind) {
      case 'wave':
        if (opts.tty && wave !== -1) process.stdout.write('\n');
        wave = e.wave;
        done = 0;
        if (opts.tty) bar();
        else print(`wave ${e.wave + 1}/${rec.waves.length}: ${e.hosts.join(', ')}`);
        return;
      case 'host':
        done++;
        if (opts.tty) bar();
        else print(`${e.host}: ${e.state}${e.error ? ` (${escapeControl(e.error)})` : ''}`);
        return;
      case 'held':
        if (opts.tty && wave !== -1) { process.stdout.write('\n'); wave = -1; }
        print(escapeControl(e.why));
        return;
      case 'reverting':
        if (opts.tty && wave !== -1) { process.stdout.write('\n'); wave = -1; }
        print(`reverting: ${escapeControl(e.reason)}`);
        return;
      case 'rollback':
        if (opts.tty && wave !== -1) { process.stdout.write('\n'); wave = -1; }
        print(`${e.host}: ${e.state}${e.error ? ` (${escapeControl(e.error)})` : ''}`);
        return;
      case 'done':
        if (opts.tty && wave !== -1) process.stdout.write('\n');
        print(hostTable(e.record));
        print(summary(e.record));
    }
  };
}
