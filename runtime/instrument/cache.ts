// Instrumented modules are kept on disk, so that only an app's first start pays for parsing its
// modules (measured: parsing 200 modules cold costs 3-4x the app's own start-up). An entry is
// found by a hash of what produced it (the instrumenter's own files, the module's URL and kind,
// and its source), so it can never be stale. Entries are code that will run: the folder must be
// the user's own and private (the daemon passes $MOULT_HOME/cache, checked with the home), and
// files are read without following symlinks and written whole (temp file, rename).
import fs from 'node:fs';
import path from 'node:path';
import { hashHex } from './hash';
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
  return hashHex('sha256', `${version}\0${id}\0${url}${isModule ? '\0m\0' : '\0s\0'}${source}`);
}

/**
 * An entry is two files: `<key>.m`, a line of JSON (the holders' shape) then the instrumented
 * code, read at every start; `<key>.t`, the function table's JSON, read only when an update needs the
 * table (modules.ts). Measured: with the table in the same file, reading and
 * decoding it was most of a cached start's cost of the cache (the table is 2-3x the code).
 */
interface Header { holders: number; count: number; counted: number[] }

/** An instrumented module as kept: the holders' shape, the code, and a reader of its function table. */
export interface CachedModule { holders: number; count: number; counted: number[]; code: string; table: () => unknown }

function readPrivate(file: string): string | null {
  let fd: number;
  try {
    fd = fs.openSync(file, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
  } catch {
    return null;
  }
  try {
    // Code that will run: only an entry of this user's that no one else can write (audit row 1.9:
    // an entry planted while the folder was open to others ran after `chmod 700`). A refused one
    // is a miss, and store() replaces it.
    if (untrustedFd(fd, 'entry')) return null;
    return fs.readFileSync(fd, 'utf8');
  } catch {
    return null;
  } finally {
    fs.closeSync(fd);
  }
}

export function cached(id: string, url: string, source: string, isModule: boolean): { key: string; hit: CachedModule | null } | null {
  if (!dir) return null;
  const key = keyOf(id, url, source, isModule);
  const file = path.join(dir, key);
  const text = readPrivate(`${file}.m`);
  if (text === null) return { key, hit: null };
  try {
    const nl = text.indexOf('\n');
    const h = JSON.parse(text.slice(0, nl)) as Header;
    if (nl < 0 || !Number.isInteger(h.holders) || !Number.isInteger(h.count) || !Array.isArray(h.counted)) return { key, hit: null };
    const table = (): unknown => {
      const t = readPrivate(`${file}.t`);
      return t === null ? null : JSON.parse(t);
    };
    return { key, hit: { holders: h.holders, count: h.count, counted: h.counted, code: text.slice(nl + 1), table } };
  } catch {
    return { key, hit: null };
  }
}

/** Writes a file whole, private (temp file, rename): a reader never sees half of it. */
function writePrivate(file: string, text: string): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    const fd = fs.openSync(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o600);
    try {
      fs.writeFileSync(fd, text);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (err) {
    try { fs.rmSync(tmp, { force: true }); } catch { /* nothing to clean */ }
    throw err;
  }
}

export function store(key: string, parts: { holders: number; count: number; counted: number[]; table: object }, code: string): void {
  if (!dir) return;
  const file = path.join(dir, key);
  try {
    // The table first: an entry whose code is there has its table (unless removed since).
    writePrivate(`${file}.t`, JSON.stringify(parts.table));
    const header: Header = { holders: parts.holders, count: parts.count, counted: parts.counted };
    writePrivate(`${file}.m`, `${JSON.stringify(header)}\n${code}`);
  } catch {
    /* not kept: the next start instruments again */
  }
}
