// `describe` and `flush`: one app as the daemon holds it (config, instances, log files, updates in
// force), and the emptying of its log files (pm2's flush: the files stay, their content goes).
import fs from 'node:fs';
import { instanceLogFiles } from '../../protocol/home';
import type { AppDetails } from '../../protocol/control';
import { packagesInForce } from '../updates/release-packages';
import type { Supervisor } from '../supervisor';
import { untrustedFd } from '../../protocol/owned-file';

/** The apps the target names, each with the instances it names (one for a process id). */
export async function describeApps(supervisor: Supervisor, target: string, scriptPath?: string): Promise<AppDetails[]> {
  const apps = supervisor.appsOf(target, scriptPath);
  const names = new Set(apps.map((a) => a.config.name));
  const list = (await supervisor.list()).filter((i) => names.has(i.name));
  return apps.map((a) => ({
    id: a.id,
    name: a.config.name,
    config: a.config,
    instances: list.filter((i) => i.name === a.config.name && a.instances.includes(i.instance)).map((i) => {
      const files = instanceLogFiles(supervisor.home, a.config, i.instance);
      return { ...i, out_file: files.out, error_file: files.err, ...(files.combined !== undefined ? { log_file: files.combined } : {}) };
    }),
    updates: a.updates.map((u) => ({ name: u.name, update_id: u.update_id, file: u.file, applied_at: u.applied_at })),
    release: a.release,
    packages: packagesInForce(a.updates, list.filter((i) => i.name === a.config.name)),
  }));
}


/**
 * Truncates every log file of the apps (a file shared by instances once). The apps keep writing
 * to them: they were opened for appending, so the next line lands at the new end.
 */
export async function flushLogs(supervisor: Supervisor, target: string, scriptPath?: string): Promise<string[]> {
  const files = new Set<string>();
  for (const a of supervisor.appsOf(target, scriptPath)) {
    for (const i of a.instances) {
      const f = instanceLogFiles(supervisor.home, a.config, i);
      files.add(f.out).add(f.err);
      if (f.combined !== undefined) files.add(f.combined);
    }
  }
  const flushed: string[] = [];
  for (const f of files) {
    if (f === '/dev/null') continue;
    try {
      // No O_CREAT: a log that was never written stays absent; never follows a planted symlink.
      const fd = fs.openSync(f, fs.constants.O_WRONLY | fs.constants.O_NOFOLLOW | (fs.constants.O_NONBLOCK ?? 0));
      try {
        // Another user's file (or another name of one, a hard link) is not emptied.
        if (untrustedFd(fd, f, { devices: true })) continue;
        fs.ftruncateSync(fd, 0);
      } finally { fs.closeSync(fd); }
      flushed.push(f);
    } catch { /* absent, or not ours to truncate */ }
  }
  return flushed;
}
