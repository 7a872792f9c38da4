// The end of a rollout, in one transaction fenced by the app's lock: its progress (the state that
// follows from its hosts), the app's pointer (over: the next rollout may start), and the app's
// desired state. A rollout that succeeded appends its update to the release, once (a resumed
// coordinator finds its entry there: audit row 6d), or, for `fleet rollback`, takes the entry off
// and retires it; one that was reverted retires its update, so that a host still running it (one
// that was away) undoes it when it is back. The release and the retired list are compared by their
// revision: another writer in between makes the transaction run again on what it wrote.
import type { Etcd3, IOperation } from 'etcd3';
import type { FleetKeys, ReleaseEntry, RetiredEntry, RolloutPointer } from '../../protocol/fleet';
import type { RolloutPlan, RolloutProgress } from '../../protocol/fleet-rollout';
import { checkRetired, json } from '../../protocol/fleet-records';
import type { AppLock } from './app-lock';
import type { EtcdOutages } from './etcd-outages';
import type { RolloutFeed } from './rollout-feed';
import { rolloutView } from './host-states';

type Txn = ReturnType<Etcd3['if']>;

/** What the end needs of the coordinator: its fenced write and the records it puts. */
export interface Fencing {
  etcd: Etcd3;
  fleetKeys: FleetKeys;
  outages: EtcdOutages;
  fenced(lock: AppLock, ops: IOperation[], also?: (t: Txn) => Txn): Promise<boolean>;
  progressOp(p: RolloutProgress): IOperation;
  pointerOp(plan: RolloutPlan, phase: RolloutPointer['phase']): IOperation;
}

/** How many retired entries an app keeps (a host away longer than that many withdrawals keeps what it runs, and says so). */
const RETIRED_KEEP = 100;

interface Versioned<T> {
  value: T;
  /** The key's mod revision, or null when absent (compared as Create == 0). */
  mod: string | null;
}

async function read<T>(client: Etcd3, key: string, parse: (text: string | null) => T): Promise<Versioned<T>> {
  const kv = (await client.get(key).exec()).kvs[0];
  return { value: parse(kv ? kv.value.toString() : null), mod: kv ? String(kv.mod_revision) : null };
}

const releaseOf = (text: string | null): ReleaseEntry[] => {
  const j = json(text, 'the release');
  return j.ok && Array.isArray(j.value) ? (j.value as ReleaseEntry[]) : [];
};
const retiredOf = (text: string | null): RetiredEntry[] => {
  const c = checkRetired(text);
  return c.ok ? c.value : [];
};

/** The release and retired list after this rollout, or null when they stay as they are. */
function desired(plan: RolloutPlan, success: boolean, release: ReleaseEntry[], retired: RetiredEntry[]): { release: ReleaseEntry[]; retired: RetiredEntry[] } | null {
  const now = Date.now();
  if (!success) {
    if (plan.kind === 'rollback' || retired.some((r) => r.rollout === plan.id && r.sha256 === plan.sha256)) return null;
    return { release, retired: [...retired, { sha256: plan.sha256, rollout: plan.id, name: plan.name, by: plan.id, at: now }].slice(-RETIRED_KEEP) };
  }
  // A rollout to part of the fleet (--hosts) leaves the app's release alone.
  if (plan.options.hosts) return null;
  if (plan.kind === 'rollback') {
    const at = release.map((e) => e.sha256).lastIndexOf(plan.sha256);
    if (at === -1) return null;
    const entry = release[at];
    return {
      release: release.filter((_, i) => i !== at),
      retired: [...retired, { sha256: entry.sha256, rollout: entry.rollout, name: entry.name, by: plan.id, at: now }].slice(-RETIRED_KEEP),
    };
  }
  if (release.some((e) => e.rollout === plan.id)) return null;
  return {
    release: [...release, { sha256: plan.sha256, kind: plan.kind, name: plan.name, rollout: plan.id }],
    // Content rolled out again after it was withdrawn is the app's again.
    retired: retired.filter((r) => r.sha256 !== plan.sha256),
  };
}

export async function endTxn(c: Fencing, plan: RolloutPlan, progress: RolloutProgress, feed: RolloutFeed, lock: AppLock): Promise<RolloutProgress> {
  const client = c.etcd;
  const keys = c.fleetKeys;
  const success = progress.cause === 'success';
  for (;;) {
    const now = Date.now();
    const ending: RolloutProgress = { ...progress, phase: 'over', ...(success ? { wave: plan.waves.length } : {}), updated_at: now, ended_at: now };
    // The state as it follows from the hosts now (the reason keeps the cause: the hosts' part of it is derived again when shown).
    const { state } = rolloutView(plan, ending, feed.facts);
    const final: RolloutProgress = { ...ending, state };
    const [release, retired] = await c.outages.retry(() => Promise.all([read(client, keys.release(plan.app), releaseOf), read(client, keys.retired(plan.app), retiredOf)]));
    const next = desired(plan, success, release.value, retired.value);
    const ops: IOperation[] = [c.progressOp(final), c.pointerOp(plan, 'over')];
    if (next) ops.push(client.put(keys.release(plan.app)).value(JSON.stringify(next.release)), client.put(keys.retired(plan.app)).value(JSON.stringify(next.retired)));
    const guard = (key: string, v: Versioned<unknown>) => (t: Txn): Txn => (v.mod === null ? t.and(key, 'Create', '==', 0) : t.and(key, 'Mod', '==', v.mod));
    const committed = await c.fenced(lock, ops, next ? (t) => guard(keys.retired(plan.app), retired)(guard(keys.release(plan.app), release)(t)) : undefined);
    if (committed) return final;
  }
}
