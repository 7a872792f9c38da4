// `moult monit`: a live view of every instance (cpu, memory, restarts, status, updates in force)
// and the latest update events, redrawn every interval until Ctrl-C. `--once` draws one frame.
import type { InstanceInfo } from '../../protocol/control';
import type { HomeLayout } from '../../protocol/home';
import type { DaemonClient } from '../daemon-client';
import { readLogTail } from '../../protocol/log-file';
import { lsTable, prettyEvent } from '../format';

const RECENT = 8;
const TAIL_BYTES = 256 * 1024;

/** The last update and task events of the structured log (its tail only: the log may be large). */
function recentUpdateEvents(home: HomeLayout): string[] {
  const text = readLogTail(home.eventLog, TAIL_BYTES);
  const out: string[] = [];
  for (const line of text.split('\n').reverse()) {
    if (out.length >= RECENT) break;
    if (!/"event":"(update|task)\./.test(line)) continue;
    try { out.push(prettyEvent(JSON.parse(line) as Record<string, unknown>)); } catch { /* partial line */ }
  }
  return out.reverse();
}

export function monitFrame(list: InstanceInfo[], home: HomeLayout): string {
  const events = recentUpdateEvents(home);
  return [
    `moult monit — ${new Date().toISOString().replace('T', ' ').slice(0, 19)} — ${list.length} instance(s)`,
    '',
    lsTable(list),
    '',
    'latest update events:',
    ...(events.length ? events : ['  (none yet)']),
  ].join('\n');
}

export async function monit(client: DaemonClient, home: HomeLayout, opts: { intervalMs: number; once: boolean }, out: (s: string) => void): Promise<void> {
  const draw = async (): Promise<void> => {
    const list = await client.request<InstanceInfo[]>({ verb: 'ls' });
    const frame = monitFrame(list, home);
    out(opts.once || !process.stdout.isTTY ? frame : `\x1b[H\x1b[2J${frame}`);
  };
  await draw();
  if (opts.once) return;
  await new Promise<void>((_resolve, reject) => {
    const t = setInterval(() => { draw().catch((err) => { clearInterval(t); reject(err); }); }, opts.intervalMs);
  });
}
