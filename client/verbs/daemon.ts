// Verbs about the daemon itself that pm2 users know: `update` with no app (pm2's: the daemon in
// memory replaced by the installed version; moult's apps keep running through it, adopted by the
// new daemon, where pm2 restarts them from a dump) and `reloadLogs` (every app reopens its logs).
import type { CommandModule } from 'yargs';
import type { InstanceInfo } from '../../protocol/control';
import { escapeControl } from '../../protocol/limits';
import { print, withDaemon } from '../cli-support';
import { DaemonClient } from '../daemon-client';
import { CliError } from '../errors';

/** How long the old daemon may take to let go of its socket. */
const DETACH_WAIT_MS = 10_000;

export async function daemonUpdate(json: boolean): Promise<void> {
  const before = await DaemonClient.open({ autostart: false });
  let oldPid: number | null = null;
  if (before) {
    try {
      oldPid = (await before.request<{ pid: number }>({ verb: 'detach' })).pid;
    } catch (err) {
      if (!(err instanceof CliError && err.code === 'ECLOSED')) throw err;
    } finally {
      before.close();
    }
    const deadline = Date.now() + DETACH_WAIT_MS;
    for (;;) {
      const still = await DaemonClient.open({ autostart: false }).catch(() => null);
      if (!still) break;
      still.close();
      if (Date.now() > deadline) throw new CliError(1, `update: the old daemon (pid ${oldPid}) still answers after ${DETACH_WAIT_MS / 1000}s`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  const { pid, list } = await withDaemon(async (c) => ({ pid: (await c.request<{ pid: number }>({ verb: 'ping' })).pid, list: await c.request<InstanceInfo[]>({ verb: 'ls' }) }));
  if (json) return print(JSON.stringify({ old_pid: oldPid, pid, processes: list.length }));
  print(oldPid === null
    ? `no daemon was running; started one (pid ${pid})`
    : `daemon replaced: pid ${oldPid} → ${pid}; ${list.length} process(es) adopted, none restarted`);
}

export const reloadLogsVerb: CommandModule<{ json: boolean }, { json: boolean }> = {
  command: 'reloadLogs',
  describe: 'every app opens its log files again (after an outside logrotate moved them; moult rotates its own)',
  handler: async (a) => {
    const r = await withDaemon((c) => c.request<{ reopened: string[] }>({ verb: 'reload-logs' }));
    print(a.json ? JSON.stringify(r) : r.reopened.length ? `reopened the logs of ${r.reopened.map((x) => escapeControl(x)).join(', ')}` : 'no running node app to reopen its logs');
  },
};
