// The copies of update sources the daemon keeps under $MOULT_HOME/updates/, named by sha256, to
// replay completed updates after restarts. A copy is trusted only when its content still hashes to
// its name: a file planted there (or changed since) is replaced on write and refused on read.
// Files are opened without following symlinks and written whole (temp file, fsync, rename).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { untrustedFd } from '../../protocol/owned-file';
import { isSha256 } from '../../protocol/identifiers';
import { preview } from '../../protocol/limits';

const { O_RDONLY, O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW } = fs.constants;
const O_NONBLOCK = fs.constants.O_NONBLOCK ?? 0;

export function sha256(source: string): string {
  return crypto.createHash('sha256').update(source).digest('hex');
}

/**
 * The stored copy's content, or why not: missing, a symlink, not the daemon user's own file,
 * not named `<sha><ext>` in `dir`, or not what `sha` says.
 */
export function readVerified(file: string, sha: string, dir = path.dirname(file)): { source: string } | { problem: string } {
  if (path.dirname(path.resolve(file)) !== path.resolve(dir)) return { problem: `${file} is not in ${dir}, where moult keeps update sources` };
  // state.json's `stored` is a path: matched against its exact shape, <updates>/<sha256><ext>.
  if (!isSha256(sha) || !/^\.[a-z]{1,4}$|^$/.test(path.basename(file).slice(64)) || !path.basename(file).startsWith(sha)) {
    return { problem: `${file} is not where moult keeps update ${preview(sha, 16)}` };
  }
  let fd: number;
  try {
    fd = fs.openSync(file, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
  } catch (err) {
    return { problem: `cannot read ${file}: ${(err as Error).message}` };
  }
  try {
    const untrusted = untrustedFd(fd, file);
    if (untrusted) return { problem: untrusted };
    const source = fs.readFileSync(fd, 'utf8');
    if (sha256(source) !== sha) return { problem: `${file} does not match the sha256 recorded for it (${sha.slice(0, 12)}…): it was changed after the update` };
    return { source };
  } finally {
    fs.closeSync(fd);
  }
}

/** Keeps `source` at `<dir>/<sha><ext>`, replacing whatever else is there. Returns the path. */
export function keepVerified(dir: string, sha: string, ext: string, source: string): string {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const stored = path.join(dir, `${sha}${ext}`);
  if ('source' in readVerified(stored, sha)) return stored;
  const tmp = path.join(dir, `.${sha}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`);
  const fd = fs.openSync(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o600);
  try {
    fs.writeFileSync(fd, source);
    fs.fsyncSync(fd);
  } catch (err) {
    fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  fs.closeSync(fd);
  // rename() replaces a planted file or symlink itself, never what a symlink points to.
  fs.renameSync(tmp, stored);
  return stored;
}
