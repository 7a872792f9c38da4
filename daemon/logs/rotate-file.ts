// Rotating one log file on disk (SPEC 7): `<file>` becomes `<file>.1`, `.1` becomes `.2`… and the
// one past `retain` is deleted. Two ways: rename (whoever holds the file open keeps writing to the
// renamed one until it reopens the path) and copy-then-truncate (for a writer that cannot reopen).
// Used by the apps' log rotation (app-log-rotation.ts) and by the structured log's own writer.
import fs from 'node:fs';
import { untrustedFd } from '../../protocol/owned-file';

export const rotatedName = (file: string, n: number): string => `${file}.${n}`;

/** Makes room for `<file>.1`: the oldest past `retain` is deleted, the others move up by one. */
function shiftRotated(file: string, retain: number): void {
  fs.rmSync(rotatedName(file, retain), { force: true });
  for (let n = retain - 1; n >= 1; n--) {
    try {
      fs.renameSync(rotatedName(file, n), rotatedName(file, n + 1));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
}

/** Renames `file` to `<file>.1` (after shifting the older ones); whoever holds it open keeps writing there. */
export function renameRotate(file: string, retain: number): void {
  shiftRotated(file, retain);
  fs.renameSync(file, rotatedName(file, retain >= 1 ? 1 : 0));
  if (retain < 1) fs.rmSync(rotatedName(file, 0), { force: true });
}

/** Copies `file` to `<file>.1` and empties it, for writers that hold it open and cannot reopen. */
export function copyTruncateRotate(file: string, retain: number): void {
  // Never through a symlink nor into another user's file: truncating it would empty theirs.
  const src = fs.openSync(file, fs.constants.O_RDWR | fs.constants.O_NOFOLLOW | (fs.constants.O_NONBLOCK ?? 0));
  const untrusted = untrustedFd(src, file, { devices: true });
  if (untrusted) {
    fs.closeSync(src);
    throw new Error(`not rotated: ${untrusted}`);
  }
  shiftRotated(file, retain);
  const dst = retain >= 1 ? fs.openSync(rotatedName(file, 1), 'wx', 0o600) : null;
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    let pos = 0;
    for (;;) {
      const n = fs.readSync(src, buf, 0, buf.length, pos);
      if (n === 0) break;
      if (dst !== null) fs.writeSync(dst, buf, 0, n);
      pos += n;
    }
    fs.ftruncateSync(src, 0);
  } finally {
    fs.closeSync(src);
    if (dst !== null) fs.closeSync(dst);
  }
}
