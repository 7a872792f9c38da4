// `moult update <app> <file>` and `moult patch <app> <file>` (with --json, --no-wait, --timeout,
// --manager / --target) skip the argument parser: yargs is a third of a short command's time, and
// an update's round trip is what people time. The same checks and the same request as cli.ts.
import { CliError } from './errors';
import { isRelease } from './verbs/release';
import { boundedArg, checkedFile, checkedTimeout, escapeLines, sendUpdate } from './cli';
import { appArg } from './cli-support';
import { MAX_NAME_LENGTH, MAX_PATH_LENGTH } from '../protocol/limits';

interface QuickUpdate {
  verb: 'update' | 'patch';
  app: string;
  file: string;
  json: boolean;
  wait: boolean;
  timeout: number;
  option?: string;
}

/** The parsed arguments when they are in the simple form this path takes; null: the full CLI. */
export function quickUpdateArgs(args: string[]): QuickUpdate | null {
  const [verb, app, file, ...rest] = args;
  if ((verb !== 'update' && verb !== 'patch') || !app || !file || app.startsWith('-') || file.startsWith('-')) return null;
  // A release (a folder, a tarball, a git ref) takes the full CLI (client/verbs/release.ts).
  if (verb === 'patch' && isRelease(file)) return null;
  const q: QuickUpdate = { verb, app, file, json: false, wait: true, timeout: 60 };
  const named = verb === 'update' ? '--manager' : '--target';
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '--json') q.json = true;
    else if (a === '--no-wait') q.wait = false;
    else if ((a === '--timeout' || a === named) && i + 1 < rest.length && !rest[i + 1].startsWith('-')) {
      const v = rest[++i];
      if (a === named) q.option = v;
      else q.timeout = Number(v);
    } else return null;
  }
  return q;
}

export async function quickUpdate(q: QuickUpdate, bin: string): Promise<number> {
  try {
    const timeoutMs = checkedTimeout(q.timeout);
    const app = appArg(q.app);
    const file = checkedFile(q.file);
    if (q.verb === 'update') {
      const manager = boundedArg(q.option, '--manager', MAX_NAME_LENGTH);
      return await sendUpdate(q, { verb: 'update', app, file, manager, wait: q.wait, timeoutMs });
    }
    const target = boundedArg(q.option, '--target', MAX_PATH_LENGTH);
    return await sendUpdate(q, { verb: 'patch', app, file, ...(target ? { target } : {}), wait: q.wait, timeoutMs });
  } catch (err) {
    process.stderr.write(`${bin}: ${escapeLines(err instanceof Error ? err.message : String(err))}\n`);
    return err instanceof CliError ? err.exitCode : 1;
  }
}
