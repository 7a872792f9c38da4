// What `moult fleet` reads to show the fleet: the hosts (live records and members), a rollout as it
// stands (its plan, progress, the hosts' results and verdicts, derived in host-states.ts), and the
// list of rollouts, read page by page from their small progress records (the plans can be large:
// `fleet status` once broke for good past 4 MiB of them, audit row 9).
import type { Etcd3 } from 'etcd3';
import { parseJson, type FleetKeys, type HostRecord, type MemberRecord, type ReleaseEntry, type RetiredEntry } from '../../protocol/fleet';
import type { RolloutPlan, RolloutProgress, RolloutView } from '../../protocol/fleet-rollout';
import { checkPlan, checkProgress, checkResult, checkRetired, checkVerdict, isObject, json } from '../../protocol/fleet-records';
import { readAll } from '../../protocol/fleet-watch';
import { CliError } from '../errors';
import { resultKeyParts, rolloutView, type Facts, type HostFacts } from './host-states';

export async function hostsAndMembers(client: Etcd3, keys: FleetKeys): Promise<{ live: HostRecord[]; members: MemberRecord[] }> {
  const [hosts, members] = await Promise.all([readAll(client, { prefix: keys.hosts }), readAll(client, { prefix: keys.members })]);
  return {
    live: Object.values(hosts.kvs).map((v) => parseJson<HostRecord>(v)).filter((h): h is HostRecord => !!h?.host && typeof h.apps === 'object' && h.apps !== null),
    members: Object.values(members.kvs).map((v) => parseJson<MemberRecord>(v)).filter((m): m is MemberRecord => !!m?.host && Array.isArray(m.apps)),
  };
}

export async function readPlan(client: Etcd3, keys: FleetKeys, id: string): Promise<RolloutPlan> {
  const text = await client.get(keys.rollout(id)).string();
  if (text === null) throw new CliError(2, `no rollout ${id} in the fleet`);
  const c = checkPlan(text, id);
  if (!c.ok) throw new CliError(1, `${keys.rollout(id)}: ${c.problem}`);
  return c.value;
}

export async function readProgress(client: Etcd3, keys: FleetKeys, plan: RolloutPlan): Promise<RolloutProgress> {
  const c = checkProgress(await client.get(keys.progress(plan.app, plan.id)).string(), `rollout ${plan.id}'s progress`);
  if (!c.ok) throw new CliError(1, c.problem);
  return c.value;
}

/** Every host's results and verdict of a rollout. */
export async function readFacts(client: Etcd3, keys: FleetKeys, id: string): Promise<Facts> {
  const [results, verdicts] = await Promise.all([readAll(client, { prefix: keys.results(id) }), readAll(client, { prefix: keys.verdicts(id) })]);
  const facts: Facts = new Map();
  const of = (h: string): HostFacts => facts.get(h) ?? (facts.set(h, { results: {} }).get(h) as HostFacts);
  for (const [k, v] of Object.entries(results.kvs)) {
    const parts = resultKeyParts(k.slice(keys.results(id).length));
    const r = checkResult(v);
    if (parts && r.ok) of(parts.host).results[parts.action] = r.value;
  }
  for (const [k, v] of Object.entries(verdicts.kvs)) {
    const c = checkVerdict(v);
    if (c.ok) of(k.slice(keys.verdicts(id).length)).verdict = c.value;
  }
  return facts;
}

/** A rollout as it stands now: its hosts' states follow from what they reported since, too. */
export async function readView(client: Etcd3, keys: FleetKeys, id: string): Promise<RolloutView> {
  const plan = await readPlan(client, keys, id);
  const [progress, facts] = await Promise.all([readProgress(client, keys, plan), readFacts(client, keys, id)]);
  return rolloutView(plan, progress, facts);
}

/** Every rollout's progress record (small), oldest first: what `fleet status` lists. */
export async function listRollouts(client: Etcd3, keys: FleetKeys): Promise<RolloutProgress[]> {
  const { kvs } = await readAll(client, { prefix: keys.progressAll }, 500);
  return Object.values(kvs).map((t) => checkProgress(t, 'a progress record')).flatMap((c) => (c.ok ? [c.value] : [])).sort((a, b) => a.created_at - b.created_at);
}

/** The app's fleet release and retired list as etcd holds them (entries of another shape left out). */
export async function readReleaseLists(client: Etcd3, keys: FleetKeys, app: string): Promise<{ release: ReleaseEntry[]; retired: RetiredEntry[] }> {
  const [releaseText, retiredText] = await Promise.all([client.get(keys.release(app)).string(), client.get(keys.retired(app)).string()]);
  const parsed = json(releaseText ?? '[]', 'the release');
  const release = parsed.ok && Array.isArray(parsed.value)
    ? (parsed.value as unknown[]).filter((e): e is ReleaseEntry => isObject(e) && typeof e.sha256 === 'string' && typeof e.name === 'string' && typeof e.rollout === 'string')
    : [];
  const retired = checkRetired(retiredText);
  return { release, retired: retired.ok ? retired.value : [] };
}

/** The app's rollouts' progress records (paged), oldest first. */
export async function rolloutsOf(client: Etcd3, keys: FleetKeys, app: string): Promise<RolloutProgress[]> {
  const { kvs } = await readAll(client, { prefix: keys.progressOf(app) }, 500);
  return Object.values(kvs).map((t) => checkProgress(t, 'a progress record')).flatMap((c) => (c.ok && c.value.app === app ? [c.value] : [])).sort((a, b) => a.created_at - b.created_at);
}
