// The files of a release on disk (SPEC 6.5): written so that a restart runs the release's code as
// it loads (its replay then finds every module already as the release has it, and does nothing),
// with a copy of what they replace, so that a rollback puts the old tree back. New files go first
// (the new code may require them as it applies); files that replace others only once every
// instance completed: until then an instance that restarts still loads the tree it runs.
import fs from 'node:fs';
import path from 'node:path';
import type { DiskChange } from './release-build';

/** What a release did to the tree: enough to undo it (kept under $MOULT_HOME/releases/<update_id>/). */
export interface DiskRecord {
  root: string;
  /** Paths (relative to root) the release created: removed by a rollback. */
  created: string[];
  /** Paths it replaced: their old bytes are in `backup/<path>`. */
  replaced: string[];
  backup: string;
}

function writeAtomic(dest: string, bytes: Buffer, mode?: number): void {
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  const tmp = `${dest}.moult-${process.pid}.tmp`;
  fs.writeFileSync(tmp, bytes, mode !== undefined ? { mode } : {});
  fs.renameSync(tmp, dest);
}

export function writeCreated(root: string, changes: DiskChange[], record: DiskRecord): void {
  for (const c of changes.filter((x) => !x.exists)) {
    writeAtomic(path.join(root, c.path), fs.readFileSync(c.from), fs.statSync(c.from).mode & 0o777);
    record.created.push(c.path);
  }
}

export function writeReplaced(root: string, changes: DiskChange[], record: DiskRecord): void {
  for (const c of changes.filter((x) => x.exists)) {
    const dest = path.join(root, c.path);
    const keep = path.join(record.backup, c.path);
    fs.mkdirSync(path.dirname(keep), { recursive: true, mode: 0o700 });
    fs.copyFileSync(dest, keep);
    writeAtomic(dest, fs.readFileSync(c.from), fs.statSync(dest).mode & 0o777);
    record.replaced.push(c.path);
  }
}

/** Folders a release created (a dependency it installed) go with their last file, up to the root. */
function removeEmptyParents(root: string, rel: string): void {
  for (let dir = rel; dir && dir !== '.'; dir = path.dirname(dir)) {
    try {
      fs.rmdirSync(path.join(root, dir));
    } catch {
      return; // not empty (or gone): what is above it is not either
    }
  }
}

/** Puts the tree back as it was before the release (a rollback, or a release that did not stand). */
export function restoreDisk(record: DiskRecord): void {
  for (const rel of record.replaced) {
    const keep = path.join(record.backup, rel);
    const mode = fs.statSync(path.join(record.root, rel), { throwIfNoEntry: false })?.mode;
    if (fs.existsSync(keep)) writeAtomic(path.join(record.root, rel), fs.readFileSync(keep), mode === undefined ? undefined : mode & 0o777);
  }
  for (const rel of record.created) {
    fs.rmSync(path.join(record.root, rel), { force: true });
    removeEmptyParents(record.root, path.dirname(rel));
  }
  record.replaced = [];
  record.created = [];
}

/** restoreDisk for a rollback: a failure is reported, not thrown (the rollback in the app stands). */
export function restoreReleaseDisk(record: DiskRecord, warn: (msg: string) => void): void {
  try {
    restoreDisk(record);
  } catch (err) {
    warn(`cannot put the app's files back as they were before the release: ${(err as Error).message}`);
  }
}
