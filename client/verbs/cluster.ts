// `moult scale <app> <n>` (SPEC 2) and how a reload's outcome reads (the verb: lifecycle-verbs.ts):
// arguments checked here, the work done by the daemon, the outcome printed.
import type yargs from 'yargs';
import type { ReloadOutcome } from '../../protocol/control';
import { MAX_INSTANCES, escapeControl } from '../../protocol/limits';
import type { DaemonClient } from '../daemon-client';
import { CliError } from '../errors';
import { listAfterStart } from '../cli-support';

export interface VerbKit {
  withDaemon<T>(fn: (c: DaemonClient) => Promise<T>): Promise<T>;
  print(s: string): void;
  appArg(name: string, what?: string): string;
}

export function describeReload(o: ReloadOutcome): string {
  const app = escapeControl(o.app);
  return o.mode === 'fork'
    ? `${app}: restarted (fork mode: reload is a restart; use exec_mode "cluster" for a zero-downtime reload)`
    : `${app}: ${o.replaced} worker(s) replaced one at a time, each new one ready before the old one stopped`;
}

export function scaleCommand(kit: VerbKit): yargs.CommandModule<{ json: boolean }, { json: boolean; app: string; n: string }> {
  return {
    command: 'scale <app> <n>',
    describe: 'add or remove instances of an app',
    builder: (y) => y
      .positional('app', { type: 'string', demandOption: true })
      .positional('n', { type: 'string', demandOption: true, describe: 'the number of instances wanted' }),
    handler: async (a) => {
      const app = kit.appArg(a.app);
      const n = Number(a.n);
      if (!/^\d+$/.test(String(a.n)) || n < 1 || n > MAX_INSTANCES) throw new CliError(2, `<n>: expected a whole number of instances from 1 to ${MAX_INSTANCES}, not "${escapeControl(String(a.n)).slice(0, 24)}"`);
      // As start: the command returns once the new processes are up (or after a while).
      const r = await kit.withDaemon(async (c) => {
        const done = await c.request<{ app: string; from: number; to: number }>({ verb: 'scale', app, instances: n });
        await listAfterStart(c, new Set([done.app]));
        return done;
      });
      kit.print(a.json ? JSON.stringify(r) : `${escapeControl(r.app)}: scaled from ${r.from} to ${r.to} instance(s)`);
    },
  };
}
