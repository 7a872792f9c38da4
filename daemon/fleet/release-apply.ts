// A fleet release on this host (SPEC 6.5 + 8): the tarball the rollout carries is unpacked under
// $MOULT_HOME/fleet/updates/<sha256>/ and applied exactly as `moult patch <app> <dir>` or
// `--package` would (daemon/updates/release-route.ts), against this host's own tree.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import type { StoredUpdate } from '../../protocol/fleet';
import type { UpdateResult } from '../../protocol/control';
import type { Supervisor } from '../supervisor';
import type { Instance } from '../instances/instance';
import { routeRelease, type ReleaseResult } from '../updates/release-route';

export async function applyFleetRelease(supervisor: Supervisor, app: string, update: StoredUpdate & { release: NonNullable<StoredUpdate['release']> },
  opts: { timeoutMs: number; updateId: string; instances?: Instance[]; beforeOnline?: boolean }): Promise<ReleaseResult> {
  const dir = path.join(supervisor.home.root, 'fleet', 'updates', update.sha256);
  const tree = path.join(dir, 'tree');
  if (!fs.existsSync(tree)) {
    fs.mkdirSync(tree, { recursive: true, mode: 0o700 });
    const tgz = path.join(dir, 'release.tgz');
    fs.writeFileSync(tgz, Buffer.from(update.source, 'base64'), { mode: 0o600 });
    execFileSync('tar', ['xzf', tgz, '-C', tree]);
  }
  const r = update.release;
  return routeRelease(supervisor, app, { kind: r.kind, dir: tree, label: r.label, ...(r.name ? { name: r.name } : {}) },
    // Only a checked update gets here (HostApply.prepare verified its signature over `source`).
    { wait: true, timeoutMs: opts.timeoutMs, updateId: opts.updateId, signatureChecked: true, ...(opts.instances ? { instances: opts.instances } : {}), ...(opts.beforeOnline ? { beforeOnline: true } : {}) }, () => {});
}

/** Why a fleet release did not stand on this host, or null (also for a plain update's result). */
export function releaseProblem(r: UpdateResult | ReleaseResult): string | null {
  if (!('release' in r)) return null;
  return r.release.stood ? null : `release ${r.release.name} did not complete: ${r.release.reason ?? 'refused'}`;
}
