// What a host's fleet agent needs of the daemon (or of bench/fleet's simulated hosts): its apps'
// releases, its memory of orders and failures, and what applying and undoing a fleet update mean.
import type { HostRecord, StoredUpdate } from '../../protocol/fleet';
import type { FieldsOf, FleetEventName, Level } from '../../protocol/events';
import type { Checked } from './etcd-records';
import type { ApplyOptions, ApplyOutcome } from './host-apply';
import type { FleetUpdateInForce, LocalRelease } from './local-release';

/** What the host remembers of orders and failures (applied-store.ts, or the bench's memory). */
export interface HostMemory {
  claim(order: string): boolean;
  claimed(order: string): boolean;
  failedHere(app: string): { update_id: string; error: string }[];
  markFailed(app: string, updateId: string, error: string): void;
  clearFailed(updateId: string): void;
  unverified(app: string): string[];
  setUnverified(app: string, ids: string[]): void;
}

export interface AgentDeps {
  /** Per app: instances, statuses, updates. */
  snapshot(): Promise<HostRecord['apps']>;
  release: LocalRelease;
  memory: HostMemory;
  /** Applies a checked stored update to the whole app; never throws. */
  apply(app: string, update: Checked<StoredUpdate>, updateId: string, opts: ApplyOptions): Promise<ApplyOutcome>;
  /** Undoes a fleet update in force; resolves to why it could not, or null. Never throws. */
  undo(app: string, target: FleetUpdateInForce): Promise<string | null>;
  /** Whether the app is healthy now (after updates applied before it was online); why not, or null. */
  unhealthy(app: string): Promise<string | null>;
  event<E extends FleetEventName | 'daemon.warning'>(name: E, msg: string, fields: FieldsOf<E>, level?: Level): void;
}

