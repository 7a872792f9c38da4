// SPEC 8: what a fleet keeps in etcd, shared by the daemons (hosts) and the CLI (coordinator).
// Every key lives under the fleet's prefix; values are JSON. Nothing of a rollout lives elsewhere.

/** One instance of an app as a host reports it. */
export interface HostInstance {
  instance: number;
  pid: number | null;
  status: string;
  updates: string[];
}

/** `<prefix>/hosts/<host>`: kept under the daemon's lease, so gone when the daemon is. */
export interface HostRecord {
  host: string;
  labels: Record<string, string>;
  moult: string;
  node: string;
  pid: number;
  apps: Record<string, { instances: HostInstance[]; fleet_updates: string[]; packages?: HostPackage[] }>;
  updated_at: number;
}

/** A package version a release put in force on this host (SPEC 6.5), for `fleet ls --package`. */
export interface HostPackage {
  name: string;
  path: string;
  version: string;
  how: 'hot' | 'reload' | 'restart';
}

/** `<prefix>/members/<host>`: no lease; a host once seen, so that one down during a rollout is `missed`. */
export interface MemberRecord {
  host: string;
  labels: Record<string, string>;
  apps: string[];
  seen_at: number;
}

export type UpdateKind = 'update' | 'patch';

/** `<prefix>/updates/<sha256>`: an update's source, stored once, with its signature. */
export interface StoredUpdate {
  kind: UpdateKind;
  /** The update file's base name (the update is named after it, as with `moult update`). */
  name: string;
  sha256: string;
  source: string;
  /** base64 ed25519 signature of the source. */
  signature?: string;
  /** `fleet patch --target`. */
  target?: string;
  /**
   * `fleet patch <app> <dir|tarball|git-ref>` / `--package` (SPEC 6.5): `source` is then the base64
   * of a tarball of the release as the client resolved it; each host builds its release from it
   * against its own tree.
   */
  release?: { kind: 'tree' | 'package'; name?: string; label: string };
}

export type OrderAction = 'apply' | 'rollback';

/** `<prefix>/orders/<host>/<rollout>/<action>`: written once by the coordinator. */
export interface Order {
  rollout: string;
  app: string;
  action: OrderAction;
  sha256: string;
  issued_at: number;
  deadline_ms: number;
  min_healthy_ms: number;
}

/** `<prefix>/results/<rollout>/<host>/<action>`: written once by the host (compare-and-swap). */
export interface OrderResult {
  outcome: 'completed' | 'failed';
  error?: string;
  /** Names of the updates the module produced (what a rollback undoes). */
  updates?: string[];
  at: number;
}

export type HostState = 'pending' | 'ordered' | 'completed' | 'failed' | 'missed' | 'rolledback' | 'rollback-failed';
export type RolloutState = 'running' | 'succeeded' | 'rolledback' | 'aborted' | 'failed';
export type RolloutKind = UpdateKind | 'rollback';

export interface RolloutOptions {
  /** --hosts as given: a rollout to part of the fleet does not change the app's release. */
  hosts?: string;
  canary: number;
  batch: string;
  max_failures: number;
  min_healthy_ms: number;
  deadline_ms: number;
}

export interface RolloutHost {
  wave: number;
  state: HostState;
  error?: string;
  ordered_at?: number;
  done_at?: number;
}

/** `<prefix>/rollouts/<id>`: the plan (waves, canary first) and where it stands. */
export interface RolloutRecord {
  id: string;
  app: string;
  kind: RolloutKind;
  sha256: string;
  /** The update's name (its file's base name). */
  name: string;
  options: RolloutOptions;
  waves: string[][];
  /** The wave under way (waves.length once all passed). */
  wave: number;
  state: RolloutState;
  hosts: Record<string, RolloutHost>;
  created_at: number;
  updated_at: number;
  /** Why the rollout stopped, when it did not succeed. */
  reason?: string;
}

/** One entry of `<prefix>/apps/<app>/release`: the updates of the app's succeeded rollouts, in order. */
export interface ReleaseEntry {
  sha256: string;
  kind: UpdateKind;
  name: string;
  rollout: string;
}

/**
 * The update id a fleet update gets on every host and instance (orders and catch-ups alike), so
 * that state.json records it once and a restarted instance's replay is known to include it.
 */
export function fleetUpdateId(rollout: string, sha256: string): string {
  return `fleet-${rollout}-${sha256.slice(0, 16)}`;
}

/** Update sources over this size are refused: etcd's request limit is 1.5 MiB. */
export const MAX_FLEET_UPDATE_BYTES = 1024 * 1024;

export function fleetKeys(prefix: string) {
  const p = prefix.replace(/\/+$/, '');
  return {
    hosts: `${p}/hosts/`,
    host: (h: string) => `${p}/hosts/${h}`,
    members: `${p}/members/`,
    member: (h: string) => `${p}/members/${h}`,
    update: (sha: string) => `${p}/updates/${sha}`,
    rollouts: `${p}/rollouts/`,
    rollout: (id: string) => `${p}/rollouts/${id}`,
    lock: (id: string) => `${p}/locks/${id}`,
    abort: (id: string) => `${p}/aborts/${id}`,
    orders: (h: string) => `${p}/orders/${h}/`,
    order: (h: string, id: string, a: OrderAction) => `${p}/orders/${h}/${id}/${a}`,
    results: (id: string) => `${p}/results/${id}/`,
    result: (id: string, h: string, a: OrderAction) => `${p}/results/${id}/${h}/${a}`,
    release: (app: string) => `${p}/apps/${app}/release`,
  };
}
export type FleetKeys = ReturnType<typeof fleetKeys>;

/** A JSON value read from etcd, or null if absent or not JSON (a stray key must not crash anyone). */
export function parseJson<T>(text: string | null): T | null {
  if (text === null) return null;
  try {
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
}
