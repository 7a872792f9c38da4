// What a running daemon knows about apps, for the verbs that read files themselves (`logs`,
// `history`): an id turned into its app's name, and the log files of apps with custom paths.
// No daemon (or one that does not know the app): null, and those verbs read the files as they are.
import type { AppDetails } from '../protocol/control';
import { DaemonClient } from './daemon-client';

export async function describeIfRunning(target: string): Promise<AppDetails[] | null> {
  let client: DaemonClient | null;
  try {
    client = await DaemonClient.open({ autostart: false });
  } catch {
    return null;
  }
  if (!client) return null;
  try {
    return await client.request<AppDetails[]>({ verb: 'describe', target });
  } catch {
    return null;
  } finally {
    client.close();
  }
}

/** The app an `<app|id>` argument names: an id is asked of the daemon, a name stays as it is. */
export async function appNameOf(target: string): Promise<string> {
  if (!/^\d+$/.test(target)) return target;
  const d = await describeIfRunning(target);
  return d?.[0]?.name ?? target;
}
