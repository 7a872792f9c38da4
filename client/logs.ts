// `moult logs [app]`: the apps' own output and the structured events, readable; `--follow` keeps
// reading as the files grow. It reads the files directly: no daemon needed.
import fs from 'node:fs';
import path from 'node:path';
import type { HomeLayout } from '../protocol/home';
import { escapeControl } from '../protocol/limits';
import { prettyEvent } from './format';

interface Source {
  file: string;
  label: string;
  kind: 'events' | 'output';
  offset: number;
}

function sources(home: HomeLayout, app?: string): Source[] {
  const list: Source[] = [{ file: home.eventLog, label: 'events', kind: 'events', offset: 0 }];
  let names: string[] = [];
  try { names = fs.readdirSync(home.logsDir); } catch { /* no logs yet */ }
  for (const n of names.sort()) {
    const m = /^(.+)-(\d+)\.(out|err)\.log$/.exec(n);
    if (!m || (app && m[1] !== app)) continue;
    list.push({ file: path.join(home.logsDir, n), label: `${m[1]}[${m[2]}] ${m[3]}`, kind: 'output', offset: 0 });
  }
  return list;
}

/**
 * One line as shown: an app's output keeps its tabs, every other control character (an escape
 * sequence, a carriage return that would overwrite the line) is escaped; events are escaped by
 * prettyEvent, and a line of the log that is not JSON is shown escaped too.
 */
function render(src: Source, line: string, app?: string): string | null {
  if (src.kind === 'output') return `${escapeControl(src.label)} | ${escapeControl(line.replace(/\r$/, ''), { keepTabs: true })}`;
  let e: unknown;
  try {
    e = JSON.parse(line);
  } catch {
    return escapeControl(line);
  }
  if (!e || typeof e !== 'object' || Array.isArray(e)) return escapeControl(line);
  if (app && (e as Record<string, unknown>).app !== app) return null;
  return prettyEvent(e as Record<string, unknown>);
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

export async function showLogs(home: HomeLayout, opts: { app?: string; lines: number; follow: boolean }, out: (s: string) => void): Promise<void> {
  const list = sources(home, opts.app);
  for (const src of list) {
    const rendered = readNew(src).map((l) => render(src, l, opts.app)).filter((l): l is string => l !== null);
    const tail = rendered.slice(-opts.lines);
    if (!tail.length) continue;
    out(`==> ${escapeControl(src.file)} <==`);
    for (const l of tail) out(l);
  }
  if (!opts.follow) return;
  const known = new Set(list.map((s) => s.file));
  await new Promise<void>(() => {
    setInterval(() => {
      for (const s of sources(home, opts.app)) if (!known.has(s.file)) { known.add(s.file); list.push(s); }
      for (const src of list) for (const l of readNew(src)) {
        const r = render(src, l, opts.app);
        if (r !== null) out(r);
      }
    }, 200);
  });
}
