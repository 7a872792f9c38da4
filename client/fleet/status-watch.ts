// `moult fleet status <rollout> --watch` (issue 19 item 7; `kubectl rollout status`, `nomad
// deployment status -monitor`): the rollout printed again at each change (its progress record, a
// host's result or verdict, an operator's control), from watches (RolloutFeed), not by polling every
// host's result; on a TTY the screen is redrawn, otherwise each new summary line (hosts done, what it
// waits for) is printed below the last, and the host table once at the end.
// It ends when the rollout is over: exit 0 if it succeeded, 1 otherwise (scripts can wait on it).
import type { Etcd3 } from 'etcd3';
import type { FleetKeys } from '../../protocol/fleet';
import { RolloutFeed } from './rollout-feed';
import { readPlan, readProgress } from './fleet-reads';
import { rolloutView } from './host-states';
import { hostTable, statusText, summaryLine } from './output';

export async function watchStatus(client: Etcd3, keys: FleetKeys, id: string, opts: { json: boolean; tty: boolean }): Promise<number> {
  const plan = await readPlan(client, keys, id);
  const feed = new RolloutFeed(client, keys, id, plan.app);
  await feed.start();
  try {
    let last = '';
    for (;;) {
      const progress = feed.progress ?? (await readProgress(client, keys, plan));
      const view = rolloutView(plan, progress, feed.facts);
      const over = progress.phase === 'over';
      const text = opts.json ? JSON.stringify(view) : opts.tty ? statusText(view) : summaryLine(view);
      if (text !== last) {
        process.stdout.write(`${opts.tty && !opts.json ? '\x1b[H\x1b[2J' : ''}${text}\n`);
        last = text;
      }
      if (over && !opts.tty && !opts.json) process.stdout.write(`${hostTable(view)}\n`);
      if (over) return view.state === 'succeeded' ? 0 : 1;
      await feed.next(1000);
    }
  } finally {
    await feed.stop().catch(() => {});
  }
}
