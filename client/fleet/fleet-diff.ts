// `moult fleet diff <app> [--json]` (issue 19 item 7; `kubectl diff`, Argo CD's out-of-sync list):
// the hosts whose fleet updates in force differ from the app's fleet release, and why, from what
// each host publishes in its record (fleet_updates: the sha256 of each fleet update in force, in
// order; failed_here: the release entries that failed there and will not be tried again) and what
// etcd says of the app (its running rollout, its withdrawn updates). Exit 1 when a live host
// differs (as `kubectl diff`), 0 when every live host runs the release; a host that is down is
// listed (it converges when it is back) and does not change the exit code.
import type { Etcd3 } from 'etcd3';
import { fleetUpdateId, type FleetKeys, type HostApp, type ReleaseEntry, type RetiredEntry } from '../../protocol/fleet';
import { checkPointer } from '../../protocol/fleet-records';
import { escapeControl } from '../../protocol/limits';
import { hostsAndMembers, readPlan, readReleaseLists } from './fleet-reads';

const print = (s: string): void => { process.stdout.write(`${s}\n`); };
/** Host records carry the full sha256, or its first 16 digits when the source was not recorded. */
const same = (a: string, b: string): boolean => a.slice(0, 16) === b.slice(0, 16);

export interface HostDiff {
  host: string;
  state: 'in-sync' | 'differs' | 'down';
  /** Release entries the host does not run. */
  missing: string[];
  /** Fleet updates the host runs that the release does not list. */
  extra: string[];
  why: string[];
}

interface Context {
  release: ReleaseEntry[];
  retired: RetiredEntry[];
  running: { id: string; phase: string; sha256: string; name: string } | null;
}

/** One live host's difference from the release, with a reason for each entry. */
function diffHost(host: string, info: HostApp, c: Context): HostDiff {
  const have = info.fleet_updates;
  const missing = c.release.filter((e) => !have.some((x) => same(x, e.sha256)));
  const extra = have.filter((x) => !c.release.some((e) => same(x, e.sha256)));
  const why: string[] = [];
  const online = info.instances.filter((i) => i.status === 'online').length;
  for (const e of missing) {
    const failed = info.failed_here?.find((f) => f.update_id === fleetUpdateId(e.rollout, e.sha256));
    if (failed) why.push(`${e.name}: failed here, not tried again until the release changes (${failed.error})`);
    else if (online < info.instances.length) why.push(`${e.name}: not caught up yet, ${online}/${info.instances.length} instances online`);
    else if (c.running?.phase === 'reverting' && c.running.id === e.rollout) why.push(`${e.name}: withdrawn by rollout ${c.running.id}, under way`);
    else why.push(`${e.name}: not caught up yet (its reconcile converges, within 30 s)`);
  }
  for (const x of extra) {
    const gone = c.retired.find((r) => same(x, r.sha256));
    if (c.running && same(x, c.running.sha256)) why.push(`${c.running.name}: rollout ${c.running.id} is ${c.running.phase}, not in the release until it succeeds`);
    else if (gone) why.push(`${gone.name}: withdrawn (${gone.by === gone.rollout ? `rollout ${gone.rollout} reverted` : `by ${gone.by}`}), not undone here yet`);
    else why.push(`${x.slice(0, 12)}…: not in the release (a rollout to --hosts only, or one whose record was pruned)`);
  }
  const order = !missing.length && !extra.length && have.some((x, i) => !same(x, c.release[i]?.sha256 ?? ''));
  if (order) why.push('the same updates in another order');
  return { host, state: why.length ? 'differs' : 'in-sync', missing: missing.map((e) => e.name), extra: extra.map((x) => c.retired.find((r) => same(x, r.sha256))?.name ?? (c.running && same(x, c.running.sha256) ? c.running.name : x)), why };
}

export async function diff(client: Etcd3, keys: FleetKeys, app: string, json: boolean): Promise<number> {
  const [{ live, members }, { release, retired }, pointerText] = await Promise.all([hostsAndMembers(client, keys), readReleaseLists(client, keys, app), client.get(keys.pointer(app)).string()]);
  const pointer = checkPointer(pointerText);
  let running: Context['running'] = null;
  if (pointer.ok && pointer.value && pointer.value.phase !== 'over') {
    const plan = await readPlan(client, keys, pointer.value.rollout).catch(() => null);
    if (plan) running = { id: plan.id, phase: pointer.value.phase, sha256: plan.sha256, name: plan.name };
  }
  const c: Context = { release, retired, running };
  const up = new Set(live.map((h) => h.host));
  const rows: HostDiff[] = [
    ...live.filter((h) => h.apps[app]).map((h) => diffHost(h.host, h.apps[app], c)),
    ...members.filter((m) => !up.has(m.host) && m.apps.includes(app)).map((m): HostDiff => ({ host: m.host, state: 'down', missing: [], extra: [], why: ['down: converges to the release when it is back'] })),
  ].sort((a, b) => a.host.localeCompare(b.host));
  const differ = rows.filter((r) => r.state === 'differs').length;
  if (json) print(JSON.stringify({ app, release, hosts: rows }));
  else {
    print(`release of ${app}: ${release.length ? release.map((e) => escapeControl(e.name)).join(', ') : 'empty'}`);
    // Host names and reasons come from etcd: printed escaped (audit N-F3).
    const table = rows.map((r) => [escapeControl(r.host), r.state, escapeControl(r.why.join('; '))]);
    const head = ['HOST', 'STATE', 'WHY'];
    const widths = head.map((t, i) => Math.max(t.length, ...table.map((r) => r[i].length)));
    for (const r of [head, ...table]) print(r.map((x, i) => (i === r.length - 1 ? x : x.padEnd(widths[i]))).join('  ').trimEnd());
    print(differ ? `${differ} of ${rows.length} host(s) differ from the release of ${app}` : `every live host of ${app} runs its release`);
  }
  return differ ? 1 : 0;
}
