// `moult patch <app> <dir|tarball|git-ref>` and `--package` on the daemon's side (SPEC 6.5): the
// release is built against the app's tree, sent to every online instance as one update, and
// stands only if it completed in all of them: else those where it completed undo it (rollback)
// and the tree on disk is left as it was. Once it stands, the changed files are written to disk.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { MAX_UPDATE_SOURCE_BYTES } from '../../protocol/limits';
import path from 'node:path';
import type { ReleaseRequest, ReloadOutcome, RollbackOutcome, UpdateResult } from '../../protocol/control';
import type { LogEvent } from '../../protocol/events';
import type { Instance } from '../instances/instance';
import type { UpdateRouter } from './router';
import type { ReleaseRecord } from '../state/store';
import type { AppConfig } from '../../protocol/config-types';
import { DaemonError } from '../control/errors';
import { appRoot, buildRelease, packageCopies, type BuiltRelease } from './release-build';
import { bringDependencies, type Fetch } from './release-deps';
import os from 'node:os';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
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
    fallback?: 'reload' | 'restart'; reason?: string; warning?: string;
    /** Each file of the release and the way it went in: hot (slot, liveedit, +recompute, unchanged, not-loaded), or the fallback's reload / restart. */
    files?: { file: string; via: string }[] };
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
  const fetched = fs.mkdtempSync(path.join(os.tmpdir(), 'moult-deps-'));
  try {
    // A package's new version may need dependency versions the tree lacks: they come with it.
    const brought = req.kind === 'package' ? await bringDependencies(root, packageCopies(root, req.name!), req.dir, npmFetch(root, fetched)) : undefined;
    const built = buildRelease(root, req.kind === 'tree' ? { kind: 'tree', dir: req.dir, label: req.label } : { kind: 'package', dir: req.dir, name: req.name!, label: req.label }, brought);
    return await routeBuilt(host, app, req, opts, progress, instances, config, root, built);
  } finally {
    fs.rmSync(fetched, { recursive: true, force: true });
  }
}

async function routeBuilt(
  host: ReleaseHost, app: string, req: ReleaseRequest,
  opts: { wait: boolean; timeoutMs: number; updateId?: string; instances?: Instance[]; beforeOnline?: boolean; signatureChecked?: boolean }, progress: (e: LogEvent) => void,
  instances: Instance[], config: AppConfig, root: string, built: BuiltRelease,
): Promise<ReleaseResult> {
  if (!built.disk.length) throw new DaemonError('ENOCHANGE', `${req.label}: the app's tree (${root}) already holds every file of it: nothing to apply`);
  if (req.recompute) built.manifest.recompute = { file: req.recompute, source: readRecompute(req.recompute) };
  const update_id = opts.updateId ?? crypto.randomUUID();
  const disk: DiskRecord = { root, created: [], replaced: [], backup: path.join(host.home.root, 'releases', update_id) };
  const record: ReleaseRecord = { packages: built.manifest.packages, disk };
  const cfg = config.updates;
  const hot: { file: string; via: string }[] = [];
  // New files first: the new code may require them while it applies.
  writeCreated(root, built.disk, disk);
  const source = JSON.stringify(built.manifest);
  let r: UpdateResult;
  try {
    r = await host.updates.route(
      { app, file: req.label, wait: opts.wait, timeoutMs: opts.timeoutMs, update_id, release: { source, record, ...(opts.signatureChecked ? { signatureChecked: true } : {}) }, ...(opts.beforeOnline ? { beforeOnline: true } : {}),
        patch: { release: true, max_tries: cfg?.max_tries ?? 10, sleep_time: cfg?.sleep_time ?? 1000 } },
      instances, (e) => {
        // The path each file took (the first instance's: the plan is the same in every one).
        if (e.event === 'update.applied' && e.files && !hot.length) hot.push(...e.files);
        progress(e);
      },
    );
  } catch (err) {
    restoreDisk(disk);
    throw err;
  }
  const name = `release:${req.label}`;
  const completedIn = r.instances.filter((i) => i.updates.length > 0 && i.updates.every((u) => u.outcome === 'completed'));
  const stood = r.instances.length > 0 && completedIn.length === r.instances.length;
  const summary = { name, files_changed: built.disk.length, files_sent: built.manifest.files.length, packages: record.packages, stood, ...(hot.length ? { files: hot } : {}) };
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
      const files = built.manifest.files.map((f) => ({ file: f.path, via: fallback }));
      return { ...r, release: { ...summary, stood: true, fallback, files, ...(reason ? { reason } : {}), ...(online ? {} : { warning: `not every instance was online within ${opts.timeoutMs / 1000} s after the ${fallback}` }) } };
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

/** `npm pack name@range` with the app's npm settings (its folder's .npmrc), unpacked into a folder of `into`. */
function npmFetch(root: string, into: string): Fetch {
  const run = promisify(execFile);
  return async (name, range) => {
    const dest = fs.mkdtempSync(path.join(into, 'dep-'));
    let out: string;
    try {
      out = (await run('npm', ['pack', `${name}@${range}`, '--pack-destination', dest, '--silent'], { cwd: root, timeout: 120_000 })).stdout;
    } catch (err) {
      const e = err as { stderr?: string; message: string };
      throw new DaemonError('EBADFILE', `the release needs ${name}@${range}, and npm could not fetch it: ${(e.stderr || e.message).trim().split('\n').slice(-2).join(' ')}`);
    }
    const tgz = path.join(dest, out.trim().split('\n').pop()!);
    const dir = path.join(dest, 'package');
    fs.mkdirSync(dir);
    await run('tar', ['xzf', tgz, '-C', dir, '--strip-components=1']);
    return dir;
  };
}

/** The recompute module the user named (`--recompute`), read by the daemon as an update module is. */
function readRecompute(file: string): string {
  const st = fs.statSync(file, { throwIfNoEntry: false });
  if (!st?.isFile()) throw new DaemonError('EBADFILE', `--recompute ${file}: no such file`);
  if (st.size > MAX_UPDATE_SOURCE_BYTES) throw new DaemonError('EBADFILE', `--recompute ${file}: larger than ${MAX_UPDATE_SOURCE_BYTES} bytes`);
  if (!/\.[cm]?js$/.test(file)) throw new DaemonError('EBADFILE', `--recompute ${file}: a .js, .cjs or .mjs module`);
  return fs.readFileSync(file, 'utf8');
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
