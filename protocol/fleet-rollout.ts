// SPEC 8: a rollout as etcd keeps it and as `moult fleet` shows it. The plan is written once; where
// it stands (phase, wave) is a small record of its own, written once a wave; what each host did is
// in the hosts' own result keys. So a rollout costs a constant number of writes per host, and the
// per-host states and the rollout's final state are derived from those keys (client/fleet/
// host-states.ts), never stored beside them (they could disagree).
import type { UpdateKind } from './fleet';

export type RolloutKind = UpdateKind | 'rollback';

export interface RolloutOptions {
  /** --hosts as given: a rollout to part of the fleet does not change the app's release. */
  hosts?: string;
  canary: number;
  batch: string;
  max_failures: number;
  min_healthy_ms: number;
  deadline_ms: number;
  /** --interval: the wait between a wave passing and the next one's orders (`fleet promote` skips it). */
  interval_ms?: number;
  /**
   * --progress-deadline: the whole rollout must pass its waves within this time from its start, the
   * time it was paused or waiting for `fleet promote` not counted (Kubernetes' progressDeadlineSeconds,
   * Argo's progressDeadlineAbort); past it the rollout is reverted, cause `progress-deadline`.
   */
  progress_deadline_ms?: number;
  /** --pause-after: waves (0-based) whose next wave waits for `fleet promote` (Argo's `pause: {}` step). */
  pause_after?: number[];
}

/** `<prefix>/rollouts/<id>`: the plan, written once when the rollout starts. */
export interface RolloutPlan {
  id: string;
  app: string;
  kind: RolloutKind;
  sha256: string;
  /** The update's name (its file's base name). */
  name: string;
  /** The app's rollout generation (RolloutPointer.generation) this rollout holds. */
  generation: number;
  options: RolloutOptions;
  waves: string[][];
  /** Hosts seen before but down when the rollout started. */
  missed: string[];
  created_at: number;
}

/** Why a rollout ended, as the coordinator knew it; its state follows from this and its hosts. */
export type RolloutCause = 'success' | 'failures' | 'abort' | 'supersede' | 'etcd-lost' | 'progress-deadline';

/**
 * What a rollout's state is. `running` (waves under way), `reverting` (every host that got the
 * update undoes it), then one of: `succeeded`; `rolledback`, `aborted`, `superseded` (reverted,
 * and no host still has the update); `failed` (a `fleet rollback` that could not be carried out,
 * or a revert some host did not (yet) carry out: the reason names them).
 */
export type RolloutState = 'running' | 'reverting' | 'succeeded' | 'rolledback' | 'aborted' | 'superseded' | 'failed';

/** `<prefix>/progress/<app>/<id>`: where the rollout stands; also what `fleet status` lists. */
export interface RolloutProgress {
  id: string;
  app: string;
  kind: RolloutKind;
  name: string;
  phase: 'running' | 'reverting' | 'over';
  /** The wave under way (waves.length once all passed). */
  wave: number;
  /** When each wave's orders were written (index: wave). */
  ordered_at: number[];
  cause?: RolloutCause;
  reason?: string;
  /** Its state as derived when the coordinator ended it (a host that reports later may change it). */
  state: RolloutState;
  created_at: number;
  updated_at: number;
  ended_at?: number;
  /** Why the rollout is held before its next wave, since when (written when a hold begins and ends). */
  held?: RolloutHold;
  /** Time held so far (pauses, gates, intervals): not counted against --progress-deadline. */
  held_ms?: number;
}

/** `paused`: `fleet pause`; `gate`: a --pause-after gate waiting for `fleet promote`; `interval`: --interval. */
export interface RolloutHold {
  why: 'paused' | 'gate' | 'interval';
  since: number;
}

/**
 * `<prefix>/controls/<id>`: what operators asked of a running rollout (`fleet pause|resume|promote`),
 * read by its coordinator between waves. Written by compare-and-swap (two operators at once).
 */
export interface RolloutControl {
  /** `fleet pause`: no new wave starts until `fleet resume` (the wave under way finishes). */
  paused: boolean;
  /** `fleet promote`: waves up to this index (0-based) start without their gate or interval wait; -1: none. */
  promoted: number;
  at: number;
}

/** `<prefix>/aborts/<id>`: an operator (`fleet abort`) or a newer rollout (`--supersede`) asks it to stop. */
export interface AbortRequest {
  cause: 'abort' | 'supersede';
  at: number;
  /** --supersede: the app and update of the newer rollout. */
  by?: string;
}

/** `<prefix>/verdicts/<id>/<host>`: a host the coordinator found silent past --deadline. */
export interface SilentVerdict {
  at: number;
  error: string;
}

/**
 * Each host of a rollout is in exactly one of these states (SPEC 8: the record never claims what
 * the hosts do not run). Whether the host may have the update is part of the state:
 * `completed`, `ordered`, `silent`, `rollback-failed` may; the others do not.
 */
interface HostBase {
  /** -1: missed (not in a wave). */
  wave: number;
  ordered_at?: number;
  done_at?: number;
}
export type RolloutHost = HostBase & (
  | { state: 'pending' }
  | { state: 'ordered' }
  | { state: 'completed' }
  | { state: 'rolledback' }
  | { state: 'missed'; error: string }
  | { state: 'failed'; error: string }
  | { state: 'refused'; error: string }
  | { state: 'silent'; error: string }
  | { state: 'rollback-failed'; error: string }
);
export type HostState = RolloutHost['state'];

/** What may still run the rollout's change (for `fleet rollback`: may still lack the entry). */
export const MAY_HAVE_IT: ReadonlySet<HostState> = new Set<HostState>(['completed', 'ordered', 'silent', 'rollback-failed']);

/** A rollout as `fleet status <id> --json` and `--json` print it: the plan with where it stands. */
export interface RolloutView extends RolloutPlan {
  state: RolloutState;
  phase: RolloutProgress['phase'];
  wave: number;
  cause?: RolloutCause;
  reason?: string;
  hosts: Record<string, RolloutHost>;
  updated_at: number;
  ended_at?: number;
  /** Held before its next wave (running only). */
  held?: RolloutHold;
}
