// An app's processes as a whole (audit row 4.9, issue 16 item 7): its own children survived its
// stop, its restarts and `moult kill`. A fork-mode app is spawned detached, so it leads a process
// group of its own that its children join unless they leave it: the group is signalled as one
// (pm2's treekill signals the tree). A child that left the group (`detached: true`, setsid) is
// found by walking the process tree from the app while the app still runs; once the app has
// exited, such a child belongs to init and cannot be told from any other process (README).
// Linux: /proc is read; elsewhere only the group is reached.
import fs from 'node:fs';

interface ProcStat {
  pid: number;
  ppid: number;
  pgid: number;
  zombie: boolean;
  /** Clock ticks after boot: a pid reused by another process has another start. */
  start: string;
}

function parseStat(pid: number, text: string): ProcStat | null {
  // "pid (comm) state ppid pgrp session … starttime(22nd)…": comm may hold spaces and parentheses.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  if (fields.length < 20) return null;
  return { pid, zombie: fields[0] === 'Z', ppid: Number(fields[1]), pgid: Number(fields[2]), start: fields[19]! };
}

function readStat(pid: number): ProcStat | null {
  try {
    return parseStat(pid, fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return null;
  }
}

function allProcesses(): ProcStat[] {
  let names: string[];
  try {
    names = fs.readdirSync('/proc');
  } catch {
    return [];
  }
  const out: ProcStat[] = [];
  for (const name of names) {
    if (name.charCodeAt(0) < 48 || name.charCodeAt(0) > 57) continue;
    const s = readStat(Number(name));
    if (s) out.push(s);
  }
  return out;
}

/** When `pid` started (clock ticks after boot), to tell it from a later process with its pid; null if gone. */
export function processStart(pid: number): string | null {
  return readStat(pid)?.start ?? null;
}

const signal = (pid: number, sig: NodeJS.Signals): void => {
  try { process.kill(pid, sig); } catch { /* gone */ }
};

/** Whether a process of group `pgid` still runs (zombies do not). */
export function groupRunning(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  // Something answers: only zombies that nobody reaped yet? (init may be slow to, or never.)
  const procs = allProcesses();
  return procs.length === 0 || procs.some((p) => p.pgid === pgid && !p.zombie);
}

/** The processes of one app instance: its leader, its group (when it leads one), what it started. */
export class ProcessTree {
  /** Descendants outside the leader's group, seen when the tree was taken (pid and start). */
  private readonly strays: { pid: number; start: string }[];

  /** `leadsGroup`: the leader was spawned detached (fork mode), so its group is the app's. */
  constructor(readonly pid: number, readonly leadsGroup: boolean) {
    this.strays = this.descendants();
  }

  /** Every descendant of the leader that is not in its group (all of them if it leads none). */
  private descendants(): { pid: number; start: string }[] {
    const procs = allProcesses();
    const children = new Map<number, ProcStat[]>();
    for (const p of procs) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
    const out: { pid: number; start: string }[] = [];
    const queue = [...(children.get(this.pid) ?? [])];
    while (queue.length) {
      const p = queue.shift()!;
      if (p.zombie) continue;
      if (!this.leadsGroup || p.pgid !== this.pid) out.push({ pid: p.pid, start: p.start });
      queue.push(...(children.get(p.pid) ?? []));
    }
    return out;
  }

  /**
   * Signals the app: its whole group when it leads one (the leader with it), else the leader
   * unless `leader` is false (a cluster worker the primary stops); and the strays seen.
   */
  signal(sig: NodeJS.Signals, { leader = true } = {}): void {
    if (this.leadsGroup) {
      if (groupRunning(this.pid)) signal(-this.pid, sig);
    } else if (leader) signal(this.pid, sig);
    for (const s of this.strays) if (readStat(s.pid)?.start === s.start) signal(s.pid, sig);
  }

  /** Whether any of the app's processes still runs, the leader aside. */
  childrenRunning(): boolean {
    if (this.leadsGroup && groupRunning(this.pid)) return true;
    return this.strays.some((s) => {
      const now = readStat(s.pid);
      return now !== null && now.start === s.start && !now.zombie;
    });
  }

  /**
   * Resolves once no child runs: SIGKILL to those left at `killAt` (ms since the epoch), then a
   * last short wait (a process that ignores even that is a kernel matter: given up on).
   */
  async ended(killAt: number): Promise<void> {
    let killed = false;
    for (;;) {
      if (!this.childrenRunning()) return;
      const now = Date.now();
      if (!killed && now >= killAt) {
        this.signal('SIGKILL');
        killed = true;
      } else if (killed && now >= killAt + 2000) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
