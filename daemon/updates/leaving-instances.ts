// SPEC 6.6: a change to an app's release (update, patch, rollback) is over only when no process of
// the app still serves the code before it. A process being stopped (scale down, a reload's old
// worker, restart, stop) is not sent the change, but it may still answer for a while: a cluster
// worker gets connections until the primary disconnects it (300 ms after its drain), an app with a
// graceful shutdown until it exits (kill_timeout at most). So, under the release lock and before
// it picks its targets, a change waits for those processes to be gone. Measured: a fork app that
// serves 3 s after SIGINT answered 343 requests with v1 after `moult update` had said completed
// (test/daemon/update-during-a-stop-completes-once-the-stopping-instance-is-gone.test.mjs); the
// reload test gave one stale answer in about 10 runs under load ~20, most likely an old worker in
// its drain window.
import type { Instance } from '../instances/instance';
import type { Ledger } from './ledger';

/** Beyond kill_timeout (after which stop() sends SIGKILL): the exit still has to be seen. */
const EXIT_GRACE_MS = 5_000;

/** Resolves once the app's stopping processes have ended; `waiting` is told whom it waits for. */
export async function untilLeavingGone(ledger: Ledger, app: string, waiting: (holder: string) => void): Promise<void> {
  const leaving = ledger.leaving(app);
  if (!leaving.length) return;
  waiting(`stop of ${leaving.map((i: Instance) => `${app}[${i.index}] (pid ${i.pid})`).join(', ')}`);
  const limitMs = Math.max(...leaving.map((i) => i.config.kill_timeout)) + EXIT_GRACE_MS;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.all(leaving.map((i) => i.whenGone())),
    new Promise<void>((resolve) => { timer = setTimeout(resolve, limitMs); }),
  ]).finally(() => clearTimeout(timer));
}
