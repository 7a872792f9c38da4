// The copies of update sources the daemon keeps under $MOULT_HOME/updates/, named by sha256, to
// replay completed updates after restarts. A copy is trusted only when its content still hashes to
// its name: a file planted there (or changed since) is replaced on write and refused on read.
// Files are opened without following symlinks and written whole (temp file, fsync, rename).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const { O_RDONLY, O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW } = fs.constants;

export function sha256(source: string): string {
  return crypto.createHash('sha256').update(source).digest('hex');
}

/** The stored copy's content, or null when it is missing, a symlink, or not what `sha` says. */
export function readVerified(file: string, sha: string): { source: string } | { problem: string } {
  let fd: number;
  try {
    fd = fs.openSync(file, O_RDONLY | O_NOFOLLOW);
  } catch (err) {
    return { problem: `cannot read ${file}: ${(err as Error).message}` };
  }
  try {
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
