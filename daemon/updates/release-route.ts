// `moult patch <app> <dir|tarball|git-ref>` and `--package` on the daemon's side (SPEC 6.5): the
// release is built against the app's tree, sent to every online instance as one update, and
// stands only if it completed in all of them: else those where it completed undo it (rollback)
// and the tree on disk is left as it was. Once it stands, the changed files are written to disk.
import crypto from 'node:crypto';
import path from 'node:path';
import type { ReleaseRequest, ReloadOutcome, RollbackOutcome, UpdateResult } from '../../protocol/control';
import type { LogEvent } from '../../protocol/events';
import type { Instance } from '../instances/instance';
import type { UpdateRouter } from './router';
import type { ReleaseRecord } from '../state/store';
import type { AppConfig } from '../../protocol/config-types';
import { DaemonError } from '../control/errors';
import { appRoot, buildRelease } from './release-build';
import { restoreDisk, writeCreated, writeReplaced, type DiskRecord } from './release-disk';

/** What the release route needs of the supervisor. */
export interface ReleaseHost {
  readonly updates: UpdateRouter;
  readonly home: { root: string };
  instancesOf(app: string): Instance[];
  refuseIfNotUpdatable(app: string, file: string): void;
  rollbackInstances(instances: Instance[], update: string): Promise<RollbackOutcome[]>;
  reload(app: string): Promise<ReloadOutcome[]>;
  recordReleaseByReload(app: string, update: string, updateId: string): void;
  save(): void;
}

export interface ReleaseResult extends UpdateResult {
  release: { name: string; files_changed: number; files_sent: number; packages: ReleaseRecord['packages']; stood: boolean; disk_error?: string;
    /** --reload-if-needed: how the release went in when it could not be applied hot (`reload` for a cluster app, `restart` for a fork one). */
    fallback?: 'reload' | 'restart'; reason?: string; warning?: string };
}

export async function routeRelease(
  host: ReleaseHost, app: string, req: ReleaseRequest,
  opts: { wait: boolean; timeoutMs: number; updateId?: string; instances?: Instance[]; beforeOnline?: boolean; signatureChecked?: boolean }, progress: (e: LogEvent) => void,
): Promise<ReleaseResult> {
  const instances = opts.instances ?? host.instancesOf(app);
  host.refuseIfNotUpdatable(app, req.label);
  const config: AppConfig | undefined = instances[0]?.config;
  if (!config) throw new DaemonError('ENOTRUNNING', `no instance of ${app}`);
  const root = appRoot(config.script, config.cwd);
  const built = buildRelease(root, req.kind === 'tree' ? { kind: 'tree', dir: req.dir, label: req.label } : { kind: 'package', dir: req.dir, name: req.name!, label: req.label });
  if (!built.disk.length) throw new DaemonError('ENOCHANGE', `${req.label}: the app's tree (${root}) already holds every file of it: nothing to apply`);
  const update_id = opts.updateId ?? crypto.randomUUID();
  const disk: DiskRecord = { root, created: [], replaced: [], backup: path.join(host.home.root, 'releases', update_id) };
  const record: ReleaseRecord = { packages: built.manifest.packages, disk };
  const cfg = config.updates;
  // New files first: the new code may require them while it applies.
  writeCreated(root, built.disk, disk);
  const source = JSON.stringify(built.manifest);
  let r: UpdateResult;
  try {
    r = await host.updates.route(
      { app, file: req.label, wait: opts.wait, timeoutMs: opts.timeoutMs, update_id, release: { source, record, ...(opts.signatureChecked ? { signatureChecked: true } : {}) }, ...(opts.beforeOnline ? { beforeOnline: true } : {}),
        patch: { release: true, max_tries: cfg?.max_tries ?? 10, sleep_time: cfg?.sleep_time ?? 1000 } },
      instances, progress,
    );
  } catch (err) {
    restoreDisk(disk);
    throw err;
  }
  const name = `release:${req.label}`;
  const completedIn = r.instances.filter((i) => i.updates.length > 0 && i.updates.every((u) => u.outcome === 'completed'));
  const stood = r.instances.length > 0 && completedIn.length === r.instances.length;
  const summary = { name, files_changed: built.disk.length, files_sent: built.manifest.files.length, packages: record.packages, stood };
  if (!opts.wait) return { ...r, release: summary };
  if (!stood) {
    // All or none: the instances where it completed undo it; the tree stays as it was.
    const undo = instances.filter((inst) => completedIn.some((i) => i.instance === inst.index));
    if (undo.length) await host.rollbackInstances(undo, name);
    const reason = r.instances.map((i) => i.rejected ?? i.updates.map((u) => u.error).filter(Boolean).join('; ')).find(Boolean);
    if (req.reload_if_needed && r.instances.every((i) => i.rejected !== undefined || i.updates.every((u) => u.outcome !== 'pending'))) {
      // What cannot be applied hot goes in the way pm2 users know: the new tree, new processes.
      writeReplaced(root, built.disk, disk);
      // Recorded first: each new instance replays it (finding its files in force), so that it is
      // in its updates and `moult rollback` undoes it (cold: a restart on the old files).
      record.how = config.exec_mode === 'cluster' ? 'reload' : 'restart';
      host.recordReleaseByReload(app, name, update_id);
      await host.reload(app);
      const fallback = config.exec_mode === 'cluster' ? 'reload' : 'restart';
      // Answered once the new instances run the release (online: its replay is done), or the timeout.
      const online = await allOnline(host, app, opts.timeoutMs);
      return { ...r, release: { ...summary, stood: true, fallback, ...(reason ? { reason } : {}), ...(online ? {} : { warning: `not every instance was online within ${opts.timeoutMs / 1000} s after the ${fallback}` }) } };
    }
    restoreDisk(disk);
    return { ...r, release: { ...summary, ...(reason ? { reason } : {}) } };
  }
  try {
    writeReplaced(root, built.disk, disk);
  } catch (err) {
    // The code in force is the release's; the tree is not: a restart replays the release.
    host.save();
    return { ...r, release: { ...summary, disk_error: (err as Error).message } };
  }
  host.save();
  return { ...r, release: summary };
}

async function allOnline(host: ReleaseHost, app: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const list = host.instancesOf(app);
    if (list.length && list.every((i) => i.status === 'online')) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}
