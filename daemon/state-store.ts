// state.json (SPEC 1): apps, instances, pids and applied updates, written atomically (temp file +
// rename) so that a crash never leaves half a file. The daemon re-reads it after a restart.
import fs from 'node:fs';
import path from 'node:path';
import type { AppConfig } from '../config/ecosystem';
import type { PatchSpec } from '../protocol/runtime-channel';

export interface InstanceState {
  instance: number;
  pid: number | null;
  status: string;
  restarts: number;
  started_at: number | null;
  /** The instance's runtime secret (MOULT_RUNTIME_SECRET): a restarted daemon attaches with it. */
  secret?: string;
}

export interface RecordedUpdate {
  name: string;
  update_id: string;
  file: string;
  sha256: string;
  applied_at: number;
  /** A copy of the module's source under $MOULT_HOME/updates/, read again for replays. */
  stored?: string;
  /** Crashed its instance within min_uptime: never replayed. */
  failed?: boolean;
  /** Undone by `moult rollback` (or a cold rollback): never replayed. */
  rolled_back?: boolean;
  /** A source patch (`moult patch`), replayed as one. */
  patch?: PatchSpec;
}

export interface AppState {
  config: AppConfig;
  instances: InstanceState[];
  updates: RecordedUpdate[];
}

export interface DaemonState {
  version: 1;
  daemon_pid: number;
  apps: AppState[];
}

export function readState(file: string): DaemonState | null {
  try {
    const s = JSON.parse(fs.readFileSync(file, 'utf8')) as DaemonState;
    return s && s.version === 1 && Array.isArray(s.apps) ? s : null;
  } catch {
    return null;
  }
}

export function writeState(file: string, state: DaemonState): void {
  const tmp = path.join(path.dirname(file), `.state.${process.pid}.tmp`);
  fs.writeFileSync(tmp, JSON.stringify(state, null, 2), { mode: 0o600 });
  fs.renameSync(tmp, file);
}
