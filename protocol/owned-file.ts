// StrictModes for the files moult trusts in MOULT_HOME (issue 16, item 5), as ssh does for
// ~/.ssh/authorized_keys: a file moult reads and acts on (state.json, run records, dump.json,
// daemon.json, stored updates, cache entries) or writes into (log files) must be a regular file
// of the daemon's user, writable by no one else, with one name only. It is opened without
// following a symlink (and without blocking on a planted FIFO) and checked on the open descriptor,
// so that what is checked is what is read. A planted file is refused even after its folder was
// made private again (audit rows 1.7-1.13: `chmod 700` left planted files in place, then trusted).
import fs from 'node:fs';
import path from 'node:path';

const { O_RDONLY, O_WRONLY, O_APPEND, O_CREAT, O_EXCL, O_NOFOLLOW } = fs.constants;
const O_NONBLOCK = fs.constants.O_NONBLOCK ?? 0;

const octal = (mode: number): string => `0${(mode & 0o777).toString(8).padStart(3, '0')}`;

/**
 * Why the file behind `st` may not be trusted, or null. `devices`: a character device is accepted
 * (/dev/null as a log; only root can make one). Hard links are refused: another name of the same
 * file may be someone else's (a log appended to, a file truncated).
 */
export function untrustedFile(file: string, st: fs.Stats, opts: { uid?: number; devices?: boolean } = {}): string | null {
  const uid = opts.uid ?? process.getuid?.();
  if (opts.devices && st.isCharacterDevice()) return null;
  if (!st.isFile()) return `${file} is not a regular file`;
  if (uid !== undefined && st.uid !== uid) return `${file} is owned by uid ${st.uid}, not by the daemon's user (uid ${uid}): another user may have planted it`;
  if (st.mode & 0o022) return `${file} is writable by ${st.mode & 0o002 ? 'others' : 'its group'} (mode ${octal(st.mode)}): another user may have changed it`;
  if (st.nlink > 1) return `${file} has ${st.nlink} names (hard links): another of them may be someone else's file`;
  return null;
}

/** The same checks on an open descriptor: what is checked is what will be read or written. */
export function untrustedFd(fd: number, file: string, opts: { uid?: number; devices?: boolean } = {}): string | null {
  return untrustedFile(file, fs.fstatSync(fd), opts);
}

export type OwnedRead = { kind: 'absent' } | { kind: 'refused'; problem: string } | { kind: 'ok'; text: string };

function describeLink(file: string): string {
  try {
    return `a symlink to ${fs.readlinkSync(file)}`;
  } catch {
    return 'a symlink';
  }
}

/** A trusted file's content: absent, refused (why), or its text. Never follows a symlink. */
export function readOwnedFile(file: string): OwnedRead {
  let fd: number;
  try {
    fd = fs.openSync(file, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { kind: 'absent' };
    if (code === 'ELOOP') return { kind: 'refused', problem: `${file} is ${describeLink(file)}: not followed` };
    return { kind: 'refused', problem: `cannot read ${file}: ${(err as Error).message}` };
  }
  try {
    const problem = untrustedFile(file, fs.fstatSync(fd));
    if (problem) return { kind: 'refused', problem };
    return { kind: 'ok', text: fs.readFileSync(fd, 'utf8') };
  } catch (err) {
    return { kind: 'refused', problem: `cannot read ${file}: ${(err as Error).message}` };
  } finally {
    fs.closeSync(fd);
  }
}

/** `<file>.untrusted-<time>`: where an entry moult will not use is moved, for a human to look at. */
export function moveUntrustedAside(file: string): string {
  const aside = `${file}.untrusted-${new Date().toISOString().replace(/[-:.]/g, '')}`;
  fs.renameSync(file, aside); // renames a symlink itself, never what it points to
  return aside;
}

/**
 * Opens `file` (in a folder of moult's) for appending, created 0600 if absent. Whatever else is
 * there (a symlink, a FIFO, another user's file, a hard link) is moved aside, never written
 * through, and a fresh file is made: `warn` says what was found and where it went.
 */
export function openOwnedAppend(file: string, warn: (msg: string) => void): number {
  const flags = O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_NONBLOCK;
  let fd: number | null = null;
  let problem: string | null = null;
  try {
    fd = fs.openSync(file, flags, 0o600);
    problem = untrustedFile(file, fs.fstatSync(fd), { devices: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // A symlink answers ELOOP, or EACCES when it is another user's in a sticky folder (/tmp) on
    // some kernels (audit re-run N11: every reopen after a rotation failed, silently).
    const link = code === 'ELOOP' || (code === 'EACCES' && fs.lstatSync(file, { throwIfNoEntry: false })?.isSymbolicLink());
    if (!link && code !== 'ENXIO') throw err;
    problem = link ? `${file} is ${describeLink(file)}` : `${file} is a FIFO`;
  }
  if (problem === null) return fd!;
  if (fd !== null) fs.closeSync(fd);
  const aside = moveUntrustedAside(file);
  warn(`${problem}: moved aside to ${path.basename(aside)}, not written through; a new file is made`);
  return fs.openSync(file, flags | O_EXCL, 0o600);
}
