// StrictModes for MOULT_HOME (issue 11), as ssh does for ~/.ssh: the home holds the control socket
// (which receives every app's config, env secrets included), the state that says what to run, and
// the stored update sources. So neither the CLI nor the daemon uses a home that another user owns
// or can write to: such a user could plant a fake moultd.sock, a state.json naming their script,
// or symlinks that make the daemon overwrite other files. Shared by the CLI (before it connects to
// or starts a daemon) and the daemon (at start-up, before it creates anything there).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { HomeLayout } from './home';

/** Folders inside the home that are checked like the home itself, when they exist. */
const SUBDIRS = ['logs', 'run', 'updates', 'cache'];

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

function notOwned(p: string, st: fs.Stats, uid: number): string {
  return `unsafe MOULT_HOME: ${p} is owned by uid ${st.uid}, not by you (uid ${uid}); another user could `
    + `read your apps' configuration or make moult run their code. Fix: chown -R ${userName(uid)} ${p} `
    + '(or set MOULT_HOME to a folder of your own)';
}

function dirProblem(p: string, st: fs.Stats, uid: number): string | null {
  if (!st.isDirectory()) return `unsafe MOULT_HOME: ${p} is not a folder${st.isSymbolicLink() ? ' (it is a symlink)' : ''}. Fix: remove it (rm ${p}); moult creates it`;
  if (st.uid !== uid) return notOwned(p, st, uid);
  if (st.mode & 0o022) {
    const who = st.mode & 0o002 ? (st.mode & 0o020 ? 'its group and by others' : 'others') : 'its group';
    return `unsafe MOULT_HOME: ${p} is writable by ${who} (mode ${octal(st.mode)}); another user could plant `
      + `files in it. Fix: chmod 700 ${p}`;
  }
  return null;
}

/**
 * Why this home must not be used (one line naming the path and the fix), or null if it is safe
 * or does not exist yet (it is then created 0700). Checks the home, its logs/, run/ and updates/
 * folders, and the owner of the daemon's own files in it (moultd.sock, moultd.pid, state.json,
 * logs/moultd.log).
 */
export function homeProblem(home: HomeLayout, uid: number | undefined = process.getuid?.()): string | null {
  if (uid === undefined) return null; // no uids on this platform
  let st: fs.Stats;
  try {
    st = fs.statSync(home.root); // the home may itself be a symlink to a folder of the user's
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    return `cannot use MOULT_HOME ${home.root}: ${(err as Error).message}`;
  }
  const root = dirProblem(home.root, st, uid);
  if (root) return root;
  try {
    for (const name of SUBDIRS) {
      const p = path.join(home.root, name);
      const sub = lstatOrNull(p);
      const problem = sub && dirProblem(p, sub, uid);
      if (problem) return problem;
    }
    for (const p of [home.socket, home.pidFile, home.stateFile, home.eventLog]) {
      const f = lstatOrNull(p);
      if (f && f.uid !== uid) return notOwned(p, f, uid);
    }
  } catch (err) {
    return `cannot use MOULT_HOME ${home.root}: ${(err as Error).message}`;
  }
  return null;
}
