// Whether a pid exists (signal 0). A zombie still does: pidRunning looks at /proc as well.
import fs from 'node:fs';

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Alive and not a zombie that no one reaped yet (SPEC 7: a killed process can linger as one). */
export function pidRunning(pid: number): boolean {
  if (!pidAlive(pid)) return false;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no /proc: trust the pid
  }
}

/**
 * The process runs as the daemon's user: a record (state.json, run/<pid>.json) names a pid, and
 * a recycled pid may now be another user's process, which the daemon must neither adopt (and later
 * signal) nor hand a secret to.
 */
export function pidOurs(pid: number): boolean {
  const uid = process.getuid?.();
  if (uid === undefined) return true;
  try {
    return fs.statSync(`/proc/${pid}`).uid === uid;
  } catch {
    return !fs.existsSync('/proc/self'); // no /proc: trust the pid
  }
}
