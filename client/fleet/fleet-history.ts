// `moult fleet history <app> [--json]` (issue 19 item 7; `kubectl rollout history`, `nomad job
// history`): the app's rollouts etcd still keeps (the newest --keep / daemon.fleet.history), oldest
// first, each with what it rolled out, how it ended and why; then the app's fleet release (what
// every host converges to) and the updates withdrawn from it. Read from the small progress records
// and the two lists only: never a plan or a host's result (a history of 10 000-host rollouts stays
// one page of reads).
import type { Etcd3 } from 'etcd3';
import type { FleetKeys } from '../../protocol/fleet';
import { escapeControl } from '../../protocol/limits';
import { readReleaseLists, rolloutsOf } from './fleet-reads';

const print = (s: string): void => { process.stdout.write(`${s}\n`); };
const when = (ms: number | undefined): string => (ms ? new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '-');

export async function history(client: Etcd3, keys: FleetKeys, app: string, json: boolean): Promise<number> {
  const [rollouts, { release, retired }] = await Promise.all([rolloutsOf(client, keys, app), readReleaseLists(client, keys, app)]);
  if (json) {
    print(JSON.stringify({ app, rollouts, release, retired }));
    return 0;
  }
  if (!rollouts.length) print(`no rollouts of ${app} kept in the fleet`);
  else {
    // Every field read from etcd is printed escaped (an etcd writer's control characters: audit N-F3).
    const rows = rollouts.map((p) => [escapeControl(p.id), escapeControl(`${p.kind} ${p.name}`), p.state, when(p.created_at), when(p.ended_at),
      escapeControl(p.reason ?? (p.phase === 'running' ? `at wave ${p.wave + 1}${p.held ? `, held (${p.held.why})` : ''}` : ''))]);
    const head = ['ROLLOUT', 'WHAT', 'STATE', 'STARTED', 'ENDED', 'WHY'];
    const widths = head.map((t, i) => Math.max(t.length, ...rows.map((r) => r[i].length)));
    for (const r of [head, ...rows]) print(r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd());
  }
  print(`release of ${app}: ${release.length ? release.map((e) => `${escapeControl(e.name)} (${escapeControl(e.rollout)})`).join(', ') : 'empty (the hosts run what they were started with)'}`);
  if (retired.length) print(`withdrawn: ${retired.map((r) => `${escapeControl(r.name)} (${escapeControl(r.rollout)}, ${r.by === r.rollout ? 'reverted' : `by ${escapeControl(r.by)}`})`).join(', ')}`);
  return 0;
}
