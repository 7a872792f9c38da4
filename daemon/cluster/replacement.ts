// One worker of a cluster app replaced with no moment without it (SPEC 2 `reload`, 7): a new
// process for the same instance number starts, reaches the app's release (replayed on attach,
// before it listens: SPEC 6.6), becomes ready, passes the app's health check, and only then is the
// old one stopped. A new process that fails any step is stopped and the old one keeps serving.
import type { AppConfig } from '../../config/ecosystem';
import { Instance, type InstanceHost } from '../instances/instance';
import { checkHealthBeforeSwap } from '../updates/health-gate';
import { DaemonError } from '../control/errors';
import { within } from '../within';

/** Beyond listen_timeout: the runtime may take this long to attach and replay the updates. */
const ONLINE_GRACE_MS = 20_000;

export interface ReplaceableApp {
  config: AppConfig;
  instances: Instance[];
}

/** Resolves with the new instance (in `old`'s place in `app.instances`); throws a DaemonError, old kept. */
export async function replaceInstance(host: InstanceHost, app: ReplaceableApp, old: Instance): Promise<Instance> {
  const { config } = app;
  const name = `${config.name}[${old.index}]`;
  const next = new Instance(config, old.index, host);
  next.restarts = old.restarts + 1;
  const sentAt = Date.now();
  next.start();
  try {
    await within(next.whenServing(), config.listen_timeout + ONLINE_GRACE_MS, 'did not come online in time');
  } catch (e) {
    await next.stop();
    throw new DaemonError('ERELOAD', `${name}: the new process ${(e as Error).message}; the old one (pid ${old.pid}) keeps serving`);
  }
  if (!host.onRelease(next)) {
    // SPEC 6.6: its replay failed (app.drift says why): it would serve other code than the others.
    const pid = next.pid;
    await next.stop();
    throw new DaemonError('ERELOAD', `${name}: the new process (pid ${pid ?? '-'}) could not reach the app's release (see app.drift in the log); the old one (pid ${old.pid}) keeps serving`);
  }
  const serving = app.instances.filter((i) => i.status === 'online').length + 1;
  const verdict = await checkHealthBeforeSwap(config.health, host.log, config.name, old.index, next.readyAt !== null && next.readyAt >= sentAt, serving);
  if (!verdict.ok) {
    host.log.write('daemon.warning', `${name}: the new process (pid ${next.pid}) failed the health check: ${verdict.reason}; stopping it, the old one (pid ${old.pid}) keeps serving`, { app: config.name, instance: old.index, error: verdict.reason }, 'warn');
    await next.stop();
    throw new DaemonError('ERELOAD', `${name}: the new process failed the health check (${verdict.reason}); the old one (pid ${old.pid}) keeps serving`);
  }
  const at = app.instances.indexOf(old);
  if (at !== -1) app.instances[at] = next;
  // Recorded while the old one stops (a daemon killed meanwhile adopts the new one).
  host.onChange();
  await old.stop();
  host.onChange();
  return next;
}
