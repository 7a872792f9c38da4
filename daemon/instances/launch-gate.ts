// No unsupervised process, ever (audit rows 4.2, 4.3: a daemon killed 70-130 ms into a first
// `start` left apps running that nothing had recorded). A process the daemon starts (an app's
// instance, a cluster primary) begins as a small shell that waits on a pipe from the daemon, and
// becomes the program (exec: same pid, same process group) only once the daemon has recorded that
// pid and says `go`. Should the daemon die before, the pipe closes and the shell exits without
// running anything. Cost: one /bin/sh exec per launch (BENCHMARKS.md: within the noise of a node
// start).
import fs from 'node:fs';
import path from 'node:path';
import { spawn, type ChildProcess, type SpawnOptions, type StdioOptions } from 'node:child_process';
import type { Writable } from 'node:stream';

/**
 * The gate's shell: bash where there is one, since dash (Debian's /bin/sh) drops environment
 * variables whose names are not shell identifiers on exec, and pm2 allows such names
 * (`instance_var: "INSTANCE-ID"`, issue 21; test/pm2-compat: "an instance_var with a dash").
 */
const SHELL = fs.existsSync('/bin/bash') ? '/bin/bash' : '/bin/sh';

/** Waits for one line on the gate's fd, closes it, and becomes the program; EOF first: exit 70. */
const gateScript = (fd: number): string => `read -r go <&${fd} || exit 70; exec ${fd}<&-; exec "$@"`;

/** What spawn() would run for `file` (a bare name is looked up in PATH), or null. */
export function executable(file: string, env: NodeJS.ProcessEnv, cwd: string): string | null {
  const candidates = file.includes('/') ? [path.resolve(cwd, file)] : (env.PATH ?? '').split(':').filter(Boolean).map((d) => path.join(d, file));
  for (const c of candidates) {
    try {
      fs.accessSync(c, fs.constants.X_OK);
      if (fs.statSync(c).isFile()) return c;
    } catch { /* next */ }
  }
  return null;
}

export interface Gated {
  child: ChildProcess;
  /** `go`: the program runs; else the shell exits (70) without running it. Once only. */
  release(go: boolean): void;
}

/** Spawns `program args` behind the gate; `stdio` is the program's own (the gate's pipe comes after). */
export function spawnGated(program: string, args: readonly string[], options: Omit<SpawnOptions, 'stdio'> & { stdio: Exclude<StdioOptions, string> }): Gated {
  const stdio = [...options.stdio];
  const fd = stdio.length;
  const child = spawn(SHELL, ['-c', gateScript(fd), 'moult-launch', program, ...args], { ...options, stdio: [...stdio, 'pipe'] });
  const gate = child.stdio[fd] as Writable | null;
  // A gate written to after the process died (stopped before its release): nothing to do.
  gate?.on('error', () => {});
  if (!child.pid) gate?.destroy();
  let released = false;
  return {
    child,
    release: (go) => {
      if (released || !gate) return;
      released = true;
      if (go) gate.end('go\n');
      else gate.destroy();
    },
  };
}
