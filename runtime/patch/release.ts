// A release in the app (SPEC 6.5): several files, one update. Every changed file that the app has
// loaded is planned first (a refusal of any one refuses the release, naming each file and line);
// then, once no changed function of any file runs, all are applied in one `apply`, under one
// journal: a failure of the last file undoes the first, and `moult rollback` undoes them all.
// Files the app has not loaded need nothing here (the daemon writes every file to disk); files
// whose loaded code already is the release's (a replay after a restart, which loaded the new
// files from disk) are "unchanged": the update completes with nothing to do. Start-up state a
// file would leave stale refuses the release unless the release's recompute hooks answer for it
// (start-up-state.ts, recompute.ts); those hooks run after every file is in place, in the same
// apply, and the checks that closures made by the old code are gone run after them.
import path from 'node:path';
import { Update } from '../dsu/update';
import { errorMessage } from '../core/errors';
import { journal } from '../core/journal';
import { filePartFor, loadedModuleAt, loadedSource, queuePatchUpdate, type FilePart } from './patch';
import { accountedFor, loadRecompute, runHook, type RecomputeHooks } from './recompute';
import { compiledNow, startUpOver } from './start-up';
import { applyResolutions, specifiersFor, type Resolution } from './resolutions';
import { loadedFiles } from './patch';
import { SlotPatchUpdate } from './slot-patch';
import type { StartUpCheck } from './start-up-state';
import { parseRelease, type ReleaseFileOutcome, type ReleaseManifest } from '../../protocol/release';
import type { EventFields } from '../../protocol/events';
import type { LoadResult } from '../dsu/update-loader';

interface Part extends FilePart { file: string }

type Blockable = Update & { blockedBy?: string };

export class ReleaseUpdate extends Update {
  private lastBlock = '';
  private readonly recomputedFiles = new Set<string>();

  constructor(readonly manifest: ReleaseManifest, readonly parts: Part[], readonly untouched: ReleaseFileOutcome[], readonly hooks: RecomputeHooks | null) {
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
    // Requires from the copies' files go to the dependency versions the release installed.
    applyResolutions(resolutionsOf(this.manifest));
    // One journal (the manager's) for every file: a throw in any of them undoes all.
    for (const p of this.parts) {
      await p.update.apply();
      for (const v of p.update.via) this.via.add(v);
    }
    // What start-up computed with the old code, computed again by what the user declared.
    const replaced: unknown[] = [];
    if (this.hooks) {
      for (const { hook, files } of this.hooks.forFiles(this.parts.map((p) => p.file))) {
        const stale = this.parts.filter((p) => files.includes(p.file)).flatMap((p) => p.recomputed.map((s) => ({ file: p.file, name: s.name, line: s.line })));
        await runHook(hook, files, stale, replaced);
        for (const f of files) this.recomputedFiles.add(f);
        this.via.add('recompute');
      }
    }
    const checks = this.parts.flatMap((p) => p.afterHooks);
    if (checks.length) {
      const accounted = accountedFor(replaced);
      for (const check of checks) check(accounted);
    }
  }

  override appliedDetail(): Partial<EventFields> {
    const files = [
      ...this.parts.map((p) => ({ file: p.file, via: [...p.update.via, ...(this.recomputedFiles.has(p.file) ? ['recompute'] : [])].join('+') || 'unchanged' })),
      ...this.untouched,
    ];
    return { files, ...(this.manifest.packages.length ? { packages: this.manifest.packages } : {}) };
  }
}

/** The release's resolutions with absolute folders. */
export function resolutionsOf(manifest: ReleaseManifest): Resolution[] {
  return (manifest.resolutions ?? []).map((r) => ({ from: path.join(manifest.root, r.from), specifier: r.specifier, to: path.join(manifest.root, r.to) }));
}

/** Loaded files of the copies whose dependencies move that load one of them, but that the release does not change: they are to load it again. */
function filesLoadingMoved(manifest: ReleaseManifest, resolutions: Resolution[]): { path: string; source: string }[] {
  if (!resolutions.length) return [];
  const named = new Set(manifest.files.map((f) => f.path));
  const out: { path: string; source: string }[] = [];
  for (const file of loadedFiles()) {
    const specs = specifiersFor(file, resolutions);
    const rel = path.relative(manifest.root, file).split(path.sep).join('/');
    if (!specs.length || named.has(rel) || rel.startsWith('..')) continue;
    const target = loadedModuleAt(file);
    if (!target) continue;
    const source = loadedSource(target);
    if (specs.some((s) => source.includes(`'${s}`) || source.includes(`"${s}`))) out.push({ path: rel, source });
  }
  return out;
}

/** Plans every file of the release against the loaded modules; refuses the whole release if one is refused. */
export function planRelease(manifest: ReleaseManifest, hooks: RecomputeHooks | null = null, now: StartUpCheck['now'] = compiledNow()): ReleaseUpdate {
  const parts: Part[] = [];
  const untouched: ReleaseFileOutcome[] = [];
  const refusals: string[] = [];
  const resolutions = resolutionsOf(manifest);
  for (const f of [...manifest.files, ...filesLoadingMoved(manifest, resolutions)]) {
    if (!/\.[cm]?js$/.test(f.path)) continue;
    const abs = path.join(manifest.root, f.path);
    const target = loadedModuleAt(abs);
    if (!target) { untouched.push({ file: f.path, via: 'not-loaded' }); continue; }
    const rebind = specifiersFor(abs, resolutions);
    if (loadedSource(target) === f.source && !rebind.length) { untouched.push({ file: f.path, via: 'unchanged' }); continue; }
    try {
      const part = filePartFor(target, f.source, { now, covers: (names) => hooks?.covers(f.path, names) ?? false }, rebind);
      if (part.update instanceof SlotPatchUpdate) part.update.resolutions = resolutions;
      parts.push({ file: f.path, ...part });
    } catch (err) {
      refusals.push(errorMessage(err));
    }
  }
  if (refusals.length) throw new Error(`release ${manifest.name} refused (nothing applied): ${refusals.join('; ')}`);
  return new ReleaseUpdate(manifest, parts, untouched, hooks);
}

export interface ReleaseRequest {
  updateId: string;
  source: string;
  manager?: string;
  maxTries?: number;
  sleepTime?: number;
  replay?: boolean;
}

/**
 * A release waits for the end of the app's start-up (a replay, as the app starts, does not): what
 * ran only during it is known then. The first thing planned is which functions are compiled now.
 */
export async function loadRelease(req: ReleaseRequest): Promise<LoadResult> {
  let manifest: ReleaseManifest;
  try {
    manifest = parseRelease(req.source);
  } catch (err) {
    return { ok: false, reason: errorMessage(err) };
  }
  if (!req.replay) await startUpOver();
  let now: StartUpCheck['now'];
  let hooks: RecomputeHooks | null;
  try {
    now = compiledNow();
    hooks = await loadRecompute(manifest, req.updateId);
  } catch (err) {
    return { ok: false, reason: errorMessage(err) };
  }
  return queuePatchUpdate(req, () => planRelease(manifest, hooks, now));
}
