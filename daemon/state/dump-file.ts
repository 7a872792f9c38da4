// `moult save` / `moult resurrect` (pm2's dump): the running apps with their config and the updates
// in force, in $MOULT_HOME/dump.json (written atomically, checked like state.json when read back),
// and started again from it, their updates replayed as after a restart.
import path from 'node:path';
import type { HomeLayout } from '../../protocol/home';
import type { ResurrectResult, SaveResult } from '../../protocol/control';
import { loadState, writeJsonAtomically, type DaemonState } from './store';
import { DaemonError } from '../control/errors';
import type { Supervisor } from '../supervisor';

export const dumpFile = (home: HomeLayout): string => path.join(home.root, 'dump.json');

export async function saveDump(supervisor: Supervisor): Promise<SaveResult> {
  const file = dumpFile(supervisor.home);
  const running = new Set((await supervisor.list()).filter((i) => i.status === 'online' || i.status === 'launching').map((i) => i.name));
  if (!running.size) throw new DaemonError('ENOTRUNNING', `nothing to save: no app is running (${file} is left as it was)`);
  const apps = supervisor.appsOf('all').filter((a) => running.has(a.config.name));
  // The shape of state.json, without processes: read back by the same checks.
  const dump: DaemonState = { version: 1, daemon_pid: process.pid, apps: apps.map((a) => ({ id: a.id, config: a.config, instances: [], updates: a.updates })) };
  writeJsonAtomically(file, dump);
  supervisor.log.write('daemon.saved', `saved ${apps.length} app(s) to ${file}`, { file });
  return { file, apps: apps.map((a) => a.config.name) };
}

export function resurrectDump(supervisor: Supervisor): ResurrectResult {
  const file = dumpFile(supervisor.home);
  const loaded = loadState(file);
  if (loaded.problem) {
    const aside = `${file}.untrusted-${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '')}`;
    throw new DaemonError('EBADFILE', `${file}: ${loaded.problem}. Fix: mv ${file} ${aside} (\`moult save\` writes a new one; look at the old one before you use anything from it)`);
  }
  if (!loaded.state) throw new DaemonError('ENODUMP', `${file} does not exist: run \`moult save\` first`);
  const apps = loaded.state.apps.map((a) => ({ ...a, updates: a.updates ?? [] }));
  const started = supervisor.resurrect(apps);
  const skipped = apps.map((a) => a.config.name).filter((n) => !started.includes(n));
  supervisor.log.write('daemon.resurrected', `resurrected ${started.length} app(s) from ${file}${skipped.length ? ` (already running: ${skipped.join(', ')})` : ''}`, { file });
  return { file, started, skipped };
}
