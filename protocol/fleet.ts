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
  apps: Record<string, HostApp>;
  updated_at: number;
}

/** One app of a host record: its instances, and the fleet updates in force (by sha256, in order). */
export interface HostApp {
  instances: HostInstance[];
  fleet_updates: string[];
  /**
   * Release entries that failed on this host (its health gate, an undo): not applied again by its
   * reconcile until the release changes them (`fleet diff` shows them as drift, with the reason).
   */
  failed_here?: { update_id: string; error: string }[];
  /** Package versions releases put in force (SPEC 6.5), for `fleet ls --package`. */
  packages?: HostPackage[];
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

/**
 * An order's action on its host: `apply` the rollout's update, or (a `fleet rollback` rollout)
 * `rollback` the release entry it names. Undoing a rollout that failed is not an order: its pointer
 * turns `reverting` and every host that has the update undoes it (results under `revert`).
 */
export type OrderAction = 'apply' | 'rollback';
/** Where a host writes what it did: its order's action, or the revert of a rollout that did not succeed. */
export type ResultAction = OrderAction | 'revert';

/** `<prefix>/orders/<host>/<rollout>/<action>`: written once by the coordinator. */
export interface Order {
  rollout: string;
  /**
   * The app's rollout generation this order belongs to (RolloutPointer.generation): a host applies
   * it only while the app's pointer names this rollout and generation, running. Orders of older
   * moults have none: they are never applied (refused as stale).
   */
  generation: number;
  app: string;
  action: OrderAction;
  sha256: string;
  issued_at: number;
  deadline_ms: number;
  min_healthy_ms: number;
}

/**
 * `<prefix>/results/<rollout>/<host>/<action>`: written once by the host (compare-and-swap). What
 * the outcome says about the update on the host is exact: `completed` (the order's change is in
 * force), `failed` (it is not: never applied, or undone on the host), `refused` (a stale order,
 * never taken), `rolledback` (a revert: undone), `rollback-failed` (an undo failed: still in force).
 */
export type OrderResult =
  | { outcome: 'completed'; at: number; updates?: string[]; note?: string }
  | { outcome: 'failed'; at: number; error: string; updates?: string[] }
  | { outcome: 'refused'; at: number; error: string }
  | { outcome: 'rolledback'; at: number; updates?: string[]; note?: string }
  | { outcome: 'rollback-failed'; at: number; error: string; updates?: string[] };
export type ResultOutcome = OrderResult['outcome'];

/**
 * `<prefix>/apps/<app>/rollout`: the app's one rollout at a time (SPEC 8, Reconciliation). A new
 * rollout bumps `generation`. `reverting`: every host that got its update undoes it now.
 */
export interface RolloutPointer {
  rollout: string;
  generation: number;
  phase: 'running' | 'reverting' | 'over';
}

/** One entry of `<prefix>/apps/<app>/release`: the updates of the app's succeeded rollouts, in order. */
export interface ReleaseEntry {
  sha256: string;
  kind: UpdateKind;
  name: string;
  rollout: string;
}

/**
 * One entry of `<prefix>/apps/<app>/retired`: an update withdrawn from the app (its rollout was
 * reverted, or `fleet rollback` took it off the release). A host undoes a fleet update only on
 * such positive evidence (or while its rollout is reverting): never because the release is
 * shorter or gone (etcd lost or restored), which would undo good code on every host at once.
 */
export interface RetiredEntry {
  sha256: string;
  rollout: string;
  name: string;
  /** The rollout that withdrew it (itself when it was reverted). */
  by: string;
  at: number;
}

/**
 * The update id a fleet update gets on every host and instance (orders and catch-ups alike), so
 * that state.json records it once and a restarted instance's replay is known to include it.
 */
export function fleetUpdateId(rollout: string, sha256: string): string {
  return `fleet-${rollout}-${sha256.slice(0, 16)}`;
}

/** An order's deadline and health period: at most a day (`--deadline`, `--min-healthy`), on the host too. */
export const MAX_ORDER_DURATION_MS = 86_400_000;

/** Update sources over this size are refused: etcd's request limit is 1.5 MiB. */
export const MAX_FLEET_UPDATE_BYTES = 1024 * 1024;

export function fleetKeys(prefix: string) {
  const p = prefix.replace(/\/+$/, '');
  return {
    epoch: `${p}/epoch`,
    hosts: `${p}/hosts/`,
    host: (h: string) => `${p}/hosts/${h}`,
    members: `${p}/members/`,
    member: (h: string) => `${p}/members/${h}`,
    update: (sha: string) => `${p}/updates/${sha}`,
    rollouts: `${p}/rollouts/`,
    rollout: (id: string) => `${p}/rollouts/${id}`,
    progressAll: `${p}/progress/`,
    progressOf: (app: string) => `${p}/progress/${app}/`,
    progress: (app: string, id: string) => `${p}/progress/${app}/${id}`,
    lock: (app: string) => `${p}/locks/${app}`,
    abort: (id: string) => `${p}/aborts/${id}`,
    control: (id: string) => `${p}/controls/${id}`,
    orders: (h: string) => `${p}/orders/${h}/`,
    ordersOf: (h: string, id: string) => `${p}/orders/${h}/${id}/`,
    order: (h: string, id: string, a: OrderAction) => `${p}/orders/${h}/${id}/${a}`,
    results: (id: string) => `${p}/results/${id}/`,
    result: (id: string, h: string, a: ResultAction) => `${p}/results/${id}/${h}/${a}`,
    verdicts: (id: string) => `${p}/verdicts/${id}/`,
    verdict: (id: string, h: string) => `${p}/verdicts/${id}/${h}`,
    apps: `${p}/apps/`,
    release: (app: string) => `${p}/apps/${app}/release`,
    retired: (app: string) => `${p}/apps/${app}/retired`,
    pointer: (app: string) => `${p}/apps/${app}/rollout`,
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
