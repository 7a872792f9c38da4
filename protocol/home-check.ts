// StrictModes for MOULT_HOME (issues 11 and 16), as ssh does for ~/.ssh: the home holds the
// control socket (which receives every app's config, env secrets included), the state that says
// what to run, the trust settings, and the stored update sources. So neither the CLI nor the
// daemon uses a home that another user owns or can write to, or whose parent folders another user
// could change (rename the home away and put their own in its place, audit row 1.8). Shared by the
// CLI (before it connects to or starts a daemon) and the daemon (at start-up, before it creates
// anything there). Each refusal names the path and a fix that is complete: a folder another user
// owned is moved aside (whatever they planted goes with it), never `chown -R`ed (which would make
// their files ours, audit row 1.7); a folder others could write is made private, and every file
// moult reads in it is checked on its own (protocol/owned-file.ts), so a file planted meanwhile is
// still refused after the fix.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { HomeLayout } from './home';

/** Folders inside the home that are checked like the home itself, when they exist. */
const SUBDIRS = ['logs', 'run', 'updates', 'cache', 'fleet', path.join('fleet', 'updates')];
/**
 * Files of the daemon's own in the home, whose owner is checked (their content is checked where
 * read; dump.json only by `resurrect`, which refuses another user's with its own fix).
 */
const OWN_FILES = (home: HomeLayout): string[] => [home.socket, home.pidFile, home.stateFile, home.eventLog, path.join(home.root, 'daemon.json')];

function userName(uid: number): string {
  try {
    const me = os.userInfo();
    if (me.uid === uid) return me.username;
  } catch { /* no passwd entry */ }
  return String(uid);
}

function lstatOrNull(p: string): fs.Stats | null {
  try {
    return fs.lstatSync(p);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

const octal = (mode: number): string => `0${(mode & 0o777).toString(8).padStart(3, '0')}`;
const quote = (p: string): string => (/^[\w@%+=:,./-]+$/.test(p) ? p : `'${p.replace(/'/g, "'\\''")}'`);
const stamp = (): string => new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
const writers = (mode: number): string => (mode & 0o002 ? (mode & 0o020 ? 'its group and by others' : 'others') : 'its group');

/** A folder or file another user owns: moved aside (with what they may have planted), never chowned. */
function notOwned(p: string, st: fs.Stats, uid: number): string {
  return `unsafe MOULT_HOME: ${p} is owned by uid ${st.uid}, not by you (${userName(uid)}, uid ${uid}); another user could `
    + `read your apps' configuration or have planted files that make moult run their code. Fix: mv ${quote(p)} ${quote(`${p}.untrusted-${stamp()}`)} `
    + '(moult makes a new one; look at the old one before you use anything from it)';
}

function dirProblem(p: string, st: fs.Stats, uid: number): string | null {
  if (!st.isDirectory()) return `unsafe MOULT_HOME: ${p} is not a folder${st.isSymbolicLink() ? ' (it is a symlink)' : ''}. Fix: rm ${quote(p)} (moult creates it)`;
  if (st.uid !== uid) return notOwned(p, st, uid);
  if (st.mode & 0o022) {
    return `unsafe MOULT_HOME: ${p} is writable by ${writers(st.mode)} (mode ${octal(st.mode)}); another user could plant `
      + `files in it. Fix: chmod 700 ${quote(p)} (files another user put there meanwhile are still refused, one by one)`;
  }
  return null;
}

/** Every folder above `p`, nearest first, up to `/`. */
function ancestors(p: string): string[] {
  const out: string[] = [];
  for (let d = path.dirname(p); ; d = path.dirname(d)) {
    out.push(d);
    if (path.dirname(d) === d) return out;
  }
}

/**
 * A folder above the home: owned by root or by you, and writable by no one else, unless it is
 * sticky and root's or yours (/tmp: others may add entries there, not rename or remove yours).
 */
function parentProblem(d: string, home: string, uid: number): string | null {
  let st: fs.Stats;
  try {
    st = fs.statSync(d);
  } catch {
    return null; // not there (yet): nothing can be renamed in it by anyone
  }
  const fix = `Fix: set MOULT_HOME to a folder whose parents only you and root can change (the default is ~/.moult)`;
  if (st.uid !== 0 && st.uid !== uid) {
    return `unsafe MOULT_HOME: its parent folder ${d} is owned by uid ${st.uid}, who could replace ${home} with a folder of their own. ${fix}`;
  }
  if ((st.mode & 0o022) && !(st.mode & 0o1000)) {
    return `unsafe MOULT_HOME: its parent folder ${d} is writable by ${writers(st.mode)} (mode ${octal(st.mode)}) and not sticky: another user could replace ${home}. `
      + `Fix: chmod go-w ${quote(d)} (${fix.slice(5)})`;
  }
  return null;
}

/**
 * A symlink on the literal way to the home (the home itself or a folder above it) that another user
 * owns, in a folder others can write: they can re-point it at a folder of their own at any time
 * (sticky /tmp lets them remove their own entries), as the kernel's protected_symlinks knows
 * (audit re-run row N1). A link of yours, or of the folder's owner, stays yours.
 */
function linkProblem(p: string, home: string, real: string, uid: number): string | null {
  const link = lstatOrNull(p);
  if (!link?.isSymbolicLink() || link.uid === uid || link.uid === 0) return null;
  let dir: fs.Stats;
  try {
    dir = fs.statSync(path.dirname(p));
  } catch {
    return null;
  }
  if (!(dir.mode & 0o022) || link.uid === dir.uid) return null;
  return `unsafe MOULT_HOME: ${p} is a symlink of uid ${link.uid} in ${path.dirname(p)}, which others can write: uid ${link.uid} could point it at a folder of their own in place of ${home}. `
    + `Fix: set MOULT_HOME to ${quote(real)} (where it points now), or to a folder whose parents only you and root can change`;
}

/**
 * Why this home must not be used (one line naming the path and the fix), or null if it is safe
 * or does not exist yet (it is then created 0700). Checks the folders above it (through symlinks
 * too), the home, its logs/, run/, updates/, cache/ and fleet/ folders, and the owner of the
 * daemon's own files in it.
 */
export function homeProblem(home: HomeLayout, uid: number | undefined = process.getuid?.()): string | null {
  if (uid === undefined) return null; // no uids on this platform
  const root = path.resolve(home.root);
  let real = root;
  try {
    real = fs.realpathSync(root);
  } catch { /* not there yet: its literal parents are checked */ }
  for (const d of new Set([...ancestors(root), ...ancestors(real)])) {
    const problem = parentProblem(d, root, uid);
    if (problem) return problem;
  }
  for (const p of [root, ...ancestors(root)]) {
    const problem = linkProblem(p, root, real, uid);
    if (problem) return problem;
  }
  let st: fs.Stats;
  try {
    st = fs.statSync(root); // the home may itself be a symlink to a folder of the user's
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    return `cannot use MOULT_HOME ${root}: ${(err as Error).message}`;
  }
  const problem = dirProblem(root, st, uid);
  if (problem) return problem;
  try {
    for (const name of SUBDIRS) {
      const p = path.join(root, name);
      const sub = lstatOrNull(p);
      const problem = sub && dirProblem(p, sub, uid);
      if (problem) return problem;
    }
    for (const p of OWN_FILES(home)) {
      const f = lstatOrNull(p);
      if (f && f.uid !== uid) return notOwned(p, f, uid);
    }
  } catch (err) {
    return `cannot use MOULT_HOME ${root}: ${(err as Error).message}`;
  }
  return null;
}
