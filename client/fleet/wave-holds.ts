// What may hold a rollout between two waves (issue 19 item 7, SPEC 8 operator verbs), and its
// rollout-wide deadline. As the anchors do it: `fleet pause` / `fleet resume` (Nomad's deployment
// pause/resume: the wave under way finishes, no new one starts), a gate after the waves named by
// --pause-after that only `fleet promote` opens (Argo Rollouts' `pause: {}` step and `promote`), and
// --interval between waves (Argo's `pause: {duration}`), which `fleet promote` also skips.
// --progress-deadline bounds the time the waves themselves take: time held is not counted (Argo and
// Kubernetes do not count a paused rollout either), nor etcd outages (the coordinator's own clock).
// Pure functions of the plan, the progress record and the operators' controls, so that a resumed
// coordinator holds exactly where the dead one did (a hold is written to the progress record).
import type { RolloutControl, RolloutHold, RolloutPlan, RolloutProgress } from '../../protocol/fleet-rollout';
import type { EtcdOutages } from './etcd-outages';

/** Why the rollout's next wave may not start at `now`, or null. */
export function holdBefore(plan: RolloutPlan, progress: RolloutProgress, control: RolloutControl, now: number): RolloutHold['why'] | null {
  const w = progress.wave;
  if (progress.phase !== 'running' || w === 0 || w >= plan.waves.length || progress.ordered_at[w] !== undefined) return null;
  if (control.paused) return 'paused';
  if (control.promoted >= w) return null;
  if (plan.options.pause_after?.includes(w - 1)) return 'gate';
  const interval = plan.options.interval_ms ?? 0;
  // Counted from when the wait began (kept in the record: a resumed coordinator waits the rest).
  const since = progress.held?.why === 'interval' ? progress.held.since : now;
  return interval > 0 && now < since + interval ? 'interval' : null;
}

/** The progress record with `why` as its hold from `now` (null: none), the time held so far added up. */
export function withHold(progress: RolloutProgress, why: RolloutHold['why'] | null, now: number): RolloutProgress {
  const { held, ...rest } = progress;
  const held_ms = (progress.held_ms ?? 0) + (held ? Math.max(0, now - held.since) : 0);
  return { ...rest, held_ms, updated_at: now, ...(why ? { held: { why, since: now } } : {}) };
}

/** Why the rollout is past its --progress-deadline (time held and etcd outages not counted), or null. */
export function pastProgressDeadline(plan: RolloutPlan, progress: RolloutProgress, outages: EtcdOutages, now = Date.now()): string | null {
  const limit = plan.options.progress_deadline_ms;
  if (!limit || progress.phase !== 'running') return null;
  const held = (progress.held_ms ?? 0) + (progress.held ? Math.max(0, now - progress.held.since) : 0);
  if (!outages.pastDeadline(plan.created_at, limit + held, now)) return null;
  return `not through its waves within --progress-deadline ${limit / 1000} s (at wave ${Math.min(progress.wave + 1, plan.waves.length)}/${plan.waves.length}; time held and etcd outages not counted)`;
}

/** How `fleet status` says a hold. */
export function describeHold(plan: { waves: string[][] }, progress: { wave: number; held?: RolloutHold }): string | null {
  if (!progress.held) return null;
  const next = `wave ${progress.wave + 1}/${plan.waves.length}`;
  switch (progress.held.why) {
    case 'paused': return `paused before ${next}: \`moult fleet resume\` goes on`;
    case 'gate': return `waiting before ${next} for \`moult fleet promote\``;
    case 'interval': return `--interval before ${next}`;
  }
}
