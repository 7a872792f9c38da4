// How an app's log file is opened for its process to write to (fork mode here, cluster workers in
// their primary). A file in the home's logs/ folder is the daemon's own: opened without following a
// symlink, and only if it is a file of the daemon's user that no one else can write (anything else
// is moved aside and a new file made, audit rows 1.8 and 1.12: a symlink planted there made a root
// daemon append app output to a root-only file). An out_file/error_file elsewhere is the user's
// choice, opened as written (as pm2 does: /dev/null, /dev/stdout), except in a folder other users
// can write (/tmp): there an entry of another user is theirs, not the user's choice (audit re-run
// row N2: with the kernel's fs.protected_symlinks off, a root daemon appended app output through
// nobody's symlink in /tmp to a root-only file, and into nobody's own 0666 file). Either way a new
// file is 0600: app output may carry secrets, and the daemon's own moultd.log is 0600 too.
import fs from 'node:fs';
import path from 'node:path';
import { openOwnedAppend } from '../../protocol/owned-file';

const { O_WRONLY, O_APPEND, O_CREAT, O_NOFOLLOW } = fs.constants;
const O_NONBLOCK = fs.constants.O_NONBLOCK ?? 0;

export function openAppLog(file: string, logsDir: string, warn: (msg: string) => void): number {
  if (path.dirname(path.resolve(file)) === path.resolve(logsDir)) return openOwnedAppend(file, warn);
  const dir = fs.statSync(path.dirname(path.resolve(file)), { throwIfNoEntry: false });
  if (!dir || !(dir.mode & 0o022)) return fs.openSync(file, 'a', 0o600);
  let opened: number | string;
  try {
    opened = openInSharedFolder(file, dir);
  } catch (err) {
    // A folder planted at its name, or an entry that changed while it was looked at (a race):
    // still another user's doing there, and no reason to keep the app from starting.
    opened = `not opened (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`;
  }
  if (typeof opened === 'number') return opened;
  const instead = path.join(logsDir, `from-shared-folder-${path.basename(file)}`);
  warn(`${file} is ${opened}, in ${path.dirname(path.resolve(file))} where other users can add files: not written through; this output goes to ${instead} instead`);
  return openOwnedAppend(instead, warn);
}

/**
 * `file` in a folder others can write, opened for appending, or what was found there instead. As
 * the kernel's protected_symlinks and protected_regular rules (off on some hosts): an entry
 * is used only if it is the daemon's user's or the folder owner's; a symlink is followed only if
 * it is such an entry in a sticky folder (where no one else can replace it).
 */
function openInSharedFolder(file: string, dir: fs.Stats): number | string {
  const uid = process.getuid?.();
  const trusted = (owner: number): boolean => owner === uid || owner === dir.uid;
  let fd: number;
  try {
    fd = fs.openSync(file, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_NONBLOCK, 0o600);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENXIO') return 'a FIFO';
    // ELOOP: a symlink, not followed (some kernels answer EACCES to O_CREAT on one).
    const link = code === 'ELOOP' || code === 'EACCES' ? fs.lstatSync(file, { throwIfNoEntry: false }) : undefined;
    if (!link?.isSymbolicLink()) throw err;
    if (!(dir.mode & 0o1000) || !trusted(link.uid)) return `a symlink of uid ${link.uid} (to ${fs.readlinkSync(file)})`;
    return fs.openSync(file, 'a', 0o600);
  }
  const st = fs.fstatSync(fd);
  if (st.isFile() && trusted(st.uid)) return fd;
  fs.closeSync(fd);
  return st.isFile() ? `a file of uid ${st.uid}` : 'not a regular file';
}
