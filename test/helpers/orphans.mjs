// Shared by the tests that kill the daemon in the middle of a verb (audit rows 4.2, 4.3): the
// verb run in the background, and the check that the next daemon supervises every process of the
// home (counted by environment and command line, as the conformance runner counts them) and that
// `moult kill` then ends them all.
import { spawn } from 'node:child_process';
import { CLI, appProcesses, homeProcesses, show, waitFor } from './moult.mjs';

/** `moult ...args` in the background; resolves with its exit code. */
export function cliInBackground(sb, args) {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: sb.appDir, env: { ...process.env, MOULT_HOME: sb.home }, stdio: 'ignore' });
  return new Promise((resolve) => child.on('close', resolve));
}

/** After the kill: the next daemon lists every app process there is; `moult kill` ends them all. */
export async function everyProcessSupervised(t, sb, label) {
  let listed = [];
  await waitFor(async () => {
    listed = (await sb.ls()).map((i) => i.pid).filter(Boolean);
    const running = appProcesses(sb.home);
    return running.every((p) => listed.includes(p)) && listed.every((p) => running.includes(p));
  }, `${label}: every app process listed by the next daemon`, { timeoutMs: 20_000, intervalMs: 300 }).catch(() => {});
  const orphans = appProcesses(sb.home).filter((p) => !listed.includes(p));
  t.deepEqual(orphans, [], `${label}: processes nobody supervises (listed: ${listed.join(' ')})\n${sb.tail(12)}`);
  const k = await sb.cli(['kill']);
  t.is(k.code, 0, show(k));
  await waitFor(() => homeProcesses(sb.home).length === 0, `${label}: nothing of the home after moult kill`).catch(() => {});
  t.deepEqual(homeProcesses(sb.home), [], `${label}: left after moult kill`);
}
