// `moult logs [app]`: the apps' own output and the structured events, readable; `--follow` keeps
// reading as the files grow. It reads the files directly: no daemon needed (a running one tells
// where apps with a custom out_file / error_file write).
import fs from 'node:fs';
import path from 'node:path';
import type { HomeLayout } from '../../protocol/home';
import { escapeControl } from '../../protocol/limits';
import { prettyEvent } from '../format';

interface Source {
  file: string;
  label: string;
  kind: 'events' | 'output';
  offset: number;
}

/** An app instance's log file the daemon named (`describe`): custom paths included. */
export interface KnownLogFile {
  app: string;
  instance: number;
  stream: 'out' | 'err';
  file: string;
}

export interface LogsOptions {
  app?: string;
  lines: number;
  follow: boolean;
  /** `--out` / `--err`: only that stream of the apps' output (no events). */
  only?: 'out' | 'err';
  /** `--raw`: lines as they are, without labels or headers (events as their JSON line). */
  raw?: boolean;
  /** `--timestamp`: each line of app output prefixed with the time it is shown. */
  timestamp?: boolean;
  known?: KnownLogFile[];
}

function sources(home: HomeLayout, o: LogsOptions): Source[] {
  const list: Source[] = o.only ? [] : [{ file: home.eventLog, label: 'events', kind: 'events', offset: 0 }];
  const seen = new Set<string>();
  const add = (file: string, app: string, instance: string | number, stream: string): void => {
    if ((o.app && app !== o.app) || (o.only && stream !== o.only) || seen.has(file)) return;
    seen.add(file);
    list.push({ file, label: `${app}[${instance}] ${stream}`, kind: 'output', offset: 0 });
  };
  for (const k of o.known ?? []) add(k.file, k.app, k.instance, k.stream);
  let names: string[] = [];
  try { names = fs.readdirSync(home.logsDir); } catch { /* no logs yet */ }
  for (const n of names.sort()) {
    const m = /^(.+)-(\d+)\.(out|err)\.log$/.exec(n);
    if (m) add(path.join(home.logsDir, n), m[1], m[2], m[3]);
    // merge_logs: one file for every instance (moultd.out.log is the daemon's own).
    const merged = m ? null : /^(.+)\.(out|err)\.log$/.exec(n);
    if (merged && merged[1] !== 'moultd') add(path.join(home.logsDir, n), merged[1], 'all', merged[2]);
  }
  return list;
}

/**
 * One line as shown: an app's output keeps its tabs, every other control character (an escape
 * sequence, a carriage return that would overwrite the line) is escaped; events are escaped by
 * prettyEvent, and a line of the log that is not JSON is shown escaped too.
 */
function render(src: Source, line: string, o: LogsOptions): string | null {
  const app = o.app;
  if (src.kind === 'output') {
    const text = escapeControl(line.replace(/\r$/, ''), { keepTabs: true });
    const stamp = o.timestamp ? `${new Date().toISOString()} ` : '';
    return o.raw ? `${stamp}${text}` : `${stamp}${escapeControl(src.label)} | ${text}`;
  }
  let e: unknown;
  try {
    e = JSON.parse(line);
  } catch {
    return escapeControl(line);
  }
  if (!e || typeof e !== 'object' || Array.isArray(e)) return escapeControl(line);
  if (app && (e as Record<string, unknown>).app !== app) return null;
  return o.raw ? escapeControl(line) : prettyEvent(e as Record<string, unknown>);
}

function readNew(src: Source): string[] {
  let size = 0;
  try { size = fs.statSync(src.file).size; } catch { return []; }
  if (size < src.offset) src.offset = 0; // truncated
  if (size === src.offset) return [];
  const fd = fs.openSync(src.file, 'r');
  try {
    const buf = Buffer.alloc(size - src.offset);
    fs.readSync(fd, buf, 0, buf.length, src.offset);
    const text = buf.toString('utf8');
    const end = text.lastIndexOf('\n');
    if (end === -1) return [];
    src.offset += Buffer.byteLength(text.slice(0, end + 1));
    return text.slice(0, end).split('\n');
  } finally {
    fs.closeSync(fd);
  }
}

export async function showLogs(home: HomeLayout, opts: LogsOptions, out: (s: string) => void): Promise<void> {
  const list = sources(home, opts);
  for (const src of list) {
    const rendered = readNew(src).map((l) => render(src, l, opts)).filter((l): l is string => l !== null);
    const tail = rendered.slice(-opts.lines);
    if (!tail.length) continue;
    if (!opts.raw) out(`==> ${escapeControl(src.file)} <==`);
    for (const l of tail) out(l);
  }
  if (!opts.follow) return;
  const known = new Set(list.map((s) => s.file));
  await new Promise<void>(() => {
    setInterval(() => {
      for (const s of sources(home, opts)) if (!known.has(s.file)) { known.add(s.file); list.push(s); }
      for (const src of list) for (const l of readNew(src)) {
        const r = render(src, l, opts);
        if (r !== null) out(r);
      }
    }, 200);
  });
}
