// A record per live instance, run/<pid>.json, next to its runtime socket: the instance's slice of
// state.json (its app's config and updates, its own pid, restarts and runtime secret). state.json
// stays the daemon's memory; these records are what is left when it is corrupt or gone, so that a
// new daemon re-adopts the apps that are still running instead of orphaning them and starting
// second copies (issue 11, finding 5). Written with the same care as state.json (no symlinks,
// temp file, fsync, rename) and only when their content changed.
import fs from 'node:fs';
import path from 'node:path';
import { pidOurs, pidRunning } from '../instances/pid-alive';
import { loadState, writeState, type AppState, type DaemonState, type InstanceState } from './store';

const RECORD = /^(\d+)\.json$/;

const recordFile = (runDir: string, pid: number): string => path.join(runDir, `${pid}.json`);

/** A unix socket of the daemon's user (an app's runtime socket), not another user's. */
export function ownSocket(file: string): boolean {
  try {
    const st = fs.lstatSync(file);
    return st.isSocket() && st.uid === (process.getuid?.() ?? st.uid);
  } catch {
    return false;
  }
}

function listRecords(runDir: string): number[] {
  try {
    return fs.readdirSync(runDir).map((f) => RECORD.exec(f)).filter((m): m is RegExpExecArray => m !== null).map((m) => Number(m[1]));
  } catch {
    return [];
  }
}


export class InstanceRecords {
  /** pid → the JSON last written for it ('' for a record a previous daemon left). */
  private readonly written = new Map<number, string>();
  private warned = false;

  constructor(private readonly runDir: string, private readonly warn: (msg: string) => void) {
    for (const pid of listRecords(runDir)) this.written.set(pid, '');
  }

  /** Brings run/ in line with the state: a record per instance with a pid, none for the others. */
  sync(state: DaemonState): void {
    const live = new Set<number>();
    for (const app of state.apps) {
      for (const inst of app.instances) {
        if (!inst.pid) continue;
        live.add(inst.pid);
        const slice: AppState = { config: app.config, instances: [inst], updates: app.updates, ...(app.primary ? { primary: app.primary } : {}) };
        const record: DaemonState = { version: 1, daemon_pid: state.daemon_pid, apps: [slice] };
        const json = JSON.stringify(record);
        if (this.written.get(inst.pid) === json) continue;
        try {
          writeState(recordFile(this.runDir, inst.pid), record);
          this.written.set(inst.pid, json);
        } catch (err) {
          // state.json is still the daemon's memory: say it once, then keep trying quietly.
          if (!this.warned) this.warn(`cannot write the instance record ${recordFile(this.runDir, inst.pid)}: ${(err as Error).message}`);
          this.warned = true;
        }
      }
    }
    for (const pid of [...this.written.keys()]) {
      if (live.has(pid)) continue;
      try { fs.unlinkSync(recordFile(this.runDir, pid)); } catch { /* gone */ }
      this.written.delete(pid);
    }
  }
}

export interface Recovered {
  state: DaemonState;
  /** How many live instances were found, and of which apps. */
  instances: number;
  apps: string[];
}

/**
 * The apps whose instances are still running, from their records under run/ (a record whose
 * process or runtime socket is gone is removed). Instances missing from an app are listed
 * stopped, so that its instance numbers stay whole.
 */
export function recoverFromRecords(runDir: string, warn: (msg: string) => void = () => {}): Recovered {
  const apps = new Map<string, AppState>();
  let instances = 0;
  for (const pid of listRecords(runDir)) {
    const file = recordFile(runDir, pid);
    const { state, problem } = loadState(file);
    // Another user's record (planted while run/ was open to them, audit row 1.11) is never used.
    if (problem) warn(`instance record ${file} refused: ${problem}; removed`);
    const app = state?.apps.length === 1 ? state.apps[0]! : null;
    const inst = app?.instances.length === 1 ? app.instances[0]! : null;
    if (!app || !inst || inst.pid !== pid || !pidRunning(pid) || !pidOurs(pid) || !ownSocket(path.join(runDir, `${pid}.sock`))) {
      try { fs.unlinkSync(file); } catch { /* gone */ }
      continue;
    }
    const known = apps.get(app.config.name);
    if (!known) apps.set(app.config.name, { ...app, instances: [inst] });
    else {
      known.instances.push(inst);
      // Every record of an app carries its updates; the longest list is the newest.
      if (app.updates.length > known.updates.length) known.updates = app.updates;
      known.primary ??= app.primary;
    }
    instances++;
  }
  for (const app of apps.values()) {
    const byIndex = new Map<number, InstanceState>(app.instances.map((i) => [i.instance, i]));
    const last = Math.max(app.config.instances - 1, ...byIndex.keys());
    app.instances = Array.from({ length: last + 1 }, (_, k) => byIndex.get(k) ?? { instance: k, pid: null, status: 'stopped', restarts: 0, started_at: null });
  }
  return { state: { version: 1, daemon_pid: process.pid, apps: [...apps.values()] }, instances, apps: [...apps.keys()] };
}
