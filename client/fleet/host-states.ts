// What each host of a rollout is, and so what the rollout is (SPEC 8: the record never claims what
// the hosts do not run). Derived, never stored: from the plan, where the rollout stands (progress),
// the results the hosts wrote (their order's action, and the revert of a rollout that did not
// succeed) and the coordinator's silent verdicts. The coordinator, `fleet status` and the JSON
// output all use this one function, so they cannot disagree.
import type { OrderResult, ResultAction } from '../../protocol/fleet';
import type {
  HostState, RolloutCause, RolloutHost, RolloutPlan, RolloutProgress, RolloutState, RolloutView, SilentVerdict,
} from '../../protocol/fleet-rollout';

export interface HostFacts {
  results: Partial<Record<ResultAction, OrderResult>>;
  verdict?: SilentVerdict;
}

export type Facts = Map<string, HostFacts>;

/** The result key's last parts (`<host>/<action>`), or null for a key that is not one. */
export function resultKeyParts(rest: string): { host: string; action: ResultAction } | null {
  const [host, action, ...more] = rest.split('/');
  if (more.length || !host || (action !== 'apply' && action !== 'rollback' && action !== 'revert')) return null;
  return { host, action };
}

/** The forward action of a rollout's orders: `fleet rollback` orders hosts to roll back an entry. */
export const forwardAction = (plan: RolloutPlan): 'apply' | 'rollback' => (plan.kind === 'rollback' ? 'rollback' : 'apply');

function ordered(plan: RolloutPlan, progress: RolloutProgress, wave: number): boolean {
  return wave < progress.wave || (wave === progress.wave && progress.ordered_at[wave] !== undefined) || (progress.phase === 'over' && progress.cause === 'success');
}

// Each host's wave (-1: missed), indexed once per plan: looked up for every host on every pass of
// the coordinator's wave loop, a scan of the waves made that quadratic (10 000 hosts: 10^8 steps
// a pass).
const waveIndex = new WeakMap<RolloutPlan, Map<string, number>>();

function waveOf(plan: RolloutPlan, host: string): number | undefined {
  let index = waveIndex.get(plan);
  if (!index) {
    index = new Map();
    plan.waves.forEach((hosts, w) => { for (const h of hosts) if (!index!.has(h)) index!.set(h, w); });
    for (const h of plan.missed) index.set(h, -1);
    waveIndex.set(plan, index);
  }
  return index.get(host);
}

export function hostState(plan: RolloutPlan, progress: RolloutProgress, host: string, facts: HostFacts | undefined): RolloutHost {
  const indexed = waveOf(plan, host);
  if (indexed === -1) return { wave: -1, state: 'missed', error: 'down when the rollout started: converges to the release when it is back' };
  const wave = indexed ?? -1;
  const orderedAt = progress.ordered_at[wave];
  const base = { wave, ...(orderedAt !== undefined ? { ordered_at: orderedAt } : {}) };
  const fwd = facts?.results[forwardAction(plan)];
  const revert = facts?.results.revert;
  const rollbackKind = plan.kind === 'rollback';
  if (!fwd) {
    // A revert without the forward result: etcd lost that result (a new etcd), the host undid it since.
    if (revert && !rollbackKind) {
      const at = { ...base, done_at: revert.at };
      return revert.outcome === 'rolledback' ? { ...at, state: 'rolledback' } : { ...at, state: 'rollback-failed', error: 'error' in revert ? revert.error : 'its revert failed' };
    }
    if (facts?.verdict) return { ...base, state: 'silent', error: facts.verdict.error };
    return ordered(plan, progress, wave) ? { ...base, state: 'ordered' } : { wave, state: 'pending' };
  }
  const done = { ...base, done_at: fwd.at };
  switch (fwd.outcome) {
    case 'refused': return { ...done, state: 'refused', error: fwd.error };
    case 'failed':
      // A `fleet rollback` that failed on the host leaves the entry in force there.
      return rollbackKind ? { ...done, state: 'rollback-failed', error: fwd.error } : { ...done, state: 'failed', error: fwd.error };
    case 'rollback-failed':
      if (revert?.outcome === 'rolledback') return { ...done, done_at: revert.at, state: 'rolledback' };
      return { ...done, state: 'rollback-failed', error: fwd.error };
    default: break;
  }
  // The rollout's change is in force on the host, unless it was reverted since.
  if (revert) {
    const at = { ...done, done_at: revert.at };
    if (revert.outcome === 'rolledback') return rollbackKind ? { ...at, state: 'completed' } : { ...at, state: 'rolledback' };
    const error = 'error' in revert ? revert.error : 'its revert failed';
    return rollbackKind ? { ...at, state: 'failed', error: `could not apply the entry again: ${error}` } : { ...at, state: 'rollback-failed', error };
  }
  return rollbackKind ? { ...done, state: 'rolledback' } : { ...done, state: 'completed' };
}

/** Hosts whose state says the rollout's change may be in force there. */
function changeInForce(plan: RolloutPlan, s: HostState): boolean {
  return plan.kind === 'rollback'
    ? s === 'rolledback' || s === 'ordered' || s === 'silent' || s === 'failed'
    : s === 'completed' || s === 'ordered' || s === 'silent' || s === 'rollback-failed';
}

const ENDED: Record<Exclude<RolloutCause, 'success'>, RolloutState> = {
  failures: 'rolledback', abort: 'aborted', supersede: 'superseded', 'etcd-lost': 'rolledback', 'progress-deadline': 'rolledback',
};

/** The rollout's state and the reason, from where it stands and its hosts. */
export function rolloutState(plan: RolloutPlan, progress: RolloutProgress, hosts: Record<string, RolloutHost>): { state: RolloutState; reason?: string } {
  const reason = progress.reason;
  if (progress.phase === 'running') return { state: 'running', ...(reason ? { reason } : {}) };
  if (progress.phase === 'reverting') return { state: 'reverting', ...(reason ? { reason } : {}) };
  const cause = progress.cause ?? 'failures';
  if (cause === 'success') return { state: 'succeeded', ...(reason ? { reason } : {}) };
  const left = Object.entries(hosts).filter(([, h]) => h.wave >= 0 && changeInForce(plan, h.state));
  if (!left.length && !(plan.kind === 'rollback' && cause === 'failures')) return { state: ENDED[cause], ...(reason ? { reason } : {}) };
  const what = plan.kind === 'rollback' ? `may still lack ${plan.name}` : `may still run ${plan.name}`;
  const names = left.slice(0, 10).map(([h, s]) => `${h} (${s.state})`).join(', ');
  const more = left.length > 10 ? `, … ${left.length - 10} more` : '';
  const tail = left.length ? `${left.length} host(s) ${what}: ${names}${more}` : '';
  return { state: 'failed', reason: [reason, tail].filter(Boolean).join('; ') };
}

/** The rollout as `fleet status` shows it: its plan, where it stands, each host's state. */
export function rolloutView(plan: RolloutPlan, progress: RolloutProgress, facts: Facts): RolloutView {
  const hosts: Record<string, RolloutHost> = {};
  for (const h of [...plan.waves.flat(), ...plan.missed]) hosts[h] = hostState(plan, progress, h, facts.get(h));
  const { state, reason } = rolloutState(plan, progress, hosts);
  return {
    ...plan, state, phase: progress.phase, wave: progress.wave, hosts, updated_at: progress.updated_at,
    ...(progress.cause ? { cause: progress.cause } : {}), ...(reason ? { reason } : {}), ...(progress.ended_at ? { ended_at: progress.ended_at } : {}),
    ...(progress.held && progress.phase === 'running' ? { held: progress.held } : {}),
  };
}
