// `moult stop|restart|delete ecosystem.config.js` act on the apps of the file, as pm2 does.
// `restart` re-reads it: every app takes the file's config (with `--env`), apps of the file that
// are not running yet are started, the others restarted.
import type { InstanceInfo } from '../../protocol/control';
import type { DaemonClient } from '../daemon-client';
import { CliError } from '../errors';
import { planStart, warningLines } from './start';

export async function onEcosystemFile(
  c: DaemonClient, verb: 'stop' | 'restart' | 'delete', file: string, o: { env?: string; cliEnv?: Record<string, string> },
  warn: (line: string) => void,
): Promise<Record<string, string[]>> {
  const plan = planStart(file, { env: o.env, args: [] });
  if (plan.kind !== 'apps') throw new CliError(2, `${file}: not an ecosystem file`);
  for (const w of warningLines(plan)) warn(w);
  const known = new Set((await c.request<InstanceInfo[]>({ verb: 'ls' })).map((i) => i.name));
  const names = plan.apps.map((a) => a.name);
  if (verb === 'restart') {
    await c.request({ verb: 'start', apps: plan.apps });
    for (const n of names.filter((x) => known.has(x))) await c.request({ verb, target: n, ...(o.cliEnv ? { env: o.cliEnv } : {}) });
    return { restarted: names };
  }
  const acted = names.filter((n) => known.has(n));
  if (!acted.length) throw new CliError(2, `${file}: none of its apps (${names.join(', ')}) is known to the daemon`);
  for (const n of acted) await c.request({ verb, target: n });
  return { [verb === 'stop' ? 'stopped' : 'deleted']: acted };
}
