// A release in the app (SPEC 6.5): several files, one update. Every changed file that the app has
// loaded is planned first (a refusal of any one refuses the release, naming each file and line);
// then, once no changed function of any file runs, all are applied in one `apply`, under one
// journal: a failure of the last file undoes the first, and `moult rollback` undoes them all.
// Files the app has not loaded need nothing here (the daemon writes every file to disk); files
// whose loaded code already is the release's (a replay after a restart, which loaded the new
// files from disk) are "unchanged": the update completes with nothing to do.
import path from 'node:path';
import { Update } from '../dsu/update';
import { errorMessage } from '../core/errors';
import { journal } from '../core/journal';
import { fileUpdateFor, loadedModuleAt, loadedSource, queuePatchUpdate } from './patch';
import { parseRelease, type ReleaseFileOutcome, type ReleaseManifest } from '../../protocol/release';
import type { EventFields } from '../../protocol/events';
import type { LoadResult } from '../dsu/update-loader';

interface Part { file: string; update: Update }

type Blockable = Update & { blockedBy?: string };

export class ReleaseUpdate extends Update {
  private lastBlock = '';

  constructor(readonly manifest: ReleaseManifest, readonly parts: Part[], readonly untouched: ReleaseFileOutcome[]) {
    super({ name: `release:${manifest.name}` });
  }

  override async preupdateSetup(): Promise<void> {
    for (const p of this.parts) await p.update.preupdateSetup();
  }

  override async checkAlterability(): Promise<boolean> {
    for (const p of this.parts) {
      if (!(await p.update.checkAlterability())) {
        this.lastBlock = `${p.file}: ${(p.update as Blockable).blockedBy || 'not quiescent'}`;
        return false;
      }
    }
    return true;
  }

  get blockedBy(): string {
    return this.lastBlock;
  }

  override async apply(): Promise<void> {
    // Code this instance loaded from the release's files on disk (it restarted after the release)
    // cannot be taken back in place: undoing the release restarts it on the old files (cold).
    if (this.untouched.some((u) => u.via === 'unchanged')) journal(`release ${this.manifest.name}: loaded from disk`, () => {}, false);
    // One journal (the manager's) for every file: a throw in any of them undoes all.
    for (const p of this.parts) {
      await p.update.apply();
      for (const v of p.update.via) this.via.add(v);
    }
  }

  override appliedDetail(): Partial<EventFields> {
    const files = [
      ...this.parts.map((p) => ({ file: p.file, via: [...p.update.via].join('+') || 'unchanged' })),
      ...this.untouched,
    ];
    return { files, ...(this.manifest.packages.length ? { packages: this.manifest.packages } : {}) };
  }
}

/** Plans every file of the release against the loaded modules; refuses the whole release if one is refused. */
export function planRelease(manifest: ReleaseManifest): ReleaseUpdate {
  const parts: Part[] = [];
  const untouched: ReleaseFileOutcome[] = [];
  const refusals: string[] = [];
  for (const f of manifest.files) {
    if (!/\.[cm]?js$/.test(f.path)) continue;
    const target = loadedModuleAt(path.join(manifest.root, f.path));
    if (!target) { untouched.push({ file: f.path, via: 'not-loaded' }); continue; }
    if (loadedSource(target) === f.source) { untouched.push({ file: f.path, via: 'unchanged' }); continue; }
    try {
      parts.push({ file: f.path, update: fileUpdateFor(target, f.source) });
    } catch (err) {
      refusals.push(errorMessage(err));
    }
  }
  if (refusals.length) throw new Error(`release ${manifest.name} refused (nothing applied): ${refusals.join('; ')}`);
  return new ReleaseUpdate(manifest, parts, untouched);
}

export interface ReleaseRequest {
  updateId: string;
  source: string;
  manager?: string;
  maxTries?: number;
  sleepTime?: number;
  replay?: boolean;
}

export function loadRelease(req: ReleaseRequest): LoadResult {
  return queuePatchUpdate(req, () => planRelease(parseRelease(req.source)));
}
