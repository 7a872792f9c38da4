// Instrumented modules are kept on disk, so that only an app's first start pays for parsing its
// modules (measured: parsing 200 modules cold costs 3-4x the app's own start-up). An entry is
// found by a hash of what produced it (the instrumenter's own files, the module's URL and kind,
// and its source), so it can never be stale. Entries are code that will run: the folder must be
// the user's own and private (the daemon passes $MOULT_HOME/cache, checked with the home), and
// files are read without following symlinks and written whole (temp file, rename).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { InstrumentedModule } from './rewrite';
import { untrustedFd } from '../../protocol/owned-file';

const { O_RDONLY, O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW } = fs.constants;
const O_NONBLOCK = fs.constants.O_NONBLOCK ?? 0;

let dir: string | null = null;
let version = '';

/** Uses `folder` if it is (or can be made) a private folder of this user; returns whether it does. */
export function useCache(folder: string | undefined): boolean {
  // The rewrite's test seam (rewrite.ts) breaks modules on purpose: nothing it makes is kept.
  if (!folder || process.env.MOULT_TEST_BREAK_REWRITE) return false;
  try {
    fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
    const st = fs.lstatSync(folder);
    const uid = process.getuid?.();
    if (!st.isDirectory() || (uid !== undefined && st.uid !== uid) || (st.mode & 0o077) !== 0) return false;
    // The instrumenter's own code is part of every key: a new moult never reads an old entry.
    version = ['rewrite.js', 'function-table.js', 'cache.js']
      .map((f) => { const s = fs.statSync(path.join(__dirname, f)); return `${f}:${s.size}:${s.mtimeMs}`; }).join('|');
    dir = folder;
    return true;
  } catch {
    return false;
  }
}

function keyOf(id: string, url: string, source: string, isModule: boolean): string {
  return crypto.createHash('sha256').update(version).update('\0').update(id).update('\0').update(url)
    .update(isModule ? '\0m\0' : '\0s\0').update(source).digest('hex');
}

export function cached(id: string, url: string, source: string, isModule: boolean): { key: string; hit: InstrumentedModule | null } | null {
  if (!dir) return null;
  const key = keyOf(id, url, source, isModule);
  let fd: number;
  try {
    fd = fs.openSync(path.join(dir, `${key}.json`), O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
  } catch {
    return { key, hit: null };
  }
  try {
    // Code that will run: only an entry of this user's that no one else can write (audit row 1.9:
    // an entry planted while the folder was open to others ran after `chmod 700`). A refused one
    // is a miss, and store() replaces it.
    if (untrustedFd(fd, 'entry')) return { key, hit: null };
    const hit = JSON.parse(fs.readFileSync(fd, 'utf8')) as InstrumentedModule;
    return { key, hit: typeof hit?.code === 'string' && Array.isArray(hit.functions) ? hit : null };
  } catch {
    return { key, hit: null };
  } finally {
    fs.closeSync(fd);
  }
}

export function store(key: string, result: InstrumentedModule): void {
  if (!dir) return;
  const tmp = path.join(dir, `.${key}.${process.pid}.tmp`);
  try {
    const fd = fs.openSync(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o600);
    try {
      fs.writeFileSync(fd, JSON.stringify(result));
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, path.join(dir, `${key}.json`));
  } catch {
    try { fs.rmSync(tmp, { force: true }); } catch { /* nothing to clean */ }
  }
}
