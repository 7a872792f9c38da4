// What the CLI's verbs share: printing, one daemon connection per command, app arguments checked
// before anything is sent, and the table shown once started apps came up.
import { appNameProblem } from '../config/ecosystem';
import type { InstanceInfo } from '../protocol/control';
import { DaemonClient } from './daemon-client';
import { CliError } from './errors';

export const print = (s: string): void => { process.stdout.write(s + '\n'); };

export const NO_DAEMON = 'no daemon is running';

export async function withDaemon<T>(fn: (c: DaemonClient) => Promise<T>, autostart = true): Promise<T> {
  const client = await DaemonClient.open({ autostart });
  if (!client) throw new CliError(1, NO_DAEMON);
  try {
    return await fn(client);
  } finally {
    client.close();
  }
}

/** Like pm2, the table once the apps' new instances came up (or after a short while). */
export async function listAfterStart(c: DaemonClient, names: Set<string>): Promise<InstanceInfo[]> {
  const deadline = Date.now() + 3000;
  for (;;) {
    const l = await c.request<InstanceInfo[]>({ verb: 'ls' });
    if (Date.now() > deadline || l.every((i) => !names.has(i.name) || i.status !== 'launching')) return l;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** An app name (or id) given on the command line, by the ecosystem's rule: refused here, before anything is sent. */
export function appArg(name: string, what = '<app>'): string {
  const problem = appNameProblem(name);
  if (problem) throw new CliError(2, `${what}: ${problem}`);
  return name;
}
