// `moult ls` is the command people run most, and in scripts: it skips the argument parser (yargs
// costs ~30 ms to load) and does exactly what `moult ls [--json]` does through cli.ts.
import type { InstanceInfo } from '../protocol/control';
import { DaemonClient } from './daemon-client';
import { CliError } from './errors';
import { lsTable } from './format';

/** The argument lists this fast path answers; anything else goes through the full CLI. */
export function isQuickLs(args: string[]): boolean {
  return args.length >= 1 && args.length <= 2 && ['ls', 'list', 'status'].includes(args[0]) && (args.length === 1 || args[1] === '--json');
}

export async function quickLs(args: string[], bin: string): Promise<number> {
  try {
    const client = await DaemonClient.open({ autostart: true });
    if (!client) throw new CliError(1, 'no daemon is running');
    try {
      const list = await client.request<InstanceInfo[]>({ verb: 'ls' });
      process.stdout.write((args[1] === '--json' ? JSON.stringify(list) : lsTable(list)) + '\n');
      return 0;
    } finally {
      client.close();
    }
  } catch (err) {
    process.stderr.write(`${bin}: ${err instanceof Error ? err.message : String(err)}\n`);
    return err instanceof CliError ? err.exitCode : 1;
  }
}
