// Another local user for the tests of issue 16 (audit 2026-12-03, rows 1.x): `nobody` (uid 65534)
// plants files and runs processes, root (the test) runs moult. These tests need root: without it
// they fail saying so, never skip silently.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const NOBODY = 65534;
export const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** True when the test may go on; else it has failed with the reason. */
export function needsRoot(t) {
  if (isRoot) return true;
  t.fail('this test needs root: it plays another local user (nobody, uid 65534) against a root moult; run it as root (sudo npx ava …)');
  return false;
}

/** Writes `content` at `file` as nobody would have (owned by nobody, `mode`). */
export function plant(file, content, mode = 0o644) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  fs.chmodSync(file, mode);
  fs.chownSync(file, NOBODY, NOBODY);
}

/** Runs a shell command as nobody (sh -c), synchronously; returns its stdout. */
export function asNobody(command) {
  return execFileSync('/bin/sh', ['-c', command], { uid: NOBODY, gid: NOBODY, encoding: 'utf8', cwd: '/' });
}

/**
 * A node binary nobody may run. The test's own may not be (CI's other Node lines live under
 * root's 0700 home): then a copy in a world-readable temp folder, made once per version.
 */
export function nobodyNode() {
  try {
    execFileSync(process.execPath, ['-e', '0'], { uid: NOBODY, gid: NOBODY, stdio: 'ignore', cwd: '/' });
    return process.execPath;
  } catch { /* not reachable by nobody: copy it */ }
  const dir = path.join('/tmp', `moult-test-node-${process.version}`);
  const copy = path.join(dir, 'node');
  if (!fs.existsSync(copy)) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
    const part = `${copy}.${process.pid}`;
    fs.copyFileSync(process.execPath, part);
    fs.chmodSync(part, 0o755);
    fs.renameSync(part, copy);
  }
  return copy;
}

/** A process of nobody's, left running (the caller kills it): {pid, kill()}. */
export function nobodyProcess(args) {
  const child = spawn(args[0], args.slice(1), { uid: NOBODY, gid: NOBODY, stdio: 'ignore', detached: true, cwd: '/' });
  return { pid: child.pid, kill: () => { try { process.kill(child.pid, 'SIGKILL'); } catch { /* gone */ } } };
}

/** The attacker's script: it leaves `<mark>-<uid>` behind when it runs. */
export const evilScript = (mark) => `require('fs').writeFileSync(${JSON.stringify(mark)} + '-' + process.getuid(), 'attacker script ran as uid ' + process.getuid());
setInterval(() => {}, 1e6);
`;

/**
 * The fix a refusal prints (`Fix: <command>` up to ` (` or the end of the line), run as the user
 * would, by the shell. Returns the command.
 */
export function followPrintedFix(stderr) {
  const m = /Fix: (.+?)(?: \(|$)/m.exec(stderr);
  if (!m) throw new Error(`no "Fix: <command>" in: ${stderr}`);
  execFileSync('/bin/sh', ['-c', m[1]], { stdio: 'ignore' });
  return m[1];
}

/**
 * A folder every user can write, sticky and root's, as /tmp is, inside the sandbox (which others
 * may walk into, as the audit's $T was: 0755): where another user plants entries next to yours.
 */
export function sharedFolder(sb, name = 'shared') {
  fs.chmodSync(sb.root, 0o755);
  const dir = path.join(sb.root, name);
  fs.mkdirSync(dir);
  fs.chmodSync(dir, 0o1777);
  return dir;
}
