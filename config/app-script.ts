// What an app's `script` names, and what runs it, decided as pm2 decides (Common.prepareAppConf,
// resolveInterpreter, verifyConfs): a file in the app's folder, run by the interpreter of its
// extension (`app.py` → python, `run.sh` → bash; node for .js and for what pm2 runs with node);
// a program on PATH (`npm`, `ts-node`, `ls`); or a command line (`"node server.js"`, which pm2
// runs with `bash -c`). An explicit `interpreter` always wins. `none` is pm2's interpreter for
// "run the file itself" (a binary, or a script with its own #! line).
import fs from 'node:fs';
import path from 'node:path';

/** pm2's lib/API/interpreter.json, less `.ts` → bun (moult runs TypeScript with node, which strips types). */
const BY_EXTENSION: Record<string, string> = {
  '.js': 'node', '.cjs': 'node', '.mjs': 'node', '.ts': 'node', '.mts': 'node', '.cts': 'node',
  '.sh': 'bash', '.py': 'python', '.rb': 'ruby', '.php': 'php', '.pl': 'perl', '.coffee': 'coffee', '.ls': 'lsc',
};

/** `node`, `nodejs` or a path to one of them: the app gets moult's runtime (hot updates). */
export function isNodeInterpreter(interpreter: string): boolean {
  return /^node(js)?(\.exe)?$/i.test(path.basename(interpreter));
}

export interface ResolvedScript {
  /** Absolute path of the file (or program) to run. */
  script: string;
  /** Arguments that go before the app's own (`-c <command line>` for a command line). */
  argsBefore: string[];
  /** `node`, another program, or `none` (the script runs itself). */
  interpreter: string;
  /** pm2's default name: the script's base name without its extension. */
  name: string;
  /** Environment pm2 adds for this interpreter (PYTHONUNBUFFERED). */
  env: Record<string, string>;
}

const isFile = (f: string): boolean => { try { return fs.statSync(f).isFile(); } catch { return false; } };
const isDirectory = (f: string): boolean => { try { return fs.statSync(f).isDirectory(); } catch { return false; } };

/** The first executable file named `program` on PATH, as a shell finds it; null if none. */
export function which(program: string, envPath = process.env.PATH ?? ''): string | null {
  if (program.includes('/')) return null;
  for (const dir of envPath.split(path.delimiter)) {
    if (!dir) continue;
    const f = path.join(dir, program);
    try {
      if (fs.statSync(f).isFile()) {
        fs.accessSync(f, fs.constants.X_OK);
        return f;
      }
    } catch { /* not here */ }
  }
  return null;
}

/** The first bytes of a file: is it a binary (an executable), or text with a #! line? */
function sniff(file: string): { binary: boolean; shebang: string | null } {
  let head = Buffer.alloc(0);
  try {
    const fd = fs.openSync(file, 'r');
    try {
      head = Buffer.alloc(512);
      head = head.subarray(0, fs.readSync(fd, head, 0, 512, 0));
    } finally {
      fs.closeSync(fd);
    }
  } catch { /* unreadable: the spawn will say so */ }
  const binary = head.includes(0);
  const text = head.toString('utf8');
  return { binary, shebang: text.startsWith('#!') ? text.slice(2).split('\n')[0]!.trim() : null };
}

/** A file that is not of a known extension: pm2 runs binaries themselves and anything else with node. */
function interpreterOfFile(file: string): string {
  const known = BY_EXTENSION[path.extname(file).toLowerCase()];
  if (known) return known;
  const { binary, shebang } = sniff(file);
  if (binary) return 'none';
  // A #! line that is not node's: the file says what runs it (pm2 would run it with node).
  if (shebang && !/\bnode(js)?\b/.test(shebang)) return 'none';
  return 'node';
}

/** pm2 prefers `python`, and takes `python3` when there is no `python`. */
function available(interpreter: string): string {
  if (interpreter === 'python' && !which('python') && which('python3')) return 'python3';
  return interpreter;
}

function stem(file: string): string {
  const base = path.basename(file);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

/**
 * What runs `script` of an app in `cwd`; a problem (a sentence) when nothing does. `interpreter`
 * is the app's own, if it has one.
 */
export function resolveScript(script: string, cwd: string, interpreter?: string): ResolvedScript | { problem: string } {
  const abs = path.resolve(cwd, script);
  const withEnv = (r: Omit<ResolvedScript, 'env'>): ResolvedScript => ({ ...r, env: /python/.test(r.interpreter) ? { PYTHONUNBUFFERED: '1' } : {} });
  if (isFile(abs)) return withEnv({ script: abs, argsBefore: [], interpreter: interpreter ?? available(interpreterOfFile(abs)), name: stem(abs) });
  if (isDirectory(abs)) return { problem: `expected a script file, but ${abs} is a directory` };
  // pm2: a script with a space is a command line, run by bash -c (sh if there is no bash).
  if (/\s/.test(script.trim())) {
    const shell = which('bash') ?? which('sh');
    if (!shell) return { problem: `${JSON.stringify(script)} is a command line, and neither bash nor sh is on PATH to run it` };
    const first = script.trim().split(/\s+/)[0]!;
    return withEnv({ script: shell, argsBefore: ['-c', script], interpreter: 'none', name: stem(first) });
  }
  const program = which(script);
  if (program) return withEnv({ script: program, argsBefore: [], interpreter: interpreter ?? interpreterOfFile(program), name: stem(program) });
  return { problem: `no such file ${abs}${script.includes('/') ? '' : `, and no program ${script} on PATH`}` };
}

/** Why an interpreter cannot run (not on PATH), or null; `none` and paths that exist are fine. */
export function interpreterProblem(interpreter: string): string | null {
  if (interpreter === 'none' || isNodeInterpreter(interpreter)) return null;
  if (interpreter.includes('/')) return isFile(interpreter) ? null : `no such program ${interpreter}`;
  return which(interpreter) ? null : `${interpreter} is not on PATH (type \`which ${interpreter}\` to check)`;
}
